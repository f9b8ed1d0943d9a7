"""Scope and tenants, and the command-level keys a release file cannot carry."""

from __future__ import annotations

from collections.abc import Iterator

from speclint.kinds import RELEASE_KINDS
from speclint.model import Hit
from speclint.spec import Spec

_SCOPED = frozenset({"block-spec", "app-spec", "spec-metadata"})


def _scope_paths(spec: Spec) -> tuple[object, object]:
    """(scope value, tenants value) where this kind keeps them."""
    if spec.kind_id == "spec-metadata":
        return spec.body.get("scope"), spec.body.get("tenants")
    return spec.command_value("scope"), spec.command_value("tenants")


def _where(spec: Spec, name: str) -> tuple[str | int, ...] | None:
    if spec.kind_id == "spec-metadata":
        return (*spec.body_path, name) if name in spec.body else None
    return spec.command_path(name)


def tenants_missing(spec: Spec) -> Iterator[Hit]:
    if spec.kind_id not in _SCOPED:
        return
    scope, tenants = _scope_paths(spec)
    where = _where(spec, "scope")
    if (
        scope == "shared"
        and where is not None
        and not (isinstance(tenants, list) and tenants)
    ):
        yield Hit(
            where,
            'scope is "shared" but no tenants are given; list the tenants to share with '
            'under "tenants"',
        )


def tenants_ignored(spec: Spec) -> Iterator[Hit]:
    if spec.kind_id not in _SCOPED:
        return
    scope, tenants = _scope_paths(spec)
    where = _where(spec, "tenants")
    if where is None or not (isinstance(tenants, list) and tenants):
        return
    if spec.kind_id == "spec-metadata" and scope is None:
        return  # an update that leaves the scope as it is
    if scope != "shared":
        shown = f'"{scope}"' if isinstance(scope, str) else '"private" (the default)'
        yield Hit(
            where,
            f'tenants are given but scope is {shown}; tenants apply only to scope "shared"',
            on_key=True,
        )


def release_key_ignored(spec: Spec) -> Iterator[Hit]:
    if spec.kind_id not in RELEASE_KINDS:
        return
    for name in ("featured", "scope", "tenants"):
        where = spec.command_path(name)
        if where is not None:
            yield Hit(
                where,
                f'"{name}" is dropped by `{spec.kind.command}`: a release keeps the '
                "spec's featured, scope and tenants (change them with update-metadata)",
                on_key=True,
            )
