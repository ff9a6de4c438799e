"""Rate limits, faults and the admin API, against one server whose scenarios change live.

The server starts as the static mock (--scenario none); each test sets exactly the
scenarios it needs through PUT /__specmock/scenarios.
"""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests.specmock_server import SpecmockServer, self_check_violations


@pytest.fixture(scope="module")
def server():
    with SpecmockServer("--scenario", "none") as running:
        yield running
    violations = self_check_violations(running.stderr)
    assert not violations, "\n".join(violations)


def use(server: SpecmockServer, *names: str, **settings: dict) -> None:
    with server.admin() as admin:
        response = admin.put("/scenarios", json={"active": list(names), "settings": settings})
        assert response.status_code == 200, response.text
        assert response.json()["active"] == list(names)
        admin.post("/state/reset")


def key() -> str:
    return "sk_live_" + uuid.uuid4().hex


IMAGE = {"model": "fal-ai/flux/schnell", "prompt": "x"}


def test_static_mock_without_scenarios(server):
    use(server)
    with server.client(key()) as client:
        job = client.get(f"/aeriox/v1/jobs/{uuid.uuid4()}")
        assert job.status_code == 200 and "x-specmock-scenario" not in job.headers


def test_rate_limit_429_then_recovery_with_retry_after(server):
    use(server, "rate-limit", **{"rate-limit": {"limit": 3, "window_s": 30}})
    api_key = key()
    with server.client(api_key) as client, server.admin() as admin:
        answers = [client.post("/aeriox/v1/images/generate", json=IMAGE) for _ in range(3)]
        assert [a.status_code for a in answers] == [202, 202, 202]
        assert [a.headers["x-ratelimit-remaining"] for a in answers] == ["2", "1", "0"]
        limited = client.post("/aeriox/v1/images/generate", json=IMAGE)
        assert limited.status_code == 429
        assert limited.json()["error"]["code"] == "rate_limited"
        retry_after = int(limited.headers["retry-after"])
        assert retry_after == 10  # 3 per 30 s: one token every 10 s
        with server.client(key()) as other:  # the bucket is per API key
            assert other.get("/aeriox/v1/me").status_code == 200
        task = [{"taskType": "accountManagement", "taskUUID": str(uuid.uuid4()), "operation": "getDetails"}]
        runware = [client.post("/runware/v1", json=task) for _ in range(4)]  # each API keeps its own buckets
        assert [r.status_code for r in runware] == [200, 200, 200, 429]
        assert runware[3].json()["errors"][0]["code"] == "rateLimited" and runware[3].headers["retry-after"] == "10"
        # Half the wait leaves it limited (with seconds of real time to spare for a busy machine); the rest ends it.
        admin.post("/clock", json={"advance_s": retry_after / 2})
        assert client.get("/aeriox/v1/me").status_code == 429
        admin.post("/clock", json={"advance_s": retry_after / 2})
        assert client.post("/aeriox/v1/images/generate", json=IMAGE).status_code == 202
        assert client.post("/aeriox/v1/images/generate", json=IMAGE).status_code == 429


def test_rate_limit_recovers_in_real_time(server):
    use(server, "rate-limit", **{"rate-limit": {"limit": 2, "window_s": 1}})
    with server.client(key()) as client:
        statuses = [client.get("/aeriox/v1/me").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        time.sleep(0.6)
        assert client.get("/aeriox/v1/me").status_code == 200


def test_rate_limit_composes_with_wallet(server):
    use(server, "wallet", "rate-limit", **{"rate-limit": {"limit": 2, "window_s": 60}})
    with server.client(key()) as client:
        assert [client.post("/aeriox/v1/images/generate", json=IMAGE).status_code for _ in range(3)] == [202, 202, 429]
        wallet = client.get("/aeriox/v1/wallet")  # itself limited: the bucket is per key across operations
        assert wallet.status_code == 429
    with server.admin() as admin:
        wallets = admin.get("/state/wallets").json()["wallets"]
        assert [w["balance_usd"] for w in wallets.values()] == [pytest.approx(4.92)]  # the 429 charged nothing


def test_connection_reset(server):
    use(server, "connection-reset", **{"connection-reset": {"operations": ["getMe"]}})
    with server.client(key()) as client:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError)):
            client.get("/aeriox/v1/me")
        assert client.get("/aeriox/v1/models").status_code == 200
    with server.admin() as admin:
        entry = admin.get("/journal", params={"operation": "getMe", "limit": 1}).json()["entries"][0]
        assert entry["fault"] == "connection_reset" and entry["status"] is None


def test_timeout_drops_after_the_configured_time(server):
    use(server, "timeout", **{"timeout": {"operations": ["getMe"], "timeout_s": 0.5}})
    with server.client(key()) as client:
        started = time.monotonic()
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            client.get("/aeriox/v1/me")
        assert time.monotonic() - started >= 0.45
        with pytest.raises(httpx.ReadTimeout):
            client.get("/aeriox/v1/me", timeout=0.1)


def test_latency_and_server_error_bursts(server):
    use(
        server,
        "latency",
        "server-errors",
        latency={"operations": ["listModels"], "delay_ms": 150},
        **{"server-errors": {"apis": ["runware"], "every": 3, "burst": 2, "status": 503}},
    )
    with server.client(key()) as client:
        started = time.monotonic()
        assert client.get("/aeriox/v1/models").status_code == 200
        assert time.monotonic() - started >= 0.14
        task = [{"taskType": "accountManagement", "taskUUID": str(uuid.uuid4()), "operation": "getDetails"}]
        statuses = [client.post("/runware/v1", json=task).status_code for _ in range(6)]
        assert statuses == [200, 503, 503, 200, 503, 503]
        error = client.post("/runware/v1", json=task)
        assert error.status_code == 200


def test_faults_mix(server):
    use(
        server,
        "faults",
        faults={"operations": ["getMe"], "latency_ms": [0, 5], "error_every": 3, "error_burst": 1, "reset_every": 5},
    )
    outcomes = []
    with server.client(key()) as client:
        for _ in range(5):
            try:
                outcomes.append(client.get("/aeriox/v1/me").status_code)
            except (httpx.RemoteProtocolError, httpx.ReadError):
                outcomes.append("reset")
    assert outcomes == [200, 200, 503, 200, "reset"]


def test_admin_activate_deactivate_and_state(server):
    use(server)
    with server.admin() as admin, server.client(key()) as client:
        listing = admin.get("/scenarios").json()
        names = {s["name"] for s in listing["scenarios"]}
        assert {"wallet", "insufficient-funds", "rate-limit", "job-lifecycle", "stateful", "faults"} <= names
        assert admin.post("/scenarios/insufficient-funds/activate").json()["active"] == ["insufficient-funds"]
        assert client.post("/aeriox/v1/images/generate", json=IMAGE).status_code == 402
        assert admin.post("/scenarios/insufficient-funds/deactivate").json()["active"] == []
        assert client.post("/aeriox/v1/images/generate", json=IMAGE).status_code == 202
        assert admin.post("/scenarios/nope/activate").status_code == 404
        bad = admin.post("/scenarios/rate-limit/activate", json={"settings": {"limt": 3}})
        assert bad.status_code == 400 and "limt" in bad.json()["error"]["message"]
        admin.post("/scenarios/job-lifecycle/activate")
        job = client.post("/aeriox/v1/images/generate", json=IMAGE).json()
        jobs = admin.get("/state/jobs").json()["jobs"]
        assert any(j["id"] == job["job_id"] for j in jobs.values())
        admin.post("/state/reset", params={"namespace": "jobs"})
        assert client.get(f"/aeriox/v1/jobs/{job['job_id']}").status_code == 404
        assert admin.get("/state/nothing").status_code == 404


def test_admin_clock_reads_back(server):
    with server.admin() as admin:
        clock = admin.get("/clock").json()
        assert clock["now"].endswith("Z") and "offset_s" in clock


def test_runware_balance_goes_down_as_tasks_are_charged(server):
    use(server, "wallet", wallet={"task_prices": {"accountManagement": 0.5}})
    task = [{"taskType": "accountManagement", "taskUUID": str(uuid.uuid4()), "operation": "getDetails"}]
    with server.client(key()) as client:
        balances = [client.post("/runware/v1", json=task).json()["data"][0]["balance"]["amount"] for _ in range(3)]
        assert balances == [4.5, 4.0, 3.5]
        for _ in range(7):
            client.post("/runware/v1", json=task)
        refused = client.post("/runware/v1", json=task)
        assert refused.status_code == 402 and refused.json()["errors"][0]["code"] == "insufficientFunds"
