"""The coalescing transport: an answer's head and body leave in one write, nothing is lost or reordered."""

from __future__ import annotations

import asyncio
from typing import Any

from mock.connections import CoalescingTransport


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = self.aborted = False

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 1)}.get(name, default)

    def get_write_buffer_size(self) -> int:
        return 0


def test_writes_of_one_turn_leave_together_in_order() -> None:
    async def scenario() -> list[bytes]:
        inner = RecordingTransport()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.write(b"HTTP/1.1 200 OK\r\n\r\n")
        transport.write(memoryview(b"{}"))
        assert inner.writes == [] and transport.get_write_buffer_size() == 21
        await asyncio.sleep(0)  # the end of the turn
        transport.write(b"next")
        await asyncio.sleep(0)
        assert transport.get_extra_info("peername") == ("127.0.0.1", 1)
        return inner.writes

    assert asyncio.run(scenario()) == [b"HTTP/1.1 200 OK\r\n\r\n{}", b"next"]


def test_close_sends_what_is_gathered_first_and_abort_drops_it() -> None:
    async def scenario() -> tuple[RecordingTransport, RecordingTransport, asyncio.Transport]:
        loop = asyncio.get_running_loop()
        closed, aborted, released = RecordingTransport(), RecordingTransport(), RecordingTransport()
        for inner, end in ((closed, "close"), (aborted, "abort")):
            transport = CoalescingTransport(inner, loop)
            transport.write(b"answer")
            getattr(transport, end)()
        upgraded = CoalescingTransport(released, loop)
        upgraded.write(b"101")
        handed = upgraded.release()
        await asyncio.sleep(0)
        return closed, aborted, handed

    closed, aborted, handed = asyncio.run(scenario())
    assert closed.writes == [b"answer"] and closed.closed
    assert aborted.writes == [] and aborted.aborted
    assert isinstance(handed, RecordingTransport) and handed.writes == [b"101"]


def idle_close_after(pieces: list[bytes], header_timeout_s: float, keep_alive_s: float) -> float | None:
    """Seconds from the last piece until the connection is closed (None: still open 2 s later)."""
    import uvicorn
    from uvicorn.server import ServerState

    from mock.connections import ConnectionLimits

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})

    async def run() -> float | None:
        loop = asyncio.get_running_loop()
        options = ConnectionLimits(header_timeout_s=header_timeout_s).uvicorn_options()
        options["timeout_keep_alive"] = keep_alive_s
        config = uvicorn.Config(app, log_level="critical", lifespan="off", **options)
        config.load()
        protocol = config.http_protocol_class(config=config, server_state=ServerState(), app_state={})
        transport = RecordingTransport()
        protocol.connection_made(transport)
        for piece in pieces:
            protocol.data_received(piece)
            await asyncio.sleep(0.01)
        since = loop.time()
        while loop.time() - since < 2.0:
            if transport.closed:
                return loop.time() - since
            await asyncio.sleep(0.01)
        protocol.connection_lost(None)
        return None

    return asyncio.run(run())


REQUEST = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"


def test_a_connection_silent_after_an_answer_closes_at_the_keep_alive_timeout() -> None:
    closed = idle_close_after([REQUEST, REQUEST], header_timeout_s=1.2, keep_alive_s=0.3)
    assert closed is not None and 0.2 < closed < 0.8


def test_a_request_head_begun_after_an_answer_gets_the_header_deadline_not_the_keep_alive_one() -> None:
    closed = idle_close_after([REQUEST, b"GET / HT"], header_timeout_s=1.0, keep_alive_s=0.3)
    assert closed is not None and 0.8 < closed < 1.5


def test_a_new_connection_waits_for_its_first_request_until_the_header_deadline() -> None:
    closed = idle_close_after([], header_timeout_s=1.0, keep_alive_s=0.3)
    assert closed is not None and 0.8 < closed < 1.5
