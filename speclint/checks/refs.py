"""``@param:`` references in a block's config: declared, build-time, whole, well typed, used."""

from __future__ import annotations

from collections.abc import Iterator

from speclint import params
from speclint.checks import structure
from speclint.checks.base import did_you_mean
from speclint.model import Hit
from speclint.spec import Spec


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
    """Judged in the one structure pass: each typed reference is validated as a value of
    its parameter's type, and a type error there is this rule's finding."""
    yield from structure.hits(spec)["param-type-mismatch"]


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
