"""Literals: YAML 1.1 surprises, version strings, credentials written in plain text.

- ``yaml-implicit-type``: where a map takes scalars of any type (``env``, ``inherit``,
  ``buildArguments``, ``headers.absolute``, a conditional ``value``), a plain scalar that
  YAML 1.1 turns into a value that does not read back as written, neither as JSON nor
  as Python text (``no``, ``1.10``, ``0755``, ``1:30``); any key YAML turns into
  something else (``on:``).
  Where the schema wants a string, ``value-type`` already reports it; not twice.
- ``version-not-semver`` / ``image-version-not-semver``: release versions and image
  versions that are strings but not semantic versions (a float is a ``value-type``
  error already).
- ``secret-in-plain-text``: a literal value under a credential-named key, or one that
  looks like a credential by itself; never quoted back.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Iterator
from typing import Any

import yaml

from speclint import params, secrets
from speclint.checks import structure
from speclint.kinds import BLOCK_SPEC_KINDS, SPEC_KINDS
from speclint.model import Hit, Location, Path
from speclint.spec import Spec

# -- the maps of scalars a block's config holds --------------------------------------

#: map key -> (its parent key, or None for any parent; how messages name one entry)
_MAPS: dict[str, tuple[str | None, str]] = {
    "buildArguments": (None, "build argument"),
    "env": ("parameters", "environment variable"),
    "inherit": ("parameters", "inherited value"),
    "absolute": ("headers", "header"),
}


#: (map key, path, mapping) of one env / inherit / buildArguments / header map
_ScalarMap = tuple[str, Path, dict[str, Any]]


def _scalar_maps(spec: Spec) -> list[_ScalarMap]:
    """Every env / inherit / buildArguments / header map of the file (found once per
    file: yaml-implicit-type and secret-in-plain-text both read them)."""
    found: list[_ScalarMap] | None = spec.memo.get("scalar_maps")
    if found is None:
        found = spec.memo["scalar_maps"] = list(_find_scalar_maps(spec))
    return found


def _find_scalar_maps(spec: Spec) -> Iterator[_ScalarMap]:
    if spec.kind_id not in BLOCK_SPEC_KINDS or not isinstance(spec.config, dict):
        return
    stack: list[tuple[Path, Any]] = [(spec.config_path, spec.config)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                rule = _MAPS.get(key)
                if rule is not None and (rule[0] is None or path[-1:] == (rule[0],)):
                    if isinstance(value, dict):
                        yield key, (*path, key), value
                    continue
                if isinstance(value, (dict, list)):  # a path only where the walk goes
                    stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(
                ((*path, i), v)
                for i, v in enumerate(node)
                if isinstance(v, (dict, list))
            )


def _conditional_values(spec: Spec) -> Iterator[Path]:
    for step in spec.steps:
        conditional = spec.get((*step.path, "executionParameters", "conditional"))
        if isinstance(conditional, list):
            for index, item in enumerate(conditional):
                if isinstance(item, dict) and "value" in item:
                    yield (
                        *step.path,
                        "executionParameters",
                        "conditional",
                        index,
                        "value",
                    )


# -- yaml-implicit-type -----------------------------------------------------------------

_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_HEX = re.compile(r"[-+]?0x[0-9a-fA-F_]+")
_BINARY = re.compile(r"[-+]?0b[01_]+")
_ANCHOR = re.compile(r"^&\S+\s+")
#: a plain key: everything up to the ": " (or ":" at the end of the line) that ends it
_PLAIN_KEY = re.compile(r"([^\s\"'?{\[,][^\n]*?)\s*:(?=\s|$|[,\]}])")


def _json_text(value: Any) -> str | None:
    """The text the server receives for a scalar (None: JSON cannot carry it)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return None
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return None


def _reading(value: Any, written: str) -> str:
    """What YAML made of ``written``: "the boolean false", "the number 493 (octal)"."""
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, int):
        hint = ""
        if _OCTAL.fullmatch(written):
            hint = " (octal)"
        elif _HEX.fullmatch(written):
            hint = " (hexadecimal)"
        elif _BINARY.fullmatch(written):
            hint = " (binary)"
        elif ":" in written:
            hint = " (base 60)"
        return f"the number {value}{hint}"
    if isinstance(value, float):
        if math.isnan(value):
            return "not-a-number, which JSON cannot carry"
        if math.isinf(value):
            sign = "-" if value < 0 else ""
            return f"the number {sign}infinity, which JSON cannot carry"
        hint = " (base 60)" if ":" in written else ""
        return f"the number {json.dumps(value)}{hint}"
    if isinstance(value, datetime.datetime):
        return f"the timestamp {value.isoformat()}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if value is None:
        return "null"
    return params.describe(value)


def _value_hit(path: Path, value: Any, written: str) -> Hit | None:
    """A finding for a plain scalar under a key that takes any scalar, or None."""
    key = path[-1]
    if value is None:
        if isinstance(key, int):
            return None
        if written == "":
            return Hit(
                path,
                f'"{key}" has no value, so YAML reads it as null and the peak CLI '
                'drops it; write "" for an empty value or remove it',
                on_key=True,
            )
        return Hit(
            path,
            f'"{written}" is read by YAML as null, so the peak CLI drops "{key}"; '
            f'quote it ("{written}") to pass the text or remove it',
        )
    if written in (_json_text(value), str(value)):
        return None  # 8080, 0.5, true, True: the value reads back as written
    if secrets.names_credential(key):
        return Hit(
            path,
            f'the value of "{key}" is read by YAML as {params.describe(value)}, not '
            "text; quote it to pass the text",
        )
    return Hit(
        path,
        f'"{written}" is read by YAML as {_reading(value, written)}; quote it '
        f'("{written}") to pass the text',
    )


def _plain_key(line: str, column: int) -> str | None:
    """The text of a plain key starting at ``column`` (1-based), or None if quoted."""
    match = _PLAIN_KEY.match(line, column - 1)
    return match.group(1) if match else None


def _resolved_key(text: str) -> Any:
    """What YAML makes of ``text`` as a key; the text itself when it stays a string."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return text
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, OverflowError):  # 2024-13-45: no such date
        return text


#: a plain key's ":" and what may follow it (``_PLAIN_KEY``'s lookahead)
_KEY_ENDS = frozenset({":", ": ", ":\t", ":,", ":]", ":}"})


def _convertible_starts() -> frozenset[str] | None:
    """The first characters of a plain scalar that YAML may read as something else
    than a string (those its implicit resolvers look at), and "&" (an anchor comes
    before the key); None if some resolver looks at every scalar."""
    resolvers = yaml.SafeLoader.yaml_implicit_resolvers
    if None in resolvers:
        return None
    return frozenset(resolvers).union("&")


def _key_hits(spec: Spec, lines: list[str]) -> Iterator[Hit]:
    starts = _convertible_starts()
    count = len(lines)
    for path, where in spec.doc.keys.items():
        number = where.line
        if not 0 < number <= count:
            continue
        line = lines[number - 1]
        start = where.column - 1
        if starts is not None and line[start : start + 1] not in starts:
            continue  # quoted, or plain but starting like no scalar YAML converts
        key = path[-1]
        if not isinstance(key, str):
            continue
        if (
            key
            and line.startswith(key, start)
            and line[start + len(key) : start + len(key) + 2] in _KEY_ENDS
            and ":" not in key
        ):
            # the key stands as YAML read it: what _PLAIN_KEY would find is the key
            # itself (a shorter match needs a ":" inside it). Nearly every key of a
            # file; this spares them the regex.
            continue
        written = _plain_key(line, where.column)
        if written is not None:
            written = _ANCHOR.sub("", written)
        if written is None or written == key or written.startswith("!"):
            continue  # quoted, kept as written, or typed on purpose with a tag
        value = _resolved_key(written)
        if isinstance(value, str):
            continue
        yield Hit(
            path,
            f'key "{written}" is read by YAML as {_reading(value, written)}, so the key '
            f'is "{key}"; quote it ("{written}") to keep the text',
            on_key=True,
        )


def _tagged(lines: list[str], where: Location | None) -> bool:
    """The scalar at ``where`` carries an explicit tag (``!!int 0755``): typed on purpose."""
    if where is None or not 0 < where.line <= len(lines):
        return False
    rest = _ANCHOR.sub("", lines[where.line - 1][where.column - 1 :])
    return rest.startswith("!")


def implicit_type(spec: Spec) -> Iterator[Hit]:
    if spec.doc.name.lower().endswith(".json"):
        return  # JSON has no implicit types: an unquoted number is meant
    lines = spec.doc.lines()
    yield from _key_hits(spec, lines)
    plain = spec.doc.plain
    typed = {hit.path for hit in structure.hits(spec)["value-type"]}
    candidates: list[Path] = []
    for _, path, mapping in _scalar_maps(spec):
        candidates.extend((*path, key) for key in mapping)
    for path in _conditional_values(spec):
        if spec.get(path) is not None:  # a null value is a missing key
            candidates.append(path)
    for path in candidates:
        written = plain.get(path)
        if (
            written is None
            or path in typed
            or _tagged(lines, spec.doc.values.get(path))
        ):
            continue
        hit = _value_hit(path, spec.get(path), written)
        if hit is not None:
            yield hit


# -- version-not-semver, image-version-not-semver --------------------------------------

SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
    r"(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)
_LOOSE = re.compile(r"[vV]?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?([-+].*)?")


def _suggest(text: str) -> str | None:
    """The semantic version ``text`` most likely means: "v1.2" -> "1.2.0"."""
    match = _LOOSE.fullmatch(text.strip())
    if match is None:
        return None
    major, minor, patch, rest = match.groups()

    def number(digits: str | None) -> str:  # no int(): a version may have 5,000 digits
        return (digits or "0").lstrip("0") or "0"

    candidate = f"{number(major)}.{number(minor)}.{number(patch)}{rest or ''}"
    return candidate if SEMVER.fullmatch(candidate) else None


def _version_hit(path: Path, value: Any, what: str) -> Hit | None:
    if not isinstance(value, str) or SEMVER.fullmatch(value):
        return None
    if params.whole_ref(value) is not None or "@param:" in value:
        return None  # a reference: the reference rules judge it
    shown = json.dumps(value, ensure_ascii=False)
    suggestion = _suggest(value)
    hint = (
        f' (MAJOR.MINOR.PATCH); write "{suggestion}"'
        if suggestion
        else '; write MAJOR.MINOR.PATCH, like "1.0.0"'
    )
    return Hit(path, f"{what} {shown} is not a semantic version{hint}")


def _items(spec: Spec, path: Path) -> Iterator[Path]:
    items = spec.get(path)
    if isinstance(items, list):
        yield from ((*path, i) for i in range(len(items)))


def _release_versions(spec: Spec) -> Iterator[tuple[Path, str]]:
    body = spec.body_path
    kind = spec.kind_id
    if kind in SPEC_KINDS:
        yield (*body, "release", "version"), "release version"
    if kind in ("app-spec", "app-spec-release"):
        for item in _items(spec, (*body, "config")):
            yield (*item, "release", "version"), "block release version"
    if kind in ("block-deployment", "app-deployment"):
        yield (*body, "spec", "release", "version"), "release version"
    if kind in ("block-deployment-revision", "app-deployment-revision"):
        yield (*body, "release", "version"), "release version"
    includes = {
        "app-deployment": (*body, "spec", "includes"),
        "app-deployment-revision": (*body, "blocksConfig", "includes"),
    }.get(kind)
    if includes is not None:
        for item in _items(spec, includes):
            yield (*item, "releaseVersion"), "block release version"


def version_not_semver(spec: Spec) -> Iterator[Hit]:
    for path, what in _release_versions(spec):
        hit = _version_hit(path, spec.get(path), what)
        if hit is not None:
            yield hit


def _image_paths(spec: Spec) -> Iterator[Path]:
    if spec.kind_id not in BLOCK_SPEC_KINDS or not isinstance(spec.config, dict):
        return
    if spec.is_service:
        yield (*spec.config_path, "image")
        return
    for entry in spec.entries("images"):
        yield entry.path
    for step in spec.steps:
        yield (*step.path, "image")


def image_version_not_semver(spec: Spec) -> Iterator[Hit]:
    for path in _image_paths(spec):
        image = spec.get(path)
        if isinstance(image, dict):
            hit = _version_hit(
                (*path, "version"), image.get("version"), "image version"
            )
            if hit is not None:
                yield hit


# -- secret-in-plain-text ---------------------------------------------------------------

#: words after the credential word that make the key name something else than a secret
_REFERENCE = re.compile(r"\$\{?\w+\}?|\$\(.*\)|\{\{.*\}\}|<[^<>]*>")


def _literal(value: Any) -> bool:
    """A string the spec holds as it is (not a reference, a variable or a placeholder)."""
    if not isinstance(value, str) or not value.strip():
        return False
    if "@param:" in value:
        return False
    return not _REFERENCE.fullmatch(value.strip())


def _where_secrets_go(spec: Spec, kind: str, path: Path) -> str:
    if kind == "buildArguments":
        return 'list a build secret in the image\'s "secrets" instead'
    if kind == "absolute":
        return 'send the header from a secret with "headers.secrets" instead'
    owner = spec.get(path[:-2])
    if isinstance(owner, dict) and owner.get("type") == "sql":
        return "keep it out of the spec (a SQL step takes no secrets)"
    who = "the service's" if spec.is_service else "the step's"
    return f'put it in a secret and list it in {who} "parameters.secrets" instead'


def secret_in_plain_text(spec: Spec) -> Iterator[Hit]:
    for kind, path, mapping in _scalar_maps(spec):
        if kind == "inherit":
            continue  # values name parent output parameters, not credentials
        label = _MAPS[kind][1]
        for key, value in mapping.items():
            if not _literal(value):
                continue
            if secrets.names_credential(key):
                why = "a credential in plain text"
            else:
                looks = secrets.looks_like_credential(value)
                if looks is None:
                    continue
                why = f"what looks like {looks} in plain text"
            yield Hit(
                (*path, key),
                f'{label} "{key}" holds {why}; {_where_secrets_go(spec, kind, path)}',
            )
