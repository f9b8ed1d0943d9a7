"""``--format junit``: JUnit XML for CI test report views (GitLab, Jenkins, Azure).

One ``<testsuite name="speclint">`` with a ``<testcase>`` per checked file (files found
in a folder and skipped as not Press files are left out) and a ``<failure>`` per error.

Warnings and infos go to the test case's ``<system-out>``, one ``file:line:col:
severity: message [rule]`` line each, not into ``<failure>``: they do not fail
``speclint check`` (without ``--strict``), and a report that showed a red test for a
green job would teach people to ignore it. ``<system-out>`` keeps them readable in every
viewer. A file with only warnings passes.

No timestamps or durations: the same findings give the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from speclint.model import Diagnostic, Severity
from speclint.report._common import report_path
from speclint.result import FileResult

SUITE = "speclint"
#: characters XML 1.0 cannot hold, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(results: Sequence[FileResult]) -> str:
    checked = [result for result in results if not result.skipped]
    failed = sum(
        1 for r in checked if any(d.severity is Severity.ERROR for d in r.diagnostics)
    )
    counts = {"tests": str(len(checked)), "failures": str(failed), "errors": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts, "skipped": "0"})
    for result in checked:
        name = report_path(result.name)
        case = ET.SubElement(
            suite, "testcase", {"name": _clean(name), "classname": SUITE}
        )
        notes: list[str] = []
        for d in result.diagnostics:
            if d.severity is Severity.ERROR:
                failure = ET.SubElement(
                    case,
                    "failure",
                    {"message": _clean(f"{d.message} [{d.rule}]"), "type": d.rule},
                )
                failure.text = _clean(_line(d))
            else:
                notes.append(_line(d))
        if notes:
            ET.SubElement(case, "system-out").text = _clean("\n".join(notes) + "\n")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _line(d: Diagnostic) -> str:
    file = report_path(d.file)
    return f"{file}:{d.line}:{d.column}: {d.severity.value}: {d.message} [{d.rule}]"


def _clean(text: str) -> str:
    """``text`` without the control characters XML 1.0 has no room for."""
    return _NOT_XML.sub("\ufffd", text)
