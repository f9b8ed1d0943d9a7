"""One `speclint check` run: find the files, check each, apply the project's settings.

Between the engine (one file) and the CLI (options and exit codes): the config's
exclude globs and kinds, rule selection and severity overrides, suppression comments
and the baseline. A file that fails inside speclint is recorded and the others go on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from speclint import files, suppress
from speclint.cache import Cache
from speclint.config import Config
from speclint.engine import FileResult, check_bytes
from speclint.model import Diagnostic, Severity
from speclint.spec import Context


@dataclass
class Outcome:
    results: list[FileResult] = field(default_factory=list)
    failures: list[tuple[str, BaseException]] = field(default_factory=list)
    baselined: int = 0


def check_paths(
    paths: Sequence[str],
    *,
    context: Context,
    config: Config,
    kind: str | None = None,
    stdin: BinaryIO | None = None,
    stdin_name: str | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    cache: Cache | None = None,
) -> Outcome:
    """Raises files.PathProblem for a path that does not exist and OSError for a file
    that cannot be read (usage problems); anything else inside a file is recorded."""
    outcome = Outcome()
    for target in files.targets(list(paths)):
        if not target.explicit and config.excluded(files.display(target.path)):
            continue
        name = files.display(target.path)
        if target.path == files.STDIN:
            name = files.display(stdin_name) if stdin_name else "<stdin>"
        try:
            result = _check_one(
                target,
                name,
                kind or config.kind_for(name),
                context,
                stdin,
                config,
                cache,
            )
        except OSError:
            raise
        except Exception as problem:  # one file failing must not stop the others
            outcome.failures.append((name, problem))
            if on_failure is not None:
                on_failure(problem)
            continue
        outcome.results.append(result)
    return outcome


def _check_one(
    target: files.Target,
    name: str,
    kind: str | None,
    context: Context,
    stdin: BinaryIO | None,
    config: Config,
    cache: Cache | None,
) -> FileResult:
    if target.path == files.STDIN:
        if stdin is None:
            raise OSError(f"no standard input for {name}")
        content = files.read_stdin(stdin)
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
    result = check_bytes(
        content, name, kind=kind, context=context, explicit=target.explicit
    )
    result.diagnostics = settle(result, config)
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
        found = []
        for file in sorted({result.name, *doc.sources}):
            lines = doc.sources.get(file) if doc.sources else None
            if lines is None and file == result.name and not doc.line_map:
                lines = doc.lines()
            found.extend(suppress.parse(file, lines or []))
        if found:
            kept = suppress.apply(kept, found)
            kept = [d for d in kept if config.enabled(d.rule, d.file)]
    if config.severity:
        kept = [
            dataclasses.replace(d, severity=config.severity.get(d.rule, d.severity))
            for d in kept
        ]
    return sorted(kept, key=Diagnostic.sort_key)
