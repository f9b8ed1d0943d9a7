"""The ``speclint`` entry point: ``speclint check`` without importing click.

``check`` runs on every save and every commit, and importing click costs about as
much as checking a file. So a plain ``check`` command line (files and the options of
``speclint check --help``, each once) is read here and run directly; anything else
(other commands, ``--help``, a value click would refuse, a form this reader does not
take) goes to click, which then prints exactly what it always prints.
tests/test_main.py proves that every command line read here gives the options click
gives it.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence

from speclint.check_command import CheckOptions

#: check's options that take a value: option -> (field, choices or value kind).
#: Value kinds follow click's types: "file" (click.Path(dir_okay=False)), "dir"
#: (click.Path(file_okay=False)), "text", "int"; a tuple is a click.Choice.
_FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
_VALUED: dict[str, tuple[str, str | tuple[str, ...]]] = {
    "--format": ("output_format", _FORMATS),
    "--output": ("output_file", "file"),
    "--kind": ("kind", "kind"),
    "--catalog": ("catalog", "file"),
    "--root": ("root", "dir"),
    "--config": ("config_file", "file"),
    "--baseline": ("baseline", "file"),
    "--cache-dir": ("cache_dir", "dir"),
    "--stdin-filename": ("stdin_filename", "text"),
    "-v": ("params_file", "file"),
    "--params-file": ("params_file", "file"),
    "-p": ("template_params", "text"),  # repeatable
    "--params": ("template_params", "text"),
    "-j": ("jobs", "int"),
    "--jobs": ("jobs", "int"),
}
_FLAGS: dict[str, str] = {
    "--update-baseline": "update_baseline",
    "--no-cache": "no_cache",
    "--strict": "strict",
    "--no-source": "no_source",
    "-q": "quiet",
    "--quiet": "quiet",
    "--debug": "debug",
}


def parse_check(args: Sequence[str]) -> CheckOptions | None:
    """``check``'s arguments (after the word ``check``) as click would read them, or
    None when click should read them (to print help or an error, or a rare form)."""
    fields: dict[str, object] = {}
    paths: list[str] = []
    params: list[str] = []
    rest = list(args)
    rest.reverse()
    while rest:
        token = rest.pop()
        if token == "-" or not token.startswith("-"):
            if not _readable_as(token, "path"):
                return None
            paths.append(token)
            continue
        name, has_value, value = token.partition("=")
        if name in _FLAGS and not has_value:
            fields[_FLAGS[name]] = True
            continue
        if name not in _VALUED or (has_value and not name.startswith("--")):
            return None  # unknown, help, "--", "-j2", "-qv": click reads those
        if not has_value:
            if not rest or rest[-1].startswith("-"):
                return None
            value = rest.pop()
        field, kind = _VALUED[name]
        converted = _convert(value, kind)
        if converted is None:
            return None
        if field == "template_params":
            params.append(value)
        else:
            fields[field] = converted
    if not paths:
        return None  # click says the argument is missing
    return CheckOptions(paths=tuple(paths), template_params=tuple(params), **fields)  # type: ignore[arg-type]


def _convert(value: str, kind: str | tuple[str, ...]) -> object | None:
    """The value as click's type converts it, or None where click would refuse it."""
    if isinstance(kind, tuple):
        return value if value in kind else None
    if kind == "kind":
        from speclint.kinds import KINDS

        return value if value in KINDS else None
    if kind == "int":
        try:
            return int(value)
        except ValueError:
            return None
    if kind == "text":
        return value
    return value if _readable_as(value, kind) else None


def _readable_as(path: str, kind: str) -> bool:
    """click.Path's checks of a path that exists: readable, and a file or a folder
    where only one is allowed (a path that does not exist passes them)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return True
    if kind == "file" and stat.S_ISDIR(info.st_mode):
        return False
    if kind == "dir" and stat.S_ISREG(info.st_mode):
        return False
    return os.access(path, os.R_OK)


def main() -> None:
    """Entry point of the ``speclint`` command."""
    args = sys.argv[1:]
    options = parse_check(args[1:]) if args[:1] == ["check"] else None
    if options is None:
        from speclint.cli import main as click_main

        click_main()
        return
    from speclint.check_command import run_check
    from speclint.console import internal_error, interrupted

    try:
        run_check(options)
    except KeyboardInterrupt:
        interrupted()
    except Exception as err:
        internal_error(err)
