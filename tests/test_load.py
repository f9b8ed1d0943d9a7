"""The loader: plain data plus exact 1-based positions; never a traceback."""

from __future__ import annotations

import codecs
import datetime

import pytest

from speclint.load import MAX_DEPTH, load_bytes, load_text
from speclint.model import Location


def test_positions_of_keys_and_values() -> None:
    doc = load_text("body:\n  kind: workflow\n  steps: [a, b]\n", "s.yaml")
    assert doc.data == {"body": {"kind": "workflow", "steps": ["a", "b"]}}
    assert doc.keys[("body", "kind")] == Location(2, 3)
    assert doc.values[("body", "kind")] == Location(2, 9)
    assert doc.values[("body", "steps", 1)] == Location(3, 14)
    assert doc.values[()] == Location(1, 1)


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    doc = load_text("a:\n  b: 1\n", "s.yaml")
    assert doc.locate(("a", "b", "missing")) == Location(2, 6)
    assert doc.locate(("a", "b"), on_key=True) == Location(2, 3)
    assert doc.locate(("zzz",)) == Location(1, 1)


def test_yaml_1_1_scalars_resolve_like_the_peak_cli() -> None:
    doc = load_text(
        "a: on\nb: no\nc: 1.10\nd: 0755\ne: 1:30\nf: 2024-01-31\ng: 1.0.0\nh: ~\n",
        "s.yaml",
    )
    assert doc.data == {
        "a": True,
        "b": False,
        "c": 1.1,
        "d": 493,
        "e": 90,
        "f": datetime.date(2024, 1, 31),
        "g": "1.0.0",
        "h": None,
    }
    assert doc.plain[("c",)] == "1.10"
    assert ("g",) not in doc.plain


def test_non_string_keys_become_the_text_the_server_receives() -> None:
    doc = load_text("on: 1\n2: x\n~: y\n", "s.yaml")
    assert list(doc.data) == ["true", "2", "null"]


def test_duplicate_keys_name_both_places_and_the_last_wins() -> None:
    doc = load_text("a: 1\nb: 2\na: 3\n", "s.yaml")
    assert doc.data == {"b": 2, "a": 3}
    [problem] = doc.problems
    assert problem.rule == "duplicate-key"
    assert problem.location == Location(3, 1)
    assert "at line 1 and at line 3" in problem.message


def test_anchors_aliases_and_merge_keys() -> None:
    text = (
        "base: &base\n  context: .\n  version: 0.0.1\n"
        "img:\n  <<: *base\n  version: 0.0.2\n"
        "copy: *base\n"
    )
    doc = load_text(text, "s.yaml")
    assert doc.data["img"] == {"version": "0.0.2", "context": "."}
    assert doc.data["copy"] == {"context": ".", "version": "0.0.1"}
    # findings inside aliased content point at the anchor
    assert doc.values[("img", "context")] == Location(2, 12)
    assert doc.values[("copy", "version")] == Location(3, 12)
    assert doc.values[("img", "version")] == Location(6, 12)
    assert doc.problems == []


def test_json_keeps_json_scalars_and_positions() -> None:
    doc = load_text('{\n\t"a": 1e5,\n\t"b": ["x", true, null]\n}\n', "s.json")
    assert doc.data == {"a": 100000.0, "b": ["x", True, None]}
    assert doc.values[("b", 1)] == Location(3, 13)


def test_json_syntax_error_is_positioned() -> None:
    doc = load_text('{\n  "a": 1,\n}\n', "s.json")
    [problem] = doc.problems
    assert problem.rule == "syntax"
    assert problem.location == Location(2, 9)
    assert problem.message == 'invalid JSON: trailing comma before "}"'


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("a: [1\n", 1, 6, "could not parse YAML"),
        ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
        ("a: !!python/object:os.system x\n", 1, 4, "unsupported YAML tag"),
        ("a: !Ref x\n", 1, 4, 'unsupported YAML tag "!Ref"'),
        ("a: \x01\n", 1, 4, "#x0001"),
        ("a: *nowhere\n", 1, 4, "names no anchor"),
        ("a: &a [*a]\n", 1, 8, "names no anchor"),
        ("\tkey: 1\n", 1, 1, "could not parse YAML"),
    ],
)
def test_bad_yaml_is_a_positioned_syntax_problem(
    text: str, line: int, column: int, fragment: str
) -> None:
    doc = load_text(text, "s.yaml")
    assert any(
        p.rule == "syntax"
        and p.location == Location(line, column)
        and fragment in p.message
        for p in doc.problems
    ), doc.problems


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    doc = load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert doc.data is None
    assert "alias bomb" in doc.problems[0].message


@pytest.mark.parametrize(
    "text", ["a: " + "[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x"]
)
def test_deep_nesting_is_refused_without_crashing(text: str) -> None:
    doc = load_text(text, "deep.yaml")
    assert doc.data is None
    [problem] = doc.problems
    assert problem.rule == "syntax"
    # speclint's own bound, or libyaml's where the C parser has one (PyYAML >= 6.0.3)
    assert (
        f"more than {MAX_DEPTH} levels" in problem.message
        or "nesting depth" in problem.message
    )


def test_deep_json_is_refused() -> None:
    doc = load_text("[" * 100_000 + "]" * 100_000, "deep.json")
    assert doc.problems[0].rule == "syntax"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"a: \xff\xfe\n", "not valid UTF-8"),
        (b"a: 1\x00\n", "NUL bytes"),
    ],
)
def test_binary_and_invalid_text(raw: bytes, fragment: str) -> None:
    doc = load_bytes(raw, "x.yaml")
    assert doc.data is None
    assert fragment in doc.problems[0].message


def test_utf16_with_bom_and_crlf_line_ends() -> None:
    raw = codecs.BOM_UTF16_LE + "a: 1\r\nb: x\r\n".encode("utf-16-le")
    doc = load_bytes(raw, "x.yaml")
    assert doc.data == {"a": 1, "b": "x"}
    assert doc.values[("b",)] == Location(2, 4)


def test_empty_file_has_no_data_and_no_problem() -> None:
    doc = load_text("# only a comment\n", "x.yaml")
    assert doc.parsed and doc.data is None and doc.problems == []


@pytest.mark.parametrize("indent", [None, 2])
def test_json_with_characters_beyond_the_bmp_escaped_as_json_writes_them(
    indent: int | None,
) -> None:
    """json.dumps writes an emoji as an escaped surrogate pair, which libyaml refuses;
    the file is read, and positions after it stay on the file's own columns."""
    import json

    from speclint.spec import dig

    data = {
        "summary": "🚀 ship it 🎉",
        "tags": ["😀", "plain", "🎉 and a \\uD83D written out", True],
        "after": 1,
    }
    text = json.dumps(data, indent=indent)
    assert "\\ud83d\\ude80" in text
    doc = load_text(text, "spec.json")
    assert doc.problems == []
    assert doc.data == data
    lines = text.split("\n")
    scalars = [p for p in doc.values if not isinstance(dig(data, p), (dict, list))]
    assert len(scalars) == 6
    for path in scalars:
        where = doc.values[path]
        written = json.dumps(dig(data, path))
        assert lines[where.line - 1][where.column - 1 :].startswith(written), path
    for path, where in doc.keys.items():
        assert lines[where.line - 1][where.column - 1 :].startswith(f'"{path[-1]}"')


def test_a_merge_inside_a_replayed_alias_is_recorded_once() -> None:
    import yaml

    text = "a: &a {x: 1}\nb: &b {<<: [*a], y: 2}\nc: &c [*b]\nd: *c\n"
    doc = load_text(text, "spec.yaml")
    assert doc.problems == []
    assert doc.data == yaml.safe_load(text)
    assert doc.data["d"] == [{"x": 1, "y": 2}]
