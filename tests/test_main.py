"""The entry point reads plain `speclint check` command lines without click: every
command line it reads gives exactly the options click gives, and the same output."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speclint import main as entry
from speclint.check_command import CheckOptions
from speclint.cli import check
from tests.helpers import BROKEN_SPEC, ROOT, run_main

#: Words a check command line is made of: every option, good and bad values, and
#: paths that exist as files, as folders, and not at all.
_OPTIONS = [
    *entry._VALUED,
    *entry._FLAGS,
    "-h",
    "--help",
    "--",
    "--unknown",
    "-qj",
    "-j2",
    "--format=json",
    "--jobs=3",
    "--jobs=",
    "--strict=yes",
    "-p=a=b",
]
_VALUES = [
    "json",
    "sarif",
    "yaml",
    "block-spec",
    "app-spec",
    "Block-Spec",
    "2",
    "0",
    "-1",
    " 3",
    "x",
    "",
    "-",
    "a=b",
    "fixtures",
    "fixtures/ok",
    "README.md",
    "pyproject.toml",
    "missing.yaml",
    "no/such/dir",
]
_TOKENS = st.lists(st.sampled_from(_OPTIONS + _VALUES), max_size=8)


def _clicks(args: Sequence[str]) -> CheckOptions | None:
    """The options click's check command reads from ``args`` (None: it refuses them)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            context = check.make_context("check", list(args))
    except (click.ClickException, click.exceptions.Exit):
        return None
    params = dict(context.params)
    params["paths"] = tuple(params["paths"])
    params["template_params"] = tuple(params["template_params"])
    return CheckOptions(**params)


@settings(max_examples=400, deadline=None)
@given(_TOKENS)
def test_every_command_line_read_without_click_is_read_as_click_reads_it(
    args: list[str],
) -> None:
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        ours = entry.parse_check(args)
        if ours is not None:
            assert ours == _clicks(args)
    finally:
        os.chdir(previous)


@pytest.mark.parametrize(
    "args",
    [
        ["spec.yaml"],
        ["--no-cache", "spec.yaml", "-q"],
        ["--format", "json", "--strict", "spec.yaml"],
        ["--format=sarif", "--jobs", "2", "--no-source", "spec.yaml"],
        ["-p", "a=1", "--params", "b=2", "-v", "vars.yaml", "spec.yaml", "--debug"],
        ["--kind", "block-spec", "--root", ".", "--stdin-filename", "x", "spec.yaml"],
        ["--config", "speclint.toml", "--cache-dir", "c", "--catalog", "cat.yaml", "a"],
        ["--baseline", "b.json", "--update-baseline", "--output", "o.txt", "x", "y"],
        ["--format", "text", "--format", "json", "spec.yaml"],  # the last one wins
    ],
)
def test_common_command_lines_are_read_without_click(args: list[str]) -> None:
    ours = entry.parse_check(args)
    assert ours is not None
    assert ours == _clicks(args)


@pytest.mark.parametrize(
    "args",
    [
        [],  # no path: click says so
        ["--help"],
        ["-h"],
        ["--format", "yaml", "spec.yaml"],
        ["--jobs", "many", "spec.yaml"],
        ["--output", "fixtures", "spec.yaml"],  # a folder where a file is wanted
        ["--root", "README.md", "spec.yaml"],  # a file where a folder is wanted
        ["--kind", "Block-Spec", "spec.yaml"],
        ["--no-such-option", "spec.yaml"],
        ["-qj2", "spec.yaml"],
        ["--format"],
    ],
)
def test_click_reads_help_errors_and_rare_forms(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert entry.parse_check(args) is None


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--no-cache", "spec.yaml"],
        ["check", "--no-cache", "--format", "json", "spec.yaml", "clean.yaml"],
        ["check", "--no-cache", "-q", "clean.yaml"],
        ["check", "--no-cache", "missing.yaml"],
        ["check", "--no-cache", "--jobs", "0", "spec.yaml"],
        ["check", "--no-cache", "--format", "yaml", "spec.yaml"],  # click's error
        ["check", "--help"],
        ["rules"],
    ],
)
def test_the_entry_point_prints_what_click_prints(
    tmp_path: Path, args: list[str]
) -> None:
    (tmp_path / "spec.yaml").write_text(BROKEN_SPEC)
    clean = (ROOT / "fixtures/ok/blocks").rglob("*.metadata.yaml")
    (tmp_path / "clean.yaml").write_text(sorted(clean)[0].read_text())
    assert run_main(args, tmp_path, entry.main) == run_main(args, tmp_path)


def test_check_does_not_import_click(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(BROKEN_SPEC)
    code = (
        "import sys\n"
        "sys.argv = ['speclint', 'check', '--no-cache', 'spec.yaml']\n"
        "from speclint.main import main\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    code = stop.code\n"
        "sys.stderr.write(f'click={\"click\" in sys.modules} exit={code}')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stderr.endswith("click=False exit=1"), done.stderr
    assert "[param-undefined]" in done.stdout
