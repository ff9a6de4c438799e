"""Retention: what each domain lets go, and that the ledger still sums to the balance."""

from __future__ import annotations

from typing import Any

import pytest

from mock.journal import Journal
from mock.scenario.effects import jobs, oauth, rate_limit, resources, wallet
from mock.scenario.retention import Retention, sweep
from mock.scenario.store import Delete, StateStore


def job(key: str, status: str, created: float, finished: float | None = None) -> dict[str, Any]:
    return {"key": key, "status": status, "created_ts": created, "finished_ts": finished}


def filled(**namespaces: dict[str, Any]) -> StateStore:
    store = StateStore.open()
    store.transact(lambda tx: [tx.put(ns, k, v) for ns, entries in namespaces.items() for k, v in entries.items()])
    return store


def finished_through_settle(store: StateStore, *finished: dict[str, Any]) -> None:
    """Jobs that end as the lifecycle ends them: `settle` saves each and notes it among the finished."""

    def save(tx: Any) -> None:
        for done in finished:
            before = {**done, "status": "running", "finished_ts": None}
            tx.apply(jobs.settle(tx, before, done, done["status"], "2026-12-01T00:00:00Z"))

    store.transact(save)


def deleted(changes: list[Any], namespace: str) -> list[str]:
    return sorted(change.key for change in changes if change.namespace == namespace)


def test_finished_jobs_beyond_the_newest_or_too_old_go_and_running_ones_stay() -> None:
    store = filled(jobs={"running": job("running", "running", 0)})
    finished_through_settle(
        store,
        job("old", "completed", 0, 10),
        job("a", "failed", 900, 950),
        job("b", "completed", 900, 960),
        job("c", "cancelled", 900, 970),
    )
    changes = store.transact(lambda tx: jobs.expired(tx, now=1000, keep=2, max_age_s=500))
    assert deleted(changes, "jobs") == ["a", "old"]  # a: third newest; old: finished 990 s ago
    assert deleted(changes, jobs.FINISHED) == ["a", "old"]
    store.transact(lambda tx: tx.apply(changes))
    assert sorted(store.snapshot("jobs")) == ["b", "c", "running"]
    assert sorted(store.snapshot(jobs.FINISHED)) == ["b", "c"]


class NoJobScans:
    """A state view that refuses to list the jobs: expiry must find finished ones without reading live ones."""

    def __init__(self, tx: Any) -> None:
        self.tx = tx

    def get(self, namespace: str, key: str, default: Any = None) -> Any:
        return self.tx.get(namespace, key, default)

    def get_many(self, namespace: str, keys: list[str]) -> dict[str, Any]:
        return self.tx.get_many(namespace, keys)  # type: ignore[no-any-return]

    def items(self, namespace: str, prefix: str = "", shared: bool = False) -> list[tuple[str, Any]]:
        assert namespace != "jobs", "expiry listed every job"
        return list(self.tx.items(namespace, prefix))


def test_expiry_reads_only_the_finished_jobs() -> None:
    store = filled(jobs={f"live{i}": job(f"live{i}", "queued", 0) for i in range(50)})
    finished_through_settle(store, *(job(f"done{i}", "completed", 0, i) for i in range(5)))
    changes = store.transact(lambda tx: jobs.expired(NoJobScans(tx), now=10, keep=3, max_age_s=500))
    assert deleted(changes, "jobs") == ["done0", "done1"]


def test_a_job_made_again_under_a_forgotten_key_is_not_deleted() -> None:
    # The jobs namespace was reset (admin API) and a live job took the key of one noted as finished.
    store = filled(jobs={"same": job("same", "queued", 5)}, finished_jobs={"same": 1.0})
    changes = store.transact(lambda tx: jobs.expired(tx, now=10_000, keep=1, max_age_s=500))
    assert deleted(changes, "jobs") == [] and deleted(changes, jobs.FINISHED) == ["same"]


def test_every_job_also_finds_finished_jobs_the_index_never_saw() -> None:
    # State an older specmock kept (SQLite, Redis) has finished jobs but no index of them.
    store = filled(
        jobs={
            "old": job("old", "completed", 0, 10),
            "a": job("a", "failed", 900, 950),
            "b": job("b", "completed", 900, 960),
            "c": job("c", "cancelled", 900, 970),
            "running": job("running", "running", 0),
        }
    )
    assert store.transact(lambda tx: jobs.expired(tx, now=1000, keep=2, max_age_s=500)) == []
    changes = store.transact(lambda tx: jobs.expired(tx, now=1000, keep=2, max_age_s=500, every_job=True))
    assert deleted(changes, "jobs") == ["a", "old"]


def ledger_of(store: StateStore, key: str) -> list[dict[str, Any]]:
    return list(store.snapshot("ledger", key + "|").values())


def test_folded_ledger_keeps_the_newest_entries_and_still_sums_to_the_balance() -> None:
    store = StateStore.open()
    now_iso = "2026-12-01T00:00:00.000Z"

    def write(tx: Any, amount: int) -> None:
        current, changes = wallet.load_wallet(tx, "w1", {"start_balance_usd": 5.0}, now_iso)
        tx.apply(changes)
        current = tx.get("wallets", "w1")
        _, entry_changes = wallet._entry(current, amount, "charge", "x", now_iso)
        tx.apply(entry_changes)

    # The trial credit is txn_000001; each round adds 25 charges, and the newest 10 stay.
    for round_ in range(3):  # fold thrice: the forward entry carries the sum of both folds
        for amount in range(1, 26):
            store.transact(lambda tx, a=amount: write(tx, -a * 1000))
        store.transact(lambda tx: tx.apply(wallet.folded(tx, keep=10)))
        entries = ledger_of(store, "w1")
        balance = store.snapshot("wallets")["w1"]["balance_micros"]
        assert len(entries) == 11 and entries[0]["type"] == "balance_forward", round_
        assert sum(e["amount_micros"] for e in entries) == balance
        assert [e["id"] for e in entries[1:]] == [f"txn_{seq:06d}" for seq in range(17 + 25 * round_, 27 + 25 * round_)]


def test_untouched_full_buckets_go_recent_ones_stay() -> None:
    store = filled(
        buckets={
            "idle": {"updated": 0, "window_s": 60},
            "fresh": {"updated": 5000, "window_s": 60},
            "long": {"updated": 0, "window_s": 99999},
        }
    )
    changes = store.transact(lambda tx: rate_limit.idle(tx, now=5000, max_age_s=3600))
    assert [change.key for change in changes] == ["idle"]


def test_sweep_collects_every_domain() -> None:
    store = filled(
        buckets={"idle": {"updated": 0, "window_s": 1}}, oauth_grants={"a:code_x": {"kind": "code", "issued_at": 0}}
    )
    finished_through_settle(store, job("old", "completed", 0, 1))
    retention = Retention(finished_jobs=10, max_age_s=100)
    changes = store.transact(lambda tx: sweep(tx, 10_000, retention))
    assert {(c.namespace, c.key) for c in changes} == {
        ("jobs", "old"),
        (jobs.FINISHED, "old"),
        ("buckets", "idle"),
        (oauth.GRANTS, "a:code_x"),
    }


def journal_fields(ts: float) -> dict[str, Any]:
    return {
        "ts": ts, "api": "a", "operation": "op", "method": "GET", "path": "/", "status": 200, "scenario": None,
        "scenarios": (), "rules": (), "fault": None, "duration_ms": 1.0, "credential": None,
    }  # fmt: skip


def test_journal_is_bounded_by_count_and_by_age() -> None:
    journal = Journal(size=50, max_age_s=100)
    for i in range(120):
        journal.record(**journal_fields(float(i)))
    assert len(journal) == 50
    journal.record(**journal_fields(1000.0))  # everything before 900 is too old
    assert len(journal) == 1


@pytest.mark.parametrize(
    "bad",
    [{"finished_jobs": 0}, {"refresh_tokens": 0}, {"credentials": 0}, {"max_age_s": 0}, {"max_age_s": float("nan")}],
)
def test_a_retention_that_keeps_nothing_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Retention(**bad)


def test_records_beyond_the_newest_of_each_api_go_across_its_collections_and_callers() -> None:
    store = filled(
        resources={
            **{f"characters|k1|c{seq}": {"seq": seq, "created_ts": 100.0, "data": {}} for seq in range(1, 5)},
            "characters|k2|c5": {"seq": 5, "created_ts": 0.0, "seeded_ts": 300.0, "data": {}},  # seeded: as of then
            "nodes|k1|n1": {"seq": 1, "created_ts": 200.0, "data": {}},
            "zoo|k1|z1": {"seq": 1, "created_ts": 1.0, "data": {}},  # another API's: its one record stays
        }
    )
    apis = {"characters": "studio", "nodes": "studio", "zoo": "zoo"}
    changes = store.transact(lambda tx: resources.evicted(tx, keep=3, collection_apis=apis))
    # studio's newest three: k2's seeded c5 (300), k1's node (200), then c4 (100, the highest number)
    assert sorted(change.key for change in changes) == ["characters|k1|c1", "characters|k1|c2", "characters|k1|c3"]


def test_sweeps_are_spaced_by_the_size_of_the_state_they_read() -> None:
    from mock.scenario.retention import ENTRIES_PER_REQUEST, SWEEP_EVERY_REQUESTS, requests_until_next_sweep

    assert requests_until_next_sweep(0) == SWEEP_EVERY_REQUESTS
    assert requests_until_next_sweep(SWEEP_EVERY_REQUESTS * ENTRIES_PER_REQUEST) == SWEEP_EVERY_REQUESTS
    assert requests_until_next_sweep(60_000) == 60_000 // ENTRIES_PER_REQUEST


def test_a_sweep_reads_shared_entries_and_changes_none_of_them() -> None:
    from mock.scenario.retention import CountingView

    running = job("running", "running", 0)
    store = filled(jobs={"running": running})
    finished_through_settle(store, job("done", "completed", 0, 10))
    view_of: dict[str, CountingView] = {}

    def forget(tx: Any) -> int:
        view_of["sweep"] = CountingView(tx)
        changes = sweep(view_of["sweep"], 10_000, Retention(finished_jobs=1, max_age_s=60))
        tx.apply(changes)
        return len(changes)

    assert store.transact(forget, shared_reads=True) == 2  # the job and its index entry
    assert view_of["sweep"].entries_read == 2  # the index entry and its job: the running job is never read
    assert store.snapshot("jobs") == {"running": running}


def test_shared_reads_hand_out_the_stored_values_and_plain_reads_copies() -> None:
    store = filled(jobs={"a": job("a", "running", 0)})
    first = store.transact(lambda tx: tx.items("jobs"), shared_reads=True)[0][1]
    again = store.transact(lambda tx: tx.items("jobs"), shared_reads=True)[0][1]
    copied = store.transact(lambda tx: tx.items("jobs"))[0][1]
    assert first is again and copied is not first and copied == first
    copied["status"] = "changed"  # a plain read is the work's own copy: the store is untouched
    assert store.snapshot("jobs")["a"]["status"] == "running"


def test_only_the_engines_first_sweep_reads_the_live_jobs() -> None:
    from mock.scenario.engine import ScenarioEngine
    from mock.scenario.retention import ENTRIES_PER_REQUEST, SWEEP_EVERY_REQUESTS

    engine = ScenarioEngine({})
    engine.store.transact(lambda tx: [tx.put("jobs", f"j{i}", job(f"j{i}", "running", 0)) for i in range(8_000)])
    engine.store.transact(lambda tx: tx.put("jobs", "legacy", job("legacy", "completed", 0, 1)))  # unindexed
    assert engine.sweep() == 1  # the first reads every job: it finds the old finished one; running jobs stay
    assert engine._sweep_after == 8_000 // ENTRIES_PER_REQUEST  # and spaces the next by what it kept
    assert engine.sweep() == 0
    assert engine._sweep_after == SWEEP_EVERY_REQUESTS  # later sweeps read only the finished jobs' index


def test_a_journal_entry_reads_back_as_recorded_with_defaults_for_what_was_not_given() -> None:
    journal = Journal()
    journal.record(**journal_fields(5.0))
    journal.record(
        **journal_fields(6.0),
        via="upstream",
        query="a=1",
        request_headers={"authorization": "Bearer sk_live_abcdefgh"},
        request_body=b'{"a": 1}',
        response_headers={"x-request-id": "r1"},
        response_media_type="application/json",
        response_body=b"{}",
        violations=("body a: wrong",),
        reason="Invalid",
        note="n",
    )
    full, plain = journal.query()  # newest first
    assert (plain["seq"], plain["via"], plain["query"], plain["violations"], plain["note"]) == (1, None, "", [], None)
    assert plain["request"] == {"headers": {}, "body": ""} and plain["response"]["media_type"] is None
    assert (full["seq"], full["timestamp"], full["via"], full["query"]) == (2, 6.0, "upstream", "a=1")
    assert full["request"] == {"headers": {"authorization": "Bearer sk_l…"}, "body": '{"a": 1}'}
    assert full["response"] == {"headers": {"x-request-id": "r1"}, "media_type": "application/json", "body": "{}"}
    assert (full["violations"], full["reason"], full["note"]) == (["body a: wrong"], "Invalid", "n")


def test_a_journal_entry_takes_its_fields_in_any_order_and_refuses_unknown_ones() -> None:
    journal = Journal()
    journal.record(**dict(reversed(list({**journal_fields(7.0), "note": "n", "query": "q=1"}.items()))))
    entry = journal.query()[0]
    assert (entry["timestamp"], entry["method"], entry["status"], entry["note"], entry["query"]) == (
        7.0,
        "GET",
        200,
        "n",
        "q=1",
    )
    with pytest.raises(TypeError, match="colour"):
        journal.record(**journal_fields(8.0), colour="red")
    assert len(journal) == 1


class HeaderValue(str):
    pass


def test_a_journal_entry_holding_a_subclassed_value_reads_back_too() -> None:
    """Entries are kept as bytes marshal writes; a value it cannot write (a str subclass) is kept all the same."""
    journal = Journal()
    journal.record(**journal_fields(1.0), request_headers={"x-trace": HeaderValue("t-1")})
    journal.record(**journal_fields(2.0), request_headers={"x-trace": "t-2"})
    assert [entry["request"]["headers"] for entry in journal.query()] == [{"x-trace": "t-2"}, {"x-trace": "t-1"}]


def test_kept_journal_entries_are_not_walked_by_the_garbage_collector() -> None:
    """What keeps 10,000 entries out of every collection's pause: no entry is an object the collector tracks."""
    import gc

    journal = Journal()
    journal.record(**journal_fields(0.0))  # the journal's own containers exist from here on
    gc.collect()
    tracked_before = len(gc.get_objects())
    for i in range(1, 2_001):
        journal.record(
            **journal_fields(float(i)),
            request_headers={"authorization": "Bearer k", "x-api-key": "secret-key"},
            response_headers={"content-type": "application/json"},
            violations=("body a: wrong",),
            secret_headers=("authorization", "x-api-key"),
        )
    assert len(gc.get_objects()) - tracked_before < 50  # not one (let alone seven) per entry
    shown = journal.query()[0]["request"]["headers"]
    assert shown == {"authorization": "Bearer …", "x-api-key": "secr…"}  # masked by the entry's own secret names


def test_spent_oauth_codes_and_the_oldest_refresh_tokens_go() -> None:
    hour = 3600.0
    store = filled(
        oauth_grants={
            "shop:#seq": 9,  # the API's counter stays
            "shop:code_old": {"kind": "code", "issued_at": 0.0, "used": True},
            "shop:code_unused_old": {"kind": "code", "issued_at": 1.0, "used": False},
            "shop:code_recent": {"kind": "code", "issued_at": 2 * hour - 60, "used": False},
            **{f"shop:rt_{i}": {"kind": "refresh_token", "issued_at": float(i)} for i in range(5)},
            **{f"bank:rt_{i}": {"kind": "refresh_token", "issued_at": float(i)} for i in range(2)},
        }
    )
    changes = store.transact(lambda tx: oauth.forgotten(tx, now=2 * hour, max_age_s=hour, refresh_tokens=3))
    assert deleted(changes, oauth.GRANTS) == ["shop:code_old", "shop:code_unused_old", "shop:rt_0", "shop:rt_1"]
    # a code inside its lifetime stays even when max_age_s is shorter: it can still be exchanged
    young = filled(oauth_grants={"shop:code": {"kind": "code", "issued_at": 0.0}})
    assert young.transact(lambda tx: oauth.forgotten(tx, now=300.0, max_age_s=60.0, refresh_tokens=3)) == []


def test_a_sweep_that_gives_up_does_not_fail_the_request_it_follows(caplog: pytest.LogCaptureFixture) -> None:
    """On shared state a sweep can lose every race to busy workers (StateConflict): the request that set it off
    is answered all the same, and a later sweep runs."""
    from mock.scenario.engine import ScenarioEngine
    from mock.scenario.retention import SWEEP_EVERY_REQUESTS
    from mock.scenario.store import StateConflict

    engine = ScenarioEngine({})
    attempts: list[int] = []

    def losing_sweep() -> int:
        attempts.append(1)
        raise StateConflict("gave up")

    engine.sweep = losing_sweep  # type: ignore[method-assign]
    for _ in range(SWEEP_EVERY_REQUESTS):
        engine.after_state_write()
    assert attempts and "sweep gave up" in caplog.text


def test_the_next_sweep_is_spaced_by_what_a_sweep_kept_not_by_what_it_read() -> None:
    # Spaced by what it read, a sweep that forgot a backlog waited long enough for a bigger one to build up.
    from mock.scenario.engine import ScenarioEngine
    from mock.scenario.retention import SWEEP_EVERY_REQUESTS

    engine = ScenarioEngine({})
    engine.configure_retention(Retention(finished_jobs=1_000))
    assert engine.sweep() == 0  # the first sweep (which reads every job) done
    now = engine.now()
    finished_through_settle(engine.store, *(job(f"j{i:05d}", "completed", now, now + i / 1e6) for i in range(20_000)))
    assert engine.sweep() == 2 * 19_000  # read 20,000 index entries and 19,000 jobs; kept 1,000 entries
    assert engine._sweep_after == SWEEP_EVERY_REQUESTS
    assert sorted(engine.state("jobs")["jobs"])[0] == "j19000"  # the newest finished stay


# ---------------------------------------------------------------- callers beyond the most recently active


def charged(store: StateStore, key: str, at: str, charges: int = 1) -> None:
    """The wallet `key` made (with its trial credit) at `at`, then charged `charges` times at `at`."""

    def write(tx: Any) -> None:
        current, changes = wallet.load_wallet(tx, key, {"start_balance_usd": 5.0}, at)
        tx.apply(changes)
        for _ in range(charges):
            _, entry_changes = wallet._entry(tx.get("wallets", key), -1000, "charge", "x", at)
            tx.apply(entry_changes)

    store.transact(write)


def test_wallets_beyond_the_most_recently_active_of_each_api_go_with_their_ledgers() -> None:
    store = StateStore.open()
    charged(store, "shop:old", "2026-12-01T00:00:01Z", charges=30)  # busy once, idle since
    charged(store, "shop:*", "2026-12-01T00:00:02Z")  # every caller's wallet (`per_key: false`): no one's to forget
    charged(store, "shop:mid", "2026-12-01T00:00:03Z")
    charged(store, "bank:alone", "2026-12-01T00:00:00Z")  # another API: ranked among its own
    charged(store, "shop:new", "2026-12-01T00:00:04Z", charges=30)
    charged(store, "shop:old", "2026-12-01T00:00:05Z")  # active again: now the newest
    changes = store.transact(lambda tx: wallet.folded(tx, keep=10, keep_wallets=2))
    assert deleted(changes, "wallets") == ["shop:mid"]
    assert {c.key.rsplit("|", 1)[0] for c in changes if c.namespace == "ledger" and isinstance(c, Delete)} == {
        "shop:mid",  # every entry of the forgotten wallet
        "shop:new",  # folded: entries beyond the newest 10
        "shop:old",
    }
    store.transact(lambda tx: tx.apply(changes))
    assert sorted(store.snapshot("wallets")) == ["bank:alone", "shop:*", "shop:new", "shop:old"]
    assert ledger_of(store, "shop:mid") == []
    for key in ("shop:new", "shop:old"):  # the kept ones still fold, and still sum to their balance
        entries = ledger_of(store, key)
        assert len(entries) == 11 and entries[0]["type"] == "balance_forward"
        assert sum(e["amount_micros"] for e in entries) == store.snapshot("wallets")[key]["balance_micros"]
    assert store.transact(lambda tx: wallet.folded(tx, keep=10)) == []  # no bound on wallets: none forgotten


def test_records_of_the_callers_who_created_least_recently_go() -> None:
    store = filled(
        resources={
            **{f"pets|k1|p{seq}": {"seq": seq, "data": {}} for seq in (1, 2, 3)},
            "pets|k2|p4": {"seq": 4, "data": {}},
            **{f"pets|k3|p{seq}": {"seq": seq, "data": {}} for seq in (5, 6)},
            "pets|*|p0": {"seq": 0, "data": {}},  # every caller's (`per_key: false`): never a caller to forget
            "orders|k1|o1": {"seq": 1, "data": {}},  # another collection, no API named: ranked apart
        },
        resource_ids={"pets|p2": ["pets|k1|p2"], "pets|p5": ["pets|k3|p5"]},
    )
    changes = store.transact(lambda tx: resources.evicted(tx, keep=4, keep_callers=2))
    assert deleted(changes, "resources") == ["pets|k1|p1", "pets|k1|p2", "pets|k1|p3"]
    assert deleted(changes, "resource_ids") == ["pets|p2"]  # the index forgets them too; k3's entry stays
    assert deleted(store.transact(lambda tx: resources.evicted(tx, keep=4)), "resources") == [
        "pets|*|p0",  # without the bound on callers: the collection's oldest beyond 4, whoever's
        "pets|k1|p1",
        "pets|k1|p2",
    ]


def test_callers_are_ranked_per_api_across_its_collections_and_seeding_marks_go_with_them() -> None:
    store = filled(
        resources={
            "pets|k1|1": {"seq": 1, "created_ts": 0.0, "data": {}},  # seeded: active when its mark says
            "orders|k2|1": {"seq": 1, "created_ts": 25.0, "data": {}},
            "orders|k3|2": {"seq": 2, "created_ts": 0.0, "data": {}},
            "other|k1|1": {"seq": 1, "created_ts": 0.0, "data": {}},
        },
        resource_seeded={
            'pets|k1|{"owner": "a"}': {"of": "pets|k1", "at": 10.0},
            'pets|k1|{"owner": "b"}': {"of": "pets|k1", "at": 30.0},
            'pets|k1|{"owner": "c|{x}"}': True,  # written before marks said whose and when: found by its key
            "orders|k2|{}": {"of": "orders|k2", "at": 20.0},
            "orders|k3|{}": {"of": "orders|k3", "at": 40.0},
            "other|k1|{}": {"of": "other|k1", "at": 1.0},  # another API's: its one caller stays
        },
    )
    apis = {"pets": "shop", "orders": "shop", "other": "zoo"}
    changes = store.transact(lambda tx: resources.evicted(tx, keep=2, keep_callers=2, collection_apis=apis))
    # shop's callers by their newest create or seeding in any of its collections: k3 (40), k1 (30), k2 (25)
    assert deleted(changes, "resources") == ["orders|k2|1"]
    assert deleted(changes, "resource_seeded") == [
        "orders|k2|{}",  # with its caller
        'pets|k1|{"owner": "a"}',  # beyond shop's newest 2 marks (k3's and k1's b) …
        'pets|k1|{"owner": "c|{x}"}',  # … as a mark written before marks had times is (the oldest)
    ]
    # Ranked per collection (no API named for them), orders keeps k2 and k3 and pets its one caller.
    per_collection = store.transact(lambda tx: resources.evicted(tx, keep=3, keep_callers=2))
    assert deleted(per_collection, "resources") == []
    assert deleted(per_collection, "resource_seeded") == []


def test_rate_limit_buckets_beyond_the_most_recently_used_callers_go() -> None:
    store = filled(
        buckets={
            "shop:a": {"updated": 100.0, "window_s": 10},
            "shop:b": {"updated": 300.0, "window_s": 10},
            "shop:c": {"updated": 200.0, "window_s": 10},
            "shop:*": {"updated": 50.0, "window_s": 10},  # per API: every caller's
            "*:*": {"updated": 60.0, "window_s": 10},  # global
            "bank:a": {"updated": 10.0, "window_s": 10},
        }
    )
    changes = store.transact(lambda tx: rate_limit.idle(tx, now=400, max_age_s=3600, keep_callers=2))
    assert [change.key for change in changes] == ["shop:a"]


def test_a_ledger_entry_listed_then_gone_before_it_is_read_is_left_to_the_next_sweep() -> None:
    # On a shared store another worker's sweep may delete an entry between this sweep's listing and its read.
    store = StateStore.open()
    charged(store, "shop:a", "2026-12-01T00:00:01Z", charges=5)

    class GoneBeforeRead:
        def __init__(self, tx: Any) -> None:
            self.tx = tx

        def keys(self, namespace: str, prefix: str = "") -> list[str]:
            return list(self.tx.keys(namespace, prefix))

        def get_many(self, namespace: str, keys: list[str]) -> dict[str, Any]:
            found = dict(self.tx.get_many(namespace, keys))
            found.pop("shop:a|000000001", None)
            return found

    assert store.transact(lambda tx: wallet.folded(GoneBeforeRead(tx), keep=2)) == []
    assert len(store.transact(lambda tx: wallet.folded(tx, keep=2))) == 5  # 4 folded away, 1 forward entry
