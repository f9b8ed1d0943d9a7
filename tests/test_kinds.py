"""Telling a file's kind from its shape, in both layouts; ambiguity decided by content."""

from __future__ import annotations

from typing import Any

import pytest

from speclint.kinds import Detected, detect, snake

WORKFLOW_BODY: dict[str, Any] = {
    "version": 1,
    "kind": "workflow",
    "metadata": {"name": "x", "summary": "y"},
    "release": {"version": "1.0.0"},
    "config": {"steps": {}},
}

CASES: list[tuple[str, Any, Detected | None]] = [
    (
        "block spec, cli",
        {"body": WORKFLOW_BODY, "scope": "private"},
        Detected("block-spec", "cli"),
    ),
    ("block spec, bare", WORKFLOW_BODY, Detected("block-spec", "api")),
    (
        "block spec release",
        {"body": {"release": {"version": "2.0.0"}, "config": {"steps": {}}}},
        Detected("block-spec-release", "cli"),
    ),
    (
        "app spec",
        {"body": {"version": 1, "kind": "app", "config": [{"id": "a"}]}},
        Detected("app-spec", "cli"),
    ),
    (
        "app spec release",
        {"body": {"release": {"version": "2.0.0"}, "config": [{"id": "a"}]}},
        Detected("app-spec-release", "cli"),
    ),
    (
        "block deployment",
        {"body": {"metadata": {}, "parameters": {"run": {}}, "spec": {"id": "s"}}},
        Detected("block-deployment", "cli"),
    ),
    (
        "app deployment",
        {"body": {"parameters": {"block-1": {"run": {"a": 1}}}, "spec": {"id": "s"}}},
        Detected("app-deployment", "cli"),
    ),
    (
        "block deployment revision",
        {"body": {"release": {"version": "1.0.0"}, "parameters": {"run": {"a": 1}}}},
        Detected("block-deployment-revision", "cli"),
    ),
    (
        "app deployment revision",
        {"body": {"release": {"version": "1.0.0"}, "blocksConfig": {"includes": []}}},
        Detected("app-deployment-revision", "cli"),
    ),
    (
        "patch parameters",
        {"body": {"agg_type": "MAX", "n": 5}},
        Detected("patch-parameters", "cli"),
    ),
    (
        "block patch v2",
        {"body": {"parameters": {"agg_type": "MAX"}}},
        Detected("block-patch-parameters-v2", "cli"),
    ),
    (
        "app patch v2",
        {"body": {"appParameters": {"a": 1}, "parameters": {"block1": {"b": 2}}}},
        Detected("app-patch-parameters-v2", "cli"),
    ),
    (
        "spec metadata",
        {
            "body": {
                "metadata": {"name": "x", "status": "available"},
                "scope": "private",
            }
        },
        Detected("spec-metadata", "cli"),
    ),
    (
        "deployment metadata (flat metadata fields)",
        {"body": {"name": "d", "title": "D", "tags": [{"name": "t"}]}},
        Detected("deployment-metadata", "cli"),
    ),
    (
        "a flat body with a parameter named like no metadata field is a patch",
        {"body": {"name": "d", "threshold": 3}},
        Detected("patch-parameters", "cli"),
    ),
    (
        "values fragment",
        {"parameters": {"build": {"a": 1}, "run": {}}},
        Detected("parameter-values", "api"),
    ),
    (
        "kubernetes manifest",
        {"apiVersion": "v1", "kind": "Service", "metadata": {}},
        None,
    ),
    ("github workflow", {"name": "ci", "on": {"push": {}}, "jobs": {}}, None),
    ("a list", [1, 2], None),
    ("a scalar", "text", None),
    ("empty", None, None),
]


@pytest.mark.parametrize(
    ("label", "data", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_detect(label: str, data: Any, expected: Detected | None) -> None:
    assert detect(data) == expected


def test_forced_kind_keeps_the_layout() -> None:
    assert detect({"a": 1}, "patch-parameters") == Detected("patch-parameters", "api")
    assert detect({"body": {"a": 1}}, "deployment-metadata") == Detected(
        "deployment-metadata", "cli"
    )


@pytest.mark.parametrize(
    ("key", "expected"),
    [("autoRunOnDeploy", "auto_run_on_deploy"), ("body", "body"), ("Body", "body")],
)
def test_snake_case_like_the_peak_cli(key: str, expected: str) -> None:
    assert snake(key) == expected
