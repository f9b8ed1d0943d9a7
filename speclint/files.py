"""Finding the files to check: named files, and YAML/JSON files below named folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

SUFFIXES = (".yaml", ".yml", ".json")
_SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".hypothesis",
        "site-packages",
    }
)
#: Files larger than this are refused with a finding (a Press file is a few KB).
MAX_BYTES = 20 * 1024 * 1024


class Target(NamedTuple):
    path: str
    explicit: bool  # named on the command line (not found in a folder)


class PathProblem(Exception):
    """A path that does not exist: a usage problem."""


STDIN = "-"


def targets(paths: list[str]) -> Iterator[Target]:
    for path in paths:
        if path == STDIN:
            yield Target(STDIN, True)
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.exists(path):
            yield Target(path, True)
        else:
            raise PathProblem(f"no such file or directory: {path}")


def _walk(root: str) -> Iterator[Target]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in _SKIP_DIRS
            and not os.path.exists(os.path.join(folder, d, "pyvenv.cfg"))
        )
        for name in sorted(files):
            if name.lower().endswith(SUFFIXES):
                yield Target(os.path.join(folder, name), False)


def display(path: str) -> str:
    """The path as users see it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


def read(path: str) -> bytes | str:
    """The file's bytes, or a one-line reason it could not be read as content."""
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        return f"file is {size / 2**20:.1f} MiB; speclint reads files up to {MAX_BYTES // 2**20} MiB"
    with open(path, "rb") as handle:
        return handle.read()


def read_stdin(stream: BinaryIO) -> bytes | str:
    """Unsaved text an editor pipes in, or a one-line reason it is refused."""
    content = stream.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        return f"input is larger than {MAX_BYTES // 2**20} MiB; speclint reads files up to that"
    return content


def write_atomic(path: str, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".speclint-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _mode_for(path: str) -> int:
    """The file's own mode when it exists, else what the umask gives a new file."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
