"""Local files: the zip size estimate against real zips, and artifacts too big to keep
as fixtures (over 10 MiB of bytes that do not compress, made here in a temp folder)."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from speclint.checks.local_files import LIMIT, MB, estimate_zip, walk_files
from speclint.engine import check_bytes
from speclint.spec import Context
from tests.helpers import run

SPEC = """\
body:
  version: 1
  kind: workflow
  metadata:
    name: search-ranking
    summary: Re-ranks product search results with a learned model
  release:
    version: 1.0.0
  config:
    steps:
      rank:
        command: python -m ranking.score
        image:
          context: .
          dockerfile: {dockerfile}
          version: 1.0.0
artifact:
  path: {path}
{ignore}"""


def _spec(
    folder: Path,
    path: str = "src",
    ignore: list[str] | None = None,
    dockerfile: str = "Dockerfile",
) -> Path:
    lines = ""
    if ignore is not None:
        lines = "  ignore_files:\n" + "".join(f"    - {name}\n" for name in ignore)
    spec = folder / "spec.yaml"
    spec.write_text(SPEC.format(path=path, ignore=lines, dockerfile=dockerfile))
    return spec


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data)
    else:
        path.write_bytes(data)


def _real_zip_size(folder: Path) -> int:
    """The zip the peak CLI writes: every file, then every folder above one."""
    buffer = io.BytesIO()
    parents: set[Path] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel, full, _ in walk_files(str(folder)):
            zf.write(full, rel)
            parents.update(Path(rel).parents)
        parents.discard(Path())
        for parent in sorted(parents):
            zf.write(folder / parent, str(parent))
    return buffer.tell()


def _check(tmp_path: Path) -> str:
    result = run(["check", "--no-source", "--quiet", "spec.yaml"], cwd=tmp_path)
    return result.stdout


# -- the estimate ----------------------------------------------------------------------


def test_estimate_is_the_real_zip_size(tmp_path: Path) -> None:
    art = tmp_path / "src"
    _write(art / "Dockerfile", "FROM python:3.11-slim\n")
    _write(art / "pkg" / "model.bin", os.urandom(300_000))
    _write(
        art / "pkg" / "deep" / "table.csv", "store,week,units\n" + "1,2,3\n" * 90_000
    )
    _write(art / "empty.txt", "")
    _write(art / "naïve-ünïcode.txt", "names are UTF-8 in the zip\n")
    os.symlink("pkg/deep", art / "linked")  # followed: its files are zipped again
    estimate = estimate_zip(str(art))
    assert estimate.precision == "exact"
    assert estimate.size == _real_zip_size(art)
    assert estimate.largest == ("pkg/", 300_000 + 17 + 6 * 90_000)


def test_bound_under_the_limit_is_never_below_the_real_size(tmp_path: Path) -> None:
    art = tmp_path / "src"
    for i in range(5):
        _write(art / f"blob{i}.bin", os.urandom(200_000))
    estimate = estimate_zip(str(art), limit=LIMIT)
    assert estimate.precision == "at most"
    assert estimate.size >= _real_zip_size(art)


def test_a_symlink_loop_ends(tmp_path: Path) -> None:
    art = tmp_path / "src"
    _write(art / "sub" / "a.txt", "a\n")
    os.symlink("..", art / "sub" / "up")  # back to src: a loop
    os.symlink(str(tmp_path / "nowhere"), art / "broken")
    os.mkfifo(art / "pipe")  # never read: it would block
    assert [rel for rel, _, _ in walk_files(str(art))] == ["sub/a.txt"]
    assert estimate_zip(str(art)).precision == "exact"


# -- the rule, through the CLI ---------------------------------------------------------


def test_over_ten_mib_is_an_error_with_the_estimate(tmp_path: Path) -> None:
    _spec(tmp_path)
    _write(tmp_path / "src" / "Dockerfile", "FROM python:3.11-slim\n")
    for i in range(12):
        _write(tmp_path / "src" / "models" / f"part{i:02d}.bin", os.urandom(MB))
    assert _check(tmp_path) == (
        'spec.yaml:18:9: error: artifact "src" zips to about 12.0 MiB with no ignore '
        "file; the peak CLI refuses more than 10 MiB (largest part: "
        '"models/", 12.0 MiB unzipped) [artifact-too-large]\n'
    )


def test_just_under_ten_mib_is_clean(tmp_path: Path) -> None:
    _spec(tmp_path)
    _write(tmp_path / "src" / "Dockerfile", "FROM python:3.11-slim\n")
    _write(tmp_path / "src" / "model.bin", os.urandom(LIMIT - 64 * 1024))
    assert _real_zip_size(tmp_path / "src") <= LIMIT
    assert _check(tmp_path) == ""


def test_just_over_ten_mib_shows_enough_decimals(tmp_path: Path) -> None:
    _spec(tmp_path)
    _write(tmp_path / "src" / "Dockerfile", "FROM python:3.11-slim\n")
    _write(tmp_path / "src" / "model.bin", os.urandom(LIMIT + 16 * 1024))
    assert _real_zip_size(tmp_path / "src") > LIMIT
    # reading stops once over the limit: the rest of the file is extrapolated
    assert re.search(
        r"zips to about 10\.0[1-3] MiB with no ignore file", _check(tmp_path)
    )


def test_ignore_files_leave_the_big_folder_out(tmp_path: Path) -> None:
    _spec(tmp_path, ignore=[".dockerignore"])
    _write(tmp_path / "src" / "Dockerfile", "FROM python:3.11-slim\n")
    _write(tmp_path / "src" / ".dockerignore", "# data stays in storage\ndata/\n")
    _write(tmp_path / "src" / "data" / "sales.bin", os.urandom(11 * MB))
    assert _check(tmp_path) == ""


def test_default_dockerignore_applies_at_dot(tmp_path: Path) -> None:
    _spec(tmp_path, path=".")
    _write(tmp_path / "Dockerfile", "FROM python:3.11-slim\n")
    _write(tmp_path / ".dockerignore", "*.bin\n")
    _write(tmp_path / "sales.bin", os.urandom(11 * MB))
    assert _check(tmp_path) == ""


def test_compressible_files_over_ten_mib_unzipped_are_clean(tmp_path: Path) -> None:
    _spec(tmp_path)
    _write(tmp_path / "src" / "Dockerfile", "FROM python:3.11-slim\n")
    _write(
        tmp_path / "src" / "history.csv", "store,week,units\n" + "17,2024-05,3\n" * MB
    )
    assert _check(tmp_path) == ""


# -- paths: resolved against --root, @param: values skipped ----------------------------


def _rules(text: str, root: Path) -> list[tuple[str, str]]:
    result = check_bytes(text.encode(), "spec.yaml", context=Context(root=str(root)))
    return [
        (d.rule, d.message) for d in result.diagnostics if d.severity.value == "error"
    ]


def test_paths_resolve_against_the_root_not_the_working_directory(
    tmp_path: Path,
) -> None:
    _write(tmp_path / "project" / "src" / "Dockerfile", "FROM python:3.11-slim\n")
    text = _spec(tmp_path).read_text()
    assert _rules(text, tmp_path / "project") == []
    assert _rules(text, tmp_path) == [
        (
            "artifact-path-missing",
            f'artifact path "src" does not exist in "{tmp_path}"',
        )
    ]


@pytest.mark.parametrize("dockerfile", ['"@param:dockerfile"', "docker/@param:name"])
def test_param_values_are_not_paths(tmp_path: Path, dockerfile: str) -> None:
    _write(tmp_path / "src" / "Dockerfile", "FROM python:3.11-slim\n")
    text = _spec(tmp_path, dockerfile=dockerfile).read_text()
    assert [rule for rule, _ in _rules(text, tmp_path) if "missing" in rule] == []
