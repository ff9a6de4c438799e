"""Values computed once per object, keyed by identity: for dicts (schemas, documents), which cannot be hashed.

An `id()` is only unique while its object lives, and CPython reuses it as soon as the object is
collected. So each entry keeps the objects it was computed from, which keeps them alive (their ids
cannot be reused while the entry exists), and a hit is trusted only when those very objects (`is`)
are the ones asked about.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    def __init__(
        self, max_entries: int | None = None, serialise_builds: bool = False, max_weight: int | None = None
    ) -> None:
        """`max_entries`: start afresh past this many; `max_weight`: start afresh past this total of the weights
        `put` is given (for values whose size varies a thousandfold); `serialise_builds`: build one value at a
        time (for costly values several threads may ask for at once)."""
        self._entries: dict[tuple[Hashable, ...], tuple[tuple[object, ...], V]] = {}
        self._max_entries = max_entries
        self._max_weight = max_weight
        self._weight = 0
        self._lock = threading.Lock() if serialise_builds else None

    def get(self, objects: tuple[object, ...], extra: Hashable = None) -> V | None:
        entry = self._entries.get(self._key(objects, extra))
        # Tuples compare their items by identity first, in C: the very objects asked about pass at once.
        # (An entry found by these ids holds objects alive with those ids, so they are these objects.)
        if entry is not None and entry[0] == objects:
            return entry[1]
        return None

    def put(self, objects: tuple[object, ...], value: V, extra: Hashable = None, weight: int = 1) -> V:
        if (self._max_entries is not None and len(self._entries) >= self._max_entries) or (
            self._max_weight is not None and self._weight + weight > self._max_weight
        ):
            self.clear()
        self._entries[self._key(objects, extra)] = (objects, value)
        self._weight += weight
        return value

    def get_or_build(self, objects: tuple[object, ...], build: Callable[[], V], extra: Hashable = None) -> V:
        found = self.get(objects, extra)
        if found is not None:
            return found
        if self._lock is None:
            return self.put(objects, build(), extra)
        with self._lock:
            found = self.get(objects, extra)
            return found if found is not None else self.put(objects, build(), extra)

    def clear(self) -> None:
        self._entries.clear()
        self._weight = 0

    @staticmethod
    def _key(objects: tuple[object, ...], extra: Hashable) -> tuple[Hashable, ...]:
        # One object, as most callers ask about: its id without a map over the tuple (twice as fast, on every hit).
        return (id(objects[0]), extra) if len(objects) == 1 else (*map(id, objects), extra)
