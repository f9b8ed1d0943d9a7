"""The value types every layer shares: severities, locations, findings and diagnostics."""

from __future__ import annotations

import enum
from typing import NamedTuple

#: A path into the loaded data: mapping keys (always strings) and sequence indexes.
Path = tuple[str | int, ...]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Location(NamedTuple):
    """A 1-based line and column; orders by line, then column.

    A named tuple, not a dataclass: the loader makes one for every key and value of
    every file, and a tuple is built several times faster than a frozen dataclass.
    """

    line: int
    column: int


class Hit(NamedTuple):
    """What a rule yields: where (a data path) and what, never a line number.

    ``on_key`` points the finding at the key of ``path`` instead of its value (for
    unknown, duplicate and misplaced keys, and for a missing key at its parent).
    """

    path: Path
    message: str
    on_key: bool = False


class Diagnostic:
    """One finding, stamped: where, how bad, which rule, what.

    Equal (and hashed alike) when everything but ``path`` is: the same finding reached
    through two paths (an anchor and its aliases) is reported once.
    """

    __slots__ = ("column", "file", "line", "message", "path", "rule", "severity")

    def __init__(
        self,
        file: str,
        line: int,
        column: int,
        severity: Severity,
        rule: str,
        message: str,
        path: Path = (),
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.rule = rule
        self.message = message
        #: the data path the finding is about (empty for the loader's own findings);
        #: it names the finding across edits that move lines (baselines, fingerprints)
        self.path = path

    def _compared(self) -> tuple[str, int, int, Severity, str, str]:
        return (
            self.file,
            self.line,
            self.column,
            self.severity,
            self.rule,
            self.message,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Diagnostic):
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        return (
            f"Diagnostic(file={self.file!r}, line={self.line!r}, "
            f"column={self.column!r}, severity={self.severity!r}, rule={self.rule!r}, "
            f"message={self.message!r}, path={self.path!r})"
        )

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (
            self.file,
            self.line,
            self.column,
            self.severity.rank,
            self.rule,
            self.message,
        )

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }
