"""Hypothesis strategies: any text, generated Press-shaped documents, mutated fixtures.

The data-level mutations (``mutate_data``, ``dump_text``, ``cut_text``) are plain
functions of a ``random.Random``: the strategies draw that from Hypothesis, and
``bench/fuzz.py`` runs the same functions for minutes from a seed.
"""

from __future__ import annotations

import copy
import functools
import json
import random
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


# -- data-level mutations of real fixtures (shared with bench/fuzz.py) ------------------

MUTATIONS = ("delete", "duplicate", "retype", "reorder", "rename", "move")

_NAMES = [*_KEYS, "x", "load", "train", "env", "secrets", "name", "type", "password"]


@functools.cache
def fixture_data() -> tuple[tuple[str, Any], ...]:
    """(path, data) of every fixture that YAML or JSON reads (no templates)."""
    found: list[tuple[str, Any]] = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.suffix not in (".yaml", ".yml", ".json") or not path.is_file():
            continue
        if path.stat().st_size > 20_000:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "{{" in text or "{%" in text:
            continue
        try:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            continue
        if isinstance(data, (dict, list)):
            found.append((str(path.relative_to(ROOT)), data))
    return tuple(found)


def node_paths(data: Any, limit: int = 5000) -> list[tuple[Any, ...]]:
    """Every path into ``data`` (the root is ``()``), breadth first, at most ``limit``."""
    paths: list[tuple[Any, ...]] = [()]
    queue: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while queue and len(paths) < limit:
        path, node = queue.pop(0)
        items = (
            list(node.items())
            if isinstance(node, dict)
            else list(enumerate(node))
            if isinstance(node, list)
            else []
        )
        for key, child in items:
            paths.append((*path, key))
            queue.append(((*path, key), child))
    return paths


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _typo(name: str, rnd: random.Random) -> str:
    if len(name) < 2:
        return name + "x"
    i = rnd.randrange(len(name))
    return name[:i] + name[i + 1 :]


def retyped(node: Any, rnd: random.Random) -> Any:
    """A value of another type (or a near miss) in place of ``node``."""
    options: list[Any] = [
        None,
        True,
        False,
        0,
        -1,
        21,
        1.5,
        10**30,
        float("inf"),
        "",
        "x",
        "yes",
        "1.0.0",
        "10",
        "@param:x",
        "@param:" + _typo(str(node)[:20], rnd),
        "python @param:x",
        [],
        {},
        [node],
        {"x": node},
        {"name": "x", "type": "string"},
        str(node)[:40],
        "\u00e9\u4e2d\U0001f600",
        "a" * rnd.choice((100, 2000)),
    ]
    return copy.deepcopy(rnd.choice(options))


def _shuffle(node: Any, rnd: random.Random) -> None:
    if isinstance(node, list):
        rnd.shuffle(node)
    elif isinstance(node, dict):
        items = list(node.items())
        rnd.shuffle(items)
        node.clear()
        node.update(items)


def mutate_data(data: Any, rnd: random.Random, steps: int = 1) -> Any:
    """A copy of ``data`` with ``steps`` nodes deleted, duplicated, retyped, reordered,
    renamed or moved (never the input itself)."""
    data = copy.deepcopy(data)
    for _ in range(steps):
        paths = node_paths(data)
        path = rnd.choice(paths)
        op = rnd.choice(MUTATIONS)
        if not path:
            if op == "retype":
                data = retyped(data, rnd)
            else:
                _shuffle(data, rnd)
            continue
        parent, key = _at(data, path[:-1]), path[-1]
        if op == "delete":
            del parent[key]
        elif op == "duplicate":
            twin = copy.deepcopy(parent[key])
            if isinstance(parent, list):
                parent.insert(key, twin)
            else:
                parent[rnd.choice([*parent, rnd.choice(_NAMES)])] = twin
        elif op == "retype":
            parent[key] = retyped(parent[key], rnd)
        elif op == "reorder":
            _shuffle(
                parent[key] if isinstance(parent[key], (dict, list)) else parent, rnd
            )
        elif op == "rename" and isinstance(parent, dict):
            new = rnd.choice(
                [_typo(str(key), rnd), rnd.choice(_NAMES), str(key).upper()]
            )
            renamed = {(new if k == key else k): v for k, v in parent.items()}
            parent.clear()
            parent.update(renamed)
        elif op == "move":
            moved = parent.pop(key)
            targets = [
                p for p in node_paths(data) if isinstance(_at(data, p), (dict, list))
            ]
            target = _at(data, rnd.choice(targets)) if targets else None
            if isinstance(target, list):
                target.insert(rnd.randint(0, len(target)), moved)
            elif isinstance(target, dict):
                target[rnd.choice(_NAMES)] = moved
    return data


def dump_text(data: Any, rnd: random.Random, json_ok: bool = True) -> tuple[str, str]:
    """(text, suffix): block or flow YAML, indented or one-line JSON."""
    style = rnd.choice(("block", "block", "flow", "json", "json-line"))
    if style.startswith("json") and json_ok:
        try:
            indent = 2 if style == "json" else None
            return json.dumps(data, indent=indent, default=str, allow_nan=True), ".json"
        except (TypeError, ValueError):
            pass
    text = yaml.safe_dump(
        data,
        sort_keys=False,
        allow_unicode=rnd.random() < 0.5,
        default_flow_style=style == "flow",
        width=rnd.choice((80, 10**6)),
    )
    return text, ".yaml"


def cut_text(text: str, rnd: random.Random) -> str:
    """The text itself most of the time; else cut, a slice dropped, a line doubled
    (duplicate keys), two lines swapped, a line moved left or right, junk inserted."""
    op = rnd.choice(
        ("keep", "keep", "keep", "cut", "slice", "double", "swap", "shift", "junk")
    )
    if not text or op == "keep":
        return text
    if op == "cut":
        return text[: rnd.randrange(len(text))]
    if op == "slice":
        i = rnd.randrange(len(text))
        return text[:i] + text[i + rnd.randint(1, 40) :]
    if op == "junk":
        i = rnd.randrange(len(text) + 1)
        junk = rnd.choice(
            [
                "\t",
                "\x00",
                "&a ",
                "*a",
                "!!python/name:os.system ",
                "- ",
                "{",
                "]",
                ": ",
                "\ufeff",
                "\r",
                "'",
                '"',
                "#",
                "<<: *a\n",
                "---\n",
                "\u2028",
            ]
        )
        return text[:i] + junk + text[i:]
    lines = text.split("\n")
    i = rnd.randrange(len(lines))
    if op == "double":
        lines.insert(i, lines[i])
    elif op == "swap":
        j = rnd.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines[i] = (
            (" " * rnd.randint(1, 4) + lines[i])
            if rnd.random() < 0.5
            else lines[i].lstrip()
        )
    return "\n".join(lines)


def mutated_fixture(rnd: random.Random) -> tuple[str, str, str]:
    """(the fixture it came from, the mutated text, its suffix)."""
    source, data = rnd.choice(fixture_data())
    mutated = mutate_data(data, rnd, rnd.randint(1, 4))
    text, suffix = dump_text(mutated, rnd)
    return source, cut_text(text, rnd), suffix


@st.composite
def data_mutated_fixtures(draw: st.DrawFn) -> tuple[str, str]:
    """(text, file name): a real fixture mutated as data, dumped, maybe cut."""
    rnd = draw(st.randoms(use_true_random=False))
    _, text, suffix = mutated_fixture(rnd)
    return text, "spec" + suffix


# -- render inputs: generated or real specs and values, mutated -----------------------------


@functools.cache
def render_sources() -> tuple[tuple[Any, Any], ...]:
    """(spec data, values data) of the block render cases in fixtures/render/."""
    found = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for case in sorted((ROOT / "fixtures" / "render").iterdir()):
        if not (case / "args").is_file() or (case / "catalog.yaml").exists():
            continue
        specs = [
            p for p in case.iterdir() if ".workflow." in p.name or ".release" in p.name
        ]
        values = [
            p
            for p in case.iterdir()
            if p.suffix in (".yaml", ".json") and p not in specs
        ]
        if len(specs) != 1:
            continue
        spec = yaml.load(specs[0].read_text(), Loader=loader)
        value = yaml.load(values[0].read_text(), Loader=loader) if values else None
        found.append((spec, value))
    return tuple(found)


def declared_names(spec: Any) -> list[str]:
    """The parameter names a spec declares (whatever shape the data has taken)."""
    params = spec.get("parameters") if isinstance(spec, dict) else None
    names = []
    if isinstance(params, dict):
        for section in params.values():
            if isinstance(section, list):
                names += [
                    d["name"]
                    for d in section
                    if isinstance(d, dict) and isinstance(d.get("name"), str)
                ]
    return names


_SET_VALUES = [
    "5",
    "2.5",
    "true",
    "x",
    "",
    "[1, 2]",
    '{"alpha": 1}',
    "a,b",
    "nan",
    "1e999",
    "@param:x",
]


def render_case(
    rnd: random.Random, spec: Any, values: Any
) -> tuple[dict[str, str], list[str]]:
    """(file name -> text, arguments after ``render``), maybe mutated and cut."""
    if rnd.random() < 0.6:
        spec = mutate_data(spec, rnd, rnd.randint(1, 3))
    spec_text, spec_suffix = dump_text(spec, rnd)
    files = {
        "spec" + spec_suffix: cut_text(spec_text, rnd)
        if rnd.random() < 0.3
        else spec_text
    }
    args = ["spec" + spec_suffix]
    if values is not None:
        if rnd.random() < 0.5:
            values = mutate_data(values, rnd, rnd.randint(1, 3))
        values_text, values_suffix = dump_text(values, rnd)
        if rnd.random() < 0.2:
            values_text = cut_text(values_text, rnd)
        files["values" + values_suffix] = values_text
        args += ["--values", "values" + values_suffix]
    names = declared_names(spec) or ["p0"]
    for _ in range(rnd.choice((0, 0, 1, 2))):
        name = rnd.choice([*names, "nope"])
        prefix = rnd.choice(("", "", "build.", "run."))
        args += ["--set", f"{prefix}{name}={rnd.choice(_SET_VALUES)}"]
    args += ["--format", rnd.choice(("yaml", "json"))]
    if rnd.random() < 0.3:
        args.append("--explain")
    return files, args


@st.composite
def render_inputs(draw: st.DrawFn) -> tuple[dict[str, str], list[str]]:
    """Specs and values for ``render``: generated (bound_block_specs) or real render
    cases, mutated as data, dumped as YAML or JSON, maybe cut; some ``--set``."""
    if draw(st.booleans()):
        spec, values = draw(bound_block_specs())
    else:
        spec, values = draw(st.sampled_from(render_sources()))
    rnd = draw(st.randoms(use_true_random=False))
    return render_case(rnd, spec, values)
