"""Workflow steps by type: what http and sql steps need beyond their schema.

The JSON Schema already judges each type's keys, enums and bounds (http ``method``,
``url`` and the ``response.txt`` output value; export ``schema``/``table``/``sortBy``
and ``sortOrder``; retries, retry delay, ``stepTimeout``). These rules take what a
schema says badly or not at all: the fields each auth type needs, a payload that is
not JSON, and the one query source of a sql step.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from speclint.checks.formats import is_ref, json_problem
from speclint.model import Hit, Path
from speclint.spec import Entry, Spec

#: auth type -> the fields it needs, in the order the docs give them
AUTH_FIELDS: dict[str, tuple[str, ...]] = {
    "oauth": ("clientId", "clientSecret", "authUrl"),
    "basic": ("username", "password"),
    "api-key": ("apiKey",),
    "bearer-token": ("bearerToken",),
}
_SQL_SOURCES = ("sqlQueryPath", "repository")


def _of_type(spec: Spec, kind: str) -> Iterator[tuple[Entry, dict[str, Any]]]:
    for step in spec.steps:
        if isinstance(step.value, dict) and step.value.get("type") == kind:
            yield step, step.value


def _present(body: dict[str, Any], key: str) -> bool:
    """Given, and not null (the peak CLI drops null values before sending)."""
    return body.get(key) is not None


def _and(names: tuple[str, ...]) -> str:
    quoted = [f'"{n}"' for n in names]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def auth_field_missing(spec: Spec) -> Iterator[Hit]:
    for step, body in _of_type(spec, "http"):
        auth = body.get("auth")
        if not isinstance(auth, dict):
            continue
        kind = auth.get("type")
        needed = AUTH_FIELDS.get(kind) if isinstance(kind, str) else None
        if needed is None:
            continue  # no-auth, a reference, or a bad type the schema reports
        path: Path
        for name in needed:
            if _present(auth, name):
                continue
            needs = _and(needed) if len(needed) > 1 else "it"
            if name in auth:
                path = (*step.path, "auth", name)
                message = (
                    f'step "{step.name}" leaves "{name}" empty; auth type "{kind}" '
                    f"needs {needs} (the peak CLI drops null values)"
                )
            else:
                path = (*step.path, "auth")
                message = f'step "{step.name}" uses auth type "{kind}" without "{name}"'
                if len(needed) > 1:
                    message += f'; "{kind}" needs {needs}'
            yield Hit(path, message, on_key=True)


def payload_not_json(spec: Spec) -> Iterator[Hit]:
    for step, body in _of_type(spec, "http"):
        payload = body.get("payload")
        if not isinstance(payload, str) or not payload.strip() or is_ref(payload):
            continue
        reason = json_problem(payload)
        if reason is not None:
            yield Hit(
                (*step.path, "payload"),
                f'the payload of step "{step.name}" is not valid JSON: {reason}',
            )


def _sql_sources(body: dict[str, Any]) -> list[str]:
    return [key for key in body if key in _SQL_SOURCES and body[key] is not None]


def sql_source_missing(spec: Spec) -> Iterator[Hit]:
    for step, body in _of_type(spec, "sql"):
        if not _sql_sources(body):
            yield Hit(
                step.path,
                f'sql step "{step.name}" has no query; give "sqlQueryPath" (a file in '
                f'the artifact) or "repository" (with "filePath")',
                on_key=True,
            )


def sql_source_conflict(spec: Spec) -> Iterator[Hit]:
    for step, body in _of_type(spec, "sql"):
        present = _sql_sources(body)
        if len(present) > 1:
            yield Hit(
                (*step.path, present[1]),
                f'sql step "{step.name}" has 2 query sources ("{present[0]}", '
                f'"{present[1]}"); keep exactly one',
                on_key=True,
            )
