"""What checking one file gives: findings, and what printing them needs.

A light module (no YAML, no rules), so that answering from the result cache and
printing reports do not import the checking machinery.

The classes every ``speclint check`` imports (here, in the runner, the config, the
typed spec view, the rules' helpers and the text report) are named tuples or plain
classes, not dataclasses: making a dataclass runs generated code at import time, and
that start-up cost is paid by every ``speclint check``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speclint.model import Diagnostic

if TYPE_CHECKING:
    from speclint.load import Document


class FileResult:
    __slots__ = (
        "artifact",
        "diagnostics",
        "doc",
        "kind",
        "lines",
        "name",
        "secret_cells",
        "secrets",
        "skipped",
    )

    def __init__(
        self,
        name: str,
        diagnostics: list[Diagnostic] | None = None,
        doc: Document | None = None,
        kind: str | None = None,
        skipped: bool = False,
        secrets: frozenset[str] = frozenset(),
        artifact: str | None = None,
        secret_cells: dict[tuple[str, int], int] | None = None,
        lines: dict[tuple[str, int], str] | None = None,
    ) -> None:
        self.name = name
        self.diagnostics: list[Diagnostic] = (
            diagnostics if diagnostics is not None else []
        )
        self.doc = doc
        self.kind = kind
        self.skipped = skipped  # found in a directory and not a Press file
        self.secrets = secrets
        #: the artifact folder a block spec names (its files are inputs of the check)
        self.artifact = artifact
        #: (file, line) -> column where a secret value starts, however it is written
        self.secret_cells: dict[tuple[str, int], int] = (
            secret_cells if secret_cells is not None else {}
        )
        #: (file, line) -> the source line as printed, for a result kept without its
        #: document (see :meth:`without_document`)
        self.lines = lines

    def shown_line(self, file: str, line: int) -> str | None:
        """A source line as it may be printed: secrets masked, also where the line
        writes them differently from their value (escapes, folded lines)."""
        if self.lines is not None:
            return self.lines.get((file, line))
        text = self.doc.source_line(file, line) if self.doc is not None else None
        if text is None:
            return None
        from speclint import secrets

        column = self.secret_cells.get((file, line))
        if column is not None:
            text = text[: column - 1] + secrets.MASK
        return secrets.mask(text, self.secrets)

    def without_document(self) -> FileResult:
        """The result as reports need it: the findings and the lines they show.

        A run over many files keeps this instead of each parsed document (text, data
        and position tables), so its memory stays flat.
        """
        lines: dict[tuple[str, int], str] = {}
        for d in self.diagnostics:
            text = self.shown_line(d.file, d.line)
            if text is not None:
                lines[(d.file, d.line)] = text
        return FileResult(
            self.name,
            self.diagnostics,
            None,
            self.kind,
            self.skipped,
            self.secrets,
            self.artifact,
            {},
            lines,
        )
