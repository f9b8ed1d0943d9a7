"""Running the CLI in-process, the way users run it."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from speclint.cli import cli

ROOT = Path(__file__).resolve().parent.parent

#: A small workflow spec with one undeclared reference ("load_cmnd") and so one unused
#: build parameter: an error and a warning, at known places.
BROKEN_SPEC = """\
body:
  version: 1
  kind: workflow
  metadata:
    name: nightly-load
    summary: Loads the nightly extract
  release:
    version: 1.0.0
  config:
    steps:
      load:
        command: "@param:load_cmnd"
        image:
          context: .
          dockerfile: Dockerfile
          version: 0.0.1
parameters:
  build:
    - name: load_cmd
      type: string
      defaultValue: python load.py
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run(args: Sequence[str], cwd: Path = ROOT, stdin: str | None = None) -> Run:
    runner = CliRunner()
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(cli, list(args), input=stdin, catch_exceptions=False)
    finally:
        os.chdir(previous)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_main(
    args: Sequence[str], cwd: Path = ROOT, main: Callable[[], None] | None = None
) -> Run:
    """``speclint ARGS`` through an entry point, by default click's ``speclint.cli.main``
    (its exit codes and one-line internal errors, which ``run`` lets through as
    exceptions)."""
    import contextlib
    import io
    import sys

    from speclint.cli import main as click_main

    entry = main or click_main

    out, err = io.StringIO(), io.StringIO()
    previous, argv = os.getcwd(), sys.argv
    os.chdir(cwd)
    sys.argv = ["speclint", *args]
    code: int | str | None = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            entry()
    except SystemExit as stop:
        code = stop.code
    finally:
        os.chdir(previous)
        sys.argv = argv
    return Run(code if isinstance(code, int) else 1, out.getvalue(), err.getvalue())
