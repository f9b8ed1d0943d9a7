"""References between workflow steps: parents and conditions name real steps; no cycles."""

from __future__ import annotations

from collections.abc import Iterator

from speclint import params
from speclint.checks.base import did_you_mean
from speclint.model import Hit, Path
from speclint.spec import Spec


def _step_refs(spec: Spec) -> Iterator[tuple[str, Path, str, str]]:
    """(step, path, named step, how it is named) for every reference to another step."""
    for step in spec.steps:
        body = step.value
        if not isinstance(body, dict):
            continue
        parents = body.get("parents")
        if isinstance(parents, list):
            for i, name in enumerate(parents):
                if isinstance(name, str):
                    yield step.name, (*step.path, "parents", i), name, "parent"
        execution = body.get("executionParameters")
        if not isinstance(execution, dict):
            continue
        conditional = execution.get("conditional")
        if isinstance(conditional, list):
            for i, item in enumerate(conditional):
                if isinstance(item, dict) and isinstance(item.get("stepName"), str):
                    path = (
                        *step.path,
                        "executionParameters",
                        "conditional",
                        i,
                        "stepName",
                    )
                    yield step.name, path, item["stepName"], "conditional stepName"
        status = execution.get("parentStatus")
        if isinstance(status, list):
            for i, item in enumerate(status):
                names = item.get("parents") if isinstance(item, dict) else None
                if isinstance(names, list):
                    for j, name in enumerate(names):
                        if isinstance(name, str):
                            path = (
                                *step.path,
                                "executionParameters",
                                "parentStatus",
                                i,
                                "parents",
                                j,
                            )
                            yield step.name, path, name, "parentStatus parent"


def undefined(spec: Spec) -> Iterator[Hit]:
    names = [step.name for step in spec.steps]
    known = set(names)
    for step, path, target, how in _step_refs(spec):
        if target in known or params.whole_ref(target) is not None:
            continue
        yield Hit(
            path,
            f'step "{step}" names {how} "{target}", which is not a step of this '
            f"workflow{did_you_mean(target, names)}",
        )


def cycle(spec: Spec) -> Iterator[Hit]:
    """One finding per group of steps that depend on each other in a loop."""
    order = [step.name for step in spec.steps]
    known = set(order)
    # parent -> children ("runs before"), and where each child names each parent
    edges: dict[str, list[str]] = {name: [] for name in order}
    named_at: dict[tuple[str, str], Path] = {}
    for step, path, target, how in _step_refs(spec):
        if how == "conditional stepName" or target not in known:
            continue
        if step not in edges[target]:
            edges[target].append(step)
        named_at.setdefault((step, target), path)
    for component in _strongly_connected(order, edges):
        members = set(component)
        start = min(component)
        if len(component) == 1 and start not in edges[start]:
            continue
        loop = _loop_from(start, edges, members)
        parent_of_start = loop[-2]
        if len(loop) == 2:
            message = f'step "{start}" names itself as a parent'
        else:
            message = f"steps depend on each other in a cycle: {' -> '.join(loop)}"
        yield Hit(named_at[(start, parent_of_start)], message)


def _strongly_connected(
    order: list[str], edges: dict[str, list[str]]
) -> list[list[str]]:
    """Tarjan's algorithm without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in order:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_index = work.pop()
            if child_index == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = edges[node]
            if child_index < len(children):
                work.append((node, child_index + 1))
                child = children[child_index]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _loop_from(start: str, edges: dict[str, list[str]], members: set[str]) -> list[str]:
    """A shortest loop start -> ... -> start inside one strongly connected group."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for child in sorted(edges[node]):
                if child not in members:
                    continue
                if child == start:
                    path = [start]
                    while node != start:
                        path.append(node)
                        node = previous[node]
                    path.append(start)
                    path.reverse()
                    return path
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    return [start, start]
