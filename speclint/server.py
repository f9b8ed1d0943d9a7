"""speclint's language server: diagnostics on open, change and save, and quick fixes.

Run by ``speclint server`` over stdio. Every YAML or JSON document the editor opens is
checked as the command line checks a file found in a folder (``explicit=False``): files
that are not Press specs get no diagnostics. The document's path is the file name, so
JSON is read as JSON and template includes resolve beside it.

Positions: speclint counts 1-based lines (at YAML's line breaks) and columns in code
points; LSP counts 0-based lines (at ``\\n``, ``\\r\\n`` and ``\\r`` only) and characters
in the code units the client and server agreed on (UTF-16 unless the client offers
another). Each diagnostic goes through an index into the text, so both hold. A
diagnostic's range ends at the end of the token it points at: the content of a quoted
scalar (without the quotes), or a plain scalar or key up to white space, ``,``, a flow
bracket or a ``:`` that ends a key; a "did you mean" diagnostic covers exactly the
misspelt word, which is what its quick fix replaces.

pygls is imported here only, and this module only by ``speclint server``.
"""

from __future__ import annotations

import bisect
import os
import re
import sys
import traceback
from collections.abc import Sequence

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from speclint import __version__
from speclint.model import Diagnostic, Severity

__all__ = ["create_server", "main"]

SOURCE = "speclint"

#: Line breaks as speclint's loader counts them (``load.split_lines``).
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: Line breaks as LSP counts them.
_LSP_BREAK = re.compile("\r\n|[\r\n]")

_EXTENSIONS = (".yaml", ".yml", ".json")
_LANGUAGES = {"yaml", "json", "jsonc"}

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

_SUGGESTION = re.compile(r'did you mean "([^"]+)"')
_MISSPELT = re.compile(
    r'missing the required key "([^"]+)"; "([^"]+)" looks like a misspelling of it'
)
_QUOTED = re.compile(r'"([^"]+)"')


class TextMap:
    """Converts between speclint's locations, indexes into the text and LSP positions."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.text = text
        self.encoding = _value(encoding)
        # speclint reads the text as bytes and drops a byte order mark
        bom = 1 if text.startswith("\ufeff") else 0
        self._yaml_starts, self._yaml_ends = _lines(text, _YAML_BREAK, bom)
        self._lsp_starts, self._lsp_ends = _lines(text, _LSP_BREAK, 0)

    def index(self, line: int, column: int) -> int:
        """The index of speclint's 1-based ``line`` and ``column``, kept inside its line."""
        row = min(max(line, 1), len(self._yaml_starts)) - 1
        start = self._yaml_starts[row]
        return min(start + max(column - 1, 0), self._yaml_ends[row])

    def line_end(self, index: int) -> int:
        """Where the (YAML) line holding ``index`` ends, before its line break."""
        row = bisect.bisect_right(self._yaml_starts, index) - 1
        return self._yaml_ends[max(row, 0)]

    def position(self, index: int) -> types.Position:
        row = max(bisect.bisect_right(self._lsp_starts, index) - 1, 0)
        start = self._lsp_starts[row]
        index = min(index, self._lsp_ends[row])
        return types.Position(row, self.units(self.text[start:index]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))

    def offset(self, position: types.Position) -> int:
        """The index of an LSP position (past the end of its line: the line's end)."""
        if position.line >= len(self._lsp_starts):
            return len(self.text)
        index = self._lsp_starts[position.line]
        end = self._lsp_ends[position.line]
        units = 0
        while index < end and units < position.character:
            units += self.units(self.text[index])
            index += 1
        return index

    def units(self, text: str) -> int:
        if self.encoding == "utf-32":
            return len(text)
        if self.encoding == "utf-8":
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _value(encoding: str) -> str:
    """An encoding kind's name (``str()`` of the enum member is not its value)."""
    return (
        encoding.value if isinstance(encoding, types.PositionEncodingKind) else encoding
    )


def _lines(
    text: str, breaks: re.Pattern[str], first: int
) -> tuple[list[int], list[int]]:
    starts, ends = [first], []
    for match in breaks.finditer(text, first):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(text))
    return starts, ends


def token_span(text: str, start: int, line_end: int) -> tuple[int, int]:
    """The token at ``start``: a quoted scalar's content, or a plain key or scalar."""
    if start >= line_end:
        return start, start
    quote = text[start]
    if quote in "\"'":
        index = start + 1
        while index < line_end:
            char = text[index]
            if quote == '"' and char == "\\":
                index += 2
                continue
            if char == quote:
                if quote == "'" and text[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                return start + 1, index
            index += 1
        return start + 1, line_end  # continues on the next line
    end = start
    while end < line_end:
        char = text[end]
        if char.isspace() or char in ",[]{}":
            break
        after = text[end + 1 : end + 2]
        if char == ":" and (end + 1 == line_end or after.isspace() or after in ",[]{}"):
            break
        end += 1
    return (start, end) if end > start else (start, start + 1)


def suggestion(message: str) -> tuple[str, list[str]] | None:
    """A message's suggested replacement and the words of the message it replaces."""
    found = _SUGGESTION.search(message)
    if found is not None:
        replacement = found.group(1)
        words = _QUOTED.findall(message[: found.start()])
        return replacement, [w for w in words if w != replacement]
    found = _MISSPELT.search(message)
    if found is not None:
        return found.group(1), [found.group(2)]
    return None


def _is_word(char: str) -> bool:
    return char.isalnum() or char in "_-"


def word_span(
    text: str, start: int, line_end: int, words: Sequence[str]
) -> tuple[int, int] | None:
    """Where one of ``words`` stands at ``start``: the whole token, or failing that the
    first whole-word occurrence in the rest of the line (a ``@param:`` reference inside
    a longer value)."""
    token = token_span(text, start, line_end)
    if text[token[0] : token[1]] in words:
        return token
    best: tuple[int, int] | None = None
    for word in words:
        index = text.find(word, start, line_end)
        while index != -1:
            end = index + len(word)
            if not (
                (index > 0 and _is_word(text[index - 1]))
                or (end < len(text) and _is_word(text[end]))
            ):
                if best is None or (index, -end) < (best[0], -best[1]):
                    best = (index, end)
                break
            index = text.find(word, index + 1, line_end)
    return best


def to_lsp(
    diagnostics: Sequence[Diagnostic],
    text: str,
    name: str,
    encoding: str = types.PositionEncodingKind.Utf16,
) -> list[types.Diagnostic]:
    """speclint's diagnostics of the file ``name`` (whose text is ``text``) for LSP."""
    where = TextMap(text, encoding)
    own = os.path.realpath(name)
    result = []
    for d in diagnostics:
        message = d.message
        if d.file == name or os.path.realpath(d.file) == own:
            start = where.index(d.line, d.column)
            line_end = where.line_end(start)
            span: tuple[int, int] | None = None
            fix = suggestion(message)
            if fix is not None:
                span = word_span(text, start, line_end, fix[1])
            if span is None:
                span = token_span(text, start, line_end)
        else:  # found in an included template file: shown at the include
            message = f"in {d.file}:{d.line}:{d.column}: {message}"
            span = _include_span(text, d.file, where)
        result.append(
            types.Diagnostic(
                range=where.range(*span),
                message=message,
                severity=_SEVERITIES[d.severity],
                code=d.rule,
                source=SOURCE,
            )
        )
    return result


def _include_span(text: str, file: str, where: TextMap) -> tuple[int, int]:
    """The line of ``text`` that includes ``file`` (the first line if none does)."""
    base = os.path.basename(file)
    for match in re.finditer(r"[^\r\n]*\binclude\b[^\r\n]*", text):
        if base in match.group():
            line = match.group()
            start = match.start() + len(line) - len(line.lstrip())
            return start, match.end()
    return 0, where.line_end(0)


def quick_fixes(
    uri: str,
    text: str,
    diagnostics: Sequence[types.Diagnostic],
    encoding: str = types.PositionEncodingKind.Utf16,
) -> list[types.CodeAction]:
    """A quick fix for each "did you mean" diagnostic whose range holds the misspelt word."""
    where = TextMap(text, encoding)
    actions = []
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE:
            continue
        fix = suggestion(diagnostic.message)
        if fix is None:
            continue
        replacement, words = fix
        start = where.offset(diagnostic.range.start)
        end = where.offset(diagnostic.range.end)
        if text[start:end] not in words:  # stale, or not pointing at the word
            continue
        quote = text[start - 1 : start]
        if quote == '"':
            replacement = replacement.replace("\\", "\\\\").replace('"', '\\"')
        elif quote == "'":
            replacement = replacement.replace("'", "''")
        actions.append(
            types.CodeAction(
                title=f'Replace "{text[start:end]}" with "{fix[0]}"',
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=True,
                edit=types.WorkspaceEdit(
                    changes={uri: [types.TextEdit(diagnostic.range, replacement)]}
                ),
            )
        )
    return actions


def _name_of(uri: str, language: str) -> str | None:
    """The file name a document is checked as, or None when it is not YAML or JSON."""
    path = to_fs_path(uri)
    if path is not None and path.lower().endswith(_EXTENSIONS):
        return path
    if language not in _LANGUAGES:
        return None
    suffix = ".yaml" if language == "yaml" else ".json"
    if path is not None:
        return path + suffix if not path.lower().endswith(suffix) else path
    return f"untitled{suffix}"


def _root_of(ls: LanguageServer, path: str) -> str:
    """The workspace folder holding ``path`` (the peak CLI's working directory), or its
    folder: includes and local files are resolved from there."""
    folder = os.path.dirname(os.path.abspath(path))
    roots = [to_fs_path(f.uri) for f in ls.workspace.folders.values()]
    roots.append(ls.workspace.root_path)
    inside = [
        r
        for r in roots
        if r and os.path.commonpath([os.path.abspath(r), folder]) == os.path.abspath(r)
    ]
    return max(inside, key=len) if inside else folder


def check(text: str, name: str, root: str) -> list[Diagnostic]:
    from speclint.engine import check_bytes
    from speclint.spec import Context
    from speclint.template import Variables

    context = Context(root=root, variables=Variables.from_environment(root))
    raw = text.encode("utf-8", "surrogatepass")
    return check_bytes(raw, name, context=context, explicit=False).diagnostics


def _encoding(ls: LanguageServer) -> str:
    return _value(ls.workspace.position_encoding or types.PositionEncodingKind.Utf16)


def refresh(ls: LanguageServer, uri: str) -> None:
    """Check a document and publish its diagnostics; a failure is logged, not raised."""
    name = uri
    try:
        document = ls.workspace.get_text_document(uri)
        checked_as = _name_of(uri, document.language_id or "")
        if checked_as is None:
            return
        name = checked_as
        text = document.source
        found = check(text, name, _root_of(ls, name))
        diagnostics = to_lsp(found, text, name, _encoding(ls))
    except Exception as err:  # an editor's server must outlive any input
        ls.window_log_message(
            types.LogMessageParams(
                type=types.MessageType.Error,
                message=(
                    f"speclint: internal error while checking {name}: "
                    f"{type(err).__name__}: {err}; please report it\n"
                    + traceback.format_exc()
                ),
            )
        )
        diagnostics = []
        document = None
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=uri,
            diagnostics=diagnostics,
            version=document.version if document is not None else None,
        )
    )


def create_server() -> LanguageServer:
    server = LanguageServer("speclint", __version__)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        refresh(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(
        ls: LanguageServer, params: types.DidChangeTextDocumentParams
    ) -> None:
        refresh(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        refresh(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(
        ls: LanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        only = params.context.only
        if only and not any(
            types.CodeActionKind.QuickFix.value.startswith(kind) for kind in only
        ):
            return []
        try:
            document = ls.workspace.get_text_document(params.text_document.uri)
            return quick_fixes(
                params.text_document.uri,
                document.source,
                params.context.diagnostics,
                _encoding(ls),
            )
        except Exception as err:  # an editor's server must outlive any input
            ls.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error,
                    message=f"speclint: internal error in code actions: {err!r}\n"
                    + traceback.format_exc(),
                )
            )
            return []

    return server


def main() -> None:
    """Serve on stdin and stdout until the client says exit."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the protocol stream
    create_server().start_io(stdin, stdout)


if __name__ == "__main__":
    main()
