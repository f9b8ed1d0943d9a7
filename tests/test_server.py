"""The language server, end to end with pygls's LSP client over stdio, plus its
position arithmetic in-process."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from speclint import server
from speclint.model import Diagnostic, Severity

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 10  # seconds for any one answer; the whole session takes about one

BROKEN = """\
body:
  version: 1
  kind: workflow
  metadata:
    name: demand-forecast
    title: Demand Forecast
    summary: Nightly demand forecast for every store
  release:
    version: 1.16.0
    notes: Publish forecasts to the planning API
  config:
    steps:
      load_sales:
        command: python -m forecast.load_sales
        imageDetails:
          id: 2301
          versionId: 18
      train:
        comand: python -m forecast.train
        imageDetails:
          id: 2301
          versionId: 18
        parents: ["\N{GRINNING FACE}x", "load_sale"]
    triggers:
      - cron: "30 1 * * *"
scope: private
"""


def _diag(
    start: tuple[int, int], end: tuple[int, int], rule: str, message: str
) -> tuple[Any, ...]:
    return (start, end, types.DiagnosticSeverity.Error, rule, "speclint", message)


def _summary(diagnostics: list[types.Diagnostic]) -> list[tuple[Any, ...]]:
    return [
        (
            (d.range.start.line, d.range.start.character),
            (d.range.end.line, d.range.end.character),
            d.severity,
            d.code,
            d.source,
            d.message,
        )
        for d in diagnostics
    ]


COMAND = _diag(
    (18, 8),
    (18, 14),
    "missing-key",
    'step "train" is missing the required key "command"; '
    '"comand" looks like a misspelling of it',
)
# "😀" is one code point (speclint's column) but two UTF-16 code units (LSP's)
EMOJI = _diag(
    (22, 19),
    (22, 22),
    "step-ref-undefined",
    'step "train" names parent "\N{GRINNING FACE}x", which is not a step of this workflow',
)
LOAD_SALE = _diag(
    (22, 26),
    (22, 35),
    "step-ref-undefined",
    'step "train" names parent "load_sale", which is not a step of this workflow; '
    'did you mean "load_sales"?',
)


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) the way an editor does, independently of the
    server's own position code."""

    def index(position: types.Position) -> int:
        lines = text.split("\n")
        before = sum(len(line) + 1 for line in lines[: position.line])
        units = lines[position.line].encode("utf-16-le")[: 2 * position.character]
        return before + len(units.decode("utf-16-le"))

    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character)
    )[::-1]:
        text = (
            text[: index(edit.range.start)]
            + edit.new_text
            + text[index(edit.range.end) :]
        )
    return text


class Session:
    """A real LSP client talking to ``python -m speclint.server`` over stdio."""

    def __init__(self) -> None:
        self.client = LanguageClient("speclint-test", "1")
        self.published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()
        self.logs: list[types.LogMessageParams] = []

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published.put_nowait(params)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            self.logs.append(params)

    async def start(
        self, folder: Path, encoding: str = types.PositionEncodingKind.Utf16
    ) -> types.InitializeResult:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        await self.client.start_io(
            sys.executable, "-m", "speclint.server", cwd=str(ROOT), env=env
        )
        result = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(
                    process_id=os.getpid(),
                    root_uri=from_fs_path(str(folder)),
                    workspace_folders=[
                        types.WorkspaceFolder(from_fs_path(str(folder)), "work")
                    ],
                    capabilities=types.ClientCapabilities(
                        general=types.GeneralClientCapabilities(
                            position_encodings=[encoding]
                        )
                    ),
                )
            ),
            TIMEOUT,
        )
        self.client.initialized(types.InitializedParams())
        return result

    async def diagnostics(self, uri: str) -> types.PublishDiagnosticsParams:
        while True:
            params = await asyncio.wait_for(self.published.get(), TIMEOUT)
            if params.uri == uri:
                return params

    def open(self, uri: str, text: str, language: str = "yaml") -> None:
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri, language, 1, text)
            )
        )

    def change(
        self,
        uri: str,
        version: int,
        changes: list[types.TextDocumentContentChangeEvent],
    ) -> None:
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version, uri), changes
            )
        )

    async def fixes(
        self, uri: str, diagnostic: types.Diagnostic
    ) -> list[types.CodeAction]:
        actions = await asyncio.wait_for(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    types.TextDocumentIdentifier(uri),
                    diagnostic.range,
                    types.CodeActionContext([diagnostic]),
                )
            ),
            TIMEOUT,
        )
        assert actions is not None
        return [a for a in actions if isinstance(a, types.CodeAction)]

    async def stop(self) -> None:
        process = self.client._server
        try:
            if process is not None and process.returncode is None:
                await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
                self.client.exit(None)
                await asyncio.wait_for(process.wait(), TIMEOUT)
        finally:
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
            await asyncio.wait_for(self.client.stop(), TIMEOUT)


async def _edit_session(folder: Path) -> None:
    session = Session()
    try:
        result = await session.start(folder)
        capabilities = result.capabilities
        assert capabilities.position_encoding == types.PositionEncodingKind.Utf16
        assert capabilities.code_action_provider is not None

        uri = from_fs_path(str(folder / "spec.yaml"))
        session.open(uri, BROKEN)
        published = await session.diagnostics(uri)
        assert published.version == 1
        assert _summary(list(published.diagnostics)) == [COMAND, EMOJI, LOAD_SALE]
        by_rule = {d.message: d for d in published.diagnostics}

        # a quick fix for each "did you mean", none for the plain finding
        assert await session.fixes(uri, by_rule[EMOJI[-1]]) == []
        edits: list[types.TextEdit] = []
        for wanted, title in [
            (COMAND, 'Replace "comand" with "command"'),
            (LOAD_SALE, 'Replace "load_sale" with "load_sales"'),
        ]:
            (action,) = await session.fixes(uri, by_rule[wanted[-1]])
            assert action.title == title
            assert action.kind == types.CodeActionKind.QuickFix
            assert action.edit is not None and action.edit.changes is not None
            assert list(action.edit.changes) == [uri]
            edits.extend(action.edit.changes[uri])
        fixed = apply_edits(BROKEN, edits)
        assert fixed == BROKEN.replace("comand:", "command:").replace(
            '"load_sale"', '"load_sales"'
        )

        # the editor applies the edits: incremental changes, as an editor sends them
        session.change(
            uri,
            2,
            [
                types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
                for e in sorted(edits, key=lambda e: e.range.start.line, reverse=True)
            ],
        )
        published = await session.diagnostics(uri)
        assert published.version == 2
        assert _summary(list(published.diagnostics)) == [EMOJI]

        # then the whole text, fixed
        clean = fixed.replace('"\N{GRINNING FACE}x", ', "")
        session.change(uri, 3, [types.TextDocumentContentChangeWholeDocument(clean)])
        published = await session.diagnostics(uri)
        assert (published.version, list(published.diagnostics)) == (3, [])

        session.client.text_document_did_save(
            types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
        published = await session.diagnostics(uri)
        assert (published.version, list(published.diagnostics)) == (3, [])

        # JSON is read as JSON (the name is the document's path)
        json_uri = from_fs_path(str(folder / "spec.json"))
        session.open(json_uri, '{"body": {"kind": "workflow",}}\n', "json")
        published = await session.diagnostics(json_uri)
        assert _summary(list(published.diagnostics)) == [
            _diag((0, 28), (0, 29), "syntax", 'invalid JSON: trailing comma before "}"')
        ]

        # other YAML is none of speclint's business; garbage does not stop the server
        for name, text in [("notes.yaml", "a: 1\n"), ("junk.yaml", "\x00\ufffe: [\n")]:
            other = from_fs_path(str(folder / name))
            session.open(other, text)
            assert list((await session.diagnostics(other)).diagnostics) == []

        errors = [log for log in session.logs if log.type == types.MessageType.Error]
        assert errors == []
    finally:
        await session.stop()


def test_server_publishes_diagnostics_and_fixes_over_stdio(tmp_path: Path) -> None:
    asyncio.run(_edit_session(tmp_path))


async def _utf8_session(folder: Path) -> None:
    session = Session()
    try:
        result = await session.start(folder, types.PositionEncodingKind.Utf8)
        assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
        uri = from_fs_path(str(folder / "spec.yaml"))
        session.open(uri, BROKEN)
        published = await session.diagnostics(uri)
        # "😀" is four UTF-8 code units
        assert _summary(list(published.diagnostics)) == [
            COMAND,
            _diag((22, 19), (22, 24), *EMOJI[3:4], EMOJI[-1]),
            _diag((22, 28), (22, 37), *LOAD_SALE[3:4], LOAD_SALE[-1]),
        ]
        (action,) = await session.fixes(uri, published.diagnostics[2])
        assert action.edit is not None and action.edit.changes is not None
        (edit,) = action.edit.changes[uri]
        assert (edit.range, edit.new_text) == (
            published.diagnostics[2].range,
            "load_sales",
        )
    finally:
        await session.stop()


def test_server_speaks_utf8_positions_when_the_client_prefers_them(
    tmp_path: Path,
) -> None:
    asyncio.run(_utf8_session(tmp_path))


# --- in-process: positions, tokens and a failing check --------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "line", "column", "expected"),
    [
        ("a: \N{GRINNING FACE}b c\n", "utf-16", 1, 5, (0, 5)),
        ("a: \N{GRINNING FACE}b c\n", "utf-8", 1, 5, (0, 7)),
        ("a: \N{GRINNING FACE}b c\n", "utf-32", 1, 5, (0, 4)),
        ("a: \N{GRINNING FACE}b c\n", types.PositionEncodingKind.Utf8, 1, 5, (0, 7)),
        ("x: 1\r\ny: 2\r\n", "utf-16", 2, 4, (1, 3)),
        # U+2028 ends a line for YAML, not for LSP
        ("a: 1\u2028b: 2\n", "utf-16", 2, 1, (0, 5)),
        ("\ufeffa: 1\n", "utf-16", 1, 4, (0, 4)),  # speclint does not count the BOM
        ("a: 1\n", "utf-16", 9, 9, (1, 0)),  # past the end: kept inside the text
    ],
)
def test_location_to_lsp_position(
    text: str, encoding: str, line: int, column: int, expected: tuple[int, int]
) -> None:
    where = server.TextMap(text, encoding)
    position = where.position(where.index(line, column))
    assert (position.line, position.character) == expected
    assert where.offset(position) == where.index(line, column)


@pytest.mark.parametrize(
    ("line", "column", "token"),
    [
        ("comand: python x.py", 1, "comand"),
        ("command: python x.py", 10, "python"),
        ('parents: ["stepName3"]', 11, "stepName3"),
        ("parents: [stepName3, b]", 11, "stepName3"),
        ("image: repo:1.0 # c", 8, "repo:1.0"),
        ("name: 'it''s: here'", 7, "it''s: here"),
        ('"key": "a \\" b",', 1, "key"),
        ('"key": "a \\" b",', 8, 'a \\" b'),
        ("x: [", 4, "["),
    ],
)
def test_token_span(line: str, column: int, token: str) -> None:
    start, end = server.token_span(line, column - 1, len(line))
    assert line[start:end] == token


def test_a_failing_check_is_logged_and_the_server_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    uri = from_fs_path(str(tmp_path / "spec.yaml"))

    logs: list[types.LogMessageParams] = []
    published: list[types.PublishDiagnosticsParams] = []
    document = SimpleNamespace(source="body: {}\n", language_id="yaml", version=4)
    fake = SimpleNamespace(
        workspace=SimpleNamespace(
            folders={},
            root_path=str(tmp_path),
            position_encoding=types.PositionEncodingKind.Utf16,
            get_text_document=lambda uri: document,
        ),
        window_log_message=logs.append,
        text_document_publish_diagnostics=published.append,
    )

    def broken(*args: object) -> list[Diagnostic]:
        raise RuntimeError("boom")

    monkeypatch.setattr(server, "check", broken)
    server.refresh(fake, uri)  # type: ignore[arg-type]
    (log,) = logs
    assert log.type == types.MessageType.Error
    assert log.message.startswith(
        f"speclint: internal error while checking {tmp_path / 'spec.yaml'}: "
        "RuntimeError: boom; please report it\n"
    )
    assert [(p.uri, p.diagnostics) for p in published] == [(uri, [])]


def test_diagnostics_from_an_included_file_are_shown_at_the_include() -> None:
    text = "body:\n  config:\n    {% include 'steps.yaml' %}\n"
    found = [Diagnostic("/elsewhere/steps.yaml", 2, 3, Severity.WARNING, "r", "m")]
    (shown,) = server.to_lsp(found, text, "/w/spec.yaml")
    assert (shown.range.start.line, shown.range.start.character) == (2, 4)
    assert (shown.range.end.line, shown.range.end.character) == (2, 30)
    assert shown.message == "in /elsewhere/steps.yaml:2:3: m"
    assert shown.severity == types.DiagnosticSeverity.Warning
