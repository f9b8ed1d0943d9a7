"""What the CI formatters share: report paths and fingerprints that survive moved lines."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import PurePath

from speclint import secrets
from speclint.model import Diagnostic
from speclint.result import FileResult

#: "line 12", "lines 3": a message that names another line changes when lines move
_LINE_NUMBER = re.compile(r"\b(lines?) \d+\b")


def report_path(file: str) -> str:
    """``file`` with forward slashes, relative (or absolute) as the user gave it."""
    return PurePath(file).as_posix()


def findings(results: Sequence[FileResult]) -> Iterator[tuple[FileResult, Diagnostic]]:
    for result in results:
        for diagnostic in result.diagnostics:
            yield result, diagnostic


def fingerprints(results: Sequence[FileResult]) -> list[str]:
    """One fingerprint per finding, in the order of :func:`findings`.

    A SHA-256 of the rule id, the file, the message (with line numbers in it blanked)
    and the source line stripped of whitespace, with secrets masked: never the line
    number, so a finding keeps its fingerprint when lines above it are added or
    removed. Findings with equal inputs (the same line twice) are told apart by their
    order: ``<hash>:1``, ``<hash>:2``.
    """
    seen: Counter[str] = Counter()
    out: list[str] = []
    for result, d in findings(results):
        line = result.shown_line(d.file, d.line)
        parts = (
            d.rule,
            report_path(d.file),
            _LINE_NUMBER.sub(r"\1 #", d.message),
            scrub(line.strip(), result.secrets) if line is not None else "",
        )
        digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
        seen[digest] += 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def scrub(text: str, hidden: Iterable[str]) -> str:
    """``text`` with every secret masked, short ones too wherever they stand alone.

    :func:`speclint.secrets.mask` leaves a secret under three characters alone unless
    it is quoted (it would mask every ``1``); what goes into a hash is never shown, so
    masking too much here only costs a little stability.
    """
    hidden = frozenset(hidden)
    text = secrets.mask(text, hidden)
    for secret in sorted(hidden, key=len, reverse=True):
        if secret in text:
            text = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", secrets.MASK, text)
    return text
