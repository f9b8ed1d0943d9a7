"""Which kind of Press file a document is, told from its shape.

Every peak CLI file has a top-level ``body:`` plus command-level keys (the "cli"
layout); the same content may also be kept as the bare API body (the "api" layout).
Where two kinds look alike (a flat patch-parameters body and a flat deployment
metadata body), the content decides; the ambiguity is never a finding.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from speclint.suggest import close_matches


class Kind(NamedTuple):
    id: str
    title: str
    command: str
    #: command-level keys of the CLI layout that reach the SDK (canonical spelling)
    top_keys: tuple[str, ...]


_SPEC_KEYS = (
    "body",
    "artifact",
    "featured",
    "scope",
    "tenants",
    "parameters",
    "autoRunOnDeploy",
    "validate",
)

KINDS: dict[str, Kind] = {
    k.id: k
    for k in (
        Kind("block-spec", "block spec", "peak blocks specs create", _SPEC_KEYS),
        Kind(
            "block-spec-release",
            "block spec release",
            "peak blocks specs create-release",
            ("body", "artifact", "parameters", "autoRunOnDeploy", "validate"),
        ),
        Kind(
            "app-spec",
            "app spec",
            "peak apps specs create",
            ("body", "featured", "scope", "tenants", "parameters"),
        ),
        Kind(
            "app-spec-release",
            "app spec release",
            "peak apps specs create-release",
            ("body", "parameters"),
        ),
        Kind(
            "block-deployment",
            "block deployment",
            "peak blocks deployments create",
            ("body",),
        ),
        Kind(
            "block-deployment-revision",
            "block deployment revision",
            "peak blocks deployments create-revision",
            ("body",),
        ),
        Kind(
            "app-deployment",
            "app deployment",
            "peak apps deployments create",
            ("body",),
        ),
        Kind(
            "app-deployment-revision",
            "app deployment revision",
            "peak apps deployments create-revision",
            ("body",),
        ),
        Kind(
            "patch-parameters",
            "patch run parameters",
            "peak blocks deployments patch-parameters",
            ("body",),
        ),
        Kind(
            "block-patch-parameters-v2",
            "block patch run parameters (v2)",
            "peak deployments patch-parameters-v2",
            ("body",),
        ),
        Kind(
            "app-patch-parameters-v2",
            "app patch run parameters (v2)",
            "peak deployments patch-parameters-v2",
            ("body",),
        ),
        Kind(
            "spec-metadata",
            "spec metadata update",
            "peak blocks specs update-metadata",
            ("body",),
        ),
        Kind(
            "deployment-metadata",
            "deployment metadata update",
            "peak blocks deployments update-metadata",
            ("body",),
        ),
        Kind(
            "parameter-values",
            "parameter values file",
            "speclint render --values",
            ("parameters",),
        ),
    )
}

SPEC_KINDS = frozenset(
    {"block-spec", "block-spec-release", "app-spec", "app-spec-release"}
)
BLOCK_SPEC_KINDS = frozenset({"block-spec", "block-spec-release"})
RELEASE_KINDS = frozenset({"block-spec-release", "app-spec-release"})

METADATA_FIELDS = frozenset(
    {
        "name",
        "title",
        "summary",
        "description",
        "descriptionContentType",
        "imageUrl",
        "tags",
    }
)
_SECTIONS = frozenset({"build", "run"})
_SNAKE = re.compile(r"(?<!^)(?=[A-Z])")


def snake(key: str) -> str:
    """The peak CLI's top-level key conversion (camelCase -> snake_case)."""
    return _SNAKE.sub("_", key).lower()


class Detected(NamedTuple):
    kind: str
    layout: str  # "cli" (top-level body: plus command keys) or "api" (bare body)


def body_key(data: dict[str, Any]) -> str | None:
    """The top-level key the CLI reads as ``body`` (it converts keys to snake_case)."""
    for key in data:
        if snake(key) == "body":
            return key
    return None


def detect(data: Any, forced: str | None = None) -> Detected | None:
    """The kind and layout of a loaded document, or None when it is no Press file."""
    if not isinstance(data, dict):
        return None
    key = body_key(data)
    cli = key is not None and isinstance(data[key], dict)
    if forced is not None:
        if forced == "parameter-values":
            return Detected(forced, "api")
        return Detected(forced, "cli" if key is not None else "api")
    if cli:
        assert key is not None
        return Detected(_body_kind(data[key], cli=True) or "patch-parameters", "cli")
    if key is not None:
        return None
    found = _body_kind(data, cli=False)
    return Detected(found, "api") if found else None


def _is_sections(value: Any) -> bool:
    """A {build: {...}, run: {...}} map of parameter values."""
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= _SECTIONS
        and all(isinstance(v, dict) or v is None for v in value.values())
    )


def _keyed_by_block(value: Any) -> bool:
    """App deployment parameters: {blockName: {build: ..., run: ...}}."""
    return (
        isinstance(value, dict)
        and bool(value)
        and not set(value) <= _SECTIONS
        and all(_is_sections(v) for v in value.values())
    )


def _body_kind(body: dict[str, Any], cli: bool) -> str | None:
    keys = set(body)
    kind = body.get("kind")
    config = body.get("config")
    if kind in ("workflow", "service"):
        return "block-spec"
    if kind == "app":
        return "app-spec"
    if "config" in body and isinstance(config, (dict, list)):
        full = bool(keys & {"version", "kind", "metadata"})
        if isinstance(config, list):
            return "app-spec" if full else "app-spec-release"
        return "block-spec" if full else "block-spec-release"
    parameters = body.get("parameters")
    app_parameters = body.get("appParameters")
    spec = body.get("spec")
    if isinstance(spec, dict) and ("id" in spec or "release" in spec):
        app = (
            "appParameters" in body
            or "includes" in spec
            or "excludes" in spec
            or _keyed_by_block(parameters)
        )
        return "app-deployment" if app else "block-deployment"
    release, revision = body.get("release"), body.get("revision")
    versioned = isinstance(release, dict) or isinstance(revision, dict)
    if (
        "blocksConfig" in body
        or _is_sections(app_parameters)
        or _keyed_by_block(parameters)
    ):
        return "app-deployment-revision"
    if versioned and keys <= {"release", "revision", "parameters"}:
        return "block-deployment-revision"
    if keys == {"parameters"} and _is_sections(parameters):
        return "block-deployment-revision" if cli else "parameter-values"
    if keys and keys <= {"appParameters", "parameters"}:
        if "appParameters" in body or _keyed_flat(parameters):
            return "app-patch-parameters-v2"
        if isinstance(parameters, dict):
            return "block-patch-parameters-v2"
    if keys <= {"metadata", "featured", "scope", "tenants"} and _metadata_update(body):
        return "spec-metadata"
    if _deployment_metadata(keys) and (cli or "name" in keys):
        return "deployment-metadata"
    if cli:
        return "patch-parameters"
    return None


def _deployment_metadata(keys: set[str]) -> bool:
    """Keys of a flat metadata body, allowing a misspelt field or two among several."""
    if not keys:
        return False
    if keys <= METADATA_FIELDS:
        return True
    known = keys & METADATA_FIELDS
    unknown = keys - METADATA_FIELDS
    return (
        len(known) >= 3
        and len(unknown) <= 2
        and all(close_matches(key, METADATA_FIELDS, cutoff=0.8) for key in unknown)
    )


def _metadata_update(body: dict[str, Any]) -> bool:
    """A spec metadata update (every key optional), not run values that share its names."""
    if isinstance(body.get("metadata"), dict):
        return True
    return (
        bool(body)
        and body.get("scope", "private") in ("private", "public", "shared")
        and isinstance(body.get("featured", False), bool)
        and isinstance(body.get("tenants", []), list)
    )


def _keyed_flat(value: Any) -> bool:
    """App patch v2 parameters: {blockName: {param: value}} with no build/run level."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(v, dict) and not _is_sections(v) for v in value.values())
    )
