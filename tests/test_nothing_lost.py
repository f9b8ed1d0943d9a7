"""Nothing lost: no command modifies an input, and every file speclint writes (``-o``,
``--output``, the baseline, the result cache) is written whole or not at all.

The first test runs every command over a copy of ``fixtures/`` and compares the
checksum and mode of every file before and after: only the output files it names may
change. The others make a write fail half-way (the rename, the flush to disk, an
interrupt) and check that the previous file is intact and no temporary file is left.
"""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest

from speclint.checks import RULES
from speclint.kinds import KINDS
from tests.helpers import ROOT, run, run_main
from tests.limits import digests, temporary_files

FORMATS = ["text", "json", "sarif", "github", "gitlab", "junit"]


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of fixtures/ in ``tmp_path``, the working folder of every command."""
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures", symlinks=True)
    (tmp_path / "out").mkdir()
    return tmp_path


def _commands(root: Path) -> list[tuple[list[str], Path]]:
    """(arguments, working folder) of every command, over every fixture."""
    fixtures = root / "fixtures"
    commands: list[tuple[list[str], Path]] = []
    # the whole tree twice (a report and a baseline written in one run, a baseline
    # read); every format over a smaller part, to stay fast
    commands += [
        (
            [
                "check",
                "--format",
                "sarif",
                "--output",
                "out/all.sarif",
                "--baseline",
                "out/baseline.json",
                "--update-baseline",
                "fixtures",
            ],
            root,
        ),
        (["check", "--baseline", "out/baseline.json", "fixtures"], root),
    ]
    part = ["fixtures/ok", "fixtures/lint/secret-in-plain-text", "fixtures/lint/syntax"]
    for fmt in FORMATS:
        commands.append(
            (["check", "--format", fmt, "--output", f"out/report.{fmt}", *part], root)
        )
    commands.append(
        (["check", "--format", "json", "--output", "fixtures/report.json", *part], root)
    )
    for case in sorted((fixtures / "lint").rglob("*.args")):
        extra = shlex.split(case.read_text())
        for file in sorted(case.parent.glob(case.stem + ".*")):
            if file.suffix in (".yaml", ".yml", ".json"):
                commands.append((["check", *extra, str(file.relative_to(root))], root))
    for case in sorted((fixtures / "render").iterdir()):
        if (case / "args").is_file():
            args = shlex.split((case / "args").read_text())
            # without -o each case runs in tests/test_render_fixtures.py, which checks
            # its folder's digests too
            commands.append(
                ([*args, "-o", str(root / "out" / f"{case.name}.out")], case)
            )
    for kind in sorted(KINDS):
        for layout in ("cli", "api"):
            commands.append((["schema", "--kind", kind, "--layout", layout], root))
    for spec in sorted((fixtures / "ok").rglob("*.workflow.yaml")):
        for fmt in ("mermaid", "dot"):
            commands.append(
                (["graph", "--format", fmt, str(spec.relative_to(root))], root)
            )
    commands.append((["rules"], root))
    commands.append((["rules", "--format", "json"], root))
    commands += [(["explain", rule.id], root) for rule in RULES]
    return commands


def test_no_command_modifies_an_input(copy: Path) -> None:
    before = digests(copy / "fixtures")
    commands = _commands(copy)
    assert len(commands) > 100
    for args, cwd in commands:
        result = run(args, cwd=cwd)
        assert result.code in (0, 1), (args, result.stderr)
    after = digests(copy / "fixtures")
    assert after.pop("report.json")  # the one output named inside the copy
    assert after == before, "a command modified an input"
    assert temporary_files(copy) == []
    written = sorted(p.name for p in (copy / "out").iterdir())
    assert {"all.sarif", "baseline.json", "report.junit"} <= set(written)


# -- writes that fail half-way --------------------------------------------------------------

SPEC = (
    ROOT / "fixtures/render/workflow-yaml/basket-affinity.workflow.yaml"
).read_text()
VALUES = (ROOT / "fixtures/render/workflow-yaml/local.values.yaml").read_text()
PREVIOUS = "the previous content, which must survive\n"


WRITERS = {
    "check --output": ["check", "--format", "json", "--output", "target", "spec.yaml"],
    "check --update-baseline": [
        "check",
        "--baseline",
        "target",
        "--update-baseline",
        "spec.yaml",
    ],
    "render -o": ["render", "spec.yaml", "--values", "values.yaml", "-o", "target"],
}


def _fail_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "rename", refuse)


def _fail_flush(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", refuse)


def _interrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    monkeypatch.setattr(os, "rename", interrupt)


FAILURES = {"rename": _fail_rename, "flush": _fail_flush, "interrupt": _interrupt}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "spec.yaml").write_text(SPEC)
    (folder / "values.yaml").write_text(VALUES)
    (folder / "target").write_text(PREVIOUS)
    return folder


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_write_that_fails_leaves_the_previous_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, writer: str, failure: str
) -> None:
    before = digests(project)
    FAILURES[failure](monkeypatch)
    result = run_main(WRITERS[writer], project)
    monkeypatch.undo()
    assert (project / "target").read_text() == PREVIOUS
    assert digests(project) == before
    assert temporary_files(project.parent) == []
    # a disk that fails is no finding: exit 2 or 3 with one line, 130 on an interrupt
    assert result.code not in (0, 1) or failure == "interrupt", result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_write_that_succeeds_replaces_the_file_whole(
    project: Path, writer: str
) -> None:
    result = run_main(WRITERS[writer], project)
    assert result.code == 0, result.stderr
    written = (project / "target").read_text()
    assert written != PREVIOUS and PREVIOUS not in written
    assert temporary_files(project.parent) == []


def test_a_cache_write_that_fails_is_no_failure(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = project.parent / "cache"
    expected = run(["check", "--no-cache", "spec.yaml"], cwd=project)
    real = os.replace

    def refuse_in_cache(source: str, target: str) -> None:
        if str(cache) in str(target):
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "replace", refuse_in_cache)
    first = run(["check", "spec.yaml"], cwd=project)
    monkeypatch.undo()
    assert (first.code, first.stdout, first.stderr) == (
        expected.code,
        expected.stdout,
        expected.stderr,
    )
    assert temporary_files(cache) == []
    assert not list(cache.rglob("*.json")), "a torn cache entry was left"
    second = run(["check", "spec.yaml"], cwd=project)
    assert (second.code, second.stdout) == (expected.code, expected.stdout)


def test_a_cache_entry_cut_short_is_a_miss(project: Path) -> None:
    cache = project.parent / "cache"
    expected = run(["check", "spec.yaml"], cwd=project)
    [entry] = list(cache.rglob("*.json"))
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    again = run(["check", "spec.yaml"], cwd=project)
    assert (again.code, again.stdout, again.stderr) == (
        expected.code,
        expected.stdout,
        expected.stderr,
    )


# -- problems found at d87eccf --------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--output", "spec.yaml", "spec.yaml"],
        ["check", "--baseline", "spec.yaml", "--update-baseline", "spec.yaml"],
        ["check", "--output", "spec.yaml", "."],
    ],
    ids=["output", "baseline", "output-in-folder"],
)
def test_check_never_writes_over_an_input(project: Path, args: list[str]) -> None:
    before = digests(project)
    result = run_main(args, project)
    assert digests(project) == before
    assert result.code == 2
    assert "would overwrite" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--output", "missing/report.json", "spec.yaml"],
        [
            "check",
            "--baseline",
            "missing/baseline.json",
            "--update-baseline",
            "spec.yaml",
        ],
    ],
    ids=["output", "baseline"],
)
def test_check_output_into_a_missing_folder_is_a_usage_error(
    project: Path, args: list[str]
) -> None:
    result = run_main(args, project)
    assert result.code == 2, result.stderr
    assert result.stderr.startswith("speclint: error: ")
    assert ".speclint-" not in result.stderr


def test_an_interrupted_run_exits_130(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _interrupt(monkeypatch)
    result = run_main(WRITERS["render -o"], project)
    monkeypatch.undo()
    assert result.code == 130, result.stderr
    assert result.stderr.strip() == "speclint: interrupted"
