"""Project configuration: ``[tool.speclint]`` in pyproject.toml, or speclint.toml.

Found by walking up from the working directory (the first folder that has either
file with speclint settings), or named with ``--config FILE``::

    [tool.speclint]
    select = ["param-undefined", "image-source-conflict"]   # only these (default: all)
    ignore = ["image-unused"]
    strict = true
    catalog = "catalog.yaml"                                 # relative to this file
    exclude = ["legacy/**", "**/*.generated.yaml"]

    [tool.speclint.severity]
    param-unused = "error"

    [tool.speclint.per-file-ignores]
    "examples/**" = ["param-unused"]

    [tool.speclint.kinds]
    "deployments/patches/*.yaml" = "patch-parameters"

In speclint.toml the same keys stand at the top level (no ``[tool.speclint]``).
A bad configuration is a usage error that names the file and the key.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Iterable
from typing import Any

from speclint.model import Severity

FILES = ("speclint.toml", "pyproject.toml")
_KEYS = {
    "select",
    "ignore",
    "severity",
    "per-file-ignores",
    "catalog",
    "kinds",
    "exclude",
    "strict",
}


class ConfigError(Exception):
    """A configuration that cannot be used: a usage problem, in one line."""


class Config:
    __slots__ = (
        "catalog",
        "exclude",
        "ignore",
        "kinds",
        "per_file_ignores",
        "select",
        "severity",
        "source",
        "strict",
    )

    def __init__(
        self,
        source: str | None = None,
        select: frozenset[str] | None = None,
        ignore: frozenset[str] = frozenset(),
        severity: dict[str, Severity] | None = None,
        per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = (),
        catalog: str | None = None,
        kinds: tuple[tuple[str, str], ...] = (),
        exclude: tuple[str, ...] = (),
        strict: bool = False,
    ) -> None:
        self.source = source
        self.select = select
        self.ignore = ignore
        self.severity: dict[str, Severity] = severity if severity is not None else {}
        self.per_file_ignores = per_file_ignores
        self.catalog = catalog
        self.kinds = kinds
        self.exclude = exclude
        self.strict = strict

    def as_dict(self) -> dict[str, Any]:
        """Every setting by name (the result cache's key hashes it)."""
        return {name: getattr(self, name) for name in self.__slots__}

    def enabled(self, rule: str, file: str) -> bool:
        if self.select is not None and rule not in self.select:
            return False
        if rule in self.ignore:
            return False
        path = _posix(file)
        return not any(
            rule in rules and glob_match(path, pattern)
            for pattern, rules in self.per_file_ignores
        )

    def kind_for(self, file: str) -> str | None:
        path = _posix(file)
        for pattern, kind in self.kinds:
            if glob_match(path, pattern):
                return kind
        return None

    def excluded(self, file: str) -> bool:
        path = _posix(file)
        return any(glob_match(path, pattern) for pattern in self.exclude)


def _posix(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def glob_match(path: str, pattern: str) -> bool:
    """Glob with ``**`` for any number of folders; a pattern without ``/`` matches the
    file name anywhere."""
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)
    return _glob_regex(pattern).fullmatch(path) is not None


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out)


def find(start: str) -> str | None:
    """The nearest speclint.toml, or pyproject.toml with [tool.speclint], above start."""
    folder = os.path.abspath(start)
    while True:
        for name in FILES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and _has_settings(candidate, name):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_settings(path: str, name: str) -> bool:
    if name == "speclint.toml":
        return True
    try:
        return "speclint" in _read(path).get("tool", {})
    except ConfigError:
        return False


def _read(path: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib

    try:
        with open(path, "rb") as handle:
            loaded: dict[str, Any] = tomllib.load(handle)
    except OSError as err:
        raise ConfigError(f"cannot read config {path}: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"config {path} is not valid TOML: {err}") from None
    return loaded


def load(path: str, rule_ids: Iterable[str], kind_ids: Iterable[str]) -> Config:
    """Read and validate a config file; every problem names the file and the key."""
    data = _read(path)
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("speclint", {})
    rules = set(rule_ids)
    kinds = set(kind_ids)

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"config {path}: {key}: {problem}")

    for key in data:
        if key not in _KEYS:
            from speclint.suggest import did_you_mean

            raise fail(key, f"unknown setting{did_you_mean(key, sorted(_KEYS))}")

    def rule_list(key: str, value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "expected a list of rule ids")
        for rule in value:
            if rule not in rules:
                from speclint.suggest import did_you_mean

                raise fail(
                    key, f'unknown rule "{rule}"{did_you_mean(rule, sorted(rules))}'
                )
        return frozenset(value)

    def globs(key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "expected a list of glob patterns")
        return tuple(value)

    def table(key: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise fail(key, "expected a table")
        return value

    severity: dict[str, Severity] = {}
    for rule, level in table("severity").items():
        rule_list(f"severity.{rule}", [rule])
        if level not in ("error", "warning", "info"):
            raise fail(
                f"severity.{rule}",
                f'"{level}" is not one of "error", "warning", "info"',
            )
        severity[rule] = Severity(level)
    per_file = tuple(
        (pattern, rule_list(f'per-file-ignores."{pattern}"', value))
        for pattern, value in table("per-file-ignores").items()
    )
    kind_globs = []
    for pattern, kind in table("kinds").items():
        if kind not in kinds:
            raise fail(f'kinds."{pattern}"', f'"{kind}" is not a file kind')
        kind_globs.append((pattern, kind))
    catalog = data.get("catalog")
    if catalog is not None:
        if not isinstance(catalog, str):
            raise fail("catalog", "expected a path")
        catalog = os.path.join(os.path.dirname(path), catalog)
    strict = data.get("strict", False)
    if not isinstance(strict, bool):
        raise fail("strict", "expected true or false")
    return Config(
        source=path,
        select=rule_list("select", data["select"]) if "select" in data else None,
        ignore=rule_list("ignore", data.get("ignore", [])),
        severity=severity,
        per_file_ignores=per_file,
        catalog=catalog,
        kinds=tuple(kind_globs),
        exclude=globs("exclude", data.get("exclude", [])),
        strict=strict,
    )
