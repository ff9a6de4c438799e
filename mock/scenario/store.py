"""The scenario engine's only mutable object: a namespaced key → JSON value store.

Three backends behind one interface: memory (the default), SQLite (`--state FILE`, which
survives a restart and is shared by the workers of one machine) and Redis
(`--state redis://host:port/db`, shared by workers and replicas). Every read-decide-write
goes through `store.transact(fn)`: `fn` reads through a `Transaction`, and its writes are
buffered and applied only when it returns, so a failed decision leaves the state as it was.

- memory: the store's lock is held for the whole call;
- SQLite: `BEGIN IMMEDIATE` takes the database's write lock (across processes too; a busy
  timeout makes the others wait instead of failing);
- Redis: optimistic: the writes are applied only if every entry read (and the key set of every namespace
  listed) is unchanged, checked by a script in the same atomic step (see `_RedisBackend`); when another
  client changed one in between, `fn` runs again on fresh data. Decisions are pure, so running one again
  is safe.

Either way two concurrent charges can never both see the same balance: no lost update, no
overspent wallet, whichever process they reach.

Namespaces used by the effects: wallets, ledger, jobs, finished_jobs, recent_jobs, resources, buckets, calls, hits,
scenario_state.
"""

from __future__ import annotations

import hashlib
import json
import operator
import random
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar, cast
from urllib.parse import urlsplit

from mock.identity_cache import IdentityCache

_MISSING = object()
T = TypeVar("T")

# Redis: how often a conflicting transaction is tried again before the request fails.
MAX_ATTEMPTS = 1000


# Entries read before a transaction began, for it to take as read: Redis's raw values by stored name.
EarlyReads = dict[str, Any] | None


class StateConflict(Exception):
    """Another client changed what this transaction read; its writes were not applied."""


class StateUnavailable(Exception):
    """The `--state` location cannot be used; the message says why, for one line at start-up."""


# Values that are never containers: a copy shares them. Checked by exact type first, as one set look-up,
# since most entries of a stored value are these (a job holds 27 of them and no container).
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _copy(value: Any) -> Any:
    """A deep copy of a JSON value, several times faster than copy.deepcopy: each dict and list is new
    (of the plain type), everything else is shared."""
    if isinstance(value, dict):
        if type(value) is dict and _SCALARS.issuperset(map(type, value.values())):  # no container: checked in C
            return value.copy()
        out = value.copy() if type(value) is dict else dict(value.items())
        for key, item in value.items():
            if type(item) not in _SCALARS and isinstance(item, (dict, list)):
                out[key] = _copy(item)
        return out
    if isinstance(value, list):
        items = list(value)
        for position, item in enumerate(value):
            if type(item) not in _SCALARS and isinstance(item, (dict, list)):
                items[position] = _copy(item)
        return items
    return value


# Stored values decoded once while their text stays the same, for readers that promised never to change what
# they are handed (a list's records, the sweep); the others get values of their own. A list of 5,000 records on
# Redis spent two fifths of its time in json.loads. Bounded: as many entries as a collection keeps by default
# (`--retain-records`), and 8 MB of their text.
_DECODED: IdentityCache[Any] = IdentityCache(max_entries=10_000, max_weight=8_000_000)


def _decoded(raw: str | bytes, shared: bool) -> Any:
    if not shared:
        return json.loads(raw)
    found = _DECODED.get((), raw)  # by the text itself (`extra`), not by identity
    return found if found is not None else _DECODED.put((), json.loads(raw), raw, weight=len(raw))


# Entries sort by key alone (keys are unique in a namespace): comparing the keys, not (key, value) tuples.
_BY_KEY = operator.itemgetter(0)


def _shared(value: Any) -> Any:
    """What a reader that promised never to change it is handed: the value itself."""
    return value


def layered_items(
    found: dict[str, Any],
    pending: dict[tuple[str, str], Any],
    namespace: str,
    prefix: str,
    deleted: object,
    copy: Callable[[Any], Any] = _shared,
) -> list[tuple[str, Any]]:
    """A base's items with pending writes and deletes (marked `deleted`) laid over them, sorted by key."""
    for (ns, key), value in pending.items():
        if ns == namespace and key.startswith(prefix):
            if value is deleted:
                found.pop(key, None)
            else:
                found[key] = copy(value)
    return sorted(found.items(), key=_BY_KEY)


# Named tuples: immutable, and built in a quarter of a frozen dataclass's time (a decision makes several).
class Put(NamedTuple):
    namespace: str
    key: str
    value: Any


class Delete(NamedTuple):
    namespace: str
    key: str


Mutation = Put | Delete


class StateView(Protocol):
    """What a pure stage may do with the state: read it."""

    def get(self, namespace: str, key: str, default: Any = None) -> Any: ...

    def get_many(self, namespace: str, keys: list[str]) -> dict[str, Any]:
        """The entries under these keys that exist, by key: one read (one round trip on Redis), not one per key."""
        ...

    def items(self, namespace: str, prefix: str = "", shared: bool = False) -> list[tuple[str, Any]]:
        """Entries under `prefix`, sorted by key. `shared`: the caller never changes what it is handed and
        orders it itself (a list that reads a whole collection to sort it its own way), so the stored values
        may be handed over without copies, and in the store's order."""
        ...

    def keys(self, namespace: str, prefix: str = "") -> list[str]:
        """The keys `items` would list, sorted, without reading the entries (a sweep reads only those it needs)."""
        ...


class _EmptyView:
    """No state at all: what a decision that keeps none reads."""

    def get(self, namespace: str, key: str, default: Any = None) -> Any:
        return default

    def get_many(self, namespace: str, keys: list[str]) -> dict[str, Any]:
        return {}

    def items(self, namespace: str, prefix: str = "", shared: bool = False) -> list[tuple[str, Any]]:
        return []

    def keys(self, namespace: str, prefix: str = "") -> list[str]:
        return []


EMPTY_VIEW = _EmptyView()


class OverlayView:
    """A state view that also sees the changes decided so far in this decision."""

    def __init__(self, base: StateView) -> None:
        self._base = base
        self._changes: dict[tuple[str, str], Any] = {}
        self._changed: set[str] = set()  # the namespaces those changes are in

    def add(self, mutations: Iterable[Mutation]) -> None:
        for mutation in mutations:
            self._changes[(mutation.namespace, mutation.key)] = (
                mutation.value if isinstance(mutation, Put) else _MISSING
            )
            self._changed.add(mutation.namespace)

    def get(self, namespace: str, key: str, default: Any = None) -> Any:
        if (namespace, key) in self._changes:
            value = self._changes[(namespace, key)]
            return default if value is _MISSING else value
        return self._base.get(namespace, key, default)

    def get_many(self, namespace: str, keys: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        unchanged: list[str] = []
        for key in keys:
            if (namespace, key) in self._changes:
                value = self._changes[(namespace, key)]
                if value is not _MISSING:
                    found[key] = value
            else:
                unchanged.append(key)
        if unchanged:
            found.update(self._base.get_many(namespace, unchanged))
        return found

    def items(self, namespace: str, prefix: str = "", shared: bool = False) -> list[tuple[str, Any]]:
        found = self._base.items(namespace, prefix, shared)
        if namespace not in self._changed:  # nothing to lay over: the base's entries, already sorted
            return found
        return layered_items(dict(found), self._changes, namespace, prefix, _MISSING)

    def keys(self, namespace: str, prefix: str = "") -> list[str]:
        found = self._base.keys(namespace, prefix)
        if namespace not in self._changed:
            return found
        return [key for key, _ in layered_items(dict.fromkeys(found), self._changes, namespace, prefix, _MISSING)]


class Transaction:
    """Reads see the backend plus this transaction's own pending writes.

    Reads are copies, so work that changes a value it read changes nothing until it writes it.
    With `shared_reads`, the work promises never to change what it reads (the retention sweep,
    which reads every entry of a namespace): it is then handed the stored values themselves.
    With `watch_listings` False, what the work decides stays right when a namespace it lists gains
    entries meanwhile, and its changes are right as long as the entries they change are unchanged (the
    sweep deletes only entries it read): on Redis, the commit then conflicts only when an entry it
    changes changed, not whenever another client adds one.
    """

    def __init__(self, backend: _Backend, shared_reads: bool = False, watch_listings: bool = True) -> None:
        self._backend = backend
        self._watch_listings = watch_listings
        self._pending: dict[tuple[str, str], Any] = {}  # value, or _MISSING for a delete
        self._copy: Callable[[Any], Any] = _shared if shared_reads else _copy
        self._shared_reads = shared_reads

    def get(self, namespace: str, key: str, default: Any = None) -> Any:
        pending = self._pending.get((namespace, key), _MISSING)
        if pending is not _MISSING:
            return self._copy(pending) if pending is not _DELETED else default
        value = self._backend.read(namespace, key)
        return default if value is _MISSING else value

    def get_many(self, namespace: str, keys: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        stored: list[str] = []
        for key in keys:
            pending = self._pending.get((namespace, key), _MISSING)
            if pending is _MISSING:
                stored.append(key)
            elif pending is not _DELETED:
                found[key] = self._copy(pending)
        if stored:
            found.update(self._backend.read_many(namespace, stored, not self._shared_reads))
        return found

    def read_ahead(self, entries: list[tuple[str, str]], early: EarlyReads = None) -> None:
        """Read these entries now, together, where each read is a round trip (Redis): `get` then finds them read,
        and the commit checks them as it checks every entry read. `early`: entries read before the transaction
        began (`StateStore.peek_and_count`), taken as read, so checked at commit too; only the others are read.
        Elsewhere reads are local: nothing to do."""
        self._backend.read_ahead([entry for entry in entries if entry not in self._pending], early)

    def items(self, namespace: str, prefix: str = "", shared: bool = False) -> list[tuple[str, Any]]:
        uncopied = shared or self._shared_reads
        found = self._backend.scan(namespace, prefix, not uncopied, self._watch_listings)
        if not self._pending:  # nothing of ours to lay over the stored entries (a sweep: all of a namespace)
            return list(found) if shared else sorted(found, key=_BY_KEY)
        return layered_items(dict(found), self._pending, namespace, prefix, _DELETED, _shared if uncopied else _copy)

    def keys(self, namespace: str, prefix: str = "") -> list[str]:
        listed = self._backend.keys(namespace, prefix, self._watch_listings)
        if not self._pending:  # nothing of ours to lay over (a sweep)
            return sorted(listed)
        return [key for key, _ in layered_items(dict.fromkeys(listed), self._pending, namespace, prefix, _DELETED)]

    def put(self, namespace: str, key: str, value: Any) -> None:
        self._pending[(namespace, key)] = _copy(value)

    def delete(self, namespace: str, key: str) -> None:
        self._pending[(namespace, key)] = _DELETED

    def apply(self, mutations: list[Mutation] | tuple[Mutation, ...]) -> None:
        pending = self._pending  # put and delete, inlined: a decision applies several
        for mutation in mutations:
            if isinstance(mutation, Put):
                pending[(mutation.namespace, mutation.key)] = _copy(mutation.value)
            else:
                pending[(mutation.namespace, mutation.key)] = _DELETED

    def _commit(self) -> None:
        self._backend.write(self._pending)


_DELETED = object()


class _Backend(Protocol):
    reads_ahead: bool  # reads are round trips: `read_ahead` reads several entries in one

    def read(self, namespace: str, key: str) -> Any: ...

    def read_ahead(self, entries: list[tuple[str, str]], early: EarlyReads) -> None:
        """Read these entries as `read` would, all at once, where `reads_ahead` (taking `early` as read); elsewhere
        nothing to do."""
        ...

    def read_many(self, namespace: str, keys: list[str], copy: bool = True) -> dict[str, Any]:
        """The entries of these keys that exist (each read as `read` reads one); `copy` False: the caller will
        not change them (only memory shares them)."""
        ...

    def peek(self, namespace: str, key: str) -> Any:
        """One committed value, outside any transaction, never checked at commit (_MISSING if absent)."""
        ...

    def scan(
        self, namespace: str, prefix: str, copy: bool = True, watch_listing: bool = True
    ) -> Iterable[tuple[str, Any]]:
        """Entries under `prefix`; `copy` False: the caller will not change them (only memory shares them);
        `watch_listing` False: an entry added to the namespace meanwhile is no conflict (only Redis checks;
        memory and SQLite hold the state for the whole transaction)."""
        ...

    def keys(self, namespace: str, prefix: str, watch_listing: bool = True) -> list[str]:
        """The keys `scan` would list, without their entries (listed as `scan` lists them)."""
        ...

    def write(self, changes: dict[tuple[str, str], Any]) -> None: ...

    def clear(self, namespaces: tuple[str, ...] | None) -> None: ...

    def begin(self) -> None: ...

    def rollback(self) -> None: ...


class StateStore:
    """One interface for both backends; use `StateStore.open(path_or_None)`."""

    def __init__(self, backend: _Backend, description: str, shared: bool = False) -> None:
        self._backend = backend
        self._lock = threading.RLock()
        self.description = description
        self.shared = shared  # other processes see the same state (SQLite file, Redis)
        self.reads_ahead = backend.reads_ahead  # reads are round trips: read the entries a decision needs at once

    @classmethod
    def open(cls, location: str | Path | None = None) -> StateStore:
        """None: memory; `redis://host:port/db` (or `rediss://`, `unix://`): Redis; anything else: a SQLite file."""
        if location is None:
            return cls(_MemoryBackend(), "memory")
        text = str(location)
        scheme = urlsplit(text).scheme if "://" in text else ""
        if scheme in ("redis", "rediss", "unix"):
            return cls(_RedisBackend(text), text, shared=True)
        if scheme == "sqlite":
            text = text.split("://", 1)[1]
        elif scheme:
            raise StateUnavailable(
                f"--state {text}: unknown scheme {scheme!r}; give a SQLite file path or redis://host:port/db"
            )
        return cls(_SqliteBackend(Path(text)), f"sqlite:{text}", shared=True)

    def transact(self, work: Callable[[Transaction], T], shared_reads: bool = False, watch_listings: bool = True) -> T:
        """Run `work` against the state and apply its writes atomically; on a Redis conflict, run it again.

        `shared_reads`: `work` never changes a value it reads, so it need not be given copies;
        `watch_listings` False: entries added meanwhile to a namespace `work` lists do not change what it
        decides (see Transaction).
        """
        for attempt in range(MAX_ATTEMPTS):
            try:
                with self.transaction(shared_reads, watch_listings) as tx:
                    return work(tx)
            except StateConflict:
                # Back off a little, at random, so the clients that collided do not collide again.
                time.sleep(random.uniform(0, 0.0005 * min(attempt + 1, 20)))
        raise StateConflict(f"gave up after {MAX_ATTEMPTS} conflicting attempts")

    def transaction(self, shared_reads: bool = False, watch_listings: bool = True) -> _Attempt:
        """One attempt; raises StateConflict where another client won the race (Redis only)."""
        return _Attempt(self._lock, self._backend, shared_reads, watch_listings)

    def increment(self, namespace: str, key: str) -> int:
        """Add one to a counter and return the new count, atomically, without conflicting with anything."""
        if isinstance(self._backend, _RedisBackend):
            return self._backend.increment(namespace, key)
        if isinstance(self._backend, _MemoryBackend):  # under the store's lock: no transaction, no copies
            with self._lock:
                return self._backend.increment(namespace, key)

        def add_one(tx: Transaction) -> int:
            count = int(tx.get(namespace, key, 0)) + 1
            tx.put(namespace, key, count)
            return count

        return self.transact(add_one)

    def peek_and_count(
        self, namespace: str, key: str, counter_namespace: str, counter: str, ahead: Sequence[tuple[str, str]] = ()
    ) -> tuple[Any, int | None, EarlyReads]:
        """`peek(namespace, key)`, and where it costs nothing more, `increment(counter_namespace, counter)` and the
        entries `ahead` read for the transaction to come (`Transaction.read_ahead`): on Redis all in one round
        trip. Elsewhere the count is None (a counter is a transaction of its own in SQLite): the caller
        increments when it needs the count; and nothing is read early."""
        if isinstance(self._backend, _RedisBackend):
            value, count, early = self._backend.peek_and_count(namespace, key, counter_namespace, counter, ahead)
            return None if value is _MISSING else value, count, early
        return self.peek(namespace, key), None, None

    def peek(self, namespace: str, key: str, default: Any = None) -> Any:
        """The committed value of one entry, read without a transaction: cheap, and never a conflict."""
        with self._lock:
            value = self._backend.peek(namespace, key)
        return default if value is _MISSING else value

    def snapshot(self, namespace: str, prefix: str = "") -> dict[str, Any]:
        return self.transact(lambda tx: dict(tx.items(namespace, prefix)))

    def reset(self, namespaces: tuple[str, ...] | None = None) -> None:
        with self._lock:
            self._backend.clear(namespaces)


class _Attempt:
    """One attempt at a transaction, as a context manager: under the store's lock, the writes committed when
    the block ends, rolled back when it raises. A class rather than a generator: every stateful request
    makes one, and this costs a third of what `contextlib.contextmanager` does."""

    __slots__ = ("_lock", "_backend", "_shared_reads", "_watch_listings", "_tx")

    def __init__(self, lock: threading.RLock, backend: _Backend, shared_reads: bool, watch_listings: bool) -> None:
        self._lock = lock
        self._backend = backend
        self._shared_reads = shared_reads
        self._watch_listings = watch_listings

    def __enter__(self) -> Transaction:
        self._lock.acquire()
        try:
            self._backend.begin()
            self._tx = Transaction(self._backend, self._shared_reads, self._watch_listings)
        except BaseException:
            self._lock.release()
            raise
        return self._tx

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        try:
            if kind is not None:
                self._backend.rollback()
                return
            try:
                self._tx._commit()
            except BaseException:
                self._backend.rollback()
                raise
        finally:
            self._lock.release()


_NO_ENTRIES: dict[str, Any] = {}  # what a namespace nothing was written to holds, for reads; never written to


class _MemoryBackend:
    reads_ahead = False

    def __init__(self) -> None:
        # A namespace's entries are made on its first write (`_data[namespace]`, in C); reads do not make them.
        self._data: defaultdict[str, dict[str, Any]] = defaultdict(dict)

    def read_ahead(self, entries: list[tuple[str, str]], early: EarlyReads) -> None:
        pass  # each read is local

    def read(self, namespace: str, key: str) -> Any:
        value = self._data.get(namespace, _NO_ENTRIES).get(key, _MISSING)
        return value if value is _MISSING else _copy(value)

    peek = read

    def read_many(self, namespace: str, keys: list[str], copy: bool = True) -> dict[str, Any]:
        bucket = self._data.get(namespace, _NO_ENTRIES)
        if not copy:
            return {key: bucket[key] for key in keys if key in bucket}
        return {key: _copy(bucket[key]) for key in keys if key in bucket}

    def scan(
        self, namespace: str, prefix: str, copy: bool = True, watch_listing: bool = True
    ) -> Iterable[tuple[str, Any]]:
        bucket = self._data.get(namespace, _NO_ENTRIES)
        if not prefix and not copy:
            return list(bucket.items())
        return [(key, _copy(value) if copy else value) for key, value in bucket.items() if key.startswith(prefix)]

    def keys(self, namespace: str, prefix: str, watch_listing: bool = True) -> list[str]:
        return [key for key in self._data.get(namespace, _NO_ENTRIES) if key.startswith(prefix)]

    def increment(self, namespace: str, key: str) -> int:
        bucket = self._data[namespace]
        count = int(bucket.get(key, 0)) + 1
        bucket[key] = count
        return count

    def write(self, changes: dict[tuple[str, str], Any]) -> None:
        for (namespace, key), value in changes.items():
            bucket = self._data[namespace]
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
    reads_ahead = False  # a local file: a read costs no round trip

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not path.is_file():
            raise StateUnavailable(f"--state {path}: not a file")
        try:
            self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as exc:
            raise StateUnavailable(f"--state {path}: cannot open as SQLite: {exc}") from None
        # Several workers share the file: a writer waits for another's transaction instead of failing.
        self._db.execute("PRAGMA busy_timeout=30000")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS state (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
            " PRIMARY KEY (namespace, key))"
        )

    def read_ahead(self, entries: list[tuple[str, str]], early: EarlyReads) -> None:
        pass  # each read is local

    def read(self, namespace: str, key: str) -> Any:
        row = self._db.execute("SELECT value FROM state WHERE namespace=? AND key=?", (namespace, key)).fetchone()
        return _MISSING if row is None else json.loads(row[0])

    peek = read  # outside BEGIN, a read sees the last commit and takes no lock

    def read_many(self, namespace: str, keys: list[str], copy: bool = True) -> dict[str, Any]:
        found = ((key, self.read(namespace, key)) for key in keys)  # in-process: a query per key costs no round trip
        return {key: value for key, value in found if value is not _MISSING}

    def scan(
        self, namespace: str, prefix: str, copy: bool = True, watch_listing: bool = True
    ) -> Iterator[tuple[str, Any]]:
        rows = self._db.execute(
            "SELECT key, value FROM state WHERE namespace=? AND substr(key, 1, ?)=? ORDER BY key",
            (namespace, len(prefix), prefix),
        ).fetchall()
        for key, value in rows:
            yield key, _decoded(value, not copy)

    def keys(self, namespace: str, prefix: str, watch_listing: bool = True) -> list[str]:
        rows = self._db.execute(
            "SELECT key FROM state WHERE namespace=? AND substr(key, 1, ?)=? ORDER BY key",
            (namespace, len(prefix), prefix),
        ).fetchall()
        return [key for (key,) in rows]

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


# Applies a transaction's writes only if what it read is unchanged, in one atomic round trip: each entry it
# checks still holds what it read, compared by SHA-1 (absent: ""), and each namespace it listed still has exactly
# the keys it listed. KEYS: the entries checked, the key sets checked, then per write its entry and its namespace's
# key set. ARGV: how many entries, how many key sets, the digest of each entry, per key set its size and its keys,
# then per write "S" member value | "D" member.
_COMMIT_IF_UNCHANGED = """
local entries, sets = tonumber(ARGV[1]), tonumber(ARGV[2])
local arg = 3
for i = 1, entries do
  local current = redis.call('GET', KEYS[i])
  if (current and redis.sha1hex(current) or '') ~= ARGV[arg] then return 0 end
  arg = arg + 1
end
for i = 1, sets do
  local size = tonumber(ARGV[arg])
  if redis.call('SCARD', KEYS[entries + i]) ~= size then return 0 end
  for j = 1, size do
    if redis.call('SISMEMBER', KEYS[entries + i], ARGV[arg + j]) == 0 then return 0 end
  end
  arg = arg + size + 1
end
local key = entries + sets + 1
while arg <= #ARGV do
  if ARGV[arg] == 'S' then
    redis.call('SET', KEYS[key], ARGV[arg + 2])
    redis.call('SADD', KEYS[key + 1], ARGV[arg + 1])
    arg = arg + 3
  else
    redis.call('DEL', KEYS[key])
    redis.call('SREM', KEYS[key + 1], ARGV[arg + 1])
    arg = arg + 2
  end
  key = key + 2
end
return 1
"""


# A namespace's listing in one round trip: its key set (KEYS[1]) and the entries whose keys start with ARGV[2],
# named by ARGV[1] .. key, read in MGETs of a thousand (Lua's `unpack` takes a few thousand values at most).
# Returns {every key, the keys wanted, their values}; a value gone meanwhile is nil.
_LIST_ENTRIES = """
local members = redis.call('SMEMBERS', KEYS[1])
local wanted, values = {}, {}
for _, member in ipairs(members) do
  if string.sub(member, 1, #ARGV[2]) == ARGV[2] then wanted[#wanted + 1] = member end
end
for first = 1, #wanted, 1000 do
  local names = {}
  for i = first, math.min(first + 999, #wanted) do names[#names + 1] = ARGV[1] .. wanted[i] end
  local found = redis.call('MGET', unpack(names))
  for i = 1, #names do values[#values + 1] = found[i] end
end
return {members, wanted, values}
"""


def _digest(raw: bytes | None) -> str:
    """What the commit script compares an entry by: SHA-1 of its stored bytes, "" for none."""
    return "" if raw is None else hashlib.sha1(raw, usedforsecurity=False).hexdigest()


class _RedisBackend:
    """Each entry is one Redis string, `specmock:<namespace>:<key>` → JSON, listed in the set
    `specmock:<namespace>#keys`.

    Optimistic: a read-modify-write never overwrites a concurrent one; the commit fails instead and the
    store runs the decision again. Reads are plain GETs, MGETs and SMEMBERS, each remembered as read; the
    writes go in one script that first checks, in the same atomic step, that what the decision read is
    unchanged: every entry read (its SHA-1), and the key set of every namespace listed (so an entry added
    meanwhile is a conflict). A listing that entries added meanwhile do not change (`watch_listing` False:
    the retention sweep, which reads whole namespaces while other clients add to them and deletes only
    entries it read) checks neither its key sets nor the entries it leaves alone: only those it changes.
    Only the entries read, not whole namespaces, conflict, so unrelated requests (two wallets, two jobs)
    never collide. A transaction that writes nothing checks nothing.

    Nothing is WATCHed: WATCH costs Redis time growing with the square of the keys one client watches (a
    sweep that watched 12,000 took 2.8 s, a list of 10,000 records would take as long), and reading under
    WATCH took a round trip per entry more.
    """

    PREFIX = "specmock:"
    reads_ahead = True

    def __init__(self, url: str) -> None:
        try:
            import redis
        except ImportError:  # pragma: no cover - redis is a declared dependency
            raise StateUnavailable(f"--state {url}: the redis package is not installed") from None
        try:
            self._client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=3)
            self._client.ping()
        except (redis.RedisError, ValueError) as exc:
            raise StateUnavailable(f"--state {url}: cannot reach Redis: {exc}") from None
        self._commit_if_unchanged = self._client.register_script(_COMMIT_IF_UNCHANGED)
        self._list_entries = self._client.register_script(_LIST_ENTRIES)
        try:
            for script in (_COMMIT_IF_UNCHANGED, _LIST_ENTRIES):  # loaded now: a request's first call costs no more
                self._client.script_load(script)
        except redis.RedisError as exc:
            raise StateUnavailable(f"--state {url}: Redis does not run specmock's scripts: {exc}") from None
        self._read: dict[str, bytes | None] = {}  # each entry this transaction read, with what it held
        self._listed: dict[str, set[str]] = {}  # the key set of each namespace it listed, as it was
        self._check_changed_only = False  # an unwatched listing was read: the commit checks what it changes

    def _entry(self, namespace: str, key: str) -> str:
        return f"{self.PREFIX}{namespace}:{key}"

    def _index(self, namespace: str) -> str:
        return f"{self.PREFIX}{namespace}#keys"

    def begin(self) -> None:
        self._read = {}
        self._listed = {}
        self._check_changed_only = False

    def read(self, namespace: str, key: str) -> Any:
        name = self._entry(namespace, key)
        if name in self._read:  # read again: what the commit will check it still holds
            raw = self._read[name]
        else:
            raw = self._read[name] = cast("bytes | None", self._client.get(name))
        return _MISSING if raw is None else json.loads(raw)

    def read_many(self, namespace: str, keys: list[str], copy: bool = True) -> dict[str, Any]:
        names = [self._entry(namespace, key) for key in keys]
        self._read_all(names)
        return {
            key: _decoded(raw, not copy)
            for key, name in zip(keys, names, strict=True)
            if (raw := self._read[name]) is not None
        }

    def read_ahead(self, entries: list[tuple[str, str]], early: EarlyReads) -> None:
        if early:
            self._read.update(early)  # read in the count's round trip: checked at commit like any read
        self._read_all([self._entry(namespace, key) for namespace, key in entries])

    def _read_all(self, names: list[str]) -> None:
        """Read those of these entries not read yet, in one MGET (an entry read stays what it held then)."""
        unread = [name for name in names if name not in self._read]
        if unread:
            self._read.update(zip(unread, cast("list[bytes | None]", self._client.mget(unread)), strict=True))

    def peek(self, namespace: str, key: str) -> Any:
        raw = self._client.get(self._entry(namespace, key))
        return _MISSING if raw is None else json.loads(cast("bytes", raw))

    def keys(self, namespace: str, prefix: str, watch_listing: bool = True) -> list[str]:
        index = self._index(namespace)
        listing = {member.decode() for member in cast("set[bytes]", self._client.smembers(index))}
        self._listed_as(index, listing, watch_listing)
        return sorted(key for key in listing if key.startswith(prefix))

    def _listed_as(self, index: str, listing: set[str], watch_listing: bool) -> None:
        """Remember a namespace's key set as listed: the commit checks it unchanged (unless not watched)."""
        if watch_listing:
            self._listed.setdefault(index, listing)
        else:
            self._check_changed_only = True

    def scan(
        self, namespace: str, prefix: str, copy: bool = True, watch_listing: bool = True
    ) -> Iterator[tuple[str, Any]]:
        """The key set and the entries in one round trip (a script), where listing then reading took two."""
        index = self._index(namespace)
        members, wanted, values = self._list_entries(keys=[index], args=[self._entry(namespace, ""), prefix])
        self._listed_as(index, {member.decode() for member in members}, watch_listing)
        found = {}
        for member, raw in zip(wanted, values, strict=True):
            key = member.decode()
            found[key] = self._read.setdefault(self._entry(namespace, key), raw)  # an entry read stays what it held
        for key in sorted(found):
            raw = found[key]
            if raw is not None:
                yield key, _decoded(raw, not copy)

    def write(self, changes: dict[tuple[str, str], Any]) -> None:
        if not changes:
            return
        if self._check_changed_only:
            changed = (self._entry(namespace, key) for namespace, key in changes)
            checked = [name for name in changed if name in self._read]
            listed: dict[str, set[str]] = {}
        else:
            checked, listed = list(self._read), self._listed
        keys = [*checked, *listed]
        args: list[Any] = [len(checked), len(listed), *(_digest(self._read[name]) for name in checked)]
        for members in listed.values():
            args += [len(members), *members]
        for (namespace, key), value in changes.items():
            keys += [self._entry(namespace, key), self._index(namespace)]
            if value is _DELETED:
                args += ["D", key]
            else:
                args += ["S", key, json.dumps(value, separators=(",", ":"))]
        if not self._commit_if_unchanged(keys=keys, args=args):
            raise StateConflict("an entry this transaction read changed")

    def increment(self, namespace: str, key: str) -> int:
        """One atomic INCR (a JSON integer is a Redis integer string): counters never conflict."""
        count, _ = self._counting(namespace, key).execute()
        return int(count)

    def peek_and_count(
        self, namespace: str, key: str, counter_namespace: str, counter: str, ahead: Sequence[tuple[str, str]]
    ) -> tuple[Any, int, EarlyReads]:
        pipe = self._counting(counter_namespace, counter)
        pipe.get(self._entry(namespace, key))
        names = [self._entry(entry_namespace, entry_key) for entry_namespace, entry_key in ahead]
        if names:
            pipe.mget(names)
        count, _, raw, *read = pipe.execute()
        early = dict(zip(names, read[0], strict=True)) if names else None
        return _MISSING if raw is None else json.loads(raw), int(count), early

    def _counting(self, namespace: str, key: str) -> Any:
        """A MULTI/EXEC pipeline that adds one to a counter (and lists it); more may be queued after."""
        pipe = self._client.pipeline(transaction=True)
        pipe.incr(self._entry(namespace, key))
        pipe.sadd(self._index(namespace), key)
        return pipe

    def rollback(self) -> None:
        self.begin()  # forget what was read: nothing was written

    def clear(self, namespaces: tuple[str, ...] | None) -> None:
        if namespaces is None:
            names = list(self._client.scan_iter(match=self.PREFIX + "*"))
        else:
            names = []
            for namespace in namespaces:
                names.append(self._index(namespace))
                members = cast("set[bytes]", self._client.smembers(self._index(namespace)))
                names += [self._entry(namespace, k.decode()) for k in members]
        for start in range(0, len(names), 1000):
            self._client.delete(*names[start : start + 1000])
