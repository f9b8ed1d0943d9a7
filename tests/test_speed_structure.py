"""The structure pass copies only what it changes: the file's data is left as it was,
and the findings are those of a full copy."""

from __future__ import annotations

import copy
from typing import Any

from speclint.checks import structure
from speclint.engine import check_bytes
from speclint.kinds import detect
from speclint.load import load_text
from speclint.spec import Spec

#: typed references inside an anchored mapping that a second step shares, a null
#: value in a mapping and one in a list
SHARED = """\
body:
  version: 1
  kind: workflow
  metadata:
    name: shared-resources
    summary:
  release:
    version: 1.0.0
  config:
    steps:
      first:
        command: "@param:cmd"
        image: &image
          context: .
          dockerfile: Dockerfile
          version: 1.0.0
        resources: &res
          instanceTypeId: "@param:instance"
          storage: "@param:size"
        stepTimeout: "@param:cmd"
        parameters:
          env: "@param:env"
      second:
        command: "@param:cmd"
        image: *image
        resources: *res
        parents: [first, null]
        runConfiguration:
          retryOptions: "@param:gates"
parameters:
  build:
    - name: cmd
      type: string
      defaultValue: run
    - name: instance
      type: number
      defaultValue: 21
    - name: size
      type: number
      defaultValue: 20
    - name: env
      type: string_array
      defaultValue: [a]
    - name: gates
      type: object_array
      defaultValue: []
"""


def _spec(text: str) -> Spec:
    doc = load_text(text, "spec.yaml")
    detected = detect(doc.data)
    assert detected is not None
    return Spec(doc, detected)


def test_findings_with_shared_and_null_values() -> None:
    result = check_bytes(SHARED.encode(), "spec.yaml")
    assert [(d.line, d.column, d.rule, d.message) for d in result.diagnostics] == [
        (
            6,
            5,
            "missing-key",
            '"summary" of "metadata" is empty (null); the peak CLI drops null '
            "values, so the required key is missing",
        ),
        (
            19,
            20,
            "param-type-mismatch",
            'parameter "size" is a number, but "storage" must be a string',
        ),
        (
            20,
            22,
            "param-type-mismatch",
            'parameter "cmd" is a string, but "stepTimeout" must be a whole number',
        ),
        (
            22,
            16,
            "param-type-mismatch",
            'parameter "env" is a list of strings, but "env" must be a mapping',
        ),
        (
            27,
            26,
            "value-type",
            'item 2 of "parents" must be a string, not null (YAML reads null as '
            'null); quote it: "null"',
        ),
        (
            29,
            25,
            "param-type-mismatch",
            'parameter "gates" is a list of objects (mappings), but "retryOptions" '
            "must be a mapping",
        ),
    ]


def test_the_data_is_left_as_it_was() -> None:
    spec = _spec(SHARED)
    before = copy.deepcopy(spec.data)
    structure.hits(spec)
    assert spec.data == before
    steps = spec.data["body"]["config"]["steps"]
    assert steps["first"]["resources"]["storage"] == "@param:size"
    assert steps["second"]["resources"]["storage"] == "@param:size"


def test_substitution_copies_only_the_way_to_each_reference() -> None:
    spec = _spec(SHARED)
    instance, _ = structure.instance_of(spec)
    targets = structure._typed_refs(spec)
    substituted = structure._substituted(instance, spec, targets)
    old = instance["body"]["config"]["steps"]
    new = substituted["body"]["config"]["steps"]
    assert new["first"]["resources"]["storage"] == 1
    assert new["first"]["stepTimeout"] == "text"
    assert new["second"]["runConfiguration"]["retryOptions"] == [{}]
    assert old["first"]["resources"]["storage"] == "@param:size"
    assert new["first"] is not old["first"]
    assert new["first"]["image"] is old["first"]["image"]  # no reference inside


def test_nulls_are_stripped_and_a_value_without_any_is_not_copied() -> None:
    plain: dict[str, Any] = {"a": [1, {"b": "x"}], "c": {"d": 2}}
    assert structure._strip_nulls(plain) is plain
    nested: dict[str, Any] = {"a": [None, {"b": None, "e": 1}], "c": None, "f": {}}
    stripped = structure._strip_nulls(nested)
    assert stripped == {"a": [None, {"e": 1}], "f": {}}
    assert nested["a"][1] == {"b": None, "e": 1}  # the original is untouched
    assert structure._strip_nulls(None) is None
