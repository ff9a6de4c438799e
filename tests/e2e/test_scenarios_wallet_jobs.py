"""Wallet, insufficient funds and job lifecycles, over HTTP against a real `specmock serve`.

The server runs with its default scenarios (stateful, job-lifecycle, wallet) and
--self-check; the last test asserts that nothing it answered violated the spec. Each test
uses its own API key, so its wallet, jobs and resources are its own.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from tests.specmock_server import checked_server, new_key

IMAGE = {"model": "fal-ai/flux/schnell", "prompt": "a lighthouse at dusk"}
VIDEO = {"model": "fal-ai/kling-3.0", "prompt": "waves", "duration_s": 10}  # $0.10/s × 10 s = $1.00


@pytest.fixture(scope="module")
def server():
    with checked_server() as running:
        yield running


key = new_key


def wallet(client: httpx.Client) -> dict:
    response = client.get("/aeriox/v1/wallet", params={"limit": 200})
    assert response.status_code == 200
    return response.json()


def test_wallet_starts_with_the_free_trial_and_the_ledger_sums_to_it(server):
    with server.client(key()) as client:
        body = wallet(client)
    assert body["balance"]["usd"] == 5.0
    assert [t["type"] for t in body["recent_transactions"]] == ["trial_credit"]


def test_prices_charged_are_the_ones_the_mock_serves(server):
    with server.client(key()) as client:
        models = {m["model_id"]: m for m in client.get("/aeriox/v1/models").json()["data"]}
        pricing = {p["model"]: p for p in client.get("/aeriox/v1/pricing").json()["operations"]}
        assert models["fal-ai/kling-3.0"]["cost_usd_per_unit"] == pricing["fal-ai/kling-3.0"]["price_usd"] == 0.10
        job = client.post("/aeriox/v1/videos/generate", json=VIDEO).json()
        assert job["estimated_cost_usd"] == pytest.approx(models["fal-ai/kling-3.0"]["cost_usd_per_unit"] * 10)
        assert wallet(client)["balance"]["usd"] == pytest.approx(4.0)


def test_wallet_drained_to_402_then_topped_up(server):
    with server.client(key()) as client:
        for _ in range(5):
            assert client.post("/aeriox/v1/videos/generate", json=VIDEO).status_code == 202
        estimate = client.post(
            "/aeriox/v1/estimate", json={"model": "fal-ai/kling-3.0", "prompt": "waves", "duration": 10}
        ).json()
        assert estimate["would_succeed"] is False and estimate["reasons_blocked"] == ["insufficient_credits"]
        refused = client.post("/aeriox/v1/videos/generate", json=VIDEO)
        assert refused.status_code == 402
        error = refused.json()["error"]
        assert error["code"] == "insufficient_funds"
        assert error["details"]["required_usd"] == 1.0 and error["details"]["balance_usd"] == 0.0
        topped = client.post("/aeriox/v1/wallet/topup", json={"amount_usd": 10})
        assert topped.status_code == 200 and topped.json()["amount_usd"] == 10
        assert client.post(
            "/aeriox/v1/estimate", json={"model": "fal-ai/kling-3.0", "prompt": "w", "duration": 10}
        ).json()["would_succeed"]
        assert client.post("/aeriox/v1/videos/generate", json=VIDEO).status_code == 202
        body = wallet(client)
    assert body["balance"]["usd"] == pytest.approx(9.0)
    assert sum(t["amount_micros"] for t in body["recent_transactions"]) == body["balance"]["usd_micros"]
    assert body["recent_transactions"][0]["type"] == "reservation"


def test_job_polled_to_completion_and_charged(server):
    with server.client(key()) as client:
        job = client.post("/aeriox/v1/images/generate", json=IMAGE)
        assert job.status_code == 202
        created = job.json()
        assert created["status"] == "queued" and created["progress_pct"] == 0
        seen = [client.get(f"/aeriox/v1/jobs/{created['job_id']}").json() for _ in range(4)]
        assert [s["status"] for s in seen] == ["queued", "running", "running", "completed"]
        assert seen[1]["progress_pct"] < seen[2]["progress_pct"] < 100 == seen[3]["progress_pct"]
        done = seen[3]
        assert done["output_urls"] and done["charged_cost_usd"] == created["estimated_cost_usd"] == 0.04
        legacy = client.get(f"/aeriox/v1/generations/{created['job_id']}").json()
        assert legacy["status"] == "success" and legacy["asset_urls"] == done["output_urls"]
        assert wallet(client)["balance"]["usd"] == pytest.approx(4.96)


def test_job_cancelled_refunds_then_409(server):
    with server.client(key()) as client:
        job = client.post("/aeriox/v1/videos/generate", json=VIDEO).json()
        assert wallet(client)["balance"]["usd"] == pytest.approx(4.0)
        cancelled = client.delete(f"/aeriox/v1/jobs/{job['job_id']}")
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
        again = client.delete(f"/aeriox/v1/jobs/{job['job_id']}")
        assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
        assert client.get(f"/aeriox/v1/jobs/{job['job_id']}").json()["status"] == "cancelled"
        body = wallet(client)
        assert body["balance"]["usd"] == pytest.approx(5.0)
        assert body["recent_transactions"][0]["type"] == "refund"


def test_failed_and_blocked_jobs_are_refunded(server):
    with server.client(key()) as client:
        failing = client.post("/aeriox/v1/images/generate", json={**IMAGE, "prompt": "render [fail] please"}).json()
        blocked = client.post("/aeriox/v1/images/generate", json={**IMAGE, "prompt": "[nsfw] thing"}).json()
        for job, outcome in ((failing, "failed"), (blocked, "nsfw_blocked")):
            for _ in range(4):
                last = client.get(f"/aeriox/v1/jobs/{job['job_id']}").json()
            assert last["status"] == outcome and last["charged_cost_usd"] == 0 and last["error"]["error"]["code"]
        assert wallet(client)["balance"]["usd"] == pytest.approx(5.0)


def test_unknown_job_is_404(server):
    with server.client(key()) as client:
        response = client.get(f"/aeriox/v1/jobs/{uuid.uuid4()}")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
        assert client.delete(f"/aeriox/v1/jobs/{uuid.uuid4()}").status_code == 404


def test_audio_completes_inline_and_compose_acks(server):
    with server.client(key()) as client:
        audio = client.post(
            "/aeriox/v1/audio/generate", json={"text": "hello " * 200, "model": "eleven_v3_multilingual"}
        ).json()
        assert audio["status"] == "completed" and audio["output_urls"][0].endswith(".mp3")
        compose = client.post(
            "/aeriox/v1/compose", json={"segments": [{"asset_id": str(uuid.uuid4()), "start_time": 0, "duration": 60}]}
        )
        assert compose.status_code == 202
        ack = compose.json()
        assert ack["estimated_cost_usd"] == 0.05 and ack["estimated_cost_usd_micros"] == 50_000
        assert client.get(f"/aeriox/v1/jobs/{ack['id']}").json()["type"] == "compose"


def test_prism_apply_and_legacy_generate_use_the_same_jobs(server):
    with server.client(key()) as client:
        prism = client.post("/aeriox/v1/prisms/film-noir/apply", json={"asset_id": str(uuid.uuid4())}).json()
        assert prism["type"] == "prism_apply" and prism["prism_id"] == "film-noir"
        legacy = client.post(
            "/aeriox/v1/generate", json={"model": "fal-ai/kling-3.0", "prompt": "x", "duration": 5}
        ).json()
        assert legacy["kind"] == "video" and legacy["cost"]["usd"] == 0.5
        assert client.get(f"/aeriox/v1/jobs/{legacy['generation_id']}").json()["type"] == "video"


def test_runflow_batch_counters_advance_per_poll(server):
    batch = str(uuid.uuid4())
    with server.client(key()) as client:
        seen = [client.get(f"/runflow/v1/batches/{batch}").json() for _ in range(4)]
    assert [s["status_code"] for s in seen] == ["queued", "running", "running", "completed"]
    assert [s["items_succeeded"] for s in seen] == [0, 3, 7, 10] and all(s["items_total"] == 10 for s in seen)


def test_runware_account_balance_and_402_on_demand(server):
    task = [{"taskType": "accountManagement", "taskUUID": str(uuid.uuid4()), "operation": "getDetails"}]
    with server.client(key()) as client:
        details = client.post("/runware/v1", json=task)
        assert details.status_code == 200 and details.json()["data"][0]["balance"]["amount"] == 5.0
        refused = client.post("/runware/v1", json=task, headers={"X-Specmock-Scenario": "insufficient-funds"})
        assert refused.status_code == 402
        assert refused.json()["errors"][0]["code"] == "insufficientFunds"


def test_insufficient_funds_on_demand_per_request(server):
    with server.client(key()) as client:
        headers = {"X-Specmock-Scenario": "insufficient-funds"}
        refused = client.post("/aeriox/v1/images/generate", json=IMAGE, headers=headers)
        assert refused.status_code == 402 and refused.json()["error"]["code"] == "insufficient_funds"
        estimate = client.post("/aeriox/v1/estimate", json={"model": "x", "prompt": "y"}, headers=headers).json()
        assert estimate["would_succeed"] is False
        assert client.post("/aeriox/v1/images/generate", json=IMAGE).status_code == 202
        unknown = client.get("/aeriox/v1/me", headers={"X-Specmock-Scenario": "no-such-scenario"})
        assert unknown.status_code == 422


def test_200_parallel_charges_never_overspend(server):
    """$5 at $0.04 an image: exactly 125 succeed, the rest get 402, and the ledger sums to the balance."""
    api_key = key()

    async def charge_all() -> list[int]:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(
            base_url=server.url, headers={"Authorization": f"Bearer {api_key}"}, timeout=30, limits=limits
        ) as client:
            responses = await asyncio.gather(
                *(client.post("/aeriox/v1/images/generate", json=IMAGE) for _ in range(200))
            )
        return [r.status_code for r in responses]

    statuses = asyncio.run(charge_all())
    assert statuses.count(202) == 125 and statuses.count(402) == 75
    with server.client(api_key) as client:
        body = wallet(client)
        micros = body["balance"]["usd_micros"]
        ledger = client.get("/aeriox/v1/wallet", params={"limit": 200}).json()["recent_transactions"]
    assert micros == 0
    assert len(ledger) == 126 and sum(t["amount_micros"] for t in ledger) == micros


def test_journal_records_who_decided(server):
    api_key = key()
    with server.client(api_key) as client, server.admin() as admin:
        latest = admin.get("/journal", params={"limit": 1}).json()["entries"]
        since = latest[0]["seq"] if latest else 0
        wallet(client)
        client.post("/aeriox/v1/images/generate", json=IMAGE, headers={"X-Specmock-Scenario": "insufficient-funds"})
        client.get("/aeriox/v1/me")
        entries = admin.get("/journal", params={"since": since, "path": "/aeriox/v1/images"}).json()["entries"]
        mine = [e for e in entries if e["status"] == 402]
        assert mine and mine[0]["scenario"] == "insufficient-funds" and mine[0]["operation"] == "generateImage"
        assert mine[0]["method"] == "POST" and mine[0]["time"].endswith("Z")
        static = admin.get("/journal", params={"since": since, "operation": "getMe", "scenario": "none"}).json()[
            "entries"
        ]
        assert static and static[0]["status"] == 200
        state = admin.get("/state/wallets").json()["wallets"]
        assert f"aeriox:{api_key}" in state
