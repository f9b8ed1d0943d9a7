"""A small JSON Schema interpreter for the keywords press.schema.json uses.

jsonschema is the reference (tests/test_validator_agreement.py proves the two give
the same errors on every fixture and on generated documents); this interpreter exists
because importing jsonschema costs more than checking a file, and an editor-on-save
check pays that on every run. The schema stays the one source of truth: nothing is
generated from it, it is read as it is.

Keywords: $ref (to #/$defs/...), type, enum, const, required, properties,
additionalProperties, items, minimum, maximum, minItems, maxItems, minLength,
allOf, anyOf, oneOf, not, if/then/else. A schema using any other keyword is refused
when the validator is built, so the two cannot drift apart silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class SchemaError:
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


class Validator:
    """Validates instances against one entry of a schema document."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.defs: dict[str, Any] = schema.get("$defs", {})
        _refuse_unknown(schema)

    def iter_errors(self, instance: Any) -> Iterator[SchemaError]:
        found: list[SchemaError] = []
        self._errors(instance, self.schema, (), found)
        return iter(found)

    def _resolve(self, ref: str) -> dict[str, Any]:
        prefix = "#/$defs/"
        if not ref.startswith(prefix):
            raise ValueError(f"unsupported $ref {ref}")
        resolved: dict[str, Any] = self.defs[ref[len(prefix) :]]
        return resolved

    def _errors(
        self, instance: Any, schema: Any, path: Path, out: list[SchemaError]
    ) -> None:
        """Append every error of ``instance`` against ``schema`` to ``out``."""
        if not isinstance(schema, dict):
            return
        if "$ref" in schema:
            self._errors(instance, self._resolve(schema["$ref"]), path, out)
        expected = schema.get("type")
        if expected is not None:
            names = expected if isinstance(expected, list) else (expected,)
            if not any(_is_type(instance, name) for name in names):
                out.append(SchemaError(path, "type", expected, instance, schema))
        if "enum" in schema and not any(_equal(instance, v) for v in schema["enum"]):
            out.append(SchemaError(path, "enum", schema["enum"], instance, schema))
        if "const" in schema and not _equal(instance, schema["const"]):
            out.append(SchemaError(path, "const", schema["const"], instance, schema))
        if isinstance(instance, dict):
            self._object(instance, schema, path, out)
        elif isinstance(instance, list):
            self._array(instance, schema, path, out)
        elif isinstance(instance, str):
            if "minLength" in schema and len(instance) < schema["minLength"]:
                out.append(
                    SchemaError(
                        path, "minLength", schema["minLength"], instance, schema
                    )
                )
        elif _number(instance):
            if "minimum" in schema and instance < schema["minimum"]:
                out.append(
                    SchemaError(path, "minimum", schema["minimum"], instance, schema)
                )
            if "maximum" in schema and instance > schema["maximum"]:
                out.append(
                    SchemaError(path, "maximum", schema["maximum"], instance, schema)
                )
        for sub in schema.get("allOf", ()):
            self._errors(instance, sub, path, out)
        if "anyOf" in schema and not any(
            self._ok(instance, s) for s in schema["anyOf"]
        ):
            out.append(SchemaError(path, "anyOf", schema["anyOf"], instance, schema))
        if "oneOf" in schema:
            matches = sum(1 for s in schema["oneOf"] if self._ok(instance, s))
            if matches != 1:
                out.append(
                    SchemaError(path, "oneOf", schema["oneOf"], instance, schema)
                )
        if "not" in schema and self._ok(instance, schema["not"]):
            out.append(SchemaError(path, "not", schema["not"], instance, schema))
        if "if" in schema:
            branch = "then" if self._ok(instance, schema["if"]) else "else"
            if branch in schema:
                self._errors(instance, schema[branch], path, out)

    def _ok(self, instance: Any, schema: Any) -> bool:
        """Whether ``instance`` is valid: the same judgement, stopping at the first error."""
        if not isinstance(schema, dict):
            return True
        found: list[SchemaError] = []
        self._errors(instance, schema, (), found)
        return not found

    def _object(
        self,
        instance: dict[str, Any],
        schema: dict[str, Any],
        path: Path,
        out: list[SchemaError],
    ) -> None:
        for name in schema.get("required", ()):
            if name not in instance:
                out.append(
                    SchemaError(path, "required", schema["required"], instance, schema)
                )
                break  # one error names every missing key, as the caller reads them
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, value in instance.items():
            if key in properties:
                self._errors(value, properties[key], (*path, key), out)
            elif isinstance(extra, dict):
                self._errors(value, extra, (*path, key), out)
        if extra is False and any(key not in properties for key in instance):
            out.append(
                SchemaError(path, "additionalProperties", False, instance, schema)
            )

    def _array(
        self,
        instance: list[Any],
        schema: dict[str, Any],
        path: Path,
        out: list[SchemaError],
    ) -> None:
        if "minItems" in schema and len(instance) < schema["minItems"]:
            out.append(
                SchemaError(path, "minItems", schema["minItems"], instance, schema)
            )
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            out.append(
                SchemaError(path, "maxItems", schema["maxItems"], instance, schema)
            )
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(instance):
                self._errors(item, items, (*path, index), out)


def _refuse_unknown(schema: Any) -> None:
    """Every keyword of the schema is one this interpreter implements."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key not in KNOWN:
                raise ValueError(
                    f'schema keyword "{key}" is not supported by speclint\'s validator'
                )
            if key in ("properties", "$defs"):
                stack.extend(value.values())
            elif key not in (
                "enum",
                "const",
                "default",
                "examples",
                "required",
                "type",
            ):
                stack.append(value)
