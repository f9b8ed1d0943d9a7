"""Structure: required keys, types, enums and bounds, from the JSON Schema of each kind.

The schema is validated once per file (speclint's own interpreter of the schema, which
agrees with jsonschema and costs no jsonschema import); every error is rewritten into the spec's own words and sorted into one of the
structure rules. Unknown top-level keys of a CLI file are judged by hand, against
what the peak CLI keeps of them.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from speclint import params, schemas
from speclint.checks.base import did_you_mean, name_of
from speclint.kinds import RELEASE_KINDS, snake
from speclint.model import Hit, Path
from speclint.spec import Spec

_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "a string",
    "boolean": "a boolean (true or false)",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}
_RELEASE_DROPPED = {"featured", "scope", "tenants"}


@cache
def validator(kind: str, layout: str) -> Any:
    """The validator of one kind and layout (speclint's interpreter of the schema,
    which gives the errors jsonschema gives without importing it)."""
    from speclint.schemas.validate import Validator

    return Validator(schemas.schema_for(kind, layout))


def _strip_nulls(value: Any) -> Any:
    """What the peak CLI sends: null values inside mappings are removed (not in lists).

    A value holding no null is returned as it is, not copied (nothing changes the
    instance): most files hold none, and copying them cost more than looking.
    """
    if isinstance(value, (dict, list)) and _holds_null(value):
        return _without_nulls(value)
    return value


def _holds_null(value: dict[Any, Any] | list[Any]) -> bool:
    """Some mapping inside ``value`` (or ``value`` itself) has a null value."""
    stack = [value]
    while stack:
        node: Any = stack.pop()
        if isinstance(node, dict):
            node = node.values()
            if None in node:
                return True
        for item in node:
            if isinstance(item, (dict, list)):
                stack.append(item)
    return False


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def instance_of(spec: Spec) -> tuple[Any, dict[str, str]]:
    """The instance to validate, and canonical top-level key -> key as written."""
    data = spec.data
    if not spec.cli:
        return _strip_nulls(data), {}
    canonical = {snake(k): k for k in spec.kind.top_keys}
    if spec.kind_id in RELEASE_KINDS:
        canonical.update({k: k for k in _RELEASE_DROPPED})
    instance: dict[str, Any] = {}
    written: dict[str, str] = {}
    for key, value in data.items():
        name = canonical.get(snake(key))
        if name is not None and value is not None:
            instance[name] = _strip_nulls(value)
            written[name] = key
    return instance, written


def hits(spec: Spec) -> dict[str, list[Hit]]:
    """All structure findings of a file, by rule id (computed once per file)."""
    cached = spec.memo.get("structure")
    if cached is None:
        cached = spec.memo["structure"] = _compute(spec)
    return cached


def _compute(spec: Spec) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = {
        "param-type-mismatch": [],
        "missing-key": [],
        "value-type": [],
        "value-enum": [],
        "value-bound": [],
        "unknown-key": [],
        "unknown-top-level-key": list(_unknown_top_level(spec)),
    }
    instance, written = instance_of(spec)
    targets = _typed_refs(spec)
    if targets:
        instance = _substituted(instance, spec, targets)
    mismatches: dict[Path, tuple[Any, Path]] = {}
    missing: dict[tuple[Path, str], Any] = {}
    unknown: list[tuple[Path, str, list[str]]] = []
    for error in validator(spec.kind_id, spec.detected.layout).iter_errors(instance):
        path = doc_path(error.absolute_path, written)
        covering = _covering(path, targets) if targets else None
        if covering is not None:
            # a value of the parameter's type stands in for the reference: only its
            # type is judged, and that is param-type-mismatch's finding
            if error.validator == "type" and covering not in mismatches:
                mismatches[covering] = (error, path)
            continue
        if params.whole_ref(error.instance) is not None and _in_config(spec, path):
            continue  # a reference the reference rules judge (undeclared, run, untyped)
        keyword = error.validator
        if keyword == "required":
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    missing[(path, name)] = error.instance
        elif keyword == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    unknown.append((path, key, allowed))
        elif keyword == "type":
            written_as = spec.doc.plain.get(path)
            message = _type_message(
                path, error.instance, error.validator_value, written_as
            )
            out["value-type"].append(Hit(path, message))
        elif keyword in ("enum", "const"):
            choices = (
                error.validator_value if keyword == "enum" else [error.validator_value]
            )
            out["value-enum"].append(
                Hit(path, _enum_message(path, error.instance, choices))
            )
        else:
            out["value-bound"].append(
                Hit(
                    path,
                    _bound_message(
                        path, error.instance, keyword, error.validator_value
                    ),
                )
            )
    typos: set[tuple[Path, str]] = set()
    for (path, name), _ in sorted(
        missing.items(), key=lambda item: (str(item[0][0]), item[0][1])
    ):
        owner = name_of(path)
        original = spec.get(path)
        message = f'{owner} is missing the required key "{name}"'
        target = Hit(path, message, on_key=True)
        if isinstance(original, dict) and name in original and original[name] is None:
            target = Hit(
                (*path, name),
                f'"{name}" of {owner} is empty (null); the peak CLI drops null values, '
                f"so the required key is missing",
                on_key=True,
            )
        else:
            for upath, key, _allowed in unknown:
                if upath == path and did_you_mean(key, [name]):
                    typos.add((upath, key))
                    target = Hit(
                        (*path, key),
                        f'{message}; "{key}" looks like a misspelling of it',
                        on_key=True,
                    )
                    break
        out["missing-key"].append(target)
    for ref_path, (error, path) in mismatches.items():
        definition = targets[ref_path]
        if ref_path == path:
            wanted = type_words(error.validator_value)
        else:
            wanted = f"a list of {type_words(error.validator_value, plural=True)}"
        out["param-type-mismatch"].append(
            Hit(
                ref_path,
                f'parameter "{definition.name}" is {params.type_words(definition.type or "")}, '
                f"but {name_of(ref_path)} must be {wanted}",
            )
        )
    for path, key, allowed in unknown:
        if (path, key) in typos:
            continue
        out["unknown-key"].append(
            Hit(
                (*path, key),
                f'unknown key "{key}" in {name_of(path)}{did_you_mean(key, allowed)}',
                on_key=True,
            )
        )
    return out


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


def _typed_refs(spec: Spec) -> dict[Path, params.ParamDef]:
    """Whole-value references in config to build parameters of a known type."""
    if not spec.refs:
        return {}
    build = spec.declared("build")
    return {
        ref.path: build[ref.name]
        for ref in spec.refs
        if ref.name in build and build[ref.name].type in _SAMPLE
    }


def _covering(path: Path, targets: dict[Path, Any]) -> Path | None:
    """The reference at ``path`` or above it, if any."""
    for end in range(len(path), 0, -1):
        if path[:end] in targets:
            return path[:end]
    return None


def _substituted(
    instance: Any, spec: Spec, targets: dict[Path, params.ParamDef]
) -> Any:
    """The instance with a value of each referenced parameter's type in place of the
    reference. ``instance`` is left as it is: only the mappings and lists on the way
    from the config to a reference are copied, the rest is shared."""
    body = instance.get("body") if spec.cli and isinstance(instance, dict) else instance
    config = body.get("config") if isinstance(body, dict) else None
    if config is None:
        return instance
    holder: dict[str, Any] = {"config": config}
    made = {id(holder)}  # the copies made here, which may be changed in place
    for path, definition in targets.items():
        node: Any = holder
        relative = ("config", *path[len(spec.config_path) :])
        for part in relative[:-1]:
            child = node[part]
            if id(child) not in made:
                child = node[part] = child.copy()
                made.add(id(child))
            node = child
        # shared, not copied: the validator and the messages only read the instance
        node[relative[-1]] = _SAMPLE[definition.type or ""]
    config = holder["config"]
    if spec.cli:
        return {**instance, "body": {**instance["body"], "config": config}}
    return {**instance, "config": config}


def _in_config(spec: Spec, path: Path) -> bool:
    prefix = spec.config_path
    return spec.is_block_spec and path[: len(prefix)] == prefix


def doc_path(parts: Any, written: dict[str, str]) -> Path:
    path: list[str | int] = list(parts)
    if path and written and isinstance(path[0], str):
        path[0] = written.get(path[0], path[0])
    return tuple(path)


def _unknown_top_level(spec: Spec) -> Iterator[Hit]:
    if not spec.cli or not isinstance(spec.data, dict):
        return
    allowed = {snake(k): k for k in spec.kind.top_keys}
    if spec.kind_id in RELEASE_KINDS:
        allowed.update({k: k for k in _RELEASE_DROPPED})
    for key in spec.data:
        if snake(key) in allowed:
            continue
        hint = did_you_mean(key, list(allowed.values()))
        if spec.kind_id.startswith("app-spec") and snake(key) == "auto_run_on_deploy":
            hint = "; in an app spec it belongs on each item of body.config"
        elif "deployment" in spec.kind_id and snake(key) in (
            "parameters",
            "app_parameters",
        ):
            hint = "; deployment values go inside body"
        yield Hit(
            (key,),
            f'unknown top-level key "{key}": `{spec.kind.command}` drops it without a word{hint}',
            on_key=True,
        )


def _field(path: Path) -> str:
    last = path[-1] if path else None
    if isinstance(last, str):
        return f'"{last}"'
    return name_of(path)


_PLURAL_WORDS = {
    "integer": "whole numbers",
    "number": "numbers",
    "string": "strings",
    "boolean": "booleans",
    "array": "lists",
    "object": "mappings",
}


def type_words(expected: Any, plural: bool = False) -> str:
    names = expected if isinstance(expected, list) else [expected]
    words = _PLURAL_WORDS if plural else _TYPE_WORDS
    return " or ".join(words.get(str(n), str(n)) for n in names)


def _type_message(path: Path, value: Any, expected: Any, written_as: str | None) -> str:
    wanted = type_words(expected)
    got = params.describe(value)
    names = expected if isinstance(expected, list) else [expected]
    if written_as is not None and "string" in names and not isinstance(value, str):
        return (
            f"{_field(path)} must be {wanted}, not {got} (YAML reads {written_as} as "
            f'{_short(value)}); quote it: "{written_as}"'
        )
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        got += f" ({_short(value)})"
    elif isinstance(value, bool):
        got += f" ({'true' if value else 'false'})"
    return f"{_field(path)} must be {wanted}, not {got}"


def _enum_message(path: Path, value: Any, choices: list[Any]) -> str:
    shown = ", ".join(_short(c) for c in choices)
    hint = (
        did_you_mean(value, [c for c in choices if isinstance(c, str)])
        if isinstance(value, str)
        else ""
    )
    return f"{_field(path)} is {_short(value)}; expected one of {shown}{hint}"


def _bound_message(path: Path, value: Any, validator: str, limit: Any) -> str:
    what = _field(path)
    if validator == "maximum":
        return f"{what} is {_short(value)}; the most allowed is {limit}"
    if validator == "minimum":
        return f"{what} is {_short(value)}; the least allowed is {limit}"
    if validator == "minItems":
        if not value:
            return f"{what} is an empty list; it needs at least {limit} item{'s' if limit != 1 else ''}"
        return f"{what} has {len(value)} items; it needs at least {limit}"
    if validator == "maxItems":
        return f"{what} has {len(value)} items; the most allowed is {limit}"
    if validator == "minLength":
        if value == "":
            return f"{what} is an empty string"
        return f"{what} is shorter than {limit} characters"
    return f"{what} is not valid here ({validator})"


def _short(value: Any) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(text, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return repr(value)
    return params.describe(value)


def top_level_duplicates(spec: Spec) -> Iterator[Hit]:
    """Two top-level keys of a CLI file that the peak CLI converts to the same name."""
    if not spec.cli or not isinstance(spec.data, dict):
        return
    first: dict[str, str] = {}
    for key in spec.data:
        name = snake(key)
        if name in first:
            line = spec.doc.locate((first[name],), on_key=True).line
            yield Hit(
                (key,),
                f'key "{key}" repeats "{first[name]}" of line {line} (the peak CLI reads '
                f"both as {name}); the last one wins",
                on_key=True,
            )
        else:
            first[name] = key
