"""The official Runware SDKs from PyPI, unmodified, as real clients of the mock.

Each SDK lives in its own cached virtualenv (tests/sdk_envs.py: both install a top-level
`runware` package). Each test runs a small client script from tests/sdk_clients/ in that
venv, against a specmock server on a free 127.0.0.1 port, and checks the JSON it prints.
Pinned versions and what they send: docs/runware-sdks.md.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import uvicorn

from mock.app import ServeConfig, create_app
from mock.spec import load_apis
from tests.conftest import SPECS, free_port
from tests.sdk_envs import sdk_pythons

CLIENTS = Path(__file__).resolve().parents[1] / "sdk_clients"
APIS = load_apis(SPECS)
PROTOCOL = next(op for op in APIS["runware"].operations if op.task_protocol).task_protocol
KEY = "sk_specmock_sdk"
SCRIPT_TIMEOUT = 60


class ThreadedServer:
    """specmock in a thread of the test process, so a test can reach its sessions (to drop a socket)."""

    def __init__(self, config: ServeConfig) -> None:
        self.app = create_app(config, APIS)
        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self.server.serve(),), daemon=True)
        self.thread.start()
        for _ in range(400):
            if self.server.started:
                break
            self.thread.join(0.025)
        else:
            raise RuntimeError("specmock did not start within 10 s")

    def url(self, scheme: str, path: str) -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def sdks() -> dict[str, Path]:
    return sdk_pythons()


@pytest.fixture(scope="module")
def mock_server() -> Iterator[ThreadedServer]:
    server = ThreadedServer(ServeConfig(specs_dir=SPECS))
    yield server
    server.stop()


def run_client(python: Path, script: str, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [str(python), str(CLIENTS / script), *args], capture_output=True, text=True, timeout=SCRIPT_TIMEOUT
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_account_details(items: list[dict[str, Any]]) -> None:
    [item] = items
    assert item["taskType"] == "accountManagement"
    assert uuid.UUID(item["taskUUID"])
    jsonschema.validate(item, PROTOCOL.result_schemas["accountManagement"])


# ---------------------------------------------------------------- runware-sdk


@pytest.mark.parametrize("transport,scheme", [("websocket", "ws"), ("rest", "http")])
def test_runware_sdk_gets_account_details(sdks, mock_server, transport, scheme):
    outcome = run_client(
        sdks["runware-sdk"],
        "runware_sdk_probe.py",
        "details",
        "--transport",
        transport,
        "--url",
        mock_server.url(scheme, "/runware/v1"),
        "--key",
        KEY,
    )
    assert outcome["ok"], outcome
    assert_account_details(outcome["items"])
    if transport == "websocket":
        assert mock_server.app.state.server.sockets.get(outcome["session"]) is not None


@pytest.mark.parametrize("transport,scheme", [("websocket", "ws"), ("rest", "http")])
def test_runware_sdk_reports_a_bad_key_as_an_auth_error(sdks, mock_server, transport, scheme):
    outcome = run_client(
        sdks["runware-sdk"],
        "runware_sdk_probe.py",
        "details",
        "--transport",
        transport,
        "--url",
        mock_server.url(scheme, "/runware/v1"),
        "--key",
        "invalid-key",
    )
    assert not outcome["ok"]
    assert (outcome["type"], outcome["code"]) == ("RunwareError", "auth"), outcome
    assert "invalid API key" in outcome["message"]
    if transport == "rest":
        assert (outcome["status_code"], outcome["parameter"], outcome["task_type"]) == (401, "apiKey", "authentication")


def test_runware_sdk_resumes_its_session_after_a_dropped_socket(sdks, mock_server):
    command = [
        str(sdks["runware-sdk"]),
        str(CLIENTS / "runware_sdk_probe.py"),
        "resume",
        "--url",
        mock_server.url("ws", "/runware/v1"),
        "--key",
        KEY,
    ]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as client:
        try:
            first = json.loads(client.stdout.readline())["session"]
            assert mock_server.call(mock_server.app.state.server.sockets.drop(first)) is True
            stdout, stderr = client.communicate("dropped\n", timeout=SCRIPT_TIMEOUT)
        finally:
            client.kill()
    assert client.returncode == 0, stderr[-3000:]
    outcome = json.loads(stdout.strip().splitlines()[-1])
    assert outcome["ok"], outcome
    # The SDK reconnected on its own, presented the session it had, and the mock resumed it.
    assert [message[0].get("connectionSessionUUID") for message in outcome["auth_messages"]] == [None, first]
    assert outcome["first"] == outcome["after"] == first
    assert_account_details(outcome["items"])  # sent while reconnecting, answered once resumed


def test_runware_sdk_at_the_root_with_a_single_api(sdks, start_server):
    """`specmock serve --api runware`: the SDK's URLs are just the production ones, re-hosted."""
    server = start_server("--api", "runware")
    for transport, url in (("websocket", server.url.replace("http://", "ws://") + "/v1"), ("rest", server.url + "/v1")):
        outcome = run_client(
            sdks["runware-sdk"], "runware_sdk_probe.py", "details", "--transport", transport, "--url", url, "--key", KEY
        )
        assert outcome["ok"], outcome
        assert_account_details(outcome["items"])


# ---------------------------------------------------------------- runware (WebSocket-only SDK)


def test_runware_authenticates_and_gets_its_heartbeat_answered(sdks, mock_server):
    outcome = run_client(
        sdks["runware"], "runware_probe.py", "--url", mock_server.url("ws", "/runware/v1"), "--key", KEY
    )
    assert outcome == {"ok": True, "authenticated": True, "sessions": outcome["sessions"], "pong": True}
    [session] = outcome["sessions"]
    assert mock_server.app.state.server.sockets.get(session) is not None


def test_runware_reports_a_bad_key(sdks, mock_server):
    outcome = run_client(
        sdks["runware"], "runware_probe.py", "--url", mock_server.url("ws", "/runware/v1"), "--key", "invalid-key"
    )
    assert not outcome["ok"]
    assert outcome["type"] == "ConnectionError"
    assert "invalid API key" in outcome["message"]
    assert outcome["pong"] is True  # the socket stayed open after the rejection
