"""Connection hygiene on a real server: slowloris and idle connections are closed, normal clients unaffected."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.specmock_server import SpecmockServer, static_server

HEADER_TIMEOUT_S = 1.0
BODY_TIMEOUT_S = 0.5


@pytest.fixture(scope="module")
def server() -> Iterator[SpecmockServer]:
    running = static_server(
        "--header-timeout", str(HEADER_TIMEOUT_S), "--limit-concurrency", "50", "--body-timeout", str(BODY_TIMEOUT_S)
    )
    yield running
    running.stop()


def _connect(server: SpecmockServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.settimeout(0.2)
    return sock


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(4096) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_a_slowloris_connection_is_closed_after_the_header_timeout(server: SpecmockServer) -> None:
    head = b"GET /aeriox/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
    sock = _connect(server)
    started = time.monotonic()
    closed_after = None
    try:
        for byte in head:  # one byte every 50 ms: the head never completes
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed_after = time.monotonic() - started
                break
            if _closed_by_server(sock):
                closed_after = time.monotonic() - started
                break
            time.sleep(0.05)
    finally:
        sock.close()
    assert closed_after is not None, "the server kept a slowloris connection open"
    assert HEADER_TIMEOUT_S * 0.8 <= closed_after < HEADER_TIMEOUT_S + 5  # + 5: a loaded CI machine


def test_an_idle_connection_is_closed_and_a_normal_client_is_served_meanwhile(server: SpecmockServer) -> None:
    idle = [_connect(server) for _ in range(20)]
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            answer = client.get("/aeriox/v1/models", headers={"authorization": "Bearer sk_live_x"})
        assert answer.status_code == 200  # served beside the idle connections, not after them
        deadline = time.monotonic() + HEADER_TIMEOUT_S + 5
        open_ones = list(idle)
        while open_ones and time.monotonic() < deadline:
            open_ones = [sock for sock in open_ones if not _closed_by_server(sock)]
        assert not open_ones, f"{len(open_ones)} idle connections still open"
    finally:
        for sock in idle:
            sock.close()


def test_a_keep_alive_client_that_sends_requests_in_time_keeps_its_connection(server: SpecmockServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for _ in range(3):
            answer = client.get("/aeriox/v1/models", headers={"authorization": "Bearer sk_live_x"})
            assert answer.status_code == 200
            time.sleep(HEADER_TIMEOUT_S / 3)
        # and one after the deadline: httpx reconnects on its own, the server stays healthy
        time.sleep(HEADER_TIMEOUT_S + 0.5)
        assert client.get("/aeriox/v1/models", headers={"authorization": "Bearer sk_live_x"}).status_code == 200


def test_a_websocket_outlives_the_header_timeout(server: SpecmockServer) -> None:
    from websockets.sync.client import connect

    with connect(f"ws://127.0.0.1:{server.port}/runware/v1", open_timeout=5) as ws:
        time.sleep(HEADER_TIMEOUT_S + 0.5)
        ws.send('[{"taskType": "ping", "ping": true}]')
        assert "pong" in ws.recv(timeout=5)


def test_connection_options_are_refused_when_absurd(start_server) -> None:  # type: ignore[no-untyped-def]
    from mock.cli import main

    assert main(["serve", "--header-timeout", "0"]) == 2
    assert main(["serve", "--limit-concurrency", "-1"]) == 2
    assert main(["serve", "--keep-alive-timeout", "nope"]) == 2


def test_a_body_that_stops_coming_gets_408_in_the_envelope_and_a_whole_one_is_answered(server: SpecmockServer) -> None:
    """The server hands the app a body that came whole at once; one still on its way is timed."""
    body = b'{"model": "fal-ai/flux/schnell", "prompt": "a fox"}'
    head = (
        b"POST /aeriox/v1/images/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk_live_x\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    sock = _connect(server)
    sock.settimeout(BODY_TIMEOUT_S + 5)
    try:
        sock.sendall(head + body[:10])  # the rest never comes
        answer = sock.recv(65536)
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
    assert b"request_timeout" in answer.lower()  # the API's own envelope, its code respelled as the API spells codes
    whole = httpx.post(
        f"{server.url}/aeriox/v1/images/generate",
        content=body,
        headers={"authorization": "Bearer sk_live_x", "content-type": "application/json"},
    )
    assert whole.status_code == 202, whole.text


def test_a_request_target_over_64_kib_gets_414_in_the_envelope_and_the_connection_goes_on(
    server: SpecmockServer,
) -> None:
    # httptools' URL parser takes at most 65,535 bytes: uvicorn answered a fuzzer's 70 KB query with a plain-text
    # 400 ("Invalid HTTP request received.") and closed the connection
    sock = _connect(server)
    sock.settimeout(10)
    try:
        for size in (65_535 - len("/aeriox/v1/models?q="), 70_000, 300_000):
            target = b"/aeriox/v1/models?q=" + b"a" * size
            sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk_live_x\r\n\r\n")
            answer = b""
            while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < _content_length(answer):
                answer += sock.recv(65536)
            head, body = answer.split(b"\r\n\r\n", 1)
            if len(target) <= 65_535:
                assert head.startswith(b"HTTP/1.1 200"), head
                continue
            assert head.startswith(b"HTTP/1.1 414"), head
            assert b"content-type: application/json" in head.lower() and b"connection: close" not in head.lower()
            assert b"uri_too_long" in body.lower() and b"%d bytes" % len(target) in body, body
    finally:
        sock.close()


def _content_length(answer: bytes) -> int:
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0
