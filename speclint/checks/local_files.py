"""Local files a block spec ships: the artifact folder, its ignore files, the
Dockerfiles and SQL files it must hold, and its size once zipped.

Only block spec and block spec release files carry an ``artifact``, and only the
CLI layout has it (it is a command-level key). Paths resolve the way peak-sdk 1.29
resolves them: ``artifact.path`` against the working directory (``--root`` stands in
for it), everything else inside the artifact. With no ``artifact`` key there is
nothing local to check: images and SQL files then come from elsewhere.

The zip is never written: each file the ignore patterns keep is streamed through the
same raw deflate (level 6) that ``zipfile`` uses, plus the per-entry header sizes.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path as FsPath
from typing import Any, Literal, NamedTuple, TypeGuard

from speclint.checks.base import name_of
from speclint.model import Hit, Path
from speclint.spec import Spec
from speclint.suggest import close_matches

MB = 2**20
#: the peak CLI refuses a zipped artifact larger than this (``MAX_ARTIFACT_SIZE_MB``)
LIMIT = 10 * MB

#: zip sizes: local file header and central directory header (without the name), and
#: the end-of-central-directory record (and its zip64 variant past 65,535 entries)
_LOCAL, _CENTRAL, _END, _END64 = 30, 46, 22, 56 + 20
_CHUNK = 1 << 20
#: how many files a "did you mean" looks through for a misplaced file
_HINT_FILES = 5000
_DEFAULT_IGNORE = ".dockerignore"

Include = Callable[[str], bool]


# -- the artifact, read once per spec ------------------------------------------------


class _IgnoreEntry:
    __slots__ = ("index", "name", "problem")

    def __init__(self, index: int, name: str, problem: str | None = None) -> None:
        self.index = index
        self.name = name
        self.problem = problem


class _Artifact:
    __slots__ = (
        "default_problem",
        "directory",
        "entries",
        "ignore_files",
        "ignore_ok",
        "include",
        "key",
        "per_file",
        "problem",
        "written",
    )

    def __init__(
        self,
        key: Path,
        written: str,
        directory: str | None = None,
        problem: str | None = None,
        ignore_files: list[tuple[str, str]] | None = None,
        entries: list[_IgnoreEntry] | None = None,
        default_problem: str | None = None,
        ignore_ok: bool = True,
        include: Include = lambda _rel: True,
        per_file: list[tuple[str, Include]] | None = None,
    ) -> None:
        self.key = key  # data path of the whole ``artifact`` mapping
        self.written = written  # ``path`` as written
        self.directory = directory  # the folder, when it is one
        self.problem = problem  # why ``path`` is not a folder
        #: ignore files in use: (name as the user knows it, full path)
        self.ignore_files: list[tuple[str, str]] = (
            ignore_files if ignore_files is not None else []
        )
        self.entries: list[_IgnoreEntry] = entries if entries is not None else []
        self.default_problem = default_problem
        #: False when the peak CLI would not get as far as zipping (size is then not
        #: checked)
        self.ignore_ok = ignore_ok
        self.include = include
        #: per-file patterns, to tell which ignore file leaves a path out
        self.per_file: list[tuple[str, Include]] = (
            per_file if per_file is not None else []
        )

    @property
    def path_key(self) -> Path:
        return (*self.key, "path")

    @property
    def label(self) -> str:
        return f'artifact "{self.written}"'


def _artifact(spec: Spec) -> _Artifact | None:
    if "local_files" not in spec.memo:
        spec.memo["local_files"] = _read_artifact(spec)
    found: _Artifact | None = spec.memo["local_files"]
    return found


def _read_artifact(spec: Spec) -> _Artifact | None:
    if not spec.is_block_spec or not spec.cli:
        return None
    key = spec.command_path("artifact")
    value = spec.get(key) if key is not None else None
    if key is None or not isinstance(value, dict):
        return None
    written = value.get("path")
    if not isinstance(written, str):
        return None  # missing or a list: the structure rules say so
    artifact = _Artifact(key, written)
    base = spec.context.root or os.getcwd()
    where = (
        "the working directory"
        if spec.context.root is None
        else f'"{spec.context.root}"'
    )
    if not written:
        artifact.problem = "artifact path is empty, so the peak CLI uploads no artifact"
        return artifact
    full = os.path.join(base, written)
    if os.path.isdir(full):
        artifact.directory = full
    elif os.path.exists(full):
        artifact.problem = f'artifact path "{written}" is a file, not a directory'
        return artifact
    else:
        artifact.problem = f'artifact path "{written}" does not exist in {where}'
        if spec.context.root is None:
            artifact.problem += ", where the peak CLI resolves it"
        artifact.problem += _artifact_hint(spec, base, written)
        return artifact
    _read_ignore_files(artifact, value.get("ignore_files"))
    return artifact


def _artifact_hint(spec: Spec, base: str, written: str) -> str:
    """'did you mean' for an artifact folder: beside the spec file, or a close name."""
    if os.path.isabs(written):
        return ""
    spec_dir = os.path.dirname(spec.doc.name)
    if spec_dir and os.path.isfile(spec.doc.name):
        beside = os.path.join(spec_dir, written)
        if os.path.isdir(beside):
            rel = os.path.relpath(os.path.abspath(beside), os.path.abspath(base))
            return f'; did you mean "{rel}" (beside the spec file)?'
    kind, close = _lookup(base, os.path.normpath(written), want_dir=True)
    return _mean(close) if kind == "missing" and close is not None else ""


def _isdir(*parts: str) -> bool:
    return os.path.isdir(os.path.join(*parts))


def _listdir(folder: str) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except (OSError, ValueError):
        return []


def _read_ignore_files(artifact: _Artifact, raw: Any) -> None:
    """Which ignore files the peak CLI reads, whether it can, and their patterns."""
    assert artifact.directory is not None
    directory = artifact.directory
    if raw is not None and not isinstance(raw, list):
        artifact.ignore_ok = False  # the structure rules report the type
        return
    if raw:
        for index, name in enumerate(raw):
            if not isinstance(name, str):
                artifact.ignore_ok = False
                continue
            entry = _IgnoreEntry(index, name, _ignore_problem(artifact, name))
            artifact.entries.append(entry)
            if entry.problem is not None:
                artifact.ignore_ok = False
            if os.path.isfile(os.path.join(directory, name)):
                artifact.ignore_files.append((name, os.path.join(directory, name)))
    elif os.path.isfile(os.path.join(directory, _DEFAULT_IGNORE)):
        # peak-sdk 1.29 names the default file ``<path>/.dockerignore`` and then joins
        # it to ``<path>`` again: fine for "." and absolute paths, not for others
        as_named = os.fspath(FsPath(artifact.written) / _DEFAULT_IGNORE)
        if not _at_root(directory, as_named):
            looked = os.fspath(FsPath(artifact.written) / as_named)
            artifact.default_problem = (
                f"{artifact.label} has a .dockerignore and no ignore_files, and the "
                f'peak CLI then looks for it at "{looked}" and fails; add '
                f'ignore_files: ["{_DEFAULT_IGNORE}"]'
            )
            artifact.ignore_ok = False
        artifact.ignore_files.append(
            (_DEFAULT_IGNORE, os.path.join(directory, _DEFAULT_IGNORE))
        )
    _compile(artifact)


def _at_root(directory: str, name: str) -> bool:
    """Whether the peak CLI accepts ``name`` as an ignore file of ``directory``."""
    try:
        inner = (
            FsPath(directory, name).resolve().relative_to(FsPath(directory).resolve())
        )
    except (ValueError, OSError, RuntimeError):
        return False
    return len(inner.parents) == 1


def _ignore_problem(artifact: _Artifact, name: str) -> str | None:
    assert artifact.directory is not None
    full = os.path.join(artifact.directory, name)
    if not _at_root(artifact.directory, name):
        return (
            f'ignore file "{name}" is not at the root of {artifact.label}; the peak '
            "CLI reads ignore files only there"
        )
    if os.path.isdir(full):
        return f'ignore file "{name}" in {artifact.label} is a directory, not a file'
    if not os.path.isfile(full):
        return f'ignore file "{name}" does not exist in {artifact.label}'
    return None


def _compile(artifact: _Artifact) -> None:
    """Patterns as the peak CLI builds them: include all, then every line inverted."""
    lines_of = [(name, _inverted(full)) for name, full in artifact.ignore_files]
    if not any(lines for _, lines in lines_of):
        return
    artifact.include = _spec(["*", *(line for _, lines in lines_of for line in lines)])
    artifact.per_file = [(name, _spec(["*", *lines])) for name, lines in lines_of]


def _inverted(full: str) -> list[str]:
    try:
        with open(full, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out.append(line[1:] if line.startswith("!") else "!" + line)
    return out


def _spec(lines: list[str]) -> Include:
    import warnings

    import pathspec

    def compile_lines(chosen: list[str]) -> Any:
        with warnings.catch_warnings():
            # pathspec 1.x deprecates the name the peak CLI uses; the semantics hold
            warnings.simplefilter("ignore", DeprecationWarning)
            return pathspec.PathSpec.from_lines("gitwildmatch", chosen)

    try:
        compiled = compile_lines(lines)
    except Exception:  # a line pathspec refuses (the peak CLI fails on it too)
        good = []
        for line in lines:
            try:
                compile_lines([line])
            except Exception:
                continue
            good.append(line)
        compiled = compile_lines(good)

    def include(rel: str) -> bool:
        return bool(compiled.match_file(rel))

    return include


# -- rules ---------------------------------------------------------------------------


def artifact_path_missing(spec: Spec) -> Iterator[Hit]:
    artifact = _artifact(spec)
    if artifact is not None and artifact.problem is not None:
        yield Hit(artifact.path_key, artifact.problem)


def ignore_file_missing(spec: Spec) -> Iterator[Hit]:
    artifact = _artifact(spec)
    if artifact is None or artifact.directory is None:
        return
    if artifact.default_problem is not None:
        yield Hit(artifact.path_key, artifact.default_problem)
    for entry in artifact.entries:
        if entry.problem is not None:
            yield Hit((*artifact.key, "ignore_files", entry.index), entry.problem)


def _usable(value: Any) -> TypeGuard[str]:
    """A path to check: a string the server does not substitute (no ``@param:``)."""
    return isinstance(value, str) and "@param:" not in value


def _images(spec: Spec) -> Iterator[tuple[str, Path, dict[str, Any]]]:
    """(how messages name it, path, mapping) of each image built from the artifact."""
    for entry in spec.entries("images"):
        if isinstance(entry.value, dict):
            yield name_of(entry.path), entry.path, entry.value
    if spec.is_service:
        image = spec.config.get("image") if isinstance(spec.config, dict) else None
        if isinstance(image, dict):
            yield "the service", (*spec.config_path, "image"), image
        return
    for step in spec.steps:
        body = step.value
        if not isinstance(body, dict) or body.get("type", "standard") != "standard":
            continue
        # a step with a repository builds from that repository, not the artifact
        if isinstance(body.get("image"), dict) and "repository" not in body:
            yield name_of(step.path), (*step.path, "image"), body["image"]


def dockerfile_missing(spec: Spec) -> Iterator[Hit]:
    artifact = _artifact(spec)
    if artifact is None or artifact.directory is None:
        return
    for label, path, image in _images(spec):
        dockerfile, context = image.get("dockerfile"), image.get("context", ".")
        if not _usable(dockerfile) or not _usable(context):
            continue
        context_inner = _inner(context)
        if context_inner is None:
            yield Hit(
                (*path, "context"),
                f'context "{context}" of {label} is outside {artifact.label}',
            )
            continue
        if context_inner != ".":
            kind, close = _lookup(artifact.directory, context_inner, want_dir=True)
            if kind != "dir":
                what = (
                    "is a file, not a directory" if kind == "file" else "does not exist"
                )
                hint = _mean(close) if close is not None else ""
                yield Hit(
                    (*path, "context"),
                    f'context "{context}" of {label} {what} in {artifact.label}{hint}',
                )
                continue
        message = _file_problem(
            artifact,
            f'dockerfile "{dockerfile}" of {label}',
            dockerfile,
            context_inner,
        )
        if message is not None:
            yield Hit((*path, "dockerfile"), message)


def sql_file_missing(spec: Spec) -> Iterator[Hit]:
    artifact = _artifact(spec)
    if artifact is None or artifact.directory is None:
        return
    for step in spec.steps:
        body = step.value
        if not isinstance(body, dict) or body.get("type") != "sql":
            continue
        query = body.get("sqlQueryPath")
        if not _usable(query):
            continue
        message = _file_problem(
            artifact, f'sqlQueryPath "{query}" of {name_of(step.path)}', query, "."
        )
        if message is not None:
            yield Hit((*step.path, "sqlQueryPath"), message)


def artifact_too_large(spec: Spec) -> Iterator[Hit]:
    artifact = _artifact(spec)
    if artifact is None or artifact.directory is None or not artifact.ignore_ok:
        return
    estimate = estimate_zip(artifact.directory, artifact.include, LIMIT)
    if estimate.size <= LIMIT:
        return
    using = "its ignore files" if artifact.ignore_files else "no ignore file"
    amount = "more than" if estimate.precision == "at least" else "about"
    message = (
        f"{artifact.label} zips to {amount} {_mib(estimate.size)} with {using}; "
        f"the peak CLI refuses more than {LIMIT // MB} MiB"
    )
    if estimate.largest is not None:
        part, raw = estimate.largest
        message += f' (largest part: "{part}", {_mib(raw)} unzipped)'
    yield Hit(artifact.path_key, message)


def _mib(size: int) -> str:
    value = size / MB
    for decimals in range(1, 5):
        text = f"{value:.{decimals}f}"
        if float(text) != LIMIT / MB:
            break
    return f"{text} MiB"


# -- files inside the artifact -------------------------------------------------------


def _inner(path: str) -> str | None:
    """``path`` normalised inside the artifact, or None when it leaves it."""
    if os.path.isabs(path):
        return None
    inner = os.path.normpath(path)
    if inner == ".." or inner.startswith("../"):
        return None
    return inner


def _close(word: str, names: list[str]) -> str | None:
    """The name ``word`` most likely meant: the same but for case, or very close."""
    for name in names:
        if name.lower() == word.lower():
            return name
    close = close_matches(word, names, cutoff=0.75)
    return close[0] if close else None


def _lookup(directory: str, inner: str, want_dir: bool) -> tuple[str, str | None]:
    """("file" | "dir" | "missing", the closest existing path when missing).

    Names must match exactly, as in the zip, even on a case-insensitive disk; the
    suggestion replaces the first name that does not with the closest entry of the
    right kind there.
    """
    current = directory
    parts = [] if inner == "." else inner.split("/")
    for depth, part in enumerate(parts):
        names = _listdir(current)
        if part not in names:
            want = want_dir or depth < len(parts) - 1
            kind_ok = [n for n in names if _isdir(current, n) == want]
            close = _close(part, kind_ok)
            if close is None:
                return "missing", None
            return "missing", "/".join([*parts[:depth], close, *parts[depth + 1 :]])
        current = os.path.join(current, part)
    if os.path.isdir(current):
        return "dir", None
    return ("file", None) if os.path.isfile(current) else ("missing", None)


def _mean(path: str) -> str:
    return f'; did you mean "{path}"?'


def _file_problem(
    artifact: _Artifact, what: str, written: str, context: str
) -> str | None:
    """Why ``written`` (relative to ``context`` in the artifact) is not a zipped file."""
    assert artifact.directory is not None
    inner = None if os.path.isabs(written) else _inner(os.path.join(context, written))
    if inner is None:
        return f"{what} is outside {artifact.label}"
    kind, close = _lookup(artifact.directory, inner, want_dir=False)
    where = (
        artifact.label if context == "." else f'context "{context}" of {artifact.label}'
    )
    if kind == "dir":
        return f"{what} is a directory in {where}, not a file"
    if kind == "missing":
        return (
            f"{what} does not exist in {where}{_hint(artifact, inner, context, close)}"
        )
    if not artifact.include(inner):
        names = [name for name, include in artifact.per_file if not include(inner)]
        by = ", ".join(f'"{n}"' for n in names) or "its ignore files"
        return f"{what} is left out of {artifact.label} by {by}"
    return None


def _hint(artifact: _Artifact, inner: str, context: str, close: str | None) -> str:
    """What the user may have meant by a missing file, relative to ``context``."""
    assert artifact.directory is not None
    written = os.path.relpath(inner, context)
    if context != ".":
        at_root = _inner(written)
        if at_root and _lookup(artifact.directory, at_root, False)[0] == "file":
            if at_root.startswith(context + "/"):
                meant = os.path.relpath(at_root, context)
                return (
                    f'; dockerfile is relative to the context: did you mean "{meant}"?'
                )
            return (
                f'; the artifact has "{at_root}", but dockerfile is relative to the '
                "context"
            )
    # the same file name elsewhere under the context (a Dockerfile kept in docker/)
    wanted = inner.rpartition("/")[2]
    prefix = "" if context == "." else context + "/"
    found = []
    for count, (rel, _, _) in enumerate(walk_files(artifact.directory)):
        if count >= _HINT_FILES:
            break
        if (
            rel.startswith(prefix)
            and rel.rpartition("/")[2] == wanted
            and artifact.include(rel)
        ):
            found.append(rel[len(prefix) :])
    if found:
        return _mean(min(found, key=lambda r: (r.count("/"), r)))
    if close is not None:
        return _mean(os.path.relpath(close, context))
    return ""


# -- the zip, estimated --------------------------------------------------------------


class ZipEstimate(NamedTuple):
    """The size of the zip the peak CLI would build, in bytes.

    ``precision``: "exact"; "at most" (every file stored at its worst, and still under
    the limit asked about); "about" (reading stopped once over the limit; the rest is
    extrapolated from the ratio so far); "at least" (listing stopped: the headers alone
    are over the limit). ``largest``: the top-level entry with the most bytes unzipped,
    when it holds at least a quarter of them.
    """

    size: int
    precision: Literal["exact", "at most", "about", "at least"]
    largest: tuple[str, int] | None = None


def walk_files(top: str) -> Iterator[tuple[str, str, int]]:
    """(path relative to ``top`` with "/", full path, size) of each regular file.

    Like the peak CLI's listing: symbolic links are followed, in sorted order; a link
    back to a folder being walked (a loop) is not entered, and neither broken links nor
    devices are files.
    """
    stack: list[tuple[str, str, frozenset[str]]] = [
        ("", top, frozenset({os.path.realpath(top)}))
    ]
    while stack:
        rel_dir, full_dir, ancestors = stack.pop()
        try:
            with os.scandir(full_dir) as scan:
                children = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        folders = []
        for child in children:
            rel = f"{rel_dir}{child.name}"
            try:
                info = child.stat()  # follows links
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                real = os.path.realpath(child.path)
                if real not in ancestors:
                    folders.append((f"{rel}/", child.path, ancestors | {real}))
            elif stat.S_ISREG(info.st_mode):
                yield rel, child.path, info.st_size
        stack.extend(reversed(folders))


def _deflate_bound(size: int) -> int:
    """zlib's conservative bound on raw deflate output for ``size`` input bytes."""
    return size + ((size + 7) >> 3) + ((size + 63) >> 6) + 5


def _name_size(name: str) -> int:
    return len(name.encode("utf-8", "surrogateescape"))


def estimate_zip(
    directory: str, include: Include = lambda _rel: True, limit: int | None = None
) -> ZipEstimate:
    """The size of ``directory`` zipped with ZIP_DEFLATED the way the peak CLI zips it.

    Every kept file is an entry, and so is every folder above one (the CLI adds them).
    With a ``limit``, work stops as soon as the answer to "over the limit?" is known.
    """
    files: list[tuple[str, str, int]] = []
    folders: set[str] = set()
    fixed = _END
    for rel, full, size in walk_files(directory):
        if not include(rel):
            continue
        files.append((rel, full, size))
        fixed += _LOCAL + _CENTRAL + 2 * _name_size(rel)
        parent = rel.rpartition("/")[0]
        while parent and parent not in folders:
            folders.add(parent)
            fixed += _LOCAL + _CENTRAL + 2 * _name_size(parent + "/")
            parent = parent.rpartition("/")[0]
        if limit is not None and fixed > limit:
            return ZipEstimate(fixed, "at least", _largest(files))
    if len(files) + len(folders) > 0xFFFF:
        fixed += _END64
    largest = _largest(files)
    if limit is not None:
        bound = fixed + sum(_deflate_bound(size) for _, _, size in files)
        if bound <= limit:
            return ZipEstimate(bound, "at most", largest)
    total_raw = sum(size for _, _, size in files)
    read = packed = 0
    for _, full, _ in files:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        try:
            with open(full, "rb") as handle:
                while chunk := handle.read(_CHUNK):
                    read += len(chunk)
                    packed += len(compressor.compress(chunk))
                    if limit is not None and fixed + packed > limit:
                        rest = max(total_raw - read, 0)
                        guess = fixed + packed + rest * packed // max(read, 1)
                        return ZipEstimate(guess, "about", largest)
        except OSError:
            continue
        packed += len(compressor.flush())
    return ZipEstimate(fixed + packed, "exact", largest)


def _largest(files: list[tuple[str, str, int]]) -> tuple[str, int] | None:
    parts: dict[str, int] = {}
    for rel, _, size in files:
        head, slash, _ = rel.partition("/")
        key = head + slash
        parts[key] = parts.get(key, 0) + size
    if not parts:
        return None
    name = max(sorted(parts), key=lambda k: parts[k])  # the first of equals
    if parts[name] * 4 < sum(parts.values()):
        return None  # no one part stands out: naming one would not help
    return name, parts[name]
