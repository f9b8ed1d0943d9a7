"""Workflow triggers: each is a cron schedule or a webhook, and a cron is a valid one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from speclint import cron
from speclint.checks.formats import has_ref, is_ref, shown
from speclint.model import Hit, Path
from speclint.spec import Spec

_KINDS = ("cron", "webhook")


def _triggers(spec: Spec) -> Iterator[tuple[int, Path, dict[str, Any]]]:
    """(1-based number, path, mapping) of each trigger of a workflow block."""
    return spec.workflow_items("triggers")


def _kind(item: dict[str, Any]) -> str | None:
    """The kind of a trigger of exactly one well-formed kind ("cron", "webhook")."""
    present = [key for key in _KINDS if item.get(key) is not None]
    if present == ["cron"] and isinstance(item["cron"], str):
        return "cron"
    if present == ["webhook"] and (item["webhook"] is True or is_ref(item["webhook"])):
        return "webhook"
    return None


def kind_invalid(spec: Spec) -> Iterator[Hit]:
    for number, path, item in _triggers(spec):
        present = [key for key in _KINDS if item.get(key) is not None]
        if len(present) == 2:
            yield Hit(
                (*path, present[1]),
                f'trigger {number} has both "cron" and "webhook"; keep exactly one '
                f'(a trigger is {{cron: "..."}} or {{webhook: true}})',
                on_key=True,
            )
        elif not present:
            yield Hit(
                path,
                f'trigger {number} has neither "cron" nor "webhook"; expected '
                f'{{cron: "..."}} or {{webhook: true}}',
            )
        elif present == ["webhook"] and item["webhook"] is False:
            yield Hit(
                (*path, "webhook"),
                f"trigger {number} is {{webhook: false}}, which starts nothing; "
                f"expected {{webhook: true}}, or remove the trigger for manual runs",
            )


def cron_invalid(spec: Spec) -> Iterator[Hit]:
    for _, path, item in _triggers(spec):
        expression = item.get("cron")
        if not isinstance(expression, str) or has_ref(expression):
            continue  # a parameter: its value is judged where it is given
        reason = cron.problem(expression)
        if reason is not None:
            yield Hit((*path, "cron"), reason)


def kind_repeated(spec: Spec) -> Iterator[Hit]:
    first: dict[str, tuple[int, Path]] = {}
    for number, path, item in _triggers(spec):
        kind = _kind(item)
        if kind is None:
            continue
        if kind not in first:
            first[kind] = (number, path)
            continue
        earlier, earlier_path = first[kind]
        # the line as written, also when the file is a template
        file, where = spec.doc.origin(spec.doc.locate(earlier_path))
        line = f"{where.line}" if file == spec.doc.name else f"{where.line} of {file}"
        if kind == "cron":
            what = f"a second cron trigger ({shown(item['cron'])})"
            why = "Press documents one schedule per workflow"
        else:
            what = "a second webhook trigger"
            why = "one webhook already starts the workflow"
        yield Hit(
            (*path, kind),
            f"trigger {number} is {what} after trigger {earlier} at line {line}; {why}",
            on_key=True,
        )
