"""The scenario engine's only mutable object: a namespaced key → JSON value store.

Two backends behind one interface: memory (the default) and SQLite (`--state FILE`, which
survives a restart). Every read-decide-write happens inside `store.transaction()`, which
holds the store's lock for its whole duration (and, for SQLite, a `BEGIN IMMEDIATE`
transaction), so two concurrent charges can never both see the same balance: no lost
update, no overspent wallet. Writes inside a transaction are buffered and applied only when
it ends without an exception, so a failed decision leaves the state as it was.

Namespaces used by the effects: wallets, ledger, jobs, resources, buckets, calls, hits,
scenario_state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

_MISSING = object()


def _copy(value: Any) -> Any:
    """A deep copy of a JSON value, several times faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {k: _copy(v) if isinstance(v, (dict, list)) else v for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


def layered_items(
    found: dict[str, Any],
    pending: dict[tuple[str, str], Any],
    namespace: str,
    prefix: str,
    deleted: object,
    copy: Any = lambda value: value,
) -> list[tuple[str, Any]]:
    """A base's items with pending writes and deletes (marked `deleted`) laid over them, sorted by key."""
    for (ns, key), value in pending.items():
        if ns == namespace and key.startswith(prefix):
            if value is deleted:
                found.pop(key, None)
            else:
                found[key] = copy(value)
    return sorted(found.items())


@dataclass(frozen=True)
class Put:
    namespace: str
    key: str
    value: Any


@dataclass(frozen=True)
class Delete:
    namespace: str
    key: str


Mutation = Put | Delete


class StateView(Protocol):
    """What a pure stage may do with the state: read it."""

    def get(self, namespace: str, key: str, default: Any = None) -> Any: ...

    def items(self, namespace: str, prefix: str = "") -> list[tuple[str, Any]]: ...


class Transaction:
    """Reads see the backend plus this transaction's own pending writes."""

    def __init__(self, backend: _Backend) -> None:
        self._backend = backend
        self._pending: dict[tuple[str, str], Any] = {}  # value, or _MISSING for a delete

    def get(self, namespace: str, key: str, default: Any = None) -> Any:
        pending = self._pending.get((namespace, key), _MISSING)
        if pending is not _MISSING:
            return _copy(pending) if pending is not _DELETED else default
        value = self._backend.read(namespace, key)
        return default if value is _MISSING else value

    def items(self, namespace: str, prefix: str = "") -> list[tuple[str, Any]]:
        return layered_items(
            dict(self._backend.scan(namespace, prefix)), self._pending, namespace, prefix, _DELETED, _copy
        )

    def put(self, namespace: str, key: str, value: Any) -> None:
        self._pending[(namespace, key)] = _copy(value)

    def delete(self, namespace: str, key: str) -> None:
        self._pending[(namespace, key)] = _DELETED

    def apply(self, mutations: list[Mutation] | tuple[Mutation, ...]) -> None:
        for mutation in mutations:
            if isinstance(mutation, Put):
                self.put(mutation.namespace, mutation.key, mutation.value)
            else:
                self.delete(mutation.namespace, mutation.key)

    def _commit(self) -> None:
        self._backend.write(self._pending)


_DELETED = object()


class _Backend(Protocol):
    def read(self, namespace: str, key: str) -> Any: ...

    def scan(self, namespace: str, prefix: str) -> Iterator[tuple[str, Any]]: ...

    def write(self, changes: dict[tuple[str, str], Any]) -> None: ...

    def clear(self, namespaces: tuple[str, ...] | None) -> None: ...

    def begin(self) -> None: ...

    def rollback(self) -> None: ...


class StateStore:
    """One interface for both backends; use `StateStore.open(path_or_None)`."""

    def __init__(self, backend: _Backend, description: str) -> None:
        self._backend = backend
        self._lock = threading.RLock()
        self.description = description

    @classmethod
    def open(cls, path: Path | None = None) -> StateStore:
        if path is None:
            return cls(_MemoryBackend(), "memory")
        return cls(_SqliteBackend(path), f"sqlite:{path}")

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._lock:
            self._backend.begin()
            tx = Transaction(self._backend)
            try:
                yield tx
                tx._commit()
            except BaseException:
                self._backend.rollback()
                raise

    def snapshot(self, namespace: str, prefix: str = "") -> dict[str, Any]:
        with self.transaction() as tx:
            return dict(tx.items(namespace, prefix))

    def reset(self, namespaces: tuple[str, ...] | None = None) -> None:
        with self._lock:
            self._backend.clear(namespaces)


class _MemoryBackend:
    def __init__(self) -> None:
        self._data: dict[str, dict[str, Any]] = {}

    def read(self, namespace: str, key: str) -> Any:
        value = self._data.get(namespace, {}).get(key, _MISSING)
        return value if value is _MISSING else _copy(value)

    def scan(self, namespace: str, prefix: str) -> Iterator[tuple[str, Any]]:
        for key, value in list(self._data.get(namespace, {}).items()):
            if key.startswith(prefix):
                yield key, _copy(value)

    def write(self, changes: dict[tuple[str, str], Any]) -> None:
        for (namespace, key), value in changes.items():
            bucket = self._data.setdefault(namespace, {})
            if value is _DELETED:
                bucket.pop(key, None)
            else:
                bucket[key] = value

    def clear(self, namespaces: tuple[str, ...] | None) -> None:
        if namespaces is None:
            self._data.clear()
        for namespace in namespaces or ():
            self._data.pop(namespace, None)

    def begin(self) -> None:
        pass

    def rollback(self) -> None:
        pass  # writes are buffered in the Transaction; nothing reached the data


class _SqliteBackend:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS state (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
            " PRIMARY KEY (namespace, key))"
        )

    def read(self, namespace: str, key: str) -> Any:
        row = self._db.execute("SELECT value FROM state WHERE namespace=? AND key=?", (namespace, key)).fetchone()
        return _MISSING if row is None else json.loads(row[0])

    def scan(self, namespace: str, prefix: str) -> Iterator[tuple[str, Any]]:
        rows = self._db.execute(
            "SELECT key, value FROM state WHERE namespace=? AND substr(key, 1, ?)=? ORDER BY key",
            (namespace, len(prefix), prefix),
        ).fetchall()
        for key, value in rows:
            yield key, json.loads(value)

    def write(self, changes: dict[tuple[str, str], Any]) -> None:
        for (namespace, key), value in changes.items():
            if value is _DELETED:
                self._db.execute("DELETE FROM state WHERE namespace=? AND key=?", (namespace, key))
            else:
                self._db.execute(
                    "INSERT INTO state(namespace, key, value) VALUES(?,?,?)"
                    " ON CONFLICT(namespace, key) DO UPDATE SET value=excluded.value",
                    (namespace, key, json.dumps(value, separators=(",", ":"))),
                )
        self._db.execute("COMMIT")

    def begin(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def clear(self, namespaces: tuple[str, ...] | None) -> None:
        if namespaces is None:
            self._db.execute("DELETE FROM state")
        for namespace in namespaces or ():
            self._db.execute("DELETE FROM state WHERE namespace=?", (namespace,))
