"""mock.scenario.effects.singletons: what retention forgets of the documents it keeps."""

from __future__ import annotations

from mock.scenario.effects.singletons import DOCUMENTS, evicted
from mock.scenario.store import Delete, Put, StateStore


def test_retention_forgets_each_apis_oldest_documents_beyond_the_newest_kept() -> None:
    store = StateStore.open()
    with store.transaction() as tx:
        for n in range(5):
            tx.apply([Put(DOCUMENTS, f"a|tok|/repos/{{r}}/pages|r={n}", {"document": {}, "at": float(n)})])
        tx.apply([Put(DOCUMENTS, "b|tok|/settings|", {"document": {}, "at": 0.0})])
    with store.transaction() as tx:
        gone = evicted(tx, keep=2)
    assert sorted(change.key for change in gone if isinstance(change, Delete)) == [
        f"a|tok|/repos/{{r}}/pages|r={n}" for n in range(3)
    ]
