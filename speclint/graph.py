"""The step DAG of a workflow as a Mermaid flowchart or a Graphviz digraph.

Nodes are steps (name, type and image source); edges run from a parent to the steps
that name it (``parents``; ``parentStatus`` parents dashed; a conditional step's
``stepName`` dotted); triggers start the steps that have no parents.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from speclint.spec import Spec


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    detail: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    style: str  # "parent", "status", "condition", "trigger"


def _image(step: dict[str, Any]) -> str:
    if "imageRef" in step:
        return f"imageRef {step['imageRef']}"
    if "imageDetails" in step:
        details = step["imageDetails"]
        ident = details.get("id") if isinstance(details, dict) else None
        return f"imageDetails {ident}" if ident is not None else "imageDetails"
    if "image" in step:
        image = step["image"]
        dockerfile = image.get("dockerfile") if isinstance(image, dict) else None
        return f"image {dockerfile}" if dockerfile else "image"
    return ""


def _model(spec: Spec) -> tuple[list[Node], list[Edge], list[Node]]:
    ids: dict[str, str] = {}
    nodes: list[Node] = []
    for index, step in enumerate(spec.steps):
        body = step.value if isinstance(step.value, dict) else {}
        step_type = str(body.get("type", "standard"))
        detail = ", ".join(
            x for x in (step_type, _image(body) if step_type == "standard" else "") if x
        )
        ids[step.name] = f"s{index}"
        nodes.append(Node(f"s{index}", step.name, detail))
    edges: list[Edge] = []
    roots = []
    for step in spec.steps:
        body = step.value if isinstance(step.value, dict) else {}
        listed = body.get("parents")
        parents: list[Any] = listed if isinstance(listed, list) else []
        for parent in parents:
            if parent in ids:
                edges.append(Edge(ids[parent], ids[step.name], "parent"))
        execution = body.get("executionParameters")
        execution = execution if isinstance(execution, dict) else {}
        for item in execution.get("parentStatus") or []:
            for parent in (item.get("parents") or []) if isinstance(item, dict) else []:
                if parent in ids and parent not in parents:
                    edges.append(Edge(ids[parent], ids[step.name], "status"))
        for item in execution.get("conditional") or []:
            name = item.get("stepName") if isinstance(item, dict) else None
            if name in ids:
                edges.append(Edge(ids[name], ids[step.name], "condition"))
        if not parents:
            roots.append(ids[step.name])
    triggers: list[Node] = []
    config = spec.config if isinstance(spec.config, dict) else {}
    for index, trigger in enumerate(config.get("triggers") or []):
        if isinstance(trigger, dict) and "cron" in trigger:
            triggers.append(Node(f"t{index}", "cron", str(trigger["cron"])))
        elif isinstance(trigger, dict) and trigger.get("webhook"):
            triggers.append(Node(f"t{index}", "webhook", ""))
    for trigger in triggers:
        edges.extend(Edge(trigger.id, root, "trigger") for root in roots)
    return nodes, edges, triggers


def mermaid(spec: Spec) -> str:
    nodes, edges, triggers = _model(spec)
    lines = ["flowchart TD"]
    for trigger in triggers:
        label = f"{trigger.name} {trigger.detail}".strip()
        lines.append(f'  {trigger.id}(["{_mermaid_text(label)}"])')
    for node in nodes:
        label = f"<b>{_mermaid_text(node.name)}</b><br/>{_mermaid_text(node.detail)}"
        lines.append(f'  {node.id}["{label}"]')
    arrows = {
        "parent": "-->",
        "status": "-.->",
        "condition": "-. condition .->",
        "trigger": "-->",
    }
    lines.extend(f"  {e.source} {arrows[e.style]} {e.target}" for e in edges)
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def dot(spec: Spec) -> str:
    nodes, edges, triggers = _model(spec)
    name = spec.name or "workflow"
    lines = [f"digraph {json.dumps(name)} {{", "  rankdir=TB;", "  node [shape=box];"]
    for trigger in triggers:
        label = f"{trigger.name} {trigger.detail}".strip()
        lines.append(f"  {trigger.id} [shape=oval, label={json.dumps(label)}];")
    for node in nodes:
        label = f"{node.name}\n{node.detail}" if node.detail else node.name
        lines.append(
            f"  {node.id} [label={json.dumps(label)}];"
        )  # DOT reads \n as a line break
    styles = {
        "parent": "",
        "status": " [style=dashed]",
        "condition": ' [style=dotted, label="condition"]',
        "trigger": "",
    }
    lines.extend(f"  {e.source} -> {e.target}{styles[e.style]};" for e in edges)
    lines.append("}")
    return "\n".join(lines) + "\n"
