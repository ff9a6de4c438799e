"""Memory of a long-running stateful mock: RSS while it serves 100,000 stateful creates plus job polls.

Run by hand (never in the test suite):

    python bench/memory.py                 # 100,000 creates, default retention vs. none, side by side
    python bench/memory.py --creates 20000 # a shorter run

Each create is one `POST /aeriox/v1/images/generate` (a job and a wallet charge) and one
`POST /aeriox/v1/characters` (a stateful record and its training job); every image job is
polled once. The server runs with the default scenarios and a wallet large enough never to
run dry. RSS (VmRSS of the server process) is sampled every tenth of the run. The same load
runs twice, one server after the other: with the default retention, and with retention
raised so high that nothing is ever forgotten, which is how specmock behaved before.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
NEVER_FORGET = [
    "--retain-jobs", "1000000000", "--retain-ledger", "1000000000", "--retain-records", "1000000000",
    "--retain-journal", "1000000000", "--retain-seconds", "1e9",
]  # fmt: skip
IMAGE = {"model": "fal-ai/flux/schnell", "prompt": "a lighthouse at dusk"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def drive(url: str, creates: int, samples: int, pid: int, concurrency: int) -> list[tuple[int, float]]:
    headers = {"Authorization": "Bearer sk_live_memory_bench"}
    # Idle connections are dropped before the server's keep-alive timeout (5 s) can close them under us.
    limits = httpx.Limits(max_connections=concurrency, keepalive_expiry=1.0)
    points = [(0, rss_mb(pid))]
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60, limits=limits) as client:

        async def one(i: int) -> None:
            for attempt in range(3):  # a connection the server closed as we reused it: send again
                try:
                    await create(i)
                    return
                except httpx.TransportError:
                    if attempt == 2:
                        raise

        async def create(i: int) -> None:
            job = await client.post("/aeriox/v1/images/generate", json=IMAGE)
            assert job.status_code == 202, job.text
            await client.get(f"/aeriox/v1/jobs/{job.json()['job_id']}")
            character = {"name": f"c{i}", "image_urls": [f"https://example.com/{i}.png"]}
            created = await client.post("/aeriox/v1/characters", json=character)
            assert created.status_code < 300, created.text

        step = creates // samples
        for start in range(0, creates, step):
            for batch in range(start, min(start + step, creates), concurrency):
                await asyncio.gather(*(one(i) for i in range(batch, min(batch + concurrency, start + step))))
            points.append((min(start + step, creates), rss_mb(pid)))
    return points


def run(extra: list[str], args: argparse.Namespace) -> list[tuple[int, float]]:
    port = free_port()
    argv = [
        sys.executable, "-m", "mock.cli", "serve", "--port", str(port),
        "--set", "wallet.start_balance_usd=1000000000", *extra,
    ]  # fmt: skip
    process = subprocess.Popen(argv, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        return asyncio.run(drive(url, args.creates, args.samples, process.pid, args.concurrency))
    finally:
        process.terminate()
        process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--creates", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    started = time.monotonic()
    bounded = run([], args)
    unbounded = run(NEVER_FORGET, args)
    print(f"RSS of `specmock serve` (MB) over {args.creates:,} creates + polls ({time.monotonic() - started:.0f} s)\n")
    print("| creates | default retention | nothing forgotten |")
    print("| ---: | ---: | ---: |")
    for (count, kept), (_, grown) in zip(bounded, unbounded, strict=True):
        print(f"| {count:,} | {kept:.0f} | {grown:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
