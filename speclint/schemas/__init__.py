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


DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def export(kind: str, layout: str, draft: str = "07") -> dict[str, Any]:
    """The schema of one kind for editors and other validators.

    draft-07 keeps the same content with ``$defs`` renamed to ``definitions`` (what
    draft-07 tools expect) and every ``$ref`` pointing there; 2020-12 is the schema as
    speclint uses it.
    """
    exported = schema_for(kind, layout)
    exported["$defs"] = _with_param_refs(exported["$defs"])
    if draft == "2020-12":
        return exported
    text = json.dumps(exported).replace('"#/$defs/', '"#/definitions/')
    converted: dict[str, Any] = json.loads(text)
    converted["definitions"] = converted.pop("$defs")
    converted["$schema"] = DRAFT_07
    ref = converted.pop("$ref")
    # a draft-07 $ref replaces its siblings: keep the entry point in an allOf
    converted["allOf"] = [{"$ref": ref}]
    return converted


PARAM_REF = {
    "title": "Parameter reference",
    "description": "A build parameter's value, substituted when the block is deployed.",
    "type": "string",
    "pattern": "^@param:[A-Za-z0-9_][A-Za-z0-9_.-]*$",
}
_CONFIG_ROOTS = ("workflowConfig", "serviceConfig")


def _with_param_refs(defs: dict[str, Any]) -> dict[str, Any]:
    """Every value inside a block's config may be a whole ``"@param:NAME"`` string.

    speclint's own checks judge references by hand; a schema given to other tools says
    so explicitly: each value schema under config becomes ``anyOf [it, reference]``.
    """
    defs = json.loads(json.dumps(defs))
    reachable: set[str] = set()
    pending = list(_CONFIG_ROOTS)
    while pending:
        name = pending.pop()
        if name in reachable or name not in defs:
            continue
        reachable.add(name)
        pending.extend(
            ref.split("/")[-1]
            for ref in _refs(defs[name])
            if ref.startswith("#/$defs/")
        )
    defs["paramRef"] = PARAM_REF
    for name in reachable:
        defs[name] = _wrap_children(defs[name])
    return defs


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        for value in node.values():
            found.extend(_refs(value))
        return found
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def _wrap(node: Any) -> Any:
    if not isinstance(node, dict) or not ({"type", "$ref"} & set(node)):
        return node
    inner = {
        k: v for k, v in node.items() if k not in ("title", "description", "default")
    }
    wrapped = {k: node[k] for k in ("title", "description", "default") if k in node}
    wrapped["anyOf"] = [_wrap_children(inner), {"$ref": "#/$defs/paramRef"}]
    return wrapped


def _wrap_children(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    out = dict(node)
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: _wrap(v) for k, v in out["properties"].items()}
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = _wrap(out[key])
    for key in ("allOf", "anyOf", "oneOf"):
        if isinstance(out.get(key), list):
            out[key] = [_wrap_children(item) for item in out[key]]
    for key in ("then", "else"):
        if isinstance(out.get(key), dict):
            out[key] = _wrap_children(out[key])
    return out
