"""The parameter type system and the one ``@param:`` grammar (lint and render share it).

A definition is read once into a :class:`ParamDef`; values (defaults, options,
deployment values) are judged by :func:`check_value`, which yields
``(path, message)`` pairs and never knows line numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from speclint.model import Path
from speclint.suggest import did_you_mean

TYPES = (
    "boolean",
    "string",
    "string_array",
    "number",
    "number_array",
    "object",
    "object_array",
)

_TYPE_WORDS = {
    "boolean": "a boolean",
    "string": "a string",
    "string_array": "a list of strings",
    "number": "a number",
    "number_array": "a list of numbers",
    "object": "an object (a mapping)",
    "object_array": "a list of objects (mappings)",
}

#: ``@param:NAME``; the name is what the Press server looks up among the definitions.
_NAME = r"[A-Za-z0-9_][A-Za-z0-9_.\-]*"
WHOLE_REF = re.compile(rf"@param:({_NAME})")
ANY_REF = re.compile(rf"@param:({_NAME})?")

MISSING: Any = object()


class Issue(NamedTuple):
    """A problem with a value: where (inside the value's path) and what."""

    path: Path
    message: str
    on_key: bool = (
        False  # point at the key of ``path`` (an unknown or missing property)
    )


def whole_ref(value: Any) -> str | None:
    """The parameter name when ``value`` is exactly ``"@param:NAME"``."""
    if isinstance(value, str) and value.startswith("@param:"):
        match = WHOLE_REF.fullmatch(value)
        if match:
            return match.group(1)
    return None


def bare_ref(value: Any) -> bool:
    """``"@param:"`` with no name after it."""
    return isinstance(value, str) and value.strip() == "@param:"


def embedded_refs(value: Any) -> list[str]:
    """``@param:`` references inside a longer string (the server does not substitute them)."""
    if not isinstance(value, str) or "@param:" not in value or whole_ref(value):
        return []
    if bare_ref(value):
        return []
    return [m.group(0) for m in ANY_REF.finditer(value)]


def type_words(ptype: str) -> str:
    return _TYPE_WORDS.get(ptype, f'of type "{ptype}"')


def describe(value: Any) -> str:
    """What a value is, in the words of YAML: "a string", "a boolean", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def is_number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and not (isinstance(value, float) and not math.isfinite(value))
    )


def has_type(value: Any, ptype: str) -> bool:
    """Strict: a YAML ``true`` is not a number and ``"10"`` is not a number."""
    if ptype == "boolean":
        return isinstance(value, bool)
    if ptype == "string":
        return isinstance(value, str)
    if ptype == "number":
        return is_number(value)
    if ptype == "string_array":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if ptype == "number_array":
        return isinstance(value, list) and all(is_number(v) for v in value)
    if ptype == "object":
        return isinstance(value, dict)
    if ptype == "object_array":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    return True  # an unknown type is reported by the structure rules


def same_value(a: Any, b: Any) -> bool:
    """Equality without Python's ``True == 1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(
            same_value(x, y) for x, y in zip(a, b, strict=True)
        )
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    return bool(type(a) is type(b) or (is_number(a) and is_number(b))) and a == b


class ParamDef:
    __slots__ = (
        "default",
        "hide",
        "name",
        "options",
        "path",
        "properties",
        "raw",
        "required",
        "section",
        "type",
    )

    def __init__(
        self,
        section: str,
        name: str,
        type: str | None,
        path: Path,
        required: bool = False,
        default: Any = MISSING,
        options: tuple[tuple[Path, Any], ...] | None = None,
        hide: bool = False,
        properties: tuple[ParamDef, ...] | None = None,
        raw: dict[str, Any] | None = None,
    ) -> None:
        self.section = section  # "build" or "run" ("" for object properties)
        self.name = name
        self.type = type
        self.path = path  # the definition mapping
        self.required = required
        self.default = default
        self.options = options  # (path of value, value)
        self.hide = hide
        self.properties = properties
        self.raw: dict[str, Any] = raw if raw is not None else {}

    @property
    def has_default(self) -> bool:
        return self.default is not MISSING

    def option_values(self) -> list[Any]:
        return [value for _, value in self.options or ()]

    def hidden_values(self) -> list[Any]:
        """Every value written for a hidden parameter: default and options, however
        the options are written (a malformed option must not leak either)."""
        found = [self.default] if self.has_default else []
        raw = self.raw.get("options")
        for item in raw if isinstance(raw, list) else []:
            found.append(item.get("value") if isinstance(item, dict) else item)
        return found


def read_definition(raw: Any, path: Path, section: str) -> ParamDef | None:
    """A definition mapping -> ParamDef (None when it is not a mapping with a name)."""
    if not isinstance(raw, dict):
        return None
    name = raw.get("name")
    if not isinstance(name, str):
        return None
    ptype = raw.get("type") if isinstance(raw.get("type"), str) else None
    options = None
    raw_options = raw.get("options")
    if isinstance(raw_options, list):
        options = tuple(
            ((*path, "options", i, "value"), item["value"])
            for i, item in enumerate(raw_options)
            if isinstance(item, dict) and "value" in item
        )
    properties = None
    raw_properties = raw.get("properties")
    if isinstance(raw_properties, list):
        properties = tuple(
            d
            for i, item in enumerate(raw_properties)
            if (d := read_definition(item, (*path, "properties", i), "")) is not None
        )
    return ParamDef(
        section=section,
        name=name,
        type=ptype,
        path=path,
        required=raw.get("required") is True,
        default=raw.get("defaultValue", MISSING),
        options=options,
        hide=_truthy(raw.get("hideValue")),
        properties=properties,
        raw=raw,
    )


def _truthy(value: Any) -> bool:
    """hideValue as the server may read it: a misspelt ``"true"`` must still hide
    (value-type reports the spelling; the value stays masked meanwhile)."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return value is True or value == 1


def quote(value: Any, hide: bool) -> str:
    """A value for a message: short, JSON-like, and never a hidden one."""
    if hide:
        return "(hidden)"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f'"{text}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    return describe(value)


def check_value(
    definition: ParamDef, value: Any, path: Path, what: str
) -> Iterator[Issue]:
    """Judge a value against a definition: its type (with object properties) and options.

    ``what`` names the value in messages (``the default value of parameter "n"``).
    """
    problems = list(check_type(definition, value, path, what))
    yield from problems
    if not problems:
        yield from check_options(definition, value, path, what)


def _noun(definition: ParamDef) -> str:
    return "property" if definition.section == "" else "parameter"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def check_type(
    definition: ParamDef, value: Any, path: Path, what: str
) -> Iterator[Issue]:
    """The value has the parameter's type; objects also match their ``properties``."""
    ptype = definition.type
    if ptype is None or ptype not in TYPES:
        return
    needs = f"{_article(ptype)} {ptype} {_noun(definition)} needs {type_words(ptype)}"
    if ptype.endswith("_array") and isinstance(value, list):
        element = element_type(ptype)
        for index, item in enumerate(value):
            if not has_type(item, element):
                text = shown(item, definition.hide)
                yield Issue(
                    (*path, index), f"item {index + 1} of {what} is {text}; {needs}"
                )
    elif not has_type(value, ptype):
        yield Issue(path, f"{what} is {shown(value, definition.hide)}; {needs}")
        return
    for item_path, item_what, item in _objects(definition, value, path, what):
        yield from _object_types(definition, item, item_path, item_what)


def check_options(
    definition: ParamDef, value: Any, path: Path, what: str
) -> Iterator[Issue]:
    """The value (for arrays, every element) is among the options, when there are any;
    object properties likewise, recursively."""
    ptype = definition.type
    if ptype is None or not has_type(value, ptype):
        return
    if definition.options:
        allowed = definition.option_values()
        is_array = ptype.endswith("_array")
        choices = ", ".join(quote(choice, definition.hide) for choice in allowed[:8])
        if len(allowed) > 8:
            choices += ", ..."
        for index, item in enumerate(value if is_array else [value]):
            if any(same_value(item, choice) for choice in allowed):
                continue
            text = quote(item, definition.hide)
            if is_array:
                yield Issue(
                    (*path, index),
                    f"item {index + 1} of {what} is {text}, which is not one of the "
                    f"options: {choices}",
                )
            else:
                yield Issue(
                    path,
                    f"{what} is {text}, which is not one of its options: {choices}",
                )
    for item_path, item_what, item in _objects(definition, value, path, what):
        properties = {p.name: p for p in definition.properties or ()}
        for key, prop_value in item.items():
            prop = properties.get(key)
            if prop is not None and has_type(prop_value, prop.type or ""):
                yield from check_options(
                    prop,
                    prop_value,
                    (*item_path, key),
                    f'property "{key}" of {item_what}',
                )


def _objects(
    definition: ParamDef, value: Any, path: Path, what: str
) -> Iterator[tuple[Path, str, dict[str, Any]]]:
    """The mappings of an object or object_array value that have declared properties."""
    if definition.properties is None:
        return
    if definition.type == "object" and isinstance(value, dict):
        yield path, what, value
    elif definition.type == "object_array" and isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield (*path, index), f"item {index + 1} of {what}", item


def _object_types(
    definition: ParamDef, value: dict[str, Any], path: Path, what: str
) -> Iterator[Issue]:
    properties = {p.name: p for p in definition.properties or ()}
    for prop in definition.properties or ():
        if prop.required and prop.name not in value:
            yield Issue(path, f'{what} lacks the required property "{prop.name}"', True)
    for key, item in value.items():
        declared = properties.get(key)
        if declared is None:
            known = ", ".join(f'"{name}"' for name in properties) or "none"
            yield Issue(
                (*path, key),
                f'{what} has the property "{key}", which is not declared '
                f"(declared: {known})",
                True,
            )
            continue
        yield from check_type(
            declared, item, (*path, key), f'property "{key}" of {what}'
        )


def element_type(ptype: str) -> str:
    """The type of one option value: the element type for arrays."""
    return {
        "string_array": "string",
        "number_array": "number",
        "object_array": "object",
    }.get(ptype, ptype)


def shown(value: Any, hide: bool) -> str:
    """How a message shows a value: its kind, and the value itself when short and not hidden."""
    kind = describe(value)
    if hide or isinstance(value, (list, dict)) or value is None:
        return kind
    return f"{kind} ({quote(value, hide)})"


# -- values given by deployments -----------------------------------------------------


class ValueProblem(NamedTuple):
    """A problem with the values of one section, relative to where they were given."""

    rule: str
    name: str  # the parameter the problem is about
    subpath: Path  # inside the value (an array item, an object property)
    message: str
    given: bool = True  # False: the value is missing (positioned at the section)
    on_key: bool = False  # point at the key of subpath (unknown or missing property)


def condition_holds(condition: Any, resolved: dict[str, Any]) -> bool:
    """One ``conditions`` item against the resolved values (basic or composite)."""
    if not isinstance(condition, dict):
        return True
    if "conditionType" in condition:
        inner = condition.get("conditions")
        items = inner if isinstance(inner, list) else []
        results = [condition_holds(item, resolved) for item in items]
        if condition.get("conditionType") == "OR":
            return any(results)
        return all(results)
    name = condition.get("dependsOn")
    if not isinstance(name, str):
        return True
    present = name in resolved
    equal = present and same_value(resolved[name], condition.get("value"))
    if condition.get("operator") == "not-equals":
        return not equal
    return equal


def applies(definition: ParamDef, resolved: dict[str, Any]) -> bool:
    """A parameter with conditions applies (and is required) only while they all hold."""
    conditions = definition.raw.get("conditions")
    if not isinstance(conditions, list):
        return True
    return all(condition_holds(c, resolved) for c in conditions)


def resolve(definitions: dict[str, ParamDef], given: dict[str, Any]) -> dict[str, Any]:
    """Given values over defaults, in declaration order (a parameter with neither is
    absent); given names the spec does not declare follow, for the checks to report."""
    resolved: dict[str, Any] = {}
    for name, definition in definitions.items():
        if name in given:
            resolved[name] = given[name]
        elif definition.has_default:
            resolved[name] = definition.default
    resolved.update((n, v) for n, v in given.items() if n not in definitions)
    return resolved


def value_problems(
    section: str,
    definitions: dict[str, ParamDef],
    given: dict[str, Any],
    *,
    resolved_all: dict[str, Any],
    require: bool,
    other_section: dict[str, ParamDef] | None = None,
) -> Iterator[ValueProblem]:
    """Judge the values given for one section (``build`` or ``run``).

    ``resolved_all`` holds every resolved value (both sections) for conditions;
    ``require`` is false for partial updates (a patch), which need not repeat values.
    """
    names = list(definitions)
    for name, value in given.items():
        definition = definitions.get(name)
        if definition is None:
            if other_section is not None and name in other_section:
                where = "run" if section == "build" else "build"
                message = (
                    f'"{name}" is a {where} parameter, given here as a {section} value'
                )
            else:
                message = (
                    f'{section} parameter "{name}" is not declared by the spec'
                    f"{did_you_mean(name, names)}"
                )
            yield ValueProblem("param-value-unknown", name, (), message)
            continue
        what = f'the value of {section} parameter "{name}"'
        problems = list(check_type(definition, value, (), what))
        for issue in problems:
            yield ValueProblem(
                "param-value-invalid",
                name,
                issue.path,
                issue.message,
                on_key=issue.on_key,
            )
        if not problems:
            for issue in check_options(definition, value, (), what):
                yield ValueProblem(
                    "param-value-not-in-options", name, issue.path, issue.message
                )
    if not require:
        return
    for name, definition in definitions.items():
        if not definition.required or name in given or definition.has_default:
            continue
        if not applies(definition, resolved_all):
            continue
        yield ValueProblem(
            "param-value-missing",
            name,
            (),
            f'required {section} parameter "{name}" has no value and no default',
            given=False,
        )
