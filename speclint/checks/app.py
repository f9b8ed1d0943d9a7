"""App specs against their blocks (through the catalog): shared-scope consistency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from speclint.model import Hit, Path
from speclint.spec import Spec


def _block_items(spec: Spec) -> Iterator[tuple[Path, str]]:
    """(path of the id, id) for each block an app spec or release names."""
    if spec.kind_id not in ("app-spec", "app-spec-release"):
        return
    config = spec.config
    if not isinstance(config, list):
        return
    for index, item in enumerate(config):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield (*spec.config_path, index, "id"), item["id"]


def catalog_missing(spec: Spec) -> Iterator[Hit]:
    catalog = spec.context.catalog
    if catalog is None:
        return
    for path, spec_id in _block_items(spec):
        if spec_id not in catalog:
            yield Hit(
                path,
                f'block spec "{spec_id}" is not in the catalog {catalog.path.name}; '
                "checks that need its spec file were skipped",
            )


def block_scope(spec: Spec) -> Iterator[Hit]:
    catalog = spec.context.catalog
    if catalog is None or spec.kind_id != "app-spec":
        return
    tenants = spec.command_value("tenants")
    if spec.command_value("scope") != "shared" or not isinstance(tenants, list):
        return
    wanted = [t for t in tenants if isinstance(t, str)]
    shown = ", ".join(f'"{t}"' for t in wanted)
    for path, spec_id in _block_items(spec):
        if spec_id not in catalog:
            continue
        block = catalog.spec(spec_id)
        if block is None:
            continue
        label = _label(block, spec_id)
        written: Any = block.command_value("scope")
        scope: Any = written or "private"
        if scope == "public":
            continue
        if scope == "shared":
            have = block.command_value("tenants")
            have = have if isinstance(have, list) else []
            missing = [t for t in wanted if t not in have]
            if missing:
                names = ", ".join(f'"{t}"' for t in missing)
                yield Hit(
                    path,
                    f"{label} is not shared with {names}; the app is shared with {shown}, "
                    "and every block must be shared with those tenants",
                )
        else:
            scope_text = f'"{scope}"' if written else '"private" (the default)'
            yield Hit(
                path,
                f"{label} has scope {scope_text}; the app is shared with {shown}, and "
                "every block must be public or shared with those tenants",
            )


def _label(block: Spec, spec_id: str) -> str:
    return f'block "{block.name or spec_id}"'
