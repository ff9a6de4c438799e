"""One reading of "which types does this schema admit", shared by every stage."""

from __future__ import annotations

import pytest

from mock.spec.schemas import merge_all_of, primary_type, schema_types


@pytest.mark.parametrize(
    ("schema", "types"),
    [
        ({}, ()),  # the empty schema admits anything and names no type
        ({"description": "anything"}, ()),
        (True, ()),
        ({"type": "integer"}, ("integer",)),
        ({"type": ["null", "string"]}, ("string", "null")),  # null last: the first type is the one to build
        ({"type": ["null"]}, ("null",)),
        ({"properties": {"a": {}}}, ("object",)),
        ({"required": ["a"]}, ("object",)),
        ({"items": {"type": "string"}}, ("array",)),
        ({"anyOf": [{"type": "null"}, {"type": "integer"}, {"type": "string"}]}, ("integer", "string", "null")),
        ({"oneOf": [{"type": "number"}, {"type": "number"}]}, ("number",)),
        ({"type": "string", "anyOf": [{"type": "integer"}]}, ("string",)),  # a declared type wins
    ],
)
def test_schema_types(schema, types):
    assert schema_types(schema) == types


def test_each_stage_says_what_no_type_means():
    assert primary_type({}) == "" and primary_type({}, "string") == "string"
    assert primary_type({"type": ["null", "boolean"]}, "string") == "boolean"


def test_stages_agree_on_the_empty_schema():
    from mock.fake_data import fake_value
    from mock.request_validation import cast_scalar
    from mock.scenario.bodies import coerce
    from mock.scenario.model import MISSING

    assert cast_scalar({}, "42") == "42"  # a parameter with no type stays text
    assert isinstance(fake_value({}, seed=1), str)  # fake data for "anything" is a string
    assert coerce(42, {}) is MISSING  # a scenario body is not coerced towards no type


def test_merge_all_of_folds_properties_and_required():
    merged = merge_all_of(
        {
            "allOf": [
                {"properties": {"a": {}}, "required": ["a"]},
                {"allOf": [{"properties": {"b": {}}, "required": ["b"]}]},
            ]
        }
    )
    assert merged == {"properties": {"a": {}, "b": {}}, "required": ["a", "b"]}
