"""Data-driven: every fixture file with expected output is checked and compared exactly.

- ``fixtures/ok/**``: realistic, clean files of every kind; no finding at all.
- ``fixtures/lint/<rule-id>/<case>.{yaml,yml,json}`` with ``<case>.out``: the exact
  output of ``speclint check --no-source`` run from the repository root; an optional
  ``<case>.args`` holds extra options (``--catalog fixtures/...``, ``--kind ...``).
  Files without an ``.out`` beside them (catalogs, block specs a catalog names) are
  support files, not cases. ``pytest --regen`` rewrites the ``.out`` files.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.helpers import ROOT, run

LINT = ROOT / "fixtures" / "lint"
OK = ROOT / "fixtures" / "ok"
SUFFIXES = {".yaml", ".yml", ".json"}


def _cases() -> list[Path]:
    return sorted(
        p
        for p in LINT.rglob("*")
        if p.suffix in SUFFIXES and p.with_suffix(".out").exists()
    )


def _ok_files() -> list[Path]:
    return sorted(p for p in OK.rglob("*") if p.suffix in SUFFIXES)


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("case", _cases(), ids=_id)
def test_lint_fixture(case: Path, regen: bool) -> None:
    args_file = case.with_suffix(".args")
    extra = shlex.split(args_file.read_text()) if args_file.exists() else []
    result = run(["check", "--no-source", "--quiet", *extra, _id(case)])
    expected_file = case.with_suffix(".out")
    if regen:
        expected_file.write_text(result.stdout)
    assert result.stdout == expected_file.read_text()
    has_error = any(": error: " in line for line in result.stdout.splitlines())
    assert result.code == (1 if has_error else 0), result.stderr


@pytest.mark.parametrize("path", _ok_files(), ids=_id)
def test_ok_fixture_is_clean(path: Path) -> None:
    result = run(["check", "--no-source", "--strict", _id(path)])
    assert result.stdout == ""
    assert result.code == 0, result.stderr


def test_ok_fixtures_cover_every_kind() -> None:
    from speclint.engine import check_bytes
    from speclint.kinds import KINDS

    seen = {check_bytes(p.read_bytes(), p.name).kind for p in _ok_files()}
    assert set(KINDS) - seen == set()


def test_every_rule_has_failing_and_passing_fixtures() -> None:
    """A failing and a passing case per rule: lint cases in fixtures/lint/<rule-id>/, or,
    for what only render reports, render cases whose stderr names the rule."""
    from speclint.checks import RULES

    render_errs = [
        p.read_text() for p in sorted((ROOT / "fixtures" / "render").glob("*/stderr"))
    ]
    for rule in RULES:
        folder = LINT / rule.id
        cases = [c for c in _cases() if c.is_relative_to(folder)]
        outputs = [c.with_suffix(".out").read_text() for c in cases]
        if not outputs:
            outputs = render_errs
        assert any(f"[{rule.id}]" in out for out in outputs), (
            f"no failing fixture for {rule.id}"
        )
        assert any(f"[{rule.id}]" not in out for out in outputs), (
            f"no passing (near-miss) fixture for {rule.id}"
        )
