"""Every effect and every state namespace the effects keep, by name."""

from __future__ import annotations

import functools

from mock.scenario.effects import callbacks, deletions, jobs, oauth, rate_limit, resources, singletons, wallet
from mock.scenario.effects.base import Effect, StateNamespace

MODULES = (wallet, jobs, resources, singletons, deletions, rate_limit, callbacks, oauth)


@functools.cache
def effects() -> dict[str, Effect]:
    return {effect.name: effect for module in MODULES for effect in module.EFFECTS}


@functools.cache
def state_namespaces() -> tuple[StateNamespace, ...]:
    return tuple(namespace for module in MODULES for namespace in module.NAMESPACES)
