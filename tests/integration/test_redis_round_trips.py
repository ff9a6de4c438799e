"""What one stateful request costs in Redis round trips: the path every request of a replica takes."""

from __future__ import annotations

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
        # per request: the settings' generation read with the call's count (one MULTI/EXEC), the
        # entries the decision reads (the wallet, and the job ring's slot: which job this create forgets) in one
        # MGET, the commit (one script): three round trips, none of them a WATCH
        assert sent == [3 * 3]
        assert made["watch"] == 0 and made["exec"] == 3 and made["evalsha"] + made["eval"] == 3
        assert made["mget"] == 3
        assert probe.snapshot("calls") == {"aeriox:generateImage": 4}
