"""Text -> Document: plain data plus the line and column of every key and value.

Data and positions are built in one pass over libyaml's event stream (the C parser
where present), without recursion, so deep nesting cannot overflow the stack and
alias expansion is bounded. Scalars are resolved
the way the peak CLI's ``yaml.safe_load`` resolves them (YAML 1.1); JSON files keep
JSON's own scalar semantics. Nothing is ever constructed from a tag other than the
standard safe ones.
"""

from __future__ import annotations

import codecs
import datetime
import json
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml

from speclint.model import Location, Path

if TYPE_CHECKING:
    from speclint.template import Variables

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

#: Events a document may expand to through aliases, beyond its own size: the bound
#: that refuses "billion laughs" documents quickly and in little memory.
_BASE_BUDGET = 200_000
_BUDGET_PER_CHAR = 4
#: Aliases may add at most this many values, plus _ALIAS_RATIO per value of the file
#: itself (a spec that reuses anchors for its steps adds a few times its size; a
#: "billion laughs" document adds millions to a few hundred, and is refused at once).
_ALIAS_BASE = 10_000
_ALIAS_RATIO = 10
#: Events any document may expand to (a spec of 10,000 steps, 6.7 MB, has 577,000).
MAX_VALUES = 1_000_000
#: Nesting deeper than this is refused (a Press file is about ten levels deep).
MAX_DEPTH = 200


class Problem(NamedTuple):
    """A finding of the loader itself (it knows positions, rules do not)."""

    rule: str
    location: Location
    message: str
    #: set when ``location`` is already in this file's own lines (a template problem)
    file: str | None = None


class Document:
    """A loaded file: its text, its data, and where every key and value is written."""

    __slots__ = (
        "_lines",
        "data",
        "keys",
        "line_map",
        "name",
        "parsed",
        "plain",
        "problems",
        "sources",
        "text",
        "values",
    )

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.data: Any = None
        self.values: dict[Path, Location] = {}
        self.keys: dict[Path, Location] = {}
        #: source text of plain scalars that YAML resolved to something other than a
        #: string
        self.plain: dict[Path, str] = {}
        self.problems: list[Problem] = []
        self.parsed = False
        #: for a rendered template: each line of ``text`` -> (file, line) it came from
        self.line_map: list[tuple[str, int, int]] | None = None
        #: for a rendered template: the lines of every template file it read
        self.sources: dict[str, list[str]] = {}
        #: ``lines()`` of the text it was computed for (several rules ask for them)
        self._lines: tuple[str, list[str]] | None = None

    def origin(self, location: Location) -> tuple[str, Location]:
        """The file and location a position of ``text`` came from (templates map back)."""
        if self.line_map and 0 < location.line <= len(self.line_map):
            file, line, shift = self.line_map[location.line - 1]
            return file, Location(line, max(location.column - shift, 1))
        return self.name, location

    def source_line(self, file: str, line: int) -> str | None:
        """A line as the user wrote it (the template's own line for rendered files)."""
        lines = self.sources.get(file) if self.sources else None
        if lines is None:
            if file != self.name or self.line_map:
                return None
            lines = self.lines()
        return lines[line - 1] if 0 < line <= len(lines) else None

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

    def lines(self) -> list[str]:
        """The text's lines, split once: one list for every caller, who must not change it."""
        if self._lines is None or self._lines[0] is not self.text:
            self._lines = (self.text, split_lines(self.text))
        return self._lines[1]


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def clamp(text: str, location: Location) -> Location:
    """A location kept inside the text (a parser may point just past its end)."""
    lines = split_lines(text) or [""]
    if location.line > len(lines):
        return Location(len(lines), len(lines[-1]) + 1)
    return Location(
        location.line, min(location.column, len(lines[location.line - 1]) + 1)
    )


def position_of(text: str, index: int) -> Location:
    """The line and column of a character index, counting lines as YAML does."""
    before = split_lines(text[:index] + "|")
    return Location(len(before), len(before[-1]))


def split_lines(text: str) -> list[str]:
    """Lines as YAML counts them (str.splitlines also breaks at form feeds and more)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


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
                return (
                    None,
                    f"file starts with a {codec} byte order mark but is not valid {codec}",
                )
    if b"\x00" in raw:
        return None, "file contains NUL bytes; it is binary, not YAML or JSON text"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return (
            None,
            f"file is not valid UTF-8 (byte 0x{raw[err.start]:02x} on line {line})",
        )


def load_bytes(
    raw: bytes, name: str, variables: Variables | Callable[[], Variables] | None = None
) -> Document:
    """Bytes -> Document; with ``variables``, a Jinja template is rendered first, as the
    peak CLI renders it, and positions map back to the template's own lines.
    ``variables`` may be a function giving them, called only for a template."""
    text, reason = decode(raw)
    if text is None:
        doc = Document(name, "")
        doc.problems.append(Problem("syntax", Location(1, 1), reason or "not text"))
        return doc
    if variables is not None and ("{{" in text or "{%" in text or "{#" in text):
        from speclint import template

        if template.is_template(text):
            if callable(variables):
                variables = variables()
            rendered = template.render(text, name, variables)
            doc = (
                load_text(rendered.text, name) if rendered.lines else Document(name, "")
            )
            doc.line_map = rendered.lines or None
            doc.sources = rendered.sources
            doc.problems[:0] = [
                Problem(p.rule, p.location, p.message, p.file)
                for p in rendered.problems
            ]
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
            doc.problems.append(_json_problem(text, err))
            return doc
        except ValueError as err:  # e.g. an integer of more digits than Python converts
            doc.problems.append(
                Problem("syntax", Location(1, 1), f"invalid JSON: {err}")
            )
            return doc
        except RecursionError:
            doc.problems.append(
                Problem("syntax", Location(1, 1), "JSON is nested too deeply to read")
            )
            return doc
        # valid JSON holds tabs only as white space; YAML's composer wants spaces
        source, shifts = _json_source(text.replace("\t", " "))
    budget = min(_BASE_BUDGET + _BUDGET_PER_CHAR * len(text), MAX_VALUES)
    if len(text) > MAX_VALUES and text.count(",") > MAX_VALUES:
        # a flow collection of a million items: refused before building any of it
        # (a Press file has a few thousand values, and commas in prose are not that many)
        doc.problems.append(
            Problem(
                "syntax",
                Location(1, 1),
                f"document holds more than {MAX_VALUES} values; refusing to read it "
                "(a Press file holds a few thousand)",
            )
        )
        return doc
    try:
        doc.data = _Builder(doc, is_json, budget).build(source)
    except yaml.YAMLError as err:
        _discard(doc)
        doc.problems.append(_yaml_problem(err, text))
        return doc
    except _Refused as err:
        _discard(doc)
        doc.problems.append(Problem("syntax", err.where, err.why))
        return doc
    if is_json and shifts:
        _shift_columns(doc, shifts)
    doc.parsed = True
    return doc


#: A character beyond U+FFFF written as JSON writes it (json.dumps' default): an
#: escaped surrogate pair, after an even number of backslashes (so not itself escaped)
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
)
#: "\\uD83D\\uDE00" (12 characters) becomes "\\U0001F600" (10)
_ESCAPE_LENGTH, _SHORTER = 10, 2


def _json_source(text: str) -> tuple[str, dict[int, list[int]]]:
    """JSON text as YAML's parser can read it, and where it was shortened.

    libyaml refuses escaped surrogate pairs, which JSON needs for characters beyond
    U+FFFF; each becomes YAML's 8-digit escape of the same character, two characters
    shorter. Returns the text and, by line, the 0-based column (in the new text) after
    which each shortened escape moved what follows two columns left.
    """
    if "\\u" not in text:
        return text, {}
    shifts: dict[int, list[int]] = {}
    pieces: list[str] = []
    last = 0
    line, line_start = 1, 0
    for match in _SURROGATE_PAIR.finditer(text):
        start = match.start(2) - 2  # the backslash of the first "\\u"
        for brk in _LINE_BREAK.finditer(text, last, start):
            line, line_start = line + 1, brk.end()
        high, low = int(match[2], 16), int(match[3], 16)
        point = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        on_line = shifts.setdefault(line, [])
        column = start - line_start - _SHORTER * len(on_line)
        on_line.append(column + _ESCAPE_LENGTH)
        pieces.append(text[last:start])
        pieces.append(f"\\U{point:08X}")
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), shifts


def _shift_columns(doc: Document, shifts: dict[int, list[int]]) -> None:
    """Positions read from the shortened text, moved back to the file's own columns."""

    def moved(where: Location) -> Location:
        ends = shifts.get(where.line)
        if not ends:
            return where
        before = sum(1 for end in ends if end <= where.column - 1)
        return Location(where.line, where.column + _SHORTER * before)

    for table in (doc.values, doc.keys):
        for path, where in table.items():
            table[path] = moved(where)
    doc.problems[:] = [p._replace(location=moved(p.location)) for p in doc.problems]


def _discard(doc: Document) -> None:
    doc.data = None
    doc.values.clear()
    doc.keys.clear()
    doc.plain.clear()
    doc.problems[:] = [p for p in doc.problems if p.rule != "duplicate-key"]


def _json_problem(text: str, err: json.JSONDecodeError) -> Problem:
    """A JSON syntax error in words that do not depend on the Python version."""
    before = text[: err.pos].rstrip()
    closing = text[err.pos : err.pos + 1]
    if before.endswith(",") and closing in ("]", "}"):
        return Problem(
            "syntax",
            position_of(text, len(before) - 1),
            f'invalid JSON: trailing comma before "{closing}"',
        )
    message = err.msg[:1].lower() + err.msg[1:]
    where = clamp(text, position_of(text, err.pos))
    return Problem("syntax", where, f"invalid JSON: {message}")


def _yaml_problem(err: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        location = Location(mark.line + 1, mark.column + 1)
    elif isinstance(err, yaml.reader.ReaderError):
        location = position_of(text, err.position)
    else:
        location = Location(1, 1)
    location = clamp(text, location)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    if isinstance(err, yaml.reader.ReaderError):
        char = err.character
        code = char if isinstance(char, int) else ord(char)
        problem = f"character #x{code:04x} is not allowed in YAML"
    context = getattr(err, "context", None)
    context_mark = getattr(err, "context_mark", None)
    message = f"could not parse YAML: {problem}"
    if context and context_mark is not None and context_mark is not mark:
        context_line = clamp(text, Location(context_mark.line + 1, 1)).line
        message += f" ({context} at line {context_line})"
    elif context:
        message += f" ({context})"
    return Problem("syntax", location, message)


class _Refused(Exception):
    def __init__(self, where: Location, why: str) -> None:
        self.where = where
        self.why = why


_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors
_MAP_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:set"}
_SEQ_TAGS = {
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
}
#: Plain untagged scalar text -> its value, for texts that resolved without a problem,
#: shared by all files: specs repeat their keys and many values, and resolving one is
#: a few regular expression matches. Bounded: short texts only, cleared when full.
_RESOLVED_YAML: dict[str, Any] = {}
_RESOLVED_JSON: dict[str, Any] = {}
_RESOLVED_MAX = 20_000
_RESOLVED_MAX_TEXT = 100
#: Values a resolved scalar may be and still be shared by every scalar of the same text.
_IMMUTABLE = {str, int, float, bool, type(None), datetime.date, datetime.datetime}
_MISSING: Any = object()

_Scalar = yaml.ScalarEvent
_Alias = yaml.AliasEvent
_MapStart = yaml.MappingStartEvent
_SeqStart = yaml.SequenceStartEvent
_MapEnd = yaml.MappingEndEvent
_SeqEnd = yaml.SequenceEndEvent
_STREAM_EVENTS = {
    yaml.StreamStartEvent,
    yaml.StreamEndEvent,
    yaml.DocumentStartEvent,
    yaml.DocumentEndEvent,
}
#: ``_new(Location, (line, column))`` builds a Location without a Python-level call:
#: the loader builds one for nearly every event, so this is on its hottest path.
_new = tuple.__new__


class _Frame:
    """An open mapping or sequence while the event stream is read."""

    __slots__ = ("container", "is_map", "merges", "merging", "path")

    def __init__(self, container: Any, path: Path, is_map: bool) -> None:
        self.container = container
        self.path = path
        self.is_map = is_map
        self.merges: list[list[Any]] = []  # event lists to merge in at the end
        self.merging = False  # whether those are being replayed (at its end)


class _Builder:
    """Builds data and the position tables straight from libyaml's event stream.

    No node tree and no recursion: nesting depth and alias expansion are bounded, so a
    hostile document is refused quickly instead of exhausting the stack or memory.
    """

    def __init__(self, doc: Document, is_json: bool, budget: int) -> None:
        self.doc = doc
        self.is_json = is_json
        self.budget = budget
        self.constructor = yaml.constructor.SafeConstructor()
        self.anchors: dict[str, list[Any]] = {}
        #: open anchor recordings: (anchor, its events so far, nesting depth)
        self.recording: list[tuple[str, list[Any], int]] = []
        self.resolved = _RESOLVED_JSON if is_json else _RESOLVED_YAML

    def build(self, source: str) -> Any:
        # the parser itself rather than yaml.parse(), whose generator costs two more
        # calls per event; get_event() returns None after the end of the stream
        loader = _Loader(source)
        try:
            return self._read(iter(loader.get_event, None))
        finally:
            loader.dispose()

    def _read(self, events: Iterator[Any]) -> Any:
        """The data of ``events``, filling the document's tables on the way.

        One loop does the common work inline, with the open collection's state in local
        variables: this is the loader's hot path, run for every event of every file.
        Aliases and merge keys push a list of recorded events to replay onto
        ``sources``; the loop reads from the last one until it runs out.
        """
        doc = self.doc
        values = doc.values
        keys = doc.keys
        plain = doc.plain
        problems = doc.problems
        anchors = self.anchors
        recording = self.recording
        resolved = self.resolved
        budget = self.budget
        read = 0  # events read from the file itself
        replayed = 0  # events replayed for aliases and merge keys
        aliased = False  # whether any alias was expanded
        sources: list[Iterator[Any]] = [events]
        stack: list[_Frame] = []
        # the innermost open collection (none before the root), kept in locals
        frame: _Frame | None = None
        container: Any = None
        is_map = False
        merging = False
        path: Path = ()  # of the open collection
        key: str | None = None  # a mapping's key waiting for its value
        key_at = Location(1, 1)
        root: Any = None
        skip = 0  # depth of a value being skipped (a bad merge value)
        skip_value = False  # the value of a merged key that an explicit key overrides
        documents = 0
        while sources:
            source = sources[-1]
            replaying = len(sources) > 1
            for event in source:
                cls = event.__class__
                if cls in _STREAM_EVENTS:
                    if cls is yaml.DocumentStartEvent:
                        documents += 1
                        if documents > 1:
                            raise _Refused(
                                _at(event),
                                "file holds more than one YAML document; the peak CLI "
                                "reads exactly one",
                            )
                    continue
                if recording and not replaying:
                    self._record(event, cls)
                if skip_value:
                    skip_value = False
                    if cls is _MapStart or cls is _SeqStart:
                        skip = 1
                    continue
                if skip:
                    if cls is _MapStart or cls is _SeqStart:
                        skip += 1
                    elif cls is _MapEnd or cls is _SeqEnd:
                        skip -= 1
                    continue
                if replaying:
                    replayed += 1
                    if replayed > _ALIAS_BASE + _ALIAS_RATIO * read:
                        raise _Refused(
                            Location(1, 1),
                            f"aliases expand {read} values of the file to more than "
                            f"{replayed}; refusing to read it (an alias bomb?)",
                        )
                else:
                    read += 1
                if read + replayed > budget:
                    raise self._too_many(aliased)

                if cls is _MapEnd or cls is _SeqEnd:
                    assert frame is not None
                    if frame.merges and not merging:
                        # replay the merged mappings' entries, then this end again
                        merging = frame.merging = True
                        merged: list[Any] = []
                        for anchor_events in frame.merges:
                            merged.extend(anchor_events[1:-1])
                        merged.append(event)
                        sources.append(iter(merged))
                        break
                    stack.pop()
                    if stack:
                        frame = stack[-1]
                        container = frame.container
                        is_map = frame.is_map
                        merging = frame.merging
                        path = frame.path
                    else:  # the root is complete
                        frame = None
                        is_map = False
                    # (the parent's key, if any, was taken by the value just closed)
                    continue

                if is_map and key is None:  # a key
                    if cls is not _Scalar:
                        raise _Refused(
                            _at(event), "a mapping key must be a plain value"
                        )
                    text = event.value
                    is_merge = False
                    if event.tag is not None:
                        new_key, is_merge = self._key(event)
                    elif event.style:
                        new_key = text
                    elif text == "<<":
                        new_key = text
                        is_merge = True
                    else:
                        value = resolved.get(text, _MISSING)
                        if value is _MISSING:
                            value = self._resolve_plain(event)
                        new_key = value if isinstance(value, str) else _key_text(value)
                    assert frame is not None
                    if is_merge and not merging:
                        value = next(source, None)
                        if value is not None and not replaying and recording:
                            self._record(value, value.__class__)
                        skip = self._merge_value(frame, value, source, replaying)
                        continue
                    if merging:
                        if new_key in container:
                            skip_value = True  # an explicit key (or an earlier merge source) wins
                            continue
                    elif new_key in container:
                        # until merging starts, the container holds exactly the keys
                        # read so far, and ``keys`` where the last of each was
                        here = _at(event)
                        earlier: Path = (*path, new_key)
                        first = keys[earlier]
                        problems.append(
                            Problem(
                                "duplicate-key",
                                here,
                                f'key "{new_key}" is defined twice in this mapping: at '
                                f"line {first.line} and at line {here.line}; the last "
                                "one wins",
                            )
                        )
                        del container[new_key]
                    mark = event.start_mark
                    key = new_key
                    key_at = _new(Location, (mark.line + 1, mark.column + 1))
                    continue

                if cls is _Alias:
                    recorded = anchors.get(event.anchor)
                    if recorded is None:
                        raise _Refused(
                            _at(event),
                            f'alias "*{event.anchor}" names no anchor defined before it',
                        )
                    aliased = True
                    sources.append(iter(recorded))
                    break

                # a value: of the mapping's pending key, the list's next item, or the root
                if is_map:
                    here_path: Path = (*path, key)  # type: ignore[arg-type]
                elif frame is not None:
                    here_path = (*path, len(container))
                else:
                    here_path = ()
                if len(here_path) > MAX_DEPTH:
                    raise _Refused(
                        _at(event),
                        f"document is nested more than {MAX_DEPTH} levels deep; "
                        "refusing to read it",
                    )
                mark = event.start_mark
                where = _new(Location, (mark.line + 1, mark.column + 1))
                if cls is _Scalar:
                    text = event.value
                    if event.tag is not None:
                        value = self._scalar(event, here_path)
                    elif event.style:
                        value = text
                    else:
                        value = resolved.get(text, _MISSING)
                        if value is _MISSING:
                            value = self._resolve_plain(event)
                        if not isinstance(value, str):
                            plain[here_path] = text
                elif cls is _MapStart or cls is _SeqStart:
                    opens_map = cls is _MapStart
                    tag = event.tag
                    if (
                        tag is not None
                        and tag != "!"
                        and tag not in (_MAP_TAGS if opens_map else _SEQ_TAGS)
                    ):
                        self._bad_tag(tag, where)
                    value = {} if opens_map else []
                else:
                    continue
                if not replaying and event.anchor is not None:
                    if cls is _Scalar:
                        anchors[event.anchor] = [event]
                    else:
                        recording.append((event.anchor, [event], 0))
                if is_map:
                    container[key] = value
                    keys[here_path] = key_at
                    key = None
                elif frame is not None:
                    container.append(value)
                else:
                    root = value
                values[here_path] = where
                if cls is not _Scalar:
                    frame = _Frame(value, here_path, opens_map)
                    stack.append(frame)
                    container = value
                    is_map = opens_map
                    merging = False
                    path = here_path
            else:
                sources.pop()
        return root

    def _too_many(self, aliased: bool) -> _Refused:
        return _Refused(
            Location(1, 1),
            (
                f"document expands to more than {self.budget} values "
                "through aliases; refusing to read it (an alias bomb?)"
            )
            if aliased
            else f"document holds more than {self.budget} values; "
            "refusing to read it (a Press file holds a few thousand)",
        )

    def _record(self, event: Any, cls: type) -> None:
        """Append the event to every open anchor recording; close the finished ones."""
        still_open = []
        for anchor, recorded, depth in self.recording:
            if recorded[-1] is event:
                still_open.append((anchor, recorded, depth))
                continue
            recorded.append(event)
            if cls is _MapStart or cls is _SeqStart:
                depth += 1
            elif cls is _MapEnd or cls is _SeqEnd:
                if depth == 0:
                    self.anchors[anchor] = recorded
                    continue
                depth -= 1
            still_open.append((anchor, recorded, depth))
        self.recording[:] = still_open  # in place: the read loop holds this list

    def _merge_value(
        self, frame: _Frame, value: Any, events: Iterator[Any], replaying: bool
    ) -> int:
        """Collect what a merge key (<<) names; returns how deep to skip a bad value.
        Events read from the file itself go to the anchors being recorded; events of
        an alias being replayed are recorded already."""
        cls = value.__class__
        aliases: list[Any] = []
        if cls is _Alias:
            aliases.append(value)
        elif cls is _SeqStart:
            depth = 0
            for item in events:
                if self.recording and not replaying:
                    self._record(item, item.__class__)
                item_cls = item.__class__
                if item_cls is _MapStart or item_cls is _SeqStart:
                    if depth == 0:
                        self._bad_merge(item)
                    depth += 1
                elif item_cls is _MapEnd or item_cls is _SeqEnd:
                    if depth == 0:
                        break
                    depth -= 1
                elif depth == 0 and item_cls is _Alias:
                    aliases.append(item)
                elif depth == 0:
                    self._bad_merge(item)
        else:
            self._bad_merge(value)
            return 1 if cls is _MapStart else 0
        for alias in aliases:
            recorded = self.anchors.get(alias.anchor)
            if recorded is None or recorded[0].__class__ is not _MapStart:
                self._bad_merge(alias)
            else:
                frame.merges.append(recorded)
        return 0

    def _bad_merge(self, event: Any) -> None:
        self.doc.problems.append(
            Problem(
                "syntax",
                _at(event),
                "a merge key (<<) takes an alias of a mapping or a list of them; "
                "this part is not merged",
            )
        )

    def _key(self, event: Any) -> tuple[str, bool]:
        if not event.style and event.value == "<<" and event.tag in (None, "!"):
            return "<<", True
        value = self._resolve(event)
        return _key_text(value), False

    def _scalar(self, event: Any, path: Path) -> Any:
        value = self._resolve(event)
        if not event.style and not isinstance(value, str):
            self.doc.plain[path] = event.value
        return value

    def _resolve_plain(self, event: Any) -> Any:
        """Resolve a plain untagged scalar, remembering its value for the same text
        if that took no problem to report (a problem is reported at every place)."""
        problems = len(self.doc.problems)
        value = self._resolve(event)
        text = event.value
        if (
            len(self.doc.problems) == problems
            and value.__class__ in _IMMUTABLE
            and len(text) <= _RESOLVED_MAX_TEXT
        ):
            if len(self.resolved) >= _RESOLVED_MAX:
                self.resolved.clear()
            self.resolved[text] = value
        return value

    def _resolve(self, event: Any) -> Any:
        text = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if event.style or not event.implicit[0]:
                return text
            if self.is_json:
                try:
                    return json.loads(text)
                except ValueError:
                    return text
            tag = _STR
            for candidate, pattern in _IMPLICIT.get(text[:1], ()):
                if pattern.match(text):
                    tag = candidate
                    break
            if tag in (_STR, _MERGE):
                return text
        elif tag == _STR:
            return text
        construct = _CONSTRUCTORS.get(tag)
        if construct is None or tag in _MAP_TAGS or tag in _SEQ_TAGS:
            self._bad_tag(tag, _at(event))
            return text
        try:
            return construct(self.constructor, yaml.ScalarNode(tag, text))
        except (
            Exception
        ):  # the safe constructors raise many kinds on values they refuse
            self.doc.problems.append(
                Problem("syntax", _at(event), f'could not read the value "{text}"')
            )
            return text

    def _bad_tag(self, tag: str, where: Location) -> None:
        self.doc.problems.append(
            Problem(
                "syntax",
                where,
                f'unsupported YAML tag "{tag}"; the peak CLI reads files with a '
                "safe loader that refuses it",
            )
        )


def _at(event: Any) -> Location:
    mark = event.start_mark
    return _new(Location, (mark.line + 1, mark.column + 1))


def _key_text(key: Any) -> str:
    """A mapping key as the server receives it after JSON encoding."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return json.dumps(key)
    return str(key)
