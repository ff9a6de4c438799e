"""What retention forgets of the per-path state effects keep: singleton documents (mock.scenario.effects.singletons)
and records kept by their delete (mock.scenario.effects.deletions), each API's oldest beyond the newest kept."""

from __future__ import annotations

import pytest

from mock.scenario.effects import deletions, singletons
from mock.scenario.retention import Retention, sweep
from mock.scenario.store import Delete, Put, StateStore


@pytest.mark.parametrize(
    ("namespace", "entry"),
    [(singletons.DOCUMENTS, {"document": {}}), (deletions.DELETED, {})],
)
def test_retention_forgets_each_apis_oldest_entries_beyond_the_newest_kept(namespace: str, entry: dict) -> None:
    store = StateStore.open()
    with store.transaction() as tx:
        for n in range(5):
            tx.apply([Put(namespace, f"a|tok|/repos/{{r}}/pages|r={n}", {**entry, "at": float(n)})])
        tx.apply([Put(namespace, "b|tok|/settings|", {**entry, "at": 0.0})])
    with store.transaction() as tx:
        # the sweep every server runs: with `records` 2, each API keeps its newest two
        gone = sweep(tx, now=10.0, retention=Retention(records=2))
    assert sorted(change.key for change in gone if isinstance(change, Delete) and change.namespace == namespace) == [
        f"a|tok|/repos/{{r}}/pages|r={n}" for n in range(3)
    ]
