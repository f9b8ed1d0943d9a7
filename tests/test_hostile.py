"""Hostile input: whatever a file holds, speclint answers with a positioned finding.

Alias bombs, 100,000 levels of nesting, 10 MB lines, a 50 MB file, binary data,
invalid UTF-8, UTF-16, CRLF, tabs, NUL bytes, several documents, Python tags, hostile
JSON and hostile templates: each gets a diagnostic inside the file and exit 1 from
``speclint check`` and ``speclint render`` (never 2 or 3, never a traceback), within
a loose time bound; nothing is constructed from a tag.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run, run
from tests.limits import inside, peak_memory, timed

#: the loose bound per hostile input (they take well under a second when handled)
LIMIT = 3.0
#: the bound of inputs that once ran away (hours, minutes): tighter, to keep the suite
#: fast should they regress; handled, each takes a few tenths of a second
RUNAWAY = 2.0
MB = 2**20

# A clean block spec (the README's worked example) and the same with one error at a
# known place: line 18, column 27, parameter "instanse" is not declared.
SPEC = """\
body:
  version: 1
  kind: workflow
  metadata:
    name: nightly-forecast
    summary: Trains the demand model every night
  release:
    version: 1.2.0
  config:
    steps:
      train:
        command: "@param:train_cmd"
        image:
          context: .
          dockerfile: Dockerfile
          version: 1.2.0
        resources:
          instanceTypeId: "@param:instance"
          storage: 20GB
parameters:
  build:
    - name: train_cmd
      type: string
      defaultValue: python train.py
    - name: instance
      type: number
      options:
        - {title: Small, value: 21}
        - {title: Large, value: 23}
      defaultValue: 21
  run:
    - name: horizon_weeks
      type: number
      required: true
"""
BROKEN = SPEC.replace('"@param:instance"', '"@param:instanse"')
VALUES = "parameters:\n  run:\n    horizon_weeks: 13\n"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run checks for real (no result from an earlier run's cache)."""
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "speclint-cache"))


# -- running and judging ---------------------------------------------------------------

_HEADLINE = re.compile(
    r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info): "
    r".*\[(?P<rule>[a-z-]+)\]$"
)


def _check(folder: Path, name: str, *extra: str, limit: float = LIMIT) -> Run:
    result, _ = timed(
        lambda: run(["check", "--format", "json", *extra, name], cwd=folder), limit
    )
    return result


def _assert_finding(
    result: Run, raw: bytes, rule: str | None = None, fragment: str = ""
) -> list[dict[str, object]]:
    """Exit 1, no traceback, every diagnostic inside the file, the expected one there."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.code == 1, (result.code, result.stdout[:2000], result.stderr)
    items: list[dict[str, object]] = json.loads(result.stdout)
    assert items, "no diagnostic"
    for item in items:
        assert inside(raw, int(item["line"]), int(item["column"])), item  # type: ignore[call-overload]
    if rule is not None:
        assert any(
            item["rule"] == rule and fragment in str(item["message"]) for item in items
        ), items
    return items


def _check_file(
    tmp_path: Path, name: str, raw: bytes, *extra: str, limit: float = LIMIT
) -> Run:
    (tmp_path / name).write_bytes(raw)
    return _check(tmp_path, name, *extra, limit=limit)


def _check_in_a_process(folder: Path, name: str, limit: float = LIMIT) -> Run:
    """``speclint check`` as its own process, killed past ``limit``: a runaway regular
    expression runs in C, where the in-process alarm cannot stop it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "speclint", "check", "--format", "json", name],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=limit + 0.5,  # the interpreter's start-up
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"took more than {limit} s") from None
    return Run(done.returncode, done.stdout, done.stderr)


# -- alias bombs -------------------------------------------------------------------------


def _lol_list(levels: int = 9, fanout: int = 10) -> str:
    lines = ["  a0: &a0 [" + ", ".join(["lol"] * fanout) + "]"]
    for i in range(1, levels):
        lines.append(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fanout) + "]")
    return "body:\n  kind: workflow\n" + "\n".join(lines) + "\n"


def _lol_map(levels: int = 9, fanout: int = 10) -> str:
    lines = ["  a0: &a0 {k: lol}"]
    for i in range(1, levels):
        pairs = ", ".join(f"k{j}: *a{i - 1}" for j in range(fanout))
        lines.append(f"  a{i}: &a{i} {{{pairs}}}")
    return "body:\n  kind: workflow\n" + "\n".join(lines) + "\n"


def _lol_merge(levels: int = 30) -> str:
    lines = ["  a0: &a0 {k: lol}"]
    for i in range(1, levels):
        merged = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"  a{i}: &a{i} {{<<: [{merged}], z{i}: {i}}}")
    return "body:\n  kind: workflow\n" + "\n".join(lines) + "\n"


def _lol_doubling(levels: int = 40) -> str:
    lines = ["  a0: &a0 [lol, lol]"]
    for i in range(1, levels):
        lines.append(f"  a{i}: &a{i} [*a{i - 1}, *a{i - 1}]")
    return "body:\n  kind: workflow\n" + "\n".join(lines) + "\n"


BOMBS = {
    "lists": _lol_list,
    "mappings": _lol_map,
    "merge-keys": _lol_merge,
    "doubling": _lol_doubling,
}


@pytest.mark.parametrize("shape", sorted(BOMBS))
def test_alias_bomb_is_refused_in_under_a_second(tmp_path: Path, shape: str) -> None:
    """Under a second of this process's CPU time (wall-clock time depends on what else
    the machine runs; the alarm stops a runaway)."""
    raw = BOMBS[shape]().encode()
    (tmp_path / "bomb.yaml").write_bytes(raw)
    args = ["check", "--format", "json", "--no-cache", "bomb.yaml"]
    start = time.process_time()
    result, _ = timed(lambda: run(args, cwd=tmp_path), LIMIT)
    cpu = time.process_time() - start
    _assert_finding(result, raw, "syntax", "alias")
    assert cpu < 1.0, f"{cpu:.2f} s"


def test_alias_bomb_is_refused_in_little_memory(tmp_path: Path) -> None:
    raw = BOMBS["lists"]().encode()  # the largest peak of the four
    (tmp_path / "bomb.yaml").write_bytes(raw)
    args = ["check", "--format", "json", "--no-cache", "bomb.yaml"]
    result, grown = peak_memory(lambda: run(args, cwd=tmp_path))
    _assert_finding(result, raw, "syntax", "alias")
    assert grown < 50 * MB, f"peak memory grew by {grown / MB:.1f} MB"


def test_alias_bomb_in_a_values_file_is_refused_by_render(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    bomb = _lol_list().replace("body:\n  kind: workflow\n", "parameters:\n  run:\n")
    (tmp_path / "values.yaml").write_text(bomb)
    args = ["render", "spec.yaml", "--values", "values.yaml"]
    start = time.process_time()
    result, _ = timed(lambda: run(args, cwd=tmp_path), LIMIT)
    cpu = time.process_time() - start
    _assert_render_finding(result, tmp_path, "values.yaml", "alias")
    assert cpu < 1.0, f"{cpu:.2f} s"


def test_ordinary_aliases_are_still_read(tmp_path: Path) -> None:
    """The bound refuses bombs, not files that reuse a mapping many times."""
    steps = "".join(
        f"      s{i}:\n        <<: *step\n        command: run {i}\n"
        for i in range(300)
    )
    text = SPEC.replace(
        "  config:\n    steps:\n",
        "  config:\n    steps:\n"
        "      base: &step\n        image: {context: ., dockerfile: Dockerfile, "
        "version: 1.2.0}\n        command: base\n" + steps,
    )
    (tmp_path / "spec.yaml").write_text(text)
    result = _check(tmp_path, "spec.yaml")
    assert result.code == 0, result.stdout[:2000]
    assert "alias" not in result.stdout


# -- the catalogue of hostile files --------------------------------------------------------

N = 100_000  # nesting levels


def _spec_with(line: str) -> bytes:
    """BROKEN with ``line`` (a body key) added after ``body:``."""
    return BROKEN.replace("body:\n", "body:\n" + line + "\n", 1).encode()


def _fifty_mb() -> bytes:
    pad = b"# padding\n" * ((50 * MB) // 10)
    return BROKEN.encode() + pad


def _binary() -> bytes:
    return random.Random(7).randbytes(4096)


def _json_spec(**extra: object) -> dict[str, object]:
    import yaml

    data = yaml.safe_load(BROKEN)
    data["body"].update(extra)
    return data  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Hostile:
    name: str
    build: Callable[[], bytes]
    rule: str | None
    fragment: str = ""


HOSTILE = [
    # nesting, 100,000 levels in every style
    Hostile(
        "deep-flow-seq.yaml",
        lambda: f"body: {'[' * N}{']' * N}\n".encode(),
        "syntax",
        "nest",
    ),
    Hostile(
        "deep-flow-map.yaml",
        lambda: f"body: {'{a: ' * N}x{'}' * N}\n".encode(),
        "syntax",
        "nest",
    ),
    Hostile(
        "deep-flow-mixed.yaml",
        lambda: f"body: {'[{a: ' * N}x{'}]' * N}\n".encode(),
        "syntax",
        "nest",
    ),
    Hostile(
        "deep-block-compact.yaml",
        lambda: f"body:\n  config:\n    {'- ' * N}x\n".encode(),
        "syntax",
        "nest",
    ),
    Hostile(
        "deep-block-then-flow.yaml",
        lambda: ("body:\n  a:\n" + "    - " * 1 + "- " * N + "{x: 1}\n").encode(),
        "syntax",
        "nest",
    ),
    Hostile(
        "deep-arrays.json",
        lambda: b'{"body": ' + b"[" * N + b"]" * N + b"}",
        "syntax",
        "nest",
    ),
    Hostile(
        "deep-objects.json",
        lambda: b'{"body": ' + b'{"a": ' * N + b"1" + b"}" * N + b"}",
        "syntax",
        "nest",
    ),
    # a very long line: a 10 MB comment after a finding
    Hostile(
        "long-comment.yaml",
        lambda: BROKEN.encode() + b"# " + b"x" * (10 * MB) + b"\n",
        "param-undefined",
    ),
    # a 50 MB file: refused before it is read
    Hostile("fifty-mb.yaml", _fifty_mb, "syntax", "MiB"),
    # not text
    Hostile("random.yaml", _binary, "syntax"),
    Hostile("png.yaml", lambda: b"\x89PNG\r\n\x1a\n" + _binary(), "syntax"),
    Hostile("gzipped.yaml", lambda: gzip.compress(SPEC.encode(), mtime=0), "syntax"),
    Hostile(
        "high-bytes.yaml", lambda: bytes(range(0x80, 0x100)) * 16, "syntax", "UTF-8"
    ),
    Hostile(
        "latin-1.yaml",
        lambda: SPEC.replace("every night", "chaque nuit \xe0 l'h\xf4tel").encode(
            "latin-1"
        ),
        "syntax",
        "line 6",
    ),
    Hostile(
        "overlong-utf8.yaml",
        lambda: BROKEN.encode() + b"# \xc0\xaf\n",
        "syntax",
        "UTF-8",
    ),
    Hostile(
        "surrogate-utf8.yaml",
        lambda: SPEC.encode() + b"# \xed\xa0\x80\n",
        "syntax",
        "UTF-8",
    ),
    Hostile(
        "truncated-utf8.yaml", lambda: SPEC.encode() + b"# \xe2\x82", "syntax", "UTF-8"
    ),
    Hostile(
        "bad-utf16.yaml",
        lambda: codecs.BOM_UTF16_LE + SPEC.encode("utf-16-le")[:-1],
        "syntax",
        "utf-16",
    ),
    # NUL and other control characters
    Hostile(
        "nul.yaml",
        lambda: SPEC.replace("every night", "every\x00night").encode(),
        "syntax",
        "NUL",
    ),
    Hostile(
        "nul-utf16.yaml",
        lambda: (
            codecs.BOM_UTF16_BE
            + SPEC.replace("every night", "every\x00night").encode("utf-16-be")
        ),
        "syntax",
        "#x0000",
    ),
    Hostile(
        "bell.yaml",
        lambda: SPEC.replace("every night", "every\x07night").encode(),
        "syntax",
        "#x0007",
    ),
    # tabs: indentation is an error where the tab is
    Hostile(
        "tab-indent.yaml",
        lambda: SPEC.replace("  kind: workflow", "\tkind: workflow").encode(),
        "syntax",
        "could not parse YAML",
    ),
    # several documents
    Hostile(
        "two-docs.yaml",
        lambda: (SPEC + "---\n" + SPEC).encode(),
        "syntax",
        "more than one YAML document",
    ),
    Hostile(
        "doc-end-then-doc.yaml",
        lambda: (SPEC + "...\n---\nbody: {}\n").encode(),
        "syntax",
        "more than one YAML document",
    ),
    Hostile(
        "trailing-empty-doc.yaml",
        lambda: (SPEC + "---\n").encode(),
        "syntax",
        "more than one YAML document",
    ),
    # hostile JSON
    Hostile(
        "huge-float.json",
        lambda: (
            json.dumps(_json_spec()).replace('"@param:instanse"', "1e999999").encode()
        ),
        "value-type",
    ),
    Hostile(
        "nan.json",
        lambda: json.dumps(_json_spec(version=float("nan"))).encode(),
        "value-type",
    ),
    Hostile(
        "duplicate-keys.json",
        lambda: b'{"body": {"kind": "workflow", "kind": "service"}}',
        "duplicate-key",
        "defined twice",
    ),
    Hostile(
        "trailing-garbage.json",
        lambda: json.dumps(_json_spec()).encode() + b" }",
        "syntax",
        "invalid JSON",
    ),
]


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_hostile_file_gets_a_positioned_finding(tmp_path: Path, case: Hostile) -> None:
    raw = case.build()
    result = _check_file(tmp_path, case.name, raw)
    _assert_finding(result, raw, case.rule, case.fragment)


@pytest.mark.parametrize(
    ("name", "line", "column"),
    [
        ("tab-indent.yaml", 3, 1),  # the tab
        ("two-docs.yaml", 35, 1),  # the second "---"
        ("doc-end-then-doc.yaml", 36, 1),
        ("bell.yaml", 6, 43),  # the control character
        ("nul-utf16.yaml", 6, 43),
        ("duplicate-keys.json", 1, 31),  # the second "kind"
    ],
)
def test_the_finding_points_at_the_problem(
    tmp_path: Path, name: str, line: int, column: int
) -> None:
    [case] = [c for c in HOSTILE if c.name == name]
    raw = case.build()
    items = _assert_finding(_check_file(tmp_path, name, raw), raw, case.rule)
    assert [(i["line"], i["column"]) for i in items if i["rule"] == case.rule] == [
        (line, column)
    ]


@pytest.mark.parametrize("digits", [4301, 100_001])
def test_json_with_a_huge_integer(tmp_path: Path, digits: int) -> None:
    """More digits than Python converts (4,300) is a finding, not a ValueError."""
    raw = json.dumps(_json_spec()).replace(
        '"@param:instanse"', "1" + "0" * (digits - 1)
    )
    result = _check_file(tmp_path, "huge-int.json", raw.encode())
    _assert_finding(result, raw.encode())


def test_ten_mb_value_on_one_line(tmp_path: Path) -> None:
    """Linear time: the credential patterns once took hours on 10 MB of letters."""
    raw = BROKEN.replace("every night", "every night " + "x" * (10 * MB)).encode()
    (tmp_path / "long.yaml").write_bytes(raw)
    result = _check_in_a_process(tmp_path, "long.yaml", RUNAWAY)
    _assert_finding(result, raw, "param-undefined")


def test_ten_mb_flow_list_on_one_line(tmp_path: Path) -> None:
    """Read or refused at a bound, but fast, and not called an alias bomb."""
    raw = _spec_with("  extra: [" + "a, " * (10 * MB // 3) + "a]")
    result = _check_file(tmp_path, "long-list.yaml", raw)
    items = _assert_finding(result, raw)
    assert not any("alias" in str(item["message"]) for item in items), items


def test_more_than_20_mib_on_stdin_is_refused(tmp_path: Path) -> None:
    text = BROKEN + "# padding\n" * ((21 * MB) // 10)
    result, _ = timed(
        lambda: run(
            ["check", "--format", "json", "--stdin-filename", "spec.yaml", "-"],
            cwd=tmp_path,
            stdin=text,
        ),
        LIMIT,
    )
    _assert_finding(result, text.encode(), "syntax", "MiB")


# -- valid encodings and line ends: read, with the same positions -----------------------------


def encoded(text: str, variant: str) -> bytes:
    """``text`` in another valid encoding, line-end style or tab placement."""
    if variant == "utf-16-le":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if variant == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if variant == "utf-32-le":
        return codecs.BOM_UTF32_LE + text.encode("utf-32-le")
    if variant == "utf-8-bom":
        return codecs.BOM_UTF8 + text.encode()
    if variant == "crlf":
        return text.replace("\n", "\r\n").encode()
    if variant == "cr":
        return text.replace("\n", "\r").encode()
    if variant == "crlf-utf-16":
        return codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le")
    if variant == "mixed-line-ends":
        lines = text.splitlines()
        return "".join(
            line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines)
        ).encode()
    if variant == "tabs-inside-flow":
        flow = "{title: Small, value: 21}"
        return text.replace(flow, "{title:\tSmall,\tvalue:\t21}").encode()
    if variant == "tab-after-colon":
        return text.replace("kind: workflow", "kind:\tworkflow").encode()
    assert variant == "trailing-tabs"
    return text.replace("\n", "\t\n").encode()


VARIANTS = [
    "utf-16-le",
    "utf-16-be",
    "utf-32-le",
    "utf-8-bom",
    "crlf",
    "cr",
    "crlf-utf-16",
    "mixed-line-ends",
    "tabs-inside-flow",
    "tab-after-colon",
    "trailing-tabs",
]


@pytest.mark.parametrize("variant", VARIANTS)
def test_valid_encodings_and_line_ends_keep_positions(
    tmp_path: Path, variant: str
) -> None:
    (tmp_path / "plain.yaml").write_text(BROKEN)
    expected = _check(tmp_path, "plain.yaml")
    assert expected.code == 1
    raw = encoded(BROKEN, variant)
    result = _check_file(tmp_path, "plain.yaml", raw)
    items = _assert_finding(result, raw, "param-undefined")
    assert items == json.loads(expected.stdout)
    assert any(
        (i["line"], i["column"], i["rule"]) == (18, 27, "param-undefined")
        for i in items
    )


@pytest.mark.parametrize(
    "variant", ["utf-16-le", "utf-16-be", "utf-8-bom", "crlf", "cr"]
)
def test_render_reads_valid_encodings(tmp_path: Path, variant: str) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    (tmp_path / "values.yaml").write_text(VALUES)
    args = ["render", "spec.yaml", "--values", "values.yaml"]
    expected = run(args, cwd=tmp_path)
    assert expected.code == 0, expected.stderr
    (tmp_path / "spec.yaml").write_bytes(encoded(SPEC, variant))
    (tmp_path / "values.yaml").write_bytes(encoded(VALUES, variant))
    result = run(args, cwd=tmp_path)
    assert (result.code, result.stdout, result.stderr) == (0, expected.stdout, "")


def test_crlf_values_file_positions(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    wrong = "parameters:\n  build:\n    instance: 22\n  run:\n    horizon_weeks: 13\n"
    (tmp_path / "values.yaml").write_bytes(wrong.replace("\n", "\r\n").encode())
    result = run(["render", "spec.yaml", "--values", "values.yaml"], cwd=tmp_path)
    assert result.code == 1
    assert result.stderr.startswith("values.yaml:3:15: error: ")


# -- tags: refused where they stand, never constructed ---------------------------------------

TAGS = {
    "apply-os-system": 'body:\n  kind: workflow\n  x: !!python/object/apply:os.system ["touch PWNED"]\n',
    "name-os-system": "body: !!python/name:os.system\n",
    "new-popen": 'body:\n  x: !!python/object/new:subprocess.Popen [["touch", "PWNED"]]\n',
    "module-import": "body:\n  x: !!python/module:tabnanny\n",
    "name-import": "body:\n  x: !!python/name:tabnanny.check\n",
    "object-mapping": "body:\n  x: !!python/object:tabnanny.NannyNag {a: 1}\n",
    "verbatim": 'body:\n  x: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch PWNED"]\n',
    "tag-directive": '%TAG !py! tag:yaml.org,2002:python/\n---\nbody:\n  x: !py!object/apply:os.system ["touch PWNED"]\n',
    "on-a-key": "body:\n  ? !!python/name:os.system\n  : x\n",
    "anchored-and-aliased": 'body:\n  x: &a !!python/object/apply:os.system ["touch PWNED"]\n  y: *a\n',
    "tuple": "body:\n  x: !!python/tuple [1, 2]\n",
    "local-tag": "body:\n  x: !Ref os.system\n",
}


@pytest.fixture
def no_execution(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records any attempt to run a command; tabnanny must never get imported."""
    calls: list[str] = []

    def record(name: str) -> Callable[..., None]:
        def called(*args: object, **kwargs: object) -> None:
            calls.append(name)
            raise AssertionError(f"{name} called from a YAML tag")

        return called

    monkeypatch.setattr(os, "system", record("os.system"))
    monkeypatch.setattr(os, "popen", record("os.popen"))
    monkeypatch.setattr(subprocess, "Popen", record("subprocess.Popen"))
    monkeypatch.delitem(sys.modules, "tabnanny", raising=False)
    return calls


def test_nothing_is_constructed_from_a_tag(
    tmp_path: Path, no_execution: list[str]
) -> None:
    # warm up the code paths (lazy imports) with a harmless unsupported tag
    (tmp_path / "warm.yaml").write_text("body:\n  kind: workflow\n  x: !Ref a\n")
    (tmp_path / "spec.yaml").write_text(SPEC)
    run(["check", "warm.yaml"], cwd=tmp_path)
    run(["render", "warm.yaml"], cwd=tmp_path)
    run(["render", "spec.yaml", "--values", "warm.yaml"], cwd=tmp_path)
    modules = set(sys.modules)
    for name, text in TAGS.items():
        raw = text.encode()
        result = _check_file(tmp_path, f"{name}.yaml", raw)
        _assert_finding(result, raw, "syntax", "unsupported YAML tag")
        for args in (
            ["render", f"{name}.yaml"],
            ["render", "spec.yaml", "--values", f"{name}.yaml"],
        ):
            rendered = run(args, cwd=tmp_path)
            assert rendered.code == 1, (name, rendered.stderr)
            assert "unsupported YAML tag" in rendered.stderr
    assert no_execution == []
    assert not (tmp_path / "PWNED").exists()
    assert "tabnanny" not in sys.modules
    assert set(sys.modules) - modules == set()


def test_the_tag_is_reported_where_it_stands(tmp_path: Path) -> None:
    raw = TAGS["tag-directive"].encode()
    items = _assert_finding(_check_file(tmp_path, "t.yaml", raw), raw)
    assert [(i["line"], i["column"]) for i in items if "tag" in str(i["message"])] == [
        (4, 6)
    ]


# -- render on hostile specs and values files ---------------------------------------------------


def _assert_render_finding(
    result: Run, folder: Path, hostile: str, fragment: str = ""
) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.code == 1, (result.code, result.stderr[:2000])
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines
    for line in lines:
        match = _HEADLINE.match(line)
        assert match, line
        raw = (folder / match["file"]).read_bytes()
        assert inside(raw, int(match["line"]), int(match["col"])), line
    assert any(line.startswith(f"{hostile}:") and fragment in line for line in lines), (
        lines
    )


RENDER_HOSTILE = [
    "deep-flow-seq.yaml",
    "deep-block-compact.yaml",
    "deep-arrays.json",
    "random.yaml",
    "latin-1.yaml",
    "nul.yaml",
    "tab-indent.yaml",
    "two-docs.yaml",
    "duplicate-keys.json",
    "trailing-garbage.json",
]


@pytest.mark.parametrize("role", ["spec", "values"])
@pytest.mark.parametrize("name", RENDER_HOSTILE)
def test_render_on_hostile_files(tmp_path: Path, name: str, role: str) -> None:
    [case] = [c for c in HOSTILE if c.name == name]
    (tmp_path / name).write_bytes(case.build())
    (tmp_path / "spec.yaml").write_text(SPEC)
    args = (
        ["render", name]
        if role == "spec"
        else ["render", "spec.yaml", "--values", name]
    )
    result, _ = timed(lambda: run(args, cwd=tmp_path), LIMIT)
    _assert_render_finding(result, tmp_path, name, case.fragment)


def test_render_refuses_a_fifty_mb_values_file(tmp_path: Path) -> None:
    """render refuses a file over the size limit, as check does."""
    (tmp_path / "spec.yaml").write_text(SPEC)
    (tmp_path / "values.yaml").write_bytes(
        VALUES.encode() + b"# padding\n" * ((50 * MB) // 10)
    )
    result, _ = timed(
        lambda: run(["render", "spec.yaml", "--values", "values.yaml"], cwd=tmp_path),
        LIMIT,
    )
    _assert_render_finding(result, tmp_path, "values.yaml", "MiB")


@pytest.mark.parametrize("role", ["spec", "values"])
def test_render_on_json_with_a_huge_integer(tmp_path: Path, role: str) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    (tmp_path / "huge.json").write_text(
        '{"parameters": {"run": {"horizon_weeks": 1' + "0" * 5000 + "}}}"
    )
    args = (
        ["render", "huge.json"]
        if role == "spec"
        else ["render", "spec.yaml", "--values", "huge.json"]
    )
    _assert_render_finding(run(args, cwd=tmp_path), tmp_path, "huge.json")


# -- hostile templates ------------------------------------------------------------------------

#: at d87eccf each exited 3 (RecursionError three ways, ZeroDivisionError, the sandbox's
#: OverflowError, UnicodeDecodeError, IndexError) or ran without a time or size bound
TEMPLATE_HOSTILE = {
    "self-include": "body:\n  kind: workflow\n  x: |\n    {% include 'self.yaml' %}\n",
    "mutual-include": "body:\n  x: |\n    {% include 'other.yaml' %}\n",
    "recursive-macro": '{% macro f() %}{{ f() }}{% endmacro %}body:\n  x: "{{ f() }}"\n',
    "division-by-zero": 'body:\n  kind: workflow\n  x: "{{ 1 / 0 }}"\n',
    "huge-range": 'body:\n  kind: workflow\n  x: "{% for i in range(10**9) %}{% endfor %}"\n',
    "include-not-utf8": "body:\n  x: |\n    {% include 'latin.txt' %}\n",
    "marker-character": 'body:\n  x: "\ue0009:9\ue000 {{ 1 }}"\n',
    "nested-loops": 'body:\n  x: "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"\n',
    "string-multiply": "body:\n  x: \"{{ 'ab ' * 10**7 }}\"\n",
}


@pytest.mark.parametrize("case", sorted(TEMPLATE_HOSTILE))
def test_hostile_template(tmp_path: Path, case: str) -> None:
    """Recursion, Python errors inside the sandbox, a runaway loop, a huge string, an
    include that is not UTF-8, the line marker character: each is a template-error."""
    text = TEMPLATE_HOSTILE[case]
    (tmp_path / "self.yaml").write_text(text)
    (tmp_path / "other.yaml").write_text("y:\n  {% include 'self.yaml' %}\n")
    (tmp_path / "latin.txt").write_bytes(b"x: caf\xe9\n")
    result = _check(tmp_path, "self.yaml")
    _assert_finding(result, text.encode(), "template-error")


@pytest.mark.parametrize("role", ["spec", "values"])
@pytest.mark.parametrize(
    "case", ["self-include", "division-by-zero", "marker-character"]
)
def test_hostile_template_in_render(tmp_path: Path, case: str, role: str) -> None:
    (tmp_path / "self.yaml").write_text(TEMPLATE_HOSTILE[case])
    (tmp_path / "spec.yaml").write_text(SPEC)
    args = ["self.yaml"] if role == "spec" else ["spec.yaml", "--values", "self.yaml"]
    result, _ = timed(lambda: run(["render", *args], cwd=tmp_path), LIMIT)
    _assert_render_finding(result, tmp_path, "self.yaml", "[template-error]")


# -- found by the fuzz campaign (at d87eccf) ---------------------------------------------------


@pytest.mark.parametrize(
    "value", ["!!bool maybe", '!!int ""', "!!float _", "!!timestamp x"]
)
@pytest.mark.parametrize("command", ["check", "render"])
def test_standard_tag_on_a_value_it_cannot_read(
    tmp_path: Path, value: str, command: str
) -> None:
    """A standard tag on a value its constructor refuses: could not read the value."""
    raw = BROKEN.replace("kind: workflow", f"kind: workflow\n  x: {value}").encode()
    (tmp_path / "spec.yaml").write_bytes(raw)
    if command == "check":
        items = _assert_finding(_check(tmp_path, "spec.yaml"), raw)
        assert {"line": 4, "column": 6, "rule": "syntax"}.items() <= next(
            i for i in items if i["rule"] == "syntax"
        ).items()
    else:
        result = run(["render", "spec.yaml"], cwd=tmp_path)
        _assert_render_finding(result, tmp_path, "spec.yaml", "could not read")


@pytest.mark.parametrize("text", ["{\n", '{"body": {"kind": "workflow",\n', "[\n\n\n"])
def test_json_cut_short_is_positioned_inside_the_file(
    tmp_path: Path, text: str
) -> None:
    """A JSON error at the very end stays inside the file, as YAML errors do."""
    raw = text.encode()
    _assert_finding(_check_file(tmp_path, "cut.json", raw), raw, "syntax", "JSON")


@pytest.mark.parametrize(
    "version", ["9" * 4301, '"' + "9" * 4301 + '"'], ids=["plain", "quoted"]
)
def test_version_of_more_digits_than_python_converts(
    tmp_path: Path, version: str
) -> None:
    raw = BROKEN.replace("version: 1.2.0", f"version: {version}", 1).encode()
    _assert_finding(_check_file(tmp_path, "spec.yaml", raw), raw)
