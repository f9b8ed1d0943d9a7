"""Configuration, suppression comments and baselines."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    images:
      spare:
        context: .
        dockerfile: Dockerfile
        version: 0.1.0
    steps:
      load:
        command: "@param:load_cmnd"
        image:
          context: .
          dockerfile: Dockerfile
          version: 0.0.1
parameters:
  build:
    - name: load_cmd
      type: string
      defaultValue: python load.py
"""
ALL = ["image-unused", "param-undefined", "param-unused"]


def _rules(stdout: str) -> list[str]:
    return [line.rsplit("[", 1)[1].rstrip("]") for line in stdout.splitlines()]


def _check(folder: Path, *args: str) -> tuple[list[str], str, int]:
    result = run(["check", "--no-source", "-q", "--no-cache", *args], cwd=folder)
    return _rules(result.stdout), result.stderr, result.code


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "spec.yaml").write_text(SPEC)
    return tmp_path


def test_without_config_every_rule_runs(project: Path) -> None:
    assert _check(project, "specs")[0] == ALL


def test_pyproject_select_ignore_severity_and_strict(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.speclint]\nignore = ['image-unused']\nstrict = true\n"
        "[tool.speclint.severity]\nparam-undefined = 'warning'\n"
    )
    rules, _, code = _check(project, "specs")
    assert rules == ["param-undefined", "param-unused"]
    assert code == 1  # strict: warnings fail
    found = run(["check", "--no-source", "--no-cache", "specs"], cwd=project).stdout
    assert ': warning: parameter "load_cmnd"' in found


def test_speclint_toml_found_walking_up(project: Path) -> None:
    (project / "speclint.toml").write_text("select = ['param-unused']\n")
    assert _check(project / "specs", "spec.yaml")[0] == ["param-unused"]


def test_per_file_ignores_exclude_and_kinds(project: Path) -> None:
    (project / "legacy").mkdir()
    (project / "legacy" / "old.yaml").write_text(SPEC)
    (project / "patches").mkdir()
    (project / "patches" / "p.yaml").write_text("region: uk\n")
    (project / "speclint.toml").write_text(
        'exclude = ["legacy/**"]\n'
        '[per-file-ignores]\n"specs/*.yaml" = ["param-unused"]\n'
        '[kinds]\n"patches/*.yaml" = "patch-parameters"\n'
    )
    result = run(["check", "--no-source", "--no-cache", "."], cwd=project)
    assert _rules(result.stdout) == ["image-unused", "param-undefined"]
    assert result.stderr == "1 error, 1 warning in 2 files\n"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("ignroe = []\n", 'ignroe: unknown setting; did you mean "ignore"?'),
        (
            "ignore = ['param-undefind']\n",
            'ignore: unknown rule "param-undefind"; did you mean',
        ),
        ("strict = 'yes'\n", "strict: expected true or false"),
        (
            "[severity]\nparam-unused = 'fatal'\n",
            'severity.param-unused: "fatal" is not one of',
        ),
        (
            "[kinds]\n'x/*' = 'deployment'\n",
            'kinds."x/*": "deployment" is not a file kind',
        ),
        ("select = [\n", "is not valid TOML"),
    ],
)
def test_bad_config_is_a_usage_error_naming_file_and_key(
    project: Path, text: str, fragment: str
) -> None:
    (project / "speclint.toml").write_text(text)
    _, stderr, code = _check(project, "specs")
    assert code == 2
    assert "speclint.toml" in stderr and fragment in stderr


def test_suppressions_on_the_line_above_at_the_end_and_for_the_file(
    project: Path,
) -> None:
    text = SPEC.replace(
        '        command: "@param:load_cmnd"',
        '        command: "@param:load_cmnd"  # speclint: ignore[param-undefined] renamed soon',
    ).replace(
        "      spare:",
        "      # speclint: ignore[image-unused] kept for the rollback\n      spare:",
    )
    text = "# speclint: ignore-file[param-unused]\n" + text
    (project / "specs" / "spec.yaml").write_text(text)
    assert _check(project, "specs")[0] == []


def test_unused_suppression_is_a_warning(project: Path) -> None:
    (project / "specs" / "spec.yaml").write_text(
        SPEC.replace("  release:", "  # speclint: ignore[step-cycle]\n  release:")
    )
    result = run(["check", "--no-source", "-q", "--no-cache", "specs"], cwd=project)
    assert (
        'specs/spec.yaml:7:3: warning: suppression of "step-cycle" silences nothing on '
        "line 8; remove it [suppression-unused]"
    ) in result.stdout


def test_baseline_hides_recorded_findings_even_when_lines_move(project: Path) -> None:
    baseline = project / "baseline.json"
    _, _, code = _check(
        project, "--baseline", str(baseline), "--update-baseline", "specs"
    )
    assert baseline.exists()
    moved = "# a comment\n# and another\n" + SPEC
    (project / "specs" / "spec.yaml").write_text(moved)
    rules, _, code = _check(project, "--baseline", str(baseline), "specs")
    assert (rules, code) == ([], 0)
    # a new finding is still reported
    (project / "specs" / "spec.yaml").write_text(
        moved.replace("version: 1.0.0", "version: 1.0.0\n  bogus: 1")
    )
    rules, _, code = _check(project, "--baseline", str(baseline), "specs")
    assert rules == ["unknown-key"]
    full = run(
        ["check", "--no-source", "--no-cache", "--baseline", str(baseline), "specs"],
        cwd=project,
    )
    assert full.stderr.endswith("; 3 in the baseline hidden\n")


def test_update_baseline_needs_a_file_and_a_bad_baseline_is_a_usage_error(
    project: Path,
) -> None:
    assert _check(project, "--update-baseline", "specs")[2] == 2
    (project / "bad.json").write_text("[1, 2]")
    _, stderr, code = _check(project, "--baseline", "bad.json", "specs")
    assert code == 2 and "bad.json" in stderr
