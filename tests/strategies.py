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
