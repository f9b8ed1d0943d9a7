"""`speclint schema` for editors, checked by an independent validator (fastjsonschema).

Valid files pass; files broken in their structure fail; `@param:` references in config
are accepted, as the Press server accepts them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
import yaml

from speclint.kinds import KINDS, detect
from tests.helpers import ROOT, run

OK = sorted(
    p for p in (ROOT / "fixtures" / "ok").rglob("*") if p.suffix in (".yaml", ".json")
)
BROKEN = [
    ROOT / "fixtures" / "lint" / rule / case
    for rule, case in [
        ("missing-key", "command-misspelt.yaml"),
        ("missing-key", "no-summary.yaml"),
        ("value-enum", "http-method-upper.yaml"),
        ("value-enum", "service-type-webapp.json"),
        ("value-type", "parents-string.yaml"),
        ("value-type", "http-payload-mapping.json"),
        ("value-bound", "retries-too-many.yaml"),
        ("unknown-key", "instance-type.yaml"),
    ]
]


def _validator(kind: str, layout: str, draft: str = "07") -> Any:
    result = run(["schema", "--kind", kind, "--layout", layout, "--draft", draft])
    assert result.code == 0
    return fastjsonschema.compile(json.loads(result.stdout))


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


@pytest.mark.parametrize("path", OK, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_files_pass(path: Path) -> None:
    data = _load(path)
    detected = detect(data)
    assert detected is not None
    _validator(detected.kind, detected.layout)(data)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: str(p.relative_to(ROOT)))
def test_structurally_broken_files_fail(path: Path) -> None:
    data = _load(path)
    detected = detect(data)
    assert detected is not None
    with pytest.raises(fastjsonschema.JsonSchemaException):
        _validator(detected.kind, detected.layout)(data)


def test_default_is_a_block_spec_file_with_titles_and_defaults() -> None:
    schema = json.loads(run(["schema"]).stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["allOf"] == [{"$ref": "#/definitions/file.block-spec"}]
    step = schema["definitions"]["step"]
    assert step["title"] and step["description"]
    assert schema["definitions"]["scope"]["default"] == "private"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_exports_a_valid_schema_in_both_drafts(kind: str) -> None:
    layout = "api" if kind == "parameter-values" else "cli"
    for draft in ("07", "2020-12"):
        _validator(kind, layout, draft)
