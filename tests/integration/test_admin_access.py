"""Who may call the admin API and open a socket, decided in-process where the test can choose the peer address.

A real server in these tests only ever has loopback peers; here the ASGI scope names a remote
peer, which is what a mock in a container sees from another host.
"""

from __future__ import annotations

import asyncio
import warnings

import httpx
import pytest

with warnings.catch_warnings():  # Starlette's nudge towards httpx2; the TestClient works as is
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient, WebSocketDenialResponse

from mock.app import ServeConfig, create_app
from mock.spec import load_apis
from tests.conftest import SPECS

APIS = load_apis(SPECS)
REMOTE = ("203.0.113.5", 40000)
TOKEN = "container-token-0123456789"


def call(app: object, method: str, path: str, peer: tuple[str, int], **kwargs: object) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=peer)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            return await client.request(method, path, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(go())


@pytest.fixture(scope="module")
def app() -> object:
    return create_app(ServeConfig(specs_dir=SPECS, admin_token=TOKEN, cors_origins=("http://app.localhost",)), APIS)


@pytest.mark.parametrize(
    "spoof",
    [
        {},
        {"x-forwarded-for": "127.0.0.1"},
        {"x-real-ip": "127.0.0.1", "forwarded": "for=127.0.0.1"},
        {"host": "localhost"},
    ],
)
def test_a_remote_peer_is_refused_whatever_its_headers_claim(app, spoof):
    response = call(app, "GET", "/__specmock/state/wallets", REMOTE, headers=spoof)
    assert response.status_code == 403
    assert "loopback" in response.json()["error"]["message"]


def test_names_are_not_addresses():
    """Starlette's TestClient calls its peer `testclient`: a name is never taken for a loopback address."""
    app = create_app(ServeConfig(specs_dir=SPECS), APIS)
    for peer in (("testclient", 50000), ("localhost", 50000)):
        assert call(app, "GET", "/__specmock/", peer).status_code == 403


def test_the_admin_token_opens_the_api_to_a_remote_peer(app):
    assert call(app, "GET", "/__specmock/", REMOTE, headers={"x-specmock-token": TOKEN}).status_code == 200
    reset = call(app, "POST", "/__specmock/state/reset", REMOTE, headers={"authorization": f"Bearer {TOKEN}"})
    assert reset.status_code == 200
    wrong = call(app, "POST", "/__specmock/state/reset", REMOTE, headers={"x-specmock-token": "guess"})
    assert wrong.status_code == 403


def test_a_loopback_peer_reads_without_token(app):
    assert call(app, "GET", "/__specmock/", ("127.0.0.1", 5000)).status_code == 200
    assert call(app, "GET", "/__specmock/", ("::1", 5000)).status_code == 200


def test_websocket_honours_cors_origin(app):
    with TestClient(app, client=("127.0.0.1", 5000)) as client:
        with (
            pytest.raises(WebSocketDenialResponse) as denied,
            client.websocket_connect("/runware/v1", headers={"origin": "http://evil.example"}),
        ):
            pass
        assert denied.value.status_code == 403
        with client.websocket_connect("/runware/v1", headers={"origin": "http://app.localhost"}) as socket:
            socket.send_json([{"taskType": "ping", "ping": True}])
            assert socket.receive_json()["data"][0]["pong"] is True
        with client.websocket_connect("/runware/v1") as socket:  # no Origin: not a browser
            socket.send_json([{"taskType": "ping", "ping": True}])
            assert socket.receive_json()["data"][0]["pong"] is True
