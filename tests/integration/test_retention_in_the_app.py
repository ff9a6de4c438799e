"""Retention in a running app: after many jobs and charges, old finished jobs are gone, running
ones stay, the ledger still sums to the balance and the journal stays bounded."""

from __future__ import annotations

from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.scenario.retention import Retention
from tests.conftest import ROOT, SPECS

IMAGE = {"model": "fal-ai/flux/schnell", "prompt": "a lighthouse at dusk"}


def test_old_jobs_fold_and_the_ledger_still_sums() -> None:
    config = ServeConfig(
        specs_dir=SPECS,
        scenarios_dir=ROOT / "scenarios",
        scenarios=("stateful", "job-lifecycle", "wallet"),
        scenario_settings={"wallet": {"start_balance_usd": 1000}},
        retention=Retention(finished_jobs=5, ledger_entries=10, journal_entries=40),
    )
    app = create_app(config)
    engine = app.state.server.scenarios
    headers = {"Authorization": "Bearer sk_live_retention"}
    with TestClient(app, headers=headers) as client:
        finished = []
        for _ in range(30):
            job_id = client.post("/aeriox/v1/images/generate", json=IMAGE).json()["job_id"]
            while client.get(f"/aeriox/v1/jobs/{job_id}").json()["status"] not in (
                "completed",
                "failed",
                "nsfw_blocked",
            ):
                pass
            finished.append(job_id)
        running = client.post("/aeriox/v1/images/generate", json=IMAGE).json()["job_id"]
        engine.sweep()
        jobs = engine.state("jobs")["jobs"]
        kept = {job["id"] for job in jobs.values()}
        assert running in kept
        assert kept - {running} == set(finished[-5:])
        assert len(engine.state("finished_jobs")["finished_jobs"]) == 5  # the index of finished jobs is bounded too
        assert client.get(f"/aeriox/v1/jobs/{finished[0]}").status_code == 404  # forgotten, as an unknown id
        wallet = client.get("/aeriox/v1/wallet", params={"limit": 200}).json()
        ledger = wallet["recent_transactions"]
        assert len(ledger) == 11 and ledger[-1]["type"] == "balance_forward"
        assert sum(entry["amount_micros"] for entry in ledger) == wallet["balance"]["usd_micros"]
        assert len(engine.journal) == 40


def test_jobs_nobody_polls_are_forgotten_beyond_the_newest_made() -> None:
    config = ServeConfig(
        specs_dir=SPECS,
        scenarios_dir=ROOT / "scenarios",
        scenarios=("job-lifecycle", "wallet"),
        scenario_settings={"wallet": {"start_balance_usd": 1000}},
        retention=Retention(live_jobs=3),
    )
    app = create_app(config)
    engine = app.state.server.scenarios
    headers = {"Authorization": "Bearer sk_live_left_behind"}
    with TestClient(app, headers=headers) as client:
        polled = client.post("/aeriox/v1/images/generate", json=IMAGE).json()["job_id"]
        while client.get(f"/aeriox/v1/jobs/{polled}").json()["status"] != "completed":
            pass
        made = [client.post("/aeriox/v1/images/generate", json=IMAGE).json()["job_id"] for _ in range(6)]
        balance = client.get("/aeriox/v1/wallet").json()["balance"]["usd_micros"]
        engine.sweep()
        kept = {job["id"] for job in engine.state("jobs")["jobs"].values()}
        assert kept == {polled, *made[3:]}  # a finished job is not a left-behind one
        assert len(engine.state("made_jobs")["made_jobs"]) == 3  # the index is bounded with them
        assert client.get(f"/aeriox/v1/jobs/{made[0]}").status_code == 404  # forgotten, as an unknown id
        assert client.get(f"/aeriox/v1/jobs/{made[3]}").json()["status"] == "queued"  # a kept one carries on
        assert client.get(f"/aeriox/v1/jobs/{made[3]}").json()["status"] == "running"
        wallet = client.get("/aeriox/v1/wallet", params={"limit": 200}).json()
        assert wallet["balance"]["usd_micros"] == balance  # a forgotten job's reservation stays charged
        ledger = wallet["recent_transactions"]
        assert sum(entry["amount_micros"] for entry in ledger) == wallet["balance"]["usd_micros"]
