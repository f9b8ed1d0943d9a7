"""A small JSON Schema validator for the keywords press.schema.json uses.

jsonschema is the reference (tests/test_validator_agreement.py proves the two give
the same errors on every fixture and on generated documents); this validator exists
because importing jsonschema costs more than checking a file, and an editor-on-save
check pays that on every run. The schema stays the one source of truth: nothing is
generated from it ahead of time; each node is read, when first reached, into a
closure that checks the keywords it has, and that closure serves every later file.

Keywords: $ref (to #/$defs/...), type, enum, const, required, properties,
additionalProperties, items, minimum, maximum, minItems, maxItems, minLength,
allOf, anyOf, oneOf, not, if/then/else. A schema using any other keyword is refused
when the validator is built, so the two cannot drift apart silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, TypeAlias

from speclint.model import Path

KNOWN = frozenset(
    {
        "$ref",
        "$schema",
        "$defs",
        "$id",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "type",
        "enum",
        "const",
        "required",
        "properties",
        "additionalProperties",
        "items",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "minLength",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
    }
)


class SchemaError(NamedTuple):
    """One failed keyword, with what jsonschema's ValidationError would carry."""

    path: Path
    validator: str
    validator_value: Any
    instance: Any
    schema: dict[str, Any]

    @property
    def absolute_path(self) -> Path:
        return self.path


def _is_type(instance: Any, name: str) -> bool:
    if name == "object":
        return isinstance(instance, dict)
    if name == "array":
        return isinstance(instance, list)
    if name == "string":
        return isinstance(instance, str)
    if name == "boolean":
        return isinstance(instance, bool)
    if name == "null":
        return instance is None
    if isinstance(instance, bool):
        return False
    if name == "integer":
        return isinstance(instance, int) or (
            isinstance(instance, float) and instance.is_integer()
        )
    if name == "number":
        return isinstance(instance, (int, float))
    return False


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: booleans are not numbers; 1 equals 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return bool(a == b)


def _number(instance: Any) -> bool:
    return isinstance(instance, (int, float)) and not isinstance(instance, bool)


#: Where an instance sits, built on the way down without copying: (parent, key), None
#: at the root. Turned into a Path only when an error is reported (most values have none).
_Link: TypeAlias = "tuple[_Link, Any] | None"
#: Receives one failed keyword: (where, keyword, keyword's value, instance, schema node).
_Report = Callable[[_Link, str, Any, Any, dict[str, Any]], None]
#: A compiled schema node: reports every error of an instance against it.
_Check = Callable[[Any, _Link, _Report], None]


def _nothing(instance: Any, link: _Link, report: _Report) -> None:
    """The check of a node that cannot fail (an annotation-only or boolean schema)."""


class _Invalid(Exception):
    """Raised at the first error when only validity is asked (anyOf, oneOf, not, if)."""


def _stop(
    link: _Link, keyword: str, value: Any, instance: Any, schema: dict[str, Any]
) -> None:
    raise _Invalid


def _valid(check: _Check, instance: Any) -> bool:
    """Whether ``instance`` passes ``check``: the same judgement, stopped at the
    first error."""
    try:
        check(instance, None, _stop)
    except _Invalid:
        return False
    return True


def _path(link: _Link) -> Path:
    keys: list[Any] = []
    while link is not None:
        link, key = link
        keys.append(key)
    keys.reverse()
    return tuple(keys)


#: JSON types that are exactly one Python class each (integer and number are not)
_CLASSES: dict[str, type] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


class Validator:
    """Validates instances against one entry of a schema document.

    Each schema node is compiled once into a closure that checks only the keywords the
    node has (a node behind a ``$ref`` when it is first reached); the validator is
    kept per kind, so the compiled closures serve every file. Error paths are built
    only for errors.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.defs: dict[str, Any] = schema.get("$defs", {})
        #: id of a schema node -> (the node, kept alive so the id stays its own; check)
        self._compiled: dict[int, tuple[Any, _Check]] = {}
        self._check = self._compile(schema)

    def iter_errors(self, instance: Any) -> Iterator[SchemaError]:
        found: list[SchemaError] = []

        def report(
            link: _Link, keyword: str, value: Any, instance: Any, schema: dict[str, Any]
        ) -> None:
            found.append(SchemaError(_path(link), keyword, value, instance, schema))

        self._check(instance, None, report)
        return iter(found)

    def _resolve(self, ref: str) -> dict[str, Any]:
        prefix = "#/$defs/"
        if not ref.startswith(prefix):
            raise ValueError(f"unsupported $ref {ref}")
        resolved: dict[str, Any] = self.defs[ref[len(prefix) :]]
        return resolved

    def _compile(self, node: Any) -> _Check:
        if not isinstance(node, dict):
            return _nothing
        known = self._compiled.get(id(node))
        if known is not None:
            return known[1]
        unknown = node.keys() - KNOWN
        if unknown:  # every keyword is one this validator implements, or it refuses
            raise ValueError(
                f'schema keyword "{min(unknown)}" is not supported by speclint\'s validator'
            )
        steps = [step for step in self._steps(node) if step is not _nothing]
        check = _sequence(steps)
        self._compiled[id(node)] = (node, check)
        return check

    def _steps(self, node: dict[str, Any]) -> Iterator[_Check]:
        """A node's checks, in the order its errors are reported."""
        if "$ref" in node:
            yield self._ref(node["$ref"])
        if node.get("type") is not None:
            yield _type_step(node)
        if "enum" in node:
            yield _enum_step(node)
        if "const" in node:
            yield _const_step(node)
        # at most one of these applies to an instance: dict, list, str or number
        if {"required", "properties", "additionalProperties"} & node.keys():
            yield self._object_step(node)
        if {"minItems", "maxItems", "items"} & node.keys():
            yield self._array_step(node)
        if "minLength" in node:
            yield _min_length_step(node)
        if "minimum" in node or "maximum" in node:
            yield _bounds_step(node)
        for sub in node.get("allOf", ()):
            yield self._compile(sub)
        if "anyOf" in node:
            yield self._any_of_step(node)
        if "oneOf" in node:
            yield self._one_of_step(node)
        if "not" in node:
            yield self._not_step(node)
        if "if" in node:
            yield self._if_step(node)

    def _ref(self, ref: str) -> _Check:
        """The target's check, resolved and compiled when first reached (a schema may
        be recursive, and most of it is never reached by one kind's files)."""
        compiled: _Check | None = None

        def check(instance: Any, link: _Link, report: _Report) -> None:
            nonlocal compiled
            if compiled is None:
                compiled = self._compile(self._resolve(ref))
            compiled(instance, link, report)

        return check

    def _object_step(self, node: dict[str, Any]) -> _Check:
        required = node.get("required", ())
        children = {
            key: self._compile(sub) for key, sub in node.get("properties", {}).items()
        }
        extra = node.get("additionalProperties")
        extra_check = self._compile(extra) if isinstance(extra, dict) else _nothing
        forbid = extra is False
        walk = bool(children) or extra_check is not _nothing or forbid

        def check(instance: Any, link: _Link, report: _Report) -> None:
            if not isinstance(instance, dict):
                return
            for name in required:
                if name not in instance:
                    # one error names every missing key, as the caller reads them
                    report(link, "required", required, instance, node)
                    break
            if not walk:
                return
            unknown = False
            for key, value in instance.items():
                child = children.get(key)
                if child is None:
                    unknown = True
                    if extra_check is not _nothing:
                        extra_check(value, (link, key), report)
                elif child is not _nothing:  # a schema that cannot fail: no call
                    child(value, (link, key), report)
            if unknown and forbid:
                report(link, "additionalProperties", False, instance, node)

        return check

    def _array_step(self, node: dict[str, Any]) -> _Check:
        least = node.get("minItems")
        most = node.get("maxItems")
        items = self._compile(node.get("items"))

        def check(instance: Any, link: _Link, report: _Report) -> None:
            if not isinstance(instance, list):
                return
            if least is not None and len(instance) < least:
                report(link, "minItems", least, instance, node)
            if most is not None and len(instance) > most:
                report(link, "maxItems", most, instance, node)
            if items is not _nothing:
                for index, item in enumerate(instance):
                    items(item, (link, index), report)

        return check

    def _any_of_step(self, node: dict[str, Any]) -> _Check:
        subs = [self._compile(sub) for sub in node["anyOf"]]

        def check(instance: Any, link: _Link, report: _Report) -> None:
            if not any(_valid(sub, instance) for sub in subs):
                report(link, "anyOf", node["anyOf"], instance, node)

        return check

    def _one_of_step(self, node: dict[str, Any]) -> _Check:
        subs = [self._compile(sub) for sub in node["oneOf"]]

        def check(instance: Any, link: _Link, report: _Report) -> None:
            if sum(1 for sub in subs if _valid(sub, instance)) != 1:
                report(link, "oneOf", node["oneOf"], instance, node)

        return check

    def _not_step(self, node: dict[str, Any]) -> _Check:
        sub = self._compile(node["not"])

        def check(instance: Any, link: _Link, report: _Report) -> None:
            if _valid(sub, instance):
                report(link, "not", node["not"], instance, node)

        return check

    def _if_step(self, node: dict[str, Any]) -> _Check:
        condition = self._compile(node["if"])
        then = self._compile(node["then"]) if "then" in node else _nothing
        otherwise = self._compile(node["else"]) if "else" in node else _nothing

        def check(instance: Any, link: _Link, report: _Report) -> None:
            branch = then if _valid(condition, instance) else otherwise
            branch(instance, link, report)

        return check


def _sequence(steps: list[_Check]) -> _Check:
    if not steps:
        return _nothing
    if len(steps) == 1:
        return steps[0]
    if len(steps) == 2:  # the most common node: a type and the keywords of that type
        first, second = steps

        def pair(instance: Any, link: _Link, report: _Report) -> None:
            first(instance, link, report)
            second(instance, link, report)

        return pair

    def sequence(instance: Any, link: _Link, report: _Report) -> None:
        for step in steps:
            step(instance, link, report)

    return sequence


def _type_step(node: dict[str, Any]) -> _Check:
    expected = node["type"]
    names = expected if isinstance(expected, list) else [expected]
    if all(name in _CLASSES for name in names):
        # one isinstance call (a bool is never an integer or number here)
        classes = tuple(_CLASSES[name] for name in names)

        def by_class(instance: Any, link: _Link, report: _Report) -> None:
            if not isinstance(instance, classes):
                report(link, "type", expected, instance, node)

        return by_class

    def by_name(instance: Any, link: _Link, report: _Report) -> None:
        if not any(_is_type(instance, name) for name in names):
            report(link, "type", expected, instance, node)

    return by_name


def _enum_step(node: dict[str, Any]) -> _Check:
    choices = node["enum"]
    if all(isinstance(choice, str) for choice in choices):
        # JSON equality with a string is string equality: a set lookup
        strings = frozenset(choices)

        def among_strings(instance: Any, link: _Link, report: _Report) -> None:
            if not (isinstance(instance, str) and instance in strings):
                report(link, "enum", choices, instance, node)

        return among_strings

    def among(instance: Any, link: _Link, report: _Report) -> None:
        if not any(_equal(instance, choice) for choice in choices):
            report(link, "enum", choices, instance, node)

    return among


def _const_step(node: dict[str, Any]) -> _Check:
    constant = node["const"]

    def equal(instance: Any, link: _Link, report: _Report) -> None:
        if not _equal(instance, constant):
            report(link, "const", constant, instance, node)

    return equal


def _min_length_step(node: dict[str, Any]) -> _Check:
    least = node["minLength"]

    def check(instance: Any, link: _Link, report: _Report) -> None:
        if isinstance(instance, str) and len(instance) < least:
            report(link, "minLength", least, instance, node)

    return check


def _bounds_step(node: dict[str, Any]) -> _Check:
    has_least, least = "minimum" in node, node.get("minimum")
    has_most, most = "maximum" in node, node.get("maximum")

    def check(instance: Any, link: _Link, report: _Report) -> None:
        if not _number(instance):
            return
        if has_least and instance < least:
            report(link, "minimum", least, instance, node)
        if has_most and instance > most:
            report(link, "maximum", most, instance, node)

    return check
