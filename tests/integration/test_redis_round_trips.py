"""What one stateful request costs in Redis round trips: the path every request of a replica takes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.scenario.store import StateStore
from tests.redis_server import command_counts, count_round_trips, running_redis
from tests.specmock_server import REPO

IMAGE = {"model": "fal-ai/flux/schnell", "prompt": "a lighthouse at dusk"}


def test_a_stateful_request_on_redis_counts_once_reads_at_once_and_commits_without_watching(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with running_redis() as url:
        config = ServeConfig(
            specs_dir=REPO / "specs",
            only_api="aeriox",
            scenarios_dir=REPO / "scenarios",
            scenarios=("job-lifecycle", "wallet"),
            state=url,
        )
        probe = StateStore.open(url)
        with TestClient(create_app(config), headers={"Authorization": "Bearer sk_live_rounds"}) as client:
            client.post("/v1/images/generate", json=IMAGE)  # the wallet is made
            before = command_counts(probe)
            sent = count_round_trips(monkeypatch)
            for _ in range(3):
                assert client.post("/v1/images/generate", json=IMAGE).status_code == 202
            monkeypatch.undo()
            after = command_counts(probe)
        made = {
            name: after.get(name, 0) - before.get(name, 0)
            for name in ("watch", "exec", "evalsha", "eval", "get", "mget")
        }
        # per request: the settings' generation read with the call's count and the wallet (one MULTI/EXEC with an
        # MGET), the job ring's slot (an MGET once the call is counted: which job this create forgets), the commit
        # (one script): three round trips, none of them a WATCH
        assert sent == [3 * 3]
        assert made["watch"] == 0 and made["exec"] == 3 and made["evalsha"] + made["eval"] == 3
        assert made["mget"] == 6
        assert probe.snapshot("calls") == {"aeriox:generateImage": 4}


def test_an_inferred_record_on_redis_is_read_in_one_round_trip_deleted_in_two_listed_in_two(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A user's spec: its state is inferred. Every entry a read or a delete names is read ahead."""
    shutil.copy(REPO / "tests" / "data" / "specs" / "petstore.openapi.yaml", tmp_path)
    with running_redis() as url:
        config = ServeConfig(
            specs_dir=tmp_path,
            scenarios_dir=REPO / "scenarios",
            scenarios=("stateful",),
            state=url,
        )
        with TestClient(create_app(config)) as client:
            assert client.get("/v1/pets").status_code == 200  # the collection is seeded
            sent = count_round_trips(monkeypatch)
            # the settings' generation with the call's count, the seeding mark and the record: one MULTI/EXEC
            assert client.get("/v1/pets/1").status_code == 200
            assert sent == [1]
            assert client.get("/v1/pets/999").status_code == 404
            assert sent == [2]
            # then the commit
            assert client.delete("/v1/pets/2").status_code == 204
            assert sent == [4]
            # a create also reads the record of its new id, once made
            assert client.post("/v1/pets", json={"name": "Nova"}).status_code == 201
            assert sent == [7]
            # a list: the count with the seeding mark, then the collection's keys and records in one script
            listed = client.get("/v1/pets", params={"limit": 100})
            assert sent == [9]
            assert [pet["name"] for pet in listed.json()][0] == "Nova" and len(listed.json()) == 5
