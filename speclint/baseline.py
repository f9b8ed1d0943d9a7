"""Baselines: adopt speclint on a project with findings, and fail only on new ones.

``--update-baseline`` records today's findings; ``--baseline FILE`` hides those that are
still there. A finding is recorded by its rule, its file and the spec path it is about
(``body.config.steps.load.command``), not by its line, so moving lines keeps it matched.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable

from speclint.model import Diagnostic

VERSION = 1


class BaselineError(Exception):
    """A baseline that cannot be read: a usage problem."""


def _dotted(diagnostic: Diagnostic) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in diagnostic.path)


def fingerprint(diagnostic: Diagnostic) -> str:
    """Stable across moved lines: rule, file, and the spec path (the message when the
    finding has no path, as for unreadable YAML)."""
    where = _dotted(diagnostic) if diagnostic.path else diagnostic.message
    text = "\0".join((diagnostic.rule, diagnostic.file, where))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def dump(diagnostics: Iterable[Diagnostic]) -> str:
    entries = sorted(
        (
            {
                "rule": d.rule,
                "file": d.file,
                "path": _dotted(d),
                "message": d.message,
                "fingerprint": fingerprint(d),
            }
            for d in diagnostics
        ),
        key=lambda e: (e["file"], e["rule"], e["path"], e["fingerprint"]),
    )
    return json.dumps({"version": VERSION, "findings": entries}, indent=2) + "\n"


def load(path: str) -> Counter[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as err:
        raise BaselineError(
            f"cannot read baseline {path}: {err.strerror or err}"
        ) from None
    except ValueError as err:
        raise BaselineError(f"baseline {path} is not valid JSON: {err}") from None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, list):
        raise BaselineError(f'baseline {path}: expected {{"findings": [...]}}')
    return Counter(
        entry["fingerprint"]
        for entry in findings
        if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)
    )


def hide(
    diagnostics: Iterable[Diagnostic], recorded: Counter[str]
) -> tuple[list[Diagnostic], int]:
    """Diagnostics not in the baseline (each entry hides one finding), and how many hid."""
    remaining = Counter(recorded)
    kept: list[Diagnostic] = []
    hidden = 0
    for diagnostic in diagnostics:
        key = fingerprint(diagnostic)
        if remaining[key] > 0:
            remaining[key] -= 1
            hidden += 1
        else:
            kept.append(diagnostic)
    return kept, hidden
