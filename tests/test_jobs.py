"""`check --jobs`: many files in worker processes give exactly what one process gives."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from speclint import engine, runner
from tests.helpers import BROKEN_SPEC, ROOT, run


def _spread(folder: Path, count: int) -> list[str]:
    """``count`` specs, every third one broken, so findings come from many workers."""
    names = []
    clean = (ROOT / "fixtures" / "ok").rglob("*.yaml")
    samples = sorted(p.read_text() for p in clean)
    for i in range(count):
        name = f"spec-{i:03}.yaml"
        text = BROKEN_SPEC if i % 3 == 0 else samples[i % len(samples)]
        (folder / name).write_text(text)
        names.append(name)
    return names


def test_many_files_in_workers_give_the_same_report_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []
    real = runner._parallel

    def counted(*args: Any) -> Iterator[Any]:
        pools.append(args[2])
        return real(*args)

    monkeypatch.setattr(runner, "_parallel", counted)
    names = _spread(tmp_path, 3 * runner.PARALLEL_MIN_FILES)
    alone = run(["check", "--no-cache", "-j", "1", *names], cwd=tmp_path)
    assert pools == []
    spread = run(["check", "--no-cache", "-j", "2", *names], cwd=tmp_path)
    assert pools == [2]
    few = run(["check", "--no-cache", "-j", "2", *names[:3]], cwd=tmp_path)
    assert pools == [2]  # a handful of files is checked in this process
    assert few.stdout == alone.stdout[: len(few.stdout)]
    assert alone.code == spread.code == 1
    assert alone.stdout.count("[param-undefined]") == runner.PARALLEL_MIN_FILES
    assert spread.stdout == alone.stdout
    assert spread.stderr == alone.stderr


def test_every_fixture_gives_the_same_report_with_workers(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    for fmt in ("text", "json", "sarif"):
        args = ["check", "--no-cache", "--format", fmt, "fixtures"]
        alone = run([*args, "-j", "1"], cwd=tmp_path)
        spread = run([*args, "-j", "2"], cwd=tmp_path)
        assert (spread.code, spread.stdout, spread.stderr) == (
            alone.code,
            alone.stdout,
            alone.stderr,
        )
        assert alone.code == 1 and alone.stdout


def test_a_cached_run_with_workers_gives_the_first_runs_report(
    tmp_path: Path,
) -> None:
    names = _spread(tmp_path, 2 * runner.PARALLEL_MIN_FILES)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = run(["check", *cache, "-j", "2", *names], cwd=tmp_path)
    again = run(["check", *cache, "-j", "2", *names], cwd=tmp_path)
    alone = run(["check", "--no-cache", "-j", "1", *names], cwd=tmp_path)
    assert len(list((tmp_path / "cache").rglob("*.json"))) == len(names)
    assert first.stdout == again.stdout == alone.stdout
    assert first.code == again.code == 1


def test_a_file_failing_in_a_worker_is_reported_and_the_others_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = engine.check_bytes

    def flaky(raw: bytes, name: str, **kwargs: object) -> engine.FileResult:
        if name == "spec-007.yaml":
            raise RuntimeError("kaboom")
        return real(raw, name, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "check_bytes", flaky)  # workers inherit it by fork
    names = _spread(tmp_path, 2 * runner.PARALLEL_MIN_FILES)
    alone = run(["check", "--no-cache", "-j", "1", *names], cwd=tmp_path)
    spread = run(["check", "--no-cache", "-j", "2", *names], cwd=tmp_path)
    assert spread.code == alone.code == 3
    assert spread.stdout == alone.stdout
    assert "spec-006.yaml" in spread.stdout  # the files around it were checked
    assert spread.stderr.splitlines()[-1] == (
        "speclint: internal error while checking spec-007.yaml: RuntimeError: "
        "kaboom; please report it (run with --debug for the traceback)"
    )
    debug = run(["check", "--no-cache", "-j", "2", "--debug", *names], cwd=tmp_path)
    assert "Traceback (most recent call last)" in debug.stderr
    assert 'raise RuntimeError("kaboom")' in debug.stderr


def test_a_result_kept_for_the_report_holds_no_document(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(BROKEN_SPEC)
    from speclint.config import Config
    from speclint.spec import Context

    outcome = runner.check_paths(
        [str(tmp_path / "spec.yaml")], context=Context(), config=Config()
    )
    (result,) = outcome.results
    assert result.doc is None
    assert [d.rule for d in result.diagnostics] == ["param-undefined", "param-unused"]
    line = result.diagnostics[0].line
    assert result.shown_line(result.name, line) == BROKEN_SPEC.splitlines()[line - 1]


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_jobs_must_be_one_or_more(jobs: str) -> None:
    result = run(["check", "-j", jobs, "fixtures/ok"])
    assert result.code == 2
    assert result.stderr == (
        f"speclint: error: --jobs {jobs}: give 1 or more worker processes\n"
    )
