"""``speclint check``: options in, a report out, an exit code. No click here, so the
command runs as fast from :mod:`speclint.main`'s parser as from click's.

Exit codes: 0 no error, 1 errors found (or warnings with --strict), 2 usage problem,
3 internal failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from speclint.console import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    colour,
    context,
    echo,
    usage,
)

if TYPE_CHECKING:
    from speclint.result import FileResult
    from speclint.runner import Failure


class CheckOptions(NamedTuple):
    """Every option of ``speclint check``, as click's ``check`` command receives them."""

    paths: tuple[str, ...]
    output_format: str = "text"
    output_file: str | None = None
    kind: str | None = None
    catalog: str | None = None
    root: str | None = None
    config_file: str | None = None
    baseline: str | None = None
    update_baseline: bool = False
    cache_dir: str | None = None
    no_cache: bool = False
    strict: bool | None = None
    no_source: bool = False
    quiet: bool = False
    stdin_filename: str | None = None
    params_file: str | None = None
    template_params: tuple[str, ...] = ()
    debug: bool = False
    jobs: int | None = None


def run_check(options: CheckOptions) -> NoReturn:
    """Check the files, print the report, and exit with the run's exit code."""
    # every option by name (not by position: the fields may be reordered)
    paths = options.paths
    output_format = options.output_format
    output_file = options.output_file
    kind = options.kind
    catalog = options.catalog
    root = options.root
    config_file = options.config_file
    baseline = options.baseline
    update_baseline = options.update_baseline
    cache_dir = options.cache_dir
    no_cache = options.no_cache
    strict = options.strict
    no_source = options.no_source
    quiet = options.quiet
    stdin_filename = options.stdin_filename
    params_file = options.params_file
    template_params = options.template_params
    debug = options.debug
    jobs = options.jobs
    from speclint import files, runner

    if jobs is not None and jobs < 1:
        usage(f"--jobs {jobs}: give 1 or more worker processes")
    config = _config(config_file)
    if root is not None and not os.path.isdir(root):
        usage(f"--root {root} is not a directory")
    if update_baseline and baseline is None:
        usage("--update-baseline needs --baseline FILE")
    for option, written in (("--output", output_file), ("--baseline", baseline)):
        if written is not None and (option == "--output" or update_baseline):
            _writable(option, written, paths)
    run_context = context(catalog or config.catalog, root, params_file, template_params)
    recorded = None
    if baseline is not None:
        from speclint import baseline as baselines
    if baseline is not None and not update_baseline:
        try:
            recorded = baselines.load(baseline)
        except baselines.BaselineError as err:
            usage(str(err))

    def on_failure(failure: Failure) -> None:
        if debug:
            echo(failure.trace, err=True, nl=False)

    try:
        outcome = runner.check_paths(
            paths,
            context=run_context,
            config=config,
            kind=kind,
            stdin=sys.stdin.buffer,
            stdin_name=stdin_filename,
            on_failure=on_failure,
            cache=None if no_cache else _cache(cache_dir, config, run_context, kind),
            jobs=jobs or runner.default_jobs(),
        )
    except files.PathProblem as err:
        usage(str(err))
    except OSError as err:
        usage(f"cannot read {err.filename or ''}: {err.strerror or err}")
    results = outcome.results
    for option, written in (("--output", output_file), ("--baseline", baseline)):
        if written is None or (option == "--baseline" and not update_baseline):
            continue
        if any(not r.skipped and files.same_file(written, r.name) for r in results):
            usage(
                f"{option} {written} would overwrite a file being checked; choose another file"
            )
    if update_baseline:
        assert baseline is not None
        files.write_atomic(
            baseline, baselines.dump(d for r in results for d in r.diagnostics)
        )
    elif recorded is not None:
        for result in results:
            result.diagnostics, hidden = baselines.hide(result.diagnostics, recorded)
            outcome.baselined += hidden
    if output_file is not None:
        files.write_atomic(output_file, _formatted(results, output_format))
        output_format = "text"
    _report(results, output_format, no_source or quiet, quiet, outcome.baselined)
    for failure in outcome.failures:
        echo(
            f"speclint: internal error while checking {failure.name}: "
            f"{failure.error}: {failure.message}; "
            "please report it (run with --debug for the traceback)",
            err=True,
        )
    if outcome.failures:
        sys.exit(EXIT_INTERNAL)
    strict = config.strict if strict is None else strict
    severities = {d.severity.value for r in results for d in r.diagnostics}
    if "error" in severities or (strict and "warning" in severities):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


def _writable(option: str, path: str, inputs: Sequence[str]) -> None:
    """A file speclint is asked to write: its folder exists, and it is no input."""
    from speclint import files

    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        usage(f"{option} {path}: no such directory {files.display(folder)}")
    if not os.path.exists(path):
        return
    # a file named to be checked; a report or baseline found in a folder is not a spec
    for named in inputs:
        if os.path.isfile(named) and files.same_file(path, named):
            usage(
                f"{option} {path} would overwrite a file being checked; choose another file"
            )


def _config(config_file: str | None) -> Any:
    from speclint import config

    path = config_file or config.find(os.getcwd())
    if path is None:
        return config.Config()
    from speclint.checks import BY_ID  # a config names rules: they are checked
    from speclint.kinds import KINDS

    try:
        return config.load(path, BY_ID, KINDS)
    except config.ConfigError as err:
        usage(str(err))


def _cache(folder: str | None, config: Any, context: Any, kind: str | None) -> Any:
    """The result cache of this run: its key covers the settings that change results."""
    import hashlib
    import json

    from speclint.cache import Cache, default_folder

    settings = [
        json.dumps(config.as_dict(), sort_keys=True, default=sorted),
        f"kind={kind}",
        f"cwd={os.getcwd()}",
        f"root={os.path.abspath(context.root) if context.root else ''}",
    ]
    catalog = context.catalog
    if catalog is not None:
        digest = hashlib.sha256(catalog.path.read_bytes())
        for spec_id, path in sorted(catalog.entries.items()):
            digest.update(f"{spec_id}={path}".encode())
            digest.update(path.read_bytes())
        settings.append(f"catalog={digest.hexdigest()}")
    return Cache.open(folder or default_folder(), settings)


def _formatted(results: list[FileResult], output_format: str) -> str:
    from speclint.report import formatter

    return formatter(output_format)(results)


def _report(
    results: list[FileResult],
    output_format: str,
    no_source: bool,
    quiet: bool,
    baselined: int = 0,
) -> None:
    from speclint.report import text

    if output_format == "text":
        style = text.Style(source=not no_source, colour=colour(sys.stdout))
        echo(text.render(results, style), nl=False)
    else:
        echo(_formatted(results, output_format), nl=False)
    if not quiet:
        summary = text.summary(results)
        if baselined:
            summary += f"; {baselined} in the baseline hidden"
        echo(summary, err=True)
