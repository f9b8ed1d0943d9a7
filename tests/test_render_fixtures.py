"""Data-driven render cases: ``fixtures/render/<case>/``.

Each case folder holds the input files (a spec, values files, a catalog, ...), ``args``
(the command line after ``speclint``, one line, run from the case folder) and the
exact expected ``stdout``, ``stderr`` and ``exit`` code. ``pytest --regen`` rewrites
the three expected files; review the diff.
"""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path

import pytest

from tests.helpers import ROOT, run

CASES = sorted(
    p for p in (ROOT / "fixtures" / "render").glob("*") if (p / "args").is_file()
)


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_render_case(case: Path, regen: bool) -> None:
    args = shlex.split((case / "args").read_text())
    before = _digest(case)
    result = run(args, cwd=case)
    if regen:
        (case / "stdout").write_text(result.stdout)
        (case / "stderr").write_text(result.stderr)
        (case / "exit").write_text(f"{result.code}\n")
        return
    assert _digest(case) == before, "render modified a file in the case folder"
    assert result.stdout == (case / "stdout").read_text()
    assert result.stderr == (case / "stderr").read_text()
    assert result.code == int((case / "exit").read_text())
    if result.code != 0:
        assert result.stdout == ""
