"""Wallet effects: balances, reservations, refunds, top-ups, estimates and the price list.

Money is kept in integer micro-dollars (1 USD = 1,000,000) so the ledger always sums to the
balance exactly. A wallet is created on first use with the scenario's starting balance,
written to the ledger as a `trial_credit`, so `sum(ledger) == balance` from the first call.
Prices come from the scenario's `prices` setting, the same table `pricing.catalog` serves on
`GET /v1/pricing` and `GET /v1/models`, so what a client reads is what it is charged.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from mock.problems import Problem
from mock.scenario.effects.base import (
    Effect,
    EffectInput,
    EffectResult,
    StateEntries,
    StateNamespace,
    caller_scope,
    least_active,
)
from mock.scenario.store import Delete, Mutation, Put, StateView

MICROS = 1_000_000


MICROS_PER_CREDIT = 10_000  # a credit is a cent

# Amounts are shown rounded, dollars to six decimals and credits to two. Where an amount has no digit beyond the
# last one kept (a whole number of micro-dollars always does, in dollars) and is below this bound (4.3 billion
# dollars, where neighbouring doubles are less than a micro-dollar apart), the quotient, the double nearest that
# decimal, is already what rounding gives. `round` with digits goes through a decimal string, ten times a
# division's cost, and a charge asks for five amounts.
_QUOTIENT_EXACT_BELOW = 2**32 * MICROS


def usd(micros: int) -> float:
    """`round(micros / MICROS, 6)`."""
    if type(micros) is int and -_QUOTIENT_EXACT_BELOW < micros < _QUOTIENT_EXACT_BELOW:
        return micros / MICROS
    return round(micros / MICROS, 6)


def credits(micros: int) -> float:
    """`round(micros / MICROS_PER_CREDIT, 2)`."""
    if type(micros) is int and micros % 100 == 0 and -_QUOTIENT_EXACT_BELOW < micros < _QUOTIENT_EXACT_BELOW:
        return micros / MICROS_PER_CREDIT
    return round(micros / MICROS_PER_CREDIT, 2)


def to_micros(amount_usd: float) -> int:
    return int(round(float(amount_usd) * MICROS))


def wallet_key(api: str, credential: str | None, per_key: bool = True) -> str:
    return f"{api}:{caller_scope(credential, per_key)}"


# ---------------------------------------------------------------- ledger


def load_wallet(
    state: StateView, key: str, params: dict[str, Any], now_iso: str
) -> tuple[dict[str, Any], list[Mutation]]:
    """The wallet under `key`, created (with its trial credit) when it does not exist yet."""
    wallet = state.get("wallets", key)
    if wallet is not None:
        return wallet, []
    start = to_micros(params.get("start_balance_usd", 5.0))
    wallet = {
        "key": key,
        "currency": params.get("currency", "USD"),
        "balance_micros": 0,
        "seq": 0,
        "created_at": now_iso,
    }
    return _entry(wallet, start, "trial_credit", "Free trial credit", now_iso)


def _entry(
    wallet: dict[str, Any], amount: int, kind: str, description: str, now_iso: str, **extra: Any
) -> tuple[dict[str, Any], list[Mutation]]:
    wallet = {**wallet, "balance_micros": wallet["balance_micros"] + amount, "seq": wallet["seq"] + 1}
    entry = {
        "id": f"txn_{wallet['seq']:06d}",
        "type": kind,
        "amount_usd": usd(amount),
        "amount_micros": amount,
        "balance_after_usd": usd(wallet["balance_micros"]),
        "currency": wallet["currency"],
        "description": description,
        "created_at": now_iso,
    }
    for name, value in extra.items():
        if value is not None:
            entry[name] = value
    return wallet, [Put("wallets", wallet["key"], wallet), Put("ledger", f"{wallet['key']}|{wallet['seq']:09d}", entry)]


def refund(state: StateView, key: str, micros: int, job_id: str, reason: str, now_iso: str) -> list[Mutation]:
    """Give a job's reservation back; used by the jobs effects on failure and cancellation."""
    wallet = state.get("wallets", key)
    if wallet is None or micros <= 0:
        return []
    _, changes = _entry(wallet, micros, "refund", f"Refund: job {reason}", now_iso, job_id=job_id)
    return changes


# The ledger key of the entry that carries the sum of the entries retention folded away; it sorts first.
FORWARD_SEQ = f"{0:09d}"


def folded(state: StateView, keep: int, keep_wallets: int | None = None) -> list[Mutation]:
    """Per wallet, entries beyond the newest `keep` folded into one balance-forward entry; with `keep_wallets`,
    each API's wallets beyond the `keep_wallets` most recently active (by their newest entry) forgotten, ledger
    and all: a caller seen again starts a new wallet, with its trial credit.

    The ledger keeps summing to the balance: what the removed entries added up to moves into
    the forward entry (kept, under the lowest key, as the oldest entry of the ledger).

    Only keys are listed; the entries read are those folded and each forward entry (on Redis, where a sweep
    used to read every retained entry, a third of them with one busy wallet).
    """
    keys = state.keys("ledger")
    owners = [key.rsplit("|", 1)[0] for key in keys]
    changes: list[Mutation] = []
    # Counted first (in C): only a wallet holding more than `keep` entries needs its own.
    counts = Counter(owners)
    forgotten: set[str] = set()
    if keep_wallets is not None and len(counts) > keep_wallets:  # else fewer wallets than that: none to rank
        forgotten = _least_active(state, keys, owners, keep_wallets)
        # Read before they are deleted: on a shared store, a wallet its caller changed meanwhile is a conflict.
        changes += [Delete("wallets", key) for key in state.get_many("wallets", sorted(forgotten))]
        changes += [Delete("ledger", key) for key, owner in zip(keys, owners, strict=True) if owner in forgotten]
    for wallet_key, count in counts.items():
        if count <= keep or wallet_key in forgotten:
            continue
        own = (
            keys
            if count == len(keys)
            else [key for key, owner in zip(keys, owners, strict=True) if owner == wallet_key]
        )
        forward_key = f"{wallet_key}|{FORWARD_SEQ}"
        # Keys sort by sequence, the oldest first: the forward entry (sequence 0), when there is one, is the first.
        forwarded = own[0] == forward_key
        history = own[1:] if forwarded else own
        if len(history) <= keep:
            continue
        old = history[: len(history) - keep]
        entries = state.get_many("ledger", [forward_key, *old] if forwarded else old)
        if len(entries) < len(old) + forwarded:
            continue  # listed, then gone (another worker's sweep, on a shared store): the next sweep folds the rest
        forward = entries.get(forward_key) or {}
        carried = sum(int(entries[key]["amount_micros"]) for key in old) + int(forward.get("amount_micros", 0))
        last = entries[old[-1]]
        changes += [Delete("ledger", key) for key in old]
        changes.append(
            Put(
                "ledger",
                forward_key,
                {
                    "id": f"txn_{0:06d}",  # sequence 0: the oldest entry of the ledger
                    "type": "balance_forward",
                    "amount_usd": usd(carried),
                    "amount_micros": carried,
                    "balance_after_usd": last["balance_after_usd"],
                    "currency": last["currency"],
                    "description": f"Balance brought forward: older entries up to {last['id']} folded by retention",
                    "created_at": last["created_at"],
                },
            )
        )
    return changes


def _least_active(state: StateView, keys: list[str], owners: list[str], keep: int) -> set[str]:
    """The wallets of each API beyond the `keep` whose newest ledger entry is the newest (a caller's shared wallet,
    `per_key: false`, is no one caller's and stays)."""
    newest_key = dict(zip(owners, keys, strict=True))  # keys sort by sequence: a wallet's last key is its newest
    newest = state.get_many("ledger", list(newest_key.values()))
    activity = (
        (api, scope, str((newest.get(key) or {}).get("created_at", "")), owner)
        for owner, key in newest_key.items()
        for api, _, scope in [owner.partition(":")]
    )
    return set(least_active(activity, keep))


def ledger(state: StateView, key: str) -> list[dict[str, Any]]:
    return [entry for _, entry in state.items("ledger", key + "|")]


def wallet_vars(wallet: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": wallet["key"],
        "balance_usd": usd(wallet["balance_micros"]),
        "balance_micros": wallet["balance_micros"],
        "currency": wallet["currency"],
        "transaction_count": wallet["seq"],
    }


def with_transactions(state: StateView, wallet: dict[str, Any], limit: int, pending: list[Mutation]) -> dict[str, Any]:
    """Wallet variables plus `transactions`, the newest `limit` ledger entries (only `wallet.read` pays for it)."""
    entries = {e["id"]: e for e in ledger(state, wallet["key"])}
    for mutation in pending:
        if isinstance(mutation, Put) and mutation.namespace == "ledger":
            entries.setdefault(mutation.value["id"], mutation.value)
    ordered = sorted(entries.values(), key=lambda e: e["id"], reverse=True)
    return {**wallet_vars(wallet), "transactions": ordered[:limit]}


# ---------------------------------------------------------------- prices


def price_table(params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rule's price rows themselves, not a copy: every reader only reads them (a charge looks up one)."""
    return params.get("prices") or []


def find_price(
    params: dict[str, Any], *, operation_id: str | None = None, model: str | None = None, kind: str | None = None
) -> dict[str, Any] | None:
    table = price_table(params)
    if operation_id:
        return next((p for p in table if p.get("operation_id") == operation_id), None)
    if model:
        found = next((p for p in table if p.get("model") == model), None)
        if found:
            return found
    if kind:
        fallback = (params.get("fallback_prices") or {}).get(kind)
        if fallback:
            return next((p for p in table if p.get("operation_id") == fallback), None)
        return next((p for p in table if p.get("type") == kind), None)
    return None


def units_for(price: dict[str, Any], body: Any, params: dict[str, Any]) -> float:
    """How many of the price's units a request uses: seconds of video, minutes of compose, characters of text…"""
    body = body if isinstance(body, dict) else {}
    defaults = params.get("default_units") or {}
    unit = str(price.get("unit", "call"))
    if unit in ("second", "seconds", "video_second"):
        value = body.get("duration_s", body.get("duration", defaults.get("second", 5)))
        return float(value)
    if unit in ("minute", "minutes"):
        segments = body.get("segments") or []
        seconds = sum(float(s.get("duration", 0)) for s in segments if isinstance(s, dict))
        return max(seconds, 1.0) / 60.0
    if unit in ("1k_characters", "1k_chars", "thousand_characters"):
        return max(len(str(body.get("text", body.get("prompt", "")))), 1) / 1000.0
    return 1.0


MAX_COST_MICROS = 10**15  # a billion dollars: any absurd request (1e300 seconds of video) costs this much, not infinity


def cost_of(price: dict[str, Any], body: Any, params: dict[str, Any]) -> int:
    try:
        cost = to_micros(price["price_usd"]) * units_for(price, body, params)
    except (TypeError, ValueError, OverflowError):
        return MAX_COST_MICROS
    if not math.isfinite(cost):
        return MAX_COST_MICROS
    return min(int(math.ceil(max(cost, 0.0))), MAX_COST_MICROS)


def model_kind(params: dict[str, Any], body: Any) -> str:
    body = body if isinstance(body, dict) else {}
    price = find_price(params, model=body.get("model")) if body.get("model") else None
    if price and price.get("type") in ("image", "video"):
        return str(price["type"])
    return "video" if "duration" in body or "duration_s" in body or body.get("with_audio") else "image"


def _quote(inp: EffectInput) -> tuple[dict[str, Any] | None, int, str]:
    """(price row, cost in micros, kind) for this request, per the rule's `price`/`kind`/`tasks` params."""
    params, body = inp.params, inp.request.body
    if params.get("tasks"):
        prices = params.get("task_prices") or {}
        total = 0
        for task in body if isinstance(body, list) else []:
            if isinstance(task, dict):
                kind = str(task.get("taskType"))
                total += to_micros(prices.get(kind, prices.get("default", 0)))
        return {"operation_id": "tasks", "model": None, "unit": "task", "price_usd": usd(total)}, total, "tasks"
    if params.get("price"):
        price = find_price(params, operation_id=params["price"])
        kind = str(price.get("type")) if price else "call"
    else:
        kind = params.get("kind", "image")
        if kind == "auto":
            kind = model_kind(params, body)
        model = body.get("model") if isinstance(body, dict) else None
        price = find_price(params, model=model, kind=kind)
    if price is None:
        return None, 0, kind
    return price, cost_of(price, body, params), kind


# ---------------------------------------------------------------- effects


def _key(inp: EffectInput) -> str:
    return wallet_key(inp.request.api, inp.request.credential, inp.params.get("per_key", True))


def _wallet_entry(inp: EffectInput) -> StateEntries:
    return (("wallets", _key(inp)),)


def read(inp: EffectInput) -> EffectResult:
    wallet, changes = load_wallet(inp.state, _key(inp), inp.params, inp.context["now"])
    limit = inp.request.query.get("limit", inp.params.get("recent_limit", 20))
    return EffectResult(vars={"wallet": with_transactions(inp.state, wallet, int(limit), changes)}, mutations=changes)


def charge(inp: EffectInput) -> EffectResult:
    """Reserve the estimated cost; 402 in the API's envelope when the balance does not cover it."""
    key = _key(inp)
    wallet, changes = load_wallet(inp.state, key, inp.params, inp.context["now"])
    price, cost, kind = _quote(inp)
    charge_vars = {
        "usd": usd(cost),
        "usd_micros": cost,
        "credits": credits(cost),
        "operation_id": price.get("operation_id") if price else None,
        "model": price.get("model") if price else None,
        "unit": price.get("unit") if price else None,
        "kind": kind,
        "wallet_key": key,
    }
    if cost > wallet["balance_micros"]:
        shortfall = cost - wallet["balance_micros"]
        problem = Problem(
            402,
            "insufficient_funds",
            f"Insufficient funds: this call costs ${usd(cost):.4f} and the wallet holds "
            f"${usd(wallet['balance_micros']):.4f}; top up at least ${usd(shortfall):.4f}",
            details={
                "required_usd": usd(cost),
                "balance_usd": usd(wallet["balance_micros"]),
                "shortfall_usd": usd(shortfall),
                "currency": wallet["currency"],
            },
        )
        return EffectResult(vars={"charge": charge_vars}, mutations=changes, problem=problem)
    if cost > 0:
        label = charge_vars["operation_id"] or inp.request.operation_id
        wallet, entry_changes = _entry(
            wallet,
            -cost,
            "reservation",
            f"Reserved for {inp.request.operation_id} ({label})",
            inp.context["now"],
            operation=inp.request.operation_id,
            price_id=charge_vars["operation_id"],
        )
        changes = changes + entry_changes
        charge_vars["reservation_id"] = f"txn_{wallet['seq']:06d}"
    return EffectResult(
        vars={"charge": charge_vars, "wallet": wallet_vars(wallet)},
        mutations=changes,
    )


def topup(inp: EffectInput) -> EffectResult:
    body = inp.request.body if isinstance(inp.request.body, dict) else {}
    amount = to_micros(body.get("amount_usd", inp.params.get("default_topup_usd", 5)))
    wallet, changes = load_wallet(inp.state, _key(inp), inp.params, inp.context["now"])
    intent = f"pi_mock_{wallet['seq'] + 1:06d}"
    wallet, entry_changes = _entry(
        wallet,
        amount,
        "topup",
        "Top-up via Stripe (mock, confirmed at once)",
        inp.context["now"],
        payment_intent_id=intent,
    )
    changes = changes + entry_changes
    return EffectResult(
        vars={"topup": {"amount_usd": usd(amount), "payment_intent_id": intent}, "wallet": wallet_vars(wallet)},
        mutations=changes,
    )


def estimate(inp: EffectInput) -> EffectResult:
    wallet, changes = load_wallet(inp.state, _key(inp), inp.params, inp.context["now"])
    params = {**inp.params, "kind": inp.params.get("kind", "auto")}
    price, cost, kind = _quote(
        EffectInput(params, inp.state, inp.request, inp.operation, inp.context, inp.now, inp.call_count)
    )
    reasons = []
    if cost > wallet["balance_micros"]:
        reasons.append("insufficient_credits")
    seconds = float((price or {}).get("p95_seconds", 8 if kind == "image" else 60))
    return EffectResult(
        vars={
            "estimate": {
                "usd": usd(cost),
                "credits": credits(cost),
                "kind": kind if kind in ("image", "video") else "image",
                "would_succeed": not reasons,
                "reasons_blocked": reasons,
                "current_balance": usd(wallet["balance_micros"]),
                "estimated_seconds": seconds,
                "model": (inp.request.body or {}).get("model") if isinstance(inp.request.body, dict) else None,
            },
            "wallet": wallet_vars(wallet),
        },
        mutations=changes,
    )


def catalog(inp: EffectInput) -> EffectResult:
    """The price list as `GET /v1/pricing` (operations) and `GET /v1/models` (models) show it."""
    operations, models = [], []
    for price in price_table(inp.params):
        micros = to_micros(price["price_usd"])
        operations.append(
            {
                "operation_id": price["operation_id"],
                "model": price.get("model") or price["operation_id"],
                "provider": price.get("provider", "aeriox"),
                "unit": price.get("unit", "call"),
                "price_usd_micros": micros,
                "price_usd": usd(micros),
                "notes": price.get("notes"),
            }
        )
        if price.get("model"):
            model = {
                "model_id": price["model"],
                "type": price.get("type", "image"),
                "provider": price.get("provider", "aeriox"),
                "cost_usd_per_unit": usd(micros),
                "unit": price.get("unit", "call"),
                "supports_audio": bool(price.get("supports_audio", False)),
            }
            for optional in ("max_resolution", "max_duration_s"):
                if optional in price:
                    model[optional] = price[optional]
            models.append(model)
    return EffectResult(
        vars={
            "pricing": {
                "operations": operations,
                "models": models,
                "currency": inp.params.get("currency", "USD"),
                "micros_per_unit": MICROS,
            }
        }
    )


_PRICES_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["operation_id", "price_usd"],
        "properties": {
            "operation_id": {"type": "string"},
            "model": {"type": "string"},
            "provider": {"type": "string"},
            "type": {"enum": ["image", "video", "audio", "compose", "training", "prism"]},
            "unit": {"type": "string"},
            "price_usd": {"type": "number", "minimum": 0},
            "notes": {"type": "string"},
            "max_resolution": {"type": "string"},
            "max_duration_s": {"type": "integer"},
            "supports_audio": {"type": "boolean"},
            "p95_seconds": {"type": "number"},
        },
        "additionalProperties": False,
    },
}
_COMMON = {
    "per_key": {"type": "boolean", "description": "one wallet per API key (default) or one per API"},
    "start_balance_usd": {"type": "number", "minimum": 0},
    "currency": {"type": "string"},
    "prices": _PRICES_SCHEMA,
    "fallback_prices": {"type": "object", "additionalProperties": {"type": "string"}},
    "default_units": {"type": "object", "additionalProperties": {"type": "number"}},
    "task_prices": {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}},
}


def _schema(**extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {**_COMMON, **extra}, "additionalProperties": False}


EFFECTS = (
    Effect(
        "wallet.read",
        read,
        _schema(recent_limit={"type": "integer", "minimum": 1}),
        description="the balance and recent ledger entries as `wallet.*`",
        reads=_wallet_entry,
    ),
    Effect(
        "wallet.charge",
        charge,
        _schema(
            price={"type": "string"}, kind={"enum": ["image", "video", "audio", "auto"]}, tasks={"type": "boolean"}
        ),
        statuses=(402,),
        description="reserve the call's cost (`charge.*`); 402 when the balance is short",
        reads=_wallet_entry,
    ),
    Effect(
        "wallet.topup",
        topup,
        _schema(default_topup_usd={"type": "number"}),
        description="credit `amount_usd` at once",
        reads=_wallet_entry,
    ),
    Effect(
        "wallet.estimate",
        estimate,
        _schema(kind={"enum": ["image", "video", "audio", "auto"]}),
        description="cost and feasibility as `estimate.*`",
        reads=_wallet_entry,
    ),
    Effect(
        "pricing.catalog", catalog, _schema(), description="the price list as `pricing.operations` and `pricing.models`"
    ),
)


def _wallets_view(entries: dict[str, Any]) -> dict[str, Any]:
    """Balances kept in micro-dollars, shown in dollars too."""
    return {key: {**wallet, "balance_usd": round(wallet["balance_micros"] / 1e6, 6)} for key, wallet in entries.items()}


NAMESPACES = (StateNamespace("wallets", _wallets_view), StateNamespace("ledger"))
