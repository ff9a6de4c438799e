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


def test_a_create_forgets_the_job_its_operation_made_keep_unfinished_calls_before() -> None:
    config = ServeConfig(
        specs_dir=SPECS,
        scenarios_dir=ROOT / "scenarios",
        scenarios=("job-lifecycle", "wallet"),
        scenario_settings={"job-lifecycle": {"keep_unfinished": 3}, "wallet": {"start_balance_usd": 1000}},
    )
    app = create_app(config)
    engine = app.state.server.scenarios
    with TestClient(app, headers={"Authorization": "Bearer sk_live_left_behind"}) as client:
        made = [client.post("/aeriox/v1/images/generate", json=IMAGE).json()["job_id"] for _ in range(7)]
        balance = client.get("/aeriox/v1/wallet").json()["balance"]["usd_micros"]
        assert {job["id"] for job in engine.state("jobs")["jobs"].values()} == set(made[-3:])  # nobody polled them
        assert len(engine.state("recent_jobs")["recent_jobs"]) == 3
        assert client.get(f"/aeriox/v1/jobs/{made[3]}").status_code == 404  # forgotten, as an unknown id
        assert client.get(f"/aeriox/v1/jobs/{made[4]}").json()["status"] == "queued"  # a kept one carries on
        assert client.get(f"/aeriox/v1/jobs/{made[4]}").json()["status"] == "running"
        video = client.post("/aeriox/v1/videos/generate", json={"model": "fal-ai/kling-3.0", "prompt": "a wave"})
        assert video.status_code == 202  # another operation: a ring of its own, forgetting none of these
        assert client.get(f"/aeriox/v1/jobs/{made[5]}").status_code == 200
        wallet = client.get("/aeriox/v1/wallet", params={"limit": 200}).json()
        assert wallet["balance"]["usd_micros"] < balance  # the video's charge; forgotten jobs' reservations stay
        assert sum(entry["amount_micros"] for entry in wallet["recent_transactions"]) == wallet["balance"]["usd_micros"]


def test_callers_beyond_the_most_recently_active_are_forgotten_and_start_anew() -> None:
    # A load test or a fuzzer sends a new credential per request: each would keep a wallet and records forever.
    config = ServeConfig(
        specs_dir=SPECS,
        scenarios_dir=ROOT / "scenarios",
        scenarios=("stateful", "job-lifecycle", "wallet"),
        scenario_settings={"wallet": {"start_balance_usd": 10}},
        retention=Retention(credentials=3),
    )
    app = create_app(config)
    engine = app.state.server.scenarios
    character = {"name": "Ada", "image_urls": ["https://example.com/ada.png"]}
    trial = 10_000_000  # micro-dollars

    def as_caller(n: int) -> dict[str, str]:
        return {"Authorization": f"Bearer sk_live_caller{n}"}

    with TestClient(app) as client:
        made = {}
        for n in (5, 4, 3, 2, 1, 0):  # the last active first by name: ranked by activity, not by key
            made[n] = client.post("/aeriox/v1/characters", json=character, headers=as_caller(n)).json()["character_id"]
            engine.advance_clock(10)
        charged = client.get("/aeriox/v1/wallet", headers=as_caller(0)).json()["balance"]["usd_micros"]
        assert charged < trial
        engine.sweep()
        kept = {key.split(":", 1)[1] for key in engine.state("wallets")["wallets"]}
        assert kept == {"sk_live_caller2", "sk_live_caller1", "sk_live_caller0"}  # the three most recently active
        scopes = {key.split("|")[1] for key in engine.state("resources")["resources"]}
        assert scopes == kept  # their records too
        # A kept caller finds its record and its balance; a forgotten one, seen again, starts anew.
        assert client.get(f"/aeriox/v1/characters/{made[0]}", headers=as_caller(0)).status_code == 200
        assert client.get("/aeriox/v1/wallet", headers=as_caller(0)).json()["balance"]["usd_micros"] == charged
        assert client.get(f"/aeriox/v1/characters/{made[5]}", headers=as_caller(5)).status_code == 404
        again = client.get("/aeriox/v1/wallet", params={"limit": 200}, headers=as_caller(5)).json()
        assert again["balance"]["usd_micros"] == trial
        assert sum(entry["amount_micros"] for entry in again["recent_transactions"]) == trial
