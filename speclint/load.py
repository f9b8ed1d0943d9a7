"""Text -> Document: plain data plus the line and column of every key and value.

The YAML node tree is composed once (libyaml's C composer where present) and walked
without recursion, so deep nesting does not overflow the stack. Scalars are resolved
the way the peak CLI's ``yaml.safe_load`` resolves them (YAML 1.1); JSON files keep
JSON's own scalar semantics. Nothing is ever constructed from a tag other than the
standard safe ones.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field
from typing import Any

import yaml

from speclint.model import Location, Path

try:  # pragma: no cover - depends on how PyYAML was built
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
    "tag:yaml.org,2002:set",
}

#: Values a document may expand to through aliases, beyond its own size: the bound
#: that refuses "billion laughs" documents quickly and in little memory.
_BASE_BUDGET = 200_000
_BUDGET_PER_CHAR = 4
#: Nesting deeper than this is refused (a Press file is about ten levels deep).
MAX_DEPTH = 200


@dataclass(frozen=True)
class Problem:
    """A finding of the loader itself (it knows positions, rules do not)."""

    rule: str
    location: Location
    message: str


@dataclass
class Document:
    name: str
    text: str
    data: Any = None
    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)
    #: source text of plain scalars that YAML resolved to something other than a string
    plain: dict[Path, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    parsed: bool = False

    def locate(self, path: Path, on_key: bool = False) -> Location:
        """The location of ``path`` (its key with ``on_key``), or of its nearest ancestor."""
        if on_key and path in self.keys:
            return self.keys[path]
        probe = path
        while True:
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return Location(1, 1)
            probe = probe[:-1]
            if on_key and probe in self.keys:
                return self.keys[probe]

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def decode(raw: bytes) -> tuple[str | None, str | None]:
    """Bytes -> text, or a one-line reason why it is not text."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec), None
            except UnicodeDecodeError:
                return None, f"file starts with a {codec} byte order mark but is not valid {codec}"
    if b"\x00" in raw:
        return None, "file contains NUL bytes; it is binary, not YAML or JSON text"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return None, f"file is not valid UTF-8 (byte 0x{raw[err.start]:02x} on line {line})"


def load_bytes(raw: bytes, name: str) -> Document:
    text, reason = decode(raw)
    if text is None:
        doc = Document(name, "")
        doc.problems.append(Problem("syntax", Location(1, 1), reason or "not text"))
        return doc
    return load_text(text, name)


def load_text(text: str, name: str) -> Document:
    doc = Document(name, text)
    is_json = name.lower().endswith(".json")
    source = text
    if is_json:
        try:
            json.loads(text)
        except json.JSONDecodeError as err:
            message = err.msg[:1].lower() + err.msg[1:]
            doc.problems.append(
                Problem("syntax", Location(err.lineno, err.colno), f"invalid JSON: {message}")
            )
            return doc
        except RecursionError:
            doc.problems.append(
                Problem("syntax", Location(1, 1), "JSON is nested too deeply to read")
            )
            return doc
        # valid JSON holds tabs only as white space; YAML's composer wants spaces
        source = text.replace("\t", " ")
    try:
        root = yaml.compose(source, Loader=_Loader)
    except yaml.YAMLError as err:
        doc.problems.append(_yaml_problem(err, text))
        return doc
    except RecursionError:
        doc.problems.append(Problem("syntax", Location(1, 1), "YAML is nested too deeply to read"))
        return doc
    doc.parsed = True
    if root is not None:
        budget = _BASE_BUDGET + _BUDGET_PER_CHAR * len(text)
        doc.data = _Builder(doc, is_json, budget).build(root)
    return doc


def _yaml_problem(err: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        location = Location(mark.line + 1, mark.column + 1)
    elif isinstance(err, yaml.reader.ReaderError):
        before = text[: err.position]
        location = Location(before.count("\n") + 1, len(before) - before.rfind("\n"))
    else:
        location = Location(1, 1)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    if isinstance(err, yaml.reader.ReaderError):
        char = err.character
        code = char if isinstance(char, int) else ord(char)
        problem = f"character #x{code:04x} is not allowed in YAML"
    context = getattr(err, "context", None)
    context_mark = getattr(err, "context_mark", None)
    message = f"could not parse YAML: {problem}"
    if context and context_mark is not None and context_mark is not mark:
        message += f" ({context} at line {context_mark.line + 1})"
    elif context:
        message += f" ({context})"
    return Problem("syntax", location, message)


class _BudgetExceeded(Exception):
    pass


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _Builder:
    """Walks the node tree with an explicit stack; fills data and the position tables."""

    def __init__(self, doc: Document, is_json: bool, budget: int) -> None:
        self.doc = doc
        self.is_json = is_json
        self.budget = budget
        self.initial_budget = budget
        self.stack: list[tuple[yaml.Node, Any, Path]] = []
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, root: yaml.Node) -> Any:
        try:
            data = self._start(root, ())
            while self.stack:
                node, container, path = self.stack.pop()
                if isinstance(node, yaml.MappingNode):
                    self._fill_mapping(node, container, path)
                else:
                    for index, item in enumerate(node.value):
                        container.append(self._start(item, (*path, index)))
        except (_BudgetExceeded, _TooDeep) as err:
            if isinstance(err, _TooDeep):
                where, why = _mark(err.node), (
                    f"document is nested more than {MAX_DEPTH} levels deep; refusing to read it"
                )
            else:
                where, why = _mark(root), (
                    f"document expands to more than {self.initial_budget} values through "
                    "aliases; refusing to read it (an alias bomb?)"
                )
            self.doc.problems.append(Problem("syntax", where, why))
            self.doc.values.clear()
            self.doc.keys.clear()
            self.doc.plain.clear()
            return None
        return data

    def _start(self, node: yaml.Node, path: Path) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _BudgetExceeded
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node)
        self.doc.values[path] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if node.tag not in _COLLECTION_TAGS:
            self._bad_tag(node)
        container: Any = {} if isinstance(node, yaml.MappingNode) else []
        self.stack.append((node, container, path))
        return container

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if self.is_json and node.style is None:
            try:
                return json.loads(node.value)
            except ValueError:
                return node.value
        construct = yaml.constructor.SafeConstructor.yaml_constructors.get(tag)
        if construct is None or tag in _COLLECTION_TAGS:
            self._bad_tag(node)
            return node.value
        try:
            value = construct(self.constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError):
            self.doc.problems.append(
                Problem("syntax", _mark(node), f'could not read the value "{node.value}"')
            )
            return node.value
        if node.style is None:
            self.doc.plain[path] = node.value
        return value

    def _bad_tag(self, node: yaml.Node) -> None:
        self.doc.problems.append(
            Problem(
                "syntax",
                _mark(node),
                f'unsupported YAML tag "{node.tag}"; the peak CLI reads files with a '
                "safe loader that refuses it",
            )
        )

    def _pairs(self, node: yaml.MappingNode) -> tuple[list[Any], list[Any]]:
        """(merged pairs, explicit pairs), merged ones in override order."""
        merged: list[Any] = []
        explicit: list[Any] = []
        for key, value in node.value:
            if key.tag == _MERGE:
                sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
                for source in reversed(sources):
                    if isinstance(source, yaml.MappingNode):
                        inner_merged, inner_explicit = self._pairs(source)
                        merged.extend(inner_merged)
                        merged.extend(inner_explicit)
                    else:
                        self.doc.problems.append(
                            Problem("syntax", _mark(source), "a merge key (<<) needs a mapping")
                        )
            else:
                explicit.append((key, value))
        return merged, explicit

    def _fill_mapping(self, node: yaml.MappingNode, container: dict[str, Any], path: Path) -> None:
        merged, explicit = self._pairs(node)
        first_seen: dict[str, Location] = {}
        for is_explicit, pairs in ((False, merged), (True, explicit)):
            for key_node, value_node in pairs:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.doc.problems.append(
                        Problem("syntax", _mark(key_node), "a mapping key must be a plain value")
                    )
                    continue
                key = _key_text(self._scalar_key(key_node))
                here = _mark(key_node)
                if is_explicit:
                    if key in first_seen:
                        first = first_seen[key]
                        self.doc.problems.append(
                            Problem(
                                "duplicate-key",
                                here,
                                f'key "{key}" is defined twice in this mapping: at line '
                                f"{first.line} and at line {here.line}; the last one wins",
                            )
                        )
                    first_seen[key] = here
                child = (*path, key)
                container.pop(key, None)  # keep the winner's place in key order
                self.doc.keys[child] = here
                container[key] = self._start(value_node, child)

    def _scalar_key(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value
        if self.is_json and node.style is None:
            return node.value
        construct = yaml.constructor.SafeConstructor.yaml_constructors.get(node.tag)
        if construct is None:
            return node.value
        try:
            return construct(self.constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value


def _key_text(key: Any) -> str:
    """A mapping key as the server receives it after JSON encoding."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return json.dumps(key)
    return str(key)


def _mark(node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(mark.line + 1, mark.column + 1)
