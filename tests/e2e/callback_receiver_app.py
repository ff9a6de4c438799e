"""A receiving server for callback tests: records every POST; the first `fail_first` get a 500."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.specmock_server import free_port


@dataclass
class Receiver:
    url: str = ""
    fail_first: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)  # {"at", "body", "headers", "answered"}

    def wait_for(self, count: int, timeout: float = 15.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.received)


@contextmanager
def running_receiver(fail_first: int = 0) -> Iterator[Receiver]:
    receiver = Receiver(fail_first=fail_first)

    async def hook(request: Request) -> Response:
        answered = 500 if len(receiver.received) < receiver.fail_first else 200
        receiver.received.append(
            {
                "at": time.monotonic(),
                "body": await request.json(),
                "headers": dict(request.headers),
                "answered": answered,
            }
        )
        return JSONResponse({"ok": answered == 200}, status_code=answered)

    port = free_port()
    app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    receiver.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield receiver
    finally:
        server.should_exit = True
        thread.join(timeout=10)
