"""The loader's fast paths against PyYAML itself, and the shortcuts they rely on.

Generated documents, with anchors, aliases, merge keys, tags and every quoting style,
load to the data ``yaml.safe_load`` gives (JSON files: ``json.loads``), and every key and
value sits where ``yaml.compose`` puts its node: an oracle that shares libyaml's parser
with the loader but none of its code. Then the shortcuts: scalars resolved once per text
for all files (a problem is still reported at every place), Location as a tuple, and a
document's lines split once.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speclint import load
from speclint.load import Document, load_text, split_lines
from speclint.model import Location, Path

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

_MERGE = "tag:yaml.org,2002:merge"
#: libyaml, as the loader reads with (the pure Python parser differs on a few inputs)
_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: key spellings whose keys all differ, as the server receives them and in Python
#: (no 1 beside a true)
_KEYS = [
    "name",
    "kind",
    "steps",
    "7",
    "'2'",
    '"x y"',
    "-1",
    "0x10",
    "1.5",
    "yes",
    "~",
    "2024-01-02",
]
#: plain scalars of every implicit type, valid in block and flow context
_PLAIN = [
    "abc",
    "x y",
    "1",
    "-7",
    "+12",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "1:20",
    "1.5",
    "3.",
    ".5",
    "1e5",
    "-.inf",
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "~",
    "null",
    "2024-01-02",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10",
]
_TAGGED = ["!!str 1", "!!int 7", "!!float 2", "!!bool yes", "!!null ''", '!!str ""']

_quoted_text = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S", "Zs")),
    max_size=8,
)
_scalar_text = st.one_of(
    st.sampled_from(_PLAIN),
    st.sampled_from(_TAGGED),
    _quoted_text.map(lambda s: json.dumps(s, ensure_ascii=False)),
    _quoted_text.map(lambda s: "'" + s.replace("'", "''") + "'"),
)
#: a node: ("scalar", text, anchored) | ("alias", n) | ("map", entries, flow, anchored,
#: merges) | ("seq", items, flow, anchored); an alias or merge names the n-th anchor
#: defined before it (modulo how many there are)
_leaves = st.one_of(
    st.tuples(st.just("scalar"), _scalar_text, st.booleans()),
    st.tuples(st.just("alias"), st.integers(0, 9)),
)


def _branches(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    entries = st.lists(
        st.tuples(st.sampled_from(_KEYS), children),
        max_size=4,
        unique_by=lambda entry: entry[0],
    )
    merges = st.lists(st.integers(0, 9), max_size=2)
    return st.one_of(
        st.tuples(st.just("map"), entries, st.booleans(), st.booleans(), merges),
        st.tuples(
            st.just("seq"), st.lists(children, max_size=4), st.booleans(), st.booleans()
        ),
    )


_trees = st.recursive(_leaves, _branches, max_leaves=24)


def _entries(
    keys: list[str], values: st.SearchStrategy[Any], least: int, most: int
) -> st.SearchStrategy[list[tuple[str, Any]]]:
    return st.lists(
        st.tuples(st.sampled_from(keys), values),
        min_size=least,
        max_size=most,
        unique_by=lambda entry: entry[0],
    )


#: a root mapping of anchored mappings sharing a few keys, then mappings that merge
#: them (which one wins a key is then visible)
_merging: st.SearchStrategy[Any] = st.builds(
    lambda bases, users: ("map", bases + users, False, False, []),
    _entries(
        _KEYS[:6],
        st.tuples(
            st.just("map"),
            _entries(_KEYS[:4], _leaves | _trees, 1, 4),
            st.booleans(),
            st.just(True),
            st.just([]),
        ),
        2,
        3,
    ),
    _entries(
        _KEYS[6:],
        st.tuples(
            st.just("map"),
            _entries(_KEYS, _leaves, 0, 2),
            st.booleans(),
            st.booleans(),
            st.lists(st.integers(0, 9), min_size=1, max_size=3),
        ),
        1,
        3,
    ),
)


@dataclass
class _Writer:
    """Renders a tree as YAML text, naming anchors in document order.

    An alias or merge key names only a finished anchor without aliases inside, so a
    document expands to a few times its size, never exponentially.
    """

    #: (name, whether it is a mapping) of the anchors an alias may name
    targets: list[tuple[str, bool]] = field(default_factory=list)
    named: int = 0  # anchors
    refs: int = 0  # aliases written

    def anchor(self) -> str:
        self.named += 1
        return f"a{self.named}"

    def finish(self, name: str, is_map: bool, refs_before: int) -> None:
        if name and self.refs == refs_before:
            self.targets.append((name, is_map))

    def alias(self, pick: int, maps_only: bool = False) -> str | None:
        names = [name for name, is_map in self.targets if is_map or not maps_only]
        if not names:
            return None
        self.refs += 1
        return "*" + names[pick % len(names)]

    def merge(self, picks: list[int]) -> str | None:
        """A merge key's value: one mapping's alias, or a list of them."""
        names = [name for name in (self.alias(pick, True) for pick in picks) if name]
        if not names:
            return None
        return names[0] if len(names) == 1 else "[" + ", ".join(names) + "]"

    def inline(self, node: Any) -> str | None:
        """The node on one line, or None for a block collection."""
        kind = node[0]
        if kind == "scalar":
            _, text, anchored = node
            if not anchored:
                return str(text)
            name = self.anchor()
            self.finish(name, False, self.refs)
            return f"&{name} {text}"
        if kind == "alias":
            return self.alias(node[1]) or "fallback"
        items, flow, anchored = node[1:4]
        if items and not flow:
            return None
        name = self.anchor() if anchored else ""
        refs_before = self.refs
        if kind == "map":
            merge = self.merge(node[4])  # first: it names anchors before it
            parts = [f"{key}: {self.inline_flow(value)}" for key, value in items]
            text = "{" + ", ".join(([f"<<: {merge}"] if merge else []) + parts) + "}"
        else:
            text = "[" + ", ".join(self.inline_flow(item) for item in items) + "]"
        self.finish(name, kind == "map", refs_before)
        return f"&{name} {text}" if name else text

    def inline_flow(self, node: Any) -> str:
        if node[0] in ("map", "seq"):
            node = (*node[:2], True, *node[3:])
        text = self.inline(node)
        assert text is not None
        return text

    def block(self, node: Any, head: str, indent: str) -> list[str]:
        """Lines for ``head`` (``key:``, ``-`` or nothing) followed by the node."""
        text = self.inline(node)
        if text is not None:
            return [f"{indent}{head} {text}" if head else indent + text]
        kind, items, _, anchored = node[:4]
        name = self.anchor() if anchored else ""
        refs_before = self.refs
        lines = []
        if name:
            lines.append(f"{indent}{head} &{name}" if head else f"{indent}&{name}")
        elif head:
            lines.append(indent + head)
        inner = indent + "  " if head else indent
        if kind == "map":
            merge = self.merge(node[4])
            if merge:
                lines.append(f"{inner}<<: {merge}")
            for key, value in items:
                lines.extend(self.block(value, f"{key}:", inner))
        else:
            for item in items:
                lines.extend(self.block(item, "-", inner))
        self.finish(name, kind == "map", refs_before)
        return lines


def _yaml_text(tree: Any) -> str:
    return "\n".join(_Writer().block(tree, "", "")) + "\n"


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return json.dumps(key)
    return str(key)


class _SpecMerges(_PARSER):  # type: ignore[misc]
    """PyYAML's reading, with merge keys as the YAML merge-key spec (and PyYAML up to
    6.0.3) takes them: a mapping's own keys win, then earlier merge sources win over
    later ones. PyYAML 6.0.4 lets a later source win; the loader follows the spec, so
    the oracle must not depend on which PyYAML is installed."""

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        own, merged = [], []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                own.append((key_node, value_node))
                continue
            sources = (
                value_node.value
                if isinstance(value_node, yaml.SequenceNode)
                else [value_node]
            )
            for source in reversed(sources):  # construct_mapping: the last pair wins
                self.flatten_mapping(source)
                merged.extend(source.value)
        node.value = merged + own


def _canonical(value: Any) -> Any:
    """Data compared by type too (1 == 1.0 == True otherwise); keys as the server sees them."""
    if isinstance(value, dict):
        return ("map", sorted((_key_text(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("seq", [_canonical(item) for item in value])
    return (type(value).__name__, repr(value))


@dataclass
class _Positions:
    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)
    plain: dict[Path, str] = field(default_factory=dict)
    constructor: yaml.constructor.SafeConstructor = field(
        default_factory=yaml.constructor.SafeConstructor
    )

    def walk(self, node: yaml.Node, path: Path) -> None:
        """Every node's start mark, merged mappings as the loader merges them: entries
        of its own first, then each merged mapping's entries not already there."""
        self.values[path] = _at(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            value = self.constructor.construct_object(node)
            if not node.style and not isinstance(value, str):
                self.plain[path] = node.value
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*path, index))
        elif isinstance(node, yaml.MappingNode):
            own = [(k, v) for k, v in node.value if k.tag != _MERGE]
            merged = []
            for k, v in node.value:
                if k.tag == _MERGE:
                    sources = v.value if isinstance(v, yaml.SequenceNode) else [v]
                    for source in sources:
                        merged.extend(source.value)
            seen = set()
            for key_node, value_node in own + merged:
                key = _key_text(self.constructor.construct_object(key_node))
                if key in seen:
                    continue
                seen.add(key)
                inner: Path = (*path, key)
                self.keys[inner] = _at(key_node.start_mark)
                self.walk(value_node, inner)


def _at(mark: Any) -> Location:
    return Location(mark.line + 1, mark.column + 1)


def _oracle(text: str) -> _Positions:
    positions = _Positions()
    node = yaml.compose(text, Loader=_PARSER)
    if node is not None:
        positions.walk(node, ())
    return positions


def _assert_agrees(doc: Document, data: Any, text: str) -> None:
    assert doc.parsed, doc.problems
    assert doc.problems == []
    assert _canonical(doc.data) == _canonical(data)
    expected = _oracle(text)
    assert doc.values == expected.values
    assert doc.keys == expected.keys
    assert doc.plain == expected.plain


@SETTINGS
@given(_trees | _merging)
def test_generated_yaml_loads_as_pyyaml_reads_it(tree: Any) -> None:
    text = _yaml_text(tree)
    try:
        data = yaml.load(text, Loader=_SpecMerges)
    except yaml.YAMLError:  # the writer's rare invalid document: both must refuse it
        assert load_text(text, "x.yaml").problems
        return
    _assert_agrees(load_text(text, "x.yaml"), data, text)
    # and again, with every scalar's value now taken from the resolved-text cache
    _assert_agrees(load_text(text, "x.yaml"), data, text)


#: json.dumps writes a character beyond U+FFFF as a surrogate pair of escapes, which
#: libyaml refuses (so does the loader, reading a JSON file's positions with it)
_json_text = st.text(
    alphabet=st.characters(max_codepoint=0xFFFF, codec="utf-8"),
    max_size=6,
)
_json_data = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | _json_text,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(_json_text, children, max_size=4)
    ),
    max_leaves=16,
)


@SETTINGS
@given(_json_data, st.sampled_from([None, 0, 2]))
def test_generated_json_loads_as_json_reads_it(data: Any, indent: int | None) -> None:
    text = json.dumps(data, indent=indent)
    doc = load_text(text, "x.json")
    assert doc.parsed and doc.problems == []
    assert _canonical(doc.data) == _canonical(json.loads(text))
    expected = _oracle(text)
    assert doc.values == expected.values
    assert doc.keys == expected.keys


def test_a_value_that_cannot_be_read_is_reported_at_every_place() -> None:
    text = "a: 2024-13-45\nb: 2024-13-45\nc: =\nd: =\n"
    for _ in range(2):  # the second load finds nothing cached for them either
        doc = load_text(text, "s.yaml")
        assert [(p.location, p.message[:20]) for p in doc.problems] == [
            (Location(1, 4), "could not read the v"),
            (Location(2, 4), "could not read the v"),
            (Location(3, 4), "unsupported YAML tag"),
            (Location(4, 4), "unsupported YAML tag"),
        ]


def test_cached_scalars_keep_their_type_in_yaml_and_in_json() -> None:
    yaml_doc = load_text("a: 1e5\nb: yes\nc: 1e5\nyes: 1\n", "s.yaml")
    assert yaml_doc.data == {"a": "1e5", "b": True, "c": "1e5", "true": 1}
    assert yaml_doc.plain == {("b",): "yes", ("true",): "1"}
    json_doc = load_text('{"a": 1e5, "b": [1e5, true]}', "s.json")
    assert json_doc.data == {"a": 100000.0, "b": [100000.0, True]}
    assert json_doc.plain == {("a",): "1e5", ("b", 0): "1e5", ("b", 1): "true"}


def test_the_resolved_text_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    cache: dict[str, Any] = {}
    monkeypatch.setattr(load, "_RESOLVED_YAML", cache)
    monkeypatch.setattr(load, "_RESOLVED_MAX", 10)
    long = "9" * (load._RESOLVED_MAX_TEXT + 1)
    text = "".join(f"k{i}: {i}\n" for i in range(50)) + f"long: {long}\n"
    doc = load_text(text, "s.yaml")
    assert doc.data == {**{f"k{i}": i for i in range(50)}, "long": int(long)}
    assert 0 < len(cache) <= 10
    assert long not in cache


def test_timestamps_and_merges_survive_the_cache() -> None:
    text = (
        "base: &base {when: 2024-01-02, n: 1}\n"
        "more: &more {n: 5, m: 6}\n"
        "x:\n  <<: *base\n  n: 2\n"
        "y: {<<: [*more, *base], when: 2024-01-02}\n"
    )
    day = datetime.date(2024, 1, 2)
    for _ in range(2):
        doc = load_text(text, "s.yaml")
        assert doc.problems == []
        assert doc.data == {
            "base": {"when": day, "n": 1},
            "more": {"n": 5, "m": 6},
            "x": {"n": 2, "when": day},  # its own key wins
            "y": {"when": day, "n": 5, "m": 6},  # and then the first merged mapping
        }
        assert list(doc.data["y"]) == ["when", "n", "m"]
        assert doc.keys[("x", "when")] == Location(1, 14)
        assert doc.values[("y", "n")] == Location(2, 17)
        assert doc.values[("y", "when")] == Location(6, 31)


def test_each_duplicate_names_the_one_before_it() -> None:
    doc = load_text("a: 1\na: 2\nb: 0\na: 3\n", "s.yaml")
    assert doc.data == {"b": 0, "a": 3}
    assert [p.message for p in doc.problems] == [
        'key "a" is defined twice in this mapping: at line 1 and at line 2; '
        "the last one wins",
        'key "a" is defined twice in this mapping: at line 2 and at line 4; '
        "the last one wins",
    ]
    assert doc.keys[("a",)] == Location(4, 1)


def test_location_is_a_line_and_column_ordered_in_that_order() -> None:
    here = Location(3, 7)
    assert (here.line, here.column) == (3, 7)
    assert sorted([Location(3, 1), Location(1, 9), Location(1, 2)]) == [
        Location(1, 2),
        Location(1, 9),
        Location(3, 1),
    ]
    assert Location(line=3, column=7) == here and hash(here) == hash(Location(3, 7))
    assert repr(here) == "Location(line=3, column=7)"
    with pytest.raises(AttributeError):
        here.line = 4  # type: ignore[misc]


def test_lines_are_split_once_and_follow_the_text() -> None:
    doc = load_text("a: 1\r\nb: 2\u2028c\n", "s.yaml")
    assert doc.lines() is doc.lines()
    assert doc.lines() == split_lines(doc.text) == ["a: 1", "b: 2", "c"]
    doc.text = "x: 1\n"
    assert doc.lines() == ["x: 1"]
