"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=spec.yaml,line=3,col=5,title=param-undefined::message``; a warning is
``::warning`` and an info ``::notice``. Data and properties are escaped as the Actions
toolkit (``@actions/core``) escapes them, so a message with ``%``, ``,``, ``:`` or a
line break arrives whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from speclint.model import Diagnostic, Severity
from speclint.report._common import findings, report_path
from speclint.result import FileResult

COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def render(results: Sequence[FileResult]) -> str:
    return "".join(command(d) + "\n" for _, d in findings(results))


def command(d: Diagnostic) -> str:
    properties = {
        "file": report_path(d.file),
        "line": str(d.line),
        "col": str(d.column),
        "title": d.rule,
    }
    listed = ",".join(
        f"{key}={escape_property(value)}" for key, value in properties.items()
    )
    return f"::{COMMANDS[d.severity]} {listed}::{escape_data(d.message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
