"""One reading of "which types does this schema admit", shared by every stage."""

from __future__ import annotations

from typing import Any

import pytest

from mock.spec.refs import RefNode
from mock.spec.schemas import closed_part_conflict, endless_schemas, merge_all_of, primary_type, schema_types


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
        # a nullable enum as drf-spectacular writes it, normalised to 3.1 (authentik's `action` filter)
        ({"anyOf": [{"allOf": [{"enum": ["login"], "type": "string"}]}, {"type": "null"}]}, ("string", "null")),
        ({"allOf": [{"type": ["integer", "string"]}, {"type": "integer"}, {"description": "x"}]}, ("integer",)),
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


def _ref(target: dict[str, Any] | None = None) -> RefNode:
    node = RefNode({"$ref": "#/components/schemas/x"})
    node.target = target
    return node


def test_endless_schemas_are_those_whose_required_skeleton_leads_back_to_them() -> None:
    tree_parent, linked_next, a_to_b, b_to_a, nullable_parent, array_self, option_self = (_ref() for _ in range(7))
    tree = {"type": "object", "required": ["parent"], "properties": {"parent": tree_parent}}
    linked = {"type": "object", "properties": {"next": linked_next}}  # optional: stops anywhere
    a = {"type": "object", "required": ["b"], "properties": {"b": a_to_b}}
    b = {"allOf": [{"type": "object", "required": ["a"], "properties": {"a": b_to_a}}]}
    nullable = {"type": ["object", "null"], "required": ["parent"], "properties": {"parent": nullable_parent}}
    listed = {"type": "array", "minItems": 1, "items": array_self}
    chosen = {"anyOf": [{"type": "object", "required": ["x"], "properties": {"x": option_self}}, {"type": "string"}]}
    for ref, target in [
        (tree_parent, tree),
        (linked_next, linked),
        (a_to_b, b),
        (b_to_a, a),
        (nullable_parent, nullable),
        (array_self, listed),
        (option_self, chosen),
    ]:
        ref.target = target
    components = {
        "Tree": tree,
        "Linked": linked,
        "A": a,
        "B": b,
        "Nullable": nullable,
        "Listed": listed,
        "Chosen": chosen,
        "Plain": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
    }
    assert endless_schemas(components) == ["Tree", "A", "B", "Listed"]


SAME_PROPERTY_TWICE = {
    # PagerDuty's service orchestration: `orchestration_path` is declared by two parts, each constraining it
    "allOf": [
        {
            "type": "object",
            "properties": {
                "path": {"type": "object", "properties": {"conditions": {"type": "array", "items": {"type": "object"}}}}
            },
        },
        {"type": "object", "properties": {"path": {"type": "object", "properties": {"type": {"type": "string"}}}}},
    ]
}


@pytest.mark.parametrize(
    "value",
    [
        {"path": {"conditions": ["a string where an object goes"]}},
        {"path": {"conditions": [{}], "type": 3}},
        {"path": {"conditions": [{}], "type": "service"}},
        {"path": {}},
    ],
)
def test_a_property_two_parts_declare_keeps_both_parts_constraints(value: Any) -> None:
    import jsonschema

    folded = merge_all_of(SAME_PROPERTY_TWICE)
    assert jsonschema.Draft202012Validator(folded).is_valid(value) == jsonschema.Draft202012Validator(
        SAME_PROPERTY_TWICE
    ).is_valid(value)


STATION = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
}
# The train-travel API's lists: a generic wrapper whose `data` holds objects, narrowed by a second part to stations
WRAPPED_LIST = {
    "allOf": [
        {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "object"}, "maxItems": 50}}},
        {"properties": {"data": {"type": "array", "items": STATION, "maxItems": 10, "minItems": 1}}},
    ]
}


def test_keywords_two_parts_both_give_keep_both_constraints() -> None:
    # only the first part's `items` was kept: generated lists were `[{}, {}]`, which no station is
    import jsonschema

    from mock.fake_data import fake_value

    folded = merge_all_of(merge_all_of(WRAPPED_LIST)["properties"]["data"])
    assert folded["maxItems"] == 10 and folded["minItems"] == 1
    items = merge_all_of(folded["items"])
    assert items["required"] == ["id", "name"] and items["type"] == "object"
    for seed in range(20):
        jsonschema.validate(fake_value(WRAPPED_LIST, seed), WRAPPED_LIST)
    assert merge_all_of({"allOf": [{"enum": ["a", "b", "c"]}, {"enum": ["b", "c", "d"]}]})["enum"] == ["b", "c"]
    assert merge_all_of({"allOf": [{"type": ["string", "null"]}, {"type": "string"}]})["type"] == "string"
    assert merge_all_of({"allOf": [{"type": "number"}, {"type": "integer"}]})["type"] == "integer"
    assert (
        merge_all_of({"allOf": [{"additionalProperties": {"type": "string"}}, {"additionalProperties": False}]})[
            "additionalProperties"
        ]
        is False
    )
    assert merge_all_of({"allOf": [{"not": {"const": 1}}, {"not": {"const": 2}}]})["not"] == {
        "anyOf": [{"const": 1}, {"const": 2}]
    }


def test_an_all_of_whose_closed_part_refuses_what_another_part_requires_has_no_value() -> None:
    # Unkey's 400 details: a closed RFC 7807 base, and a part requiring `errors`; every 400 it answers breaks it
    base = {"type": "object", "additionalProperties": False, "properties": {"title": {"type": "string"}}}
    extended = {
        "allOf": [base, {"type": "object", "required": ["errors"], "properties": {"errors": {"type": "array"}}}]
    }
    assert closed_part_conflict(extended) == (
        "allOf/0 allows no property but its own (additionalProperties: false), and allOf/1 requires errors: no value"
        " satisfies it, and no answer in it conforms"
    )
    named = {"allOf": [base, {"type": "object", "required": ["title"]}]}  # requires only what the closed part names
    opened = {"allOf": [{**base, "patternProperties": {"^x-": {}}}, extended["allOf"][1]]}
    assert [closed_part_conflict(s) for s in (named, opened, base)] == [None] * 3


def test_an_all_of_whose_closed_part_refuses_what_another_part_declares_holds_none_of_it() -> None:
    # Linode's lists: a closed `{data}` beside a closed page envelope `{page, pages, results}`; only `{}` meets both,
    # and every list answered (the mock's, the real API's) was reported as violating its schema
    data = {"type": "object", "additionalProperties": False, "properties": {"data": {"type": "array"}}}
    page = {"type": "object", "additionalProperties": False, "properties": {"page": {}, "pages": {}, "results": {}}}
    assert closed_part_conflict({"allOf": [data, page]}) == (
        "allOf/0 allows no property but its own (additionalProperties: false), and allOf/1 declares page, pages,"
        " results: only an object holding none of those conforms"
    )
    same = {"properties": {"page": {"minimum": 1}}}  # declares only what the closed part names
    assert closed_part_conflict({"allOf": [page, same]}) is None


def test_a_schema_closed_beside_its_all_of_refuses_what_the_parts_declare() -> None:
    # Linode's `GET /vpcs/ips`: `{additionalProperties: false, allOf: [{page…}, {data}]}`: the closed schema sees no
    # property of its parts, and every page it answered broke it
    closed = {"type": "object", "additionalProperties": False, "allOf": [{"properties": {"data": {"type": "array"}}}]}
    assert closed_part_conflict(closed) == (
        "the schema itself allows no property but its own (additionalProperties: false), and allOf/0 declares data:"
        " only an object holding none of those conforms"
    )
    from mock.schema_validation import is_valid, response_view

    assert is_valid(response_view(closed), {"data": []})
    assert not is_valid(response_view(closed), {"data": 1})  # the parts still judge what they declare


def test_a_schema_closed_beside_its_one_of_refuses_what_each_alternative_requires() -> None:
    # Bytebase's protobuf `oneof`s: `{oneOf: [{required: [ldapConfig]}, {required: [oauth2Config]}],
    # additionalProperties: false}`: the closed schema sees no property of its alternatives, and no value meets it
    from mock.schema_validation import is_valid, response_view

    config = {
        "type": "object",
        "additionalProperties": False,
        "oneOf": [
            {"type": "object", "properties": {"ldapConfig": {"type": "object"}}, "required": ["ldapConfig"]},
            {"type": "object", "properties": {"oauth2Config": {"type": "object"}}, "required": ["oauth2Config"]},
        ],
    }
    assert closed_part_conflict(config) == (
        "the schema allows no property but its own (additionalProperties: false), and each of its oneOf alternatives"
        " requires one it does not declare (ldapConfig, oauth2Config): no value satisfies it, and no answer in it"
        " conforms"
    )
    # an answer is judged with the schema opened to its alternatives, as the contract runner judges a server's
    assert not is_valid(config, {"ldapConfig": {}})
    assert is_valid(response_view(config), {"ldapConfig": {}})
    assert not is_valid(response_view(config), {"ldapConfig": {}, "oauth2Config": {}})
    # an alternative that needs nothing beyond what the closed schema declares is no conflict
    declared = {**config, "properties": {"ldapConfig": {}, "oauth2Config": {}}}
    assert closed_part_conflict(declared) is None
    assert closed_part_conflict({**config, "additionalProperties": True}) is None


# Azure's Graph RBAC user: a base's fields by `allOf`, beside `additionalProperties: {type: object}`, which sees no
# property but the schema's own: every base field must be an object too.
BASE = {
    "type": "object",
    "properties": {
        "objectId": {"type": "string"},
        "deletionTimestamp": {"type": ["string", "null"], "format": "date-time"},
        "extra": {"type": "object", "properties": {"a": {"type": "integer"}}},
        "x-count": {"type": "integer"},
    },
}


def test_a_property_of_another_part_is_held_to_what_a_part_lets_others_hold() -> None:
    import jsonschema

    user = {
        "allOf": [BASE],
        "properties": {"displayName": {"type": "string"}},
        "patternProperties": {"^x-": {"type": "integer"}},
        "additionalProperties": {"type": "object"},
    }
    properties = merge_all_of(user)["properties"]
    # no string is an object: left out, as no conforming value holds them; the schema's own field stays as declared
    assert "objectId" not in properties and "deletionTimestamp" not in properties
    assert properties["displayName"] == {"type": "string"}
    # an object field meets both; a name one of the schema's patterns takes is judged by the pattern alone
    assert properties["extra"] == {"allOf": [BASE["properties"]["extra"], {"type": "object"}]}
    assert properties["x-count"] == {"type": "integer"}
    # the fold agrees with JSON Schema's reading of the schema as written
    for value, conforms in (({"objectId": "a"}, False), ({"extra": {"a": 1}, "x-count": 2}, True)):
        assert jsonschema.Draft202012Validator(user).is_valid(value) is conforms
        assert (
            jsonschema.Draft202012Validator({**merge_all_of(user), "additionalProperties": False}).is_valid(value)
            is conforms
        )
    assert closed_part_conflict(user) is None  # nothing it refuses is required: a value exists
    # a map part with nothing to say (`{}`, `true`) holds nothing back
    assert "objectId" in merge_all_of({**user, "additionalProperties": {}})["properties"]


def test_a_required_property_of_a_type_a_part_lets_no_other_property_be_has_no_value() -> None:
    thing = {"allOf": [BASE], "required": ["objectId"], "additionalProperties": {"type": "object"}}
    assert closed_part_conflict(thing) == (
        "the schema itself lets a property it does not declare be only object (additionalProperties), and requires"
        " objectId, declared as another type: no value satisfies it, and no answer in it conforms"
    )
    assert merge_all_of(thing)["properties"]["objectId"] == {"type": "string"}  # kept as the real API sends it
    from mock.schema_validation import is_valid, response_view

    assert not is_valid(thing, {"objectId": "a"})
    assert is_valid(response_view(thing), {"objectId": "a"})  # judged as its parts describe it together
    assert closed_part_conflict({**thing, "additionalProperties": {"type": ["object", "string"]}}) is None


def test_a_closed_part_refuses_what_the_schema_beside_it_declares() -> None:
    # Azure Logic Apps' gateway reference: `allOf` a closed `{id, type}`, beside its own `location` and `name`; only
    # an object holding neither conforms as written, and every answer holding them broke it
    reference = {
        "allOf": [{"type": "object", "additionalProperties": False, "properties": {"id": {}, "type": {}}}],
        "properties": {"location": {"type": "string"}, "name": {"type": "string"}},
    }
    assert closed_part_conflict(reference) == (
        "allOf/0 allows no property but its own (additionalProperties: false), and the schema itself declares"
        " location, name: only an object holding none of those conforms"
    )
    from mock.schema_validation import is_valid, response_view

    assert not is_valid(reference, {"id": "a", "location": "west"})
    assert is_valid(response_view(reference), {"id": "a", "location": "west"})


def test_two_parts_choosing_are_both_held_and_a_choice_of_anything_is_none() -> None:
    import jsonschema

    # PandaScore's `winner_id`: `allOf: [{nullable: true}, {$ref: OpponentID}]`, the first read as `anyOf: [{}, null]`
    # and the ids an `anyOf` of integers; the fold kept the first part's `anyOf` alone, and a uuid was answered
    ids = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "integer", "maximum": -1}]}
    winner = {"allOf": [{"anyOf": [{}, {"type": "null"}]}, ids]}
    assert merge_all_of(winner)["anyOf"] == ids["anyOf"]
    # two real choices: one option of each must hold
    sizes = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    both = merge_all_of({"allOf": [sizes, ids]})
    for value in (5, -3, "a", 0, None):
        expected = jsonschema.Draft202012Validator({"allOf": [sizes, ids]}).is_valid(value)
        assert jsonschema.Draft202012Validator(both).is_valid(value) is expected, value
