"""Bounds for hostile inputs: a wall-clock limit, peak memory, files inside a folder.

``time_limit`` interrupts the code under test (a runaway regular expression or template
loop included) with :class:`Overtime`, a ``BaseException``: speclint's own "one file
failed, go on" handlers catch ``Exception`` only, so the overrun reaches the test.
"""

from __future__ import annotations

import hashlib
import signal
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class Overtime(BaseException):
    """The code under test ran past its time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Overtime` in the main thread after ``seconds`` (where SIGALRM
    exists; elsewhere the block runs unbounded and callers assert the elapsed time)."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise Overtime(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(function: Callable[[], T], limit: float) -> tuple[T, float]:
    """(result, seconds); fails the caller with AssertionError past ``limit``."""
    start = time.perf_counter()
    try:
        with time_limit(limit):
            result = function()
    except Overtime:
        raise AssertionError(f"took more than {limit} s") from None
    return result, time.perf_counter() - start


def peak_memory(function: Callable[[], T]) -> tuple[T, int]:
    """(result, peak bytes allocated above what was allocated before the call)."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak - before


def digests(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 and mode of every file below ``folder``."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            mode = oct(path.stat().st_mode & 0o777)
            out[str(path.relative_to(folder))] = (
                hashlib.sha256(path.read_bytes()).hexdigest() + " " + mode
            )
    return out


def temporary_files(folder: Path) -> list[str]:
    """Leftovers of an atomic write (speclint's temporary files) below ``folder``."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.name.startswith(".speclint-") or p.name.endswith(".tmp")
    )


def inside(raw: bytes, line: int, column: int) -> bool:
    """Whether a 1-based line and column lie inside the file: its text's lines as YAML
    counts them (speclint.load.split_lines), or for bytes that are not text, lines
    split at newlines. Reads only as far as ``line`` (files here reach 50 MB)."""
    import re

    from speclint.load import decode

    text, _ = decode(raw)
    if text is None:
        text, breaks = raw.decode("latin-1"), re.compile("\n")
    else:
        from speclint.load import _LINE_BREAK as breaks
    if line < 1 or column < 1:
        return False
    found = breaks.finditer(text)
    start = 0
    for _ in range(line - 1):
        match = next(found, None)
        if match is None:
            return False
        start = match.end()
    if line > 1 and start == len(text):
        return False  # the empty "line" after a final line break is not a line
    match = next(found, None)
    end = match.start() if match is not None else len(text)
    return column <= end - start + 1
