"""A body declared `*/*` promises no syntax: a valid object schemathesis sent as text, an image or XML and the
server refused is no finding (Kubernetes' 32), while one sent as JSON and refused still is; and the schema a
body sent in a range's media type is judged by is the range's (contract_tests/runner.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from contract_tests.runner import _body_in_no_declared_syntax, _declared_body_schema

PATCH = {"type": "object", "properties": {"dryRun": {"type": "array", "items": {"type": "string"}}}}


def _recorded(media_type: str, status: int, declared: str = "*/*") -> SimpleNamespace:
    document = {
        "paths": {"/things": {"patch": {"requestBody": {"content": {declared: {"schema": PATCH}}}}}},
    }
    operation = SimpleNamespace(path="/things", method="PATCH", schema=SimpleNamespace(raw_schema=document))
    case = SimpleNamespace(media_type=media_type, body={"dryRun": ["All"]}, operation=operation)
    return SimpleNamespace(
        cases={"c": SimpleNamespace(value=case)},
        interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=status))},
    )


POSITIVE = SimpleNamespace(name="positive_data_acceptance")


@pytest.mark.parametrize("media_type", ["text/plain", "image/png", "text/xml", "multipart/mixed"])
def test_a_range_body_in_another_syntax_refused_is_forgiven(media_type: str) -> None:
    assert _body_in_no_declared_syntax(_recorded(media_type, 400), "c", POSITIVE)
    assert _body_in_no_declared_syntax(_recorded(media_type, 415), "c", SimpleNamespace(name="status_code_conformance"))


@pytest.mark.parametrize(
    "recorder",
    [
        _recorded("application/json", 400),  # JSON refused: a finding still
        _recorded("application/xml", 400, declared="application/xml"),  # declared exactly, a syntax for objects
        _recorded("text/plain", 500),  # a crash is never forgiven
    ],
)
def test_anything_else_is_still_judged(recorder: SimpleNamespace) -> None:
    assert not _body_in_no_declared_syntax(recorder, "c", POSITIVE)


def test_an_object_sent_as_plain_text_and_refused_is_forgiven() -> None:
    # Docker's and Gitea's global `consumes` list text/plain for every JSON body
    assert _body_in_no_declared_syntax(_recorded("text/plain", 400, declared="text/plain"), "c", POSITIVE)


def test_a_body_sent_in_a_ranges_media_type_is_judged_by_the_ranges_schema() -> None:
    assert _declared_body_schema(_recorded("text/xml", 200).cases["c"].value) == PATCH
    assert _declared_body_schema(_recorded("text/xml", 200, declared="text/*").cases["c"].value) == PATCH
    assert _declared_body_schema(_recorded("text/xml", 200, declared="application/json").cases["c"].value) is None


def test_an_object_sent_as_plain_text_is_no_valid_request_to_count() -> None:
    # Docker's 8 spec_example_acceptance findings: its examples sent as text/plain and refused
    from contract_tests.runner import _spec_says_valid

    assert not _spec_says_valid(_recorded("text/plain", 400, declared="text/plain").cases["c"].value, "examples")


def test_a_binary_body_of_a_media_type_schemathesis_cannot_write_is_sent_as_bytes() -> None:
    # Docker's POST /images/load takes application/x-tar: every case was an error, "Serialization not possible"
    from schemathesis.transport.requests import REQUESTS_TRANSPORT

    from contract_tests.runner import send_binary_bodies_as_bytes

    def body(media_type: str, schema: dict) -> dict:
        return {"post": {"requestBody": {"content": {media_type: {"schema": schema}}}, "responses": {}}}

    document = {
        "paths": {
            "/images/load": body("application/x-tar", {"type": "string", "format": "binary"}),
            "/archives": body("application/x-specmock-archive", {"$ref": "#/components/schemas/Bytes"}),
            "/things": body("application/x-specmock-thing", {"type": "object"}),  # no bytes: left alone
            "/kinds": body("application/x-specmock-kind", {"enum": ["a", "b"]}),  # values of its own: left alone
            # Orthanc's `POST /instances`: a DICOM file (in a body by `$ref`), its schema only described
            "/instances": {"post": {"requestBody": {"$ref": "#/components/requestBodies/Dicom"}, "responses": {}}},
        },
        "components": {
            "schemas": {"Bytes": {"type": "string"}},
            "requestBodies": {"Dicom": {"content": {"application/dicom": {"schema": {"description": "a DICOM file"}}}}},
        },
    }
    added_here = ("application/x-tar", "application/x-specmock-archive", "application/dicom")
    try:
        added = send_binary_bodies_as_bytes(document)
        assert added == list(added_here)
        assert REQUESTS_TRANSPORT.get_first_matching_media_type("application/x-tar") is not None
    finally:
        REQUESTS_TRANSPORT.unregister_serializer(*added_here)


def test_an_integer_written_with_a_fraction_and_refused_is_forgiven() -> None:
    # Gitea's `GET /admin/users?source_id=656.0`: valid to JSON Schema, no integer as text to openapi-core
    import schemathesis

    from contract_tests.runner import _integer_written_with_a_fraction

    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/users": {
                    "get": {
                        "parameters": [
                            {"name": "source_id", "in": "query", "schema": {"type": "integer"}},
                            {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}},
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/users"]["GET"]

    def recorded(value: object, status: int, name: str = "source_id") -> SimpleNamespace:
        case = operation.Case(query={name: value})
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=status))},
        )

    assert _integer_written_with_a_fraction(recorded(656.0, 400), "c", POSITIVE)
    assert _integer_written_with_a_fraction(recorded("-3.00", 422), "c", POSITIVE)
    assert not _integer_written_with_a_fraction(recorded(656, 400), "c", POSITIVE)  # a plain integer refused
    assert not _integer_written_with_a_fraction(recorded(656.0, 500), "c", POSITIVE)
    # Radarr's `movieIds=-1651164.0&movieIds=1546379`: an array's items too
    assert _integer_written_with_a_fraction(recorded([-1651164.0, 1546379], 400, "ids"), "c", POSITIVE)
    assert not _integer_written_with_a_fraction(recorded([-1651164, 1546379], 400, "ids"), "c", POSITIVE)
    # Traccar's `deviceId=1789311.0`: one value, from a stateful link, where a list of integers belongs
    assert _integer_written_with_a_fraction(recorded(1789311.0, 400, "ids"), "c", POSITIVE)
    assert not _integer_written_with_a_fraction(recorded(1789311, 400, "ids"), "c", POSITIVE)


def test_an_integer_form_field_written_with_a_fraction_and_refused_is_forgiven() -> None:
    # Traccar's `POST /share/device` form, `deviceId=-1121928.0`
    import schemathesis

    from contract_tests.runner import _integer_written_with_a_fraction

    form = {"type": "object", "properties": {"deviceId": {"type": "integer"}, "note": {"type": "string"}}}
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/share": {
                    "post": {
                        "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": form}}},
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/share"]["POST"]

    def recorded(body: dict) -> SimpleNamespace:
        case = operation.Case(body=body, media_type="application/x-www-form-urlencoded")
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=400))},
        )

    assert _integer_written_with_a_fraction(recorded({"deviceId": -1121928.0}), "c", POSITIVE)
    assert not _integer_written_with_a_fraction(recorded({"deviceId": -1121928}), "c", POSITIVE)
    assert not _integer_written_with_a_fraction(recorded({"note": "3.0"}), "c", POSITIVE)  # a string field


def test_a_refused_value_of_another_kind_than_its_parameter_is_forgiven() -> None:
    # Discourse: schemathesis' links carried a made-up uuid from `user_ids` (untyped) into `/admin/users/{id}`
    import schemathesis

    from contract_tests.runner import _link_value_off_its_parameter_type

    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/users/{id}": {
                    "get": {
                        "parameters": [
                            {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                            {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "number"}}},
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/users/{id}"]["GET"]

    def recorded(path_id: object, status: int, tags: object = None) -> SimpleNamespace:
        case = operation.Case(path_parameters={"id": path_id}, query={"tags": tags} if tags is not None else {})
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=status))},
        )

    uuid = "8d1f6c1e-0000-4000-8000-000000000001"
    assert _link_value_off_its_parameter_type(recorded(uuid, 400), "c", POSITIVE)
    assert _link_value_off_its_parameter_type(recorded(7, 400, ["x", 1.5]), "c", POSITIVE)
    assert not _link_value_off_its_parameter_type(recorded(7, 400), "c", POSITIVE)  # a valid request refused
    assert not _link_value_off_its_parameter_type(recorded(7, 400, [1.5, -2e3]), "c", POSITIVE)
    assert not _link_value_off_its_parameter_type(recorded(uuid, 500), "c", POSITIVE)


def test_a_refused_value_off_its_string_parameters_pattern_is_forgiven() -> None:
    # Twilio Conversations: schemathesis' stateful phase carried a message's `sid` (`IM…`) into a receipt's `{Sid}`,
    # whose pattern is `^DY[0-9a-fA-F]{32}$`, and the mock's 400 was called a valid request refused
    import schemathesis

    from contract_tests.runner import _link_value_off_its_parameter_type

    sid = {"type": "string", "pattern": "^DY[0-9a-fA-F]{32}$", "minLength": 34, "maxLength": 34}
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/receipts/{Sid}": {
                    "get": {
                        "parameters": [
                            {"name": "Sid", "in": "path", "required": True, "schema": sid},
                            {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/receipts/{Sid}"]["GET"]

    def recorded(value: str | None, status: int, order: str | None = None) -> SimpleNamespace:
        case = operation.Case(path_parameters={"Sid": value}, query={"order": order} if order else {})
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=status))},
        )

    good = "DY" + "a" * 32
    assert _link_value_off_its_parameter_type(recorded("IM" + "a" * 32, 400), "c", POSITIVE)
    assert _link_value_off_its_parameter_type(recorded(good, 400, "sideways"), "c", POSITIVE)
    assert not _link_value_off_its_parameter_type(recorded(good, 400, "asc"), "c", POSITIVE)  # a valid one refused
    assert not _link_value_off_its_parameter_type(recorded("IM" + "a" * 32, 500), "c", POSITIVE)
    # Lob: a stateful link filled `{bg_id}` (pattern `^bg_…`) with None, sent as the text "None"
    assert _link_value_off_its_parameter_type(recorded(None, 422), "c", POSITIVE)


def test_a_refused_header_or_deep_object_off_its_parameters_schema_is_forgiven() -> None:
    # Lob: schemathesis' coverage phase sent `Lob-Version: 0` (pattern `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`) and
    # `sort_by[send_date]=2000-01-01T00:00:00Z` (one of asc, desc) as valid requests; the mock's 422 was called a
    # valid request refused
    import schemathesis

    from contract_tests.runner import _link_value_off_its_parameter_type

    order = {"type": "string", "enum": ["asc", "desc"]}
    sort_by = {
        "allOf": [
            {"type": "object", "properties": {"date_created": order, "send_date": order}},
            {"oneOf": [{"required": ["date_created"]}, {"required": ["send_date"]}]},
        ]
    }
    version = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/checks": {
                    "get": {
                        "parameters": [
                            {
                                "name": "sort_by",
                                "in": "query",
                                "style": "deepObject",
                                "explode": True,
                                "schema": sort_by,
                            },
                            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                            {"name": "Lob-Version", "in": "header", "schema": version},
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/checks"]["GET"]

    def recorded(query: dict[str, object], headers: dict[str, str], status: int = 422) -> SimpleNamespace:
        case = operation.Case(query=query, headers=headers)
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=status))},
        )

    assert _link_value_off_its_parameter_type(recorded({}, {"Lob-Version": "0"}), "c", POSITIVE)
    assert _link_value_off_its_parameter_type(
        recorded({"sort_by": {"send_date": "2000-01-01T00:00:00Z"}}, {}), "c", POSITIVE
    )
    # Mistral: a property drawn null went out as the text `null`, which no query reads as null
    assert _link_value_off_its_parameter_type(recorded({"sort_by": {"send_date": None}}, {}), "c", POSITIVE)
    # valid ones refused: findings
    assert not _link_value_off_its_parameter_type(recorded({}, {"Lob-Version": "2024-01-01"}), "c", POSITIVE)
    assert not _link_value_off_its_parameter_type(
        recorded({"sort_by": {"send_date": "asc"}, "limit": 3}, {}), "c", POSITIVE
    )
    assert not _link_value_off_its_parameter_type(recorded({}, {"Lob-Version": "0"}, status=500), "c", POSITIVE)


def test_a_refused_value_off_its_string_parameters_format_is_forgiven() -> None:
    # Resend: a cancel of an email id fuzzed into a path answered that id back, and the stateful phase carried it
    # into `/emails/{email_id}/attachments`, whose `{email_id}` is a uuid: the mock's 400 was no valid request refused
    import schemathesis

    from contract_tests.runner import _link_value_off_its_parameter_type

    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/emails/{email_id}/attachments": {
                    "get": {
                        "parameters": [
                            {
                                "name": "email_id",
                                "in": "path",
                                "required": True,
                                "schema": {"type": "string", "format": "uuid"},
                            }
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/emails/{email_id}/attachments"]["GET"]

    def recorded(value: str, status: int) -> SimpleNamespace:
        case = operation.Case(path_parameters={"email_id": value})
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=status))},
        )

    assert _link_value_off_its_parameter_type(recorded("ê+#QÌÂø", 400), "c", POSITIVE)
    assert _link_value_off_its_parameter_type(recorded("49a3999c-0ce1-4ea6-ab68-afcd6dc2e794-2", 400), "c", POSITIVE)
    assert not _link_value_off_its_parameter_type(recorded("49a3999c-0ce1-4ea6-ab68-afcd6dc2e794", 400), "c", POSITIVE)


def _form_case(body: dict, encoding: dict | None = None) -> SimpleNamespace:
    declared: dict = {"schema": {"type": "object"}}
    if encoding is not None:
        declared["encoding"] = encoding
    document = {
        "paths": {
            "/piggy-banks": {"post": {"requestBody": {"content": {"application/x-www-form-urlencoded": declared}}}}
        }
    }
    operation = SimpleNamespace(path="/piggy-banks", method="POST", schema=SimpleNamespace(raw_schema=document))
    return SimpleNamespace(media_type="application/x-www-form-urlencoded", body=body, operation=operation)


def test_an_example_a_form_cannot_carry_is_no_valid_request_to_count() -> None:
    # Firefly III's piggy bank example holds `accounts: [{id, name, current_amount}]`: a form writes no list of
    # objects, schemathesis sent `accounts=id&accounts=name&…`, and the refusal was reported as the example rejected
    from contract_tests.runner import _spec_says_valid

    listed = {"name": "couch", "accounts": [{"id": "3", "current_amount": "1.00"}]}
    assert not _spec_says_valid(_form_case(listed), "examples")
    assert not _spec_says_valid(_form_case({"name": "couch", "address": {"city": "Delft"}}), "examples")
    assert _spec_says_valid(_form_case({"name": "couch", "tags": ["a", "b"]}), "examples")
    as_json = {"accounts": {"contentType": "application/json"}}
    assert _spec_says_valid(_form_case(listed, as_json), "examples")  # the encoding says how: JSON text


def test_a_form_refused_for_a_list_of_objects_it_cannot_write_is_forgiven() -> None:
    # Discord's `POST /lobbies/{id}/messages` as a form: `embeds`, a list of objects, went as their keys, and the
    # refusal was reported as a schema-valid request rejected (fuzzing phase)
    case = _form_case({"content": "hi", "embeds": [{"title": "t"}]})
    recorder = SimpleNamespace(
        cases={"c": SimpleNamespace(value=case)},
        interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=400))},
    )
    assert _body_in_no_declared_syntax(recorder, "c", POSITIVE)
    flat = _form_case({"content": "hi"})
    recorder.cases["c"] = SimpleNamespace(value=flat)
    assert not _body_in_no_declared_syntax(recorder, "c", POSITIVE)


def _query_case(query: dict, parameter: dict) -> SimpleNamespace:
    document = {"paths": {"/search": {"get": {"parameters": [{"name": "mdfilters", "in": "query", **parameter}]}}}}
    operation = SimpleNamespace(path="/search", method="GET", schema=SimpleNamespace(raw_schema=document))
    return SimpleNamespace(media_type=None, body=None, query=query, operation=operation)


def test_an_example_no_query_style_can_write_is_no_valid_request_to_count() -> None:
    # Box's `GET /search?mdfilters=…` example is a list of one object: schemathesis sent Python's text of it
    # (`{'scope': 'enterprise', …}`), the refusal was reported as the spec's own example rejected
    from contract_tests.runner import _spec_says_valid

    listed = {"mdfilters": [{"scope": "enterprise", "templateKey": "contract"}]}
    styled = {"schema": {"type": "array", "items": {"type": "object"}}}
    assert not _spec_says_valid(_query_case(listed, styled), "examples")
    assert _spec_says_valid(_query_case({"mdfilters": ["a", "b"]}, styled), "examples")
    as_json = {"content": {"application/json": {"schema": {"type": "array"}}}}
    assert _spec_says_valid(_query_case(listed, as_json), "examples")  # `content` says how: JSON text


def test_an_object_inside_a_deep_object_is_beyond_its_style() -> None:
    # Apideck's `filter` (deepObject) holds `service`, a nullable object: drawn `{}`, it went out as
    # `filter[service]=`, which no reader takes for an object, and its refusal was the spec's example rejected
    from contract_tests.runner import _spec_says_valid

    nested = {"type": "object", "nullable": True, "properties": {"id": {"type": "string"}}}
    schema = {"type": "object", "properties": {"consumer_id": {"type": "string"}, "service": nested}}
    deep = {"style": "deepObject", "explode": True, "schema": schema}
    sent = {"mdfilters[consumer_id]": "test_user_id", "mdfilters[service]": ""}
    assert not _spec_says_valid(_query_case(sent, deep), "examples")
    assert _spec_says_valid(_query_case({"mdfilters[consumer_id]": ""}, deep), "examples")  # text, written empty
    assert _spec_says_valid(_query_case({"mdfilters[consumer_id]": "x"}, deep), "examples")
    # held as the object itself, as the examples phase holds Apideck's webhook logs' `filter`: a null or an empty
    # object inside it goes out as `mdfilters[service]=` all the same
    for inside in (None, {}, ""):
        held = {"mdfilters": {"consumer_id": "test_user_id", "service": inside}}
        assert not _spec_says_valid(_query_case(held, deep), "examples")
        flat = {"mdfilters[consumer_id]": "test_user_id", "mdfilters[service]": inside}
        assert not _spec_says_valid(_query_case(flat, deep), "examples")
    assert _spec_says_valid(_query_case({"mdfilters": {"consumer_id": "x", "service": {"id": "s"}}}, deep), "examples")


def test_an_example_without_a_part_its_form_requires_is_no_valid_request_to_count() -> None:
    # OpenAI's `POST /images/edits` example gives its prompt and options but no `image` file, which the multipart
    # body requires: the refusal ("body image is required") was reported as the spec's own example rejected
    from contract_tests.runner import _spec_says_valid

    declared = {"schema": {"type": "object", "required": ["image", "prompt"]}}
    document = {"paths": {"/images/edits": {"post": {"requestBody": {"content": {"multipart/form-data": declared}}}}}}
    operation = SimpleNamespace(path="/images/edits", method="POST", schema=SimpleNamespace(raw_schema=document))

    def case(body: dict) -> SimpleNamespace:
        return SimpleNamespace(media_type="multipart/form-data", body=body, query=None, operation=operation)

    assert not _spec_says_valid(case({"prompt": "an otter"}), "examples")
    assert _spec_says_valid(case({"prompt": "an otter", "image": b"\x89PNG"}), "examples")
    assert _spec_says_valid(case({"prompt": "an otter"}), "fuzzing")  # drawn from the schema: not second-guessed


def test_a_refused_parameter_that_fits_more_than_one_of_its_choices_is_forgiven() -> None:
    # Deepgram's `POST /v1/listen?model=nova-3`, `model: oneOf [enum of known models, any text]`: "nova-3" fits both,
    # which `oneOf` refuses, and the mock's 400 was called a valid request refused
    import schemathesis

    from contract_tests.runner import _link_value_off_its_parameter_type

    model = {
        "oneOf": [{"type": "string", "enum": ["nova-3", "nova-2"]}, {"type": "string", "pattern": "^(custom-|nova)"}]
    }
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/listen": {
                    "post": {
                        "parameters": [{"name": "model", "in": "query", "schema": model}],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/listen"]["POST"]

    def recorded(value: str) -> SimpleNamespace:
        case = operation.Case(query={"model": value})
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=400))},
        )

    assert _link_value_off_its_parameter_type(recorded("nova-3"), "c", POSITIVE)
    assert not _link_value_off_its_parameter_type(recorded("custom-1"), "c", POSITIVE)  # one choice: refused wrongly


def test_a_refused_value_no_part_of_its_all_of_takes_is_forgiven() -> None:
    # Hanko's `meta_source_ip`: `allOf: [ipv4, ipv6]`, which no text is; `0` drawn for it was called a valid request
    # refused
    import schemathesis

    from contract_tests.runner import _link_value_off_its_parameter_type

    both = {"allOf": [{"type": "string", "format": "ipv4"}, {"type": "string", "format": "ipv6"}]}
    either = {"anyOf": [{"type": "string", "format": "ipv4"}, {"type": "string", "format": "ipv6"}]}
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/logs": {
                    "get": {
                        "parameters": [
                            {"name": "ip", "in": "query", "schema": both},
                            {"name": "from_ip", "in": "query", "schema": either},
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/logs"]["GET"]

    def recorded(query: dict) -> SimpleNamespace:
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=operation.Case(query=query))},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=400))},
        )

    assert _link_value_off_its_parameter_type(recorded({"ip": "0"}), "c", POSITIVE)
    assert _link_value_off_its_parameter_type(recorded({"ip": "127.0.0.1"}), "c", POSITIVE)  # not an ipv6
    assert not _link_value_off_its_parameter_type(recorded({"from_ip": "127.0.0.1"}), "c", POSITIVE)


def test_a_null_sent_in_a_path_is_no_valid_request() -> None:
    # Airflow's `{try_number}` is an integer or null; schemathesis' coverage phase sent `…/tries/null` as valid, and
    # the mock's 422 (openapi-core's reading too) was called a valid request refused
    import schemathesis

    from contract_tests.runner import _link_value_off_its_parameter_type

    nullable = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/tries/{n}": {
                    "get": {
                        "parameters": [{"name": "n", "in": "path", "required": True, "schema": nullable}],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/tries/{n}"]["GET"]

    def recorded(value: object) -> SimpleNamespace:
        case = operation.Case(path_parameters={"n": value})
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=422))},
        )

    assert _link_value_off_its_parameter_type(recorded(None), "c", POSITIVE)
    assert _link_value_off_its_parameter_type(recorded("null"), "c", POSITIVE)
    assert not _link_value_off_its_parameter_type(recorded(3), "c", POSITIVE)


def test_a_path_value_that_breaks_the_url_says_nothing_of_the_operation() -> None:
    # schemathesis wrote a list drawn for Airflow's untyped `{dag_id}` as `['…?']`: the `?` ended the path, and the
    # 405 of `/dags/{dag_id}` was called a valid request refused and an undocumented status
    from contract_tests.runner import _path_broken_by_a_value

    def recorded(url: str, status: int = 405) -> SimpleNamespace:
        case = SimpleNamespace(operation=SimpleNamespace(path="/api/v2/dags/{dag_id}/dagRuns"))
        response = SimpleNamespace(status_code=status, request=SimpleNamespace(url=url))
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)}, interactions={"c": SimpleNamespace(response=response)}
        )

    base = "http://127.0.0.1:8000"
    assert _path_broken_by_a_value(recorded(f"{base}/api/v2/dags/['x?']/dagRuns"), "c", POSITIVE)
    assert _path_broken_by_a_value(recorded(f"{base}/api/v2/dags/a/b/dagRuns"), "c", POSITIVE)
    assert not _path_broken_by_a_value(recorded(f"{base}/api/v2/dags/a%2Fb/dagRuns"), "c", POSITIVE)
    assert not _path_broken_by_a_value(recorded(f"{base}/api/v2/dags/etl/dagRuns?limit=5"), "c", POSITIVE)
    crash = SimpleNamespace(name="not_a_server_error")
    assert not _path_broken_by_a_value(recorded(f"{base}/api/v2/dags/['x?']/dagRuns", 500), "c", crash)


def test_an_invalid_form_accepted_is_forgiven_where_the_form_as_sent_is_valid() -> None:
    # Firefly III: schemathesis' "invalid" forms held an empty list for an optional `deliveries` (`minItems: 1`), which
    # a form sends as no field at all, and an empty `target_date` for a nullable date, which reads as null
    import schemathesis

    from contract_tests.runner import _form_valid_as_sent

    form = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "count": {"type": "integer"},
            "target_date": {"type": ["string", "null"], "format": "date"},
            "deliveries": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        },
    }
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/piggy-banks": {
                    "post": {
                        "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": form}}},
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/piggy-banks"]["POST"]

    def recorded(sent: str) -> SimpleNamespace:
        case = operation.Case(body={}, media_type="application/x-www-form-urlencoded")
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(request=SimpleNamespace(body=sent.encode()), response=None)},
        )

    negative = SimpleNamespace(name="negative_data_rejection")
    assert _form_valid_as_sent(recorded("name=cam&target_date="), "c", negative)
    assert _form_valid_as_sent(recorded("name=cam&count=5"), "c", negative)  # `deliveries: []` went as nothing
    assert not _form_valid_as_sent(recorded("name=cam&count=five"), "c", negative)
    assert not _form_valid_as_sent(recorded("count=5"), "c", negative)  # the required name is missing
    assert not _form_valid_as_sent(recorded("name=cam&target_date=soon"), "c", negative)
    assert not _form_valid_as_sent(recorded("name=cam&target_date="), "c", POSITIVE)


def test_a_refused_value_off_its_parameters_const_is_forgiven() -> None:
    # Airflow's batch task list takes `{dag_id}` of `const: "~"` (every DAG); a stateful link carried a real DAG's id
    # there, and the mock's 422 was called a valid request refused
    import schemathesis

    from contract_tests.runner import _link_value_off_its_parameter_type

    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/dags/{dag_id}/list": {
                    "post": {
                        "parameters": [
                            {
                                "name": "dag_id",
                                "in": "path",
                                "required": True,
                                "schema": {"type": "string", "const": "~"},
                            }
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/dags/{dag_id}/list"]["POST"]

    def recorded(value: str) -> SimpleNamespace:
        case = operation.Case(path_parameters={"dag_id": value})
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=422))},
        )

    assert _link_value_off_its_parameter_type(recorded("etl_daily"), "c", POSITIVE)
    assert not _link_value_off_its_parameter_type(recorded("~"), "c", POSITIVE)


def _negated(media_type: str, body: object, *negated: str) -> SimpleNamespace:
    from schemathesis.core.parameters import ParameterLocation
    from schemathesis.generation import GenerationMode
    from schemathesis.generation.meta import ComponentInfo

    modes = {ParameterLocation(place): ComponentInfo(GenerationMode.NEGATIVE) for place in negated}
    case = SimpleNamespace(media_type=media_type, body=body, meta=SimpleNamespace(components=modes))
    return SimpleNamespace(cases={"c": SimpleNamespace(value=case)})


NEGATIVE = SimpleNamespace(name="negative_data_rejection")


@pytest.mark.parametrize(
    ("recorder", "forgiven"),
    [
        # Authentiq's claims in `application/jwt`, written by the engine as JSON text, lacking `sub`
        (_negated("application/jwt", {"devtoken": ""}, "body"), True),
        (_negated("application/json", {"devtoken": ""}, "body"), False),  # JSON: its fields are read
        (_negated("application/jwt", "not-a-token", "body"), False),  # text in any media type is text
        (_negated("application/jwt", {"devtoken": ""}, "body", "query"), False),  # the query broken too
    ],
)
def test_an_invalid_object_taken_in_no_syntax_for_objects_is_forgiven(recorder, forgiven) -> None:
    from contract_tests.runner import _object_in_no_syntax_taken

    assert _object_in_no_syntax_taken(recorder, "c", NEGATIVE) is forgiven
    assert not _object_in_no_syntax_taken(recorder, "c", POSITIVE)


def test_a_list_body_no_form_or_xml_document_writes_is_no_valid_request_to_count() -> None:
    # agco-ats' batch writes (`PUT …/Batch`, an array) declared in forms and XML too: schemathesis wrote the list
    # as sibling roots (`<data>a</data><data>b</data>`, no XML document) and as form pairs of nothing the schema
    # names; each refusal was reported as a valid request rejected
    from contract_tests.runner import _spec_says_valid

    batch = [{"name": "a"}, {"name": "b"}]
    assert not _spec_says_valid(_form_case(batch), "fuzzing")  # type: ignore[arg-type]
    xml_case = _form_case({"name": "a"})
    xml_case.media_type, xml_case.body = "application/xml", batch
    sent = SimpleNamespace(body=b"<item><name>a</name></item><item><name>b</name></item>")
    assert not _spec_says_valid(xml_case, "fuzzing", sent)
    sent.body = b"<items><item><name>a</name></item><item><name>b</name></item></items>"
    assert _spec_says_valid(xml_case, "fuzzing", sent)  # one document: the server's to read


def test_a_list_refused_where_it_was_written_as_no_xml_document_is_forgiven() -> None:
    recorder = _recorded("application/xml", 400, declared="application/xml")
    recorder.cases["c"].value.body = [{"name": "a"}, {"name": "b"}]
    recorder.interactions["c"].request = SimpleNamespace(body=b"<item><name>a</name></item><item><name>b</name></item>")
    assert _body_in_no_declared_syntax(recorder, "c", POSITIVE)
    recorder.interactions["c"].request.body = b"<items><item><name>a</name></item></items>"
    assert not _body_in_no_declared_syntax(recorder, "c", POSITIVE)  # one document refused: a finding still


def test_an_xml_null_taken_as_the_text_null_is_forgiven() -> None:
    # agco-ats' `<Name>null</Name>`: schemathesis' null, in XML the text "null", which a text field holds
    from contract_tests.runner import _xml_judged_as_sent

    schema = {"type": "object", "xml": {"name": "Attribute"}, "properties": {"Name": {"type": "string"}}}
    document = {
        "paths": {"/attributes": {"put": {"requestBody": {"content": {"application/xml": {"schema": schema}}}}}}
    }
    operation = SimpleNamespace(path="/attributes", method="PUT", schema=SimpleNamespace(raw_schema=document))

    def recorded(sent: bytes, status: int = 200) -> SimpleNamespace:
        case = SimpleNamespace(media_type="application/xml", body={"Name": None}, operation=operation)
        exchange = SimpleNamespace(request=SimpleNamespace(body=sent), response=SimpleNamespace(status_code=status))
        return SimpleNamespace(cases={"c": SimpleNamespace(value=case)}, interactions={"c": exchange})

    negative = SimpleNamespace(name="negative_data_rejection")
    assert _xml_judged_as_sent(recorded(b"<Attribute><Name>null</Name></Attribute>"), "c", negative)
    # elements where text belongs are invalid as sent too: a finding still
    assert not _xml_judged_as_sent(recorded(b"<Attribute><Name><a>1</a></Name></Attribute>"), "c", negative)


def test_a_valid_body_written_as_an_invalid_xml_document_and_refused_is_forgiven() -> None:
    # a string holding a control character, which XML cannot hold: the document as sent is no document at all
    from contract_tests.runner import _xml_judged_as_sent

    schema = {
        "type": "object",
        "xml": {"name": "request"},
        "required": ["prices"],
        "properties": {"prices": {"type": "array", "items": {"type": "integer"}}, "note": {"type": "string"}},
    }
    document = {"paths": {"/prices": {"put": {"requestBody": {"content": {"application/xml": {"schema": schema}}}}}}}
    operation = SimpleNamespace(path="/prices", method="PUT", schema=SimpleNamespace(raw_schema=document))

    def recorded(sent: bytes, status: int) -> SimpleNamespace:
        case = SimpleNamespace(
            media_type="application/xml", body={"prices": [], "note": "a\u0001"}, operation=operation
        )
        exchange = SimpleNamespace(request=SimpleNamespace(body=sent), response=SimpleNamespace(status_code=status))
        return SimpleNamespace(cases={"c": SimpleNamespace(value=case)}, interactions={"c": exchange})

    positive = SimpleNamespace(name="positive_data_acceptance")
    unreadable = b"<request><note>a&#1;</note></request>"
    assert _xml_judged_as_sent(recorded(unreadable, 400), "c", positive)
    assert not _xml_judged_as_sent(recorded(b"<request><prices>1</prices></request>", 400), "c", positive)
    # Magento's `{"prices": []}` written `<request></request>`: an unwrapped list of no items is no element, and the
    # document is read as holding it, as the mock reads it: a refusal is a finding
    assert not _xml_judged_as_sent(recorded(b"<request></request>", 400), "c", positive)
    assert not _xml_judged_as_sent(recorded(unreadable, 500), "c", positive)  # a crash never is
    # a refusal in the status of the API's own exception (CloudWatch's `InvalidParameterValue`, 480) is one too
    assert _xml_judged_as_sent(recorded(unreadable, 480), "c", positive)
    assert not _xml_judged_as_sent(recorded(b"<request><prices>1</prices></request>", 480), "c", positive)


def test_a_list_its_style_joins_is_judged_item_by_item() -> None:
    # firebrowse: `cohort` (form, not exploded; items of an enum) went out as schemathesis' `DelimitedValue`
    # `ACC,BRCA`; read as one text it crashed the validator (a `str` subclass) and, plain, would have been off the
    # enum, so a valid list refused would have been forgiven
    import schemathesis
    from schemathesis.core.parameters import DelimitedValue, EncodedPath

    from contract_tests.runner import _link_value_off_its_parameter_type

    cohort = {"type": "array", "items": {"type": "string", "enum": ["ACC", "BRCA", "LUAD"]}}
    piped = {"type": "array", "items": {"type": "integer"}}
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/genes/{gene}": {
                    "get": {
                        "parameters": [
                            {
                                "name": "gene",
                                "in": "path",
                                "required": True,
                                "schema": {"type": "string", "format": "uuid"},
                            },
                            {"name": "cohort", "in": "query", "style": "form", "explode": False, "schema": cohort},
                            {"name": "ids", "in": "query", "style": "pipeDelimited", "schema": piped},
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/genes/{gene}"]["GET"]
    gene = EncodedPath("8d1f6c1e-0000-4000-8000-000000000001")

    def recorded(query: dict, path: str = gene) -> SimpleNamespace:
        case = operation.Case(path_parameters={"gene": path}, query=query)
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=400))},
        )

    joined = DelimitedValue("ACC,BRCA", "ACC,BRCA")
    assert not _link_value_off_its_parameter_type(recorded({"cohort": joined}), "c", POSITIVE)  # valid, refused
    assert _link_value_off_its_parameter_type(recorded({"cohort": DelimitedValue("ACC,XYZ", "ACC,XYZ")}), "c", POSITIVE)
    assert not _link_value_off_its_parameter_type(recorded({"ids": DelimitedValue("1|2", "1|2")}), "c", POSITIVE)
    assert _link_value_off_its_parameter_type(recorded({"ids": DelimitedValue("1|x", "1|x")}), "c", POSITIVE)
    assert _link_value_off_its_parameter_type(recorded({}, EncodedPath("not-a-uuid")), "c", POSITIVE)


def test_an_invalid_multipart_accepted_is_forgiven_where_its_parts_as_sent_are_valid() -> None:
    # api.video: a stateful case labelled negative sent the logo's `file` and `link` with two more parts of made-up
    # names, which its schema (no `additionalProperties: false`) allows; the mock's 201 was called invalid data taken
    import schemathesis

    from contract_tests.runner import _form_valid_as_sent

    form = {
        "type": "object",
        "required": ["file", "link"],
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "link": {"type": "string"},
            "size": {"type": "integer"},
            "meta": {"type": "object", "properties": {"alt": {"type": "string"}}},
        },
    }
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/logo": {
                    "post": {
                        "requestBody": {"content": {"multipart/form-data": {"schema": form}}},
                        "responses": {"201": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/logo"]["POST"]
    boundary = "b0undary"

    def recorded(*parts: tuple[str, str, str]) -> SimpleNamespace:
        body = (
            "".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"{extra}\r\n\r\n{value}\r\n'
                for name, extra, value in parts
            )
            + f"--{boundary}--\r\n"
        )
        request = SimpleNamespace(
            body=body.encode(), headers={"Content-Type": [f"multipart/form-data; boundary={boundary}"]}
        )
        case = operation.Case(body={}, media_type="multipart/form-data")
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case)},
            interactions={"c": SimpleNamespace(request=request, response=None)},
        )

    negative = SimpleNamespace(name="negative_data_rejection")
    file = ("file", '; filename="file"', "\x89PNG")
    assert _form_valid_as_sent(recorded(("zz", "", '{"a": 1}'), file, ("link", "", "rgba(1, 2, 3, .9)")), "c", negative)
    assert _form_valid_as_sent(recorded(file, ("link", "", "x"), ("meta", "", '{"alt": "logo"}')), "c", negative)
    assert not _form_valid_as_sent(recorded(("zz", "", "1"), file), "c", negative)  # the required link is missing
    assert not _form_valid_as_sent(recorded(file, ("link", "", "x"), ("size", "", "big")), "c", negative)
    assert not _form_valid_as_sent(recorded(file, ("link", "", "x"), ("meta", "", '{"alt": 4}')), "c", negative)


def test_a_valid_request_refused_where_the_operation_declares_only_refusals_is_forgiven() -> None:
    # taggun's campaign settings declare a 400 alone: a server true to the spec refuses every request there
    import schemathesis

    from contract_tests.runner import _refused_where_no_success_is_declared

    def operation_declaring(*statuses: str) -> Any:
        responses = {status: {"description": status} for status in statuses}
        schema = schemathesis.openapi.from_dict(
            {
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {"/settings": {"get": {"responses": responses}}},
            }
        )
        return schema["/settings"]["GET"]

    def recorded(operation: Any) -> SimpleNamespace:
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=operation.Case())},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=400))},
        )

    assert _refused_where_no_success_is_declared(recorded(operation_declaring("400")), "c", POSITIVE)
    assert _refused_where_no_success_is_declared(recorded(operation_declaring("400", "404")), "c", POSITIVE)
    assert not _refused_where_no_success_is_declared(recorded(operation_declaring("200", "400")), "c", POSITIVE)
    assert not _refused_where_no_success_is_declared(recorded(operation_declaring("default")), "c", POSITIVE)
    negative = SimpleNamespace(name="negative_data_rejection")
    assert not _refused_where_no_success_is_declared(recorded(operation_declaring("400")), "c", negative)


def test_a_number_of_its_kind_off_its_bounds_or_format_is_off_its_schema() -> None:
    # ideal-postcodes' own example sends `start=1418556452651`, a millisecond time, for an int32 `start`: refused
    # as any server true to the spec (openapi-core too) refuses it, it was called a valid request refused
    import schemathesis

    from contract_tests.runner import _link_value_off_its_parameter_type, _spec_says_valid

    start = {"type": "integer", "format": "int32"}
    limit = {"type": "number", "minimum": 1, "maximum": 100}
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/lookups": {
                    "get": {
                        "parameters": [
                            {"name": "start", "in": "query", "schema": start},
                            {"name": "limit", "in": "query", "schema": limit},
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    operation = schema["/lookups"]["GET"]

    def recorded(query: dict) -> SimpleNamespace:
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=operation.Case(query=query))},
            interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=400))},
        )

    assert _link_value_off_its_parameter_type(recorded({"start": 1418556452651}), "c", POSITIVE)
    assert _link_value_off_its_parameter_type(recorded({"limit": "0.5"}), "c", POSITIVE)
    assert _link_value_off_its_parameter_type(recorded({"limit": "1e999"}), "c", POSITIVE) is False  # unread: judged
    assert not _link_value_off_its_parameter_type(recorded({"start": 2147483647, "limit": "99.5"}), "c", POSITIVE)
    assert not _spec_says_valid(operation.Case(query={"start": 1418556452651}), "examples")
    assert _spec_says_valid(operation.Case(query={"start": 1418556452}), "examples")


def test_a_body_declared_with_parameters_and_referred_to_with_percent_escapes_is_found() -> None:
    # openSUSE's OBS declares `application/xml; charset=utf-8`, each body schema a `$ref` to a GET answer's
    # (`#/paths/~1group~1%7Bgroup_title%7D/…`): neither was found, so no XML sent was judged as it went out
    from contract_tests.spec_facts import json_pointer

    declared = "application/xml; charset=utf-8"
    assert _declared_body_schema(_recorded("application/xml", 200, declared=declared).cases["c"].value) == PATCH
    assert _declared_body_schema(_recorded(declared, 200, declared=declared).cases["c"].value) == PATCH
    document = {"paths": {"/group/{title}": {"get": {"content": {"application/xml; charset=utf-8": PATCH}}}}}
    assert json_pointer(document, "#/paths/~1group~1%7Btitle%7D/get/content/application~1xml;%20charset=utf-8") == PATCH
    assert json_pointer({"a%7B": 1}, "/a%7B") == 1  # a plain JSON pointer is not a URI's: read as written
