"""The fast request validator must give openapi-core's verdict.

For every operation, hypothesis takes a valid request and applies a random mutation
(drop or retype a body field, add an unknown one, garble a parameter, drop credentials,
change the content type, break the JSON…). Both validators judge it; they must agree on
accept/reject and on the kind of failure.

Three deliberate differences are left out: empty query values (`?tag=`), which the mock takes
for a string parameter as real backends do unless the spec says `allowEmptyValue: false`, and for a
parameter of any type where it says `allowEmptyValue: true` (OpenAPI: "allows sending a parameter with an
empty value"), while openapi-core follows that keyword's refusing default and casts "" to the type;
the key policy (openapi-core accepts any bearer token; the mock rejects keys starting with `invalid`)
and Runware's authentication task, which the spec's text allows in place of the header but its
security section cannot say.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mock.openapi_core_checks import ReferenceRequest, reference_request_categories
from mock.request_validation import AccessPolicy, IncomingRequest, validate_request
from mock.spec import load_apis
from mock.spec.model import EmptyValue
from tests.conftest import SPECS
from tests.differential import DIFFERENTIAL
from tests.spec_requests import SpecRequest, valid_request

APIS = load_apis(SPECS)
OPERATIONS = [(api.name, op.operation_id) for api in APIS.values() for op in api.operations]

FAST_CATEGORY = {
    "security": "security",
    "path": "parameters",
    "query": "parameters",
    "header": "parameters",
    "cookie": "parameters",
    "body": "body",
    "content-type": "content-type",
}

JUNK = st.one_of(
    st.integers(),
    st.text(max_size=8),
    st.booleans(),
    st.none(),
    # Infinity is not JSON (RFC 8259): the mock refuses it where Python's json (openapi-core's) reads it,
    # a divergence on purpose, tested in tests/unit/mock/test_request_input.py
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _mutate_body(body, draw):
    target = body
    if isinstance(body, list):  # Runware: mutate one task, never the authentication task's absence
        if not body:
            return body
        target = body[draw(st.integers(0, len(body) - 1))]
    if not isinstance(target, dict) or not target:
        return draw(JUNK)
    key = draw(st.sampled_from(sorted(target)))
    action = draw(st.sampled_from(["drop", "retype", "add"]))
    if action == "drop":
        del target[key]
    elif action == "retype":
        target[key] = draw(JUNK)
    else:
        target[draw(st.text(min_size=1, max_size=6))] = draw(JUNK)
    return body


@st.composite
def mutated_requests(draw, api_name, operation_id):
    api = APIS[api_name]
    operation = next(o for o in api.operations if o.operation_id == operation_id)
    request = valid_request(api, operation, seed=draw(st.integers(0, 10_000)))
    choices = ["none", "parameter", "credentials"]
    if operation.request_body:
        choices += ["body", "body", "body", "content-type", "malformed", "empty", "blank"]
    mutation = draw(st.sampled_from(choices))
    if mutation == "parameter" and (request.query or request.path_params):
        name, _ = draw(st.sampled_from(request.query)) if request.query else (None, None)
        value = draw(st.one_of(st.text(max_size=6), st.integers().map(str), st.sampled_from(["true", "-1", "1.5", ""])))
        parameter = next((p for p in operation.parameters if p.name == name and p.location == "query"), None)
        assume(not (value == "" and parameter is not None and parameter.empty_value is not EmptyValue.REFUSED))
        if name is not None:
            request.query = [(k, value if k == name else v) for k, v in request.query]
    elif mutation == "credentials":
        request.headers = {k: v for k, v in request.headers.items() if k not in ("authorization", "x-api-key")}
    elif mutation == "body" and request.headers.get("content-type") == "application/json":
        request.body = json.dumps(_mutate_body(json.loads(request.body), draw)).encode()
    elif mutation == "content-type":
        request.headers["content-type"] = draw(
            st.sampled_from(["text/plain", "application/xml", "multipart/form-data"])
        )
    elif mutation == "malformed":
        request.body = request.body[: max(1, len(request.body) // 2)]
    elif mutation == "empty":
        request.body = b""
    elif mutation == "blank":  # whitespace only: a body, and not JSON (openapi-core refuses it as undecodable)
        request.body = draw(st.sampled_from([b"\n", b"  ", b"\r\n\t"]))
    return api, operation, request


def _strip_authentication_task(request: SpecRequest) -> None:
    try:
        tasks = json.loads(request.body)
    except ValueError:
        return
    if isinstance(tasks, list):
        request.body = json.dumps(
            [t for t in tasks if not (isinstance(t, dict) and t.get("taskType") == "authentication")]
        ).encode()


@pytest.mark.parametrize("api_name,operation_id", OPERATIONS)
@DIFFERENTIAL
@given(data=st.data())
def test_fast_validator_agrees_with_openapi_core(api_name, operation_id, data):
    api, operation, request = data.draw(mutated_requests(api_name, operation_id))
    if operation.task_protocol is not None:
        _strip_authentication_task(request)
    incoming = IncomingRequest(request.method, request.path, tuple(request.query), request.headers, {}, request.body)
    fast = validate_request(
        api, operation, {k: str(v) for k, v in request.path_params.items()}, incoming, AccessPolicy()
    )
    fast_categories = {FAST_CATEGORY[v.location] for v in fast.violations}
    reference = reference_request_categories(
        api,
        ReferenceRequest(
            request.method,
            request.path,
            tuple(request.query),
            request.headers,
            request.body,
            request.headers.get("content-type", ""),
        ),
    )
    assert bool(fast_categories) == bool(reference), (fast.violations, reference, request)
    assert fast_categories == reference, (fast.violations, reference, request)


@pytest.mark.parametrize("body", [b"", b"\n", b"  ", b"{}", b"{"])
def test_an_optional_json_body_of_whitespace_is_judged_as_openapi_core_judges_it(tmp_path, body):
    # Adyen marks no request body required: a body of "\n" was taken as no body, where openapi-core (and a real JSON
    # parser) refuses it as undecodable; an empty body is no body to both
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/captures": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {"201": {"description": "made"}},
                }
            }
        },
    }
    (tmp_path / "pay.json").write_text(json.dumps(document))
    api = load_apis(tmp_path)["pay"]
    headers = {"content-type": "application/json"}
    fast = validate_request(
        api, api.operations[0], {}, IncomingRequest("POST", "/captures", (), headers, {}, body), AccessPolicy()
    )
    reference = reference_request_categories(
        api, ReferenceRequest("POST", "/captures", (), headers, body, "application/json")
    )
    assert bool(fast.violations) == bool(reference), (fast.violations, reference)


TAGS = """
openapi: 3.0.3
info: {title: tags, version: "1"}
paths:
  /tags:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [tag], properties: {tag: {$ref: "#/components/schemas/Tag"}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {type: object}}}}
        "400": {description: bad}
components:
  schemas:
    Reference:
      type: object
      properties: {id: {type: string, readOnly: true}, type: {type: string, readOnly: true}}
    Tag:
      allOf:
        - $ref: "#/components/schemas/Reference"
        - type: object
          required: [label, type]
          properties: {type: {type: string, enum: [tag]}, label: {type: string}}
"""


@pytest.mark.parametrize(
    "tag", [{"label": "Batman"}, {"label": "Batman", "type": "tag"}, {"type": "tag"}, {"label": "x", "id": "P1"}]
)
def test_a_field_one_part_marks_read_only_and_another_declares_and_requires_is_judged_as_openapi_core_does(
    tmp_path, tag
):
    # PagerDuty's tag: the mock took one sent without its `type`, which openapi-core refuses
    from mock.openapi_core_checks import reference_request_errors
    from tests.integration.conftest import served

    client = served(tmp_path, TAGS, stateful=False)
    body = json.dumps({"tag": tag}).encode()
    reference = reference_request_errors(load_apis(tmp_path)["spec"], ReferenceRequest("POST", "/tags", body=body))
    answered = client.post("/tags", content=body, headers={"content-type": "application/json"})
    assert (answered.status_code == 400) == bool(reference), (answered.text, reference)
