"""What checking one file gives: findings, and what printing them needs.

A light module (no YAML, no rules), so that answering from the result cache and
printing reports do not import the checking machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from speclint.model import Diagnostic

if TYPE_CHECKING:
    from speclint.load import Document


@dataclass
class FileResult:
    name: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    doc: Document | None = None
    kind: str | None = None
    skipped: bool = False  # found in a directory and not a Press file
    secrets: frozenset[str] = frozenset()
    #: the artifact folder a block spec names (its files are inputs of the check)
    artifact: str | None = None
    #: (file, line) -> column where a secret value starts, however it is written
    secret_cells: dict[tuple[str, int], int] = field(default_factory=dict)
    #: (file, line) -> the source line as printed, for a result kept without its
    #: document (see :meth:`without_document`)
    lines: dict[tuple[str, int], str] | None = None

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
        return replace(self, doc=None, secret_cells={}, lines=lines)
