"""speclint's schema interpreter gives the errors jsonschema gives, on every fixture and
on generated documents, for every kind and layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from speclint import schemas
from speclint.checks.structure import instance_of
from speclint.engine import check_bytes
from speclint.kinds import KINDS, detect
from speclint.load import load_bytes
from speclint.schemas.validate import Validator
from speclint.spec import Spec
from tests.helpers import ROOT
from tests.strategies import documents

FIXTURES = sorted(
    p
    for p in (ROOT / "fixtures").rglob("*")
    if p.suffix in (".yaml", ".yml", ".json")
    and p.is_file()
    and p.stat().st_size < 200_000
)


def _errors(validator: Any, instance: Any) -> set[tuple[Any, ...]]:
    found = set()
    for error in validator.iter_errors(instance):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = tuple(
                sorted(k for k in error.validator_value if k not in error.instance)
            )
            found.add((path, "required", missing))
        else:
            found.add((path, error.validator))
    return found


def _both(kind: str, layout: str, instance: Any) -> None:
    schema = schemas.schema_for(kind, layout)
    ours = _errors(Validator(schema), instance)
    reference = _errors(Draft202012Validator(schema), instance)
    assert ours == reference


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fixtures_agree(path: Path) -> None:
    doc = load_bytes(path.read_bytes(), path.name)
    detected = detect(doc.data) if doc.parsed else None
    if detected is None:
        return
    instance, _ = instance_of(Spec(doc, detected))
    _both(detected.kind, detected.layout, instance)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(documents, st.sampled_from(sorted(KINDS)), st.sampled_from(["cli", "api"]))
def test_generated_documents_agree(data: Any, kind: str, layout: str) -> None:
    if kind == "parameter-values":
        layout = "api"
    instance = {"body": data} if layout == "cli" else data
    _both(kind, layout, instance)


def test_the_interpreter_refuses_keywords_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="patternProperties"):
        Validator({"type": "object", "patternProperties": {"^x": {}}})


def test_every_part_of_the_shipped_schema_uses_keywords_it_knows() -> None:
    """Nodes are compiled when first reached; this reaches every one of them."""
    from speclint.schemas import document

    schema = document()
    validator = Validator(schema)
    for node in schema["$defs"].values():
        validator._compile(node)
    with pytest.raises(ValueError, match="patternProperties"):
        Validator({"$defs": {"a": {"patternProperties": {}}}})._compile(
            {"$ref": "#/$defs/a", "items": {"patternProperties": {}}}
        )


def test_checking_does_not_import_jsonschema() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from speclint.engine import check_bytes; "
        f"check_bytes(open({str(ROOT / 'fixtures/ok/blocks/demand-forecast/demand-forecast.workflow.yaml')!r}, 'rb').read(), 'x.yaml'); "
        "print('jsonschema' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert out.stdout.strip() == "False"
    assert check_bytes  # the in-process import is the same module
