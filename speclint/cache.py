"""The result cache: a file is not checked again when nothing it depends on changed.

The key of a file's result covers a hash of speclint's own code (every module and
schema, not only the version string), the settings of the run (config, kind, catalog
and every file it names, the root that artifact paths resolve against) and the file's
bytes. An entry also records the artifact folder the check read, with a signature of
its tree (names, sizes, modification times), checked again on every hit. Templates
(files with Jinja) are not cached: what they read depends on includes and the
environment. Entries are written atomically, so a crash mid-write leaves no torn entry.

Only what is printed is stored: findings and the source lines they show, with secret
values already masked; never the file's content.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from speclint.model import Diagnostic, Severity
from speclint.result import FileResult

FORMAT = 1


def default_folder() -> str:
    explicit = os.environ.get("SPECLINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return os.path.join(base, "speclint")


@cache
def code_hash() -> str:
    """A hash of speclint's code and data, so that any change to it misses the cache."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def tree_signature(folder: str) -> str:
    """Names, sizes and modification times of everything below a folder."""
    if not os.path.isdir(folder):
        return "absent"
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(
            files + [d for d in dirs if os.path.islink(os.path.join(root, d))]
        ):
            path = os.path.join(root, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            relative = os.path.relpath(path, folder)
            digest.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class Cache:
    __slots__ = ("folder", "salt")

    def __init__(self, folder: str, salt: str) -> None:
        self.folder = folder
        self.salt = salt  # the run's settings, hashed

    @classmethod
    def open(cls, folder: str, settings: Iterable[str]) -> Cache:
        digest = hashlib.sha256(code_hash().encode())
        for item in settings:
            digest.update(item.encode("utf-8", "surrogatepass") + b"\0")
        return cls(folder, digest.hexdigest())

    def key(self, name: str, raw: bytes, kind: str | None, explicit: bool) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(f"{name}\0{kind}\0{explicit}\0".encode("utf-8", "surrogatepass"))
        digest.update(raw)
        return digest.hexdigest()

    def _path(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], key + ".json")

    def get(self, key: str, name: str) -> FileResult | None:
        try:
            with open(self._path(key), encoding="utf-8") as handle:
                entry = json.load(handle)
        except (OSError, ValueError):
            return None
        try:
            if entry.get("format") != FORMAT:
                return None
            artifact = entry.get("artifact")
            if artifact and tree_signature(artifact[0]) != artifact[1]:
                return None
            return _result(name, entry)
        except (KeyError, TypeError, ValueError):
            return None  # a damaged entry is a miss, never a failure

    def put(self, key: str, result: FileResult, artifact: str | None) -> None:
        entry: dict[str, Any] = {
            "format": FORMAT,
            "kind": result.kind,
            "skipped": result.skipped,
            "diagnostics": [
                [
                    d.file,
                    d.line,
                    d.column,
                    d.severity.value,
                    d.rule,
                    d.message,
                    list(d.path),
                ]
                for d in result.diagnostics
            ],
            "lines": _shown_lines(result),
            "artifact": [artifact, tree_signature(artifact)] if artifact else None,
        }
        path = self._path(key)
        try:
            from speclint.files import write_atomic

            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_atomic(path, json.dumps(entry))
        except OSError:
            pass  # a cache that cannot be written is no cache, not a failure


def _shown_lines(result: FileResult) -> dict[str, dict[str, str]]:
    """The source lines the findings show, secrets masked, by file and line number."""
    lines = (
        result.lines if result.lines is not None else result.without_document().lines
    )
    shown: dict[str, dict[str, str]] = {}
    for (file, number), text in (lines or {}).items():
        shown.setdefault(file, {})[str(number)] = text
    return shown


def _result(name: str, entry: dict[str, Any]) -> FileResult:
    diagnostics = [
        Diagnostic(file, line, column, Severity(level), rule, message, tuple(path))
        for file, line, column, level, rule, message, path in entry["diagnostics"]
    ]
    lines = {
        (file, int(number)): text
        for file, shown in entry["lines"].items()
        for number, text in shown.items()
    }
    return FileResult(
        name, diagnostics, kind=entry["kind"], skipped=entry["skipped"], lines=lines
    )
