"""A type change an XML or form body cannot show is no accepted invalid request (contract_tests/runner.py).

The runner reads schemathesis' own case metadata (the coverage scenario and the schema location it broke), not
the message: `<has_dog>0</has_dog>` is an XML Schema boolean, so a server that took it was right, while
`<has_dog>maybe</has_dog>` taken, or `0` taken in a JSON body, is still a finding.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from schemathesis.core.mutations import Mutation, MutationChannel, OperatorKind
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import ComponentInfo, CoveragePhaseData, CoverageScenario, FuzzingPhaseData

from contract_tests.runner import (
    _allowed_by_a_same_shaped_path,
    _empty_form_for_an_optional_body,
    _format_requests_are_not_held_to,
    _invalid_input_refused_without_declared_status,
    _json_body_off_its_schema,
    _negated_parameters_sent_as_valid_text,
    _no_bytes_for_a_required_body,
    _query_text_fits,
    _required_form_field_not_sent,
    _sent_as_a_same_shaped_paths_method,
    _taken_by_a_same_shaped_path,
    _text_reads_as,
    _type_a_text_body_cannot_show,
    without_ignored_header_parameters,
)

BOOKING = {
    "type": "object",
    "properties": {
        "has_dog": {"type": "boolean"},
        "seats": {"type": "integer"},
        "price": {"type": ["number", "null"]},
        "name": {"type": "string"},
        "owner": {"type": "object", "properties": {"age": {"type": "integer"}}},
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
    },
}


def _recorder(
    body: object,
    media_type: str = "application/xml",
    location: str = "/properties/has_dog/type",
    scenario: CoverageScenario = CoverageScenario.INCORRECT_TYPE,
    negated: tuple[ParameterLocation, ...] = (ParameterLocation.BODY,),
) -> SimpleNamespace:
    data = CoveragePhaseData(scenario, "Incorrect type", location, media_type, ParameterLocation.BODY)
    return _recorded(body, media_type, data, negated)


def _recorded(
    body: object, media_type: str, data: object, negated: tuple[ParameterLocation, ...] = (ParameterLocation.BODY,)
) -> SimpleNamespace:
    components = {place: ComponentInfo(GenerationMode.NEGATIVE) for place in negated}
    meta = SimpleNamespace(components=components, phase=SimpleNamespace(data=data))
    # the runner reads the body schema from the document the run tests, `$ref`s resolved
    document = {"paths": {"/bookings": {"post": {"requestBody": {"content": {media_type: {"schema": BOOKING}}}}}}}
    operation = SimpleNamespace(path="/bookings", method="POST", schema=SimpleNamespace(raw_schema=document))
    case = SimpleNamespace(meta=meta, media_type=media_type, body=body, operation=operation)
    return SimpleNamespace(cases={"c": SimpleNamespace(value=case)})


NEGATIVE = SimpleNamespace(name="negative_data_rejection")


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"has_dog": 0}, "/properties/has_dog/type"),
        ({"has_dog": "true"}, "/properties/has_dog/type"),
        ({"seats": "12"}, "/properties/seats/type"),
        ({"seats": False}, "/properties/seats/type"),  # hypothetically: `false` is no integer's text
        ({"price": "-1.5e3"}, "/properties/price/type"),
        ({"name": 5}, "/properties/name/type"),
        ({"owner": {"age": "7"}}, "/properties/owner/properties/age/type"),
    ],
)
def test_a_value_whose_text_is_of_the_declared_type(body: dict, location: str) -> None:
    expected = body != {"seats": False}
    assert _type_a_text_body_cannot_show(_recorder(body, location=location), "c", NEGATIVE) is expected


def test_a_body_value_whose_text_is_of_its_type_beside_only_extra_query_parameters() -> None:
    # Spree's multipart `digital[variant_id]` sent as 2664, with an undeclared query parameter beside it: schemathesis
    # lets a server ignore the extra parameter and the part is text either way, but the case was "Schema-violating
    # request accepted". A declared query parameter negated beside it is still judged.
    both = (ParameterLocation.BODY, ParameterLocation.QUERY)
    extra = _recorder({"name": 2664}, "multipart/form-data", "/properties/name/type", negated=both)
    extra.cases["c"].value.query = {"utm_source_unknown": "x"}
    assert _type_a_text_body_cannot_show(extra, "c", NEGATIVE)
    declared = _recorder({"name": 2664}, "multipart/form-data", "/properties/name/type", negated=both)
    declared.cases["c"].value.query = {"include": 5}
    paths = declared.cases["c"].value.operation.schema.raw_schema["paths"]
    paths["/bookings"]["post"]["parameters"] = [{"name": "include", "in": "query", "schema": {"type": "string"}}]
    assert not _type_a_text_body_cannot_show(declared, "c", NEGATIVE)


def test_the_body_schema_is_read_through_its_ref() -> None:
    # the engine is given component schemas by reference (contract_tests.documents.with_component_refs)
    recorder = _recorder({"has_dog": 0})
    operation = recorder.cases["c"].value.operation
    content = operation.schema.raw_schema["paths"]["/bookings"]["post"]["requestBody"]["content"]["application/xml"]
    content["schema"] = {"$ref": "#/components/schemas/Booking"}
    operation.schema.raw_schema["components"] = {"schemas": {"Booking": BOOKING}}
    assert _type_a_text_body_cannot_show(recorder, "c", NEGATIVE)


def test_an_empty_list_is_an_optional_property_left_out() -> None:
    # Train's `has_bicycle: []` in XML: no element at all, so a booking without it, which is valid
    assert _type_a_text_body_cannot_show(_recorder({"has_dog": []}), "c", NEGATIVE)
    assert _type_a_text_body_cannot_show(_recorder({"has_dog": []}, "application/x-www-form-urlencoded"), "c", NEGATIVE)
    required = _recorder({"has_dog": []})
    booking_required = {**BOOKING, "required": ["has_dog"]}
    content = required.cases["c"].value.operation.schema.raw_schema["paths"]["/bookings"]["post"]["requestBody"]
    content["content"]["application/xml"]["schema"] = booking_required
    assert not _type_a_text_body_cannot_show(required, "c", NEGATIVE)  # a required property left out: a finding


def test_an_empty_element_is_an_object_of_no_fields() -> None:
    # Train's whole booking fuzzed to "": written as `<booking></booking>`, a booking of no fields, which is valid
    assert _type_a_text_body_cannot_show(_recorder("", location="/type"), "c", NEGATIVE)
    assert not _type_a_text_body_cannot_show(_recorder("x", location="/type"), "c", NEGATIVE)
    assert not _type_a_text_body_cannot_show(_recorder("", "application/json", location="/type"), "c", NEGATIVE)
    fuzzed = _recorded(
        "", "application/xml", FuzzingPhaseData("f", None, ParameterLocation.BODY, None, (_mutation((), ""),))
    )
    assert _type_a_text_body_cannot_show(fuzzed, "c", NEGATIVE)  # the fuzzing phase's whole-body change, alike


def test_form_bodies_are_text_too() -> None:
    assert _type_a_text_body_cannot_show(_recorder({"has_dog": 1}, "application/x-www-form-urlencoded"), "c", NEGATIVE)


@pytest.mark.parametrize(
    "recorder",
    [
        _recorder({"has_dog": "maybe"}),  # no boolean's text: a real finding
        _recorder({"has_dog": 0}, media_type="application/json"),  # JSON keeps its types
        _recorder({"has_dog": 0}, scenario=CoverageScenario.INVALID_ENUM_VALUE),
        _recorder({"has_dog": 0}, negated=(ParameterLocation.BODY, ParameterLocation.QUERY)),
        _recorder({"has_dog": [0]}),
        _recorder({"has_dog": []}, media_type="application/json"),  # JSON writes the empty list
        _recorder(True, location="/type"),  # the whole body: an element's text is no object
        _recorder({"owner": [1]}, location="/properties/owner/items/type"),
    ],
)
def test_anything_else_is_still_judged(recorder: SimpleNamespace) -> None:
    assert not _type_a_text_body_cannot_show(recorder, "c", NEGATIVE)


def test_other_checks_are_untouched() -> None:
    schema_check = SimpleNamespace(name="response_schema_conformance")
    assert not _type_a_text_body_cannot_show(_recorder({"has_dog": 0}), "c", schema_check)


def _mutation(path: tuple, new_value: object, operator: OperatorKind = OperatorKind.CHANGE_TYPE, **more) -> Mutation:
    where = more.get("location", ParameterLocation.BODY)
    keywords = more.get("keywords", ("type",))
    return Mutation(path, where, "", MutationChannel.VALUE, operator, keywords, more.get("name"), None, new_value)


def test_a_type_changed_in_the_schema_is_judged_by_the_value_sent() -> None:
    # Train's fuzzing: the schema's `has_bicycle` made an array and a value drawn for it; `new_value` is "array",
    # the type, and the body holds `[]`, which XML writes as no element: a booking without it, valid
    schema_change = Mutation(
        (),
        ParameterLocation.BODY,
        "/properties/has_dog",
        MutationChannel.SCHEMA,
        OperatorKind.CHANGE_TYPE,
        ("type",),
        None,
        "boolean",
        "array",
    )
    fuzzed = _recorded(
        {"has_dog": [], "x": "y"},
        "application/xml",
        FuzzingPhaseData("f", None, ParameterLocation.BODY, None, (schema_change,)),
    )
    assert _type_a_text_body_cannot_show(fuzzed, "c", NEGATIVE)
    fuzzed.cases["c"].value.body = {"has_dog": ["yes", "no"]}  # two elements: no boolean
    assert not _type_a_text_body_cannot_show(fuzzed, "c", NEGATIVE)


def test_fuzzed_type_changes_are_judged_alike() -> None:
    """The fuzzing phase says what it changed in its mutations: every one must be text of the declared type."""

    def fuzzed(*mutations: Mutation, media_type: str = "application/xml") -> SimpleNamespace:
        return _recorded({}, media_type, FuzzingPhaseData("fuzzed", None, ParameterLocation.BODY, None, mutations))

    assert _type_a_text_body_cannot_show(fuzzed(_mutation(("seats",), "7"), _mutation(("has_dog",), 1)), "c", NEGATIVE)
    assert not _type_a_text_body_cannot_show(
        fuzzed(_mutation(("seats",), "7"), _mutation(("has_dog",), "maybe")), "c", NEGATIVE
    )
    assert not _type_a_text_body_cannot_show(
        fuzzed(_mutation(("seats",), "7", OperatorKind.NEGATE_CONSTRAINTS)), "c", NEGATIVE
    )
    assert not _type_a_text_body_cannot_show(fuzzed(), "c", NEGATIVE)  # no mutation named: nothing to judge by
    # a multipart part is text: any value of a file (a string), even `null`, sent once for a list of files
    assert _type_a_text_body_cannot_show(
        fuzzed(_mutation(("files",), None), media_type="multipart/form-data"), "c", NEGATIVE
    )
    assert not _type_a_text_body_cannot_show(fuzzed(_mutation(("files",), None)), "c", NEGATIVE)  # not in XML
    # Spree's fuzzing: an undeclared query parameter added beside a multipart part sent as a number
    both = (ParameterLocation.BODY, ParameterLocation.QUERY)

    def beside(query_mutation: Mutation) -> SimpleNamespace:
        mutations = (_mutation(("name",), 2664), query_mutation)
        data = FuzzingPhaseData("fuzzed", None, ParameterLocation.BODY, None, mutations)
        recorded = _recorded({"name": 2664}, "multipart/form-data", data, both)
        recorded.cases["c"].value.query = {"include": "variant", "utm_unknown": "x"}  # a declared one sent valid too
        return recorded

    extras = _mutation(
        (), None, OperatorKind.NEGATE_CONSTRAINTS, keywords=("additionalProperties",), location=ParameterLocation.QUERY
    )
    assert _type_a_text_body_cannot_show(beside(extras), "c", NEGATIVE)
    typed = _mutation(("include",), 5, location=ParameterLocation.QUERY)  # a declared parameter broken: judged
    assert not _type_a_text_body_cannot_show(beside(typed), "c", NEGATIVE)
    # LGTM's `not: {additionalProperties, required: [language]}` on the query, `language` sent all the same: the
    # extras alone broke it; with the required name left out, the query is judged
    for required, forgiven in (("include", True), (["include"], True), ("language", False)):
        extras_or_missing = Mutation(
            (), ParameterLocation.QUERY, "", MutationChannel.SCHEMA, OperatorKind.NEGATE_CONSTRAINTS,
            ("additionalProperties", "required"), None, required, None,
        )  # fmt: skip
        assert _type_a_text_body_cannot_show(beside(extras_or_missing), "c", NEGATIVE) is forgiven


def test_header_parameters_openapi_says_to_ignore_are_not_generated_and_accept_is_sent_as_documented() -> None:
    """OpenAPI: a header parameter named Accept, Content-Type or Authorization "SHALL be ignored". schemathesis
    filled PagerDuty's `Accept` with any text and left it out as negative data (316 positive-data and 194
    negative-data findings against a server that follows the spec); the run sends the documented Accept instead."""
    accept = {
        "name": "Accept",
        "in": "header",
        "required": True,
        "schema": {"type": "string", "default": "application/vnd.x+json;version=2"},
    }
    document = {
        "openapi": "3.0.2",
        "components": {"parameters": {"accept": accept}},
        "paths": {
            "/items": {
                "parameters": [{"name": "authorization", "in": "header", "schema": {"type": "string"}}],
                "get": {
                    "parameters": [
                        {"$ref": "#/components/parameters/accept"},
                        {"name": "Content-Type", "in": "header", "schema": {"type": "string"}},
                        {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}},
                        {"name": "accept", "in": "query", "schema": {"type": "string"}},  # a query parameter stays
                    ],
                    "responses": {"200": {"description": "ok"}},
                },
            }
        },
    }
    stripped, documented = without_ignored_header_parameters(document)
    item = stripped["paths"]["/items"]
    assert item["parameters"] == [] and [p["name"] for p in item["get"]["parameters"]] == ["X-Request-Id", "accept"]
    assert documented == "application/vnd.x+json;version=2"
    assert len(document["paths"]["/items"]["get"]["parameters"]) == 4  # the document itself is left as it was
    accept["schema"] = {"type": "string"}  # nothing documented: nothing sent
    assert without_ignored_header_parameters(document)[1] is None


def test_a_type_the_options_of_a_schema_name_is_read_as_declared_too() -> None:
    """`anyOf: [integer, null]`, as 3.0's `nullable` often reads in 3.1: `7` written as text is an integer there."""
    either = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
    assert _text_reads_as(either, "7", "application/xml")
    assert not _text_reads_as(either, "seven", "application/xml")
    assert _text_reads_as({"properties": {"a": {"type": "string"}}}, "x", "application/xml") is False


def _operation_with_body(required: object, by_ref: bool = False) -> SimpleNamespace:
    """`PUT /uploads`, its request body `required` (absent when None), written in place or named by `$ref`."""
    declared = {"required": required} if required is not None else {}
    document = {
        "openapi": "3.0.3",
        "paths": {
            "/uploads": {"put": {"requestBody": {"$ref": "#/components/requestBodies/Upload"} if by_ref else declared}}
        },
        "components": {"requestBodies": {"Upload": declared}},
    }
    return SimpleNamespace(path="/uploads", method="PUT", schema=SimpleNamespace(raw_schema=document))


def _empty_form_case(
    body: object, required: object, media_type: str = "application/x-www-form-urlencoded", by_ref: bool = False
):
    components = {ParameterLocation.BODY: ComponentInfo(GenerationMode.NEGATIVE)}
    case = SimpleNamespace(
        meta=SimpleNamespace(components=components),
        media_type=media_type,
        operation=_operation_with_body(required, by_ref),
    )
    return SimpleNamespace(
        cases={"c": SimpleNamespace(value=case)},
        interactions={"c": SimpleNamespace(request=SimpleNamespace(body=body))},
    )


@pytest.mark.parametrize(
    ("recorder", "forgiven"),
    [
        (_empty_form_case(None, None), True),  # no `required`: the body is optional, and no bytes is no body
        (_empty_form_case(b"", False), True),
        (_empty_form_case(None, True), False),  # a required body left empty is a finding
        (_empty_form_case(b"a=1", None), False),  # a form with fields lacking the required one is a finding
        (_empty_form_case(None, None, "application/json"), False),  # `{}` in JSON is a body
        (_empty_form_case(None, True, by_ref=True), False),  # a shared body, named by `$ref`, read as declared
        (_empty_form_case(None, False, by_ref=True), True),
    ],
)
def test_an_empty_form_is_no_body_where_the_body_is_optional(recorder, forgiven: bool) -> None:
    assert _empty_form_for_an_optional_body(recorder, "c", NEGATIVE) is forgiven


def _refused(status: int, declared: list[str]) -> SimpleNamespace:
    """`"405: Invalid input"` declares 405 with that description."""
    meta = SimpleNamespace(generation=SimpleNamespace(mode=SimpleNamespace(value="negative")))
    responses = {code.partition(":")[0]: {"description": code.partition(":")[2].strip()} for code in declared}
    document = {"paths": {"/things": {"post": {"responses": responses}}}}
    operation = SimpleNamespace(path="/things", method="POST", schema=SimpleNamespace(raw_schema=document))
    return SimpleNamespace(
        cases={"c": SimpleNamespace(value=SimpleNamespace(meta=meta, operation=operation))},
        interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=status))},
    )


@pytest.mark.parametrize(
    ("status", "declared", "forgiven"),
    [
        (400, ["200"], True),
        (400, ["200", "408"], True),  # Twilio's lone timeout says nothing of malformed requests
        (422, ["201", "401", "429"], True),
        (400, ["200", "422"], False),  # it declares its answer, and that was another
        (400, ["200", "4XX"], False),
        (400, ["200", "default"], False),
        (500, ["200"], False),
        (400, ["200", "405: Invalid input"], False),  # Petstore's answer to a malformed request is its 405
        (400, ["200", "405: APIEmpty is an empty response"], True),  # Gitea's merge: 405 means something else
    ],
)
def test_a_refusal_is_undocumented_only_where_the_spec_documents_one(status, declared, forgiven) -> None:
    check = SimpleNamespace(name="status_code_conformance")
    assert _invalid_input_refused_without_declared_status(_refused(status, declared), "c", check) is forgiven


def test_an_example_of_no_kind_is_not_taken_for_the_specs_own_example() -> None:
    """schemathesis builds the examples phase's bodies from property examples; PagerDuty's mix kinds (a
    process_automation action holding a script), and the mock's 400 was reported as the spec's example refused."""
    import schemathesis

    from contract_tests.runner import _spec_says_valid

    kinds = {
        "oneOf": [
            {"type": "object", "required": ["kind", "script"], "properties": {"kind": {"enum": ["script"]}}},
            {"type": "object", "required": ["kind", "job_id"], "properties": {"kind": {"enum": ["job"]}}},
        ]
    }
    body = {"required": True, "content": {"application/json": {"schema": kinds}}}
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/actions": {"post": {"requestBody": body, "responses": {"201": {"description": "made"}}}}},
        }
    )
    operation = schema["/actions"]["POST"]
    mixed = operation.Case(body={"kind": "job", "script": "echo"}, media_type="application/json")
    assert not _spec_says_valid(mixed, "examples")
    assert _spec_says_valid(mixed, "fuzzing")  # drawn from the schema: not second-guessed
    assert _spec_says_valid(
        operation.Case(body={"kind": "job", "job_id": "J1"}, media_type="application/json"), "examples"
    )


def test_an_example_holding_a_file_is_not_judged() -> None:
    # PagerDuty's multipart uploads: the body holds schemathesis' `Binary`, which no JSON validator reads; the
    # run once ended there with "ValueError: Unsupported type: 'Binary'"
    import schemathesis
    from schemathesis.transport.serialization import Binary

    from contract_tests.runner import _spec_says_valid

    upload = {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
    for media_type in ("multipart/form-data", "application/json"):
        body = {"required": True, "content": {media_type: {"schema": upload}}}
        schema = schemathesis.openapi.from_dict(
            {
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {"/files": {"post": {"requestBody": body, "responses": {"201": {"description": "made"}}}}},
            }
        )
        case = schema["/files"]["POST"].Case(body={"file": Binary(b"\x00\x01")}, media_type=media_type)
        assert _spec_says_valid(case, "examples")


def test_an_empty_body_for_a_required_one_is_not_the_specs_example() -> None:
    # Xero's attachment uploads: a required `application/octet-stream` body of `format: byte`, with no example, for
    # which schemathesis sends no bytes; openapi-core (and so the mock) reads an empty body as none
    import schemathesis

    from contract_tests.runner import _spec_says_valid

    upload = {"type": "string", "format": "byte"}
    body = {"required": True, "content": {"application/octet-stream": {"schema": upload}}}
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/files": {"put": {"requestBody": body, "responses": {"200": {"description": "stored"}}}}},
        }
    )
    operation = schema["/files"]["PUT"]
    for phase in ("examples", "coverage", "fuzzing"):  # Spotify's image upload: drawn empty by the other phases too
        assert not _spec_says_valid(operation.Case(body="", media_type="application/octet-stream"), phase)
        assert _spec_says_valid(operation.Case(body="AAEC", media_type="application/octet-stream"), phase)
    optional = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/files": {
                    "put": {"requestBody": {**body, "required": False}, "responses": {"200": {"description": "-"}}}
                }
            },
        }
    )["/files"]["PUT"]
    assert _spec_says_valid(optional.Case(body="", media_type="application/octet-stream"), "examples")


def test_a_request_with_an_empty_path_parameter_is_not_the_operations_to_judge() -> None:
    # Adyen's link walk: POST /forward echoed the `storedPaymentMethodId: ""` the client sent, the link made
    # `DELETE /storedPaymentMethods/`, the collection's URL, and the 405 it got was reported against the DELETE
    from contract_tests.runner import _empty_path_parameter

    def recorded(value: str) -> SimpleNamespace:
        case = SimpleNamespace(path_parameters={"storedPaymentMethodId": value})
        return SimpleNamespace(cases={"c": SimpleNamespace(value=case)})

    # and Docker's `GET /volumes/` answered the list, judged against a volume's schema
    for name in ("status_code_conformance", "positive_data_acceptance", "response_schema_conformance"):
        assert _empty_path_parameter(recorded(""), "c", SimpleNamespace(name=name))
        assert not _empty_path_parameter(recorded("pm_1"), "c", SimpleNamespace(name=name))
    assert not _empty_path_parameter(recorded(""), "c", SimpleNamespace(name="not_a_server_error"))  # a crash is one


def test_a_request_whose_path_value_holds_a_percent_escape_is_not_the_operations_to_judge() -> None:
    # Karakeep's asset made with `"id": "%C2%BD"`: the link's PUT went to `/assets/%C2%BD` unencoded, the server read
    # `½`, and its 404 was reported as "created resource not found"
    from contract_tests.runner import _percent_escape_in_a_path_value

    def recorded(value: str) -> SimpleNamespace:
        case = SimpleNamespace(path_parameters={"assetId": value})
        return SimpleNamespace(cases={"c": SimpleNamespace(value=case)})

    ensured = SimpleNamespace(name="ensure_resource_availability")
    assert _percent_escape_in_a_path_value(recorded("%C2%BD"), "c", ensured)
    assert not _percent_escape_in_a_path_value(recorded("100%"), "c", ensured)  # no escape: sent encoded
    assert not _percent_escape_in_a_path_value(recorded("a1"), "c", ensured)
    assert not _percent_escape_in_a_path_value(recorded("%C2%BD"), "c", SimpleNamespace(name="not_a_server_error"))


def test_a_default_positive_case_labelled_negative_is_no_invalid_request_taken() -> None:
    # immich's PUT /assets/{id}/original in the stateful phase: "Invalid component: positive test case"
    from contract_tests.runner import _positive_case_labelled_negative

    data = CoveragePhaseData(
        CoverageScenario.DEFAULT_POSITIVE_TEST, "Default positive test case", None, None, ParameterLocation.BODY
    )
    assert _positive_case_labelled_negative(_recorded({"a": 1}, "multipart/form-data", data, ()), "c", NEGATIVE)
    all_valid = _recorded({"a": 1}, "application/json", _recorder({}).cases["c"].value.meta.phase.data, ())
    all_valid.cases["c"].value.meta.components = {ParameterLocation.BODY: ComponentInfo(GenerationMode.POSITIVE)}
    assert _positive_case_labelled_negative(all_valid, "c", NEGATIVE)
    assert not _positive_case_labelled_negative(_recorder({"has_dog": "maybe"}), "c", NEGATIVE)  # a negative body
    assert not _positive_case_labelled_negative(_recorded({}, "application/json", data), "c", SimpleNamespace(name="x"))


def test_an_accept_one_group_of_operations_documents_is_not_sent_with_every_request() -> None:
    # DigitalOcean documents `Accept: application/json` on its apps operations only; sent with every request of the
    # run, its CSV, PDF and YAML downloads answered 406, reported as valid requests refused
    accept = {"name": "Accept", "in": "header", "schema": {"type": "string", "example": "application/json"}}
    ok = {"200": {"description": "ok"}}
    paths = {
        "/apps": {"get": {"parameters": [accept], "responses": ok}},
        "/invoices/{id}/csv": {"get": {"responses": ok}},
        "/invoices/{id}/pdf": {"get": {"responses": ok}},
    }
    assert without_ignored_header_parameters({"openapi": "3.0.0", "paths": paths})[1] is None
    everywhere = {path: {"get": {**item["get"], "parameters": [accept]}} for path, item in paths.items()}
    assert without_ignored_header_parameters({"openapi": "3.0.0", "paths": everywhere})[1] == "application/json"


def _no_bytes_case(body: object, required: object, status: int, media_type: str = "image/jpeg", by_ref: bool = False):
    case = SimpleNamespace(meta=None, media_type=media_type, operation=_operation_with_body(required, by_ref))
    interaction = SimpleNamespace(request=SimpleNamespace(body=body), response=SimpleNamespace(status_code=status))
    return SimpleNamespace(cases={"c": SimpleNamespace(value=case)}, interactions={"c": interaction})


@pytest.mark.parametrize(
    ("recorder", "check", "forgiven"),
    [
        (_no_bytes_case(b"", True, 400), "positive_data_acceptance", True),
        (_no_bytes_case(None, True, 400), "status_code_conformance", True),
        (_no_bytes_case(b"", None, 400), "positive_data_acceptance", False),  # optional: no body is a request
        (_no_bytes_case(b"\xff\xd8", True, 400), "positive_data_acceptance", False),  # bytes refused: a finding
        (_no_bytes_case(b"", True, 500), "status_code_conformance", False),
        (_no_bytes_case(b"", True, 400), "negative_data_rejection", False),
        # Box's and Twilio's shared request bodies: the operation names a components' requestBody by `$ref`
        (_no_bytes_case(b"", True, 400, by_ref=True), "positive_data_acceptance", True),
        (_no_bytes_case(b"", None, 400, by_ref=True), "positive_data_acceptance", False),
    ],
)
def test_no_bytes_for_a_required_body_refused_is_no_finding(recorder, check: str, forgiven: bool) -> None:
    # Spotify's `PUT /playlists/{id}/images` drawn empty by coverage and fuzzing: the mock said "a request body is
    # required" (400, as openapi-core reads no bytes as no body), and the runner called it a valid request refused
    assert _no_bytes_for_a_required_body(recorder, "c", SimpleNamespace(name=check)) is forgiven


@pytest.mark.parametrize(
    ("media_type", "forgiven"), [("image/jpeg", True), ("application/octet-stream", True), ("application/json", False)]
)
def test_any_value_sent_as_a_bytes_body_is_bytes(media_type: str, forgiven: bool) -> None:
    # Spotify's `PUT /playlists/{id}/images` (image/jpeg, a string): `{}` sent is two bytes, a string, and accepted
    recorded = _recorded(
        {},
        media_type,
        CoveragePhaseData(CoverageScenario.INCORRECT_TYPE, "t", "/type", media_type, ParameterLocation.BODY),
    )
    case = recorded.cases["c"].value
    case.operation.schema.raw_schema = {
        "paths": {"/bookings": {"post": {"requestBody": {"content": {media_type: {"schema": {"type": "string"}}}}}}}
    }
    assert _type_a_text_body_cannot_show(recorded, "c", NEGATIVE) is forgiven


def test_a_format_no_bytes_can_break_is_not_broken_in_a_multipart_part() -> None:
    # Mastodon's media uploads: "violates `format` at /properties/thumbnail" (`format: binary`: any bytes are) beside a
    # string part sent as a number (text too), accepted: the mock was right
    upload = {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "thumbnail": {"type": "string", "format": "binary"},
            "focus": {"type": "string"},
            "at": {"type": "string", "format": "date-time"},
        },
    }

    def fuzzed(*mutations: Mutation) -> SimpleNamespace:
        data = FuzzingPhaseData("fuzzed", None, ParameterLocation.BODY, None, mutations)
        recorded = _recorded({}, "multipart/form-data", data)
        recorded.cases["c"].value.operation.schema.raw_schema = {
            "paths": {"/bookings": {"post": {"requestBody": {"content": {"multipart/form-data": {"schema": upload}}}}}}
        }
        return recorded

    def format_broken(name: str) -> Mutation:
        return _mutation((name,), "x", OperatorKind.NEGATE_CONSTRAINTS, keywords=("format",))

    assert _type_a_text_body_cannot_show(fuzzed(_mutation(("focus",), 5), format_broken("thumbnail")), "c", NEGATIVE)
    assert _type_a_text_body_cannot_show(fuzzed(format_broken("file")), "c", NEGATIVE)
    assert not _type_a_text_body_cannot_show(fuzzed(format_broken("at")), "c", NEGATIVE)  # a date-time can break


def test_path_keys_that_differ_only_in_a_fragment_are_one_endpoint_to_the_runner() -> None:
    # Box's `/files/{file_id}#add_shared_link` (PUT) beside `/files/{file_id}` (GET, PUT, DELETE): tested as a path
    # of its own, its `Allow` "advertised undocumented methods" and its 401 was another variant's 403
    from contract_tests.runner import with_fragment_variants_folded

    ok = {"200": {"description": "ok"}}
    param = {"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}}
    document = {
        "openapi": "3.0.3",
        "paths": {
            "/files/{file_id}": {"parameters": [param], "get": {"responses": ok}, "put": {"responses": ok}},
            "/files/{file_id}#add_shared_link": {"parameters": [param], "put": {"responses": ok}},
            "/files/{file_id}#copy": {"parameters": [param], "post": {"operationId": "copy", "responses": ok}},
        },
    }
    folded, left_out = with_fragment_variants_folded(document)
    assert list(folded["paths"]) == ["/files/{file_id}"]
    assert set(folded["paths"]["/files/{file_id}"]) == {"parameters", "get", "put", "post"}
    assert folded["paths"]["/files/{file_id}"]["post"]["parameters"] == [param]  # its path item's, carried along
    assert left_out == ["PUT /files/{file_id}#add_shared_link"]
    # an invalid request the base operation accepted may be the variant's: not reported as one accepted
    from contract_tests.runner import _taken_by_a_folded_variant

    put = SimpleNamespace(definition=SimpleNamespace(raw=folded["paths"]["/files/{file_id}"]["put"]))
    get = SimpleNamespace(definition=SimpleNamespace(raw=folded["paths"]["/files/{file_id}"]["get"]))
    negative = SimpleNamespace(name="negative_data_rejection")
    for operation, forgiven in ((put, True), (get, False)):
        recorder = SimpleNamespace(cases={"c": SimpleNamespace(value=SimpleNamespace(operation=operation))})
        assert _taken_by_a_folded_variant(recorder, "c", negative) is forgiven
    assert not _taken_by_a_folded_variant(recorder, "c", SimpleNamespace(name="status_code_conformance"))
    assert with_fragment_variants_folded({"paths": {"/a": {"get": {"responses": ok}}}})[1] == []


def _form_case(sent: bytes, status: int, required: list[str]) -> SimpleNamespace:
    form = "application/x-www-form-urlencoded"
    schema = {"type": "object", "required": required, "properties": {"Data": {}, "Ttl": {"type": "integer"}}}
    document = {"paths": {"/items": {"post": {"requestBody": {"content": {form: {"schema": schema}}}}}}}
    operation = SimpleNamespace(path="/items", method="POST", schema=SimpleNamespace(raw_schema=document))
    case = SimpleNamespace(meta=None, media_type=form, operation=operation, body={"Data": None, "Ttl": 5})
    interaction = SimpleNamespace(request=SimpleNamespace(body=sent), response=SimpleNamespace(status_code=status))
    return SimpleNamespace(cases={"c": SimpleNamespace(value=case)}, interactions={"c": interaction})


@pytest.mark.parametrize(
    ("recorder", "check", "forgiven"),
    [
        (_form_case(b"Ttl=5", 400, ["Data"]), "positive_data_acceptance", True),
        (_form_case(b"Ttl=5", 400, ["Data"]), "status_code_conformance", True),
        (_form_case(b"Data=x&Ttl=5", 400, ["Data"]), "positive_data_acceptance", False),  # all sent: a finding
        (_form_case(b"Ttl=5", 400, []), "positive_data_acceptance", False),
        (_form_case(b"Ttl=5", 500, ["Data"]), "status_code_conformance", False),
        (_form_case(b"Ttl=5", 400, ["Data"]), "negative_data_rejection", False),
    ],
)
def test_a_required_form_field_the_encoding_lost_refused_is_no_finding(recorder, check: str, forgiven: bool) -> None:
    # Twilio Sync's `Data` is required and of no type: schemathesis drew `null` or an object for it, which a form
    # cannot carry, so the request went out without it, and the mock's "body Data is required" was called a valid
    # request refused
    assert _required_form_field_not_sent(recorder, "c", SimpleNamespace(name=check)) is forgiven


@pytest.mark.parametrize(
    ("parts", "forgiven"),
    [
        ({"name": "John Smith", "description": "old"}, True),  # the examples phase's body: no `files` among them
        ({"name": "John Smith", "files": []}, True),  # an empty list is no part at all
        ({"name": "John Smith", "files": [b"RIFF"]}, False),  # all sent: a valid request refused, a finding
    ],
)
def test_a_required_multipart_part_the_example_left_out_refused_is_no_finding(parts: dict, forgiven: bool) -> None:
    # ElevenLabs' `POST /v1/voices/add` requires `files`, which has no example: schemathesis' examples phase sent the
    # other parts alone, and the mock's "body files is required" was called a valid request (and the spec's example)
    # refused
    multipart = "multipart/form-data"
    files = {"type": "array", "items": {"type": "string", "format": "binary"}}
    schema = {
        "type": "object",
        "required": ["name", "files"],
        "properties": {"name": {"type": "string"}, "files": files},
    }
    document = {"paths": {"/voices/add": {"post": {"requestBody": {"content": {multipart: {"schema": schema}}}}}}}
    operation = SimpleNamespace(path="/voices/add", method="POST", schema=SimpleNamespace(raw_schema=document))
    case = SimpleNamespace(meta=None, media_type=multipart, operation=operation, body=parts)
    interaction = SimpleNamespace(request=SimpleNamespace(body=b"--x--"), response=SimpleNamespace(status_code=422))
    recorder = SimpleNamespace(cases={"c": SimpleNamespace(value=case)}, interactions={"c": interaction})
    assert _required_form_field_not_sent(recorder, "c", SimpleNamespace(name="positive_data_acceptance")) is forgiven


def _path_case(path: str, negated: tuple[ParameterLocation, ...]) -> SimpleNamespace:
    name = {"name": "x", "in": "path", "required": True, "schema": {"type": "string"}}
    document = {
        "paths": {
            "/contacts/{ContactID}/attachments/{AttachmentID}": {"get": {"parameters": [name]}},
            "/contacts/{ContactID}/attachments/{FileName}": {"get": {"parameters": [name]}},
            "/contacts/{ContactID}/notes/{NoteID}": {"get": {"parameters": [name]}},
        }
    }
    components = {place: ComponentInfo(GenerationMode.NEGATIVE) for place in negated}
    operation = SimpleNamespace(path=path, method="GET", schema=SimpleNamespace(raw_schema=document))
    case = SimpleNamespace(meta=SimpleNamespace(components=components), operation=operation)
    return SimpleNamespace(cases={"c": SimpleNamespace(value=case)})


@pytest.mark.parametrize(
    ("recorder", "forgiven"),
    [
        (_path_case("/contacts/{ContactID}/attachments/{AttachmentID}", (ParameterLocation.PATH,)), True),
        (_path_case("/contacts/{ContactID}/notes/{NoteID}", (ParameterLocation.PATH,)), False),  # no twin path
        (  # a body made invalid too: the twin takes no such request either
            _path_case(
                "/contacts/{ContactID}/attachments/{AttachmentID}", (ParameterLocation.PATH, ParameterLocation.BODY)
            ),
            False,
        ),
    ],
)
def test_an_invalid_path_value_a_same_shaped_path_takes_is_no_finding(recorder, forgiven: bool) -> None:
    # Xero's `…/Attachments/{AttachmentID}` (a uuid) beside `…/Attachments/{FileName}`: `ÄIñ` is a file name, and the
    # mock answered it as one; the runner called it an invalid request accepted
    assert _taken_by_a_same_shaped_path(recorder, "c", NEGATIVE) is forgiven


@pytest.mark.parametrize(("keywords", "forgiven"), [(("additionalProperties",), True), (("type",), False)])
def test_an_invalid_path_value_beside_only_extra_query_names_is_the_path_alone(keywords, forgiven: bool) -> None:
    # the Noun Project's `/collection/1e100/icons?<junk names>`: `1e100` is no integer `{id}` but a `{slug}` of
    # `/collection/{slug}/icons`, and the names no operation declares a server ignores
    recorder = _path_case(
        "/contacts/{ContactID}/attachments/{AttachmentID}", (ParameterLocation.PATH, ParameterLocation.QUERY)
    )
    mutation = SimpleNamespace(parameter_location=ParameterLocation.QUERY, keywords=keywords, original_value=None)
    case = recorder.cases["c"].value
    case.meta.phase = SimpleNamespace(data=SimpleNamespace(mutations=(mutation,), parameter=None))
    case.query = {"\u00c9\t": "-1054"}
    assert _taken_by_a_same_shaped_path(recorder, "c", NEGATIVE) is forgiven


def _query_case(path: str, broken: str) -> SimpleNamespace:
    # Google Logging's `PUT /v2/{sinkName}?uniqueWriterIdentity=…` beside `PUT /v2/{metricName}`, which has no such
    # parameter, and `PUT /v2/{name}`, which has
    flag = {"name": "uniqueWriterIdentity", "in": "query", "schema": {"type": "boolean"}}
    document = {
        "components": {"parameters": {"Flag": flag}},
        "paths": {
            "/v2/{sinkName}": {"put": {"parameters": [flag]}},
            "/v2/{metricName}": {"put": {}},
            "/v3/{sinkName}": {"put": {"parameters": [flag]}},
            "/v3/{name}": {"parameters": [{"$ref": "#/components/parameters/Flag"}], "put": {}},
        },
    }
    data = SimpleNamespace(parameter=broken, mutations=())
    meta = SimpleNamespace(
        components={ParameterLocation.QUERY: ComponentInfo(GenerationMode.NEGATIVE)}, phase=SimpleNamespace(data=data)
    )
    operation = SimpleNamespace(path=path, method="PUT", schema=SimpleNamespace(raw_schema=document))
    return SimpleNamespace(cases={"c": SimpleNamespace(value=SimpleNamespace(meta=meta, operation=operation))})


@pytest.mark.parametrize(
    ("recorder", "forgiven"),
    [
        (_query_case("/v2/{sinkName}", "uniqueWriterIdentity"), True),
        (_query_case("/v3/{sinkName}", "uniqueWriterIdentity"), False),  # the twin declares it too (by a $ref)
    ],
)
def test_an_invalid_query_value_a_same_shaped_path_ignores_is_no_finding(recorder, forgiven: bool) -> None:
    assert _taken_by_a_same_shaped_path(recorder, "c", NEGATIVE) is forgiven


INT32 = {"type": "number", "format": "int32"}
LIMITS = {"type": "object", "properties": {"daily": {"type": "object", "properties": {"limit": INT32}}}}


def _json_case(body: object, status: int, media_type: str = "application/json", schema: dict | None = None):
    schema = schema or {"type": "object", "properties": {"body": {"type": "string"}}}
    document = {"paths": {"/conversations": {"post": {"requestBody": {"content": {media_type: {"schema": schema}}}}}}}
    operation = SimpleNamespace(path="/conversations", method="POST", schema=SimpleNamespace(raw_schema=document))
    case = SimpleNamespace(meta=None, media_type=media_type, operation=operation, body=body)
    interaction = SimpleNamespace(request=SimpleNamespace(body=b""), response=SimpleNamespace(status_code=status))
    return SimpleNamespace(cases={"c": SimpleNamespace(value=case)}, interactions={"c": interaction})


@pytest.mark.parametrize(
    ("recorder", "check", "forgiven"),
    [
        (_json_case(0, 400), "positive_data_acceptance", True),  # Intercom's coverage phase: `0` for an object
        (_json_case(0, 400), "status_code_conformance", True),
        (_json_case({"body": 5}, 422), "positive_data_acceptance", True),
        (_json_case({"body": "hi"}, 400), "positive_data_acceptance", False),  # a valid body refused: a finding
        (_json_case(0, 500), "status_code_conformance", False),
        (_json_case(0, 400), "negative_data_rejection", False),
        # ideal-postcodes' `daily.limit`, a number of format int32, drawn past its width by schemathesis
        (_json_case({"daily": {"limit": 5.5e16}}, 400, schema=LIMITS), "positive_data_acceptance", True),
        (_json_case({"daily": {"limit": 5}}, 400, schema=LIMITS), "positive_data_acceptance", False),
    ],
)
def test_a_json_body_its_own_schema_refuses_refused_is_no_finding(recorder, check: str, forgiven: bool) -> None:
    assert _json_body_off_its_schema(recorder, "c", SimpleNamespace(name=check)) is forgiven


def test_an_example_holding_a_file_sent_as_json_is_judged_as_it_went_out() -> None:
    # Spree's CMS section update: a oneOf of six kinds, each taking every field its example names, and a
    # `format: binary` field whose example schemathesis holds as its `Binary` and sends as "". The example is valid
    # under all six, which `oneOf` refuses, and the mock's 422 was "the spec's own example was rejected"
    import schemathesis
    from schemathesis.transport.serialization import Binary

    from contract_tests.checks import start_run
    from contract_tests.runner import _json_body_off_its_schema, _spec_says_valid

    section = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "image": {"type": "string", "format": "binary"}},
    }
    body = {"content": {"application/json": {"schema": {"oneOf": [section, {**section, "title": "another kind"}]}}}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/sections": {"post": {"requestBody": body, "responses": {"201": {"description": "made"}}}}},
    }
    operation = schemathesis.openapi.from_dict(document)["/sections"]["POST"]
    start_run(operation.schema.raw_schema)
    case = operation.Case(body={"name": "Hero", "image": Binary(b"")}, media_type="application/json")
    sent = SimpleNamespace(body=b'{"name": "Hero", "image": ""}')
    assert not _spec_says_valid(case, "examples", sent)
    assert _spec_says_valid(case, "examples")  # without the bytes sent, a `Binary` is not judged
    recorder = SimpleNamespace(
        cases={"c": SimpleNamespace(value=case)},
        interactions={"c": SimpleNamespace(request=sent, response=SimpleNamespace(status_code=422))},
    )
    assert _json_body_off_its_schema(recorder, "c", SimpleNamespace(name="positive_data_acceptance"))


@pytest.mark.parametrize("phase", ["coverage", "fuzzing"])
@pytest.mark.parametrize("media_type", ["application/json", "multipart/form-data"])
@pytest.mark.parametrize(
    ("field", "value", "forgiven"),
    [
        ("host", "", True),  # DigitalOcean's CDN `custom_domain: ""`: openapi-core reads no hostname format
        ("contact", "a b@c", True),  # an "@" is all openapi-core asks of an email
        ("contact", "no-at-sign", False),
        ("at", "not a time", False),  # a date-time openapi-core checks
        ("tags", "ð񛿢y%yV", True),  # They Said So's `format: string`, which no checker knows
    ],
)
def test_a_format_requests_are_read_loosely_in_is_no_break_openapi_core_would_see(
    field, value, forgiven, media_type, phase
) -> None:
    schema = {
        "type": "object",
        "properties": {
            "host": {"type": "string", "format": "hostname"},
            "contact": {"type": "string", "format": "email"},
            "at": {"type": "string", "format": "date-time"},
            "tags": {"type": "string", "format": "string"},
        },
    }
    data: object = CoveragePhaseData(
        CoverageScenario.INVALID_FORMAT, "Invalid format", f"/properties/{field}/format", None, ParameterLocation.BODY
    )
    if phase == "fuzzing":  # They Said So's `tags`, broken by its format alone in the fuzzing phase
        from schemathesis.core.mutations import Mutation, MutationChannel, OperatorKind
        from schemathesis.generation.meta import FuzzingPhaseData

        broken = Mutation(
            (field,),
            ParameterLocation.BODY,
            f"/properties/{field}/format",
            MutationChannel.SCHEMA,
            OperatorKind.NEGATE_CONSTRAINTS,
            ("format",),
            None,
            None,
            value,
        )
        data = FuzzingPhaseData("format", None, ParameterLocation.BODY, None, (broken,))
    recorded = _recorded({field: value}, media_type, data)
    recorded.cases["c"].value.operation.schema.raw_schema = {
        "paths": {"/bookings": {"post": {"requestBody": {"content": {media_type: {"schema": schema}}}}}}
    }
    assert _format_requests_are_not_held_to(recorded, "c", NEGATIVE) is forgiven
    assert not _format_requests_are_not_held_to(recorded, "c", SimpleNamespace(name="positive_data_acceptance"))


INSTANCE = {
    "type": "object",
    "properties": {
        "syncInterval": {"type": "string", "format": "duration"},
        "at": {"type": "string", "format": "date"},
    },
}


@pytest.mark.parametrize(
    ("location", "body", "forgiven"),
    [
        # Bytebase's `instance: oneOf [Instance, null]`: the property sits in an option
        ("/properties/instance/oneOf/0/properties/syncInterval/format", {"instance": {"syncInterval": ""}}, True),
        ("/properties/instance/oneOf/0/properties/at/format", {"instance": {"at": "soon"}}, False),
        # its batch update, the instance in each item of a list
        (
            "/properties/requests/items/properties/instance/oneOf/0/properties/syncInterval/format",
            {"requests": [{"instance": {"syncInterval": ""}}, {"instance": {"syncInterval": "x"}}]},
            True,
        ),
        (
            "/properties/requests/items/properties/instance/oneOf/0/properties/at/format",
            {"requests": [{"instance": {"at": "2026-12-07"}}, {"instance": {"at": "soon"}}]},
            False,
        ),
        ("/properties/requests/items/properties/instance/oneOf/0/properties/at/format", {"requests": []}, False),
    ],
)
def test_a_loosely_read_format_inside_an_option_or_a_list_item_is_no_break_either(location, body, forgiven) -> None:
    schema = {
        "type": "object",
        "properties": {
            "instance": {"oneOf": [INSTANCE, {"type": "null"}]},
            "requests": {
                "type": "array",
                "items": {"type": "object", "properties": {"instance": {"oneOf": [INSTANCE]}}},
            },
        },
    }
    data = CoveragePhaseData(CoverageScenario.INVALID_FORMAT, "Invalid format", location, None, ParameterLocation.BODY)
    recorded = _recorded(body, "application/json", data)
    recorded.cases["c"].value.operation.schema.raw_schema = {
        "paths": {"/bookings": {"post": {"requestBody": {"content": {"application/json": {"schema": schema}}}}}}
    }
    assert _format_requests_are_not_held_to(recorded, "c", NEGATIVE) is forgiven


@pytest.mark.parametrize(
    ("media_type", "schema", "forgiven"),
    [
        ("text/csv", {"type": "string"}, True),  # PagerDuty's enrichment uploads: `{}` as a CSV file is text
        ("text/plain", {"type": "string"}, True),
        ("text/plain", {"type": "object"}, False),  # an object schema: text is not one
        ("text/json", {"type": "string"}, False),  # JSON: `{}` is an object
    ],
)
def test_any_value_written_as_a_plain_text_body_is_text(media_type: str, schema: dict, forgiven: bool) -> None:
    recorded = _recorder({}, media_type, location="/type")
    recorded.cases["c"].value.operation.schema.raw_schema = {
        "paths": {"/bookings": {"post": {"requestBody": {"content": {media_type: {"schema": schema}}}}}}
    }
    assert _type_a_text_body_cannot_show(recorded, "c", NEGATIVE) is forgiven


@pytest.mark.parametrize(
    ("path", "allow", "forgiven"),
    [
        ("/migrations/{deploy_id}", "GET, POST", True),  # GET is the same-shaped `/migrations/{name}`'s
        ("/migrations/{name}", "GET, POST", True),
        ("/migrations/{name}", "GET, POST, DELETE", False),  # DELETE is nobody's
        ("/notes/{id}", "GET, POST", False),  # no twin path
        # Circuit's `POST /conversations/group` beside `GET /conversations/{convId}`: a GET of the URL is the latter's
        ("/conversations/group", "GET, POST", True),
        ("/conversations/group", "GET, POST, PUT", False),
        # Buffer's `POST /updates/create{ext}` beside `GET /updates/{id}{ext}`: `create.json` is an update's URL too
        ("/updates/create{ext}", "GET, POST", True),
    ],
)
def test_an_allow_header_listing_a_same_shaped_paths_methods_is_no_finding(path: str, allow: str, forgiven: bool):
    # Netlify's `POST /sites/{site_id}/database/migrations/{deploy_id}` beside `GET …/{name}`: the mock's `Allow: GET,
    # POST` for a URL both match was "Undocumented methods advertised"
    ok = {"responses": {"200": {"description": "ok"}}}
    document = {
        "paths": {
            "/migrations/{deploy_id}": {"post": ok},
            "/migrations/{name}": {"get": ok},
            "/notes/{id}": {"get": ok},
            "/conversations/group": {"post": ok},
            "/conversations/{convId}": {"get": ok},
            "/updates/create{ext}": {"post": ok},
            "/updates/{id}{ext}": {"get": ok},
        }
    }
    operation = SimpleNamespace(path=path, method="OPTIONS", schema=SimpleNamespace(raw_schema=document))
    recorder = SimpleNamespace(
        cases={"c": SimpleNamespace(value=SimpleNamespace(operation=operation))},
        interactions={"c": SimpleNamespace(response=SimpleNamespace(headers={"allow": [allow]}))},
    )
    check = SimpleNamespace(name="allow_header_conformance")
    assert _allowed_by_a_same_shaped_path(recorder, "c", check) is forgiven
    assert not _allowed_by_a_same_shaped_path(recorder, "c", NEGATIVE)


def test_a_multipart_file_list_that_may_be_null_takes_any_part() -> None:
    # Anthropic's skills upload: `files: anyOf [array of binary strings, null]`; a part `files` holding `{}` is a
    # list of one file of two bytes, and was "Schema-violating request accepted"
    recorded = _recorder({"files": {}}, "multipart/form-data", "/properties/files/type")
    files = {"anyOf": [{"type": "array", "items": {"type": "string", "format": "binary"}}, {"type": "null"}]}
    schema = {
        "type": "object",
        "properties": {"files": files, "seats": {"anyOf": [{"type": "integer"}, {"type": "null"}]}},
    }
    recorded.cases["c"].value.operation.schema.raw_schema = {
        "paths": {"/bookings": {"post": {"requestBody": {"content": {"multipart/form-data": {"schema": schema}}}}}}
    }
    assert _type_a_text_body_cannot_show(recorded, "c", NEGATIVE)
    wrong = _recorder({"seats": {}}, "multipart/form-data", "/properties/seats/type")
    wrong.cases["c"].value.operation.schema.raw_schema = recorded.cases["c"].value.operation.schema.raw_schema
    assert not _type_a_text_body_cannot_show(wrong, "c", NEGATIVE)  # `{}` is no integer's text


def test_a_multipart_file_list_that_may_be_null_breaks_no_choice_by_its_bytes() -> None:
    # the fuzzing phase's version: the `anyOf` negated at /properties/files, a part holding `false` sent
    files = {"anyOf": [{"type": "array", "items": {"type": "string", "format": "binary"}}, {"type": "null"}]}
    schema = {"type": "object", "properties": {"files": files, "at": {"type": "string", "format": "date-time"}}}

    def fuzzed(name: str) -> SimpleNamespace:
        mutation = _mutation((name,), False, OperatorKind.NEGATE_CONSTRAINTS, keywords=("anyOf",))
        recorded = _recorded(
            {name: False}, "multipart/form-data", FuzzingPhaseData("f", None, ParameterLocation.BODY, None, (mutation,))
        )
        recorded.cases["c"].value.operation.schema.raw_schema = {
            "paths": {"/bookings": {"post": {"requestBody": {"content": {"multipart/form-data": {"schema": schema}}}}}}
        }
        return recorded

    assert _type_a_text_body_cannot_show(fuzzed("files"), "c", NEGATIVE)
    assert not _type_a_text_body_cannot_show(fuzzed("at"), "c", NEGATIVE)  # a date-time's part can break


@pytest.mark.parametrize(
    ("field", "value", "forgiven"),
    [
        ("title", False, True),  # Anthropic's `display_title: anyOf [string, null]`: the part holds the text "false"
        ("title", 42, True),
        ("title", {"a": 1}, False),  # an object's text is no value to judge here
        ("status", False, False),  # "false" is none of the string option's values
        ("status", "final", True),
        ("seats", False, False),  # "false" is no integer
        ("seats", "12", True),  # …and "12" is one, as a part is read
    ],
)
def test_a_choice_negated_in_a_multipart_part_is_judged_by_the_text_sent(field: str, value: object, forgiven: bool):
    # the fuzzing phase negated the `anyOf` of one part, beside a file list of any bytes: the case is an invalid
    # request only when the text that part holds fits none of the options, as the server reads a part
    options = {
        "title": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "status": {"anyOf": [{"type": "string", "enum": ["draft", "final"]}, {"type": "null"}]},
        "seats": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
    }
    files = {"anyOf": [{"type": "array", "items": {"type": "string", "format": "binary"}}, {"type": "null"}]}
    schema = {"type": "object", "properties": {**options, "files": files}}
    mutations = (
        # as the run had it: the schema's options negated (its channel), and the body holding the value drawn
        Mutation(
            (field,),
            ParameterLocation.BODY,
            f"/properties/{field}",
            MutationChannel.SCHEMA,
            OperatorKind.NEGATE_CONSTRAINTS,
            ("anyOf",),
            None,
            None,
            None,
        ),
        _mutation(("files",), None, OperatorKind.NEGATE_CONSTRAINTS, keywords=("format",)),
    )
    recorded = _recorded(
        {field: value, "files": ["", "7T"]},
        "multipart/form-data",
        FuzzingPhaseData("f", None, ParameterLocation.BODY, None, mutations),
    )
    recorded.cases["c"].value.operation.schema.raw_schema = {
        "paths": {"/bookings": {"post": {"requestBody": {"content": {"multipart/form-data": {"schema": schema}}}}}}
    }
    assert _type_a_text_body_cannot_show(recorded, "c", NEGATIVE) is forgiven


@pytest.mark.parametrize(
    ("sent", "schema", "forgiven"),
    [
        ("", {"anyOf": [{"type": "integer"}, {"type": "null"}]}, True),  # Anthropic's `desired_ttl_seconds=`
        ("", {"type": ["integer", "null"]}, True),
        ("", {"type": "integer"}, False),  # no null to read it as
        # EBI's `cid` (an exploded list of texts) "negated" to a text, sent empty: a list of one empty text
        ("", {"type": "array", "items": {"type": "string"}}, True),
        ("", {"type": "array", "items": {"type": "string", "minLength": 1}}, False),
        ("", {"type": "string"}, True),
        ("x", {"anyOf": [{"type": "integer"}, {"type": "null"}]}, False),
        # Mistral's `mimetypes` negated by `false`, sent as `mimetypes=false`: a list of one text, valid
        ("false", {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]}, True),
        (["false"], {"type": "array", "items": {"type": "string"}}, True),
        (["a", "b"], {"type": "array", "items": {"type": "string"}, "maxItems": 1}, False),
        ("false", {"anyOf": [{"type": "array", "items": {"type": "integer"}}, {"type": "null"}]}, False),
        ("12", {"anyOf": [{"type": "integer"}, {"type": "null"}]}, True),
        ("1.5", {"type": "integer"}, False),
        # LakeFS' text `after` negated by a list, which went out as its Python text `after=['x']`: a text
        ([["x"]], {"type": "string"}, True),
        ([["x"]], {"type": "integer"}, False),
    ],
)
def test_an_empty_query_value_where_null_is_allowed_is_null(sent: str, schema: dict, forgiven: bool) -> None:
    # a query spells null as nothing (`?ttl=`), as the mock reads it, and a list of one text as that text; a value
    # of another kind is still a finding
    negated = Mutation(
        (),
        ParameterLocation.QUERY,
        "",
        MutationChannel.VALUE,
        OperatorKind.NEGATE_CONSTRAINTS,
        ("anyOf",),
        "ttl",
        None,
        sent,
    )
    data = FuzzingPhaseData("f", None, ParameterLocation.QUERY, None, (negated,))
    recorded = _recorded({}, "application/json", data, (ParameterLocation.QUERY,))
    case = recorded.cases["c"].value
    case.query = {"ttl": sent, "note": "kept"}
    case.operation.query = [
        SimpleNamespace(name="ttl", definition={"name": "ttl", "in": "query", "schema": schema}),
        SimpleNamespace(name="note", definition={"name": "note", "in": "query", "schema": {"type": "string"}}),
    ]
    assert _negated_parameters_sent_as_valid_text(recorded, "c", NEGATIVE) is forgiven


@pytest.mark.parametrize(
    ("sent", "schema", "forgiven"),
    [
        # TfL's `location.lat`, a number, "negated" to a list: sent under its name several times, it is one value
        # to a server, the first (openapi-core, the mock) or the last
        ([3.5e16, "x", True], {"type": "number", "format": "double"}, True),
        (["x", 2.5], {"type": "number"}, True),
        (["x", "y"], {"type": "number"}, False),
        (["x", 2.5, "y"], {"type": "number"}, False),  # no server reads the middle one alone
        (["x", "2"], {"anyOf": [{"type": "integer"}, {"type": "null"}]}, True),
        (["x", "2"], {"anyOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}}]}, False),
    ],
)
def test_a_value_no_list_sent_several_times_is_read_as_its_first_or_last(
    sent: list, schema: dict, forgiven: bool
) -> None:
    assert _query_text_fits(schema, sent) is forgiven


def _negated_query_and_path(path_sent: object, new_type: str, extras_too: bool = True) -> SimpleNamespace:
    mutations = [
        Mutation(
            ("ids",), ParameterLocation.PATH, "/properties/ids", MutationChannel.SCHEMA,
            OperatorKind.CHANGE_TYPE, ("type",), "ids", "array", new_type,
        )
    ]  # fmt: skip
    if extras_too:
        mutations.insert(
            0,
            Mutation(
                (), ParameterLocation.QUERY, "", MutationChannel.SCHEMA,
                OperatorKind.NEGATE_CONSTRAINTS, ("additionalProperties",), None, None, None,
            ),
        )  # fmt: skip
    data = FuzzingPhaseData("f", None, ParameterLocation.PATH, None, tuple(mutations))
    recorded = _recorded({}, "application/json", data, (ParameterLocation.QUERY, ParameterLocation.PATH))
    case = recorded.cases["c"].value
    case.operation.path = "/Road/{ids}/Disruption"
    case.query = {"x\u00e9": "5", "closures": "true"}
    case.path_parameters = {"ids": path_sent}
    ids = {"name": "ids", "in": "path", "required": True, "schema": {"type": "array", "items": {"type": "string"}}}
    case.operation.path_parameters = [SimpleNamespace(name="ids", definition=ids)]
    case.operation.query = [
        SimpleNamespace(name="closures", definition={"name": "closures", "in": "query", "schema": {"type": "boolean"}})
    ]
    return recorded


def test_a_negated_path_value_written_as_a_valid_one_beside_extra_query_names_is_no_invalid_request() -> None:
    # TfL's `/Road/{ids}/Disruption`: its list of road ids "negated" to the number 76657 went out as `/Road/76657/…`,
    # a list of one id, with query names the operation does not declare, which a server may ignore
    assert _negated_parameters_sent_as_valid_text(_negated_query_and_path(76657, "integer"), "c", NEGATIVE)
    assert _negated_parameters_sent_as_valid_text(_negated_query_and_path(True, "boolean", False), "c", NEGATIVE)
    # an object is written as no one text: still a finding
    recorded = _negated_query_and_path({"a": 1}, "object")
    recorded.cases["c"].value.operation.path_parameters[0].definition["schema"]["items"] = {"type": "integer"}
    assert not _negated_parameters_sent_as_valid_text(recorded, "c", NEGATIVE)
    # a negated body beside them is not the wire's to forgive
    recorded = _negated_query_and_path(76657, "integer")
    recorded.cases["c"].value.meta.components[ParameterLocation.BODY] = ComponentInfo(GenerationMode.NEGATIVE)
    assert not _negated_parameters_sent_as_valid_text(recorded, "c", NEGATIVE)


def test_a_negated_path_parameter_its_template_has_no_place_for_is_never_sent() -> None:
    # staging-ecotaco's `GET /rides` declares `per_page` in the path: "negated" to an object, it went nowhere, and the
    # request taken was a valid one
    recorded = _negated_query_and_path({"a": 1}, "object", False)
    recorded.cases["c"].value.operation.path_parameters[0].definition["schema"]["items"] = {"type": "integer"}
    recorded.cases["c"].value.operation.path = "/rides"
    assert _negated_parameters_sent_as_valid_text(recorded, "c", NEGATIVE)


META = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string", "enum": ["total_count"]}}]}
AGGREGATE = {
    "type": "object",
    "properties": {"countDistinct": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}},
}


@pytest.mark.parametrize(
    ("sent", "definition", "forgiven"),
    [
        # Directus' `meta` (form, explode: false) sent under its name twice: one text to a server, which its string
        # option takes; exploded, the two texts are an array of words its enum refuses
        (["x", "y"], {"style": "form", "explode": False, "schema": META}, True),
        (["x", "y"], {"schema": META}, False),
        # Directus' JSON `aggregate`, its `countDistinct` "negated" from an array to a text its other option takes
        ({"countDistinct": "a"}, {"content": {"application/json": {"schema": AGGREGATE}}}, True),
        ({"countDistinct": 5}, {"content": {"application/json": {"schema": AGGREGATE}}}, False),
        # whapi's optional number `page` negated by an object of no keys, each key a parameter of its own: nothing
        # went out, as nothing may
        ({}, {"schema": {"type": "number"}}, True),
        ({}, {"schema": {"type": "number"}, "required": True}, False),
        ({}, {"schema": {"type": "number"}, "explode": False}, False),  # `page=`: a text no number writes
        ({"a": 1}, {"schema": {"type": "number"}}, False),
    ],
)
def test_a_negated_query_value_a_server_reads_as_valid_is_no_invalid_request(
    sent: object, definition: dict, forgiven: bool
) -> None:
    negated = Mutation(
        (),
        ParameterLocation.QUERY,
        "",
        MutationChannel.VALUE,
        OperatorKind.NEGATE_CONSTRAINTS,
        ("oneOf",),
        "p",
        None,
        sent,
    )
    data = FuzzingPhaseData("f", None, ParameterLocation.QUERY, None, (negated,))
    recorded = _recorded({}, "application/json", data, (ParameterLocation.QUERY,))
    case = recorded.cases["c"].value
    case.query = {"p": sent}
    case.operation.query = [SimpleNamespace(name="p", definition={"name": "p", "in": "query", **definition})]
    assert _negated_parameters_sent_as_valid_text(recorded, "c", NEGATIVE) is forgiven


@pytest.mark.parametrize(
    ("path", "sent", "forgiven"),
    [
        ("/endpoints/{name}", "PUT", True),  # PUT is the same-shaped `/endpoints/{endpoint-id}`'s
        ("/endpoints/{name}", "PATCH", False),  # PATCH is nobody's
        ("/notes/{id}", "PUT", False),  # no twin path
    ],
)
def test_a_method_a_same_shaped_path_declares_is_no_undeclared_method(path: str, sent: str, forgiven: bool):
    # Exoscale's `POST /dbaas-external-endpoint-datadog/{name}` beside `GET|PUT|DELETE …/{endpoint-id}`: a PUT to a URL
    # both templates match was answered by the PUT it is, and reported as "Wrong response to undeclared method"
    ok = {"responses": {"200": {"description": "ok"}}}
    document = {
        "paths": {
            "/endpoints/{name}": {"post": ok},
            "/endpoints/{endpoint-id}": {"get": ok, "put": ok, "delete": ok},
            "/notes/{id}": {"post": ok},
        }
    }
    operation = SimpleNamespace(path=path, method="POST", schema=SimpleNamespace(raw_schema=document))
    recorder = SimpleNamespace(cases={"c": SimpleNamespace(value=SimpleNamespace(operation=operation))})
    failure = SimpleNamespace(method=sent)
    check = SimpleNamespace(name="unsupported_method", failure_info=SimpleNamespace(failure=failure))
    assert _sent_as_a_same_shaped_paths_method(recorder, "c", check) is forgiven
    assert not _sent_as_a_same_shaped_paths_method(recorder, "c", NEGATIVE)


def test_a_folded_variant_adds_its_answers_to_the_base_operations() -> None:
    # Mistral's `POST /v1/audio/transcriptions#stream` answers `{"stream": true}` with `text/event-stream`, where the
    # base answers JSON: on the wire either may come back, so the base declares both
    from contract_tests.runner import with_fragment_variants_folded

    json_answer = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
    stream = {"description": "events", "content": {"text/event-stream": {"schema": {"type": "string"}}}}
    gone = {"description": "gone", "content": {"application/json": {"schema": {"type": "object"}}}}
    document = {
        "openapi": "3.1.0",
        "paths": {
            "/transcriptions": {"post": {"responses": {"200": json_answer}}},
            "/transcriptions#stream": {"post": {"responses": {"200": stream, "410": gone}}},
        },
    }
    folded, _ = with_fragment_variants_folded(document)
    responses = folded["paths"]["/transcriptions"]["post"]["responses"]
    assert set(responses["200"]["content"]) == {"application/json", "text/event-stream"}
    assert responses["200"]["content"]["application/json"] == json_answer["content"]["application/json"]
    assert responses["410"] == gone
    assert document["paths"]["/transcriptions"]["post"]["responses"] == {"200": json_answer}  # the input kept


@pytest.mark.parametrize(
    ("variant_target", "joined"),
    [
        ({"type": "string", "enum": ["Acm.Describe"]}, False),  # each request names its own action: never the other's
        ({"const": "Acm.Describe"}, False),
        ({"type": "string", "enum": ["Acm.Describe", "Acm.AddTags"]}, True),  # a request both take
        ({"type": "string"}, True),
    ],
)
def test_a_fragment_variant_a_required_parameter_tells_apart_is_tested_under_its_own_key(
    variant_target: dict[str, Any], joined: bool
) -> None:
    # AWS's JSON APIs: every action a `POST /#X-Amz-Target=…`, told apart on the wire by that header's one allowed
    # value. AddTagsToCertificate answers 200 with no body; joined with DescribeCertificate's JSON 200, its empty
    # answers read as "Missing Content-Type" and "JSON deserialization error"
    from contract_tests.runner import with_fragment_variants_folded

    def target(schema: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"$ref": "#/components/parameters/Signature"},
            {"name": "x-amz-target", "in": "header", "required": True, "schema": schema},
        ]

    described = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
    document = {
        "openapi": "3.0.0",
        "components": {
            "parameters": {"Signature": {"name": "X-Amz-Signature", "in": "header", "schema": {"type": "string"}}}
        },
        "paths": {
            "/#X-Amz-Target=Acm.AddTags": {
                "post": {
                    "parameters": target({"type": "string", "enum": ["Acm.AddTags"]}),
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/#X-Amz-Target=Acm.Describe": {
                "post": {"parameters": target(variant_target), "responses": {"200": described}}
            },
        },
    }
    folded, left_out = with_fragment_variants_folded(document)
    base, variant = "/#X-Amz-Target=Acm.AddTags", "/#X-Amz-Target=Acm.Describe"
    assert "/" not in folded["paths"]  # the one key whose operation `/` holds names it, action and all
    answer = folded["paths"][base]["post"]["responses"]["200"]
    assert ("content" in answer) is joined
    if joined:  # one endpoint to the runner: the base's operation is the one tested
        assert left_out == [f"POST {variant}"] and variant not in folded["paths"]
    else:  # tested under its own key, which reaches `/` on the wire
        assert left_out == [] and folded["paths"][variant]["post"]["responses"]["200"] == described
        # a method at `/` the variant lacks would draw 405 and `Allow` findings under the variant's key
        document["paths"][base]["get"] = {"responses": {"200": {"description": "ok"}}}
        folded, left_out = with_fragment_variants_folded(document)
        assert left_out == [f"POST {variant}"] and variant not in folded["paths"]


@pytest.mark.parametrize(
    ("header", "items", "forgiven"),
    [
        ([{"a": 1}, "plain"], {"type": "string"}, True),  # each item a part of text: `{"a": 1}` is a string there
        ([{"a": 1}], {"type": "integer"}, False),  # an object's text is no integer
    ],
)
def test_an_item_of_a_multipart_list_changed_in_type_is_judged_part_by_part(header, items, forgiven) -> None:
    # Sentry's release file upload: `header: [string]`, an item drawn as an object went out as a part holding its
    # JSON, and `dist: string` drawn null; both parts are text, and the request was "Schema-violating … accepted"
    schema = {"type": "object", "properties": {"header": {"type": "array", "items": items}, "dist": {"type": "string"}}}
    mutations = tuple(
        Mutation(
            (),
            ParameterLocation.BODY,
            pointer,
            MutationChannel.SCHEMA,
            OperatorKind.CHANGE_TYPE,
            ("type",),
            None,
            was,
            became,
        )
        for pointer, was, became in (
            ("/properties/dist", "string", "null"),
            ("/properties/header/items", "string", "object"),
        )
    )
    recorded = _recorded(
        {"header": header, "dist": None},
        "multipart/form-data",
        FuzzingPhaseData("f", None, ParameterLocation.BODY, None, mutations),
    )
    recorded.cases["c"].value.operation.schema.raw_schema = {
        "paths": {"/bookings": {"post": {"requestBody": {"content": {"multipart/form-data": {"schema": schema}}}}}}
    }
    assert _type_a_text_body_cannot_show(recorded, "c", NEGATIVE) is forgiven


@pytest.mark.parametrize(
    ("name", "forgiven"),
    [
        ({"anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}]}, True),  # empty: the form's null
        ({"type": "string", "minLength": 1}, False),  # no null to read it as: an invalid request taken
    ],
)
def test_an_empty_part_below_its_least_length_where_null_is_allowed_is_null(name: dict, forgiven: bool) -> None:
    # ElevenLabs' knowledge-base document upload: `name` drawn "" below its minLength, a part holding nothing, which
    # the mock reads as the null the field allows; "Schema-violating request accepted"
    recorded = _recorder(
        {"name": "", "file": b"PNG"},
        "multipart/form-data",
        "/properties/name/anyOf/0/minLength",
        CoverageScenario.STRING_BELOW_MIN_LENGTH,
    )
    schema = {"type": "object", "properties": {"name": name, "file": {"type": "string", "format": "binary"}}}
    recorded.cases["c"].value.operation.schema.raw_schema = {
        "paths": {"/bookings": {"post": {"requestBody": {"content": {"multipart/form-data": {"schema": schema}}}}}}
    }
    assert _type_a_text_body_cannot_show(recorded, "c", NEGATIVE) is forgiven


@pytest.mark.parametrize(
    ("declared", "sent", "forgiven"),
    [
        ("duration", "", True),  # Azure Monitor's `interval=`: a format requests are not held to, as openapi-core
        ("email", "nobody", False),  # one openapi-core reads, loosely: no "@" is refused
    ],
)
def test_a_query_parameter_broken_by_a_loosely_read_format_alone_is_no_break(
    declared: str, sent: str, forgiven: bool
) -> None:
    mutation = _mutation((), sent, keywords=("format",), location=ParameterLocation.QUERY, name="interval")
    data = FuzzingPhaseData("fuzzed", None, ParameterLocation.QUERY, None, (mutation,))
    recorded = _recorded({}, "application/json", data, negated=(ParameterLocation.QUERY,))
    case = recorded.cases["c"].value
    case.query = {"interval": sent}
    definition = {"name": "interval", "in": "query", "schema": {"type": "string", "format": declared}}
    case.operation.query = [SimpleNamespace(name="interval", definition=definition)]
    assert _format_requests_are_not_held_to(recorded, "c", NEGATIVE) is forgiven
    case.query = {}  # the value not sent: nothing to judge by
    assert not _format_requests_are_not_held_to(recorded, "c", NEGATIVE)


@pytest.mark.parametrize(("sent", "forgiven"), [("GET", True), ("PATCH", False)])
def test_a_method_of_a_template_the_url_sent_fills_is_no_undeclared_method(sent: str, forgiven: bool):
    # Buffer's `POST /updates/create{ext}` beside `GET /updates/{id}{ext}`: a GET of `/updates/create.json` is a read
    # of the update `create`, answered 200, and was "Wrong response to undeclared method"
    ok = {"responses": {"200": {"description": "ok"}}}
    document = {"paths": {"/updates/create{ext}": {"post": ok}, "/updates/{id}{ext}": {"get": ok}}}
    operation = SimpleNamespace(path="/updates/create{ext}", method="POST", schema=SimpleNamespace(raw_schema=document))
    case = SimpleNamespace(operation=operation, formatted_path="/updates/create.json")
    recorder = SimpleNamespace(cases={"c": SimpleNamespace(value=case)})
    check = SimpleNamespace(
        name="unsupported_method", failure_info=SimpleNamespace(failure=SimpleNamespace(method=sent))
    )
    assert _sent_as_a_same_shaped_paths_method(recorder, "c", check) is forgiven


def _action_case(query: dict, headers: dict, status: int) -> SimpleNamespace:
    # CloudWatch's query actions, each a `POST /` told apart by its `Action`, one value each; fuzzed, a request says
    # nothing of which part it broke
    from contract_tests.runner import TOLD_APART_KEY

    action = {"name": "Action", "in": "query", "required": True, "schema": {"type": "string", "enum": ["ListMetrics"]}}
    version = {"name": "Version", "in": "query", "required": True, "schema": {"type": "string"}}
    raw = {"parameters": [action, version], TOLD_APART_KEY: ["Action"]}
    operation = SimpleNamespace(
        definition=SimpleNamespace(raw=raw),
        schema=SimpleNamespace(raw_schema={"paths": {"/": {"post": raw}}}),
        query=[SimpleNamespace(name="Action", definition=action), SimpleNamespace(name="Version", definition=version)],
        headers=[],
    )
    data = FuzzingPhaseData("fuzzed", None, None, None)
    meta = SimpleNamespace(phase=SimpleNamespace(data=data))
    case = SimpleNamespace(meta=meta, operation=operation, query=query, headers=headers)
    interaction = SimpleNamespace(response=SimpleNamespace(status_code=status))
    return SimpleNamespace(cases={"c": SimpleNamespace(value=case)}, interactions={"c": interaction})


@pytest.mark.parametrize(
    ("recorder", "forgiven"),
    [
        (_action_case({"Version": "2010-08-01"}, {}, 400), True),  # no `Action`: it names no action
        (_action_case({"Action": "Other", "Version": "x"}, {}, 400), True),  # another's, or none's
        (_action_case({"Action": "ListMetrics"}, {}, 400), False),  # its own action, refused otherwise: judged
        (_action_case({"Version": "2010-08-01"}, {}, 500), False),  # no refusal
    ],
)
def test_a_refusal_of_a_request_naming_no_action_as_sent_is_no_finding(recorder, forgiven: bool) -> None:
    from contract_tests.runner import _refused_naming_no_action

    assert _refused_naming_no_action(recorder, "c", SimpleNamespace(name="status_code_conformance")) is forgiven


def test_the_documented_accept_is_sent_first_and_anything_after_it() -> None:
    # VTEX documents `Accept: application/json` on every operation, beside some answering only text/plain: asked for
    # JSON alone, a server true to the spec refused them (406), and the runner called it a finding
    from contract_tests.runner import accept_sent
    from mock.negotiation import negotiate

    sent = accept_sent("application/json")
    assert negotiate(sent, ["text/plain"]) == "text/plain"
    assert negotiate(sent, ["text/plain", "application/json"]) == "application/json"
    vendor = accept_sent("application/vnd.pagerduty+json;version=2")
    assert negotiate(vendor, ["application/json", "application/vnd.pagerduty+json;version=2"]).startswith(
        "application/vnd"
    )
