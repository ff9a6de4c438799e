"""State shared by several workers and by several server processes: SQLite and a real Redis.

The guarantee the in-memory store gives one process must hold across processes: 200
parallel charges never overspend, and the ledger sums to the balance.
"""

from __future__ import annotations

import asyncio
import itertools
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.redis_server import running_redis
from tests.specmock_server import REPO, SpecmockServer, new_key, self_check_violations

IMAGE = {"model": "fal-ai/flux/schnell", "prompt": "a lighthouse at dusk"}  # $0.04 from a $5.00 trial
# A user's spec without scenarios of its own: its state is the one specmock infers (server-made integer ids).
PETSTORE = REPO / "tests" / "data" / "specs" / "petstore.openapi.yaml"


def charge_in_parallel(urls: list[str], api_key: str, count: int = 200) -> list[int]:
    """`count` image generations at once, spread round-robin over the servers at `urls`."""

    async def charge_all() -> list[int]:
        headers = {"Authorization": f"Bearer {api_key}"}
        clients = [
            httpx.AsyncClient(base_url=url, headers=headers, timeout=60, limits=httpx.Limits(max_connections=25))
            for url in urls
        ]
        try:
            spread = itertools.cycle(clients)
            responses = await asyncio.gather(
                *(next(spread).post("/aeriox/v1/images/generate", json=IMAGE) for _ in range(count))
            )
        finally:
            for client in clients:
                await client.aclose()
        return [r.status_code for r in responses]

    return asyncio.run(charge_all())


def assert_never_overspent(statuses: list[int], url: str, api_key: str) -> None:
    assert statuses.count(202) == 125 and statuses.count(402) == 75, sorted(set(statuses))
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {api_key}"}, timeout=30) as client:
        body = client.get("/aeriox/v1/wallet", params={"limit": 200}).json()
    micros = body["balance"]["usd_micros"]
    ledger = body["recent_transactions"]
    assert micros == 0
    assert len(ledger) == 126 and sum(t["amount_micros"] for t in ledger) == micros


@contextmanager
def serving(*args: str) -> Iterator[SpecmockServer]:
    """A started server; several worker processes each load every spec, so allow a slow start."""
    server = SpecmockServer(*args)
    server.start(timeout=180)
    try:
        yield server
    finally:
        server.stop()


def worker_pids(server: SpecmockServer) -> list[int]:
    assert server.process is not None
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(server.process.pid)], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


def test_two_workers_sharing_a_sqlite_file_never_overspend(tmp_path: Path) -> None:
    with serving("--workers", "2", "--state", str(tmp_path / "state.db")) as server:
        assert len(worker_pids(server)) >= 2
        api_key = new_key()
        assert_never_overspent(charge_in_parallel([server.url], api_key), server.url, api_key)


def test_two_workers_sharing_redis_never_overspend() -> None:
    with running_redis() as redis_url, serving("--workers", "2", "--state", redis_url) as server:
        assert len(worker_pids(server)) >= 2
        api_key = new_key()
        assert_never_overspent(charge_in_parallel([server.url], api_key), server.url, api_key)


def test_two_replicas_sharing_redis_never_overspend() -> None:
    """Two independent `specmock serve` processes, as behind a load balancer, with one Redis."""
    with (
        running_redis() as redis_url,
        serving("--state", redis_url) as first,
        serving("--state", redis_url) as second,
    ):
        api_key = new_key()
        statuses = charge_in_parallel([first.url, second.url], api_key)
        assert_never_overspent(statuses, second.url, api_key)
        # What one replica created, the other serves.
        with first.client(api_key) as client:
            job = client.post("/aeriox/v1/images/generate", json=IMAGE)
        assert job.status_code == 402  # the wallet is empty on both


def create_and_read_across(urls: list[str], count: int = 60) -> tuple[list[httpx.Response], ...]:
    """`count` pets created at once, spread round-robin over `urls`; each read back through the next server
    (a new connection each time, so workers sharing a port take them as the kernel hands them out); then
    the list, as each server gives it. Returns (creates, reads, lists)."""

    async def run() -> tuple[list[httpx.Response], ...]:
        clients = [
            httpx.AsyncClient(base_url=url + "/v1", timeout=60, limits=httpx.Limits(max_keepalive_connections=0))
            for url in urls
        ]
        try:
            spread = itertools.cycle(clients)
            made = await asyncio.gather(
                *(next(spread).post("/pets", json={"name": f"pet-{n}", "tag": "shared"}) for n in range(count))
            )
            spread = itertools.cycle(clients[1:] + clients[:1])
            reads = await asyncio.gather(*(next(spread).get(f"/pets/{r.json()['id']}") for r in made))
            lists = [await client.get("/pets", params={"limit": 100}) for client in clients]
        finally:
            for client in clients:
                await client.aclose()
        return made, reads, lists

    return asyncio.run(run())


def assert_one_collection(made: list[httpx.Response], reads: list[httpx.Response], lists: list[httpx.Response]) -> None:
    assert [r.status_code for r in made] == [201] * len(made)
    pets = [r.json() for r in made]
    assert [p["name"] for p in pets] == [f"pet-{n}" for n in range(len(made))]  # each answer echoes its request
    ids = [p["id"] for p in pets]
    assert len(set(ids)) == len(ids), "two servers gave the same id to different pets"
    assert [(r.status_code, r.json()["name"]) for r in reads] == [(200, p["name"]) for p in pets]
    for listing in lists:
        assert listing.status_code == 200
        assert set(ids) <= {p["id"] for p in listing.json()}


def test_a_specs_inferred_records_are_one_collection_across_replicas_sharing_redis(tmp_path: Path) -> None:
    """What one replica creates, the other reads and lists, and ids are never given twice."""
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(PETSTORE, specs)
    with (
        running_redis() as redis_url,
        serving("--specs", str(specs), "--state", redis_url) as first,
        serving("--specs", str(specs), "--state", redis_url) as second,
    ):
        assert_one_collection(*create_and_read_across([first.url, second.url]))
    assert not self_check_violations(first.stderr + second.stderr)


def test_a_specs_inferred_records_are_one_collection_across_workers_sharing_sqlite(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(PETSTORE, specs)
    with serving("--specs", str(specs), "--workers", "2", "--state", str(tmp_path / "state.db")) as server:
        assert len(worker_pids(server)) >= 2
        assert_one_collection(*create_and_read_across([server.url]))
    assert not self_check_violations(server.stderr)


def test_admin_changes_on_one_replica_reach_the_other() -> None:
    """Activations and the clock are shared state too: a test that flips a scenario on one replica sees it on all."""
    with (
        running_redis() as redis_url,
        serving("--state", redis_url) as first,
        serving("--state", redis_url) as second,
    ):
        api_key = new_key()  # a fresh wallet: a charge would succeed
        with first.admin() as admin:
            assert admin.post("/scenarios/insufficient-funds/activate").status_code == 200
        with second.client(api_key) as client:
            refused = client.post("/aeriox/v1/images/generate", json=IMAGE)
        assert refused.status_code == 402 and refused.json()["error"]["code"] == "insufficient_funds"

        with second.admin() as admin:
            assert admin.post("/clock", json={"advance_s": 3600}).json()["offset_s"] == 3600
            assert admin.post("/scenarios/insufficient-funds/deactivate").status_code == 200
        with first.admin() as admin:
            assert admin.get("/clock").json()["offset_s"] == 3600
            assert "insufficient-funds" not in admin.get("/scenarios").json()["active"]
        with first.client(api_key) as client:
            assert client.post("/aeriox/v1/images/generate", json=IMAGE).status_code == 202


def serve_exit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock.cli", "serve", "--port", "1", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_workers_with_scenarios_in_memory_are_refused() -> None:
    result = serve_exit("--workers", "2")
    assert result.returncode == 2
    assert "--state FILE or --state redis://" in result.stderr


def test_a_state_location_it_cannot_honour_is_refused(tmp_path: Path) -> None:
    unknown = subprocess.run(
        [sys.executable, "-m", "mock.cli", "serve", "--port", "1", "--state", "http://127.0.0.1:1/0"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert unknown.returncode == 2 and "unknown scheme 'http'" in unknown.stderr
    assert list(tmp_path.iterdir()) == []  # no directory named `http:` with a database in it
    unreachable = serve_exit("--state", "redis://127.0.0.1:1/0")
    assert unreachable.returncode == 2 and "cannot reach Redis" in unreachable.stderr
    assert len(unreachable.stderr.strip().splitlines()) == 1
