"""The entries a decision reads ahead (one MGET on Redis) are the ones its request then reads by key.

The reference is the decision itself: each request below goes through the app with its reads by key noted,
and what was read ahead for it must be among them (an entry read ahead for nothing is a conflict for nothing
at commit) and must cover them (an entry missed costs its own round trip), but for a create's new record,
whose id is only known once made. Shown on the in-memory store made to read ahead as Redis does, so the
check needs no server; tests/integration/test_redis_round_trips.py counts the round trips on a real one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.scenario.cli import DEFAULT_SCENARIOS
from mock.scenario.store import _MemoryBackend

ROOT = Path(__file__).resolve().parents[2]
IMAGE = {"model": "fal-ai/flux/schnell", "prompt": "a lighthouse at dusk"}


class Reads:
    def __init__(self) -> None:
        self.ahead: list[tuple[str, str]] = []
        self.by_key: list[tuple[str, str]] = []

    def clear(self) -> None:
        self.ahead.clear()
        self.by_key.clear()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    noted = Reads()
    read = _MemoryBackend.read

    def read_noted(backend: _MemoryBackend, namespace: str, key: str) -> Any:
        noted.by_key.append((namespace, key))
        return read(backend, namespace, key)

    monkeypatch.setattr(_MemoryBackend, "read", read_noted)
    monkeypatch.setattr(_MemoryBackend, "read_ahead", lambda backend, entries, early: noted.ahead.extend(entries))
    yield noted


def serving(reads: Reads, specs: Path, **config: Any) -> TestClient:
    app = create_app(
        ServeConfig(
            specs_dir=specs,
            scenarios_dir=ROOT / "scenarios",
            scenarios=DEFAULT_SCENARIOS,
            scenarios_are_default=True,
            self_check=True,
            **config,
        )
    )
    app.state.server.scenarios.store.reads_ahead = True  # read ahead as on Redis
    return TestClient(app, headers={"Authorization": "Bearer sk_live_reader"})


def assert_read_ahead(reads: Reads, new_record: str | None = None) -> None:
    ahead, by_key = set(reads.ahead), set(reads.by_key)
    assert ahead, "nothing was read ahead"
    assert ahead <= by_key, f"read ahead for nothing: {ahead - by_key}"
    missed = {entry for entry in by_key - ahead if new_record is None or not entry[1].endswith(f"|{new_record}")}
    assert not missed, f"read by key, not ahead: {missed}"


def test_an_inferred_collection_and_a_nested_one_read_ahead_what_they_read(reads: Reads) -> None:
    client = serving(reads, ROOT / "tests" / "data" / "specs", only_api="zoo")
    # The first touch of each collection seeds it (what seeding reads is read as it goes).
    enclosure = client.post("/zoo/v1/enclosures", json={"name": "Savanna"}).json()["id"]
    feedings = f"/zoo/v1/enclosures/{enclosure}/feedings"
    assert client.get(feedings).status_code == 200
    reads.clear()
    made = client.post(feedings, data={"food": "hay", "grams": "500"})
    assert made.status_code == 201
    feeding = made.json()["feeding_id"]
    assert_read_ahead(reads, new_record=feeding)

    patch = {"content": b'{"grams": 650}', "headers": {"Content-Type": "application/merge-patch+json"}}
    for method, path, sent, status in (
        ("GET", f"/zoo/v1/enclosures/{enclosure}", {}, 200),
        ("GET", f"{feedings}/{feeding}", {}, 200),
        ("PATCH", f"{feedings}/{feeding}", patch, 200),
        ("GET", "/zoo/v1/enclosures/no-such-enclosure", {}, 404),
        ("GET", "/zoo/v1/enclosures", {}, 200),
        ("DELETE", f"{feedings}/{feeding}", {}, 204),
        ("GET", f"{feedings}/{feeding}", {}, 404),
    ):
        reads.clear()
        answer = client.request(method, path, **sent)
        assert answer.status_code == status, (method, path, answer.text)
        assert_read_ahead(reads)

    reads.clear()
    second = client.post("/zoo/v1/enclosures", json={"name": "Tundra"})
    assert second.status_code == 201
    assert_read_ahead(reads, new_record=second.json()["id"])


def test_a_charge_a_job_and_its_polls_read_ahead_what_they_read(reads: Reads) -> None:
    client = serving(reads, ROOT / "specs", only_api="aeriox")
    client.post("/v1/images/generate", json=IMAGE)  # the wallet is made
    reads.clear()
    job = client.post("/v1/images/generate", json=IMAGE)
    assert job.status_code == 202
    assert_read_ahead(reads)
    for _ in range(3):
        reads.clear()
        assert client.get(f"/v1/jobs/{job.json()['job_id']}").status_code == 200
        assert_read_ahead(reads)
