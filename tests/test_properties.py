"""Properties: never raises on any input, positions inside the file, deterministic output."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speclint.engine import check_bytes
from speclint.kinds import KINDS
from speclint.load import split_lines
from tests.strategies import mutated_fixtures, press_texts

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
