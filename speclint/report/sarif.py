"""``--format sarif``: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDEs).

One run; ``tool.driver.rules`` lists every rule with its page from ``rules/`` as help, so
a viewer can explain a finding offline. ``partialFingerprints`` hash the rule, the file,
the message and the text of the source line (secrets masked), never the line number, so
an alert stays the same alert when lines above it move.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from speclint import __version__, docs
from speclint.checks import RULES
from speclint.checks.base import Rule
from speclint.model import Severity
from speclint.report._common import findings, fingerprints, report_path
from speclint.result import FileResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: the name of speclint's fingerprint in ``partialFingerprints`` (versioned, per spec)
FINGERPRINT = "speclint/v1"
SRCROOT = "%SRCROOT%"

LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}
_INDEX = {rule.id: index for index, rule in enumerate(RULES)}
_WHY = re.compile(r"^## Why\s*\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)


def render(results: Sequence[FileResult]) -> str:
    prints = fingerprints(results)
    sarif_results = [
        _result(d.rule, d.severity, d.message, d.file, d.line, d.column, fingerprint)
        for (_, d), fingerprint in zip(findings(results), prints, strict=True)
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "speclint",
                        "version": __version__,
                        "rules": [_rule(rule) for rule in RULES],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    page = docs.page(rule.id)
    entry: dict[str, Any] = {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _why(page) or rule.summary},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }
    if page is not None:
        entry["help"] = {"text": page, "markdown": page}
    return entry


def _why(page: str | None) -> str | None:
    """The first paragraph of a page's ``## Why``, on one line."""
    match = _WHY.search(page or "")
    if match is None:
        return None
    paragraph = match.group(1).strip().split("\n\n")[0]
    return " ".join(paragraph.split()) or None


def _result(
    rule: str,
    severity: Severity,
    message: str,
    file: str,
    line: int,
    column: int,
    fingerprint: str,
) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": rule}
    if rule in _INDEX:
        result["ruleIndex"] = _INDEX[rule]
    result.update(
        {
            "level": LEVELS[severity],
            "message": {"text": message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(file),
                        "region": {"startLine": line, "startColumn": column},
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT: fingerprint},
        }
    )
    return result


def artifact_location(file: str) -> dict[str, str]:
    """A relative path against ``%SRCROOT%``, an absolute one as a ``file:`` URI."""
    path = PurePath(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(report_path(file), safe="/"), "uriBaseId": SRCROOT}
