"""The store's shared backends: Redis transactions retry on conflict and never lose an update."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from mock.scenario.store import Put, StateConflict, StateStore, StateUnavailable, Transaction
from tests.redis_server import command_counts, count_round_trips, running_redis


def increment(tx: Transaction) -> int:
    value = int(tx.get("counters", "hits", 0)) + 1
    tx.put("counters", "hits", value)
    return value


def hammer(stores: list[StateStore], per_thread: int) -> None:
    threads = [
        threading.Thread(target=lambda s=store: [s.transact(increment) for _ in range(per_thread)]) for store in stores
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_redis_increments_from_competing_clients_are_never_lost() -> None:
    with running_redis() as url:
        stores = [StateStore.open(url) for _ in range(4)]  # four clients, as four processes would be
        hammer(stores, 100)
        assert stores[0].snapshot("counters") == {"hits": 400}


def test_sqlite_increments_from_competing_connections_are_never_lost(tmp_path: Path) -> None:
    stores = [StateStore.open(tmp_path / "state.db") for _ in range(3)]
    hammer(stores, 50)
    assert stores[0].snapshot("counters") == {"hits": 150}


def test_redis_conflict_leaves_nothing_written_and_is_reported() -> None:
    with running_redis() as url:
        first, second = StateStore.open(url), StateStore.open(url)
        with pytest.raises(StateConflict), first.transaction() as tx:
            tx.get("wallets", "a")
            second.transact(lambda other: other.put("wallets", "a", {"balance": 1}))
            tx.put("wallets", "a", {"balance": 99})
            tx.put("ledger", "a|1", {"amount": 99})
        assert first.snapshot("wallets") == {"a": {"balance": 1}}
        assert first.snapshot("ledger") == {}


def test_redis_items_reset_and_prefixes() -> None:
    with running_redis() as url:
        store = StateStore.open(url)
        store.transact(lambda tx: [tx.put("ledger", f"k|{i}", i) for i in range(3)] and tx.put("ledger", "z|0", 9))
        assert store.snapshot("ledger", "k|") == {"k|0": 0, "k|1": 1, "k|2": 2}
        store.transact(lambda tx: tx.delete("ledger", "k|1"))
        assert list(store.snapshot("ledger", "k|")) == ["k|0", "k|2"]
        store.reset(("ledger",))
        assert store.snapshot("ledger") == {}


@pytest.mark.parametrize(
    ("location", "problem"),
    [("http://127.0.0.1:1/x", "unknown scheme 'http'"), ("redis://127.0.0.1:1/0", "cannot reach Redis")],
)
def test_locations_it_cannot_use_are_refused_in_one_line(location: str, problem: str) -> None:
    with pytest.raises(StateUnavailable) as refused:
        StateStore.open(location)
    assert problem in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize("backend", ["memory", "sqlite", "redis"])
def test_counters_from_competing_clients_count_every_call(backend: str, tmp_path: Path) -> None:
    def check(location: str | Path | None) -> None:
        # memory: three threads on one store (its counters bypass transactions); else three clients
        stores = [StateStore.open()] * 3 if location is None else [StateStore.open(location) for _ in range(3)]
        threads = [
            threading.Thread(target=lambda s=store: [s.increment("calls", "op") for _ in range(60)]) for store in stores
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert stores[0].snapshot("calls") == {"op": 60 * len(stores)}

    if backend == "redis":
        with running_redis() as url:
            check(url)
    else:
        check(None if backend == "memory" else tmp_path / "state.db")


def test_redis_writes_to_other_entries_do_not_conflict() -> None:
    with running_redis() as url:
        first, second = StateStore.open(url), StateStore.open(url)
        with first.transaction() as tx:
            tx.get("wallets", "a")
            second.transact(lambda other: other.put("wallets", "b", {"balance": 1}))  # another wallet
            tx.put("wallets", "a", {"balance": 2})
        assert first.snapshot("wallets") == {"a": {"balance": 2}, "b": {"balance": 1}}


def test_redis_an_unwatched_listing_conflicts_only_when_an_entry_it_changes_changed() -> None:
    """The retention sweep lists whole namespaces while other workers add to them: with `watch_listings`
    False an entry added meanwhile is no conflict (the sweep only deletes entries it read), nor one it read and
    leaves alone; one it deletes that changed meanwhile is."""
    with running_redis() as url:
        sweeper, other = StateStore.open(url), StateStore.open(url)
        sweeper.transact(lambda tx: [tx.put("ledger", f"w|{i}", i) for i in range(3)])
        with sweeper.transaction(shared_reads=True, watch_listings=False) as tx:
            assert [key for key, _ in tx.items("ledger")] == ["w|0", "w|1", "w|2"]
            other.transact(lambda o: o.put("ledger", "w|3", 3))
            tx.delete("ledger", "w|0")
        assert sorted(sweeper.snapshot("ledger")) == ["w|1", "w|2", "w|3"]
        with pytest.raises(StateConflict), sweeper.transaction() as tx:  # watched, as by default: a conflict
            tx.items("ledger")
            other.transact(lambda o: o.put("ledger", "w|4", 4))
            tx.delete("ledger", "w|1")
        with pytest.raises(StateConflict), sweeper.transaction(watch_listings=False) as tx:
            tx.items("ledger")
            other.transact(lambda o: o.put("ledger", "w|2", 22))
            tx.delete("ledger", "w|2")
        with sweeper.transaction(watch_listings=False) as tx:
            tx.items("ledger")
            other.transact(lambda o: o.put("ledger", "w|3", 33))  # read, and left alone
            tx.delete("ledger", "w|4")
        assert sweeper.snapshot("ledger") == {"w|1": 1, "w|2": 22, "w|3": 33}


def test_redis_a_transaction_reading_by_key_watches_nothing_and_commits_in_one_step() -> None:
    # Nearly every request (a charge, a job, a record by id) reads entries by key: one GET each, then one script
    # that checks them and writes, instead of a WATCH and a GET each and a MULTI/EXEC.
    with running_redis() as url:
        store = StateStore.open(url)
        store.transact(lambda tx: tx.put("wallets", "a", {"balance": 5}))
        before = command_counts(store)

        def charge(tx: Transaction) -> None:
            wallet = tx.get("wallets", "a")
            tx.put("wallets", "a", {"balance": wallet["balance"] - 1})
            tx.put("ledger", "a|1", {"amount": -1})

        store.transact(charge)
        after = command_counts(store)
        assert after.get("watch", 0) == before.get("watch", 0)
        assert after.get("multi", 0) == before.get("multi", 0)
        assert after["get"] - before.get("get", 0) == 2  # the read, and the script's check of it
        assert after["evalsha"] - before.get("evalsha", 0) + after.get("eval", 0) - before.get("eval", 0) == 1
        assert store.snapshot("wallets") == {"a": {"balance": 4}} and store.snapshot("ledger") == {
            "a|1": {"amount": -1}
        }


def test_redis_entries_read_ahead_are_one_round_trip_and_checked_at_commit_like_any_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with running_redis() as url:
        first, second = StateStore.open(url), StateStore.open(url)
        first.transact(lambda tx: tx.put("wallets", "a", {"balance": 5}))
        sent = count_round_trips(monkeypatch)
        with pytest.raises(StateConflict), first.transaction() as tx:
            tx.read_ahead([("wallets", "a"), ("recent", "slot|1"), ("wallets", "absent")])
            assert sent == [1]  # one MGET for all three
            # read as they were then, without another round trip
            assert tx.get("wallets", "a") == {"balance": 5} and tx.get("recent", "slot|1") is None
            assert sent == [1]
            monkeypatch.undo()
            second.transact(lambda other: other.put("recent", "slot|1", "job-9"))
            tx.put("wallets", "a", {"balance": 4})
        # an entry read ahead, even as absent, is checked at commit: another client's write to it is a conflict
        assert first.snapshot("wallets") == {"a": {"balance": 5}}
        # the store's own pending writes are not read ahead again
        with first.transaction() as tx:
            tx.put("wallets", "b", {"balance": 1})
            sent = count_round_trips(monkeypatch)
            tx.read_ahead([("wallets", "b")])
            assert sent == [0] and tx.get("wallets", "b") == {"balance": 1}


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_local_stores_read_nothing_ahead(backend: str, tmp_path: Path) -> None:
    store = StateStore.open(None if backend == "memory" else tmp_path / "state.db")
    assert not store.reads_ahead
    store.transact(lambda tx: tx.put("wallets", "a", {"balance": 5}))
    with store.transaction() as tx:
        tx.read_ahead([("wallets", "a")])
        assert tx.get("wallets", "a") == {"balance": 5}


def test_redis_an_entry_read_as_absent_conflicts_when_another_client_makes_it() -> None:
    with running_redis() as url:
        first, second = StateStore.open(url), StateStore.open(url)
        with pytest.raises(StateConflict), first.transaction() as tx:
            assert tx.get("wallets", "new") is None
            second.transact(lambda other: other.put("wallets", "new", {"balance": 7}))
            tx.put("wallets", "new", {"balance": 5})
        assert first.snapshot("wallets") == {"new": {"balance": 7}}


def test_redis_an_entry_read_by_key_conflicts_in_a_transaction_that_also_lists() -> None:
    with running_redis() as url:
        first, second = StateStore.open(url), StateStore.open(url)
        first.transact(lambda tx: tx.put("wallets", "a", {"balance": 1}))
        with pytest.raises(StateConflict), first.transaction() as tx:
            tx.get("wallets", "a")
            second.transact(lambda other: other.put("wallets", "a", {"balance": 2}))
            tx.items("ledger")
            tx.put("ledger", "a|0", {"amount": 0})
        unchanged = StateStore.open(url)
        with unchanged.transaction() as tx:  # nothing changed in between: the listing goes ahead
            tx.get("wallets", "a")
            tx.items("ledger")
            tx.put("ledger", "a|1", {"amount": 1})
        assert first.snapshot("ledger") == {"a|1": {"amount": 1}}


def test_redis_a_commit_that_listed_and_a_commit_by_key_see_each_others_writes() -> None:
    with running_redis() as url:
        lister, writer = StateStore.open(url), StateStore.open(url)
        lister.transact(lambda tx: tx.put("wallets", "a", {"balance": 1}))
        with pytest.raises(StateConflict), lister.transaction() as tx:  # a listing, then a read
            tx.items("ledger")
            tx.get("wallets", "a")
            writer.transact(lambda other: other.put("wallets", "a", {"balance": 2}))  # by key
            tx.put("wallets", "a", {"balance": 10})
        with pytest.raises(StateConflict), writer.transaction() as tx:  # by key, against one that listed
            tx.get("wallets", "a")
            lister.transact(lambda other: [other.items("ledger"), other.put("wallets", "a", {"balance": 3})])
            tx.put("wallets", "a", {"balance": 20})
        assert lister.snapshot("wallets") == {"a": {"balance": 3}}


def test_a_peek_counts_a_call_and_reads_ahead_in_the_same_round_trip_only_on_redis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_redis() as url:
        store = StateStore.open(url)
        store.transact(lambda tx: tx.put("admin", "generation", 4))
        store.transact(lambda tx: tx.put("wallets", "a", {"balance": 5}))
        before = command_counts(store)
        assert store.peek_and_count("admin", "generation", "calls", "op") == (4, 1, None)
        assert store.peek_and_count("admin", "absent", "calls", "op") == (None, 2, None)
        # the entries a decision will read, read in the same round trip, to be taken as read by its transaction
        value, count, early = store.peek_and_count("admin", "generation", "calls", "op", [("wallets", "a")])
        after = command_counts(store)
        assert (value, count) == (4, 3) and early is not None
        assert after["exec"] - before.get("exec", 0) == 3  # one MULTI/EXEC each: the read and the count together
        assert store.snapshot("calls") == {"op": 3}
        sent = count_round_trips(monkeypatch)
        with pytest.raises(StateConflict), store.transaction() as tx:
            tx.read_ahead([("wallets", "a")], early)
            assert tx.get("wallets", "a") == {"balance": 5} and sent == [0]  # no round trip: read early
            StateStore.open(url).transact(lambda other: other.put("wallets", "a", {"balance": 9}))
            tx.put("wallets", "a", {"balance": 4})
        assert store.snapshot("wallets") == {"a": {"balance": 9}}  # read early, still checked at commit
    sqlite = StateStore.open(tmp_path / "state.db")
    sqlite.transact(lambda tx: tx.put("admin", "generation", 4))
    assert sqlite.peek_and_count("admin", "generation", "calls", "op", [("wallets", "a")]) == (4, None, None)
    assert sqlite.snapshot("calls") == {}


@pytest.mark.parametrize("backend", ["memory", "sqlite", "redis"])
def test_get_many_reads_what_exists_with_the_transactions_own_writes_laid_over(backend: str, tmp_path: Path) -> None:
    def check(store: StateStore) -> None:
        store.transact(lambda tx: [tx.put("jobs", key, {"n": n}) for n, key in enumerate(["a", "b", "c"])])

        def read(tx: Transaction) -> dict[str, object]:
            tx.put("jobs", "d", {"n": 3})
            tx.delete("jobs", "b")
            return tx.get_many("jobs", ["a", "b", "d", "missing"])

        assert store.transact(read) == {"a": {"n": 0}, "d": {"n": 3}}

    if backend == "redis":
        with running_redis() as url:
            check(StateStore.open(url))
    else:
        check(StateStore.open(None if backend == "memory" else tmp_path / "state.db"))


def test_redis_entries_read_together_conflict_as_entries_read_one_by_one() -> None:
    with running_redis() as url:
        first, second = StateStore.open(url), StateStore.open(url)
        first.transact(lambda tx: [tx.put("jobs", key, {"n": 0}) for key in ("a", "b")])
        for listing_first in (False, True):  # by key alone, and with a listing
            with pytest.raises(StateConflict), first.transaction() as tx:
                if listing_first:
                    tx.items("ledger")
                assert tx.get_many("jobs", ["a", "b"]) == {"a": {"n": 0}, "b": {"n": 0}}
                second.transact(lambda other: other.put("jobs", "b", {"n": 1}))
                tx.delete("jobs", "a")
            first.transact(lambda tx: tx.put("jobs", "b", {"n": 0}))
        assert sorted(first.snapshot("jobs")) == ["a", "b"]


def finished_jobs(count: int, now: float) -> list[Any]:
    """Writes of `count` jobs that finished at `now` + 0, 1, …, each noted in the finished jobs' index."""
    from mock.scenario.effects import jobs

    writes: list[Any] = []
    for i in range(count):
        job = {"key": f"j{i:04d}", "status": "completed", "created_ts": now, "finished_ts": now + i}
        writes += [Put("jobs", job["key"], job), Put(jobs.FINISHED, job["key"], now + i)]
    return writes


def test_redis_a_sweep_that_forgets_many_jobs_reads_them_in_a_few_round_trips(monkeypatch: pytest.MonkeyPatch) -> None:
    from mock.scenario.engine import ScenarioEngine
    from mock.scenario.retention import Retention

    with running_redis() as url:
        engine = ScenarioEngine({}, store=StateStore.open(url), retention=Retention(finished_jobs=10))
        assert engine.sweep() == 0  # the first sweep (which reads every job) done
        engine.store.transact(lambda tx: tx.apply(finished_jobs(600, engine.now())))
        sent = count_round_trips(monkeypatch)
        assert engine.sweep() == 2 * 590
        assert sent[0] < 20  # one job read at a time took two round trips each (WATCH, GET): 1,180 here
        assert len(engine.state("jobs")["jobs"]) == 10


def test_redis_a_sweep_watches_nothing() -> None:
    # WATCH costs Redis time growing with the square of the keys one client watches: 2.8 s for a sweep of 12,000.
    from mock.scenario.engine import ScenarioEngine
    from mock.scenario.retention import Retention

    with running_redis() as url:
        engine = ScenarioEngine({}, store=StateStore.open(url), retention=Retention(finished_jobs=10))
        engine.store.transact(lambda tx: tx.apply(finished_jobs(300, engine.now())))
        before = command_counts(engine.store)
        assert engine.sweep() == 2 * 290
        assert command_counts(engine.store).get("watch", 0) == before.get("watch", 0)


def test_redis_a_list_of_many_entries_takes_a_few_round_trips_and_an_added_one_conflicts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with running_redis() as url:
        store, other = StateStore.open(url), StateStore.open(url)
        store.transact(lambda tx: [tx.put("resources", f"pets|k|{i:04d}", {"id": i}) for i in range(2_000)])
        sent = count_round_trips(monkeypatch)
        assert len(store.transact(lambda tx: tx.items("resources", "pets|k|"))) == 2_000
        assert sent == [1]  # the key set and the entries in one script, nothing to commit
        with pytest.raises(StateConflict), store.transaction() as tx:  # a list that writes: an added entry conflicts
            tx.items("resources", "pets|k|")
            other.transact(lambda o: o.put("resources", "pets|k|9999", {"id": 9999}))
            tx.put("resources", "pets|k|count", {"n": 2_000})
        assert len(store.snapshot("resources")) == 2_001


def test_redis_a_sweep_forgetting_a_wallet_its_caller_just_used_again_conflicts() -> None:
    """A sweep forgets the least recently active callers' wallets; one whose caller came back between the sweep's
    read and its commit is a conflict (the sweep runs again later), never a wallet deleted under a new entry."""
    from mock.scenario.effects import wallet

    def charge(store: StateStore, key: str, at: str) -> None:
        def write(tx: Transaction) -> None:
            current, changes = wallet.load_wallet(tx, key, {"start_balance_usd": 5.0}, at)
            tx.apply(changes)
            tx.apply(wallet._entry(tx.get("wallets", key), -1000, "charge", "x", at)[1])

        store.transact(write)

    with running_redis() as url:
        sweeper, other = StateStore.open(url), StateStore.open(url)
        charge(sweeper, "shop:idle", "2026-12-01T00:00:01Z")
        charge(sweeper, "shop:busy", "2026-12-01T00:00:02Z")
        with pytest.raises(StateConflict), sweeper.transaction(shared_reads=True, watch_listings=False) as tx:
            changes = wallet.folded(tx, keep=10, keep_wallets=1)
            charge(other, "shop:idle", "2026-12-01T00:00:03Z")  # the idle caller is back
            tx.apply(changes)
        assert sorted(sweeper.snapshot("wallets")) == ["shop:busy", "shop:idle"]
        sweeper.transact(lambda tx: tx.apply(wallet.folded(tx, keep=10, keep_wallets=1)))  # now the busy one is idle
        assert sorted(sweeper.snapshot("wallets")) == ["shop:idle"]
        assert [entry["type"] for entry in sweeper.snapshot("ledger").values()] == ["trial_credit", "charge", "charge"]


@pytest.mark.parametrize("backend", ["memory", "sqlite", "redis"])
def test_keys_list_what_items_list_without_the_entries(backend: str, tmp_path: Path) -> None:
    def check(store: StateStore) -> None:
        store.transact(lambda tx: [tx.put("ledger", key, {"k": key}) for key in ["w|2", "w|1", "v|1", "w|3"]])

        def listed(tx: Transaction) -> tuple[list[str], list[str], list[str]]:
            before = tx.keys("ledger", "w|")
            tx.put("ledger", "w|4", {})
            tx.delete("ledger", "w|2")
            return before, tx.keys("ledger", "w|"), [key for key, _ in tx.items("ledger", "w|")]

        before, after, by_items = store.transact(listed)
        assert before == ["w|1", "w|2", "w|3"]
        assert after == by_items == ["w|1", "w|3", "w|4"]
        assert store.transact(lambda tx: tx.keys("nothing")) == []

    if backend == "redis":
        with running_redis() as url:
            check(StateStore.open(url))
    else:
        check(StateStore.open(None if backend == "memory" else tmp_path / "state.db"))


@pytest.mark.parametrize("backend", ["memory", "sqlite", "redis"])
def test_shared_reads_decode_each_stored_text_once_and_copies_stay_their_readers(backend: str, tmp_path: Path) -> None:
    """A list on Redis or SQLite decoded every record it read: a reader that promised not to change what it is
    handed (`shared`) now gets the one value decoded from that text; a reader that may change it gets its own, and
    a value written anew is decoded anew."""

    def check(store: StateStore) -> None:
        store.transact(lambda tx: [tx.put("records", key, {"tags": [key]}) for key in ("a", "b")])
        first = store.transact(lambda tx: dict(tx.items("records", shared=True)))
        again = store.transact(lambda tx: dict(tx.items("records", shared=True)))
        assert first == again == {"a": {"tags": ["a"]}, "b": {"tags": ["b"]}}
        if backend != "memory":  # memory shares what it holds anyway
            assert first["a"] is again["a"]
        own = store.transact(lambda tx: dict(tx.items("records")))
        assert own["a"] is not first["a"]
        own["a"]["tags"].append("changed by its reader")
        assert store.transact(lambda tx: dict(tx.items("records", shared=True)))["a"] == {"tags": ["a"]}
        store.transact(lambda tx: tx.put("records", "a", {"tags": ["a", "new"]}))
        assert store.transact(lambda tx: dict(tx.items("records", shared=True)))["a"] == {"tags": ["a", "new"]}

    if backend == "redis":
        with running_redis() as url:
            check(StateStore.open(url))
    else:
        check(StateStore.open(None if backend == "memory" else tmp_path / "state.db"))
