"""Image sources: exactly one per standard step or service, references resolve, scope fits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from speclint import params
from speclint.checks.base import did_you_mean
from speclint.kinds import RELEASE_KINDS
from speclint.model import Hit, Path
from speclint.spec import Spec
from speclint.suggest import close_matches

_STEP_SOURCES = ("image", "imageRef", "imageDetails")
_SERVICE_SOURCES = ("image", "imageDetails")


def _holders(spec: Spec) -> Iterator[tuple[str, Path, dict[str, Any], tuple[str, ...]]]:
    """(how messages name it, path, mapping, its possible sources) for each image user."""
    if not spec.is_block_spec:
        return
    if spec.is_service:
        if isinstance(spec.config, dict):
            yield "the service", spec.config_path, spec.config, _SERVICE_SOURCES
        return
    for step in spec.steps:
        body = step.value
        if isinstance(body, dict) and body.get("type", "standard") == "standard":
            yield f'step "{step.name}"', step.path, body, _STEP_SOURCES


def source_missing(spec: Spec) -> Iterator[Hit]:
    for label, path, body, sources in _holders(spec):
        if not any(source in body for source in sources):
            choices = ", ".join(f'"{s}"' for s in sources)
            yield Hit(
                path, f"{label} has no image source; give one of {choices}", on_key=True
            )


def source_conflict(spec: Spec) -> Iterator[Hit]:
    for label, path, body, sources in _holders(spec):
        present = [key for key in body if key in sources]  # in the order written
        if len(present) > 1:
            names = ", ".join(f'"{s}"' for s in present)
            yield Hit(
                (*path, present[1]),
                f"{label} has {len(present)} image sources ({names}); keep exactly one",
                on_key=True,
            )


def _images(spec: Spec) -> dict[str, Path]:
    return {entry.name: entry.path for entry in spec.entries("images")}


def ref_undefined(spec: Spec) -> Iterator[Hit]:
    images = _images(spec)
    for label, path, body, _ in _holders(spec):
        ref = body.get("imageRef")
        if isinstance(ref, str) and ref not in images and params.whole_ref(ref) is None:
            defined = list(images)
            if not defined:
                hint = '; config has no "images" to refer to'
            else:
                hint = did_you_mean(ref, defined)
            yield Hit(
                (*path, "imageRef"),
                f'{label} refers to image "{ref}", which is not defined in config.images{hint}',
            )


def unused(spec: Spec) -> Iterator[Hit]:
    images = _images(spec)
    if not images:
        return
    used: set[str] = set()
    for _, _, body, _ in _holders(spec):
        ref = body.get("imageRef")
        if isinstance(ref, str):
            if params.whole_ref(ref) is not None:
                return  # chosen at deployment: any image may be the one
            used.add(ref)
            if (
                ref not in images
            ):  # a typo: image-ref-undefined suggests the one it meant
                used.update(close_matches(ref, images))
    for name, path in images.items():
        if name not in used:
            yield Hit(
                path, f'image "{name}" is defined but no step uses it', on_key=True
            )


def details_scope(spec: Spec) -> Iterator[Hit]:
    if spec.kind_id in RELEASE_KINDS:
        return  # a release keeps the spec's scope; the file cannot tell it
    scope = spec.command_value("scope", "private")
    if not isinstance(scope, str) or scope == "private":
        return
    for label, path, body, _ in _holders(spec):
        if "imageDetails" in body:
            yield Hit(
                (*path, "imageDetails"),
                f'{label} uses "imageDetails" (an existing image), which needs the '
                f'block\'s scope to be "private"; scope is "{scope}"',
                on_key=True,
            )
