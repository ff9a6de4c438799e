"""Fake values: valid against their schema for every response of every bundled spec, reproducible."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import jsonschema
import jsonschema_rs
import pytest

from mock.fake_data import expiries_ahead, fake_value, moment_value
from mock.spec import load_apis
from mock.spec.refs import RefNode
from tests.conftest import SPECS

APIS = load_apis(SPECS)
RESPONSE_SCHEMAS = [
    pytest.param(media.schema, id=f"{api.name}-{op.operation_id}-{status}")
    for api in APIS.values()
    for op in api.operations
    for status, response in op.responses.items()
    if (media := response.json_media()) and media.schema
]
FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER


@pytest.mark.parametrize("schema", RESPONSE_SCHEMAS)
def test_every_response_schema_gets_valid_values(schema):
    for seed in range(8):
        for use_examples in (True, False):
            value = fake_value(schema, seed, use_examples=use_examples)
            jsonschema.validate(value, schema, format_checker=FORMAT_CHECKER)


def test_same_seed_same_value_different_seed_different_value():
    schema = APIS["aeriox"].document["components"]["schemas"]["Job"]
    assert fake_value(schema, 3) == fake_value(schema, 3)
    assert fake_value(schema, 3) != fake_value(schema, 4)


def test_values_follow_names_and_formats():
    schema = {
        "type": "object",
        "properties": {
            "email": {"type": "string"},
            "created_at": {"type": "string"},
            "id": {"type": "string", "format": "uuid"},
            "thumbnail_url": {"type": "string"},
            "currency": {"type": "string"},
            "progress_pct": {"type": "integer"},
        },
    }
    value = fake_value(schema, 1)
    assert "@" in value["email"]
    assert value["created_at"][:2] == "20" and value["created_at"].endswith("Z")
    uuid.UUID(value["id"])
    assert value["thumbnail_url"].startswith("https://")
    assert len(value["currency"]) == 3
    assert 0 <= value["progress_pct"] <= 100


@pytest.mark.parametrize(
    "schema",
    [
        # GitHub's commit SHA: 9 hex digits were made, then padded with letters to its 40
        {"type": "string", "pattern": "^[0-9a-fA-F]+$", "minLength": 40, "maxLength": 40},
        {"type": "string", "pattern": "^cst_[a-z0-9]+$", "minLength": 12, "maxLength": 14},
        {"type": "string", "pattern": "^[a-z]{2}-[0-9]+$", "minLength": 10},
    ],
)
def test_a_pattern_and_a_length_are_met_together(schema):
    for seed in range(10):
        jsonschema.validate(fake_value(schema, seed), schema)


def test_a_map_holds_no_more_entries_than_max_properties():
    # AWS Omics' schema maps allow one entry: two were made, and the answer broke `maxProperties`
    schema = {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 1}
    for seed in range(5):
        jsonschema.validate(fake_value(schema, seed), schema)


def test_an_object_holds_as_many_fields_as_min_properties_asks():
    # APIs.guru's copy of a spec's `info`: `{type: object, minProperties: 1}`, made `{}`
    schema = {"type": "object", "required": ["info"], "properties": {"info": {"type": "object", "minProperties": 2}}}
    for seed in range(5):
        jsonschema.validate(fake_value(schema, seed), schema)


def test_json_pointers_are_made_as_their_formats_ask():
    # GSMTasks' route optimisation `path`: a random word is no RFC 6901 pointer, and openapi-core checks the format
    schema = {
        "type": "object",
        "required": ["path", "relative"],
        "properties": {
            "path": {"type": "string", "format": "json-pointer"},
            "relative": {"type": "string", "format": "relative-json-pointer"},
        },
    }
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert not jsonschema.Draft202012Validator(schema, format_checker=checker).is_valid({"path": "a", "relative": "a"})
    for seed in range(10):
        jsonschema.validate(fake_value(schema, seed), schema, format_checker=checker)


def test_bounds_lengths_and_compositions():
    schema = {
        "type": "object",
        "required": ["n", "tags", "pick", "mix"],
        "properties": {
            "n": {"type": "number", "exclusiveMinimum": 5, "maximum": 6},
            "tags": {
                "type": "array",
                "items": {"type": "string", "minLength": 4, "maxLength": 4},
                "minItems": 3,
                "uniqueItems": True,
            },
            "pick": {"oneOf": [{"type": "null"}, {"type": "integer", "multipleOf": 7, "minimum": 1}]},
            "mix": {
                "allOf": [
                    {"type": "object", "properties": {"a": {"const": 1}}},
                    {"required": ["b"], "properties": {"b": {"type": "boolean"}}},
                ]
            },
            "code": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2}$"},
        },
    }
    for seed in range(20):
        jsonschema.validate(fake_value(schema, seed), schema)


def test_examples_are_used_unless_dynamic():
    schema = {"type": "string", "examples": ["from-the-spec"]}
    assert fake_value(schema, 1) == "from-the-spec"
    assert fake_value(schema, 1, use_examples=False) != "from-the-spec"


def test_write_only_fields_are_removed_and_schemas_without_any_leave_answers_as_they_are() -> None:
    from mock.fake_data import declares_write_only, without_write_only
    from mock.spec.refs import RefNode

    user = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "password": {"type": "string", "writeOnly": True}},
    }
    nested = {"type": "object", "properties": {"users": {"type": "array", "items": user}}}
    looped = RefNode({"$ref": "#/components/schemas/Node"})
    node = {"type": "object", "properties": {"child": looped, "name": {"type": "string"}}}
    looped.target = node
    assert declares_write_only(nested) and declares_write_only(user) and not declares_write_only(node)
    answer = {"users": [{"name": "a", "password": "secret"}]}
    assert without_write_only(answer, nested) == {"users": [{"name": "a"}]}
    plain = {"name": "n", "child": {"name": "c"}}
    assert without_write_only(plain, node) is plain  # nothing to remove: the very same value, no walk


def test_a_one_of_with_an_open_option_gets_a_value_only_one_option_accepts():
    # GitHub's event payload: 15 event schemas and `public-event`, an object with no properties or required
    # fields, which every other payload matches too; only a value the others refuse is valid
    kinds = [{"type": "object", "required": [f"f{i}"], "properties": {f"f{i}": {"type": "string"}}} for i in range(12)]
    schema = {"oneOf": [*kinds, {"type": "object"}]}
    for seed in range(5):
        value = fake_value(schema, seed)
        assert sum(jsonschema.Draft202012Validator(option).is_valid(value) for option in schema["oneOf"]) == 1


def test_a_nullable_one_of_whose_options_all_accept_the_same_objects_gets_a_valid_value():
    # readme's complex-nesting `metadata`: nullable, and every option accepts `{}`; null is valid, and so is an object
    # set apart from the second option by its own field made null (`{"s": null}`), which only the first accepts
    options = [{"type": "object"}, {"type": "object", "properties": {"s": {"type": "string"}}}]
    schema = {"anyOf": [{"oneOf": options}, {"type": "null"}]}
    for seed in range(3):
        value = fake_value(schema, seed)
        assert value in (None, {"s": None}) and jsonschema.Draft202012Validator(schema).is_valid(value)
    same = [{"type": "object"}, {"type": "object"}]  # identical: nothing sets them apart, so null
    assert fake_value({"anyOf": [{"oneOf": same}, {"type": "null"}]}, 1) is None


def test_any_of_answers_a_value_some_option_accepts():
    schema = {"anyOf": [{"type": "object", "required": ["a"], "properties": {"a": {"type": "integer", "minimum": 5}}}]}
    assert jsonschema.Draft202012Validator(schema).is_valid(fake_value(schema, 1))


def test_a_schema_that_requires_itself_is_generated_to_a_bounded_depth():
    # readme's circular-request-bodies TreeNode: `parent` is required and is a TreeNode; no finite value
    # exists, and generating one must end (it recursed until Python's stack gave out: a 500)
    looped = RefNode({"$ref": "#/components/schemas/TreeNode"})
    node = {"type": "object", "required": ["id", "parent"], "properties": {"id": {"type": "string"}, "parent": looped}}
    looped.target = node
    value = fake_value(node, 7)
    depth = 0
    while isinstance(value, dict):
        value, depth = value.get("parent"), depth + 1
    assert 4 < depth < 40 and value is None


def test_an_optional_property_no_value_satisfies_is_left_out_and_a_required_one_kept():
    # readme's schema-deprecated: a oneOf of two identical object options, which every object matches twice
    same = {"type": "object", "properties": {"status": {"type": "string", "enum": ["available", "sold"]}}}
    schema = {
        "type": "object",
        "required": ["name", "kept"],
        "properties": {"name": {"type": "string"}, "choice": {"oneOf": [same, same]}, "kept": {"oneOf": [same, same]}},
    }
    value = fake_value(schema, 3)
    assert "choice" not in value and "kept" in value and isinstance(value["name"], str)
    nested = {"type": "object", "properties": {"outer": schema}}
    assert "outer" not in fake_value(nested, 3)  # the required invalid part makes its optional owner go


def test_a_required_name_with_no_declared_property_still_gets_a_value():
    # Azure OpenAI's vectorStoreObject requires `bytes` and declares no such property
    schema = {"type": "object", "required": ["id", "bytes"], "properties": {"id": {"type": "string"}}}
    value = fake_value(schema, 3)
    assert "bytes" in value and jsonschema.validate(value, schema) is None
    counted = {**schema, "additionalProperties": {"type": "integer"}}
    assert isinstance(fake_value(counted, 3)["bytes"], int)
    # closed: no value satisfies that schema; it is made as it is judged, opened (`made_meetable`)
    closed = {**schema, "additionalProperties": False}
    assert "bytes" in fake_value(closed, 3)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "array", "prefixItems": [{"type": "string", "pattern": "^B[A-Z0-9]{8,}$"}, {"type": "null"}]},
        {"type": "array", "prefixItems": [{"type": "integer"}], "items": False, "minItems": 1},
        {"type": "array", "prefixItems": [{"type": "boolean"}], "items": {"type": "string"}, "minItems": 3},
        {"prefixItems": [{"type": "null"}, {"enum": ["owner", "admin"], "type": "string"}]},  # Slack's draft-04 tuple
    ],
)
def test_a_tuple_is_generated_position_by_position(schema):
    for seed in range(5):
        value = fake_value(schema, seed, "bot_id")
        assert jsonschema.Draft202012Validator(schema).is_valid(value), value


def test_a_pattern_of_nested_repeats_is_written_short_and_still_matches():
    # DigitalOcean's hostname pattern: each value was hundreds of thousands of characters, 0.8 s to write, and
    # an app's answer holds seven of them
    hostname = r"^((xn--)?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*\.)+[a-zA-Z]{2,}\.?$"
    values = [fake_value({"type": "string", "pattern": hostname}, seed, "host") for seed in range(20)]
    assert all(re.search(hostname, value) for value in values)
    assert max(len(value) for value in values) < 400


# Patterns are ECMA-262 (JSON Schema's dialect), which Python's `re` does not always read: Spring PetClinic's names
# (`\p{L}`: any letter, a Java and ECMA `u` escape) made every answer holding an owner a 500.
ECMA_PATTERNS = [
    r"^[\p{L}]+([ '-][\p{L}]+){0,2}\.?$",
    r"^\p{Lu}\p{Ll}+$",
    r"^[\p{L}\p{N} ]{2,20}$",
    r"^\P{N}+$",
    r"^(?<area>[0-9]{3})-(?<line>[0-9]{4})$",
    r"^\u{1F600}?[a-z]+$",
]


@pytest.mark.parametrize("pattern", ECMA_PATTERNS)
def test_a_pattern_in_ecma_syntax_python_cannot_read_still_gets_matching_values(pattern):
    import jsonschema_rs  # the request validator's engine reads ECMA-262 patterns: the reference here

    schema = {"type": "string", "pattern": pattern}
    reference = jsonschema_rs.Draft202012Validator(schema)
    for seed in range(10):
        for name in ("lastName", "city", "code"):
            value = fake_value(schema, seed, name)
            assert reference.is_valid(value), (pattern, value)


DEEP = """
openapi: 3.0.3
info: {title: deep, version: "1"}
paths:
  /playlists/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Playlist'}}}}
  /comments/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Comment'}}}}
components:
  schemas:
    Playlist:
      type: object
      properties:
        tracks:
          type: object
          properties:
            items:
              type: array
              items:
                type: object
                properties:
                  track:
                    type: object
                    properties:
                      name: {type: string}
                      album:
                        type: object
                        properties: {name: {type: string}, label: {type: object, properties: {name: {type: string}}}}
    Comment:
      type: object
      properties:
        text: {type: string}
        reply_to: {nullable: true, allOf: [{$ref: '#/components/schemas/Comment'}]}
        replies: {type: array, items: {$ref: '#/components/schemas/Comment'}}
"""


def _answer_schema(tmp_path, path: str):
    (tmp_path / "deep.yaml").write_text(DEEP)
    api = load_apis(tmp_path)["deep"]
    operation = next(o for o in api.operations if o.path == path)
    return operation.response_for(200).json_media().schema


def test_a_deep_record_that_does_not_recur_keeps_its_fields(tmp_path):
    # Spotify's playlist: `tracks.items[].track` sits five levels down, and came out `{}`: a playlist with tracks
    # no frontend could name
    schema = _answer_schema(tmp_path, "/playlists/{id}")
    for seed in range(5):
        tracks = fake_value(schema, seed, use_examples=False, for_response=True)["tracks"]["items"]
        assert tracks and all(item["track"]["name"] and item["track"]["album"]["label"]["name"] for item in tracks)


def test_a_record_met_again_inside_itself_is_made_once_more_with_what_it_requires_only(tmp_path):
    # Mastodon's status: `reblog` is a status, and every status came with a chain of reblogs three deep
    schema = _answer_schema(tmp_path, "/comments/{id}")
    for seed in range(5):
        comment = fake_value(schema, seed, use_examples=False, for_response=True)
        for inner in [comment.get("reply_to"), *comment.get("replies", [])]:
            assert not isinstance(inner, dict) or (not inner.get("reply_to") and not inner.get("replies"))


@pytest.mark.parametrize("where", ["record", "fields"])
def test_a_list_of_records_whose_schema_has_examples_holds_them_once(where):
    # Box's `GET /events`: both entries were made of the Event's field examples, one `event_id` listed twice
    event: dict = {"type": "object", "properties": {"event_id": {"type": "string"}, "type": {"type": "string"}}}
    if where == "record":
        event["example"] = {"event_id": "f82c3ba0", "type": "event"}
    else:
        event["properties"]["event_id"]["example"] = "f82c3ba0"
    for seed in range(10):
        entries = fake_value({"type": "array", "items": event, "minItems": 2}, seed, "entries")
        assert len({entry["event_id"] for entry in entries}) == len(entries) >= 2
        assert entries[0]["event_id"] == "f82c3ba0"


def test_an_answer_reports_no_made_up_problems():
    # Xero's every invoice made was answered with `ValidationErrors: [{"Message": "Blood particular will himself…"}]`
    # and `HasErrors: true`, and its create with `Warnings` of the same: a frontend showed errors after a success
    problem = {"type": "array", "items": {"type": "object", "properties": {"Message": {"type": "string"}}}}
    schema = {
        "type": "object",
        "required": ["ValidationErrors", "Warnings", "HasErrors", "errors", "Tags"],
        "properties": {
            "ValidationErrors": problem,
            "Warnings": problem,
            "errors": problem,
            "HasErrors": {"type": "boolean"},
            "has_validation_errors": {"type": "boolean"},
            "Tags": {"type": "array", "items": {"type": "string"}},
            "failures": {**problem, "minItems": 1},  # a list that cannot be empty keeps its items
        },
    }
    for seed in range(20):
        answer = fake_value(schema, seed, for_response=True)
        assert answer["ValidationErrors"] == answer["Warnings"] == answer["errors"] == []
        assert answer["HasErrors"] is False and answer.get("has_validation_errors", False) is False
        assert answer["Tags"] and answer.get("failures", [1])
    assert any(fake_value(schema, seed)["Warnings"] for seed in range(20))  # a request's may hold some


def test_a_field_a_healthy_record_leaves_null_is_null_only_where_the_whole_schema_takes_null():
    """Clerk's `error` is `nullable` beside a `oneOf` of one error object: normalised, `type: [object, "null"]`
    that the `oneOf` still refuses null under (as openapi-core judges it). It was answered null, and every user
    with an external account broke the spec."""
    error = {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}
    refusing = {"type": ["object", "null"], "oneOf": [error]}
    for seed in range(5):
        value = fake_value({"type": "object", "required": ["error"], "properties": {"error": refusing}}, seed)
        assert isinstance(value["error"], dict) and isinstance(value["error"]["message"], str)
    taking = {"type": ["object", "null"], "properties": {"message": {"type": "string"}}}
    assert fake_value({"type": "object", "required": ["failed_at"], "properties": {"failed_at": taking}}, 1) == {
        "failed_at": None
    }


def test_a_one_of_of_open_objects_that_overlap_gets_a_value_of_one_option_only():
    # Figma's connector endpoint: `{endpointNodeId, magnet}` or `{endpointNodeId, position}`, neither requiring its own
    # field and both open to others, so a value of either kind is valid under both and the oneOf refuses it. The value
    # made sets the other option's own field to null, which that option refuses and its own leaves open.
    endpoint = {
        "oneOf": [
            {
                "type": "object",
                "properties": {"endpointNodeId": {"type": "string"}, "magnet": {"enum": ["AUTO", "TOP"]}},
            },
            {
                "type": "object",
                "properties": {
                    "endpointNodeId": {"type": "string"},
                    "position": {"type": "object", "required": ["x", "y"], "properties": {"x": {}, "y": {}}},
                },
            },
        ]
    }
    schema = {
        "type": "object",
        "required": ["start", "ends"],
        "properties": {"start": endpoint, "ends": {"type": "array", "items": endpoint}},
    }
    for seed in range(40):
        value = fake_value(schema, seed)
        jsonschema.validate(value, schema, cls=jsonschema.Draft202012Validator)


def test_a_one_of_of_open_objects_told_apart_by_nullable_fields_gets_a_value_of_one_option_only():
    # Lob's identity validation: the same open object with a `recipient`, or with a `company`, each nullable and
    # neither required. Null no longer sets one kind apart; a value of a type the other kind's field refuses does.
    def kind(own: str) -> dict[str, object]:
        return {
            "type": "object",
            "properties": {"id": {"type": "string"}, own: {"type": ["string", "null"], "maxLength": 500}},
        }

    schema = {"oneOf": [kind("recipient"), kind("company")]}
    for seed in range(20):
        value = fake_value(schema, seed)
        jsonschema.validate(value, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("step", [0.01, 0.1, 2.5, 0.05, 3])
def test_a_number_made_for_a_multiple_of_is_one_as_python_and_jsonschema_rs_read_floats(step):
    # Lob's check amounts, `multipleOf: 0.01`: 16.17 is one in decimal, not as a float (16.17 / 0.01 is
    # 1617.0000000000002), and openapi-core, which reads it so, refused the answer; 15.530000000000001 is one to
    # openapi-core, not to jsonschema-rs, schemathesis' judge of answers: a value made is one to both
    schema = {"type": "number", "multipleOf": step, "minimum": 0, "maximum": 500}
    record = {"type": "object", "properties": {"amount": schema, "price": schema, "weight": schema}}
    for seed in range(200):
        value = fake_value(schema, seed)
        jsonschema.validate(value, schema, cls=jsonschema.Draft202012Validator)
        assert jsonschema_rs.validator_for(schema).is_valid(value), value
        # a field rule's value (an amount, a price) is made a multiple too
        made = fake_value(record, seed)
        jsonschema.validate(made, record, cls=jsonschema.Draft202012Validator)
        assert jsonschema_rs.validator_for(record).is_valid(made), made


def test_a_map_takes_its_keys_from_what_its_property_names_allow():
    # Meilisearch's batch stats count tasks by status: `propertyNames: {enum: [...]}`; its keys were made-up words
    by_status = {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0},
        "propertyNames": {"type": "string", "enum": ["enqueued", "processing", "succeeded", "failed", "canceled"]},
    }
    by_code = {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "propertyNames": {"type": "string", "pattern": "^[A-Z]{3}$"},
    }
    for seed in range(20):
        for schema in (by_status, by_code):
            made = fake_value(schema, seed, "stats", for_response=True)
            assert made and jsonschema.Draft202012Validator(schema).is_valid(made), made


def test_a_one_of_with_null_beside_an_object_part_is_an_object_of_an_option_alone():
    # Meilisearch's task details: `allOf: [{oneOf: [null, closed settings]}, {type: object, properties: …}]`. No
    # option took the parts' properties together, and null, which the object part refuses, was made instead
    settings = {"type": "object", "properties": {"stopWords": {"type": "array", "items": {"type": "string"}}}}
    schema = {
        "allOf": [
            {"oneOf": [{"type": "null"}, {**settings, "additionalProperties": False}]},
            {"type": "object", "properties": {"receivedDocuments": {"type": ["integer", "null"], "minimum": 0}}},
        ]
    }
    for seed in range(20):
        made = fake_value(schema, seed, "details", for_response=True)
        assert isinstance(made, dict) and jsonschema.Draft202012Validator(schema).is_valid(made), made


@pytest.mark.parametrize("pattern", ["^cst_.+$", "^[^/]{4,12}$", "^tr_[^\\s]{6,}$", "^x.y.z$"])
def test_any_character_of_a_pattern_is_a_plain_one(pattern: str) -> None:
    # Mollie's `^cst_.+$` customer ids were written `cst_\r^t07~Kr` and `cst_.I`: a pattern's "any character" drew
    # from every printable one, control characters and URL-breaking punctuation included
    for seed in range(40):
        value = fake_value({"type": "string", "pattern": pattern}, seed, "id")
        assert re.search(pattern, value), value
        assert re.fullmatch(r"[A-Za-z0-9_]+", value), value


def test_a_pattern_that_allows_only_other_characters_still_gets_them() -> None:
    for seed in range(10):
        value = fake_value({"type": "string", "pattern": "^[^A-Za-z0-9]{3}$"}, seed, "mark")
        assert re.fullmatch(r"[^A-Za-z0-9]{3}", value), value


def test_now_in_a_field_named_for_milliseconds_is_written_in_milliseconds() -> None:
    now = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC).timestamp()
    integer = {"type": "integer"}
    assert moment_value(integer, now, "ms", "created_at_ms") == int(now) * 1000
    assert moment_value(integer, now, "ms", "createdAt") == int(now)
    made_up = {"createdAtMs": int(now) * 1000, "expiresAtMs": (int(now) - 60) * 1000}
    ahead = expiries_ahead(made_up, {"expiresAtMs": integer}, now, "ms")
    assert ahead["expiresAtMs"] == (int(now) + 60) * 1000


def test_a_record_made_now_expires_after_it_as_far_ahead_as_its_made_up_expiry_was_behind() -> None:
    """OpenAI's video made now held an `expires_at` three months before: it had expired before it was made."""
    now = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC).timestamp()
    unix = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
    iso = {"type": "string", "format": "date-time"}
    day = {"type": "string", "format": "date"}
    record = {
        "created_at": int(now),
        "expires_at": int(now) - 86400,
        "expiry": "2026-12-04T12:00:00Z",
        "expiration_date": "2026-12-01",
        "valid_until_at": int(now) - 5,  # an end, not an expiry: a lifecycle's to set
        "expires_in": 3600,  # a duration, not a moment
    }
    properties = {"expires_at": unix, "expiry": iso, "expiration_date": day}
    ahead = expiries_ahead(record, properties, now, "s")
    assert ahead["expires_at"] == int(now) + 86400
    assert ahead["expiry"] == "2026-12-08T12:00:00Z"
    assert ahead["expiration_date"] == "2026-12-12"  # 5.5 days behind, 5.5 ahead
    assert (ahead["valid_until_at"], ahead["expires_in"]) == (int(now) - 5, 3600)
    assert expiries_ahead({"expires_at": int(now) + 10}, properties, now, "s") == {"expires_at": int(now) + 10}


@pytest.mark.parametrize("seed", range(5))
def test_an_enum_its_own_schema_refuses_gives_only_values_it_takes(seed) -> None:
    # Vimeo's user `content_filter`: `type: array` beside an enum of words (and a word as its example), which no
    # value meets; it was answered `"drugs"` on every user, and the self-check refused each answer
    schema = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "content_filter": {
                "type": "array",
                "items": {"type": "string"},
                "enum": ["drugs", "safe"],
                "example": "drugs",
            },
            "plan": {"type": "string", "enum": ["pro", "enterprise"], "maxLength": 3},
        },
    }
    value = fake_value(schema, seed)
    assert "content_filter" not in value and value["plan"] == "pro"
    assert jsonschema.Draft202012Validator(schema).is_valid(value)


def test_an_answer_of_a_one_of_is_told_apart_as_answers_are_judged() -> None:
    # Bytebase's external secret: one option requires `appRole`, the other only its write-only `token`; an answer
    # holds no `token`, so the second option takes every answer, and one of the `appRole` kind fits both
    from mock.schema_validation import is_valid, response_view

    secret = {
        "type": "object",
        "properties": {"url": {"type": "string"}},
        "oneOf": [
            {"type": "object", "properties": {"appRole": {"type": "object"}}, "required": ["appRole"]},
            {
                "type": "object",
                "properties": {"token": {"type": "string", "writeOnly": True}},
                "required": ["token"],
            },
        ],
    }
    for seed in range(10):
        answer = fake_value(secret, seed, "externalSecret", for_response=True)
        assert is_valid(response_view(secret), answer), answer
        assert "token" not in answer
    request = fake_value(secret, 1, "externalSecret")
    assert is_valid(secret, request)


# Bytebase's CEL expression: closed by `additionalProperties: false` beside the `allOf` that declares its fields, so
# no value but `{}` satisfies it as written, and `{}` lacks the `oneOf`'s required field: none does at all.
CLOSED_EXPRESSION = {
    "type": "object",
    "additionalProperties": False,
    "allOf": [
        {"properties": {"id": {"type": "integer"}}},
        {"oneOf": [{"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}]},
    ],
}


@pytest.mark.parametrize("for_response", [True, False])
def test_an_optional_field_no_value_satisfies_as_written_is_left_out(for_response):
    binding = {
        "type": "object",
        "required": ["role"],
        "properties": {"role": {"type": "string"}, "parsedExpr": CLOSED_EXPRESSION},
    }
    for seed in range(20):
        value = fake_value(binding, seed, for_response=for_response)
        assert "parsedExpr" not in value
        jsonschema.validate(value, binding, cls=jsonschema.Draft202012Validator)


def test_a_required_field_no_value_satisfies_as_written_is_made_as_its_parts_describe_it():
    holder = {"type": "object", "required": ["expr"], "properties": {"expr": CLOSED_EXPRESSION}}
    value = fake_value(holder, 1)
    assert isinstance(value["expr"]["name"], str)  # the best there is: what the parts ask for


def test_a_closed_schema_requiring_fields_no_part_declares_is_made_as_it_is_judged():
    # ShipEngine's rate body: `additionalProperties: false` beside the `allOf` of a rate, and `required` names fields
    # no part declares (`shipment_id`); made as written, they were left out and every answer broke `required`
    from mock.schema_validation import made_meetable

    body = {
        "type": "object",
        "additionalProperties": False,
        "allOf": [{"type": "object", "properties": {"rate_id": {"type": "string"}, "amount": {"type": "number"}}}],
        "required": ["rate_id", "shipment_id", "status"],
    }
    judged = made_meetable(body)
    assert judged is not None
    for seed in range(5):
        value = fake_value(body, seed, for_response=True)
        assert {"rate_id", "shipment_id", "status"} <= value.keys()
        jsonschema.validate(value, judged, cls=jsonschema.Draft202012Validator)


def test_a_write_only_field_in_a_part_of_a_part_is_never_answered_back():
    # Bytebase's data source: its external secret is `allOf` a part that is `oneOf` an `appRole` or a writeOnly
    # `token`; the token a client sent was stored and answered back
    from mock.fake_data import without_write_only

    secret = {
        "type": "object",
        "allOf": [
            {"properties": {"url": {"type": "string"}}},
            {
                "oneOf": [
                    {"type": "object", "properties": {"appRole": {"type": "object"}}, "required": ["appRole"]},
                    {"type": "object", "properties": {"token": {"type": "string", "writeOnly": True}}},
                ]
            },
        ],
    }
    source = {"type": "object", "properties": {"externalSecret": secret}}
    sent = {"externalSecret": {"url": "vault", "token": "s3cret", "appRole": {}}}
    assert without_write_only(sent, source) == {"externalSecret": {"url": "vault", "appRole": {}}}


def test_a_closed_schema_requiring_fields_it_does_not_declare_is_made_as_it_is_judged():
    # e-conomic's employee: `additionalProperties: false`, and `canApprove` required but not declared; the answers
    # left it out, and broke `required` (as openapi-core judges the schema opened, the best a server can do)
    from mock.schema_validation import made_meetable
    from mock.spec.schemas import closed_part_conflict

    employee = {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "canApprove"],
        "properties": {"name": {"type": "string"}, "email": {"type": "string"}},
    }
    assert "canApprove" in (closed_part_conflict(employee) or "")
    judged = made_meetable(employee)
    assert judged is not None and "additionalProperties" not in judged
    for seed in range(5):
        value = fake_value(employee, seed, for_response=True)
        assert {"name", "canApprove"} <= value.keys()
        jsonschema.validate(value, judged)
    assert closed_part_conflict({**employee, "required": ["name"]}) is None


def test_an_optional_field_whose_pattern_no_text_of_its_length_meets_is_left_out():
    # AWS IoT Wireless' certificate: `…$\{1,4096\}`, text after the end, which no value matches; it was answered as a
    # word, which broke the answer
    no_text = {"type": "string", "pattern": r"[^-A-Za-z0-9]\|=\{3,\}$\{1,4096\}", "minLength": 1}
    trust = {"type": "object", "properties": {"type": {"type": "string", "enum": ["CUPS"]}, "trust": no_text}}
    for seed in range(5):
        value = fake_value(trust, seed, for_response=True)
        assert value.get("type") == "CUPS" and "trust" not in value
    # a pattern met only at a length beside the one asked for is no reason to leave a field out
    sha = {"type": "object", "properties": {"sha": {"type": "string", "pattern": "^[0-9a-f]+$", "minLength": 40}}}
    assert all(len(fake_value(sha, seed, for_response=True)["sha"]) >= 40 for seed in range(5))


def test_byte_within_bounds_is_base64_and_where_none_fits_an_optional_field_is_left_out():
    # a `byte` of at most 6 characters was "hello world" in base64 cut to `aGVsbG`, which is no base64
    from mock.schema_validation import answer_back_view, is_valid

    blob = {
        "type": "object",
        "properties": {
            "short": {"type": "string", "format": "byte", "maxLength": 6},
            "long": {"type": "string", "format": "byte", "minLength": 10},
            "none_fits": {"type": "string", "format": "byte", "minLength": 2, "maxLength": 3},
        },
    }
    for seed in range(10):
        value = fake_value(blob, seed, for_response=True)
        assert len(value["short"]) == 4 and len(value["long"]) >= 12 and "none_fits" not in value
        assert is_valid(answer_back_view(blob), value)


def test_an_object_one_of_the_schema_lists_is_answered_whole():
    # PandaScore's video games: an enum of `{id, name, slug}`; coherence made Overwatch's slug `overwatch` from its
    # name, and the object was none of those listed (`ow`)
    from mock.fake_data import cohere

    games = [{"id": 14, "name": "Overwatch", "slug": "ow"}, {"id": 1, "name": "LoL", "slug": "league-of-legends"}]
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "slug": {"type": "string"}}, "enum": games}
    assert cohere(games[0], schema) == games[0]
    listing = {"type": "object", "properties": {"videogame": schema}}
    assert all(fake_value(listing, seed, for_response=True)["videogame"] in games for seed in range(10))


def test_a_list_whose_items_no_value_meets_is_answered_empty():
    # SoundCloud's user `subscriptions`: each item an object `anyOf` beside `type: array`; the objects answered broke
    # the answer, where an empty list is what conforms
    from mock.schema_validation import answer_back_view, is_valid

    subscription = {"type": "object", "properties": {"recurring": {"type": "boolean"}}}
    user = {
        "type": "object",
        "properties": {"subscriptions": {"type": "array", "items": {"anyOf": [subscription], "type": "array"}}},
    }
    for seed in range(5):
        value = fake_value(user, seed, for_response=True)
        assert value["subscriptions"] == [] and is_valid(answer_back_view(user), value)
    # the same option beside a type it shares is made as before
    fitting = {"type": "array", "items": {"anyOf": [subscription], "type": "object"}}
    assert all(fake_value(fitting, seed, for_response=True) for seed in range(5))


def test_a_string_with_a_format_and_a_pattern_meets_both():
    # OPTIMADE's versioned base URL: `format: uri` and `.+/v[0-1](\.[0-9]+)*/?$`; text made to the pattern alone
    # (`I3wvJeN/v1.2/`) was no URI
    from mock.schema_validation import answer_back_view, is_valid

    url = {"type": "string", "format": "uri", "pattern": r".+/v[0-1](\.[0-9]+)*/?$"}
    for seed in range(10):
        value = fake_value(url, seed, for_response=True)
        assert value.startswith("http") and is_valid(answer_back_view(url), value), value


@pytest.mark.parametrize(
    "impossible",
    [
        {"type": "string", "minLength": 256, "maxLength": 1},  # PayPal's card token `payer_id`
        {"type": "integer", "minimum": 10, "maximum": 1},
        {"type": "number", "minimum": 5.5, "exclusiveMaximum": 5.5},
        {"type": "array", "minItems": 3, "maxItems": 1, "items": {"type": "string"}},
    ],
)
@pytest.mark.parametrize("seed", range(3))
def test_an_optional_field_no_value_meets_is_left_out(impossible, seed):
    schema = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "odd": impossible, "count": {"type": "integer", "maximum": 3}},
    }
    value = fake_value(schema, seed)
    assert "odd" not in value and "name" in value and value["count"] <= 3


def test_a_bound_that_is_no_number_marks_nothing_unmet():
    # OpenAPI 3.0's boolean `exclusiveMaximum`, where a schema reaches the generator unnormalised
    schema = {"type": "object", "properties": {"n": {"type": "integer", "maximum": 9, "exclusiveMaximum": True}}}
    assert "n" in fake_value(schema, 1)


@pytest.mark.parametrize(("low", "high"), [(25, 25), (None, 20), (30, None), (22, 22), (27, 29), (24, None)])
def test_a_date_time_within_length_bounds_is_still_a_date_time(low, high):
    # UniCourt's `createdDate`: `format: date-time`, 25 characters, was padded with a letter (`…19.605Zo`)
    schema: dict = {"type": "string", "format": "date-time"}
    schema |= {"minLength": low} if low is not None else {}
    schema |= {"maxLength": high} if high is not None else {}
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for seed in range(10):
        jsonschema.validate(fake_value(schema, seed), schema, format_checker=checker)
    jsonschema.validate(moment_value(schema, 1_700_000_000.25, "ms"), schema, format_checker=checker)


def test_an_optional_date_time_no_length_bounds_fit_is_left_out():
    too_short = {"type": "object", "properties": {"at": {"type": "string", "format": "date-time", "maxLength": 19}}}
    assert all("at" not in fake_value(too_short, seed, for_response=True) for seed in range(5))


def test_an_optional_field_no_text_meets_both_pattern_and_format_of_is_left_out():
    # Seldon's `tensor_content`: base64 (`format: byte`) whose pattern ends in ` maxLength: 2097152`, a typo no base64
    # text meets; it was answered as the pattern's text, which is no base64
    content = {"type": "string", "format": "byte", "pattern": ".* maxLength: 2097152"}
    tensor = {"type": "object", "properties": {"version": {"type": "integer"}, "content": content}}
    assert all("content" not in fake_value(tensor, seed, for_response=True) for seed in range(5))
    hexed = {"type": "object", "properties": {"id": {"type": "string", "format": "uuid", "pattern": "^[0-9a-f-]+$"}}}
    assert all(uuid.UUID(fake_value(hexed, seed, for_response=True)["id"]) for seed in range(5))


def test_a_property_no_value_is_valid_for_is_never_made():
    # Codat's connection writes `additionalProperties: false` among its properties: a property of that name whose
    # schema is `false`. It was made `null`, which `false` refuses, and 690 answers in one contract run were invalid
    schema = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}, "platformName": {"type": "string"}, "additionalProperties": False},
    }
    for seed in range(20):
        value = fake_value(schema, seed, for_response=True)
        assert "additionalProperties" not in value and "platformName" in value
        jsonschema.validate(value, schema)
