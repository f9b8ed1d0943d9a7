"""``speclint render`` beyond the fixture cases: ``-o``, usage errors, and properties.

The fixture cases (fixtures/render/) pin the exact output of realistic renders; these
tests cover what a case folder cannot: files written elsewhere, inputs that must stay
untouched, and properties over generated specs and values.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speclint import params
from tests.helpers import ROOT, run
from tests.strategies import (
    block_spec,
    bound_block_specs,
    param_definitions,
    values_near,
)

PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

BASKET = ROOT / "fixtures" / "render" / "workflow-yaml"
APP = ROOT / "fixtures" / "render" / "app-render"
SPEC = "basket-affinity.workflow.yaml"
VALUES = "local.values.yaml"
_POSITION = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>\w+): "
)


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _copy(source: Path, target: Path) -> Path:
    """The input files of a fixture case (not its expected output) in ``target``."""
    for path in source.rglob("*"):
        if path.is_file() and path.name not in ("args", "stdout", "stderr", "exit"):
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(path.read_bytes())
    return target


@pytest.fixture
def basket(tmp_path: Path) -> Path:
    return _copy(BASKET, tmp_path / "basket")


@pytest.fixture
def app(tmp_path: Path) -> Path:
    return _copy(APP, tmp_path / "app")


# -- -o FILE -------------------------------------------------------------------------


def test_output_file_has_what_stdout_would_show(basket: Path) -> None:
    before = _digests(basket)
    shown = run(["render", SPEC, "--values", VALUES], cwd=basket)
    written = run(
        ["render", SPEC, "--values", VALUES, "-o", "../rendered.yaml"], cwd=basket
    )
    assert shown.code == written.code == 0
    assert written.stdout == ""
    assert (basket.parent / "rendered.yaml").read_text() == shown.stdout
    assert _digests(basket) == before, "an input changed"


def test_output_file_json_replaces_an_older_output(basket: Path) -> None:
    target = basket.parent / "rendered.json"
    target.write_text("an older render, longer than the new one " * 500)
    result = run(
        ["render", SPEC, "--values", VALUES, "--format", "json", "-o", str(target)],
        cwd=basket,
    )
    assert result.code == 0, result.stderr
    assert json.loads(target.read_text())["parameters"]["build"]["instance_type"] == 22
    assert [p.name for p in basket.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_output_file_gets_the_usual_permissions(basket: Path) -> None:
    """The temporary file behind the atomic write must not leave the output 0600."""
    umask = os.umask(0)
    os.umask(umask)
    target = basket.parent / "rendered.yaml"
    result = run(["render", SPEC, "--values", VALUES, "-o", str(target)], cwd=basket)
    assert result.code == 0, result.stderr
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_output_is_atomic_when_the_rename_fails(
    basket: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whole file or nothing: the old output survives and no temporary file is left."""
    target = basket.parent / "rendered.yaml"
    target.write_text("previous: render\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "rename", refuse)
    try:
        result = run(
            ["render", SPEC, "--values", VALUES, "-o", str(target)], cwd=basket
        )
    except OSError:
        pass  # raised through the in-process runner; the files are what matter
    else:
        assert result.code != 0
    assert target.read_text() == "previous: render\n"
    assert sorted(p.name for p in basket.parent.iterdir()) == [
        "basket",
        "rendered.yaml",
    ]


def test_failed_render_leaves_the_output_file_alone(basket: Path) -> None:
    target = basket.parent / "rendered.yaml"
    target.write_text("previous: render\n")
    before = _digests(basket)
    result = run(
        ["render", SPEC, "--set", "instance_type=24", "-o", str(target)], cwd=basket
    )
    assert result.code == 1
    assert "[param-value-not-in-options]" in result.stderr
    assert target.read_text() == "previous: render\n"
    assert _digests(basket) == before


@pytest.mark.parametrize(
    "output",
    [SPEC, VALUES, f"./{SPEC}", f"../basket/{VALUES}", "link-to-spec.yaml"],
)
def test_output_naming_an_input_is_a_usage_error(basket: Path, output: str) -> None:
    (basket / "link-to-spec.yaml").symlink_to(basket / SPEC)
    before = _digests(basket)
    result = run(["render", SPEC, "--values", VALUES, "-o", output], cwd=basket)
    assert result.code == 2
    assert result.stdout == ""
    assert "overwrite an input" in result.stderr
    assert _digests(basket) == before


def test_output_naming_the_catalog_is_a_usage_error(app: Path) -> None:
    before = _digests(app)
    result = run(
        [
            "render",
            "ranging-insights.app.yaml",
            "--values",
            "ranging-insights-ie.deployment.yaml",
            "--catalog",
            "catalog.yaml",
            "-o",
            "catalog.yaml",
        ],
        cwd=app,
    )
    assert result.code == 2
    assert _digests(app) == before


def test_output_naming_a_block_spec_of_the_catalog_is_a_usage_error(app: Path) -> None:
    """The block specs an app render reads through the catalog are inputs too."""
    before = _digests(app)
    result = run(
        [
            "render",
            "ranging-insights.app.yaml",
            "--values",
            "ranging-insights-ie.deployment.yaml",
            "--catalog",
            "catalog.yaml",
            "-o",
            "blocks/range-review.webapp.yaml",
        ],
        cwd=app,
    )
    assert _digests(app) == before, "render overwrote a block spec the catalog names"
    assert result.code == 2


def test_output_into_a_missing_folder_is_a_usage_error(basket: Path) -> None:
    result = run(
        ["render", SPEC, "--values", VALUES, "-o", "no-such-folder/rendered.yaml"],
        cwd=basket,
    )
    assert result.code == 2
    assert result.stderr.startswith("speclint: error: ")
    assert "no-such-folder" in result.stderr
    assert not (basket / "no-such-folder").exists()


# -- usage errors and wrong inputs -------------------------------------------------------


def test_missing_values_file_is_a_usage_error(basket: Path) -> None:
    result = run(["render", SPEC, "--values", "prod.values.yaml"], cwd=basket)
    assert result.code == 2
    assert result.stdout == ""
    assert "prod.values.yaml" in result.stderr


def test_missing_spec_is_a_usage_error(basket: Path) -> None:
    result = run(["render", "no-such-spec.yaml"], cwd=basket)
    assert result.code == 2
    assert "no-such-spec.yaml" in result.stderr


def test_app_spec_without_catalog_is_a_usage_error(app: Path) -> None:
    result = run(
        [
            "render",
            "ranging-insights.app.yaml",
            "--values",
            "ranging-insights-ie.deployment.yaml",
        ],
        cwd=app,
    )
    assert result.code == 2
    assert "--catalog" in result.stderr


@pytest.mark.parametrize(
    "spec",
    [
        "fixtures/ok/deployments/demand-forecast/demand-forecast-uk.deployment.yaml",
        "fixtures/ok/deployments/retail-planning/retail-planning-uk.deployment.yaml",
        "fixtures/ok/deployments/demand-forecast/demand-forecast.values.yaml",
    ],
)
def test_rendering_a_deployment_as_spec_fails_with_a_diagnostic(spec: str) -> None:
    result = run(["render", spec])
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{spec}:1:1: ")
    assert "[render-input]" in result.stderr


def test_rendering_a_deployment_as_spec_reports_an_error_not_a_warning() -> None:
    """Render fails (exit 1) on it, so the line that says why must say error."""
    spec = "fixtures/ok/deployments/retail-planning/retail-planning-uk.deployment.yaml"
    result = run(["render", spec])
    assert result.code == 1
    assert result.stderr.startswith(f"{spec}:1:1: error: ")
    assert " a app " not in result.stderr


def test_diagnostics_of_a_broken_values_file_name_the_file(basket: Path) -> None:
    (basket / "broken.yaml").write_text("parameters:\n  build: [\n")
    result = run(["render", SPEC, "--values", "broken.yaml"], cwd=basket)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("broken.yaml:")


# -- properties ---------------------------------------------------------------------------


@contextmanager
def _folder(files: dict[str, Any]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for file, data in files.items():
            text = (
                json.dumps(data, indent=2)
                if file.endswith(".json")
                else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
            )
            (folder / file).write_text(text, encoding="utf-8")
        yield folder


def _positions_inside(stderr: str, folder: Path) -> None:
    for line in stderr.splitlines():
        match = _POSITION.match(line)
        assert match, line
        file = folder / match["file"]
        if file.is_file():
            lines = file.read_text(encoding="utf-8").splitlines()
            assert 1 <= int(match["line"]) <= max(len(lines), 1), line


@PROPERTIES
@given(bound_block_specs())
def test_bound_references_leave_no_param_and_render_deterministically(
    generated: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    spec, values = generated
    with _folder({"spec.yaml": spec, "values.json": values}) as folder:
        before = _digests(folder)
        args = ["render", "spec.yaml", "--values", "values.json", "--format", "json"]
        first = run(args, cwd=folder)
        second = run(args, cwd=folder)
        assert _digests(folder) == before, "render modified an input"
    assert first.code == 0, first.stderr
    assert first.stderr == ""
    assert "@param:" not in first.stdout
    assert (second.code, second.stdout, second.stderr) == (
        first.code,
        first.stdout,
        first.stderr,
    )
    rendered = json.loads(first.stdout)
    given_build = values["parameters"]["build"]
    for definition in spec["parameters"]["build"]:
        name = definition["name"]
        expected = given_build.get(name, definition.get("defaultValue"))
        assert params.same_value(rendered["parameters"]["build"][name], expected)


@PROPERTIES
@given(
    param_definitions("p0"),
    st.sampled_from(["build", "run"]),
    st.data(),
)
def test_render_accepts_exactly_the_values_the_checks_accept(
    raw: dict[str, Any], section: str, data: st.DataObject
) -> None:
    value = data.draw(values_near(raw), label="value")
    definition = params.read_definition(raw, (), section)
    assert definition is not None
    accepted = not list(params.check_value(definition, value, (), "the value"))
    config = {
        "steps": {
            "run": {
                "command": "python -m generated.run",
                "image": {
                    "context": ".",
                    "dockerfile": "Dockerfile",
                    "version": "1.0.0",
                },
                **({"parameters": {"env": "@param:p0"}} if section == "build" else {}),
            }
        }
    }
    spec = block_spec(
        [raw] if section == "build" else [], [raw] if section == "run" else [], config
    )
    values = {"parameters": {section: {"p0": value}}}
    with _folder({"spec.yaml": spec, "values.json": values}) as folder:
        before = _digests(folder)
        result = run(
            ["render", "spec.yaml", "--values", "values.json", "--format", "json"],
            cwd=folder,
        )
        assert _digests(folder) == before, "render modified an input"
        _positions_inside(result.stderr, folder)
    if accepted:
        assert result.code == 0, result.stderr
        rendered = json.loads(result.stdout)
        assert params.same_value(rendered["parameters"][section]["p0"], value)
        if section == "build":
            assert params.same_value(
                rendered["config"]["steps"]["run"]["parameters"]["env"], value
            )
    else:
        assert result.code == 1
        assert result.stdout == ""
        assert result.stderr.startswith("values.json:"), result.stderr
        assert re.search(r"\[param-value-(invalid|not-in-options)\]", result.stderr)


@PROPERTIES
@given(
    bound_block_specs(), st.lists(st.sampled_from(["p0", "p1", "p9", "r0"]), max_size=3)
)
def test_no_input_is_ever_modified(
    generated: tuple[dict[str, Any], dict[str, Any]], set_names: list[str]
) -> None:
    """Whatever the outcome (clean, findings, usage error), the inputs stay as they were."""
    spec, values = generated
    sets = [arg for name in set_names for arg in ("--set", f"{name}=7")]
    with _folder({"spec.yaml": spec, "values.yaml": values}) as folder:
        before = _digests(folder)
        result = run(
            [
                "render",
                "spec.yaml",
                "--values",
                "values.yaml",
                *sets,
                "-o",
                "out.yaml",
                "--explain",
            ],
            cwd=folder,
        )
        after = _digests(folder)
        wrote = after.pop("out.yaml", None)
        assert after == before
        assert (wrote is not None) == (result.code == 0), result.stderr
        if result.code != 0:
            assert result.stderr
