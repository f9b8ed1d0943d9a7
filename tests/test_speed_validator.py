"""The compiled schema validator: the errors, their order and their paths stay those of
a plain reading of the schema, however the closures are built and shared."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from speclint import schemas
from speclint.checks import structure
from speclint.schemas.validate import Validator

#: a recursive schema (a tree of named nodes) using every keyword kind the compiler
#: treats apart: $ref, type, enum, const, required, properties, additionalProperties,
#: items, bounds, allOf, anyOf, oneOf, not and if/then/else
TREE: dict[str, Any] = {
    "$ref": "#/$defs/node",
    "$defs": {
        "node": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "kind": {"enum": ["leaf", "branch"]},
                "size": {"type": "integer", "minimum": 0, "maximum": 9},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                "fixed": {"const": 1},
                "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "one": {"oneOf": [{"type": "number"}, {"type": "integer"}]},
                "never": {"not": {"type": "null"}},
            },
            "additionalProperties": False,
            "allOf": [
                {
                    "if": {"properties": {"kind": {"const": "leaf"}}},
                    "then": {"not": {"required": ["children"]}},
                    "else": {"required": ["children"]},
                }
            ],
        }
    },
}

BAD_TREE: dict[str, Any] = {
    "name": "",
    "kind": "branch",
    "extra": True,
    "children": [
        {"name": "a", "kind": "leaf", "size": 12, "tags": ["x", 1, "y"]},
        {"kind": "twig", "fixed": 1.0, "either": [], "one": 3, "never": None},
        {"name": "c", "kind": "leaf", "children": [{"name": "d", "size": True}]},
    ],
}


def _listed(validator: Any, instance: Any) -> list[tuple[tuple[Any, ...], str]]:
    return [
        (tuple(e.absolute_path), e.validator) for e in validator.iter_errors(instance)
    ]


def test_errors_come_in_the_schema_order_with_full_paths() -> None:
    assert _listed(Validator(TREE), BAD_TREE) == [
        (("name",), "minLength"),
        (("children", 0, "size"), "maximum"),
        (("children", 0, "tags"), "maxItems"),
        (("children", 0, "tags", 1), "type"),
        (("children", 1), "required"),
        (("children", 1, "kind"), "enum"),
        (("children", 1, "either"), "anyOf"),
        (("children", 1, "one"), "oneOf"),
        (("children", 1, "never"), "not"),
        (("children", 1), "required"),
        (("children", 2, "children", 0, "size"), "type"),
        (("children", 2), "not"),
        ((), "additionalProperties"),
    ]


def test_a_recursive_schema_agrees_with_jsonschema() -> None:
    ours = sorted(map(repr, _listed(Validator(TREE), BAD_TREE)))
    reference = sorted(map(repr, _listed(Draft202012Validator(TREE), BAD_TREE)))
    assert ours == reference


def test_a_valid_instance_has_no_error_and_compiled_nodes_are_reused() -> None:
    validator = Validator(TREE)
    good = {"name": "r", "kind": "branch", "children": [{"name": "l", "kind": "leaf"}]}
    assert _listed(validator, good) == []
    compiled = dict(validator._compiled)
    assert _listed(validator, BAD_TREE) == _listed(Validator(TREE), BAD_TREE)
    # a second instance reuses every closure the first one compiled
    assert all(validator._compiled[key] is value for key, value in compiled.items())


def test_an_error_keeps_the_schema_node_and_the_instance_it_judged() -> None:
    errors = list(Validator(TREE).iter_errors(BAD_TREE))
    unknown = errors[-1]
    assert unknown.instance is BAD_TREE
    assert unknown.schema is TREE["$defs"]["node"]
    assert unknown.validator_value is False
    required = errors[4]
    assert required.validator_value is TREE["$defs"]["node"]["required"]


@pytest.mark.parametrize(
    ("instance", "expected"),
    [
        ({"name": "x", "fixed": True}, [(("fixed",), "const")]),  # true is not 1
        ({"name": "x", "fixed": 1.0}, []),  # 1.0 is 1
        ({"name": "x", "kind": "leaf"}, []),
        ({"name": "x", "kind": 1}, [(("kind",), "enum"), ((), "required")]),
        ({"name": "x", "size": 2.0}, []),  # a whole float is an integer
        ({"name": "x", "size": False}, [(("size",), "type")]),
        # "if" holds for a string (properties judge objects only): "then" fails
        ("text", [((), "type"), ((), "not")]),
    ],
)
def test_json_equality_and_types(instance: Any, expected: list[Any]) -> None:
    assert _listed(Validator(TREE), instance) == expected


def test_the_kind_validators_are_kept_between_files() -> None:
    first = structure.validator("block-spec", "cli")
    assert structure.validator("block-spec", "cli") is first
    assert first.schema["$ref"] == "#/$defs/file.block-spec"
    assert first.schema["$defs"] is schemas.document()["$defs"]
