"""The command line: options in, a plain call, exit code out. The only module that prints.

Exit codes: 0 no error, 1 errors found (or warnings with --strict), 2 usage problem,
3 internal failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from speclint import __version__
from speclint.kinds import KINDS

if TYPE_CHECKING:
    from speclint.result import FileResult
    from speclint.runner import Failure

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_KIND_CHOICE = click.Choice(sorted(KINDS), case_sensitive=True)


def _usage(message: str) -> NoReturn:
    click.echo(f"speclint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _colour(stream: Any) -> bool:
    return (
        "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="speclint")
def cli() -> None:
    """Offline linter and parameter resolver for Peak Press block and app specs."""


def _template_options(command: Any) -> Any:
    """-v/--params-file and -p/--params, as the peak CLI takes them for templates."""
    command = click.option(
        "-p",
        "--params",
        "template_params",
        multiple=True,
        metavar="KEY=VALUE",
        help="A template variable (repeatable; wins over --params-file).",
    )(command)
    return click.option(
        "-v",
        "--params-file",
        type=click.Path(dir_okay=False),
        help="YAML map of template variables, as for `peak ... -v`.",
    )(command)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif", "github", "gitlab", "junit"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output",
    "output_file",
    type=click.Path(dir_okay=False),
    help="Write the report in --format to FILE (atomically); text still goes to the terminal.",
)
@click.option("--kind", type=_KIND_CHOICE, help="Check every file as this kind.")
@click.option(
    "--catalog",
    type=click.Path(dir_okay=False),
    help="YAML map of block spec ids to local spec files (for app checks).",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    help="Resolve artifact paths against DIR instead of the working directory.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Settings file (default: [tool.speclint] in pyproject.toml or speclint.toml, "
    "found by walking up from the working directory).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="Hide the findings recorded in FILE (by rule, file and spec path).",
)
@click.option(
    "--update-baseline",
    is_flag=True,
    help="Record every current finding in the --baseline FILE (written atomically).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="Where results of unchanged files are kept (default: $SPECLINT_CACHE_DIR, "
    "else the user cache folder, ~/.cache/speclint).",
)
@click.option(
    "--no-cache", is_flag=True, help="Check every file again; read and write no cache."
)
@click.option(
    "--strict", is_flag=True, default=None, help="Fail (exit 1) on warnings too."
)
@click.option(
    "--no-source", is_flag=True, help="Do not show the source line under findings."
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Findings only: no source lines, no summary."
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="With `-` as PATH: the name of the file whose unsaved text comes on stdin.",
)
@_template_options
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.option(
    "-j",
    "--jobs",
    type=int,
    help="Worker processes for many files (default: one per CPU; 1 checks in this "
    "process). Results and their order do not depend on it.",
)
def check(
    paths: Sequence[str],
    output_format: str,
    output_file: str | None,
    kind: str | None,
    catalog: str | None,
    root: str | None,
    config_file: str | None,
    baseline: str | None,
    update_baseline: bool,
    cache_dir: str | None,
    no_cache: bool,
    strict: bool | None,
    no_source: bool,
    quiet: bool,
    stdin_filename: str | None,
    params_file: str | None,
    template_params: Sequence[str],
    debug: bool,
    jobs: int | None,
) -> None:
    """Check Press spec and deployment files (folders are searched for YAML and JSON).

    `-` reads one file's text from stdin (name it with --stdin-filename)."""
    from speclint import files, runner

    if jobs is not None and jobs < 1:
        _usage(f"--jobs {jobs}: give 1 or more worker processes")
    config = _config(config_file)
    if root is not None and not os.path.isdir(root):
        _usage(f"--root {root} is not a directory")
    if update_baseline and baseline is None:
        _usage("--update-baseline needs --baseline FILE")
    for option, written in (("--output", output_file), ("--baseline", baseline)):
        if written is not None and (option == "--output" or update_baseline):
            _writable(option, written, paths)
    context = _context(catalog or config.catalog, root, params_file, template_params)
    recorded = None
    if baseline is not None:
        from speclint import baseline as baselines
    if baseline is not None and not update_baseline:
        try:
            recorded = baselines.load(baseline)
        except baselines.BaselineError as err:
            _usage(str(err))

    def on_failure(failure: Failure) -> None:
        if debug:
            click.echo(failure.trace, err=True, nl=False)

    try:
        outcome = runner.check_paths(
            paths,
            context=context,
            config=config,
            kind=kind,
            stdin=sys.stdin.buffer,
            stdin_name=stdin_filename,
            on_failure=on_failure,
            cache=None if no_cache else _cache(cache_dir, config, context, kind),
            jobs=jobs or runner.default_jobs(),
        )
    except files.PathProblem as err:
        _usage(str(err))
    except OSError as err:
        _usage(f"cannot read {err.filename or ''}: {err.strerror or err}")
    results = outcome.results
    for option, written in (("--output", output_file), ("--baseline", baseline)):
        if written is None or (option == "--baseline" and not update_baseline):
            continue
        if any(not r.skipped and files.same_file(written, r.name) for r in results):
            _usage(
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
        click.echo(
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
        _usage(f"{option} {path}: no such directory {files.display(folder)}")
    if not os.path.exists(path):
        return
    # a file named to be checked; a report or baseline found in a folder is not a spec
    for named in inputs:
        if os.path.isfile(named) and files.same_file(path, named):
            _usage(
                f"{option} {path} would overwrite a file being checked; choose another file"
            )


def _config(config_file: str | None) -> Any:
    from speclint import config
    from speclint.checks import BY_ID

    path = config_file or config.find(os.getcwd())
    if path is None:
        return config.Config()
    try:
        return config.load(path, BY_ID, KINDS)
    except config.ConfigError as err:
        _usage(str(err))


def _cache(folder: str | None, config: Any, context: Any, kind: str | None) -> Any:
    """The result cache of this run: its key covers the settings that change results."""
    import dataclasses
    import hashlib
    import json

    from speclint.cache import Cache, default_folder

    settings = [
        json.dumps(dataclasses.asdict(config), sort_keys=True, default=sorted),
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
        style = text.Style(source=not no_source, colour=_colour(sys.stdout))
        click.echo(text.render(results, style), nl=False)
    else:
        click.echo(_formatted(results, output_format), nl=False)
    if not quiet:
        summary = text.summary(results)
        if baselined:
            summary += f"; {baselined} in the baseline hidden"
        click.echo(summary, err=True)


@cli.command()
@click.argument("spec_file", metavar="SPEC", type=click.Path())
@click.option(
    "--values",
    "values_files",
    multiple=True,
    type=click.Path(),
    help="A deployment file or a `parameters: {build, run}` fragment (repeatable; later wins).",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NAME=VALUE",
    help="A value, typed by its definition (repeatable; wins over files). "
    "build.NAME= / run.NAME= when a name is in both sections.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to FILE (atomically).",
)
@click.option(
    "--explain", is_flag=True, help="Say where each value came from and what it filled."
)
@click.option("--show-secrets", is_flag=True, help="Do not mask secret values.")
@click.option(
    "--catalog",
    type=click.Path(dir_okay=False),
    help="Block spec ids -> files; needed to render an app spec.",
)
@_template_options
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def render(
    spec_file: str,
    values_files: Sequence[str],
    sets: Sequence[str],
    output_format: str,
    output: str | None,
    explain: bool,
    show_secrets: bool,
    catalog: str | None,
    params_file: str | None,
    template_params: Sequence[str],
    debug: bool,
) -> None:
    """Resolve build and run values and print the config a deployment will run."""
    from speclint import files, secrets
    from speclint.render import RenderUsage, render_file

    inputs = [spec_file, *values_files]
    for path in inputs:
        if not os.path.isfile(path):
            _usage(f"no such file: {path}")
    context = _context(catalog, None, params_file, template_params)
    if catalog is not None:
        inputs.append(catalog)
        inputs.extend(str(p) for p in context.catalog.entries.values())
    if params_file is not None:
        inputs.append(params_file)
    if output is not None:
        if any(files.same_file(output, p) for p in inputs):
            _usage(f"-o {output} would overwrite an input; choose another file")
        folder = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(folder):
            _usage(f"-o {output}: no such directory {files.display(folder)}")
    try:
        rendered = render_file(
            spec_file,
            list(values_files),
            list(sets),
            context=context,
            explain=explain,
            show_secrets=show_secrets,
            display=files.display,
        )
    except OSError as err:
        _usage(f"cannot read {err.filename}: {err.strerror or err}")
    except RenderUsage as err:
        _usage(str(err))
    except Exception as failure:
        if debug:
            import traceback

            traceback.print_exception(failure)
        click.echo(
            f"speclint: internal error while rendering {files.display(spec_file)}: "
            f"{type(failure).__name__}: {failure}; please report it "
            "(run with --debug for the traceback)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    diagnostics = _stamp(rendered.findings)
    shown = frozenset() if show_secrets else rendered.secrets
    for diagnostic in diagnostics:
        line = text_headline(diagnostic)
        click.echo(secrets.mask(line, shown), err=True)
    if any(d.severity.value == "error" for d in diagnostics) or rendered.output is None:
        sys.exit(EXIT_FINDINGS)
    document = _serialise(rendered.output, output_format)
    if output is None:
        click.echo(document, nl=False)
    else:
        files.write_atomic(output, document)


def _context(
    catalog: str | None,
    root: str | None = None,
    params_file: str | None = None,
    template_params: Sequence[str] = (),
) -> Any:
    from speclint.spec import Context

    variables = (
        None  # none given: the environment alone, built when a template needs it
    )
    if params_file is not None or template_params:
        from speclint.template import Variables

        variables = Variables.from_environment(
            root, _template_values(params_file, template_params)
        )
    if catalog is None:
        return Context(root=root, variables=variables)
    from speclint.catalog import CatalogError, load_catalog

    try:
        return Context(catalog=load_catalog(catalog), root=root, variables=variables)
    except CatalogError as err:
        _usage(str(err))


def _template_values(params_file: str | None, pairs: Sequence[str]) -> dict[str, Any]:
    """-v FILE then -p KEY=VALUE (which wins); null values dropped, as the CLI does."""
    values: dict[str, Any] = {}
    if params_file is not None:
        import yaml

        try:
            with open(params_file, encoding="utf-8") as handle:
                loaded = yaml.safe_load(handle)
        except OSError as err:
            _usage(f"cannot read params file {params_file}: {err.strerror or err}")
        except yaml.YAMLError as err:
            _usage(
                f"params file {params_file} is not valid YAML: {str(err).splitlines()[0]}"
            )
        if not isinstance(loaded, dict):
            _usage(
                f"params file {params_file} must be a YAML mapping of names to values"
            )
        values.update({str(k): v for k, v in loaded.items()})
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            _usage(f'-p "{pair}" must be KEY=VALUE')
        values[key] = value
    return {k: v for k, v in values.items() if v is not None}


def _stamp(findings: Sequence[Any]) -> list[Any]:
    from speclint.engine import stamp

    return stamp(findings)


def text_headline(diagnostic: Any) -> str:
    from speclint.report.text import headline

    return headline(diagnostic)


def _serialise(data: Any, output_format: str) -> str:
    import json

    if output_format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
    )


@cli.command()
@click.argument("spec_file", metavar="SPEC", type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
)
@_template_options
def graph(
    spec_file: str,
    output_format: str,
    params_file: str | None,
    template_params: Sequence[str],
) -> None:
    """Draw a workflow's step graph (Mermaid renders on GitHub; dot for Graphviz)."""
    from speclint import files, graph
    from speclint.engine import variables_of
    from speclint.kinds import detect
    from speclint.load import load_bytes
    from speclint.spec import Spec

    if not os.path.isfile(spec_file):
        _usage(f"no such file: {spec_file}")
    context = _context(None, None, params_file, template_params)
    with open(spec_file, "rb") as handle:
        doc = load_bytes(
            handle.read(), files.display(spec_file), lambda: variables_of(context)
        )
    detected = detect(doc.data) if doc.parsed else None
    if detected is None or detected.kind not in ("block-spec", "block-spec-release"):
        click.echo(
            f"{doc.name}:1:1: error: graph takes a workflow block spec or release; run "
            "`speclint check` on this file first [render-input]",
            err=True,
        )
        sys.exit(EXIT_FINDINGS)
    spec = Spec(doc, detected, context)
    click.echo(
        graph.mermaid(spec) if output_format == "mermaid" else graph.dot(spec), nl=False
    )


@cli.command()
@click.option("--kind", type=_KIND_CHOICE, default="block-spec", show_default=True)
@click.option(
    "--layout",
    type=click.Choice(["cli", "api"]),
    default="cli",
    show_default=True,
    help="cli: a file with top-level body: and command keys; api: a bare API body.",
)
@click.option(
    "--draft",
    type=click.Choice(["07", "2020-12"]),
    default="07",
    show_default=True,
    help="JSON Schema dialect (draft-07 suits yaml-language-server best).",
)
def schema(kind: str, layout: str, draft: str) -> None:
    """Print the JSON Schema of a file kind, for editors (completion and hover)."""
    import json

    from speclint import schemas

    if kind == "parameter-values" and layout == "cli":
        layout = "api"
    document = schemas.export(kind, layout, draft)
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@cli.command()
def server() -> None:
    """Run the language server on stdin/stdout (for editors; see the README)."""
    from speclint.server import main as serve

    serve()


@cli.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def rules(output_format: str) -> None:
    """List every rule: id, severity and summary."""
    import json

    from speclint.checks import RULES

    if output_format == "json":
        items = [
            {"id": r.id, "severity": r.severity.value, "summary": r.summary}
            for r in RULES
        ]
        click.echo(json.dumps(items, indent=2))
        return
    width = max(len(r.id) for r in RULES)
    for rule in RULES:
        click.echo(f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.summary}")


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the documentation page of a rule."""
    from speclint.checks import BY_ID
    from speclint.checks.base import did_you_mean
    from speclint.docs import page

    if rule not in BY_ID:
        _usage(
            f'unknown rule "{rule}"{did_you_mean(rule, BY_ID)}; see `speclint rules`'
        )
    text = page(rule)
    if text is None:
        _usage(f'the page of rule "{rule}" is missing from this installation')
    click.echo(text, nl=not text.endswith("\n"))


def main() -> None:
    """Entry point: click's own usage errors exit 2; an interrupt exits 130; anything
    unexpected exits 3 with one line."""
    try:
        cli.main(prog_name="speclint", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as problem:
        problem.show()
        sys.exit(problem.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("speclint: interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as err:
        if "--debug" in sys.argv:
            import traceback

            traceback.print_exc()
        click.echo(
            f"speclint: internal error: {type(err).__name__}: {err}; please report it "
            "(run with --debug for the traceback)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
