"""The lean HTTP protocol against uvicorn's own: the same bytes in, the same bytes out.

`mock.http_protocol.LeanHttpToolsProtocol` replaces uvicorn's per-request cycle for speed; each case
here feeds one connection's bytes (in the pieces a socket might deliver them) to both protocols,
serving the same ASGI app, and compares everything written back and whether the connection closed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from mock.http_protocol import LeanHttpToolsProtocol
from mock.request_input import read_body, receive_nowait_of


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def get_write_buffer_size(self) -> int:
        return 0


JSON = b'{"ok":true}'


async def fixed(scope: dict[str, Any], receive: Any, send: Any) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(JSON)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": JSON})


async def echo(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Reads the whole body, message by message, and answers it back chunked (no content-length)."""
    parts = []
    for _ in range(50):  # bounded: a receive() that never waits must fail the case, not hang it
        message = await receive()
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 201, "headers": [(b"x-parts", b"%d" % len(parts))]})
    await send({"type": "http.response.body", "body": b"".join(parts), "more_body": True})
    await send({"type": "http.response.body", "body": b"!"})


async def via_read_body(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Reads the body as the mock does (taking what has arrived through RECEIVE_NOWAIT where offered)."""
    headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
    body = await read_body(headers, receive, receive_nowait=receive_nowait_of(scope))
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
    await send({"type": "http.response.body", "body": body})


async def no_content(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 204, "headers": [(b"Vary", b"Origin")]})
    await send({"type": "http.response.body", "body": b""})


async def closing(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"Connection", b"Close"), (b"content-length", b"2")],
        }
    )
    await send({"type": "http.response.body", "body": b"ok"})


async def raises(scope: dict[str, Any], receive: Any, send: Any) -> None:
    raise ValueError("a bug")


async def silent(scope: dict[str, Any], receive: Any, send: Any) -> None:
    return None


async def bad_header(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x-quoted", b"line\nbreak")]})


async def bad_name(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x bad", b"v")]})


async def too_long(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1")]})
    await send({"type": "http.response.body", "body": b"ab"})


async def scope_echo(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answers the parts of the scope an app reads."""
    seen = repr(
        (
            scope["method"],
            scope["path"],
            scope["raw_path"],
            scope["query_string"],
            scope["http_version"],
            scope["headers"],
            scope["client"],
            scope["server"],
        )
    ).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(seen))]})
    await send({"type": "http.response.body", "body": seen})


GET = b"GET /v1/models?limit=2 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer k\r\n\r\n"
POST = b"POST /v1/items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
CHUNKED_POST = b"POST /v1/items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"

CASES = {
    "get": (fixed, [GET]),
    "get twice on one connection": (fixed, [GET, GET]),
    "pipelined": (fixed, [GET + GET + GET]),
    "head": (fixed, [GET.replace(b"GET", b"HEAD", 1)]),
    "http/1.0": (fixed, [GET.replace(b"HTTP/1.1", b"HTTP/1.0")]),
    "client asks to close": (fixed, [GET.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")]),
    "body in one piece": (echo, [POST + b'{"name":"x"}\n']),
    "body in pieces": (echo, [POST, b'{"na', b'me":"x"}', b"\n"]),
    "chunked body": (echo, [CHUNKED_POST + b"4\r\nabcd\r\n", b"3\r\nefg\r\n0\r\n\r\n"]),
    "expect 100-continue": (echo, [POST.replace(b"\r\n\r\n", b"\r\nExpect: 100-continue\r\n\r\n"), b'{"name":"x"}\n']),
    "read_body, body whole": (via_read_body, [POST + b'{"name":"x"}\n']),
    "read_body, body in pieces": (via_read_body, [POST, b'{"na', b'me":"x"}\n']),
    "read_body, head and part of the body": (via_read_body, [POST + b'{"na', b'me":"x"}\n']),
    "read_body, chunked": (via_read_body, [CHUNKED_POST + b"4\r\nabcd\r\n", b"3\r\nefg\r\n0\r\n\r\n"]),
    "read_body, 100-continue": (
        via_read_body,
        [POST.replace(b"\r\n\r\n", b"\r\nExpect: 100-continue\r\n\r\n"), b'{"name":"x"}\n'],
    ),
    "204": (no_content, [GET]),
    "app closes": (closing, [GET, GET]),
    "app raises": (raises, [GET]),
    "app answers nothing": (silent, [GET]),
    "newline in a header value": (bad_header, [GET]),
    "space in a header name": (bad_name, [GET]),
    "body longer than content-length": (too_long, [GET]),
    "scope": (scope_echo, [b"GET /a%20b/c?q=%C3%A9 HTTP/1.1\r\nHost: x\r\nX-Two: 1\r\nx-two: 2\r\n\r\n"]),
    "malformed request": (fixed, [b"GET / HTTP/1.1\r\nHost x\r\n\r\n"]),
    "disconnect mid-body": (echo, [POST + b"{", None]),
}


def converse(protocol_class: type[HttpToolsProtocol], app: Any, pieces: list[bytes | None]) -> tuple[bytes, bool]:
    """Everything the protocol writes for these pieces (None: the client goes away), and whether it closed."""

    async def run() -> tuple[bytes, bool]:
        config = uvicorn.Config(app, log_level="critical", access_log=False, proxy_headers=False, lifespan="off")
        config.load()
        state = ServerState()
        state.default_headers = [(b"date", b"Wed, 02 Dec 2026 01:00:00 GMT"), (b"server", b"uvicorn")]
        protocol = protocol_class(config=config, server_state=state, app_state={})
        transport = RecordingTransport()
        protocol.connection_made(transport)
        for piece in pieces:
            if piece is None:
                protocol.connection_lost(None)
                break
            protocol.data_received(piece)
            for _ in range(20):  # let the app's task run to its end
                await asyncio.sleep(0)
        if protocol.timeout_keep_alive_task is not None:
            protocol.timeout_keep_alive_task.cancel()
        return b"".join(transport.writes), transport.closed

    logging.getLogger("uvicorn.error").disabled = True
    try:
        return asyncio.run(run())
    finally:
        logging.getLogger("uvicorn.error").disabled = False


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_lean_protocol_writes_what_uvicorns_writes(case: str) -> None:
    app, pieces = CASES[case]
    expected = converse(HttpToolsProtocol, app, pieces)
    assert expected[0] or expected[1] or case == "disconnect mid-body"  # the case exercises something
    assert converse(LeanHttpToolsProtocol, app, pieces) == expected


def test_the_cases_cover_what_the_lean_path_changes() -> None:
    """Framing the checks compare: chunked answers, a 100 Continue, 500s for broken apps, a 400."""
    written = {case: converse(HttpToolsProtocol, *CASES[case])[0] for case in CASES}
    assert b"transfer-encoding: chunked" in written["body in pieces"]
    assert b"x-parts: 3" in written["body in pieces"]  # three receive() calls, one per piece
    assert written["expect 100-continue"].startswith(b"HTTP/1.1 100 Continue")
    assert written["pipelined"].count(b"HTTP/1.1 200 OK") == 3
    for broken in ("app raises", "app answers nothing"):
        assert written[broken].startswith(b"HTTP/1.1 500"), broken
    for refused in ("newline in a header value", "space in a header name"):  # the head had begun: closed
        assert converse(HttpToolsProtocol, *CASES[refused]) == (b"", True)
    assert written["malformed request"].startswith(b"HTTP/1.1 400")


async def keeps_its_send(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Keeps `send` in the scope, as specmock's TransportCapture does, and reads the body as the mock does."""
    scope["kept.send"] = send
    await via_read_body(scope, receive, send)


def test_an_answered_request_leaves_no_reference_cycle_behind() -> None:
    """Each exchange is freed when its request is done, not by the garbage collector (a cycle per request
    made the collector find ten objects a request)."""
    import gc

    from mock.http_protocol import Exchange

    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        written, _ = converse(LeanHttpToolsProtocol, keeps_its_send, [POST + b'{"name":"x"}\n'] * 3)
        gc.collect()
        left = [found for found in gc.garbage if isinstance(found, Exchange)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert written.count(b"HTTP/1.1 200 OK") == 3
    assert len(left) <= 1  # at most the connection's current one: the connection, ended here, holds it
