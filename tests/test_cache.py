"""The result cache: hits give the same output, any input that changed misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclint import engine
from tests.helpers import run

SPEC = """\
body:
  version: 1
  kind: workflow
  metadata:
    name: nightly-load
    summary: Loads the nightly extract
  release:
    version: 1.0.0
  config:
    steps:
      load:
        command: "@param:load_cmnd"
        image:
          context: .
          dockerfile: Dockerfile
          version: 0.0.1
          buildArguments:
            API_TOKEN: tok-marker-4c1d
parameters:
  build:
    - name: load_cmd
      type: string
      defaultValue: python load.py
artifact:
  path: app
"""


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = engine.check_bytes

    def counting(raw: bytes, name: str, **kwargs: object) -> engine.FileResult:
        calls.append(name)
        return real(raw, name, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "check_bytes", counting)
    return calls


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text("FROM python:3.11-slim\n")
    (tmp_path / "spec.yaml").write_text(SPEC)
    return tmp_path


def _check(project: Path, *extra: str) -> tuple[str, str, int]:
    result = run(
        ["check", "--cache-dir", str(project / "cache"), *extra, "spec.yaml"],
        cwd=project,
    )
    return result.stdout, result.stderr, result.code


def test_second_run_is_served_from_the_cache_with_the_same_output(
    project: Path, counted: list[str]
) -> None:
    first = _check(project)
    second = _check(project)
    assert first == second
    assert counted == ["spec.yaml"]
    assert "param-undefined" in first[0] and " 12 |" in first[0]


def test_changed_file_misses(project: Path, counted: list[str]) -> None:
    _check(project)
    (project / "spec.yaml").write_text(SPEC.replace("load_cmnd", "load_cmd"))
    assert _check(project)[2] == 0
    assert counted == ["spec.yaml", "spec.yaml"]


def test_changed_artifact_misses(project: Path, counted: list[str]) -> None:
    _check(project)
    (project / "app" / "Dockerfile").unlink()
    stdout, _, _ = _check(project)
    assert "[dockerfile-missing]" in stdout
    assert len(counted) == 2


def test_other_settings_miss(project: Path, counted: list[str]) -> None:
    _check(project)
    _check(project, "--strict")  # a flag of the report only: still a hit
    _check(project, "--kind", "block-spec")
    assert counted == ["spec.yaml", "spec.yaml"]


def test_no_cache_and_damaged_entries(project: Path, counted: list[str]) -> None:
    _check(project)
    for entry in (project / "cache").rglob("*.json"):
        entry.write_text("{not json")
    _check(project)
    _check(project, "--no-cache")
    assert len(counted) == 3


def test_templates_are_not_cached(project: Path, counted: list[str]) -> None:
    (project / "spec.yaml").write_text(SPEC.replace("python load.py", "{{ cmd }}"))
    _check(project, "-p", "cmd=x")
    _check(project, "-p", "cmd=x")
    assert len(counted) == 2


def test_the_cache_holds_no_secret(project: Path) -> None:
    _check(project)
    stored = "".join(p.read_text() for p in (project / "cache").rglob("*.json"))
    assert "tok-marker-4c1d" not in stored
    assert "param-undefined" in stored
