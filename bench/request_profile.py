"""Where one request's time goes: the bench's three requests through the ASGI app in-process, under cProfile.

Run by hand (never in the test suite):

    python bench/request_profile.py                      # static mock, every case, top 25 by own time
    python bench/request_profile.py --scenarios          # the default scenarios, as `specmock serve` starts them
    python bench/request_profile.py --case post_valid --sort cumulative --top 40
    python bench/request_profile.py --timing             # no profiler: CPU microseconds per request of each case
    python bench/request_profile.py --scenarios --tail --case post_valid --requests 20000   # each request's CPU
    python bench/request_profile.py --wire --timing      # through uvicorn's HTTP protocol too (no socket)
    python bench/request_profile.py --wire --scenarios --opcodes --case post_valid   # bytecodes per request

The app is built as `specmock serve --api aeriox` builds it (same configuration, request log
off), then each case is sent `--requests` times straight to the ASGI callable, so what is
measured is specmock's own work per request, without uvicorn, the socket or the client.
With `--wire` the bench's exact request bytes go through the HTTP protocol `specmock serve` runs
(uvicorn's, with the header deadline and the coalescing transport) over an in-memory transport, on
uvloop when it is installed: everything the server does per request but the system calls.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import uvicorn  # noqa: E402
from uvicorn.server import ServerState  # noqa: E402

from mock.app import ServeConfig, create_app, settle_memory  # noqa: E402
from mock.connections import ConnectionLimits  # noqa: E402
from mock.request_log import LineWriter, RequestLog  # noqa: E402
from mock.scenario.cli import DEFAULT_SCENARIOS  # noqa: E402
from mock.spec import load_apis  # noqa: E402

AUTH = b"Bearer sk_live_bench"
VALID = {
    "model": "fal-ai/flux/schnell",
    "prompt": "a red fox in fresh snow, golden hour",
    "aspect_ratio": "16:9",
    "resolution": "1024x1024",
    "seed": 42,
}  # bench/run.py's bodies
INVALID = {"model": "fal-ai/flux/schnell", "aspect_ratio": "2:1", "seed": "42"}
CASES = {
    "get_auth": ("GET", "/v1/models", None),
    "post_valid": ("POST", "/v1/images/generate", VALID),
    "post_invalid": ("POST", "/v1/images/generate", INVALID),
}


def build(scenarios: bool, log_requests: bool = False) -> Any:
    """The app `specmock serve --api aeriox` builds; `log_requests`: its request log on, written to /dev/null."""
    config = ServeConfig(
        specs_dir=ROOT / "specs",
        only_api="aeriox",
        scenarios_dir=ROOT / "scenarios",  # loaded in both, as serve does: `--scenario none` activates none
        scenarios=DEFAULT_SCENARIOS if scenarios else (),
        scenarios_are_default=scenarios,
        scenario_settings={"wallet": {"start_balance_usd": 1_000_000_000}} if scenarios else {},
    )
    request_log = RequestLog(LineWriter(open(os.devnull, "w")), "text") if log_requests else None  # noqa: SIM115
    app = create_app(config, load_apis(config.specs_dir), request_log)
    settle_memory()
    return app


def raw_request(case: str) -> bytes:
    """The bytes wrk sends for a case (bench/run.py's headers and body)."""
    method, path, body = CASES[case]
    raw = json.dumps(body).encode() if body is not None else b""
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1:8000", f"Authorization: {AUTH.decode()}"]
    if body is not None:
        head += [f"Content-Length: {len(raw)}", "Content-Type: application/json"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + raw


class MemoryTransport(asyncio.Transport):
    """A connection's socket, in memory: what the server writes is kept until the answer is complete."""

    def __init__(self) -> None:
        super().__init__()
        self.written: list[bytes] = []
        self.protocol: Any = None
        self.answered: asyncio.Future[bytes] | None = None

    def write(self, data: Any) -> None:
        self.written.append(bytes(data))
        cycle = self.protocol.cycle
        if cycle is not None and cycle.response_complete and self.answered is not None:
            self.answered.set_result(b"".join(self.written))
            self.written.clear()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def is_closing(self) -> bool:
        return False

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def close(self) -> None:
        pass

    def get_write_buffer_size(self) -> int:
        return 0


def wire_connection(app: Any) -> tuple[Any, MemoryTransport]:
    """uvicorn's HTTP protocol as `specmock serve` configures it, connected to a MemoryTransport."""
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        proxy_headers=False,
        lifespan="off",
        **ConnectionLimits().uvicorn_options(),
    )
    config.load()
    transport = MemoryTransport()
    protocol = config.http_protocol_class(config=config, server_state=ServerState(), app_state={})
    transport.protocol = protocol
    protocol.connection_made(transport)
    return protocol, transport


async def send_wire(app: Any, case: str, count: int, spent: list[float] | None = None) -> int:
    """`count` keep-alive requests over one in-memory connection; the status most answers had.

    `spent`: each request's CPU time is appended to it."""
    protocol, transport = wire_connection(app)
    loop = asyncio.get_running_loop()
    raw = raw_request(case)
    statuses: dict[int, int] = {}
    for _ in range(count):
        started = time.process_time()
        transport.answered = loop.create_future()
        protocol.data_received(raw)
        answer = await transport.answered
        if spent is not None:
            spent.append(time.process_time() - started)
        status = int(answer[9:12])
        statuses[status] = statuses.get(status, 0) + 1
    protocol.connection_lost(None)
    return max(statuses, key=lambda status: statuses[status])


def http_scope(method: str, path: str, query: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    """The ASGI scope of one request from a loopback client, as uvicorn builds it."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def send_all(app: Any, case: str, count: int, spent: list[float] | None = None) -> int:
    method, path, body = CASES[case]
    raw = json.dumps(body).encode() if body is not None else b""
    headers = [(b"host", b"127.0.0.1"), (b"authorization", AUTH)]
    if body is not None:
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    statuses: dict[int, int] = {}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses[message["status"]] = statuses.get(message["status"], 0) + 1

    for _ in range(count):
        started = time.process_time()
        await app(http_scope(method, path, "", headers), receive, send)
        if spent is not None:
            spent.append(time.process_time() - started)
    return max(statuses, key=lambda status: statuses[status])


SEND = send_all
LOOP_FACTORY: Any = None  # uvloop's, with --wire (as uvicorn's loop="auto" picks it)


def run(coroutine: Any) -> Any:
    with asyncio.Runner(loop_factory=LOOP_FACTORY) as runner:
        return runner.run(coroutine)


def report_tail(app: Any, case: str, count: int) -> None:
    """CPU time of every request, one after another: pauses (a sweep, a full collection) show in the tail."""
    spent: list[float] = []
    run(SEND(app, case, count, spent))
    spent.sort()
    print(
        f"{case:<13} {count} requests: CPU {sum(spent):.1f} s, p99 {spent[int(count * 0.99)] * 1e6:.0f} us,"
        f" p99.9 {spent[int(count * 0.999)] * 1e6:.0f} us, max {spent[-1] * 1e3:.1f} ms,"
        f" {sum(1 for s in spent if s > 0.005)} over 5 ms"
    )


def report_opcodes(app: Any, case: str, count: int) -> None:
    """Bytecodes the interpreter runs per request, by file: the same on a busy machine as on a quiet one, so a
    change can be compared without interleaved timing rounds (C work, JSON and schema checks, is not counted)."""
    by_file: Counter[str] = Counter()

    def trace(frame: Any, event: str, arg: Any) -> Any:
        frame.f_trace_opcodes = True
        if event == "opcode":
            by_file[frame.f_code.co_filename] += 1
        return trace

    sys.settrace(trace)
    try:
        status = run(SEND(app, case, count))
    finally:
        sys.settrace(None)
    print(f"{case:<13} {status}  {sum(by_file.values()) / count:7.0f} bytecodes/request")
    for filename, ran in by_file.most_common(12):
        shown = filename.split("site-packages/")[-1]
        shown = shown[len(str(ROOT)) + 1 :] if shown.startswith(str(ROOT)) else shown
        print(f"    {ran / count:7.0f}  {shown}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", action="store_true", help="the default scenarios (else the static mock)")
    parser.add_argument("--case", choices=sorted(CASES), action="append", help="repeatable; default: every case")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative, …)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--timing", action="store_true", help="no profiler: CPU microseconds per request")
    parser.add_argument("--tail", action="store_true", help="no profiler: each request's CPU time, its tail")
    parser.add_argument("--wire", action="store_true", help="through uvicorn's HTTP protocol, request log on")
    parser.add_argument(
        "--opcodes", action="store_true", help="no timing: Python bytecodes run per request, by file (deterministic)"
    )
    args = parser.parse_args()
    global SEND, LOOP_FACTORY
    if args.wire:
        SEND = send_wire
        try:
            import uvloop
        except ImportError:
            pass
        else:
            LOOP_FACTORY = uvloop.new_event_loop
    app = build(args.scenarios, log_requests=args.wire)
    if args.tail:
        for case in args.case or sorted(CASES):
            report_tail(app, case, args.requests)
        return 0
    for case in args.case or sorted(CASES):
        run(SEND(app, case, 200))  # warm caches
        if args.opcodes:
            report_opcodes(app, case, args.requests)
            continue
        if args.timing:
            # CPU time, the best of 5 rounds: steadier than the wall clock on a shared machine.
            rounds = []
            for _ in range(5):
                started = time.process_time()
                status = run(SEND(app, case, args.requests // 5))
                rounds.append((time.process_time() - started) / (args.requests // 5) * 1e6)
            print(f"{case:<13} {status}  {min(rounds):7.1f} us/request (best of 5; median {sorted(rounds)[2]:.1f})")
            continue
        profiler = cProfile.Profile()
        profiler.enable()
        status = run(SEND(app, case, args.requests))
        profiler.disable()
        print(f"\n===== {case} ({status}), {args.requests} requests, {'scenarios' if args.scenarios else 'static'}")
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
