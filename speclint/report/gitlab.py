"""``--format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON array of Code Climate issues. Severities: error -> ``major``, warning ->
``minor``, info -> ``info``. An error is a spec the peak CLI or Press rejects or
deploys wrongly, which is what ``major`` means in the Code Climate scale ("should be
fixed before merging"); ``critical`` and ``blocker`` are left to tools that find
vulnerabilities and crashes, so speclint's findings do not drown theirs in the merge
request widget, which orders by severity. A warning is worth a look but may be meant
(``minor``); an info is a note about what could not be checked (``info``).

The fingerprint is the one SARIF uses (no line number in it), so GitLab matches a
finding between the base and the head of a merge request even when lines moved.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from speclint.model import Severity
from speclint.report._common import findings, fingerprints, report_path
from speclint.result import FileResult

SEVERITIES = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFO: "info",
}


def render(results: Sequence[FileResult]) -> str:
    issues: list[dict[str, Any]] = [
        {
            "description": d.message,
            "check_name": d.rule,
            "fingerprint": fingerprint,
            "severity": SEVERITIES[d.severity],
            "location": {"path": report_path(d.file), "lines": {"begin": d.line}},
        }
        for (_, d), fingerprint in zip(
            findings(results), fingerprints(results), strict=True
        )
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
