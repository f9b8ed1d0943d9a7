"""The benchmark corpus is what it claims: realistic, deterministic and clean."""

from __future__ import annotations

from pathlib import Path

from bench import corpus
from tests.helpers import run

SEVEN_TYPES = {
    "boolean",
    "string",
    "string_array",
    "number",
    "number_array",
    "object",
    "object_array",
}


def test_generated_specs_and_deployments_are_clean_and_render(tmp_path: Path) -> None:
    written = corpus.write_corpus(tmp_path, 5, seed=7)
    catalog = corpus.write_catalog(tmp_path, written)
    files = [str(p) for w in written for p in (w.spec, w.deployment)]

    checked = run(["check", "--strict", "--catalog", str(catalog), *files], tmp_path)

    assert (checked.code, checked.stdout) == (0, "")
    assert checked.stderr == "0 errors, 0 warnings in 10 files\n"
    for item in written:
        rendered = run(["render", str(item.spec), "--values", str(item.deployment)])
        assert (rendered.code, rendered.stderr) == (0, "")
        assert rendered.stdout.startswith("config:\n")
        assert "@param:" not in rendered.stdout


def test_a_spec_has_every_step_type_and_parameter_type() -> None:
    data = corpus.Block(12, seed=3).spec_data()

    steps = data["body"]["config"]["steps"].values()
    assert {s.get("type", "standard") for s in steps} == {
        "standard",
        "sql",
        "http",
        "export",
    }
    assert {p["type"] for p in data["parameters"]["build"]} == SEVEN_TYPES
    assert {p["type"] for p in data["parameters"]["run"]} == SEVEN_TYPES
    watchers = data["body"]["config"]["watchers"]
    assert [next(k for k in w if k != "events") for w in watchers] == [
        "user",
        "webhook",
        "email",
    ]


def test_the_same_seed_gives_the_same_bytes() -> None:
    assert corpus.Block(40, seed=5).spec_text() == corpus.Block(40, seed=5).spec_text()
    assert corpus.Block(40, seed=5).spec_text() != corpus.Block(40, seed=6).spec_text()
