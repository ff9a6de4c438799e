"""Values cached per object identity: never handed to another object that merely looks the same or reuses an id."""

from __future__ import annotations

import gc
import weakref

from mock.identity_cache import IdentityCache


class Thing:
    pass


def test_built_once_per_object_and_never_for_an_equal_one():
    cache: IdentityCache[int] = IdentityCache()
    builds: list[int] = []
    first, twin = {"type": "string"}, {"type": "string"}
    assert cache.get_or_build((first,), lambda: builds.append(1) or 1) == 1
    assert cache.get_or_build((first,), lambda: builds.append(2) or 2) == 1
    assert cache.get_or_build((twin,), lambda: builds.append(3) or 3) == 3
    assert builds == [1, 3]


def test_an_entry_keeps_its_objects_alive_so_their_ids_cannot_be_reused():
    cache: IdentityCache[str] = IdentityCache()
    thing = Thing()
    alive = weakref.ref(thing)
    cache.put((thing,), "value")
    del thing
    gc.collect()
    assert alive() is not None  # still in the cache: no other object can take its id meanwhile
    cache.clear()
    gc.collect()
    assert alive() is None


def test_a_hit_needs_the_very_same_objects_and_extra_key():
    cache: IdentityCache[str] = IdentityCache()
    rules, base = (1, 2), Thing()
    cache.put((rules, base), "answer", extra="prefs-a")
    assert cache.get((rules, base), extra="prefs-a") == "answer"
    assert cache.get((rules, base), extra="prefs-b") is None
    assert cache.get((rules, Thing()), extra="prefs-a") is None


def test_a_full_cache_starts_afresh():
    cache: IdentityCache[int] = IdentityCache(max_entries=2)
    kept = [Thing() for _ in range(3)]
    for index, thing in enumerate(kept):
        cache.put((thing,), index)
    assert cache.get((kept[0],)) is None and cache.get((kept[2],)) == 2


def test_a_cache_bounded_by_weight_starts_afresh_past_it():
    cache: IdentityCache[str] = IdentityCache(max_weight=10)
    light, heavy, more = Thing(), Thing(), Thing()
    cache.put((light,), "light", weight=3)
    cache.put((heavy,), "heavy", weight=7)
    assert cache.get((light,)) == "light" and cache.get((heavy,)) == "heavy"  # 10 in all: within the bound
    cache.put((more,), "more", weight=1)
    assert cache.get((light,)) is None and cache.get((heavy,)) is None and cache.get((more,)) == "more"
