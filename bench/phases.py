"""Where `speclint check` spends its time, by phase and by rule, in one process.

    python bench/phases.py FILE...                  # this checkout's speclint
    python bench/phases.py --speclint DIR FILE...   # the speclint package inside DIR

Wraps the engine's entry points and every rule's check in timers (nothing in
speclint changes); start-up and imports are not included: see `python -X importtime`.
A rule that computes something shared (structure validates each file once and keeps
the result for its sibling rules) is charged for it, whichever rule asks first.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def _timed(
    spent: dict[str, float], label: str, function: Callable[..., Any]
) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start

    return wrapper


def _with_check(rule: Any, check: Any) -> Any:
    """The rule with another check (a NamedTuple now; a dataclass in older snapshots)."""
    if hasattr(rule, "_replace"):
        return rule._replace(check=check)
    return dataclasses.replace(rule, check=check)


def _timed_rule(
    spent: dict[str, float], label: str, check: Callable[[Any], Iterable[Any]]
) -> Callable[[Any], list[Any]]:
    def wrapper(spec: Any) -> list[Any]:
        start = time.perf_counter()
        try:
            return list(check(spec))
        finally:
            spent[label] += time.perf_counter() - start

    return wrapper


def profile(files: list[Path]) -> tuple[dict[str, float], float, int]:
    from speclint import engine, secrets
    from speclint.spec import Context

    spent: dict[str, float] = defaultdict(float)
    engine.load_bytes = _timed(
        spent, "load: YAML -> data + positions", engine.load_bytes
    )
    engine.Spec = _timed(spent, "Spec: the typed view", engine.Spec)
    engine.detect = _timed(spent, "detect the kind", engine.detect)
    secrets.collect = _timed(spent, "secrets.collect", secrets.collect)
    engine.RULES = tuple(
        _with_check(rule, _timed_rule(spent, f"rule {rule.id}", rule.check))
        if rule.check is not None
        else rule
        for rule in engine.RULES
    )
    context = Context()
    engine.check_bytes(files[0].read_bytes(), str(files[0]), context=context)
    spent.clear()  # the first file paid for lazy imports and compiled schemas
    findings = 0
    start = time.perf_counter()
    for path in files:
        with path.open("rb") as handle:
            raw = handle.read()
        findings += len(engine.check_bytes(raw, str(path), context=context).diagnostics)
    total = time.perf_counter() - start
    return spent, total, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument(
        "--speclint",
        type=Path,
        default=REPO,
        help="folder holding the speclint package",
    )
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    sys.path.insert(0, str(args.speclint.resolve()))
    spent, total, findings = profile(args.files)
    phases = {k: v for k, v in spent.items() if not k.startswith("rule ")}
    rules = {k: v for k, v in spent.items() if k.startswith("rule ")}
    phases["all rules"] = sum(rules.values())
    phases["engine: stamping, sorting"] = total - sum(phases.values())
    count = len(args.files)
    print(f"{count} files, {findings} findings, {total * 1000:.0f} ms checking")
    print(f"{'phase':<42} {'ms':>9} {'ms/file':>9} {'share':>6}")
    for label, seconds in sorted(phases.items(), key=lambda item: -item[1]):
        print(
            f"{label:<42} {seconds * 1000:>9.1f} {seconds * 1000 / count:>9.3f} "
            f"{seconds / total:>6.1%}"
        )
    print(
        f"\n{'rule (top ' + str(args.top) + ')':<42} {'ms':>9} {'ms/file':>9} {'share':>6}"
    )
    for label, seconds in sorted(rules.items(), key=lambda item: -item[1])[: args.top]:
        print(
            f"{label[5:]:<42} {seconds * 1000:>9.1f} {seconds * 1000 / count:>9.3f} "
            f"{seconds / total:>6.1%}"
        )


if __name__ == "__main__":
    main()
