"""Memory of a long-running stateful mock: RSS while it serves 100,000 stateful creates, each job polled to its end.

Run by hand (never in the test suite):

    python bench/memory.py                  # 100,000 creates, default retention vs. none, side by side
    python bench/memory.py --creates 20000  # a shorter run
    python bench/memory.py --only default   # one server (default | never)
    python bench/memory.py --polls none     # creates only: every job left unfinished, as a load test leaves them
    python bench/memory.py --callers each   # a new credential per create, as a fuzzer sends them

Creates alternate between `POST /aeriox/v1/images/generate` (a job and a wallet charge) and
`POST /aeriox/v1/characters` (a stateful record and its training job). After each create, the
job it started is polled (`GET /aeriox/v1/jobs/{id}`) until it is finished (completed, failed,
…): four polls with the default job lifecycle. So the server holds what a long-running mock
holds: finished jobs, a ledger entry per charge, records, and a journal entry per request.

The server runs with the default scenarios and a wallet too deep to run dry. Its RSS (VmRSS)
is sampled every `--creates / --samples` creates. The same load runs twice, one server after
the other: with the default retention, and with retention raised so high that nothing is ever
forgotten (how specmock behaved before retention). The client is a minimal keep-alive HTTP/1.1
client on asyncio streams, so that the server, not the client, sets the pace.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEVER_FORGET = [
    "--retain-jobs", "1000000000", "--retain-ledger", "1000000000", "--retain-records", "1000000000",
    "--retain-journal", "1000000000", "--retain-credentials", "1000000000", "--retain-seconds", "1e9",
]  # fmt: skip
RUNS = {"default": [], "never": NEVER_FORGET}
IMAGE = {"model": "fal-ai/flux/schnell", "prompt": "a lighthouse at dusk"}
FINISHED = frozenset({"completed", "failed", "nsfw_blocked", "cancelled"})
MAX_POLLS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects when the server closed it between requests."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, body: object = None, credential: str = "sk_live_memory_bench"
    ) -> tuple[int, object]:
        payload = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {credential}\r\n"
            + (f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n" if body is not None else "")
            + "\r\n"
        ).encode()
        for attempt in range(3):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
                assert self.reader is not None
                self.writer.write(head + payload)
                raw_head = await self.reader.readuntil(b"\r\n\r\n")
                status = int(raw_head.split(b" ", 2)[1])
                length = 0
                for line in raw_head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                raw = await self.reader.readexactly(length) if length else b""
                return status, json.loads(raw) if raw else None
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Progress:
    creates: int = 0
    requests: int = 0
    unfinished: int = 0  # jobs not finished when the bench stopped polling them (all of them with --polls none)


async def create_and_poll(
    connection: Connection, i: int, progress: Progress, poll: bool = True, callers: str = "one"
) -> None:
    credential = f"sk_live_memory_bench_{i}" if callers == "each" else "sk_live_memory_bench"
    if i % 2 == 0:
        status, answer = await connection.request("POST", "/aeriox/v1/images/generate", IMAGE, credential)
    else:
        character = {"name": f"c{i}", "image_urls": [f"https://example.com/{i}.png"]}
        status, answer = await connection.request("POST", "/aeriox/v1/characters", character, credential)
    assert status < 300 and isinstance(answer, dict), (status, answer)
    progress.requests += 1
    progress.creates += 1
    if not poll:
        progress.unfinished += 1
        return
    job_id = answer["job_id"]
    for _ in range(MAX_POLLS):
        status, job = await connection.request("GET", f"/aeriox/v1/jobs/{job_id}", credential=credential)
        progress.requests += 1
        assert status == 200 and isinstance(job, dict), (status, job)
        if job["status"] in FINISHED:
            break
    else:
        progress.unfinished += 1


async def drive(port: int, pid: int, args: argparse.Namespace) -> tuple[list[tuple[int, float]], Progress]:
    progress = Progress()
    points = [(0, rss_mb(pid))]
    step = max(1, args.creates // args.samples)
    connections = [Connection(port) for _ in range(args.concurrency)]
    next_create = 0

    async def worker(connection: Connection, until: int) -> None:
        nonlocal next_create
        while next_create < until:
            i = next_create
            next_create += 1
            await create_and_poll(connection, i, progress, args.polls == "all", args.callers)

    for mark in range(step, args.creates + step, step):
        until = min(mark, args.creates)
        await asyncio.gather(*(worker(connection, until) for connection in connections))
        points.append((until, rss_mb(pid)))
        print(f"  {until:>9,} creates  {points[-1][1]:7.1f} MB", file=sys.stderr, flush=True)
    for connection in connections:
        connection.close()
    return points, progress


def run(name: str, args: argparse.Namespace) -> tuple[list[tuple[int, float]], Progress, float]:
    port = free_port()
    argv = [
        sys.executable, "-m", "mock.cli", "serve", "--port", str(port), "--no-watch", "--quiet",
        "--set", "wallet.start_balance_usd=1000000000", *RUNS[name],
    ]  # fmt: skip
    process = subprocess.Popen(argv, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"the server did not start: {' '.join(argv)}") from None
                time.sleep(0.05)
        print(f"{name} retention (pid {process.pid}):", file=sys.stderr, flush=True)
        started = time.monotonic()
        points, progress = asyncio.run(drive(port, process.pid, args))
        return points, progress, time.monotonic() - started
    finally:
        process.terminate()
        process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--creates", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--polls", choices=("all", "none"), default="all", help="poll each job to its end (all) or never (none)"
    )
    parser.add_argument(
        "--callers",
        choices=("one", "each"),
        default="one",
        help="one credential for every request, or a new one for each create (and its polls)",
    )
    parser.add_argument("--only", choices=sorted(RUNS), action="append", help="run only this server (repeatable)")
    args = parser.parse_args()
    names = args.only or list(RUNS)
    results = {name: run(name, args) for name in names}
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    polled = "each job polled to its end" if args.polls == "all" else "no job ever polled"
    callers = "one caller" if args.callers == "one" else "a new caller (credential) per create"
    print(f"\nRSS of `specmock serve` (MB) over {args.creates:,} creates, {polled}, {callers}")
    for name, (_, progress, seconds) in results.items():
        print(
            f"- {name}: {progress.requests:,} requests in {seconds:.0f} s ({progress.requests / seconds:,.0f}/s),"
            f" {progress.unfinished} jobs left unfinished"
        )
    print(f"- load average at the end: {load} (on {os.cpu_count()} CPUs)\n")
    titles = {"default": "default retention", "never": "nothing forgotten"}
    print("| creates | " + " | ".join(titles[name] for name in names) + " |")
    print("| ---: | " + " | ".join("---:" for _ in names) + " |")
    columns = [results[name][0] for name in names]
    for row in zip(*columns, strict=True):
        print(f"| {row[0][0]:,} | " + " | ".join(f"{mb:.0f}" for _, mb in row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
