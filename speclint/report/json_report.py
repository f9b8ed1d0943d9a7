"""``--format json``: one JSON array of findings, sorted; line and column are 1-based."""

from __future__ import annotations

import json
from collections.abc import Sequence

from speclint.result import FileResult


def render(results: Sequence[FileResult]) -> str:
    items = [d.as_dict() for result in results for d in result.diagnostics]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
