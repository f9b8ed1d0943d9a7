"""Hypothesis strategies: any text, generated Press-shaped documents, mutated fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent

_KEYS = [
    "body",
    "version",
    "kind",
    "metadata",
    "name",
    "summary",
    "release",
    "config",
    "steps",
    "images",
    "image",
    "imageRef",
    "imageDetails",
    "command",
    "parents",
    "type",
    "resources",
    "instanceTypeId",
    "storage",
    "parameters",
    "build",
    "run",
    "defaultValue",
    "options",
    "value",
    "title",
    "hideValue",
    "conditions",
    "dependsOn",
    "operator",
    "properties",
    "scope",
    "tenants",
    "featured",
    "triggers",
    "cron",
    "watchers",
    "user",
    "events",
    "serviceType",
    "spec",
    "id",
    "appParameters",
    "executionParameters",
    "conditional",
    "stepName",
    "parentStatus",
    "artifact",
    "path",
    "<<",
]
_WORDS = [
    "workflow",
    "service",
    "app",
    "standard",
    "http",
    "sql",
    "export",
    "shared",
    "private",
    "public",
    "string",
    "number",
    "boolean",
    "object",
    "object_array",
    "string_array",
    "number_array",
    "@param:x",
    "@param:cmd",
    "python @param:x",
    "load",
    "train",
    "1.0.0",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 100),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(_WORDS),
    st.text(max_size=8),
)

documents: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from([*_KEYS, "x", "load", "train"]), children, max_size=5
        ),
    ),
    max_leaves=40,
)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=False)


press_texts = st.builds(
    _dump,
    st.fixed_dictionaries({"body": documents}, optional={"parameters": documents}),
)

_SOURCES = sorted(
    p.read_text()
    for p in (ROOT / "fixtures").rglob("*")
    if p.suffix in (".yaml", ".yml") and p.is_file() and p.stat().st_size < 20_000
) or ["body: {}\n"]


@st.composite
def mutated_fixtures(draw: st.DrawFn) -> str:
    """A real fixture with lines deleted, duplicated, swapped, retyped or the text cut."""
    text = draw(st.sampled_from(_SOURCES))
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        op = draw(
            st.sampled_from(["delete", "duplicate", "swap", "retype", "cut", "indent"])
        )
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "retype" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = (
                f"{key}: {draw(st.sampled_from(['true', '10', '[]', '{}', 'null', '1.5', 'x']))}"
            )
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
            del lines[i + 1 :]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
    return "\n".join(lines) + "\n"


# -- render: parameter definitions, values and block specs whose references are bound --

#: Parameter and variable names that no credential pattern matches (nothing is masked).
_PARAM_NAMES = [f"p{i}" for i in range(12)]
_PROPERTY_NAMES = ["alpha", "beta", "gamma", "delta"]
_SAFE_TEXT = st.text(
    alphabet=st.characters(
        min_codepoint=32,
        max_codepoint=0x24F,
        blacklist_categories=("Cc", "Cs"),
        blacklist_characters="@\\",
    ),
    max_size=10,
)
_JSON_NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(
        lambda f: round(f, 3)
    ),
)
_SCALAR_VALUES = {
    "boolean": st.booleans(),
    "string": _SAFE_TEXT,
    "number": _JSON_NUMBERS,
}
_ELEMENT = {"string_array": "string", "number_array": "number"}


@st.composite
def param_definitions(draw: st.DrawFn, name: str = "p0") -> dict[str, Any]:
    """A raw parameter definition (no default, not required, not hidden)."""
    from speclint.params import TYPES

    ptype = draw(st.sampled_from(TYPES))
    raw: dict[str, Any] = {"name": name, "type": ptype}
    element = _ELEMENT.get(ptype, ptype)
    if element in _SCALAR_VALUES and draw(st.booleans()):
        values = draw(
            st.lists(_SCALAR_VALUES[element], min_size=1, max_size=4, unique_by=repr)
        )
        raw["options"] = [
            {"title": f"Option {i + 1}", "value": v} for i, v in enumerate(values)
        ]
    if ptype in ("object", "object_array") and draw(st.booleans()):
        names = draw(
            st.lists(
                st.sampled_from(_PROPERTY_NAMES), min_size=1, max_size=3, unique=True
            )
        )
        raw["properties"] = [
            {
                "name": prop,
                "type": draw(st.sampled_from(sorted(_SCALAR_VALUES))),
                **({"required": True} if draw(st.booleans()) else {}),
            }
            for prop in names
        ]
    return raw


def _valid_object(draw: st.DrawFn, raw: dict[str, Any]) -> dict[str, Any]:
    properties = raw.get("properties")
    if properties is None:
        return draw(
            st.dictionaries(st.sampled_from(_PROPERTY_NAMES), _SAFE_TEXT, max_size=3)
        )
    out: dict[str, Any] = {}
    for prop in properties:
        if prop.get("required") or draw(st.booleans()):
            out[prop["name"]] = draw(_SCALAR_VALUES[prop["type"]])
    return out


@st.composite
def valid_values(draw: st.DrawFn, raw: dict[str, Any]) -> Any:
    """A value the definition accepts: its type, its options, its properties."""
    ptype = raw["type"]
    options = [o["value"] for o in raw.get("options", [])]
    if ptype in _SCALAR_VALUES:
        return (
            draw(st.sampled_from(options)) if options else draw(_SCALAR_VALUES[ptype])
        )
    if ptype in _ELEMENT:
        element = (
            st.sampled_from(options) if options else _SCALAR_VALUES[_ELEMENT[ptype]]
        )
        return draw(st.lists(element, max_size=4))
    if ptype == "object":
        return _valid_object(draw, raw)
    return [_valid_object(draw, raw) for _ in range(draw(st.integers(0, 3)))]


#: Any JSON value, with a bias towards the near-misses the checks exist for.
any_values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.booleans(),
        _JSON_NUMBERS,
        _SAFE_TEXT,
        st.sampled_from(["21", "true", "1.5", "", "alpha"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from([*_PROPERTY_NAMES, "other"]), children, max_size=3
        ),
    ),
    max_leaves=8,
)


@st.composite
def values_near(draw: st.DrawFn, raw: dict[str, Any]) -> Any:
    """A value for the definition: valid, or anything at all (never null)."""
    return draw(st.one_of(valid_values(raw), any_values))


def block_spec(
    build: list[dict[str, Any]], run: list[dict[str, Any]], config: Any
) -> dict[str, Any]:
    return {
        "body": {
            "version": 1,
            "kind": "workflow",
            "metadata": {
                "name": "generated-block",
                "summary": "Generated for a property",
            },
            "release": {"version": "1.0.0"},
            "config": config,
        },
        "parameters": {"build": build, "run": run},
    }


@st.composite
def bound_block_specs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """(spec, values fragment): every ``@param:`` in config names a declared build
    parameter that has a default or a given valid value."""
    count = draw(st.integers(1, 6))
    build: list[dict[str, Any]] = []
    given: dict[str, Any] = {}
    for name in _PARAM_NAMES[:count]:
        raw = draw(param_definitions(name))
        mode = draw(st.sampled_from(["default", "given", "both"]))
        if mode in ("default", "both"):
            raw["defaultValue"] = draw(valid_values(raw))
        if mode in ("given", "both"):
            given[name] = draw(valid_values(raw))
        if draw(st.booleans()):
            raw["required"] = True
        build.append(raw)
    names = [d["name"] for d in build]
    refs = draw(st.lists(st.sampled_from(names), min_size=1, max_size=8))
    env = {f"V{i}": f"@param:{name}" for i, name in enumerate(refs)}
    step: dict[str, Any] = {
        "command": "python -m generated.run",
        "image": {"context": ".", "dockerfile": "Dockerfile", "version": "1.0.0"},
        "parameters": {"env": env},
    }
    numbers = [d["name"] for d in build if d["type"] == "number"]
    if numbers:
        step["resources"] = {
            "instanceTypeId": f"@param:{draw(st.sampled_from(numbers))}"
        }
    config: dict[str, Any] = {"steps": {"run": step}}
    arrays = [d["name"] for d in build if d["type"] == "object_array"]
    if arrays:
        config["watchers"] = f"@param:{draw(st.sampled_from(arrays))}"
    run = [{"name": "r0", "type": "string", "defaultValue": "weekly"}]
    values = {"parameters": {"build": given, "run": {}}}
    return block_spec(build, run, config), values
