"""The JSON Schemas of every Press file kind (structure only), in one document.

``press.schema.json`` keeps one ``$defs`` entry per kind and layout (``file.<kind>``
for the CLI layout, ``body.<kind>`` for the bare API body) beside the shared
components; :func:`schema_for` returns a self-contained schema for one of them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_FILE = Path(__file__).with_name("press.schema.json")
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@cache
def document() -> dict[str, Any]:
    with _FILE.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def entry_name(kind: str, layout: str) -> str:
    return f"{'file' if layout == 'cli' else 'body'}.{kind}"


def schema_for(kind: str, layout: str) -> dict[str, Any]:
    """A self-contained schema for one kind and layout."""
    defs = document()["$defs"]
    name = entry_name(kind, layout)
    entry = defs[name]
    return {
        "$schema": DIALECT,
        "title": entry.get("title", name),
        "description": entry.get("description", ""),
        "$ref": f"#/$defs/{name}",
        "$defs": defs,
    }
