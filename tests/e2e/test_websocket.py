"""Runware's task protocol over WebSocket: the socket protocol itself, in-process and on a real server.

The official SDKs are driven against the same endpoint in test_runware_sdks.py.
"""

from __future__ import annotations

import asyncio
import json
import uuid
import warnings

import jsonschema
import pytest

with warnings.catch_warnings():  # Starlette's nudge towards httpx2; the TestClient works as is
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient, WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect
from websockets.sync.client import connect

from mock.app import ServeConfig, create_app
from mock.spec import load_apis
from mock.websocket import DROPPED_CLOSE_CODE, SocketSession
from tests.conftest import SPECS

APIS = load_apis(SPECS)
RUNWARE = APIS["runware"]
PROTOCOL = next(op for op in RUNWARE.operations if op.task_protocol).task_protocol
KEY = "sk_specmock_ws"

AUTH = [{"taskType": "authentication", "apiKey": KEY}]
PING = [{"taskType": "ping", "ping": True}]
PONG = {"data": [{"taskType": "ping", "pong": True}]}


def details(task_uuid: str | None = None) -> dict:
    return {"taskType": "accountManagement", "taskUUID": task_uuid or str(uuid.uuid4()), "operation": "getDetails"}


@pytest.fixture(scope="module")
def app():
    return create_app(ServeConfig(specs_dir=SPECS, seed=3), APIS)


@pytest.fixture(scope="module")
def http(app):
    with TestClient(app) as client:
        yield client


def authenticate(ws, key: str = KEY, session: str | None = None) -> str:
    task = {"taskType": "authentication", "apiKey": key, **({"connectionSessionUUID": session} if session else {})}
    ws.send_json([task])
    answer = ws.receive_json()
    [item] = answer["data"]
    jsonschema.validate(item, PROTOCOL.result_schemas["authentication"])
    return item["connectionSessionUUID"]


def assert_result(item: dict, task: dict) -> None:
    assert item["taskUUID"] == task["taskUUID"]
    jsonschema.validate(item, PROTOCOL.result_schemas[task["taskType"]])


# ---------------------------------------------------------------- connection


def test_first_message_authenticates_and_names_a_session(http):
    with http.websocket_connect("/runware/v1") as ws:
        session = authenticate(ws)
        assert uuid.UUID(session)


def test_ping_is_answered_with_pong_before_and_after_authentication(http):
    with http.websocket_connect("/runware/v1") as ws:
        ws.send_json(PING)
        assert ws.receive_json() == PONG
        authenticate(ws)
        ws.send_json(PING)
        assert ws.receive_json() == PONG


def test_a_bad_key_is_answered_in_band_and_the_socket_stays_open(http):
    with http.websocket_connect("/runware/v1") as ws:
        ws.send_json([{"taskType": "authentication", "apiKey": "invalid-key"}])
        answer = ws.receive_json()
        assert list(answer) == ["errors"]
        [error] = answer["errors"]
        assert error["taskType"] == "authentication"
        assert error["code"] == "invalidApiKey"
        assert error["parameter"] == "apiKey"
        jsonschema.validate(answer, RUNWARE.error_schema)
        # still open: the client can try again on the same socket
        authenticate(ws)
        task = details()
        ws.send_json([task])
        assert_result(ws.receive_json()["data"][0], task)


def test_tasks_before_authentication_are_refused_in_band(http):
    with http.websocket_connect("/runware/v1") as ws:
        task = details()
        ws.send_json([task])
        [error] = ws.receive_json()["errors"]
        assert error["code"] == "missingApiKey"
        assert error["taskType"] == "authentication"
        assert error["taskUUID"] == task["taskUUID"]
        authenticate(ws)


def test_authentication_with_tasks_in_the_same_message(http):
    with http.websocket_connect("/runware/v1") as ws:
        task = details()
        ws.send_json(AUTH + [task])
        auth, result = ws.receive_json()["data"]
        assert auth["taskType"] == "authentication" and uuid.UUID(auth["connectionSessionUUID"])
        assert_result(result, task)


# ---------------------------------------------------------------- tasks


def test_several_tasks_in_flight_are_matched_by_task_uuid(http):
    with http.websocket_connect("/runware/v1") as ws:
        authenticate(ws)
        singles = [details() for _ in range(3)]
        pair = [details(), details()]
        bad = {**details(), "operation": "deleteEverything"}
        for task in singles:
            ws.send_json([task])
        ws.send_json(pair)
        ws.send_json([bad])
        ws.send_json(PING)
        frames = [ws.receive_json() for _ in range(6)]
        results = {item["taskUUID"]: item for frame in frames for item in frame.get("data", []) if "taskUUID" in item}
        errors = {item["taskUUID"]: item for frame in frames for item in frame.get("errors", [])}
        for task in singles + pair:
            assert_result(results[task["taskUUID"]], task)
        assert errors[bad["taskUUID"]]["parameter"] == "[0].operation"
        assert errors[bad["taskUUID"]]["taskType"] == "accountManagement"
        assert PONG in frames


def test_a_frame_gets_the_same_answer_as_the_same_rest_request(http):
    """One implementation: the socket sends each frame through the REST pipeline."""
    tasks = [details("6f1f1b1e-8c1a-4a59-9d7b-3b1f6e2f0a01"), details("6f1f1b1e-8c1a-4a59-9d7b-3b1f6e2f0a02")]
    rest = http.post("/runware/v1", json=tasks, headers={"Authorization": f"Bearer {KEY}"})
    invalid = [{**tasks[0], "extra": 1}]
    rest_invalid = http.post("/runware/v1", json=invalid, headers={"Authorization": f"Bearer {KEY}"})
    assert rest.status_code == 200 and rest_invalid.status_code == 400
    with http.websocket_connect("/runware/v1") as ws:
        authenticate(ws)
        ws.send_text(json.dumps(tasks))
        assert ws.receive_json() == rest.json()
        ws.send_text(json.dumps(invalid))
        assert ws.receive_json() == rest_invalid.json()
        ws.send_text("[{not json")
        assert "malformed JSON" in ws.receive_json()["errors"][0]["message"]


# ---------------------------------------------------------------- sessions


def test_resuming_a_session_delivers_what_was_buffered_while_disconnected(app, http):
    with http.websocket_connect("/runware/v1") as ws:
        session_id = authenticate(ws)
    session = app.state.server.sockets.get(session_id)
    assert session.socket is None  # detached when the socket went away
    missed = [details(), details()]
    for task in missed:  # answers produced while no socket is attached are kept
        assert asyncio.run(session.deliver(json.dumps({"data": [task]}).encode())) is False
    with http.websocket_connect("/runware/v1") as ws:
        assert authenticate(ws, session=session_id) == session_id
        assert [ws.receive_json()["data"][0]["taskUUID"] for _ in missed] == [t["taskUUID"] for t in missed]
        ws.send_json(PING)
        assert ws.receive_json() == PONG  # nothing else was queued
    assert not session.buffered


def test_an_unknown_session_or_another_key_gets_a_new_session(http):
    with http.websocket_connect("/runware/v1") as ws:
        first = authenticate(ws)
    with http.websocket_connect("/runware/v1") as ws:
        assert authenticate(ws, key="sk_someone_else", session=first) != first
        assert authenticate(ws, session=str(uuid.uuid4())) != first


def test_a_dropped_socket_keeps_its_session(app, http):
    sockets = app.state.server.sockets
    with http.websocket_connect("/runware/v1") as ws:
        session_id = authenticate(ws)
        assert ws.portal.call(sockets.drop, session_id) is True
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == DROPPED_CLOSE_CODE
    with http.websocket_connect("/runware/v1") as ws:
        assert authenticate(ws, session=session_id) == session_id


def test_an_answer_that_cannot_be_sent_is_kept_for_the_next_resume():
    class GoneSocket:
        async def send_text(self, text: str) -> None:
            raise WebSocketDisconnect(1006)

    session = SocketSession("s", "runware", KEY, socket=GoneSocket())  # type: ignore[arg-type]
    assert asyncio.run(session.deliver(b'{"data":[]}')) is False
    assert session.socket is None and list(session.buffered) == [b'{"data":[]}']


# ---------------------------------------------------------------- endpoints


def test_only_task_operations_have_a_socket(http):
    for path in ("/aeriox/v1/models", "/runware/v2", "/nowhere"):
        with pytest.raises(WebSocketDenialResponse) as denied, http.websocket_connect(path):
            pass
        assert denied.value.status_code == 404


def test_socket_at_the_root_with_a_single_api():
    with (
        TestClient(create_app(ServeConfig(specs_dir=SPECS, only_api="runware"), APIS)) as http,
        http.websocket_connect("/v1") as ws,
    ):
        authenticate(ws)


def test_real_server_socket_at_the_root(start_server):
    """uvicorn's own WebSocket stack, through `specmock serve --api runware`."""
    server = start_server("--api", "runware")
    with connect(server.url.replace("http://", "ws://") + "/v1", open_timeout=10) as ws:
        ws.send(json.dumps(PING))
        assert json.loads(ws.recv(timeout=10)) == PONG
        ws.send(json.dumps([{"taskType": "authentication", "apiKey": "invalid"}]))
        assert json.loads(ws.recv(timeout=10))["errors"][0]["code"] == "invalidApiKey"
        ws.send(json.dumps(AUTH))
        session = json.loads(ws.recv(timeout=10))["data"][0]["connectionSessionUUID"]
        task = details()
        ws.send(json.dumps([task]))
        assert_result(json.loads(ws.recv(timeout=10))["data"][0], task)
    with connect(server.url.replace("http://", "ws://") + "/v1", open_timeout=10) as ws:
        ws.send(json.dumps([{**AUTH[0], "connectionSessionUUID": session}]))
        assert json.loads(ws.recv(timeout=10))["data"][0]["connectionSessionUUID"] == session


def test_overrides_on_the_socket_url_apply_to_task_frames_not_to_authentication(http):
    with http.websocket_connect("/runware/v1?__code=402") as ws:
        authenticate(ws)
        task = details()
        ws.send_json([task])
        [error] = ws.receive_json()["errors"]
        assert error["code"] == "insufficientFunds"


def test_a_message_over_the_body_limit_is_refused_in_band():
    app = create_app(ServeConfig(specs_dir=SPECS, max_body_bytes=200), APIS)
    with TestClient(app) as http, http.websocket_connect("/runware/v1") as ws:
        authenticate(ws)
        ws.send_json([details() for _ in range(5)])
        assert ws.receive_json()["errors"][0]["code"] == "payloadTooLarge"
        ws.send_json(PING)
        assert ws.receive_json() == PONG
