"""Rule pages: ``rules/<id>.md``, shipped inside the package by the build."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).with_name("rules")
_CHECKOUT = Path(__file__).resolve().parent.parent / "rules"


def page(rule_id: str) -> str | None:
    """The Markdown page of a rule, from the installed package or a source checkout."""
    for folder in (_PACKAGED, _CHECKOUT):
        candidate = folder / f"{rule_id}.md"
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return None
