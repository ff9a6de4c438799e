"""Wallet-style APIs: a 402 says why, and no balance is ever negative."""

from __future__ import annotations

import re
from typing import Any

from contract_tests.checks.base import ContractFailure, RunState, body_of, describe, error_codes


class PaymentRequiredWithoutReason(ContractFailure):
    check = "insufficient_funds_conformance"
    title_text = "402 without an insufficient_funds code"


class NegativeBalance(ContractFailure):
    check = "wallet_balance_conformance"
    title_text = "Negative balance"


def _squash(code: str) -> str:
    # "insufficient_funds", "insufficientFunds" and "INSUFFICIENT_FUNDS" name the same condition.
    return re.sub(r"[^a-z0-9]", "", code.lower())


def check_insufficient_funds(state: RunState, response: Any, case: Any) -> None:
    """A 402 says why: an `insufficient_funds` error code in the API's envelope."""
    if response.status_code != 402:
        return
    _, body = body_of(response)
    codes = error_codes(body)
    if not any(_squash(code) == "insufficientfunds" for code in codes):
        raise PaymentRequiredWithoutReason(
            f"{describe(case, response)}: 402 without an `insufficient_funds` error code "
            f"(codes found: {codes or 'none'})"
        )


def negative_balances(node: Any, path: str = "", inside_balance: bool = False) -> list[str]:
    """JSON paths of negative numbers that are, or sit inside, a field named like `balance`."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}/{key}"
            in_balance = inside_balance or "balance" in str(key).lower()
            found.extend(negative_balances(value, here, in_balance))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.extend(negative_balances(item, f"{path}/{index}", inside_balance))
    elif inside_balance and isinstance(node, (int, float)) and not isinstance(node, bool) and node < 0:
        found.append(f"{path or '/'} = {node}")
    return found


def check_wallet_balance(state: RunState, response: Any, case: Any) -> None:
    """A wallet/account balance is never negative."""
    if not 200 <= response.status_code < 300:
        return
    is_json, body = body_of(response)
    if not is_json:
        return
    negatives = negative_balances(body)
    if negatives:
        raise NegativeBalance(f"{describe(case, response)}: negative balance: {', '.join(negatives[:5])}")
