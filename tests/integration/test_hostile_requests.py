"""Hostile requests and frames, built by hypothesis from each operation's own schema, against the in-process app.

For every bundled API, requests to its operations are taken from the spec (a valid request first) and then
spoiled: a body field, a parameter, a header or the whole body replaced by something hostile (wrong types,
huge and deep values, non-finite and 5,000-digit numbers, lone surrogates, odd Unicode, odd content types).
Whatever is sent, the answer is never a 5xx, a refusal is in the API's own error envelope, and no traceback
text leaks. Runware's WebSocket gets the same treatment frame by frame: every frame is answered in its
envelope and the socket lives on.

The default suite runs a fixed sample (`derandomize`, HOSTILE_EXAMPLES per API, default 40); the full
battery (HOSTILE_SLOW_EXAMPLES, default 1500 per API, a few minutes) runs with `pytest -m slow`.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from mock.spec.model import Api, Operation
from tests.integration.conftest import APIS
from tests.integration.envelope import envelope_problem
from tests.spec_requests import SpecRequest, valid_request

FAST_EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "40"))
SLOW_EXAMPLES = int(os.environ.get("HOSTILE_SLOW_EXAMPLES", "1500"))
PLACEHOLDER = "\u0000hostile\u0000"

# ---------------------------------------------------------------- hostile pieces

hostile_numbers = st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e308", "-0", "1E+999999"]) | (
    st.integers(300, 6000).map(lambda n: "9" * n)
)
deep_json = st.integers(65, 20_000).flatmap(
    lambda n: st.sampled_from(["[" * n + "]" * n, '{"a":' * n + "1" + "}" * n, "[" * n])
)
lone_surrogates = st.sampled_from(['"\\ud800"', '"\\udfff"', '"a\\ud834b"', '{"\\udc00": 1}', '["\\uDBFF"]'])
odd_text = st.text(
    st.characters(codec="utf-8", categories=("Cc", "Cf", "Co", "Mn", "Zl", "Zp", "So", "Lo")), max_size=40
).map(lambda s: json.dumps(s, ensure_ascii=False))
wrong_types = st.sampled_from(["null", "true", "false", "[]", "{}", "0", "-1", '""', "[null]", '{"": null}'])
huge_strings = st.integers(1_000, 200_000).map(lambda n: '"' + "x" * n + '"')
hostile_json = st.one_of(hostile_numbers, deep_json, lone_surrogates, odd_text, wrong_types, huge_strings)

hostile_param_text = st.one_of(
    hostile_numbers,
    st.sampled_from(["", " ", "%", "%zz", "%00", "..", "../../etc/passwd", "true", "[]", "{}", "\x00", "é", "\ufeff"]),
    st.text(max_size=30),
    st.integers(1_000, 20_000).map(lambda n: "a" * n),
)
odd_content_types = st.sampled_from(
    [
        "application/json; charset=utf-16",
        "application/json;;;",
        "text/plain",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "application/x-www-form-urlencoded",
        "application/xml",
        "*/*",
        "application/json" + "; x=y" * 500,
        "",
        "\x7f",
    ]
)
odd_headers = st.one_of(
    st.tuples(
        st.just("prefer"),
        st.sampled_from(["code=999", "code=abc", "example=", "dynamic=maybe", "=,=;", "code=200, example=nope"]),
    ),
    st.tuples(st.just("x-specmock-scenario"), st.sampled_from(["nope", ",,,", "none", "wallet,nope", "é" * 50])),
    st.tuples(
        st.just("authorization"), st.sampled_from(["Bearer", "Bearer ", "Basic ===", "Bearer " + "k" * 10_000, "é"])
    ),
    st.tuples(st.just("content-length"), st.sampled_from(["-1", "abc", "99999999999999999999999"])),
    st.tuples(st.just("cookie"), st.sampled_from(["=;=;", "a=" + "b" * 5000, "\x01"])),
)

# ---------------------------------------------------------------- hostile requests, from the spec


def _body_with(request: SpecRequest, fragment: str, draw: st.DrawFn) -> bytes:
    """The valid body with one field (or the body itself) replaced by a raw JSON fragment."""
    try:
        body = json.loads(request.body) if request.body else None
    except ValueError:
        body = None
    slots: list[tuple[Any, Any]] = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            for key in value:
                slots.append((value, key))
                collect(value[key])
        elif isinstance(value, list):
            for index in range(len(value)):
                slots.append((value, index))
                collect(value[index])

    collect(body)
    if not slots or draw(st.booleans()):  # the whole body, or one field of it
        return fragment.encode("utf-8", "surrogatepass")
    container, key = draw(st.sampled_from(slots))
    container[key] = PLACEHOLDER
    text = json.dumps(body, ensure_ascii=False).replace(json.dumps(PLACEHOLDER, ensure_ascii=False), fragment, 1)
    return text.encode("utf-8", "surrogatepass")


def _path_with(operation: Operation, request: SpecRequest, value: str) -> str:
    names = re.findall(r"\{([^}]+)\}", operation.path)
    if not names:
        return request.path
    target = names[0]
    path = operation.path
    for name in names:
        replacement = quote(value, safe="") if name == target else quote(str(request.path_params[name]), safe="")
        path = path.replace("{" + name + "}", replacement)
    return path


@st.composite
def hostile_requests(
    draw: st.DrawFn, api: Api
) -> tuple[Operation, str, str, list[tuple[str, str]], dict[str, str], bytes]:
    operation = draw(st.sampled_from(api.operations))
    request = valid_request(api, operation, seed=draw(st.integers(0, 50)))
    path, query, headers, body = request.path, list(request.query), dict(request.headers), request.body
    for _ in range(draw(st.integers(1, 3))):
        spoil = draw(st.sampled_from(["body", "param", "path", "header", "content-type", "raw-body", "unknown-param"]))
        if spoil == "body" and operation.request_body is not None:
            body = _body_with(request, draw(hostile_json), draw)
        elif spoil == "raw-body":
            body = draw(st.binary(max_size=2_000) | st.just(b"\xff\xfe{\x00}"))
        elif spoil == "param" and query:
            index = draw(st.integers(0, len(query) - 1))
            query[index] = (query[index][0], draw(hostile_param_text))
        elif spoil == "unknown-param":
            query.append(
                (draw(st.sampled_from(["__code", "__example", "__dynamic", "x", ""])), draw(hostile_param_text))
            )
        elif spoil == "path":
            path = _path_with(operation, request, draw(hostile_param_text))
        elif spoil == "header":
            name, value = draw(odd_headers)
            headers[name] = value
        elif spoil == "content-type":
            headers["content-type"] = draw(odd_content_types)
    url = f"/{api.name}{api.base_path}{path}"
    return operation, operation.method, url, query, headers, body


def _check(api: Api, operation: Operation, response: Any) -> None:
    assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
    assert "Traceback" not in response.text
    if response.status_code >= 400:
        problem = envelope_problem(api, operation, response.status_code, response.headers, response.content)
        assert problem is None, problem


def _send(client: TestClient, drawn: tuple[Operation, str, str, list[tuple[str, str]], dict[str, str], bytes]) -> Any:
    operation, method, url, query, headers, body = drawn
    raw_headers = {k: v.encode("utf-8") for k, v in headers.items()}  # bytes: httpx sends them as they are
    return client.request(method, url, params=query, headers=raw_headers, content=body)


def _hostile_request_test(client: TestClient, api_name: str, examples: int, derandomize: bool) -> None:
    api = APIS[api_name]

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=derandomize,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(drawn=hostile_requests(api))
    def run(drawn: tuple[Operation, str, str, list[tuple[str, str]], dict[str, str], bytes]) -> None:
        _check(api, drawn[0], _send(client, drawn))

    run()


API_NAMES = sorted(APIS)


@pytest.mark.parametrize("client_name", ["static_client", "scenario_client"])
@pytest.mark.parametrize("api_name", API_NAMES)
def test_hostile_requests_never_get_a_5xx_and_refusals_are_in_the_envelope(
    request: pytest.FixtureRequest, client_name: str, api_name: str
) -> None:
    _hostile_request_test(request.getfixturevalue(client_name), api_name, FAST_EXAMPLES, derandomize=True)


@pytest.mark.slow
@pytest.mark.parametrize("client_name", ["static_client", "scenario_client"])
@pytest.mark.parametrize("api_name", API_NAMES)
def test_hostile_requests_full_battery(request: pytest.FixtureRequest, client_name: str, api_name: str) -> None:
    _hostile_request_test(request.getfixturevalue(client_name), api_name, SLOW_EXAMPLES, derandomize=False)


# ---------------------------------------------------------------- hostile WebSocket frames

PING = '[{"taskType": "ping", "ping": true}]'
RUNWARE = APIS["runware"]
TASK_OPERATION = next(o for o in RUNWARE.operations if o.task_protocol is not None)


@st.composite
def hostile_frames(draw: st.DrawFn) -> str | bytes:
    request = valid_request(RUNWARE, TASK_OPERATION, seed=draw(st.integers(0, 50)))
    kind = draw(st.sampled_from(["field", "whole", "binary", "text"]))
    if kind == "binary":
        return draw(st.binary(max_size=1_000))
    if kind == "text":
        return draw(st.text(max_size=200))
    fragment = draw(hostile_json)
    if kind == "whole":
        return fragment
    return _body_with(request, fragment, draw).decode("utf-8", "surrogatepass")


def _frame_test(client: TestClient, examples: int, derandomize: bool) -> None:
    with client.websocket_connect("/runware/v1") as ws:
        ws.send_text('[{"taskType": "authentication", "apiKey": "sk_hostile_frames"}]')
        assert "data" in json.loads(ws.receive_text())

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=derandomize,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
        )
        @given(frame=hostile_frames())
        def run(frame: str | bytes) -> None:
            if isinstance(frame, bytes):
                ws.send_bytes(frame)
            else:
                ws.send_text(frame.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
            answer = json.loads(ws.receive_text())
            assert set(answer) & {"data", "errors"}, answer
            for error in answer.get("errors", []):
                assert isinstance(error.get("code"), str) and isinstance(error.get("message"), str)
                assert "Traceback" not in error["message"]
            ws.send_text(PING)  # the socket lives on
            assert json.loads(ws.receive_text()) == {"data": [{"taskType": "ping", "pong": True}]}

        run()


def test_hostile_websocket_frames_get_answers_in_the_envelope_and_the_socket_lives(static_client: TestClient) -> None:
    _frame_test(static_client, FAST_EXAMPLES * 2, derandomize=True)


@pytest.mark.slow
def test_hostile_websocket_frames_full_battery(scenario_client: TestClient) -> None:
    _frame_test(scenario_client, SLOW_EXAMPLES, derandomize=False)
