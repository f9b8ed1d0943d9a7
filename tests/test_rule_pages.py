"""Every rule has a page in rules/, and every page's example gives exactly its output.

Page layout (rules/<id>.md)::

    # <id>

    <severity> · <summary, equal to the registry's>

    ## Why ... ## Fix ... ## Example

    ```yaml                      <- the file checked, written as spec.yaml
    ```
    ```yaml file=catalog.yaml    <- optional extra files beside it
    ```
    ```bin file=m.bin bytes=N    <- a file too big to show: N random bytes
    ```
    <!-- speclint-args: --catalog catalog.yaml -->   (optional extra options)
    ```text                      <- the exact output of `speclint check --no-source`
    ```

A rule that only ``speclint render`` reports gives its command instead, and the text
block holds what render prints on stderr::

    <!-- speclint-command: render spec.yaml --values metadata.yaml -->
"""

from __future__ import annotations

import random
import re
import shlex
from pathlib import Path

import pytest

from speclint.checks import BY_ID, RULES
from tests.helpers import ROOT, run

PAGES = ROOT / "rules"
_BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_ARGS = re.compile(r"<!--\s*speclint-args:(.*?)-->")
_COMMAND = re.compile(r"<!--\s*speclint-command:(.*?)-->")
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def test_rule_ids_are_unique_and_well_formed() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule_id in ids:
        assert _ID.match(rule_id), rule_id


def test_every_rule_has_a_page_and_every_page_a_rule() -> None:
    pages = {p.stem for p in PAGES.glob("*.md")}
    assert pages == set(BY_ID)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_page_heading_and_summary_match_the_registry(rule: object) -> None:
    text = (PAGES / f"{rule.id}.md").read_text()  # type: ignore[attr-defined]
    lines = text.splitlines()
    assert lines[0] == f"# {rule.id}"  # type: ignore[attr-defined]
    assert lines[2] == f"{rule.severity.value} · {rule.summary}"  # type: ignore[attr-defined]
    for heading in ("## Why", "## Fix", "## Example"):
        assert heading in lines, heading


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_page_example_gives_its_output(rule: object, tmp_path: Path) -> None:
    text = (PAGES / f"{rule.id}.md").read_text()  # type: ignore[attr-defined]
    example = text.split("## Example", 1)[1]
    spec_name = None
    expected = None
    for lang, info, body in _BLOCK.findall(example):
        match = re.search(r"file=(\S+)", info)
        if lang == "text":
            expected = body
        elif match:
            target = tmp_path / match.group(1)
            target.parent.mkdir(parents=True, exist_ok=True)
            size = re.search(r"bytes=(\d+)", info)
            if size:  # too big to show: that many (seeded) bytes that do not compress
                target.write_bytes(random.Random(0).randbytes(int(size.group(1))))
            else:
                target.write_text(body)
        elif spec_name is None:
            spec_name = f"spec.{lang}" if lang in ("yaml", "json") else "spec.yaml"
            (tmp_path / spec_name).write_text(body)
    assert spec_name is not None and expected is not None, (
        "the example needs a file and output"
    )
    command = _COMMAND.search(example)
    if command is not None:
        result = run(shlex.split(command.group(1)), cwd=tmp_path)
        assert result.stderr == expected
    else:
        args_match = _ARGS.search(example)
        extra = shlex.split(args_match.group(1)) if args_match else []
        result = run(
            ["check", "--no-source", "--quiet", *extra, spec_name], cwd=tmp_path
        )
        assert result.stdout == expected
    assert f"[{rule.id}]" in expected  # type: ignore[attr-defined]
