"""One `speclint check` run: find the files, check each, apply the project's settings.

Between the engine (one file) and the CLI (options and exit codes): the config's
exclude globs and kinds, rule selection and severity overrides, suppression comments,
the result cache, and spreading many files over worker processes. A file that fails
inside speclint is recorded and the others go on.

Each file's result is kept without its parsed document (only the findings and the
source lines they show), so a run over thousands of files stays small. The engine
(every rule) is imported only when a file is not answered from the cache.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from speclint import files
from speclint.model import Diagnostic, Severity
from speclint.result import FileResult

if TYPE_CHECKING:
    from speclint.cache import Cache
    from speclint.config import Config
    from speclint.spec import Context

#: Fewer files than this are checked in this process: starting workers costs about as
#: much as checking twenty 400-line specs (measured on 2 CPUs: 20 files take the same
#: time either way, 24 are 10% faster in workers, 64 are 26% faster).
PARALLEL_MIN_FILES = 20


class Failure(NamedTuple):
    """A file whose check failed inside speclint (a bug): reported, never fatal."""

    name: str
    error: str  # the exception's type name
    message: str
    trace: str  # the traceback, printed with --debug


class Outcome:
    __slots__ = ("baselined", "failures", "results")

    def __init__(
        self,
        results: list[FileResult] | None = None,
        failures: list[Failure] | None = None,
        baselined: int = 0,
    ) -> None:
        self.results: list[FileResult] = results if results is not None else []
        self.failures: list[Failure] = failures if failures is not None else []
        self.baselined = baselined


class _Job(NamedTuple):
    target: files.Target
    name: str
    kind: str | None


class _Run(NamedTuple):
    """What checking a file needs besides the file: shared with worker processes."""

    context: Context
    config: Config
    cache: Cache | None
    stdin: BinaryIO | None


def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def check_paths(
    paths: Sequence[str],
    *,
    context: Context,
    config: Config,
    kind: str | None = None,
    stdin: BinaryIO | None = None,
    stdin_name: str | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    cache: Cache | None = None,
    jobs: int = 1,
) -> Outcome:
    """Raises files.PathProblem for a path that does not exist and OSError for a file
    that cannot be read (usage problems); anything else inside a file is recorded.
    ``jobs`` > 1 checks many files in that many worker processes; results come in the
    same order and are the same as checked one by one."""
    work: list[_Job] = []
    for target in files.targets(list(paths)):
        if not target.explicit and config.excluded(files.display(target.path)):
            continue
        name = files.display(target.path)
        if target.path == files.STDIN:
            name = files.display(stdin_name) if stdin_name else "<stdin>"
        work.append(_Job(target, name, kind or config.kind_for(name)))
    run = _Run(context, config, cache, stdin)
    outcome = Outcome()
    for answer in _answers(work, run, jobs):
        if isinstance(answer, OSError):
            raise answer
        if isinstance(answer, Failure):
            outcome.failures.append(answer)
            if on_failure is not None:
                on_failure(answer)
            continue
        outcome.results.append(answer)
    return outcome


_Answer = FileResult | Failure | OSError


def _answers(work: list[_Job], run: _Run, jobs: int) -> Iterator[_Answer]:
    """Each job's answer, in order: here, or from worker processes."""
    if (
        jobs <= 1
        or len(work) < PARALLEL_MIN_FILES
        or sys.platform != "linux"  # fork, which shares the run without pickling it
        or any(job.target.path == files.STDIN for job in work)
    ):
        for job in work:
            yield _answer(job, run)
        return
    yield from _parallel(work, run, min(jobs, len(work)))


#: The run being checked, for worker processes (they inherit it by fork).
_RUN: _Run | None = None


def _parallel(work: list[_Job], run: _Run, jobs: int) -> Iterator[_Answer]:
    import multiprocessing

    global _RUN
    _RUN = run
    try:
        pool = multiprocessing.get_context("fork").Pool(jobs, _ignore_interrupts)
        with pool:
            chunk = max(1, min(16, len(work) // (jobs * 4)))
            yield from pool.imap(_answer_in_worker, work, chunk)
    finally:
        _RUN = None


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _answer_in_worker(job: _Job) -> _Answer:
    assert _RUN is not None
    return _answer(job, _RUN)


def _answer(job: _Job, run: _Run) -> _Answer:
    try:
        return _check_one(job, run)
    except OSError as problem:
        return problem
    except Exception as problem:  # one file failing must not stop the others
        import traceback

        return Failure(
            job.name,
            type(problem).__name__,
            str(problem),
            "".join(traceback.format_exception(problem)),
        )


def _check_one(job: _Job, run: _Run) -> FileResult:
    target, name, kind, cache = job.target, job.name, job.kind, run.cache
    if target.path == files.STDIN:
        if run.stdin is None:
            raise OSError(f"no standard input for {name}")
        content = files.read_stdin(run.stdin)
    else:
        content = files.read(target.path)
    if isinstance(
        content, str
    ):  # refused before reading: say so at the top of the file
        return FileResult(
            name, [Diagnostic(name, 1, 1, Severity.ERROR, "syntax", content)]
        )
    key = None
    if cache is not None and not _template(content):
        key = cache.key(name, content, kind, target.explicit)
        cached = cache.get(key, name)
        if cached is not None:
            return cached
    from speclint.engine import check_bytes

    result = check_bytes(
        content, name, kind=kind, context=run.context, explicit=target.explicit
    )
    result.diagnostics = settle(result, run.config)
    result = result.without_document()
    if cache is not None and key is not None:
        cache.put(key, result, result.artifact)
    return result


def _template(raw: bytes) -> bool:
    return b"{{" in raw or b"{%" in raw or b"{#" in raw


def settle(result: FileResult, config: Config) -> list[Diagnostic]:
    """Rule selection, suppression comments, then severity overrides, then sorted."""
    kept = [d for d in result.diagnostics if config.enabled(d.rule, d.file)]
    doc = result.doc
    if doc is not None:
        from speclint import suppress

        found = []
        for file in sorted({result.name, *doc.sources}):
            lines = doc.sources.get(file) if doc.sources else None
            if lines is None and file == result.name and not doc.line_map:
                lines = doc.lines() if "speclint:" in doc.text else []
            found.extend(suppress.parse(file, lines or []))
        if found:
            kept = suppress.apply(kept, found)
            kept = [d for d in kept if config.enabled(d.rule, d.file)]
    if config.severity:
        kept = [
            _with_severity(d, config.severity.get(d.rule, d.severity)) for d in kept
        ]
    return sorted(kept, key=Diagnostic.sort_key)


def _with_severity(d: Diagnostic, severity: Severity) -> Diagnostic:
    """The same finding with the severity the config gives its rule."""
    return Diagnostic(d.file, d.line, d.column, severity, d.rule, d.message, d.path)
