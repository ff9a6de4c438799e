"""Wallet-style APIs: a 402 says why, and no balance is ever negative."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from contract_tests.checks.base import ContractFailure, RunState, body_of, describe, error_codes
from mock.spec.names import spelling_key


class PaymentRequiredWithoutReason(ContractFailure):
    check = "insufficient_funds_conformance"
    title_text = "402 without an insufficient_funds code"


class NegativeBalance(ContractFailure):
    check = "wallet_balance_conformance"
    title_text = "Negative balance"


def check_insufficient_funds(state: RunState, response: Any, case: Any) -> None:
    """A 402 says why: an `insufficient_funds` error code in the API's envelope."""
    if response.status_code != 402:
        return
    _, body = body_of(response)
    codes = error_codes(body)
    if not any(spelling_key(code) == "insufficientfunds" for code in codes):
        raise PaymentRequiredWithoutReason(
            f"{describe(case, response)}: 402 without an `insufficient_funds` error code "
            f"(codes found: {codes or 'none'})"
        )


def negative_balances(
    node: Any, exempt: Collection[tuple[str, float]] = (), exempt_names: Collection[str] = ()
) -> list[str]:
    """JSON paths of negative numbers that are, or sit inside, a field named like `balance`; those whose
    (field name, value) is in `exempt`, or whose field name is in `exempt_names`, left out."""
    return [
        f"{path or '/'} = {value}"
        for path, name, value in _negative_balance_fields(node)
        if (name, value) not in exempt and name not in exempt_names
    ]


def documented_negatives(document: Any) -> frozenset[str]:
    """The names of the `balance`-like fields the spec's own examples show negative: an account that may be
    overdrawn (Plaid's `historical_balances[].current = -390`) is the API's meaning, not a bug of the server.
    Read from whole examples (a response's, a media type's) and from a property's own `example`."""
    names: set[str] = set()
    # A resolved document shares its schemas: each is read once per place that can change what it says (its
    # own name and its parent's, and whether a `balance` field holds it), not once per path to it.
    seen: set[tuple[int, tuple[str, ...], bool]] = set()

    def walk(node: Any, trail: tuple[str, ...]) -> None:
        if isinstance(node, (dict, list)):
            visit = (id(node), trail[-2:], _in_balance(trail))
            if visit in seen:
                return
            seen.add(visit)
        if isinstance(node, dict):
            for key, value in node.items():
                key = str(key)
                if key == "example" or (key == "value" and trail[-2:-1] == ("examples",)):
                    found = _negative_balance_fields(value, inside_balance=_in_balance(trail))
                    names.update(name for _, name, _ in found if name and not name.isdecimal())  # not an index
                    if len(trail) >= 2 and trail[-2] == "properties" and _is_negative(value) and _in_balance(trail):
                        names.add(trail[-1])
                walk(value, (*trail, key))
        elif isinstance(node, list):
            for item in node:
                walk(item, trail)

    walk(document, ())
    return frozenset(names)


def _in_balance(trail: tuple[str, ...]) -> bool:
    return any(names_a_balance(part) for part in trail)


_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def names_a_balance(name: str) -> bool:
    """`balance`, `available_balance`, `balanceAmount`, `Balances`: a name whose thing is a balance, the word
    balance in it followed by nothing but how it is counted; not `load_balancer` or `rebalance`, nor Mollie's
    `balance_transfers` or a `balanceReport`, which are other things about balances."""
    words = [word.lower() for word in _WORDS.findall(name)]
    return any(
        word in ("balance", "balances") and set(words[at + 1 :]) <= _HOW_A_BALANCE_IS_COUNTED
        for at, word in enumerate(words)
    )


# what may follow the word balance in the name of a balance: its amount, its unit, its currency
_HOW_A_BALANCE_IS_COUNTED = frozenset(
    {"amount", "amounts", "value", "values", "total", "cents", "micros", "minor", "units", "usd", "eur", "gbp"}
)


def _is_negative(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0


def _negative_balance_fields(
    node: Any, path: str = "", name: str = "", inside_balance: bool = False
) -> list[tuple[str, str, float]]:
    """(JSON path, field name, value) of each negative number that is, or sits inside, a `balance`-like field
    (an array item's name is its index)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            in_balance = inside_balance or names_a_balance(str(key))
            found.extend(_negative_balance_fields(value, f"{path}/{key}", str(key), in_balance))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.extend(_negative_balance_fields(item, f"{path}/{index}", str(index), inside_balance))
    elif inside_balance and _is_negative(node):
        found.append((path, name, node))
    return found


def check_wallet_balance(state: RunState, response: Any, case: Any) -> None:
    """A wallet/account balance is never negative.

    A negative number the client sent, in this request or an earlier one, under the same field name is its
    own data given back (say, free-form `attributes` a resource stores), not a balance the server worked
    out: no failure.
    """
    sent = state.sent_balances
    sent.update((name, value) for _, name, value in _negative_balance_fields(getattr(case, "body", None)))
    if not 200 <= response.status_code < 300:
        return
    is_json, body = body_of(response)
    if not is_json:
        return
    if state.documented_negatives is None:
        state.documented_negatives = documented_negatives(state.facts.document)
    negatives = negative_balances(body, exempt=sent, exempt_names=state.documented_negatives)
    if negatives:
        raise NegativeBalance(f"{describe(case, response)}: negative balance: {', '.join(negatives[:5])}")


class PaidCallNotDebited(ContractFailure):
    check = "wallet_debit_conformance"
    title_text = "Paid calls did not debit what they were quoted"


class ParallelChargesOverspent(ContractFailure):
    check = "wallet_race_conformance"
    title_text = "Parallel charges overspent the wallet"


def balance_of(body: Any) -> tuple[str, float] | None:
    """(field name, value) of the first number at or under a field named like `balance`."""

    def walk(node: Any, name: str | None) -> tuple[str, float] | None:
        if isinstance(node, dict):
            for key, value in node.items():
                inside = name or (key if names_a_balance(str(key)) else None)
                found = walk(value, inside if inside is None or name else key)
                if found is not None:
                    return found
        elif name is not None and isinstance(node, (int, float)) and not isinstance(node, bool):
            return name, float(node)
        return None

    return walk(body, None)


def price_of(body: Any, balance_field: str) -> float | None:
    """The price a paid answer quotes, in the balance's unit: a field like `price_cents` for `balance_cents`."""
    if not isinstance(body, dict):
        return None
    unit = balance_field.lower().split("balance", 1)[-1]  # "_cents", "_usd", "" ...
    for key, value in body.items():
        lowered = str(key).lower()
        named = any(word in lowered for word in ("price", "cost", "charged", "amount"))
        if named and lowered.endswith(unit) and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


def check_debits(before: float, after: float, quoted: list[float | None], accepted: int, where: str) -> None:
    """After `accepted` paid calls and nothing else, the balance fell by what they quoted (or at least fell)."""
    if accepted == 0:
        return
    if all(price is not None for price in quoted) and quoted:
        expected = sum(price for price in quoted if price is not None)
        if abs((before - after) - expected) > 1e-6 * max(1.0, expected):
            raise PaidCallNotDebited(
                f"{where}: {accepted} paid calls quoted {expected:g} in total, the balance went {before:g} -> {after:g}"
            )
    elif after >= before and any(price for price in quoted):
        raise PaidCallNotDebited(f"{where}: {accepted} paid calls succeeded and the balance stayed at {before:g}")


def check_no_overspend(before: float, after: float, where: str) -> None:
    """Parallel charges never take the balance below zero."""
    if after < 0 <= before:
        raise ParallelChargesOverspent(f"{where}: the balance went {before:g} -> {after:g} under parallel charges")


class ReservationNotRefunded(ContractFailure):
    check = "wallet_refund_conformance"
    title_text = "A cancelled or failed job's reservation was not refunded"


class LedgerDisagrees(ContractFailure):
    check = "wallet_ledger_conformance"
    title_text = "The ledger does not sum to the balance's change"


def check_refund(before: float, after: float, outcome: str, job: str, where: str) -> None:
    """A paid job that ended cancelled or failed costs nothing: the balance is back where it was."""
    if outcome not in ("cancelled", "failed"):
        return
    if abs(after - before) > 1e-6 * max(1.0, abs(before)):
        raise ReservationNotRefunded(
            f"{where}: job {job} ended {outcome}, and the balance went {before:g} -> {after:g} instead of back to "
            f"{before:g}"
        )


def amount_of(entry: Any, balance_field: str) -> float | None:
    """The signed amount of a ledger entry, in the balance's unit: `amount_cents` for `balance_cents`."""
    if not isinstance(entry, dict):
        return None
    unit = balance_field.lower().split("balance", 1)[-1]
    for key, value in entry.items():
        lowered = str(key).lower()
        named = any(word in lowered for word in ("amount", "delta", "change"))
        if named and lowered.endswith(unit) and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


def check_ledger(before: float, after: float, new_amounts: list[float], where: str) -> None:
    """The entries the ledger gained between two balance reads add up to the balance's change."""
    total = sum(new_amounts)
    if abs((after - before) - total) > 1e-6 * max(1.0, abs(before), abs(total)):
        raise LedgerDisagrees(
            f"{where}: the balance went {before:g} -> {after:g} ({after - before:+g}); the {len(new_amounts)} new "
            f"ledger entries add up to {total:+g}"
        )
