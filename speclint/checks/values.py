"""Deployment files against the spec they deploy (found through the catalog).

The same value checks as ``speclint render`` (one implementation, in params.py and
values.py): names declared, types, options, object properties, required values and
conditions. Without ``--catalog`` a deployment's spec is unknown and these are skipped.
"""

from __future__ import annotations

from typing import Any

from speclint import values
from speclint.model import Hit, Location
from speclint.spec import Spec
from speclint.suggest import close_matches, did_you_mean

_CREATE = {"block-deployment", "app-deployment"}


def hits(spec: Spec) -> dict[str, list[Hit]]:
    cached = spec.memo.get("values")
    if cached is None:
        cached = spec.memo["values"] = _compute(spec)
    return cached


def _target(spec: Spec) -> Spec | None:
    catalog = spec.context.catalog
    spec_id = (
        spec.body.get("spec", {}).get("id")
        if isinstance(spec.body.get("spec"), dict)
        else None
    )
    if catalog is None or not isinstance(spec_id, str) or spec_id not in catalog:
        return None
    return catalog.spec(spec_id)


def _compute(spec: Spec) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = {
        "param-value-unknown": [],
        "param-value-invalid": [],
        "param-value-missing": [],
        "param-value-not-in-options": [],
        "catalog-missing": [],
    }
    if spec.kind_id not in _CREATE or spec.context.catalog is None:
        return out
    catalog = spec.context.catalog
    spec_path = (*spec.body_path, "spec", "id")
    spec_id = spec.get(spec_path)
    if not isinstance(spec_id, str):
        return out
    if spec_id not in catalog:
        out["catalog-missing"].append(
            Hit(
                spec_path,
                f'spec "{spec_id}" is not in the catalog {catalog.path.name}; its '
                "values cannot be checked",
            )
        )
        return out
    target = catalog.spec(spec_id)
    if target is None:
        return out
    found: list[values.Finding] = []
    if spec.kind_id == "block-deployment" and target.is_block_spec:
        given = values.read_values([spec.doc])
        found += values.judge(target, given)
    elif spec.kind_id == "app-deployment" and target.kind_id in (
        "app-spec",
        "app-spec-release",
    ):
        found += _app(spec, target, out)
    for finding in found:
        if finding.path is not None and finding.file == spec.doc.name:
            out[finding.rule].append(Hit(finding.path, finding.message, finding.on_key))
    return out


def _app(spec: Spec, app_spec: Spec, out: dict[str, list[Hit]]) -> list[values.Finding]:
    catalog = spec.context.catalog
    assert catalog is not None
    app, per_block, _ = values.app_values([spec.doc])
    found = values.judge(app_spec, app)
    blocks = [e for e in values.app_blocks(app_spec, catalog) if e.block is not None]
    names: dict[str, str] = {e.name: e.spec_id for e in blocks}  # block name -> spec id
    known = list(names)
    # a misspelt block name is reported once; the block it meant is not also "missing"
    meant = {
        close
        for name in per_block
        if name not in names
        for close in close_matches(name, known)
    }
    for entry in blocks:
        assert entry.block is not None
        given = values.values_for_block(
            app_spec, app, entry.block, per_block.get(entry.name), Location(1, 1)
        )
        require = entry.name not in meant
        found += values.judge(entry.block, given, require=require)
    for name, (_, path, _sections) in per_block.items():
        if name not in names:
            out["param-value-unknown"].append(
                Hit(
                    path,
                    f'"{name}" is not a block of this app{did_you_mean(name, known)}',
                    on_key=True,
                )
            )
    spec_part = spec.body.get("spec")
    for listing in ("includes", "excludes"):
        items: Any = spec_part.get(listing) if isinstance(spec_part, dict) else None
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            ident = item.get("id") if isinstance(item, dict) else None
            if (
                isinstance(ident, str)
                and ident not in names
                and ident not in names.values()
            ):
                out["param-value-unknown"].append(
                    Hit(
                        (*spec.body_path, "spec", listing, index, "id"),
                        f'{listing} names "{ident}", which is not a block of this app'
                        f"{did_you_mean(ident, known)}",
                    )
                )
    return found


def hidden_given(spec: Spec) -> list[Any]:
    """Values this deployment gives for parameters its spec hides (``hideValue``), so
    that they are masked like the spec's own hidden values."""
    catalog = spec.context.catalog
    spec_id = spec.get((*spec.body_path, "spec", "id"))
    if catalog is None or not isinstance(spec_id, str) or spec_id not in catalog:
        return []
    target = catalog.spec(spec_id)
    if target is None:
        return []
    found: list[Any] = []
    if spec.kind_id == "block-deployment":
        given = values.read_values([spec.doc]).given
        hidden = {(d.section, d.name) for d in target.definitions if d.hide}
        found += [
            v
            for (s, n) in hidden
            for v, _ in [given[s].get(n, (None, None))]
            if v is not None
        ]
    elif spec.kind_id == "app-deployment":
        app, per_block, _ = values.app_values([spec.doc])
        hidden = {(d.section, d.name) for d in target.definitions if d.hide}
        found += [
            v
            for (s, n) in hidden
            for v, _ in [app.given[s].get(n, (None, None))]
            if v is not None
        ]
        for entry in values.app_blocks(target, catalog):
            if entry.block is None or entry.name not in per_block:
                continue
            sections = per_block[entry.name][2]
            for d in entry.block.definitions:
                section = sections.get(d.section)
                if (
                    d.hide
                    and isinstance(section, dict)
                    and section.get(d.name) is not None
                ):
                    found.append(section[d.name])
    return found
