"""The value types every layer shares: severities, locations, findings and diagnostics."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    #: the data path the finding is about (empty for the loader's own findings);
    #: it names the finding across edits that move lines (baselines, fingerprints)
    path: Path = field(default=(), compare=False)

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
