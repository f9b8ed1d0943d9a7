"""Resolve build and run values and substitute ``@param:`` references in a block's config.

Precedence: defaults < values files (in the order given) < ``--set``. Every value is
judged by the one implementation in :mod:`speclint.params`; problems are returned as
positioned findings (the CLI stamps severities). Nothing here mutates its input.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from speclint import params, secrets
from speclint.kinds import detect
from speclint.load import Document
from speclint.model import Location, Path
from speclint.params import ParamDef
from speclint.spec import Context, Spec
from speclint.suggest import did_you_mean
from speclint.template import Variables
from speclint.values import (
    SECTIONS,
    Finding,
    Values,
    app_blocks,
    app_values,
    apply_sets,
    judge,
    kind_phrase,
    read_values,
    values_for_block,
)


@dataclass
class Rendered:
    output: dict[str, Any] | None
    findings: list[Finding]
    secrets: frozenset[str] = frozenset()


# -- substitution -------------------------------------------------------------------


def substitute(
    spec: Spec, build_values: dict[str, Any]
) -> tuple[Any, dict[str, list[Path]], list[Finding]]:
    """The config with every whole-value reference replaced, keeping the value's type.

    Returns (config, name -> config paths it filled, findings).
    """
    build, run = spec.declared("build"), spec.declared("run")
    fills: dict[str, list[Path]] = {}
    findings: list[Finding] = []
    doc = spec.doc

    def replace(node: Any, path: Path) -> Any:
        if isinstance(node, dict):
            return {k: replace(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [replace(v, (*path, i)) for i, v in enumerate(node)]
        if not isinstance(node, str):
            return node
        for ref in params.embedded_refs(node):
            findings.append(
                Finding(
                    "param-embedded",
                    doc.name,
                    doc.locate(path),
                    f'"{ref}" inside a longer string is left as written; only a whole '
                    'value "@param:NAME" is substituted',
                )
            )
        name = params.whole_ref(node)
        if name is None:
            return node
        if name not in build:
            if name in run:
                message = (
                    f'"@param:{name}" names a run parameter; config takes only build '
                    "parameters (run values are not fixed when the block is built)"
                )
                rule = "param-run-in-config"
            else:
                hint = did_you_mean(name, list(build) + list(run))
                message = f'parameter "{name}" is not declared{hint}'
                rule = "param-undefined"
            findings.append(Finding(rule, doc.name, doc.locate(path), message))
            return node
        if name not in build_values:
            if build[name].required:
                return (
                    node  # param-value-missing already says so, where the value belongs
                )
            findings.append(
                Finding(
                    "param-value-missing",
                    doc.name,
                    doc.locate(path),
                    f'build parameter "{name}" has no value and no default, so '
                    f'"@param:{name}" cannot be resolved',
                )
            )
            return node
        fills.setdefault(name, []).append(path[len(spec.config_path) :])
        return copy.deepcopy(build_values[name])

    config = replace(spec.config, spec.config_path)
    return config, fills, findings


# -- the whole render -----------------------------------------------------------------


def render_block(
    spec: Spec,
    values_docs: list[Document],
    sets: list[str],
    *,
    explain: bool = False,
    show_secrets: bool = False,
    values: Values | None = None,
) -> Rendered:
    if values is None:
        values = read_values(values_docs)
        apply_sets(spec, values, sets)
    findings = list(values.findings)
    findings += judge(spec, values)
    declared = {s: spec.declared(s) for s in SECTIONS}
    resolved = {
        s: params.resolve(declared[s], {n: v for n, (v, _) in values.given[s].items()})
        for s in SECTIONS
    }
    # values for undeclared names were reported; they are not part of the result
    for section in SECTIONS:
        resolved[section] = {
            n: v for n, v in resolved[section].items() if n in declared[section]
        }
    config, fills, substitution = substitute(spec, resolved["build"])
    findings += substitution
    hidden = {(s, n) for s in SECTIONS for n, d in declared[s].items() if d.hide}
    hidden_values = [resolved[s][n] for s, n in hidden if n in resolved[s]]
    secret_set = secrets.collect(spec.config, hidden_values) | secrets.collect(
        {s: {n: v for n, (v, _) in values.given[s].items()} for s in SECTIONS}
    )
    output: dict[str, Any] = {
        "config": config,
        "parameters": {s: dict(resolved[s]) for s in SECTIONS},
    }
    if explain:
        output["explain"] = _explain(values, resolved, fills, declared)
    if not show_secrets:
        hidden_fills = [p for s, n in hidden if s == "build" for p in fills.get(n, [])]
        output = _masked(output, hidden, hidden_fills, secret_set)
    return Rendered(output, findings, frozenset(secret_set))


def _explain(
    values: Values,
    resolved: dict[str, dict[str, Any]],
    fills: dict[str, list[Path]],
    declared: dict[str, dict[str, ParamDef]],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for section in SECTIONS:
        entries: dict[str, Any] = {}
        for name in resolved[section]:
            given = values.given[section].get(name)
            entry: dict[str, Any] = {"from": given[1].label if given else "default"}
            if section == "build":
                entry["fills"] = [dotted(p) for p in fills.get(name, [])]
            entries[name] = entry
        for name in declared[section]:
            if name not in resolved[section]:
                entries[name] = {"from": "no value and no default"}
        out[section] = entries
    return out


def dotted(path: Path) -> str:
    """``steps.load.resources.instanceTypeId``, ``watchers[0].user``."""
    text = ""
    for part in path:
        text += (
            f"[{part}]"
            if isinstance(part, int)
            else (f".{part}" if text else str(part))
        )
    return text


def _masked(
    output: dict[str, Any],
    hidden: set[tuple[str, str]],
    hidden_fills: list[Path],
    secret_set: frozenset[str] | set[str],
) -> dict[str, Any]:
    parameters = output["parameters"]
    for section, name in hidden:
        if name in parameters[section]:
            parameters[section][name] = secrets.MASK
    for path in hidden_fills:  # where a hidden value was substituted, whatever its type
        node = output["config"]
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = secrets.MASK
    output["config"] = _mask_tree(output["config"], secret_set)
    output["parameters"] = _mask_tree(parameters, secret_set)
    return output


def _mask_tree(node: Any, secret_set: frozenset[str] | set[str]) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                secrets.MASK
                if isinstance(v, (str, int, float))
                and not isinstance(v, bool)
                and secrets.names_credential(k)
                and params.whole_ref(v) is None
                else _mask_tree(v, secret_set)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_mask_tree(v, secret_set) for v in node]
    if isinstance(node, str) and node in secret_set:
        return secrets.MASK
    return node


# -- files in, one result out ---------------------------------------------------------


class RenderUsage(Exception):
    """A usage problem of render (exit 2), not a finding."""


def render_file(
    spec_path: str,
    values_paths: list[str],
    sets: list[str],
    *,
    context: Context | None = None,
    explain: bool = False,
    show_secrets: bool = False,
    display: Callable[[str], str] = str,
) -> Rendered:
    """Load the spec and the values files and render them (a block, or an app's blocks)."""
    context = context or Context()

    def variables() -> Variables:
        return context.variables or Variables.from_environment(context.root)

    docs = [_load(path, display, variables) for path in [spec_path, *values_paths]]
    spec_doc, values_docs = docs[0], docs[1:]
    findings = [
        Finding(
            p.rule,
            *((p.file, p.location) if p.file else doc.origin(p.location)),
            p.message,
        )
        for doc in docs
        for p in doc.problems
    ]
    if any(not doc.parsed for doc in docs):
        return Rendered(None, findings)
    detected = detect(spec_doc.data)
    kind = detected.kind if detected else None
    if detected is None or kind not in (
        "block-spec",
        "block-spec-release",
        "app-spec",
        "app-spec-release",
    ):
        findings.append(
            Finding(
                "render-input",
                spec_doc.name,
                Location(1, 1),
                "render takes a block spec, a block spec release or (with --catalog) an "
                f"app spec; this file is {kind_phrase(spec_doc.data)}",
            )
        )
        return Rendered(None, findings)
    spec = Spec(spec_doc, detected, context)
    if kind in ("app-spec", "app-spec-release"):
        result = render_app(
            spec, values_docs, sets, explain=explain, show_secrets=show_secrets
        )
    else:
        result = render_block(
            spec, values_docs, sets, explain=explain, show_secrets=show_secrets
        )
    result.findings[:0] = findings
    return result


def _load(
    path: str, display: Callable[[str], str], variables: Callable[[], Variables]
) -> Document:
    from speclint.files import read
    from speclint.load import Problem, load_bytes

    content = read(path)
    if isinstance(content, str):  # refused before reading, as check refuses it
        doc = Document(display(path), "")
        doc.problems.append(Problem("syntax", Location(1, 1), content))
        return doc
    return load_bytes(content, display(path), variables)


def render_app(
    app_spec: Spec,
    values_docs: list[Document],
    sets: list[str],
    *,
    explain: bool = False,
    show_secrets: bool = False,
) -> Rendered:
    """Every block of an app, each with its own values; app-level values win for the
    parameters the app spec declares too."""
    catalog = app_spec.context.catalog
    if catalog is None:
        raise RenderUsage(
            "rendering an app spec needs --catalog (block spec ids -> files)"
        )
    app, per_block, findings = app_values(values_docs)
    apply_sets(app_spec, app, sets)
    findings += app.findings
    findings += judge(app_spec, app)
    out: dict[str, Any] = {}
    secret_set: set[str] = set()
    names: list[str] = []
    for entry in app_blocks(app_spec):
        where = app_spec.doc.locate(entry.path)
        if entry.spec_id not in catalog:
            findings.append(
                Finding(
                    "catalog-missing",
                    app_spec.doc.name,
                    where,
                    f'block spec "{entry.spec_id}" is not in the catalog '
                    f"{catalog.path.name}; it is not rendered",
                )
            )
            continue
        if entry.block is None:
            continue
        block, name = entry.block, entry.name
        names.append(name)
        block_values = values_for_block(
            app_spec, app, block, per_block.get(name), where
        )
        rendered = render_block(
            block,
            [],
            [],
            explain=explain,
            show_secrets=show_secrets,
            values=block_values,
        )
        findings += rendered.findings
        secret_set |= rendered.secrets
        out[name] = rendered.output
    for name, (doc, path, _) in per_block.items():
        if name not in names:
            findings.append(
                Finding(
                    "param-value-unknown",
                    doc.name,
                    doc.locate(path, on_key=True),
                    f'"{name}" is not a block of this app{did_you_mean(name, names)}',
                )
            )
    return Rendered({"blocks": out}, findings, frozenset(secret_set))
