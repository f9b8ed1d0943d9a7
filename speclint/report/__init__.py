"""One formatter per output format; each turns results into text and prints nothing.

Formatters are imported when their format is asked for (SARIF builds its rule table
from every rule page; a plain check should not pay for it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from speclint.result import FileResult

Formatter = Callable[[Sequence["FileResult"]], str]

#: format name -> module in speclint.report with a ``render(results) -> str``
MODULES: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}


def formatter(name: str) -> Formatter:
    module = importlib.import_module(f"speclint.report.{MODULES[name]}")
    render: Formatter = module.render
    return render
