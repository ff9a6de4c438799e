"""Findings of the hardening issue, one test each: hostile input gets a 4xx in the API's envelope, never a 500.

In-process, against the app `specmock serve` runs, with and without the default scenarios.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock.spec.model import Operation
from tests.integration.conftest import APIS, served
from tests.integration.envelope import assert_refused, envelope_problem
from tests.spec_requests import SpecRequest, valid_request

PING = [{"taskType": "ping", "ping": True}]
PONG = {"data": [{"taskType": "ping", "pong": True}]}


def operation_named(api_name: str, operation_id: str) -> Operation:
    return next(o for o in APIS[api_name].operations if o.operation_id == operation_id)


def send(client: TestClient, api_name: str, request: SpecRequest, **changes: Any) -> Any:
    api = APIS[api_name]
    return client.request(
        request.method,
        f"/{api_name}{api.base_path}{request.path}",
        params=changes.get("query", request.query),
        headers={**request.headers, **changes.get("headers", {})},
        content=changes.get("body", request.body),
    )


EVERY_OPERATION = [(name, op.operation_id) for name, api in sorted(APIS.items()) for op in api.operations]


@pytest.mark.parametrize("client_name", ["static_client", "scenario_client"])
@pytest.mark.parametrize(("api_name", "operation_id"), EVERY_OPERATION)
def test_an_unknown_prefer_example_is_the_same_422_with_or_without_scenarios(
    request: pytest.FixtureRequest, client_name: str, api_name: str, operation_id: str
) -> None:
    client: TestClient = request.getfixturevalue(client_name)
    operation = operation_named(api_name, operation_id)
    spec_request = valid_request(APIS[api_name], operation)
    header = send(client, api_name, spec_request, headers={"prefer": "example=no-such-example"})
    query = send(client, api_name, spec_request, query=[*spec_request.query, ("__example", "no-such-example")])
    for response in (header, query):
        assert response.status_code < 500, response.text
        if response.status_code == 422:
            assert "no-such-example" in response.text
            assert_refused(APIS[api_name], None, response)
    # The static mock decides whether the name applies; scenarios must not change the verdict.
    assert header.status_code == query.status_code


def test_an_unknown_prefer_example_on_a_scenario_answered_operation_is_422(scenario_client: TestClient) -> None:
    operation = operation_named("aeriox", "getWallet")
    response = send(
        scenario_client, "aeriox", valid_request(APIS["aeriox"], operation), headers={"prefer": "example=x"}
    )
    assert response.status_code == 422
    assert "example=x" in response.json()["error"]["message"]


def _generate_image(**body_changes: Any) -> SpecRequest:
    request = valid_request(APIS["aeriox"], operation_named("aeriox", "generateImage"))
    body = json.loads(request.body)
    text = json.dumps({**body, "seed": 7})
    for marker, raw in body_changes.items():
        text = text.replace('"seed": 7', f'"seed": 7, "{marker}": {raw}')
    request.body = text.encode()
    return request


@pytest.mark.parametrize("client_name", ["static_client", "scenario_client"])
@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ('"\\ud800"', "surrogate"),
        ("NaN", "NaN"),
        ("1e400", "1e400"),
        ("-Infinity", "Infinity"),
        ("9" * 5000, "digits"),
        ("[" * 100_000 + "]" * 100_000, "nested"),
    ],
    ids=["lone-surrogate", "NaN", "1e400", "-Infinity", "5000-digits", "100000-deep"],
)
def test_hostile_json_in_a_body_is_a_4xx_that_says_what_is_wrong(
    request: pytest.FixtureRequest, client_name: str, raw: str, says: str
) -> None:
    client: TestClient = request.getfixturevalue(client_name)
    response = send(client, "aeriox", _generate_image(prompt=raw))
    assert_refused(APIS["aeriox"], operation_named("aeriox", "generateImage"), response)
    message = response.json()["error"]["message"]
    assert says in message
    for leak in ("null", "4300", "set_int_max_str_digits", "UnicodeEncodeError"):
        assert leak not in message


@pytest.mark.parametrize("value", ["NaN", "1e400", "inf", "-Infinity"])
def test_a_non_finite_number_parameter_is_named_as_sent_not_as_null(static_client: TestClient, value: str) -> None:
    operation = operation_named("aeriox", "searchCards")
    spec_request = valid_request(APIS["aeriox"], operation)
    query = [(k, v) for k, v in spec_request.query if k != "min_similarity"] + [("min_similarity", value)]
    response = send(static_client, "aeriox", spec_request, query=query)
    assert_refused(APIS["aeriox"], operation, response)
    message = response.json()["error"]["message"]
    assert value in message and "null" not in message


def test_too_many_query_fields_or_headers_are_a_4xx(static_client: TestClient) -> None:
    operation = operation_named("aeriox", "listModels")
    spec_request = valid_request(APIS["aeriox"], operation)
    response = send(static_client, "aeriox", spec_request, query=[("x", "1")] * 5000)
    assert_refused(APIS["aeriox"], operation, response)
    response = send(static_client, "aeriox", spec_request, headers={f"x-h{i}": "1" for i in range(500)})
    assert_refused(APIS["aeriox"], operation, response)


@pytest.mark.parametrize(
    "frame",
    [
        "[" * 100_000 + "]" * 100_000,
        '[{"taskType": "ping", "ping": ' + "9" * 5000 + "}]",
        '[{"taskType": "accountManagement", "operation": "getDetails", "taskUUID": "\\ud800"}]',
        '[{"taskType": "ping", "ping": NaN}]',
    ],
    ids=["100000-deep", "5000-digits", "lone-surrogate", "NaN"],
)
def test_a_hostile_websocket_frame_gets_an_error_frame_and_the_socket_lives_on(
    static_client: TestClient, frame: str
) -> None:
    with static_client.websocket_connect("/runware/v1") as ws:
        ws.send_json([{"taskType": "authentication", "apiKey": "sk_hostile"}])
        assert "data" in ws.receive_json()
        ws.send_text(frame)
        answer = ws.receive_json()
        [error] = answer["errors"]
        assert set(error) >= {"code", "message"}
        assert "null" not in error["message"] and "4300" not in error["message"]
        ws.send_json(PING)
        assert ws.receive_json() == PONG


def test_a_slow_body_gets_408_in_the_envelope() -> None:
    import asyncio

    from mock.app import create_app
    from tests.integration.conftest import static_config

    app = create_app(static_config(body_timeout_s=0.2), APIS)
    operation = operation_named("aeriox", "generateImage")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/aeriox/v1/images/generate",
        "raw_path": b"/aeriox/v1/images/generate",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"authorization", b"Bearer sk_slow")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    first = [{"type": "http.request", "body": b'{"prompt": ', "more_body": True}]
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if first:
            return first.pop()
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=10))
    start, body = messages[0], messages[1]
    assert start["status"] == 408
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    assert envelope_problem(APIS["aeriox"], operation, 408, headers, body["body"]) is None
    assert b"did not arrive within 0.2 s" in body["body"]


FREE_FORM_QUERY = """
openapi: 3.0.3
info: {title: Templates, version: "1"}
paths:
  /templates:
    get:
      parameters:
        - name: filters
          in: query
          style: form
          explode: true
          schema: {type: object, additionalProperties: {type: string}}
      responses:
        "200": {$ref: "#/components/responses/Names"}
        "400": {$ref: "#/components/responses/Bad"}
  /plain:
    get:
      responses:
        "200": {$ref: "#/components/responses/Names"}
        "400": {$ref: "#/components/responses/Bad"}
components:
  responses:
    Names: {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
    Bad:
      description: bad
      content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
"""


def test_a_query_key_of_the_operation_own_free_form_object_is_no_override(tmp_path: Path) -> None:
    # A free-form exploded query object takes any key, `__dynamic` too (the contract runner sent `__dynamic=:` to
    # STACKIT's run-command): the API's value, answered 200, not the mock's undeclared 422 for a bad override.
    client = served(tmp_path, FREE_FORM_QUERY)
    own = client.get("/templates", params=[("__dynamic", ":"), ("__code", "abc")])
    assert own.status_code == 200, own.text
    where_not_taken = client.get("/plain", params=[("__dynamic", ":")])
    assert where_not_taken.status_code == 422 and "dynamic" in where_not_taken.text
    assert client.get("/plain", params=[("__code", "400")]).status_code == 400
    assert client.app.state.server.violations_seen == 0
