"""Templates rendered the way the peak CLI renders them, traced back to their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclint.template import Variables, is_template, render
from tests.helpers import run

SPEC = """\
{% set image_version = "0.3.2" %}
body:
  version: 1
  kind: workflow
  metadata:
    name: {{ block_name }}
    summary: Loads sales for {{ os_env.SPECLINT_TEST_REGION }}
  release:
    version: 1.0.0
  config:
    steps:
      {% include 'steps/load.yaml' %}
      train:
        command: "{{ train_cmd }}"
        parents: [laod]
        image:
          context: .
          dockerfile: Dockerfile
          version: {{ image_version }}
"""

STEP = """\
load:
  command: python load.py
  image:
    context: app
    dockerfile: Dockerfile
    version: {{ image_version }}
  resources:
    instanceTypeId: "21"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "steps").mkdir()
    (tmp_path / "spec.yaml").write_text(SPEC)
    (tmp_path / "steps" / "load.yaml").write_text(STEP)
    (tmp_path / "params.yaml").write_text(
        "block_name: sales-loader\ntrain_cmd: python t.py\n"
    )
    monkeypatch.setenv("SPECLINT_TEST_REGION", "uk")
    return tmp_path


def test_findings_point_at_the_template_and_the_included_file(project: Path) -> None:
    result = run(
        ["check", "--no-source", "-q", "-v", "params.yaml", "spec.yaml"], cwd=project
    )
    assert result.stdout == (
        'spec.yaml:15:19: error: step "train" names parent "laod", which is not a step of '
        'this workflow; did you mean "load"? [step-ref-undefined]\n'
        'steps/load.yaml:8:21: error: "instanceTypeId" must be a whole number, not a '
        'string ("21") [value-type]\n'
    )


def test_source_lines_shown_are_the_template_lines(project: Path) -> None:
    result = run(["check", "-v", "params.yaml", "spec.yaml"], cwd=project)
    assert (
        ' 8 |     instanceTypeId: "21"\n   |                     ^\n' in result.stdout
    )


def test_undefined_variables_are_errors_at_their_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPECLINT_TEST_REGION")
    result = run(
        ["check", "--no-source", "-q", "-p", "train_cmd=x", "spec.yaml"], cwd=project
    )
    lines = [
        line for line in result.stdout.splitlines() if "[template-undefined]" in line
    ]
    assert lines == [
        'spec.yaml:6:14: error: template variable "block_name" is not defined; the peak CLI '
        "would render it as an empty string (give it with -v/--params-file or -p NAME=VALUE) "
        "[template-undefined]",
        'spec.yaml:7:40: error: environment variable "SPECLINT_TEST_REGION" is not set; the '
        "peak CLI would render it as an empty string [template-undefined]",
    ]


def test_params_option_wins_over_params_file(project: Path) -> None:
    (project / "spec.yaml").write_text(
        SPEC.replace('"{{ train_cmd }}"', "{{ train_cmd }}")
    )
    rendered = render(
        (project / "spec.yaml").read_text(),
        str(project / "spec.yaml"),
        Variables(params={"block_name": "b", "train_cmd": "[1, 2]"}, root=str(project)),
    )
    assert "command: [1, 2]" in rendered.text


def test_include_is_indented_and_context_rewritten(project: Path) -> None:
    rendered = render(
        SPEC,
        str(project / "spec.yaml"),
        Variables(params={"block_name": "b"}, root=str(project)),
    )
    assert "      load:\n        command: python load.py\n" in rendered.text
    assert "          context: steps/app\n" in rendered.text


def test_include_outside_the_checked_tree_is_refused(tmp_path: Path) -> None:
    inside = tmp_path / "inside"
    inside.mkdir()
    (tmp_path / "secret.yaml").write_text("token: abc\n")
    (inside / "spec.yaml").write_text("body:\n  {% include '../secret.yaml' %}\n")
    result = run(["check", "--no-source", "-q", "spec.yaml"], cwd=inside)
    assert result.stdout == (
        'spec.yaml:2:3: error: included file "../secret.yaml" is outside .; speclint reads '
        "includes only inside the folder it checks [template-error]\n"
    )


def test_sandbox_refuses_unsafe_attributes(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(
        "body:\n  x: {{ ''.__class__.__mro__[1].__subclasses__() }}\n"
    )
    result = run(["check", "--no-source", "-q", "spec.yaml"], cwd=tmp_path)
    assert "[template-error]" in result.stdout
    assert result.code == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\n", False),
        ("a: {{ b }}\n", True),
        ("{% if x %}\n", True),
        ("{# note #}\n", True),
    ],
)
def test_is_template(text: str, expected: bool) -> None:
    assert is_template(text) is expected
