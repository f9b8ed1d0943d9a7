"""What every command shares, without click: printing, usage errors, exit codes and
the context (catalog, root, template variables) that options build.

``speclint check`` runs through here without importing click at all (see
:mod:`speclint.main`), so nothing in this module may import it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print to stdout (stderr with ``err``), looked up at call time as click does."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()


def usage(message: str) -> NoReturn:
    echo(f"speclint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def colour(stream: Any) -> bool:
    return (
        "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()
    )


def context(
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
            root, template_values(params_file, template_params)
        )
    if catalog is None:
        return Context(root=root, variables=variables)
    from speclint.catalog import CatalogError, load_catalog

    try:
        return Context(catalog=load_catalog(catalog), root=root, variables=variables)
    except CatalogError as err:
        usage(str(err))


def template_values(params_file: str | None, pairs: Sequence[str]) -> dict[str, Any]:
    """-v FILE then -p KEY=VALUE (which wins); null values dropped, as the CLI does."""
    values: dict[str, Any] = {}
    if params_file is not None:
        import yaml

        try:
            with open(params_file, encoding="utf-8") as handle:
                loaded = yaml.safe_load(handle)
        except OSError as err:
            usage(f"cannot read params file {params_file}: {err.strerror or err}")
        except yaml.YAMLError as err:
            usage(
                f"params file {params_file} is not valid YAML: {str(err).splitlines()[0]}"
            )
        if not isinstance(loaded, dict):
            usage(
                f"params file {params_file} must be a YAML mapping of names to values"
            )
        values.update({str(k): v for k, v in loaded.items()})
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            usage(f'-p "{pair}" must be KEY=VALUE')
        values[key] = value
    return {k: v for k, v in values.items() if v is not None}


def interrupted() -> NoReturn:
    echo("speclint: interrupted", err=True)
    sys.exit(130)


def internal_error(err: Exception) -> NoReturn:
    """A bug in speclint: one line (the traceback with --debug) and exit 3."""
    if "--debug" in sys.argv:
        import traceback

        traceback.print_exception(err)
    echo(
        f"speclint: internal error: {type(err).__name__}: {err}; please report it "
        "(run with --debug for the traceback)",
        err=True,
    )
    sys.exit(EXIT_INTERNAL)
