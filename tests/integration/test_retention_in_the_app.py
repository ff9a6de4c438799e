"""Retention in a running app: after many jobs and charges, old finished jobs are gone, running
ones stay, the ledger still sums to the balance and the journal stays bounded."""

from __future__ import annotations

from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.scenario.engine import DEFAULT_SCENARIOS, ScenarioEngine
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


def serve_shop(retention: Retention) -> tuple[TestClient, ScenarioEngine]:
    """The Shop spec served as `specmock serve` serves a user's spec (the default scenarios), answers self-checked."""
    config = ServeConfig(
        specs_dir=ROOT / "tests" / "data" / "specs" / "shop",
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS,
        scenarios_are_default=True,
        self_check=True,
        retention=retention,
    )
    app = create_app(config)
    return TestClient(app), app.state.server.scenarios


def shop_caller(n: int) -> dict[str, str]:
    return {"Authorization": f"Bearer t{n}"}


def test_an_apis_callers_are_ranked_across_its_collections() -> None:
    # A fuzzer reading every collection under a new credential seeds records in each: ranked per collection, the
    # bound kept that many callers in every collection.
    client, engine = serve_shop(Retention(credentials=2))
    with client:
        first = {}
        for n in range(6):  # each caller later than the one before, in one collection or the other
            first[n] = client.get(f"/owners/o{n}/pets" if n % 2 else "/orders", headers=shop_caller(n)).json()
            engine.advance_clock(10)
        engine.sweep()
        records, marks = engine.store.snapshot("resources"), engine.store.snapshot("resource_seeded")
        # The two most recently active in the API, whichever collection: not t2, among the newest of orders alone.
        assert {key.split("|")[1] for key in records} == {"t4", "t5"}
        assert {key.split("|")[1] for key in marks} == {"t4", "t5"}
        assert {key.split("|")[1] for key in engine.store.snapshot("resource_top")} == {"t4", "t5"}  # their numbering
        # A kept caller's collection is as it was; a forgotten one, seen again, is seeded anew and alike.
        assert client.get("/owners/o5/pets", headers=shop_caller(5)).json() == first[5]
        assert client.get("/orders", headers=shop_caller(2)).json() == first[2]
        assert client.app.state.server.violations_seen == 0


def test_records_are_bounded_per_api_and_a_seeding_forgotten_whole_is_made_anew() -> None:
    # Bounded per collection and caller, the records of a spec with a hundred collections were not bounded in
    # practice, and the marks that a collection was seeded not at all.
    client, engine = serve_shop(Retention(records=12))
    with client:
        first = {}
        for n in range(5):  # five callers, five seeded pets each
            first[n] = client.get("/owners/o/pets", headers=shop_caller(n)).json()
            engine.advance_clock(1)
        assert len(engine.store.snapshot("resources")) == 25
        engine.sweep()
        records, marks = engine.store.snapshot("resources"), engine.store.snapshot("resource_seeded")
        assert len(records) == 12  # the newest: t4's, t3's and two of t2's
        assert sorted({key.split("|")[1] for key in records}) == ["t2", "t3", "t4"]
        # A seeding forgotten in part shows what is left of it; one forgotten whole goes with its mark, and a read
        # seeds that collection anew, with ids it never gave before.
        assert sorted(marks) == [f'shop.owner_pets|t{n}|{{"owner": "o"}}' for n in (2, 3, 4)]
        assert client.get("/owners/o/pets", headers=shop_caller(4)).json() == first[4]
        assert client.get("/owners/o/pets", headers=shop_caller(2)).json() == first[2][:2]
        anew = client.get("/owners/o/pets", headers=shop_caller(0)).json()
        assert len(anew) == 5 and {pet["owner"] for pet in anew} == {"o"}
        assert not {pet["id"] for pet in anew} & {pet["id"] for pet in first[0]}
        assert client.app.state.server.violations_seen == 0
