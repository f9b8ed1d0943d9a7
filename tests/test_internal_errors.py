"""Internal errors: exit 3 with one line naming the file, ``--debug`` for the traceback,
and a file that fails inside speclint does not stop the others from being checked.

tests/test_cli.py covers the plain case (check_bytes raising for one named file); these
make a rule fail deep inside the engine, in a folder walk, in every report format, in
render and in a report formatter, through the real entry point.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from speclint import engine
from speclint.checks import RULES
from speclint.model import Hit
from speclint.spec import Spec
from tests.helpers import BROKEN_SPEC, run_main

SPEC = BROKEN_SPEC
FINDING = "[param-undefined]"
ONE_LINE = (
    "speclint: internal error while checking {name}: RuntimeError: kaboom in a rule; "
    "please report it (run with --debug for the traceback)"
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """a.yaml, boom.yaml and c.yaml (the same spec); a rule fails on boom.yaml only."""
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    for name in ("a.yaml", "boom.yaml", "c.yaml"):
        (project / name).write_text(SPEC)

    def exploding(spec: Spec) -> Iterator[Hit]:
        if spec.doc.name.endswith("boom.yaml"):
            raise RuntimeError("kaboom in a rule")
        yield from ()

    rule = RULES[-1]._replace(check=exploding)
    monkeypatch.setattr(engine, "RULES", (*RULES, rule))
    return project


def test_a_failing_rule_names_the_file_and_the_others_are_checked(
    folder: Path,
) -> None:
    result = run_main(["check", "--no-source", "."], folder)
    assert result.code == 3
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "a.yaml",
        "a.yaml",
        "c.yaml",
        "c.yaml",
    ]
    assert result.stderr.splitlines()[-1] == ONE_LINE.format(name="boom.yaml")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "junit", "github"])
def test_the_report_of_the_other_files_stays_whole(folder: Path, fmt: str) -> None:
    result = run_main(["check", "--format", fmt, "--output", "../report", "."], folder)
    assert result.code == 3
    report = (folder.parent / "report").read_text()
    assert "a.yaml" in report and "c.yaml" in report
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(report)
    assert result.stderr.splitlines()[-1] == ONE_LINE.format(name="boom.yaml")


def test_debug_shows_the_traceback_and_goes_on(folder: Path) -> None:
    result = run_main(
        ["check", "--debug", "--no-source", "boom.yaml", "c.yaml"], folder
    )
    assert result.code == 3
    assert "Traceback (most recent call last):" in result.stderr
    assert "in exploding" in result.stderr
    assert "RuntimeError: kaboom in a rule" in result.stderr
    assert result.stderr.splitlines()[-1] == ONE_LINE.format(name="boom.yaml")
    assert "c.yaml:12:18: error: " in result.stdout
    assert FINDING in result.stdout


def test_a_file_that_failed_is_not_cached(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_main(["check", "--no-source", "boom.yaml"], folder).code == 3
    monkeypatch.setattr(engine, "RULES", RULES)
    again = run_main(["check", "--no-source", "boom.yaml"], folder)
    assert again.code == 1
    assert FINDING in again.stdout


@pytest.fixture
def broken_formatter(monkeypatch: pytest.MonkeyPatch) -> None:
    from speclint.report import text

    def explode(*args: object, **kwargs: object) -> str:
        raise RuntimeError("kaboom in the report")

    monkeypatch.setattr(text, "render", explode)


@pytest.mark.usefixtures("broken_formatter")
@pytest.mark.parametrize("debug", [False, True])
def test_a_failing_report_is_one_line_or_a_traceback(folder: Path, debug: bool) -> None:
    result = run_main(["check", *(["--debug"] if debug else []), "a.yaml"], folder)
    assert result.code == 3
    assert result.stderr.splitlines()[-1] == (
        "speclint: internal error: RuntimeError: kaboom in the report; please report "
        "it (run with --debug for the traceback)"
    )
    assert ("Traceback (most recent call last):" in result.stderr) == debug


@pytest.fixture
def broken_render(monkeypatch: pytest.MonkeyPatch) -> None:
    from speclint import render

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom in render")

    monkeypatch.setattr(render, "substitute", explode)


@pytest.mark.usefixtures("broken_render")
@pytest.mark.parametrize("debug", [False, True])
def test_render_internal_error_is_exit_3(folder: Path, debug: bool) -> None:
    result = run_main(["render", "a.yaml", *(["--debug"] if debug else [])], folder)
    assert result.code == 3
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("speclint: internal error")
    assert "RuntimeError: kaboom in render" in result.stderr
    assert ("Traceback (most recent call last):" in result.stderr) == debug


@pytest.mark.usefixtures("broken_render")
def test_render_internal_error_names_the_file(folder: Path) -> None:
    result = run_main(["render", "a.yaml"], folder)
    assert result.code == 3
    assert "a.yaml" in result.stderr.splitlines()[-1]
