"""Values a deployment gives: read from files and ``--set``, judged, positioned.

Shared by ``speclint render`` and by the deployment checks of ``speclint check``; the
judging itself is the one implementation in :mod:`speclint.params`.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from speclint import params
from speclint.kinds import detect
from speclint.load import Document
from speclint.model import Location, Path
from speclint.params import ParamDef
from speclint.spec import Spec, dig
from speclint.suggest import did_you_mean

if TYPE_CHECKING:
    from speclint.catalog import Catalog

SECTIONS = ("build", "run")


class Finding(NamedTuple):
    rule: str
    file: str
    location: Location
    message: str
    #: the data path in ``file`` when it is a loaded document (checks use it)
    path: Path | None = None
    on_key: bool = False


class Origin(NamedTuple):
    """Where a value came from, for diagnostics and ``--explain``."""

    label: str  # "default", "values.yaml:12", "--set"
    file: str
    path: Path  # inside that file (empty for --set and defaults)
    location: Location
    doc: Document | None = None


class Values:
    """The values a deployment gives, section -> name -> (value, origin)."""

    __slots__ = ("findings", "given", "last_file", "sections")

    def __init__(
        self,
        given: dict[str, dict[str, tuple[Any, Origin]]] | None = None,
        sections: dict[str, tuple[Document, Path] | None] | None = None,
        last_file: tuple[Document, Path] | None = None,
        findings: list[Finding] | None = None,
    ) -> None:
        self.given: dict[str, dict[str, tuple[Any, Origin]]] = (
            given if given is not None else {"build": {}, "run": {}}
        )
        #: where each values file keeps each section (for "required but missing")
        self.sections: dict[str, tuple[Document, Path] | None] = (
            sections if sections is not None else {"build": None, "run": None}
        )
        self.last_file = last_file
        self.findings: list[Finding] = findings if findings is not None else []


# -- reading values -------------------------------------------------------------------


def value_sections(doc: Document) -> tuple[dict[str, Path], bool] | None:
    """Where a values file keeps its sections: section -> path; and whether it is partial.

    Any block deployment file (create, revision, patch) or a bare
    ``parameters: {build, run}`` fragment gives values.
    """
    detected = detect(doc.data)
    if detected is None:
        return None
    spec = Spec(doc, detected)
    body = spec.body_path
    kind = detected.kind
    if kind in ("block-deployment", "block-deployment-revision"):
        return {s: (*body, "parameters", s) for s in SECTIONS}, kind.endswith(
            "revision"
        )
    if kind == "parameter-values":
        return {s: ("parameters", s) for s in SECTIONS}, False
    if kind == "patch-parameters":
        return {"run": body}, True
    if kind == "block-patch-parameters-v2":
        return {"run": (*body, "parameters")}, True
    return None


def read_values(docs: list[Document]) -> Values:
    values = Values()
    for doc in docs:
        located = value_sections(doc) if doc.parsed else None
        if located is None:
            if doc.parsed:
                values.findings.append(
                    Finding(
                        "render-input",
                        doc.name,
                        Location(1, 1),
                        f"--values takes a block deployment, a deployment revision, a "
                        f"patch-parameters file or a bare `parameters: {{build, run}}` "
                        f"fragment; this file is {kind_phrase(doc.data)}",
                    )
                )
            continue
        sections, _partial = located
        values.last_file = (doc, _holder(doc, next(iter(sections.values()))))
        for section, path in sections.items():
            mapping = dig(doc.data, path)
            if mapping is None:
                continue
            values.sections[section] = (doc, path)
            if not isinstance(mapping, dict):
                values.findings.append(
                    Finding(
                        "param-value-invalid",
                        doc.name,
                        doc.locate(path),
                        f'"{section}" values must be a mapping of parameter names to values',
                    )
                )
                continue
            for name, value in mapping.items():
                if value is None:
                    continue  # the peak CLI drops nulls: the default applies
                where = doc.locate((*path, name), on_key=True)
                origin = Origin(
                    f"{doc.name}:{where.line}", doc.name, (*path, name), where, doc
                )
                values.given[section][name] = (value, origin)
    return values


def _holder(doc: Document, section_path: Path) -> Path:
    """The mapping that holds a values file's sections (``parameters:``), or the
    nearest part of that path that the file has."""
    path = section_path[:-1] if len(section_path) > 0 else ()
    while path and dig(doc.data, path) is None:
        path = path[:-1]
    return path


def kind_phrase(data: Any) -> str:
    """ "a block deployment", "an app spec", or "not a Press file"."""
    from speclint.kinds import KINDS

    detected = detect(data)
    if detected is None:
        return "not a Press file"
    title = KINDS[detected.kind].title
    return f"{'an' if title[:1] in 'aeiou' else 'a'} {title}"


def apply_sets(spec: Spec, values: Values, sets: list[str]) -> None:
    """``--set NAME=VALUE`` (or ``build.NAME=`` / ``run.NAME=``), typed by the definition."""
    build, run = spec.declared("build"), spec.declared("run")
    for index, argument in enumerate(sets, start=1):
        name, sep, text = argument.partition("=")
        column = len(name) + 2
        section = None
        if name.startswith(("build.", "run.")):
            section, _, name = name.partition(".")
        where = Location(index, column)

        def fail(rule: str, message: str, at: Location = where) -> None:
            values.findings.append(Finding(rule, "--set", at, message))

        if not sep or not name:
            fail(
                "param-value-invalid",
                f"--set argument {index} must be NAME=VALUE",
                Location(index, 1),
            )
            continue
        if section is None:
            if name in build and name in run:
                fail(
                    "param-value-unknown",
                    f'"{name}" is both a build and a run parameter; write build.{name}= '
                    f"or run.{name}=",
                    Location(index, 1),
                )
                continue
            section = "run" if name in run else "build"
        definitions = build if section == "build" else run
        definition = definitions.get(name)
        if definition is None:
            other = run if section == "build" else build
            if name in other:
                message = (
                    f'--set {section}.{name}: "{name}" is a '
                    f"{'run' if section == 'build' else 'build'} parameter"
                )
            else:
                hint = did_you_mean(name, list(build) + list(run))
                message = (
                    f'--set names "{name}", which is not a parameter of the spec{hint}'
                )
            fail("param-value-unknown", message, Location(index, 1))
            continue
        ok, value = parse_set_value(definition, text)
        if not ok:
            why = value if not definition.hide else "the value does not fit its type"
            fail(
                "param-value-invalid",
                f'--set {name}: {why} ("{name}" is a {definition.type} parameter)',
            )
            continue
        values.given[section][name] = (value, Origin("--set", "--set", (), where))


#: compiled on first use (by ``re``'s cache): only ``--set`` values need it
_INT = r"[-+]?\d+"


def parse_set_value(definition: ParamDef, text: str) -> tuple[bool, Any]:
    """(True, typed value) or (False, why not). Whole numbers stay integers."""
    ptype = definition.type or "string"
    if ptype == "string":
        return True, text
    if ptype == "number":
        return _number(text)
    if ptype == "boolean":
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "on", "1"):
            return True, True
        if lowered in ("false", "no", "off", "0"):
            return True, False
        return False, f'"{text}" is not true or false'
    if ptype in ("object", "object_array") or text.lstrip().startswith("["):
        try:
            return True, json.loads(text)
        except json.JSONDecodeError as err:
            return False, f"cannot read {json.dumps(text)} as JSON ({err.msg.lower()})"
    items = [item.strip() for item in text.split(",")] if text.strip() else []
    if ptype == "number_array":
        numbers = []
        for item in items:
            ok, number = _number(item)
            if not ok:
                return False, number
            numbers.append(number)
        return True, numbers
    return True, items  # string_array


def _number(text: str) -> tuple[bool, Any]:
    stripped = text.strip()
    if re.fullmatch(_INT, stripped):
        return True, int(stripped)
    try:
        number = float(stripped)
    except ValueError:
        return False, f'"{text}" is not a number'
    if number != number or number in (float("inf"), float("-inf")):
        return False, f'"{text}" is not a finite number'
    return True, number


# -- judging values -------------------------------------------------------------------


def judge(spec: Spec, values: Values, *, require: bool = True) -> list[Finding]:
    """The value checks of every section, positioned where each value was given."""
    found: list[Finding] = []
    declared = {s: spec.declared(s) for s in SECTIONS}
    given = {s: {n: v for n, (v, _) in values.given[s].items()} for s in SECTIONS}
    resolved_all: dict[str, Any] = {}
    for section in SECTIONS:
        resolved_all.update(params.resolve(declared[section], given[section]))
    for section in SECTIONS:
        other = declared["run" if section == "build" else "build"]
        for problem in params.value_problems(
            section,
            declared[section],
            given[section],
            resolved_all=resolved_all,
            require=require,
            other_section=other,
        ):
            found.append(_position(spec, values, section, problem))
    return found


def _position(
    spec: Spec, values: Values, section: str, problem: params.ValueProblem
) -> Finding:
    if problem.given:
        _, origin = values.given[section][problem.name]
        if origin.doc is None:  # --set, or an app default
            return Finding(problem.rule, origin.file, origin.location, problem.message)
        on_key = problem.rule == "param-value-unknown" or problem.on_key
        path = (*origin.path, *problem.subpath)
        where = origin.doc.locate(path, on_key=on_key)
        return Finding(problem.rule, origin.file, where, problem.message, path, on_key)
    holder = values.sections.get(section) or values.last_file
    if holder is not None:
        doc, path = holder
        where = doc.locate(path, on_key=True)
        return Finding(problem.rule, doc.name, where, problem.message, path, True)
    definition = spec.declared(section).get(problem.name)
    path = definition.path if definition else (spec.params_path or ())
    return Finding(problem.rule, spec.doc.name, spec.doc.locate(path), problem.message)


def app_values(
    docs: list[Document],
) -> tuple[Values, dict[str, tuple[Document, Path, dict[str, Any]]], list[Finding]]:
    """App-level values, and block name -> (file, path, {build, run}) from app deployments."""
    app = Values()
    blocks: dict[str, tuple[Document, Path, dict[str, Any]]] = {}
    findings: list[Finding] = []
    for doc in docs:
        detected = detect(doc.data) if doc.parsed else None
        kind = detected.kind if detected else None
        if detected is None or kind not in (
            "app-deployment",
            "app-deployment-revision",
        ):
            findings.append(
                Finding(
                    "render-input",
                    doc.name,
                    Location(1, 1),
                    "rendering an app takes app deployment or app deployment revision "
                    f"files as --values; this file is {kind_phrase(doc.data)}",
                )
            )
            continue
        spec = Spec(doc, detected)
        body = spec.body_path
        app.last_file = (doc, _holder(doc, (*body, "parameters", "x")))
        for section in SECTIONS:
            path = (*body, "appParameters", section)
            mapping = dig(doc.data, path)
            if isinstance(mapping, dict):
                app.sections[section] = (doc, path)
                for name, value in mapping.items():
                    where = doc.locate((*path, name), on_key=True)
                    origin = Origin(
                        f"{doc.name}:{where.line}", doc.name, (*path, name), where, doc
                    )
                    app.given[section][name] = (value, origin)
        per_block = dig(doc.data, (*body, "parameters"))
        if isinstance(per_block, dict):
            for name, sections in per_block.items():
                if isinstance(sections, dict):
                    blocks[name] = (doc, (*body, "parameters", name), sections)
    return app, blocks, findings


def values_for_block(
    app_spec: Spec,
    app: Values,
    block: Spec,
    given: tuple[Document, Path, dict[str, Any]] | None,
    where: Location,
) -> Values:
    """A block's values inside an app deployment.

    The block's own ``parameters.<block name>`` values, except that a parameter the
    app spec declares too takes the app-level value (given or the app's default).
    """
    values = Values()
    values.last_file = app.last_file
    if given is not None:
        doc, path, sections = given
        values.last_file = (doc, path)
        for section in SECTIONS:
            mapping = sections.get(section)
            if isinstance(mapping, dict):
                values.sections[section] = (doc, (*path, section))
                for name, value in mapping.items():
                    at = doc.locate((*path, section, name), on_key=True)
                    label = f"{doc.name}:{at.line}"
                    origin = Origin(label, doc.name, (*path, section, name), at, doc)
                    values.given[section][name] = (value, origin)
    for section in SECTIONS:
        app_declared = app_spec.declared(section)
        app_given = {n: v for n, (v, _) in app.given[section].items()}
        app_resolved = params.resolve(app_declared, app_given)
        for name in block.declared(section):
            if name not in app_resolved:
                continue
            pair = app.given[section].get(name)
            origin = (
                pair[1] if pair else Origin("app default", app_spec.doc.name, (), where)
            )
            values.given[section][name] = (app_resolved[name], origin)
    return values


class AppBlock(NamedTuple):
    """One block an app spec names: its id, where the id is, and its spec file."""

    spec_id: str
    path: Path
    block: Spec | None  # None: not in the catalog, or not a block spec

    @property
    def name(self) -> str:
        return (self.block.name if self.block else None) or self.spec_id


def app_blocks(app_spec: Spec, catalog: Catalog | None = None) -> list[AppBlock]:
    """The blocks an app spec names, found through ``catalog`` (default: the app
    spec's own context, which an app spec read from a catalog does not have)."""
    catalog = catalog or app_spec.context.catalog
    config = app_spec.config if isinstance(app_spec.config, list) else []
    found = []
    for index, item in enumerate(config):
        spec_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(spec_id, str):
            continue
        block = (
            catalog.spec(spec_id)
            if catalog is not None and spec_id in catalog
            else None
        )
        if block is not None and not block.is_block_spec:
            block = None
        found.append(AppBlock(spec_id, (*app_spec.config_path, index, "id"), block))
    return found
