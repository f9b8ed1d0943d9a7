"""Runs the rules over one file and stamps rule id, severity and location."""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from speclint import secrets
from speclint.checks import BY_ID, RULES
from speclint.kinds import body_key, detect
from speclint.load import Document, load_bytes
from speclint.model import Diagnostic, Location, Path
from speclint.params import describe
from speclint.result import FileResult
from speclint.spec import Context, Spec

__all__ = ["FileResult", "check_bytes", "check_document", "stamp"]

if TYPE_CHECKING:
    from speclint.template import Variables

#: Text that marks an unparsable file as meant for Press (so a broken one is reported).
_PRESS_HINT = re.compile(
    r'^(body\s*:|kind\s*:\s*["\']?(workflow|service|app)\b)|"body"\s*:', re.MULTILINE
)


def check_bytes(
    raw: bytes,
    name: str,
    *,
    kind: str | None = None,
    context: Context | None = None,
    explicit: bool = True,
) -> FileResult:
    """Check one file's content. ``explicit``: named by the user, not found in a folder.

    The cyclic garbage collector is paused meanwhile: a check builds many small
    objects and no cycles, and the collector's passes over them made a spec of 10,000
    steps cost more than ten times one of 1,000 (reference counting frees them all).
    """
    context = context or Context()
    collecting = gc.isenabled()
    gc.disable()
    try:
        doc = load_bytes(raw, name, lambda: variables_of(context))
        return check_document(doc, kind=kind, context=context, explicit=explicit)
    finally:
        if collecting:
            gc.enable()


def variables_of(context: Context) -> Variables:
    """Template variables: the context's, or none but the environment."""
    from speclint.template import Variables

    return context.variables or Variables.from_environment(context.root)


def check_document(
    doc: Document,
    *,
    kind: str | None = None,
    context: Context | None = None,
    explicit: bool = True,
) -> FileResult:
    result = FileResult(doc.name, doc=doc)
    found: list[tuple[str, str, Location, str, Path]] = [
        (p.rule, *_origin(doc, p.file, p.location), p.message, ()) for p in doc.problems
    ]
    detected = detect(doc.data, kind) if doc.parsed else None
    if detected is None:
        if doc.parsed:
            if not explicit:
                result.skipped = True
                return result
            where, why = _why_not_press(doc)
            found.append(("not-press-file", *doc.origin(where), why, ()))
        elif not explicit and not _PRESS_HINT.search(doc.text):
            result.skipped = True
            return result
    else:
        result.kind = detected.kind
        spec = Spec(doc, detected, context or Context())
        hidden = [v for d in spec.definitions if d.hide for v in d.hidden_values()]
        if detected.kind in ("block-deployment", "app-deployment"):
            from speclint.checks.values import hidden_given

            hidden += hidden_given(spec)
        result.secrets = secrets.collect(doc.data, hidden)
        if result.secrets:
            result.secret_cells = _secret_cells(doc, result.secrets)
        result.artifact = _artifact_folder(spec)
        for rule in RULES:
            if rule.check is None:
                continue
            for hit in rule.check(spec):
                where = doc.locate(hit.path, hit.on_key)
                found.append((rule.id, *doc.origin(where), hit.message, hit.path))
    diagnostics = {
        Diagnostic(
            file,
            where.line,
            where.column,
            BY_ID[rule_id].severity,
            rule_id,
            secrets.mask(message, result.secrets),
            path,
        )
        for rule_id, file, where, message, path in found
    }
    result.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
    return result


def stamp(findings: Iterable[Any]) -> list[Diagnostic]:
    """Findings of render (rule, file, location, message) -> sorted Diagnostics."""
    diagnostics = {
        Diagnostic(
            f.file,
            f.location.line,
            f.location.column,
            BY_ID[f.rule].severity,
            f.rule,
            f.message,
        )
        for f in findings
    }
    return sorted(diagnostics, key=Diagnostic.sort_key)


def _origin(doc: Document, file: str | None, where: Location) -> tuple[str, Location]:
    return (file, where) if file is not None else doc.origin(where)


def _why_not_press(doc: Document) -> tuple[Location, str]:
    """Where and why a file named on the command line is not a Press file."""
    data = doc.data
    lead = "not a Press spec or deployment file"
    if data is None:
        return Location(1, 1), f"{lead}: the file is empty"
    if not isinstance(data, dict):
        return Location(
            1, 1
        ), f"{lead}: the top level is {describe(data)}, not a mapping"
    key = body_key(data)
    if key is not None:
        body = data[key]
        what = "empty" if body is None else describe(body)
        return doc.locate((key,), on_key=True), (
            f'{lead}: "{key}" is {what}, so its kind cannot be told; use --kind KIND '
            "to check it as one"
        )
    return Location(1, 1), (
        f"{lead} (no body: and no spec shape); use --kind KIND to check it as one"
    )


def _artifact_folder(spec: Spec) -> str | None:
    if not spec.is_block_spec:
        return None
    artifact = spec.command_value("artifact")
    path = artifact.get("path") if isinstance(artifact, dict) else None
    if not isinstance(path, str):
        return None
    return os.path.abspath(os.path.join(spec.context.root or ".", path))


def _secret_cells(doc: Document, found: frozenset[str]) -> dict[tuple[str, int], int]:
    from speclint.spec import dig

    cells: dict[tuple[str, int], int] = {}
    for path, where in doc.values.items():
        value = dig(doc.data, path)
        if (
            isinstance(value, (str, int, float))
            and not isinstance(value, bool)
            and str(value) in found
        ):
            file, at = doc.origin(where)
            cells[(file, at.line)] = min(
                at.column, cells.get((file, at.line), at.column)
            )
    return cells
