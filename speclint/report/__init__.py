"""One formatter per output format; each turns results into text and prints nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from speclint.engine import FileResult
from speclint.report import github, gitlab, json_report, junit, sarif, text

Formatter = Callable[[Sequence[FileResult]], str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
}
