"""Properties: never raises on any input, positions inside the file, deterministic output."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speclint.engine import check_bytes
from speclint.kinds import KINDS
from speclint.load import split_lines
from speclint.report import MODULES, formatter
from speclint.spec import Context
from tests.helpers import run
from tests.limits import Overtime, digests, inside, time_limit
from tests.strategies import (
    bound_block_specs,
    data_mutated_fixtures,
    mutated_fixtures,
    press_texts,
    render_inputs,
)

T = TypeVar("T")

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _assert_positions_inside(text: str, name: str, kind: str | None = None) -> None:
    result = check_bytes(text.encode("utf-8", "surrogatepass"), name, kind=kind)
    lines = split_lines(text) or [""]
    for d in result.diagnostics:
        assert 1 <= d.line <= len(lines), (d, len(lines))
        assert 1 <= d.column <= len(lines[d.line - 1]) + 1, (d, lines[d.line - 1])
    assert result.diagnostics == sorted(result.diagnostics, key=lambda d: d.sort_key())
    again = check_bytes(text.encode("utf-8", "surrogatepass"), name, kind=kind)
    assert again.diagnostics == result.diagnostics


@SETTINGS
@given(st.text(max_size=300), st.sampled_from(["x.yaml", "x.json"]))
def test_any_text_never_raises(text: str, name: str) -> None:
    _assert_positions_inside(text, name)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_never_raise(raw: bytes) -> None:
    result = check_bytes(raw, "x.yaml")
    assert all(d.line >= 1 and d.column >= 1 for d in result.diagnostics)


@SETTINGS
@given(press_texts)
def test_generated_press_documents(text: str) -> None:
    _assert_positions_inside(text, "spec.yaml")


@SETTINGS
@given(press_texts, st.sampled_from(sorted(KINDS)))
def test_generated_documents_forced_to_every_kind(text: str, kind: str) -> None:
    _assert_positions_inside(text, "spec.yaml", kind)


@SETTINGS
@given(mutated_fixtures())
def test_mutated_fixtures(text: str) -> None:
    _assert_positions_inside(text, "spec.yaml")


# -- fuzzing: real fixtures mutated as data, generated and mutated render inputs -------

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PER_INPUT = 2.0  # seconds; an input runs in milliseconds


def _bounded(function: Callable[[], T]) -> T:
    try:
        with time_limit(PER_INPUT):
            return function()
    except Overtime:
        raise AssertionError(f"one input took more than {PER_INPUT} s") from None


#: local-file checks resolve artifact paths here, not in the working tree (whose size
#: would decide the time an ``artifact: {path: .}`` takes)
_EMPTY = tempfile.TemporaryDirectory(prefix="speclint-fuzz-root-")


@FUZZ
@given(data_mutated_fixtures())
def test_fixtures_mutated_as_data(case: tuple[str, str]) -> None:
    """Deleted, duplicated, retyped, reordered, renamed, moved nodes, dumped as YAML or
    JSON and maybe cut: no exception, every position inside, every format renders."""
    text, name = case
    raw = text.encode("utf-8", "surrogatepass")
    context = Context(root=_EMPTY.name)
    result = _bounded(lambda: check_bytes(raw, name, context=context))
    for d in result.diagnostics:
        assert inside(raw, d.line, d.column), (d, text)
    for fmt in MODULES:
        formatter(fmt)([result])


_HEADLINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): \w+: .*\]$")


def _render_positions_inside(stderr: str, folder: Path, sets: list[str]) -> None:
    for line in stderr.splitlines():
        match = _HEADLINE.match(line)
        assert match, line
        row, column = int(match["line"]), int(match["col"])
        if match["file"] == "--set":
            assert 1 <= row <= len(sets) and 1 <= column <= len(sets[row - 1]) + 1, line
        else:
            assert inside((folder / match["file"]).read_bytes(), row, column), line


@settings(FUZZ, max_examples=100)
@given(render_inputs())
def test_render_on_mutated_specs_and_values(
    case: tuple[dict[str, str], list[str]],
) -> None:
    """render never raises, never exits 2 or 3 on content, stays in its time bound,
    positions every finding inside its file and leaves its inputs alone."""
    files, args = case
    sets = [args[i + 1] for i, arg in enumerate(args) if arg == "--set"]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")
        before = digests(folder)
        result = _bounded(lambda: run(["render", *args], cwd=folder))
        assert digests(folder) == before, "render modified an input"
        assert result.code in (0, 1), result.stderr
        _render_positions_inside(result.stderr, folder, sets)
    if result.code == 1:
        assert result.stdout == "" and result.stderr
    elif "json" in args:
        json.loads(result.stdout)
    else:
        yaml.safe_load(result.stdout)


_MARKERS = ("MKRdefault7", "MKRoption8", "MKRgiven9")


@settings(FUZZ, max_examples=30)
@given(bound_block_specs(), st.sampled_from(["default", "values", "set"]), st.data())
def test_hidden_values_are_never_printed(
    generated: tuple[dict[str, Any], dict[str, Any]], given_by: str, data: st.DataObject
) -> None:
    """A hidden parameter's default, options and given value, in a generated spec:
    absent from check (text, json) and render (yaml, json, --explain) output."""
    spec, values = generated
    hidden = {
        "name": "hidden_p",
        "type": "string",
        "hideValue": True,
        "defaultValue": _MARKERS[0],
        "options": [
            {"title": "A", "value": _MARKERS[0]},
            {"title": "B", "value": _MARKERS[1]},
        ],
    }
    spec["parameters"]["build"].append(hidden)
    spec["body"]["config"]["steps"]["run"]["parameters"]["env"]["HIDDEN"] = (
        "@param:hidden_p"
    )
    args = []
    if given_by == "values":
        values["parameters"]["build"]["hidden_p"] = _MARKERS[
            data.draw(st.sampled_from([1, 2]))
        ]
    elif given_by == "set":
        args = ["--set", f"hidden_p={_MARKERS[data.draw(st.sampled_from([1, 2]))]}"]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "spec.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
        (folder / "values.json").write_text(json.dumps(values))
        runs = [
            ["check", "--format", fmt, "--no-cache", "spec.yaml"]
            for fmt in ("text", "json")
        ] + [
            [
                "render",
                "spec.yaml",
                "--values",
                "values.json",
                *args,
                "--format",
                fmt,
                *explain,
            ]
            for fmt in ("yaml", "json")
            for explain in ([], ["--explain"])
        ]
        for command in runs:
            result = run(command, cwd=folder)
            for marker in _MARKERS:
                assert marker not in result.stdout + result.stderr, (command, result)
