"""The command line (click): options in, a plain call, exit code out.

Exit codes: 0 no error, 1 errors found (or warnings with --strict), 2 usage problem,
3 internal failure. Only the command modules print (this one,
:mod:`speclint.check_command` and :mod:`speclint.console`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from speclint import __version__
from speclint.console import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    context,
    internal_error,
    interrupted,
    usage,
)
from speclint.kinds import KINDS

_KIND_CHOICE = click.Choice(sorted(KINDS), case_sensitive=True)


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
    from speclint.check_command import CheckOptions, run_check

    run_check(
        CheckOptions(
            paths=tuple(paths),
            output_format=output_format,
            output_file=output_file,
            kind=kind,
            catalog=catalog,
            root=root,
            config_file=config_file,
            baseline=baseline,
            update_baseline=update_baseline,
            cache_dir=cache_dir,
            no_cache=no_cache,
            strict=strict,
            no_source=no_source,
            quiet=quiet,
            stdin_filename=stdin_filename,
            params_file=params_file,
            template_params=tuple(template_params),
            debug=debug,
            jobs=jobs,
        )
    )


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
            usage(f"no such file: {path}")
    run_context = context(catalog, None, params_file, template_params)
    if catalog is not None:
        inputs.append(catalog)
        inputs.extend(str(p) for p in run_context.catalog.entries.values())
    if params_file is not None:
        inputs.append(params_file)
    if output is not None:
        if any(files.same_file(output, p) for p in inputs):
            usage(f"-o {output} would overwrite an input; choose another file")
        folder = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(folder):
            usage(f"-o {output}: no such directory {files.display(folder)}")
    try:
        rendered = render_file(
            spec_file,
            list(values_files),
            list(sets),
            context=run_context,
            explain=explain,
            show_secrets=show_secrets,
            display=files.display,
        )
    except OSError as err:
        usage(f"cannot read {err.filename}: {err.strerror or err}")
    except RenderUsage as err:
        usage(str(err))
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
        usage(f"no such file: {spec_file}")
    run_context = context(None, None, params_file, template_params)
    with open(spec_file, "rb") as handle:
        doc = load_bytes(
            handle.read(), files.display(spec_file), lambda: variables_of(run_context)
        )
    detected = detect(doc.data) if doc.parsed else None
    if detected is None or detected.kind not in ("block-spec", "block-spec-release"):
        click.echo(
            f"{doc.name}:1:1: error: graph takes a workflow block spec or release; run "
            "`speclint check` on this file first [render-input]",
            err=True,
        )
        sys.exit(EXIT_FINDINGS)
    spec = Spec(doc, detected, run_context)
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
        usage(f'unknown rule "{rule}"{did_you_mean(rule, BY_ID)}; see `speclint rules`')
    text = page(rule)
    if text is None:
        usage(f'the page of rule "{rule}" is missing from this installation')
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
        interrupted()
    except SystemExit:
        raise
    except Exception as err:
        internal_error(err)
