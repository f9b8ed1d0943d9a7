"""`speclint graph`: the step DAG as Mermaid and DOT."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run

SPEC = """\
body:
  version: 1
  kind: workflow
  metadata: {name: sales-mart, summary: Builds the sales mart}
  release: {version: 1.0.0}
  config:
    images:
      base: {context: ., dockerfile: Dockerfile, version: 0.1.0}
    steps:
      extract:
        type: sql
        sqlQueryPath: sql/extract.sql
      transform:
        parents: [extract]
        imageRef: base
        command: python transform.py
      publish:
        type: export
        parents: [transform]
        schema: MART
        table: SALES
        sortBy: DAY
        executionParameters:
          parentStatus:
            - {condition: all-of, parents: [extract], status: [success]}
    triggers:
      - cron: "0 3 * * *"
"""


def test_mermaid(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    result = run(["graph", "spec.yaml"], cwd=tmp_path)
    assert result.code == 0
    assert result.stdout == (
        "flowchart TD\n"
        '  t0(["cron 0 3 * * *"])\n'
        '  s0["<b>extract</b><br/>sql"]\n'
        '  s1["<b>transform</b><br/>standard, imageRef base"]\n'
        '  s2["<b>publish</b><br/>export"]\n'
        "  s0 --> s1\n"
        "  s1 --> s2\n"
        "  s0 -.-> s2\n"
        "  t0 --> s0\n"
    )


def test_dot(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    result = run(["graph", "--format", "dot", "spec.yaml"], cwd=tmp_path)
    assert result.stdout.splitlines()[:5] == [
        'digraph "sales-mart" {',
        "  rankdir=TB;",
        "  node [shape=box];",
        '  t0 [shape=oval, label="cron 0 3 * * *"];',
        '  s0 [label="extract\\nsql"];',
    ]
    assert "  s0 -> s2 [style=dashed];" in result.stdout


def test_graph_of_something_else_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "dep.yaml").write_text("body:\n  name: x\n  title: y\n")
    result = run(["graph", "dep.yaml"], cwd=tmp_path)
    assert result.code == 1
    assert "graph takes a workflow block spec" in result.stderr
