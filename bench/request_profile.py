"""Where one request's time goes: the bench's three requests through the ASGI app in-process, under cProfile.

Run by hand (never in the test suite):

    python bench/request_profile.py                      # static mock, every case, top 25 by own time
    python bench/request_profile.py --scenarios          # the default scenarios, as `specmock serve` starts them
    python bench/request_profile.py --case post_valid --sort cumulative --top 40
    python bench/request_profile.py --timing             # no profiler: CPU microseconds per request of each case
    python bench/request_profile.py --scenarios --tail --case post_valid --requests 20000   # each request's CPU

The app is built as `specmock serve --api aeriox` builds it (same configuration, request log
off), then each case is sent `--requests` times straight to the ASGI callable, so what is
measured is specmock's own work per request, without uvicorn, the socket or the client.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mock.app import ServeConfig, create_app, settle_memory  # noqa: E402
from mock.scenario.cli import DEFAULT_SCENARIOS  # noqa: E402
from mock.spec import load_apis  # noqa: E402

AUTH = b"Bearer sk_live_bench"
VALID = {"model": "fal-ai/flux/schnell", "prompt": "a red fox", "aspect_ratio": "16:9", "resolution": "1024x1024"}
INVALID = {"model": "fal-ai/flux/schnell", "aspect_ratio": "2:1", "seed": "42"}
CASES = {
    "get_auth": ("GET", "/v1/models", None),
    "post_valid": ("POST", "/v1/images/generate", VALID),
    "post_invalid": ("POST", "/v1/images/generate", INVALID),
}


def build(scenarios: bool) -> Any:
    config = ServeConfig(
        specs_dir=ROOT / "specs",
        only_api="aeriox",
        scenarios_dir=ROOT / "scenarios",  # loaded in both, as serve does: `--scenario none` activates none
        scenarios=DEFAULT_SCENARIOS if scenarios else (),
        scenarios_are_default=scenarios,
        scenario_settings={"wallet": {"start_balance_usd": 1_000_000_000}} if scenarios else {},
    )
    app = create_app(config, load_apis(config.specs_dir))
    settle_memory()
    return app


async def send_all(app: Any, case: str, count: int) -> int:
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
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        await app(scope, receive, send)
    return max(statuses, key=lambda status: statuses[status])


def report_tail(app: Any, case: str, count: int) -> None:
    """CPU time of every request, one after another: pauses (a sweep, a full collection) show in the tail."""
    spent: list[float] = []

    async def timed() -> None:
        for _ in range(count):
            started = time.process_time()
            await send_all(app, case, 1)
            spent.append(time.process_time() - started)

    asyncio.run(timed())
    spent.sort()
    print(
        f"{case:<13} {count} requests: CPU {sum(spent):.1f} s, p99 {spent[int(count * 0.99)] * 1e6:.0f} us,"
        f" p99.9 {spent[int(count * 0.999)] * 1e6:.0f} us, max {spent[-1] * 1e3:.1f} ms,"
        f" {sum(1 for s in spent if s > 0.005)} over 5 ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", action="store_true", help="the default scenarios (else the static mock)")
    parser.add_argument("--case", choices=sorted(CASES), action="append", help="repeatable; default: every case")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative, …)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--timing", action="store_true", help="no profiler: CPU microseconds per request")
    parser.add_argument("--tail", action="store_true", help="no profiler: each request's CPU time, its tail")
    args = parser.parse_args()
    app = build(args.scenarios)
    if args.tail:
        for case in args.case or sorted(CASES):
            report_tail(app, case, args.requests)
        return 0
    for case in args.case or sorted(CASES):
        asyncio.run(send_all(app, case, 200))  # warm caches
        if args.timing:
            # CPU time, the best of 5 rounds: steadier than the wall clock on a shared machine.
            rounds = []
            for _ in range(5):
                started = time.process_time()
                status = asyncio.run(send_all(app, case, args.requests // 5))
                rounds.append((time.process_time() - started) / (args.requests // 5) * 1e6)
            print(f"{case:<13} {status}  {min(rounds):7.1f} us/request (best of 5; median {sorted(rounds)[2]:.1f})")
            continue
        profiler = cProfile.Profile()
        profiler.enable()
        status = asyncio.run(send_all(app, case, args.requests))
        profiler.disable()
        print(f"\n===== {case} ({status}), {args.requests} requests, {'scenarios' if args.scenarios else 'static'}")
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
