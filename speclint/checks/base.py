"""What a rule is, and small helpers the rule families share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from speclint.model import Hit, Path, Severity
from speclint.spec import Spec
from speclint.suggest import did_you_mean

__all__ = ["Check", "Rule", "did_you_mean", "name_of"]

Check = Callable[[Spec], Iterator[Hit]]


class Rule(NamedTuple):
    id: str
    severity: Severity
    summary: str
    #: None for the rules the loader or the engine reports themselves
    check: Check | None = None


def name_of(path: Path) -> str:
    """How a message names the thing at ``path``: ``step "train"``, ``"metadata"``."""
    if len(path) >= 2 and isinstance(path[-1], str):
        parent = path[-2]
        if parent == "steps":
            return f'step "{path[-1]}"'
        if parent == "images":
            return f'image "{path[-1]}"'
    if not path or (len(path) == 1 and path[0] == "body"):
        return "the body" if path else "the file"
    last = path[-1]
    if isinstance(last, int):
        owner = next((p for p in reversed(path[:-1]) if isinstance(p, str)), "list")
        return f'item {last + 1} of "{owner}"'
    return f'"{last}"'
