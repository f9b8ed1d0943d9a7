"""``@param:`` references in a block's config: declared, build-time, whole, well typed, used."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from speclint import params
from speclint.checks import structure
from speclint.checks.base import did_you_mean, name_of
from speclint.model import Hit, Path
from speclint.spec import Spec

#: A value of each parameter type, substituted for references to check the field's type.
_SAMPLE: dict[str, Any] = {
    "boolean": True,
    "string": "text",
    "number": 1,
    "string_array": ["text"],
    "number_array": [1],
    "object": {},
    "object_array": [{}],
}


def undefined(spec: Spec) -> Iterator[Hit]:
    build, run = spec.declared("build"), spec.declared("run")
    for path, text in spec.strings:
        if params.bare_ref(text):
            yield Hit(path, '"@param:" names no parameter; write "@param:NAME"')
    for ref in spec.refs:
        if ref.name not in build and ref.name not in run:
            hint = did_you_mean(ref.name, list(build) + list(run))
            yield Hit(ref.path, f'parameter "{ref.name}" is not declared{hint}')


def run_in_config(spec: Spec) -> Iterator[Hit]:
    build, run = spec.declared("build"), spec.declared("run")
    for ref in spec.refs:
        if ref.name in run and ref.name not in build:
            yield Hit(
                ref.path,
                f'"@param:{ref.name}" names a run parameter; config takes only build '
                "parameters (run values are not fixed when the block is built)",
            )


def embedded(spec: Spec) -> Iterator[Hit]:
    for path, text in spec.strings:
        for ref in params.embedded_refs(text):
            yield Hit(
                path,
                f'"{ref}" inside a longer string is left as written; only a whole value '
                '"@param:NAME" is substituted',
            )


def type_mismatch(spec: Spec) -> Iterator[Hit]:
    build = spec.declared("build")
    targets: dict[Path, params.ParamDef] = {}
    for ref in spec.refs:
        definition = build.get(ref.name)
        if definition is not None and definition.type in _SAMPLE:
            targets[ref.path] = definition
    if not targets:
        return
    instance, written = structure.instance_of(spec)
    config_path = spec.config_path
    config = _config_of(instance, spec)
    if config is None:
        return
    config = copy.deepcopy(config)
    holder = {"config": config}
    for path, definition in targets.items():
        _put(
            holder,
            ("config", *path[len(config_path) :]),
            _SAMPLE[definition.type or ""],
        )
    substituted = _with_config(instance, spec, holder["config"])
    validator = structure.validator(spec.kind_id, spec.detected.layout)
    reported: set[Path] = set()
    for error in validator.iter_errors(substituted):
        if error.validator != "type":
            continue
        path = structure.doc_path(error.absolute_path, written)
        ref_path = next(
            (path[:n] for n in range(len(path), 0, -1) if path[:n] in targets), None
        )
        if ref_path is None or ref_path in reported:
            continue
        reported.add(ref_path)
        definition = targets[ref_path]
        field = name_of(ref_path)
        if ref_path == path:
            wanted = structure.type_words(error.validator_value)
        else:
            wanted = (
                f"a list of {structure.type_words(error.validator_value, plural=True)}"
            )
        yield Hit(
            ref_path,
            f'parameter "{definition.name}" is {params.type_words(definition.type or "")}, '
            f"but {field} must be {wanted}",
        )


def unused(spec: Spec) -> Iterator[Hit]:
    if not spec.is_block_spec:
        return
    used = {ref.name for ref in spec.refs}
    for _, text in spec.strings:
        used.update(m.group(1) for m in params.ANY_REF.finditer(text) if m.group(1))
    used.update(_condition_targets(spec))
    seen: set[str] = set()
    for definition in spec.definitions:
        if (
            definition.section != "build"
            or definition.name in used
            or definition.name in seen
        ):
            continue
        seen.add(definition.name)
        yield Hit(
            definition.path,
            f'build parameter "{definition.name}" is declared but never referenced',
        )


def _config_of(instance: Any, spec: Spec) -> Any:
    body = instance.get("body") if spec.cli and isinstance(instance, dict) else instance
    return body.get("config") if isinstance(body, dict) else None


def _with_config(instance: Any, spec: Spec, config: Any) -> Any:
    if spec.cli:
        return {**instance, "body": {**instance["body"], "config": config}}
    return {**instance, "config": config}


def _put(root: Any, path: Path, value: Any) -> None:
    node = root
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _condition_targets(spec: Spec) -> set[str]:
    """Parameters that other parameters' conditions depend on (a toggle is used)."""
    names: set[str] = set()
    stack = [d.raw.get("conditions") for d in spec.definitions]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if isinstance(node.get("dependsOn"), str):
                names.add(node["dependsOn"])
            stack.append(node.get("conditions"))
    return names
