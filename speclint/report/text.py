"""``--format text``: ``file:line:col: severity: message [rule]`` and the source line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from speclint.model import Diagnostic, Severity
from speclint.result import FileResult

_COLOURS = {
    Severity.ERROR: "\033[31m",
    Severity.WARNING: "\033[33m",
    Severity.INFO: "\033[36m",
}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_MAX_SOURCE = 200  # characters of a source line shown


class Style(NamedTuple):
    source: bool = True
    colour: bool = False


def render(results: Sequence[FileResult], style: Style | None = None) -> str:
    style = style or Style()
    out: list[str] = []
    for result in results:
        for diagnostic in result.diagnostics:
            out.append(headline(diagnostic, style.colour))
            line = (
                result.shown_line(diagnostic.file, diagnostic.line)
                if style.source
                else None
            )
            if line is not None:
                out.extend(_source(line, diagnostic, style.colour))
    return "".join(line + "\n" for line in out)


def headline(d: Diagnostic, colour: bool = False) -> str:
    severity = d.severity.value
    if colour:
        severity = f"{_COLOURS[d.severity]}{_BOLD}{severity}{_RESET}"
        return f"{_BOLD}{d.file}:{d.line}:{d.column}:{_RESET} {severity}: {d.message} {_DIM}[{d.rule}]{_RESET}"
    return f"{d.file}:{d.line}:{d.column}: {severity}: {d.message} [{d.rule}]"


def _source(line: str, d: Diagnostic, colour: bool) -> list[str]:
    column = d.column
    if len(line) > _MAX_SOURCE:
        start = max(0, min(column - 1 - _MAX_SOURCE // 2, len(line) - _MAX_SOURCE))
        line = line[start : start + _MAX_SOURCE]
        column -= start
    number = str(d.line)
    pad = " " * len(number)
    prefix = "".join(ch if ch == "\t" else " " for ch in line[: max(column - 1, 0)])
    caret = "^"
    if colour:
        caret = f"{_COLOURS[d.severity]}{_BOLD}^{_RESET}"
    return [f" {number} | {line}", f" {pad} | {prefix}{caret}"]


def summary(results: Sequence[FileResult]) -> str:
    counts = {s: 0 for s in Severity}
    for result in results:
        for d in result.diagnostics:
            counts[d.severity] += 1
    checked = sum(1 for r in results if not r.skipped)
    skipped = len(results) - checked
    parts = [
        _plural(counts[Severity.ERROR], "error"),
        _plural(counts[Severity.WARNING], "warning"),
    ]
    if counts[Severity.INFO]:
        parts.append(_plural(counts[Severity.INFO], "info"))
    text = f"{', '.join(parts)} in {_plural(checked, 'file')}"
    if skipped:
        text += f"; {_plural(skipped, 'file')} skipped (not Press files)"
    return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
