"""speclint: the offline linter and parameter resolver for Peak Press block and app specs.

Public API::

    from speclint import check, Diagnostic, Severity
    diagnostics = check("spec.yaml")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speclint.model import Diagnostic, Location, Severity

if TYPE_CHECKING:
    from speclint.spec import Context

__all__ = ["Diagnostic", "Location", "Severity", "check", "check_text"]
__version__ = "0.1.0"


def check_text(
    text: str,
    name: str = "<text>",
    *,
    kind: str | None = None,
    context: Context | None = None,
) -> list[Diagnostic]:
    """Check the content of one file given as text."""
    from speclint.engine import check_bytes

    return check_bytes(
        text.encode("utf-8"), name, kind=kind, context=context
    ).diagnostics


def check(
    path: str, *, kind: str | None = None, context: Context | None = None
) -> list[Diagnostic]:
    """Check one file on disk."""
    from speclint.engine import check_bytes

    with open(path, "rb") as handle:
        raw = handle.read()
    return check_bytes(raw, path, kind=kind, context=context).diagnostics
