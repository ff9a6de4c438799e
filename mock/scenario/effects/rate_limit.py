"""Rate limiting: a token bucket per API key (or per API, or one for everyone).

The bucket holds up to `limit` tokens and refills continuously at `limit / window_s` tokens
a second; a request takes one token or is refused with 429 and a `Retry-After` saying how
many whole seconds until a token is back. A client that waits that long succeeds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mock.problems import Problem
from mock.scenario.effects.base import (
    SHARED_SCOPE,
    Effect,
    EffectInput,
    EffectResult,
    StateEntries,
    StateNamespace,
    caller_scope,
    least_active,
)
from mock.scenario.store import Delete, Mutation, Put, StateView


@dataclass(frozen=True)
class Take:
    allowed: bool
    tokens: float  # left after this request
    retry_after_s: int  # 0 when allowed
    reset_s: int  # seconds until the bucket is full again


def take(tokens: float | None, updated: float | None, limit: int, window_s: float, now: float) -> Take:
    """One request against a bucket last seen with `tokens` at time `updated` (None: a new, full bucket)."""
    rate = limit / window_s
    if tokens is None or updated is None:
        tokens = float(limit)
    else:
        tokens = min(float(limit), tokens + max(0.0, now - updated) * rate)
    if tokens >= 1.0:
        left = tokens - 1.0
        return Take(True, left, 0, math.ceil((limit - left) / rate - 1e-9))
    wait = (1.0 - tokens) / rate
    return Take(False, tokens, max(1, math.ceil(wait - 1e-9)), math.ceil((limit - tokens) / rate - 1e-9))


def idle(state: StateView, now: float, max_age_s: float, keep_callers: int | None = None) -> list[Mutation]:
    """Buckets untouched for `max_age_s` and past their window (so full again): to delete; a new one starts full.
    With `keep_callers`, each API's callers' buckets beyond the `keep_callers` used most recently go too."""
    buckets = state.items("buckets")
    gone = [
        key
        for key, bucket in buckets
        if now - float(bucket["updated"]) > max(max_age_s, float(bucket.get("window_s", 0)))
    ]
    if keep_callers is not None and len(buckets) - len(gone) > keep_callers:
        idle_now = set(gone)
        activity = (
            (api, who, float(bucket["updated"]), key)
            for key, bucket in buckets
            if key not in idle_now
            for api, _, who in [key.partition(":")]
        )
        gone += least_active(activity, keep_callers)
    return [Delete("buckets", key) for key in gone]


def _bucket_key(inp: EffectInput) -> str:
    per = inp.params.get("per", "api_key")
    who = caller_scope(inp.request.credential, per == "api_key")  # per api or global: one bucket for every caller
    return f"{SHARED_SCOPE if per == 'global' else inp.request.api}:{who}"


def _bucket_entry(inp: EffectInput) -> StateEntries:
    return (("buckets", _bucket_key(inp)),)


def limit_requests(inp: EffectInput) -> EffectResult:
    limit = int(inp.params.get("limit", 10))
    window = float(inp.params.get("window_s", 10))
    key = _bucket_key(inp)
    bucket = inp.state.get("buckets", key) or {}
    result = take(bucket.get("tokens"), bucket.get("updated"), limit, window, inp.now)
    headers = {
        "x-ratelimit-limit": str(limit),
        "x-ratelimit-remaining": str(int(math.floor(result.tokens))),
        "x-ratelimit-reset": str(result.reset_s),
    }
    change = Put("buckets", key, {"tokens": result.tokens, "updated": inp.now, "limit": limit, "window_s": window})
    if result.allowed:
        return EffectResult(headers=headers, mutations=[change])
    headers["retry-after"] = str(result.retry_after_s)
    problem = Problem(
        429,
        "rate_limited",
        f"Rate limit exceeded: {limit} requests per {window:g} s per API key; retry after {result.retry_after_s} s",
        headers={"retry-after": str(result.retry_after_s)},
        details={"limit": limit, "window_s": window, "retry_after_s": result.retry_after_s},
    )
    return EffectResult(headers=headers, mutations=[change], problem=problem)


EFFECTS = (
    Effect(
        "rate_limit",
        limit_requests,
        {
            "type": "object",
            "properties": {
                "limit": {"type": "integer", "minimum": 1},
                "window_s": {"type": "number", "exclusiveMinimum": 0},
                "per": {"enum": ["api_key", "api", "global"]},
            },
            "additionalProperties": False,
        },
        statuses=(429,),
        description="a token bucket of `limit` requests per `window_s` seconds; 429 with Retry-After past it",
        reads=_bucket_entry,
    ),
)

NAMESPACES = (StateNamespace("buckets"),)
