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
