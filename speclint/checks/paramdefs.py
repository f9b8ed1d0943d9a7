"""The parameter type system: definitions, defaults, options, conditions, sections."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from speclint import params
from speclint.checks.base import did_you_mean
from speclint.kinds import SPEC_KINDS
from speclint.model import Hit, Path
from speclint.params import ParamDef
from speclint.spec import Spec


def _all(spec: Spec) -> Iterator[tuple[ParamDef, str]]:
    """Every definition, nested properties included, with how messages name it."""
    stack = [(d, f'parameter "{d.name}"') for d in reversed(spec.definitions)]
    while stack:
        definition, label = stack.pop()
        yield definition, label
        for prop in reversed(definition.properties or ()):
            stack.append((prop, f'property "{prop.name}" of {label}'))


def _name_line(spec: Spec, definition: ParamDef) -> int:
    return spec.doc.locate((*definition.path, "name")).line


def duplicate(spec: Spec) -> Iterator[Hit]:
    first: dict[tuple[str, str], ParamDef] = {}
    count: dict[tuple[str, str], int] = {}
    for definition in spec.definitions:
        key = (definition.section, definition.name)
        count[key] = count.get(key, 0) + 1
        if key in first:
            times = "twice" if count[key] == 2 else f"{count[key]} times"
            yield Hit(
                (*definition.path, "name"),
                f'{definition.section} parameter "{definition.name}" is declared {times}; '
                f"first declared at line {_name_line(spec, first[key])}",
            )
        else:
            first[key] = definition
    for owner, label in _all(spec):
        seen: dict[str, ParamDef] = {}
        for prop in owner.properties or ():
            if prop.name in seen:
                yield Hit(
                    (*prop.path, "name"),
                    f'{label} declares the property "{prop.name}" twice; first '
                    f"declared at line {_name_line(spec, seen[prop.name])}",
                )
            else:
                seen[prop.name] = prop


def section_clash(spec: Spec) -> Iterator[Hit]:
    build = spec.declared("build")
    reported: set[str] = set()
    for definition in spec.definitions:
        if definition.section != "run" or definition.name not in build:
            continue
        if definition.name in reported:
            continue
        reported.add(definition.name)
        line = _name_line(spec, build[definition.name])
        yield Hit(
            (*definition.path, "name"),
            f'parameter "{definition.name}" is declared both as a build parameter '
            f"(line {line}) and as a run parameter",
        )


def _defaults(
    spec: Spec, judge: Callable[..., Iterator[params.Issue]]
) -> Iterator[Hit]:
    """Every default value (nested properties' too), judged by one of params' checks."""
    for definition, label in _all(spec):
        if definition.has_default:
            path = (*definition.path, "defaultValue")
            what = f"the default value of {label}"
            for issue in judge(definition, definition.default, path, what):
                yield Hit(issue.path, issue.message, issue.on_key)


def default_invalid(spec: Spec) -> Iterator[Hit]:
    return _defaults(spec, params.check_type)


def default_not_in_options(spec: Spec) -> Iterator[Hit]:
    return _defaults(spec, params.check_options)


def option_invalid(spec: Spec) -> Iterator[Hit]:
    for definition, label in _all(spec):
        if not definition.options or definition.type not in params.TYPES:
            continue
        ptype = definition.type or ""
        element = params.element_type(ptype)
        article = "an" if ptype[:1] in "aeiou" else "a"
        for path, value in definition.options:
            if params.has_type(value, element):
                continue
            what = f"option {int(path[-2]) + 1} of {label}"
            shown = params.shown(value, definition.hide)
            if ptype.endswith("_array"):
                needs = f"each option of {article} {ptype} parameter must be {params.type_words(element)}"
            else:
                needs = f"{article} {ptype} parameter needs {params.type_words(ptype)}"
            yield Hit(path, f"{what} is {shown}; {needs}")


def options_empty(spec: Spec) -> Iterator[Hit]:
    for definition, label in _all(spec):
        if definition.raw.get("options") == []:
            yield Hit(
                (*definition.path, "options"),
                f"{label} has an empty options list; give at least one option or remove it",
            )


def hide_non_string(spec: Spec) -> Iterator[Hit]:
    for definition, label in _all(spec):
        if (
            definition.hide
            and definition.type in params.TYPES
            and definition.type != "string"
        ):
            yield Hit(
                (*definition.path, "hideValue"),
                f"hideValue applies to string parameters; {label} is "
                f"{'an' if (definition.type or '')[:1] in 'aeiou' else 'a'} {definition.type}",
            )


def condition_unknown(spec: Spec) -> Iterator[Hit]:
    declared = [d.name for d in spec.definitions]
    names = set(declared)
    for definition in spec.definitions:
        conditions = definition.raw.get("conditions")
        if not isinstance(conditions, list):
            continue
        stack: list[tuple[Path, Any]] = [
            ((*definition.path, "conditions", i), c) for i, c in enumerate(conditions)
        ]
        while stack:
            path, condition = stack.pop()
            if not isinstance(condition, dict):
                continue
            inner = condition.get("conditions")
            if isinstance(inner, list):
                stack.extend(((*path, "conditions", i), c) for i, c in enumerate(inner))
            target = condition.get("dependsOn")
            if isinstance(target, str) and target not in names:
                yield Hit(
                    (*path, "dependsOn"),
                    f'a condition of parameter "{definition.name}" depends on "{target}", '
                    f"which is not declared{did_you_mean(target, declared)}",
                )


def section_unknown(spec: Spec) -> Iterator[Hit]:
    if spec.params_path is None or spec.kind_id not in SPEC_KINDS:
        return
    sections = spec.get(spec.params_path)
    if not isinstance(sections, dict):
        return
    for key in sections:
        if key not in ("build", "run"):
            yield Hit(
                (*spec.params_path, key),
                f'"{key}" is not a parameter section; parameters take only "build" and '
                f'"run"{did_you_mean(key, ["build", "run"])}',
                on_key=True,
            )
