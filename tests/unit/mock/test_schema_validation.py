"""Compiled validators stay small on specs whose shared `$ref`s unfold into huge trees (Stripe's did: 9.5 GB)."""

from __future__ import annotations

import importlib
import re
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mock.field_rules import id_prefixes
from mock.identity_cache import IdentityCache
from mock.schema_validation import NODES_PER_VALIDATOR, _affordable_depth, is_valid, validator_for
from mock.spec.recursion import allow_deep_schemas

# the module itself, for its cache (ruff reads `from mock import …` as the old `mock` backport)
schema_validation = importlib.import_module("mock.schema_validation")


def _unfolding(levels: int) -> dict[str, Any]:
    """An object whose two fields share one schema, level after level: 2**levels nodes as a tree."""
    node: dict[str, Any] = {"type": "object", "properties": {"id": {"type": "string", "example": "cus_Abc123"}}}
    for _ in range(levels):
        node = {"type": "object", "properties": {"a": node, "b": node}}
    return node


def test_a_schema_that_unfolds_past_the_budget_compiles_fast_and_still_checks_its_top() -> None:
    schema = {**_unfolding(30), "required": ["a"]}  # about a billion nodes as a tree; 30 shared ones
    started = time.monotonic()
    assert is_valid(schema, {"a": {}, "b": 3}) is False  # `b` must be an object
    assert is_valid(schema, {"b": {}}) is False  # `a` is required
    assert is_valid(schema, {"a": {"a": {}}, "b": {"a": {"b": {}}}})
    assert time.monotonic() - started < 5
    depth, nodes = _affordable_depth(schema_validation.self_contained(schema), NODES_PER_VALIDATOR)
    assert depth is not None and nodes <= NODES_PER_VALIDATOR


@pytest.mark.parametrize(
    "value",
    [5, {"a": {"a": {}, "b": {}}}, {"b": {"a": {"id": 7}}}, {"a": {}, "b": {}}, {"a": {"a": {"a": {"id": 7}}}}],
)
def test_a_schema_that_unfolds_past_the_budget_gets_openapi_core_s_verdict_on_every_level(value) -> None:
    # Komga's search condition: 19 `oneOf` options, none saying `type: object`, sharing their operators. Cut for its
    # size, the `oneOf` was read as an `anyOf`, and a number, which every option takes, was taken as a condition.
    from openapi_schema_validator import OAS31Validator

    shared = _unfolding(13)  # 16,000 nodes as a tree; 14 shared ones
    schema = {
        "oneOf": [
            {"properties": {"a": shared}, "required": ["a"]},
            {"properties": {"b": shared}, "required": ["b"]},
        ]
    }
    assert _affordable_depth(schema_validation.self_contained(schema), NODES_PER_VALIDATOR)[0] is not None
    assert is_valid(schema, value) is OAS31Validator(schema).is_valid(value)


def _tree_size(node: Any, cap: int) -> int:
    """How many objects and lists `node` holds unfolded as a tree, counted up to `cap` (shared parts each time)."""
    count, stack = 0, [node]
    while stack and count <= cap:
        item = stack.pop()
        count += 1
        stack.extend(v for v in (item.values() if isinstance(item, dict) else item) if isinstance(v, (dict, list)))
    return count


def test_specs_check_compiles_a_schema_that_unfolds_past_the_budget_as_the_server_does(monkeypatch) -> None:
    # HubSpot's lists and automation specs: `specs check` compiled each schema whole, and took 7 and over 24 GB
    schema = {**_unfolding(30), "required": ["a"]}
    compiled: list[Any] = []

    def recorded(schema: Any, **options: Any) -> None:
        compiled.append(schema)

    with monkeypatch.context() as patched:
        patched.setattr(schema_validation.jsonschema_rs, "Draft202012Validator", recorded)
        assert schema_validation.compile_problem(schema) is None
    assert _tree_size(compiled[0], 4 * NODES_PER_VALIDATOR) <= 2 * NODES_PER_VALIDATOR
    assert schema_validation.compile_problem(schema) is None
    bad = {"type": "object", "properties": {"x": {"type": "string", "minLength": -1}}}
    assert schema_validation.compile_problem(bad) is not None  # what it can compile, it still judges


def _chain(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        node = {"type": "object", "properties": {"next": node}}
    return node


def test_a_schema_nested_deeper_than_the_validator_reads_is_cut_and_still_checks_its_top() -> None:
    # jsonschema-rs refuses a schema nested about 128 objects deep, and nothing at all was checked
    allow_deep_schemas()  # as loading a spec so deep does
    schema = _chain(300)
    assert _affordable_depth(schema_validation.self_contained(schema), NODES_PER_VALIDATOR)[0] is not None
    assert schema_validation.compile_problem(schema) is None
    assert is_valid(schema, {"next": 3}) is False
    assert is_valid(schema, {"next": {"next": {}}})


def test_a_small_schema_is_compiled_whole() -> None:
    schema = _unfolding(3)
    assert _affordable_depth(schema, NODES_PER_VALIDATOR)[0] is None
    deep = {"a": {"b": {"a": {"id": 5}}}}
    assert is_valid(schema, deep) is False  # checked at every depth: `id` must be a string


def test_the_validator_cache_is_bounded_by_the_nodes_it_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_validation, "_compiled", IdentityCache(max_weight=1_000))
    wide = [{"type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(60)}} for _ in range(30)]
    for schema in wide:  # about 60 nodes each: 30 of them hold more than 1,000
        validator_for(schema)
        assert schema_validation._compiled._weight <= 1_000
    assert is_valid(wide[0], {"p0": "x"}) and not is_valid(wide[0], {"p0": 1})  # dropped, compiled again


def test_many_small_validators_stay_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    # Random traffic on GitHub's spec uses about 4,500 validators, most of one node: counted by validators (400),
    # the cache started afresh every few requests and each request compiled about ten again.
    monkeypatch.setattr(schema_validation, "_compiled", IdentityCache(max_weight=schema_validation.NODES_CACHED))
    small = [{"type": "string", "maxLength": n} for n in range(5_000)]
    compiled = [validator_for(schema) for schema in small]
    assert all(validator_for(schema) is validator for schema, validator in zip(small, compiled, strict=True))


def test_id_prefixes_visit_each_shared_node_once() -> None:
    document = {"components": {"schemas": {"customer": _unfolding(40)}}}
    started = time.monotonic()
    assert id_prefixes(document).for_field("id") is None  # `id` beside no `object`: no record prefix
    assert time.monotonic() - started < 1


CARD = {
    "type": "object",
    "required": ["number", "cvc"],
    "properties": {"number": {"type": "string"}, "cvc": {"type": "integer", "writeOnly": True}},
}


def test_an_answer_is_judged_without_write_only_fields_and_a_request_with_them():
    from mock.schema_validation import request_view, response_view

    assert is_valid(response_view(CARD), {"number": "4242"})
    assert not is_valid(response_view(CARD), {"number": "4242", "cvc": 123})  # never answered back
    assert not is_valid(request_view(CARD), {"number": "4242"})  # required where it is written


VET_FIELDS = {"type": "object", "properties": {"firstName": {"type": "string"}, "password": {"writeOnly": True}}}
VET = {  # Spring PetClinic's: the whole requires what one of its parts marks readOnly (or writeOnly)
    "allOf": [VET_FIELDS, {"type": "object", "properties": {"id": {"type": "integer", "readOnly": True}}}],
    "required": ["id", "firstName", "password"],
}
VISIT = {  # one part requires what another marks readOnly
    "allOf": [
        {"type": "object", "required": ["id", "date"], "properties": {"date": {"type": "string"}}},
        {"type": "object", "properties": {"id": {"type": "integer", "readOnly": True}}},
    ]
}


def test_a_read_only_field_declared_in_a_part_of_an_all_of_is_not_required_in_a_request():
    from mock.schema_validation import request_view, response_view

    assert is_valid(request_view(VET), {"firstName": "James", "password": "x"})
    assert not is_valid(request_view(VET), {"password": "x"})  # what is not readOnly stays required
    assert is_valid(request_view(VISIT), {"date": "2026-12-04"})
    assert not is_valid(request_view(VISIT), {"id": 3})
    assert not is_valid(response_view(VISIT), {"date": "2026-12-04"})  # an answer holds it
    assert is_valid(response_view(VET), {"id": 1, "firstName": "James"})  # never answered back
    assert not is_valid(response_view(VET), {"firstName": "James"})


def test_a_part_that_declares_and_requires_a_field_another_marks_read_only_still_requires_it():
    # PagerDuty's tag: its reference part marks `type` readOnly, its own part declares `type: {enum: [tag]}` and
    # requires it; openapi-core refuses a tag sent without it, and the mock took one
    tag = {
        "allOf": [
            {"type": "object", "properties": {"id": {"type": "string", "readOnly": True}, "type": {"readOnly": True}}},
            {
                "type": "object",
                "required": ["label", "type", "id"],
                "properties": {"type": {"type": "string", "enum": ["tag"]}, "label": {"type": "string"}},
            },
        ]
    }
    from mock.schema_validation import request_view

    assert not is_valid(request_view(tag), {"label": "Batman"})
    assert is_valid(request_view(tag), {"label": "Batman", "type": "tag"})  # `id` stays the server's to give


def test_answers_generated_for_a_required_write_only_field_leave_it_out():
    from mock.fake_data import fake_value, without_write_only

    answer = fake_value(CARD, 7, for_response=True)
    assert "cvc" not in answer and "number" in answer
    assert without_write_only({"number": "4242", "cvc": 1}, CARD) == {"number": "4242"}


FORMAT_SAMPLES = [
    "", "@", "a@b", "a b@c", "é@x.com", "x", "#/a~1b", "/a~1b", "0/a", "P1D", "P1X", "-a-", "example.com",
    "ex ample.com", "http://x", "x y", "\\x", "{", "{x}", "http://[::1]:80/", "urn:isbn:1", "1.2.3.4", "::1",
    "1996-12-19", "1996-12-19T16:39:57-08:00", "550e8400-e29b-41d4-a716-446655440000",
]  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "date", "date-time", "duration", "email", "hostname", "idn-email", "idn-hostname", "ipv4", "ipv6", "iri",
        "iri-reference", "json-pointer", "relative-json-pointer", "uri", "uri-reference", "uri-template", "uuid",
    ],
)  # fmt: skip
def test_formats_get_openapi_core_s_verdict(name):
    # `time` and `regex` are left out on purpose: openapi-core reads `time` as draft 3's %H:%M:%S (refusing
    # "16:39:57Z") and `regex` with its own engine; there the fast path stays with JSON Schema's reading
    from openapi_schema_validator import OAS31Validator, oas31_format_checker

    reference = OAS31Validator({"type": "string", "format": name}, format_checker=oas31_format_checker)
    ours = {value: is_valid({"type": "string", "format": name}, value) for value in FORMAT_SAMPLES}
    assert ours == {value: reference.is_valid(value) for value in FORMAT_SAMPLES}


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "integer", "format": "int32"},
        {"type": "integer", "format": "int64"},
        {"type": "integer", "format": "int32", "maximum": 10},
        {"type": "integer", "format": "int32", "minimum": -(2**40)},
        {"type": ["integer", "null"], "format": "int32"},
        # DaniWeb's ids are `type: number, format: int32`: openapi-core holds a whole number to the width
        {"type": "number", "format": "int32"},
        {"type": "number", "format": "int64"},
        {"type": ["number", "null"], "format": "int32", "maximum": 10},
    ],
)
def test_integer_formats_get_openapi_core_s_verdict(schema):
    # Wowza's `bytes_total` (`int32`) showed an example of 32429386811: taken here, refused by openapi-core
    from openapi_schema_validator import OAS31Validator, oas31_format_checker

    reference = OAS31Validator(schema, format_checker=oas31_format_checker)
    values = [0, 11, -(2**31), 2**31 - 1, 2**31, -(2**31) - 1, 32429386811, 2**63 - 1, 2**63, -(2**63) - 1, None]
    values += [0.5, 3e12 + 0.5, -7.25]  # a fraction is no int to openapi-core's format checks
    assert {v: is_valid(schema, v) for v in values} == {v: reference.is_valid(v) for v in values}


def test_generating_a_composed_schema_compiles_its_validators_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each `allOf` fold and each `oneOf` option merged with its schema's other keywords was a new object, so
    # every answer compiled a validator for it again (OpenAI's spec: about one of 2,600 nodes per request).
    from mock.fake_data import fake_value

    pet = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "example": "Rex"}}}
    schema = {
        "type": "object",
        "properties": {
            "owner": {
                "allOf": [pet, {"properties": {"age": {"type": "integer"}}, "example": {"name": "Rex", "age": 3}}]
            },
            "payment": {
                "description": "kept beside each option",
                "oneOf": [
                    {"type": "object", "properties": {"card": {"type": "string"}}, "example": {"card": "4242"}},
                    {"type": "object", "properties": {"iban": {"type": "string"}}, "example": {"iban": "DE89"}},
                ],
            },
        },
    }
    compiled: list[Any] = []
    compile_within_budget = schema_validation._compile_within_budget
    monkeypatch.setattr(
        schema_validation, "_compile_within_budget", lambda s: compiled.append(s) or compile_within_budget(s)
    )
    fake_value(schema, 1)
    first = len(compiled)
    for seed in range(2, 30):
        fake_value(schema, seed)
    assert first > 0 and len(compiled) == first
    assert schema_validation.folded(schema["properties"]["owner"]) is schema_validation.folded(
        schema["properties"]["owner"]
    )


TIME_SAMPLES = [
    "16:39:57", "16:39:57Z", "16:39:57.123+02:00", "09:00", "25:00:00", "25:00:00Z", "x", "", "16:39:57 ",
]  # fmt: skip


@pytest.mark.parametrize("value", TIME_SAMPLES)
def test_a_time_is_read_as_json_schema_reads_it(value):
    # RFC 3339's full-time, as OpenAPI 3.1 and schemathesis read `time`: a spec's example "09:00:00" (PagerDuty's
    # support hours), served when it was read either way, was a response_schema_conformance failure in a contract
    # run; openapi-core alone reads %H:%M:%S, and the self-check is given the reading that takes both
    from jsonschema import Draft202012Validator

    from mock.schema_validation import time_either_way

    json_schema = Draft202012Validator(
        {"type": "string", "format": "time"}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    ours = is_valid({"type": "string", "format": "time"}, value)
    assert ours == json_schema.is_valid(value)
    assert time_either_way(value) == (ours or re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d", value) is not None)


def test_a_generated_time_is_one_json_schema_takes():
    # RFC 3339's full-time, as OpenAPI 3.1's JSON Schema and schemathesis read `time`: "13:02:58" (what
    # openapi-core alone takes) was a response_schema_conformance failure in every contract run on the mock
    from jsonschema import Draft202012Validator

    from mock.fake_data import fake_value

    schema = {"type": "string", "format": "time"}
    json_schema = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for seed in range(20):
        value = fake_value(schema, seed, name="start_time", for_response=True)
        assert json_schema.is_valid(value) and is_valid(schema, value), value


def test_the_answer_back_view_of_an_empty_schema_is_one_shared_schema_not_a_cache_entry_per_call():
    # callers pass `properties.get(name) or {}` per request: each new `{}` was kept in the view cache for good
    from mock.schema_validation import _answer_back_views, answer_back_view

    before = len(_answer_back_views._entries)
    views = {id(answer_back_view({})) for _ in range(100)}
    assert len(views) == 1 and len(_answer_back_views._entries) == before
    assert is_valid(answer_back_view({}), {"anything": [1, "two"]})


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        # Discord's nullable objects: `oneOf: [{type: null}, {type: object, …}]`, both alternatives cut to `{}`
        ({"oneOf": [{"type": "null"}, {"type": "object", "properties": {"a": {"type": "string"}}}]}, {"a": "x"}),
        ({"not": {"type": "object", "properties": {"a": {"const": 1}}}}, {"a": 2}),
        (
            {
                "if": {"type": "object", "properties": {"a": {"const": 1}}},
                "then": {"required": ["b"]},
                "else": {"required": ["c"]},
            },
            {"a": 2, "c": 1},
        ),
        ({"type": "object", "properties": {"a": {"type": "object"}}, "additionalProperties": False}, {"a": {}}),
    ],
)
def test_a_schema_cut_for_its_size_is_never_stricter_than_it_was(schema, value) -> None:
    assert is_valid(schema, value)  # the schema whole takes the value
    wrapped = schema
    for _ in range(4):
        wrapped = {"type": "object", "properties": {"x": wrapped}}
        value = {"x": value}
    for depth in range(0, 14):
        cut = schema_validation._cut(wrapped, depth)
        assert schema_validation._compile(cut).is_valid(value), (depth, cut)


def test_a_cut_schema_still_checks_what_it_keeps() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}, "deep": {"oneOf": [{"type": "null"}, {}]}}}
    cut = schema_validation._cut(schema, 2)
    assert not schema_validation._compile(cut).is_valid({"n": "seven"})


@given(
    step=st.one_of(
        st.sampled_from([0.01, 0.1, 0.5, 2.5, 1.0, 0.001, 3, 7]),
        st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False),
    ),
    value=st.one_of(
        st.sampled_from([16.17, 2.55, 0.07, 1.1, 1e308, -1.5344391248416448e308, 0, 3, 14, 7.5]),
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(min_value=-(10**20), max_value=10**20),
    ),
)
@settings(max_examples=400, deadline=None)
def test_multiple_of_gets_openapi_core_s_verdict(step, value):
    # openapi-core judges a float `multipleOf` as Python floats divide: 16.17 is not a multiple of 0.01 there
    # (16.17 / 0.01 is 1617.0000000000002), as ajv (Prism's) refuses it too, where the compiled validator took it
    from openapi_schema_validator import OAS30Validator, OAS31Validator

    schema = {"type": "object", "properties": {"amount": {"type": "number", "multipleOf": step}}}
    verdict = OAS31Validator(schema).is_valid({"amount": value})
    assert OAS30Validator(schema).is_valid({"amount": value}) == verdict
    assert is_valid(schema, {"amount": value}) == verdict


@given(
    bound=st.one_of(
        st.sampled_from([1.8446744073709552e19, -1.8446744073709552e19, 9.223372036854776e18, 2.0**53, 1e20, 0.5]),
        st.floats(min_value=-1e22, max_value=1e22, allow_nan=False),
    ),
    keyword=st.sampled_from(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
    offset=st.one_of(st.sampled_from([0, 1, -1, 383, -383, 2048, -2048]), st.integers(-(10**6), 10**6)),
)
@settings(max_examples=400, deadline=None)
def test_a_bound_written_as_a_float_gets_openapi_core_s_verdict_on_whole_numbers_near_it(bound, keyword, offset):
    # Nomad's uint64 fields declare `maximum: 1.8446744073709552e+19`; the compiled validator took 18446744073709551999
    # for at most that (compared as floats), openapi-core compares exactly and refused the answer that echoed it
    from openapi_schema_validator import OAS31Validator

    schema = {"type": "object", "properties": {"count": {"type": "integer", keyword: bound}}}
    value = int(bound) + offset
    assert is_valid(schema, {"count": value}) == OAS31Validator(schema).is_valid({"count": value}), value


@pytest.mark.parametrize("pattern", [r"\Aab{,2}\Z", r"^\d+(?#digits)$"])
@pytest.mark.parametrize("value", ["a", "abb", "abbb", "12", "1x", ""])
def test_a_pattern_only_python_reads_gets_openapi_core_s_verdict(pattern, value):
    # jsonschema-rs refuses these patterns: the whole schema was compiled as one that takes anything
    from openapi_schema_validator import OAS31Validator

    schema = {"type": "string", "pattern": pattern}
    assert is_valid(schema, value) is OAS31Validator(schema).is_valid(value)


def test_a_pattern_nothing_reads_is_left_out_and_the_rest_of_the_schema_still_checked():
    schema = {
        "type": "object",
        "properties": {"path": {"type": "string", "pattern": r"[\p{Nonsense}"}, "size": {"enum": ["S", "L"]}},
    }
    assert is_valid(schema, {"path": "anything", "size": "S"})
    assert not is_valid(schema, {"path": "anything", "size": "XL"})
    assert not is_valid(schema, {"path": 5, "size": "S"})


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"profile": {"oneOf": []}, "n": {"type": "integer"}}},  # Bluesky's subject
        {"type": "object", "properties": {"profile": {"anyOf": []}, "n": {"type": "integer"}}},
        {"type": "object", "allOf": [], "properties": {"n": {"type": "integer"}}},
    ],
)
@pytest.mark.parametrize("value", [{}, {"n": 1}, {"n": "one"}, {"profile": 1}, {"profile": {}}, "text"])
def test_an_empty_combination_gets_openapi_core_s_verdict(schema, value) -> None:
    # JSON Schema forbids it, and jsonschema-rs, refusing the schema, had it take anything
    from openapi_schema_validator import OAS31Validator

    assert is_valid(schema, value) is OAS31Validator(schema).is_valid(value)


# Bluesky's list purpose: three options told apart by their descriptions alone.
PURPOSE = {
    "type": "object",
    "required": ["purpose"],
    "properties": {
        "purpose": {
            "oneOf": [
                {"type": "string", "format": "token", "description": "curation"},
                {"type": "string", "format": "token", "description": "moderation"},
                {"type": "integer"},
            ]
        }
    },
}


@pytest.mark.parametrize(
    ("value", "met"), [({"purpose": "mod"}, True), ({"purpose": 3}, True), ({"purpose": []}, False)]
)
def test_a_one_of_with_two_options_alike_is_read_as_an_any_of_by_requests_and_answers(value, met) -> None:
    from mock.schema_validation import answer_back_view, request_view, response_view

    assert not is_valid(PURPOSE, {"purpose": "mod"})  # as written, no text is one of them only
    for view in (request_view, response_view, answer_back_view):
        assert is_valid(view(PURPOSE), value) is met, view.__name__


def test_options_alike_are_found_whatever_they_say_of_themselves() -> None:
    from mock.spec.schemas import twin_options

    assert twin_options(PURPOSE["properties"]["purpose"]) == (0, 1)
    assert twin_options({"oneOf": [{"type": "string"}, {"type": "string", "minLength": 1}]}) is None
    assert twin_options({"oneOf": [{"allOf": [{"type": "string"}], "title": "a"}, {"type": "string"}]}) == (0, 1)
    # Vonage's 404: an unknown API key or an unknown secret, whose fields differ in their examples alone
    key, secret = (
        {
            "type": "object",
            "required": ["type", "detail"],
            "properties": {
                "type": {"type": "string", "example": f"https://developer.nexmo.com/api-errors#{kind}"},
                "detail": {"type": "string", "description": f"the {kind} sent"},
            },
        }
        for kind in ("invalid-api-key", "invalid-id")
    )
    assert twin_options({"oneOf": [key, secret]}) == (0, 1)
    # a property named as a note is a property all the same
    named = [{"type": "object", "properties": {"description": {"type": kind}}} for kind in ("string", "integer")]
    assert twin_options({"oneOf": named}) is None
    assert twin_options({"oneOf": [{"type": "array", "items": {"type": t}} for t in ("string", "integer")]}) is None


# Vonage's SMS answer: an error kind or a success kind, open objects requiring nothing, their `messages` lists of open
# objects too; every natural answer meets both.
SMS = {
    "oneOf": [
        {
            "type": "object",
            "description": "error",
            "properties": {
                "message-count": {"type": "string"},
                "messages": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"error-text": {"type": "string"}}},
                },
            },
        },
        {
            "type": "object",
            "description": "sent",
            "properties": {
                "message-count": {"type": "string", "example": "1"},
                "messages": {"type": "array", "items": {"type": "object", "properties": {"to": {"type": "string"}}}},
            },
        },
    ]
}


def test_a_one_of_of_open_objects_that_require_nothing_is_read_as_an_any_of() -> None:
    from mock.schema_validation import request_view, response_view
    from mock.spec.schemas import open_alike_options

    sent = {"message-count": "1", "messages": [{"to": "447700900000"}]}
    assert not is_valid(SMS, sent)  # as written, it meets both
    assert is_valid(response_view(SMS), sent) and is_valid(request_view(SMS), sent)
    assert not is_valid(response_view(SMS), {"message-count": 1})  # each field is still judged
    assert open_alike_options(SMS) == (0, 1)
    cat, dog = (
        {"type": "object", "properties": {"name": {"type": "string"}, field: {"type": "integer"}}}
        for field in ("lives", "barks")
    )
    assert open_alike_options({"oneOf": [cat, dog]}) == (0, 1)
    # a kind that requires a field, closes, or types a shared field otherwise is told apart by natural values
    assert open_alike_options({"oneOf": [cat, {**dog, "required": ["barks"]}]}) is None
    assert open_alike_options({"oneOf": [cat, {**dog, "additionalProperties": False}]}) is None
    assert open_alike_options({"oneOf": [cat, {"type": "object", "properties": {"lives": {"type": "string"}}}]}) is None
    # each option as its `allOf` parts describe it together (Vonage's report records: a shared top and each kind's own)
    top = {"type": "object", "properties": {"account_id": {"type": "string"}}}
    kinds = [
        {"allOf": [top, {"type": "object", "properties": {field: {"type": "string"}}}]} for field in ("to", "from")
    ]
    assert open_alike_options({"oneOf": kinds}) == (0, 1)
    # a kind listing records of several open kinds of its own counts as each of them (Vonage's report answers)
    listing = [
        {"type": "object", "properties": {"records": {"type": "array", "items": {"oneOf": [cat, dog]}}}},
        {"type": "object", "properties": {"records": {"type": "array", "items": cat}}},
    ]
    assert open_alike_options({"oneOf": listing}) == (0, 1)
    typed_otherwise = {"type": "object", "properties": {"name": {"type": "integer"}}}
    listing[1]["properties"]["records"]["items"] = typed_otherwise
    assert open_alike_options({"oneOf": listing}) is None
    # two alike among kinds told apart otherwise (Vonage's SMS report, inbound and outbound, beside a voice call's
    # report): their values meet both, whatever the others are
    named = {**typed_otherwise, "required": ["name"]}
    assert open_alike_options({"oneOf": [named, cat, {"type": "string"}, dog]}) == (1, 3)
    assert open_alike_options({"oneOf": [named, cat, {"type": "string"}]}) is None


# Bytebase's vault secret: an `appRole`, or a writeOnly `token` no answer holds.
SECRET = {
    "type": "object",
    "oneOf": [
        {"type": "object", "properties": {"appRole": {"type": "object"}}, "required": ["appRole"]},
        {"type": "object", "properties": {"token": {"type": "string", "writeOnly": True}}, "required": ["token"]},
    ],
}


@pytest.mark.parametrize(
    ("value", "answerable"), [({"appRole": {}}, True), ({}, True), ({"token": "s3cret"}, False), ([], False)]
)
def test_an_answer_of_a_choice_whose_other_option_asks_write_only_fields_alone_conforms(value, answerable) -> None:
    # read as answers are read, the token's option takes every answer without a token, so one naming its role met
    # two options of the `oneOf`: no answer of the role's option conformed
    from mock.schema_validation import response_view

    assert is_valid(response_view(SECRET), value) is answerable
    assert is_valid(SECRET, {"token": "s3cret"})  # a request is held to the choice as written


BYTE_SAMPLES = ["", "YQ==", "YQ=", "YQ", "Y", "eDE=", "x1", "e D E=", "////", "/w==", "____", "YQ==\n", "a+b/", "é"]


def test_byte_gets_openapi_core_s_verdict():
    # openapi-core judges `byte` by openapi-schema-validator's base64 check; jsonschema-rs knew no `byte` and took any
    # text, so a request openapi-core refused was taken, and a path's `x1` was answered in a beacon's byte id
    from openapi_schema_validator._format import is_byte

    schema = {"type": "string", "format": "byte"}
    ascii_samples = [value for value in BYTE_SAMPLES if value.isascii()]
    assert {v: is_valid(schema, v) for v in ascii_samples} == {v: is_byte(v) for v in ascii_samples}
    assert not is_valid(schema, "é")  # no base64; openapi-core fails on it outright
    from mock.schema_validation import answer_back_view

    assert not is_valid(answer_back_view(schema), "x1") and is_valid(answer_back_view(schema), "eDE=")


def test_a_schema_with_keywords_the_metaschema_refuses_still_checks_the_rest() -> None:
    # api.video's `pickThumbnailPayload` has `pattern: 0`: the whole body schema accepted anything (`[null, null]`)
    schema = {
        "type": "object",
        "required": ["timecode"],
        "properties": {"timecode": {"type": "string", "pattern": 0}, "at": {"type": "integer", "minimum": "x"}},
    }
    assert is_valid(schema, [None, None]) is False
    assert is_valid(schema, {}) is False  # still required
    assert is_valid(schema, {"timecode": 5}) is False
    assert is_valid(schema, {"timecode": "00:01", "at": -4})  # only the refused keywords are left out
    assert schema["properties"]["timecode"]["pattern"] == 0  # the spec's own schema is untouched
    listed = {"type": "object", "required": [1, "name"], "properties": {"name": {"type": "string"}}}
    assert is_valid(listed, {"name": 3}) is False and is_valid(listed, {})  # the broken `required` goes whole
