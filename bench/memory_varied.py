"""Memory under varied traffic: RSS while the app answers random requests to every operation of a spec.

Run by hand (never in the test suite):

    python bench/memory_varied.py                                   # the bundled specs, 100,000 requests
    python bench/memory_varied.py --corpus github --requests 200000    # GitHub's REST spec (bench/corpus.py's)
    python bench/memory_varied.py --specs DIR                       # a folder of specs of your own
    python bench/memory_varied.py --specs DIR --retention never     # retention raised so high nothing goes
    python bench/memory_varied.py --specs DIR --callers one         # one credential for every request

`bench/memory.py` drives one workload (creates and job polls) through a live server. This drives what a
fuzzer or a long day of clicking does instead: each request goes to an operation picked at random among
every operation of the specs, with random path parameters (a new id most of the time, so collections nested
under a parent are read under ever new parents), zero to three unknown query parameters, a small JSON body
for a POST, PUT or PATCH, and by default a new bearer token (`--callers each`). Most answers are 2xx (lists
and reads seed collections, creates add records); many are 4xx (the bodies are not what the spec asks for).

The app is built as `specmock serve --specs DIR` builds it (the default scenarios, request log off) and
called in-process through ASGI, so the figures are the app's own memory: the same process, sampled
(VmRSS) every `--requests / --samples` requests. At the end it prints how many entries each state
namespace holds. The random choices are seeded (`--seed`): two runs send the same requests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from request_profile import http_scope  # noqa: E402

from mock.app import ServeConfig, create_app  # noqa: E402
from mock.scenario.cli import DEFAULT_SCENARIOS  # noqa: E402
from mock.scenario.engine import STATE_NAMESPACES  # noqa: E402
from mock.scenario.retention import Retention  # noqa: E402
from mock.spec import load_apis  # noqa: E402

NEVER_FORGET = Retention(
    finished_jobs=10**9,
    ledger_entries=10**9,
    records=10**9,
    journal_entries=10**9,
    refresh_tokens=10**9,
    credentials=10**9,
    max_age_s=1e9,
)
TEMPLATE = re.compile(r"\{[^}]+\}")
WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class Traffic:
    """Random requests over every operation of the loaded specs, reproducible under one seed."""

    def __init__(self, app: Any, apis: dict[str, Any], callers: str, seed: int) -> None:
        self.app = app
        self.rng = random.Random(seed)
        self.callers = callers
        self.operations = [
            (operation.method.upper(), served_at(app, name) + operation.path)
            for name, api in sorted(apis.items())
            for operation in api.operations
        ]
        self.statuses: dict[str, int] = {}

    def word(self) -> str:
        return "".join(self.rng.choice("abcdefghijklmnop0123456789") for _ in range(self.rng.randint(1, 12)))

    def path_value(self, _: re.Match[str]) -> str:
        return str(self.rng.randint(1, 10**9)) if self.rng.random() < 0.5 else self.word()

    async def send(self) -> None:
        method, template = self.rng.choice(self.operations)
        path = TEMPLATE.sub(self.path_value, template)
        query = "&".join(f"{self.word()}={self.word()}" for _ in range(self.rng.randint(0, 3)))
        headers = [(b"host", b"127.0.0.1")]
        token = {"each": f"tok_{self.rng.randint(0, 10**9)}", "one": "tok_bench", "none": None}[self.callers]
        if token is not None:
            headers.append((b"authorization", f"Bearer {token}".encode()))
        raw = b""
        if method in WITH_BODY:
            fields = {self.word(): self.word() for _ in range(self.rng.randint(0, 4))}
            raw = json.dumps({**fields, "name": self.word(), "title": self.word()}).encode()
            headers += [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": raw, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                kind = f"{message['status'] // 100}xx"
                self.statuses[kind] = self.statuses.get(kind, 0) + 1

        await self.app(http_scope(method, path, query, headers), receive, send)


def served_at(app: Any, api_name: str) -> str:
    """Where the app serves an API's paths: its mount (one API alone is served at the root) and base path."""
    return next(mount.base_url_path for mount in app.state.server.mounts if mount.api.name == api_name)


async def drive(traffic: Traffic, requests: int, samples: int) -> list[tuple[int, float, float]]:
    every = max(1, requests // samples)
    started = time.perf_counter()
    rows = [(0, rss_mb(), 0.0)]
    for sent in range(1, requests + 1):
        await traffic.send()
        if sent % every == 0:
            rows.append((sent, rss_mb(), time.perf_counter() - started))
            print(f"  {sent:>8,} requests  RSS {rows[-1][1]:6.1f} MB  {rows[-1][2]:6.0f} s", file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--specs", type=Path, default=ROOT / "specs", help="folder of specs (default: the bundled)")
    parser.add_argument("--corpus", metavar="NAME", help="a spec of bench/corpus.py's (fetched once): github, stripe…")
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--callers", choices=("each", "one", "none"), default="each", help="bearer token per request")
    parser.add_argument("--retention", choices=("default", "never"), default="default")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # a public spec's lint warnings: not what is measured
    if args.corpus:
        from corpus import CORPUS, fetch

        known = {spec.name: spec for spec in CORPUS}
        if args.corpus not in known:
            parser.error(f"--corpus: no spec named {args.corpus!r}; known: {', '.join(sorted(known))}")
        args.specs = fetch(known[args.corpus])
    apis = load_apis(args.specs)
    config = ServeConfig(
        specs_dir=args.specs,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS,
        scenarios_are_default=True,
        retention=Retention() if args.retention == "default" else NEVER_FORGET,
    )
    app = create_app(config, apis)
    traffic = Traffic(app, apis, args.callers, args.seed)
    print(
        f"{len(traffic.operations)} operations in {len(apis)} APIs; retention {args.retention}, callers {args.callers}",
        file=sys.stderr,
    )
    rows = asyncio.run(drive(traffic, args.requests, args.samples))
    engine = app.state.server.scenarios
    print("\n| requests | RSS MB | seconds |\n| ---: | ---: | ---: |")
    for sent, rss, seconds in rows:
        print(f"| {sent:,} | {rss:.0f} | {seconds:.0f} |")
    held = {name: len(engine.store.snapshot(name)) for name in STATE_NAMESPACES}
    print("\nanswers:", ", ".join(f"{kind} {count:,}" for kind, count in sorted(traffic.statuses.items())))
    print("state entries:", ", ".join(f"{name} {count:,}" for name, count in held.items() if count))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
