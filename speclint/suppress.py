"""Suppression comments, the way linters people trust take them.

``# speclint: ignore[rule-id, other-id] reason`` at the end of a line silences those
rules on that line; on a line of its own, on the next line. ``# speclint: ignore``
without ids silences every rule there. ``# speclint: ignore-file[rule-id]`` anywhere
silences the rule in the whole file. A suppression that silences nothing is itself
reported (``suppression-unused``), so stale ones do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from speclint.model import Diagnostic, Severity

#: compiled on first use (by ``re``'s cache): few files have a suppression comment
_COMMENT = (
    r"(?:^|\s)(?P<hash>#)\s*speclint:\s*(?P<kind>ignore-file|ignore)"
    r"(?:\[(?P<rules>[^\]]*)\])?(?P<reason>.*)$"
)
RULE = "suppression-unused"


class Suppression:
    __slots__ = ("column", "file", "line", "rules", "target", "used")

    def __init__(
        self,
        file: str,
        line: int,
        column: int,
        target: int | None,
        rules: frozenset[str] | None,
        used: set[str] | None = None,
    ) -> None:
        self.file = file
        self.line = line  # where the comment is
        self.column = column
        self.target = target  # the line it silences; None: the whole file
        self.rules = rules  # None: every rule
        self.used: set[str] = used if used is not None else set()

    def covers(self, diagnostic: Diagnostic) -> bool:
        if diagnostic.file != self.file:
            return False
        if self.target is not None and diagnostic.line != self.target:
            return False
        return self.rules is None or diagnostic.rule in self.rules


def parse(file: str, lines: Sequence[str]) -> list[Suppression]:
    found = []
    for number, text in enumerate(lines, start=1):
        if "speclint:" not in text:
            continue
        match = re.search(_COMMENT, text)
        if match is None:
            continue
        names = match.group("rules")
        rules = (
            frozenset(r.strip() for r in names.split(",") if r.strip())
            if names is not None
            else None
        )
        own_line = text[: match.start("hash")].strip() == ""
        if match.group("kind") == "ignore-file":
            target = None
        else:
            target = _next_content_line(lines, number) if own_line else number
        found.append(Suppression(file, number, match.start("hash") + 1, target, rules))
    return found


def _next_content_line(lines: Sequence[str], number: int) -> int:
    for later in range(number + 1, len(lines) + 1):
        stripped = lines[later - 1].strip()
        if stripped and not stripped.startswith("#"):
            return later
    return number + 1


def apply(
    diagnostics: Iterable[Diagnostic], suppressions: list[Suppression]
) -> list[Diagnostic]:
    """Diagnostics not silenced, plus one warning per suppression that silenced nothing."""
    kept = []
    for diagnostic in diagnostics:
        silencing = [s for s in suppressions if s.covers(diagnostic)]
        for suppression in silencing:
            suppression.used.add(diagnostic.rule)
        if not silencing:
            kept.append(diagnostic)
    for suppression in suppressions:
        names = sorted(suppression.rules) if suppression.rules is not None else []
        unused = [r for r in names if r not in suppression.used]
        if suppression.rules is None and not suppression.used:
            unused = ["every rule"]
        if not unused:
            continue
        shown = ", ".join(f'"{r}"' if r != "every rule" else r for r in unused)
        where = (
            "this file" if suppression.target is None else f"line {suppression.target}"
        )
        kept.append(
            Diagnostic(
                suppression.file,
                suppression.line,
                suppression.column,
                Severity.WARNING,
                RULE,
                f"suppression of {shown} silences nothing on {where}; remove it",
            )
        )
    return kept
