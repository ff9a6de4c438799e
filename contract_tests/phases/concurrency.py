"""The concurrency phase, for wallet-style APIs: read the balance, fire N paid calls at once, read it
again. The balance must never go below zero (a check-then-debit race overspends), and it must fall
by what the accepted calls quoted (a paid call that does not debit).

A *balance read* is a GET without path parameters whose answer holds a number under a field named
like `balance`; a *paid call* is a POST that declares 402. Both are read off the spec.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from contract_tests.checks.base import ContractFailure
from contract_tests.checks.money import balance_of, check_debits, check_no_overspend, names_a_balance, price_of
from contract_tests.phases.base import PhaseRun
from contract_tests.phases.security import case_parts
from contract_tests.reproduction import Exchange
from contract_tests.spec_facts import json_schema_of

PARALLEL = 8


def _schema_mentions_balance(schema: Any) -> bool:
    """A property named a balance anywhere in the schema (not a `load_balancer`); each subschema looked at once,
    recursive schemas too."""
    seen: set[int] = set()
    pending = [schema]
    while pending:
        node = pending.pop()
        if not isinstance(node, (dict, list)) or id(node) in seen:
            continue
        seen.add(id(node))
        values = node.values() if isinstance(node, dict) else node
        properties = node.get("properties") if isinstance(node, dict) else None
        if isinstance(properties, dict) and any(names_a_balance(str(name)) for name in properties):
            return True
        pending.extend(values)
    return False


def balance_reads(run: PhaseRun) -> list[Any]:
    found = []
    for operation in run.operations().values():
        if operation.method.upper() != "GET" or "{" in operation.path:
            continue
        responses = run.raw(operation).get("responses") or {}
        if any(
            str(code).startswith("2") and _schema_mentions_balance(json_schema_of(d)) for code, d in responses.items()
        ):
            found.append(operation)
    return found


def paid_calls(run: PhaseRun) -> list[Any]:
    return [
        operation
        for operation in run.operations().values()
        if operation.method.upper() == "POST" and "402" in run.declared_statuses(operation)
    ]


def _read_balance(run: PhaseRun, reader: Any, steps: list[Exchange]) -> float | None:
    response = run.send(reader.Case(), steps=steps)
    try:
        found = balance_of(response.json()) if 200 <= response.status_code < 300 else None
    except ValueError:
        return None
    return found[1] if found is not None else None


def run_concurrency_phase(run: PhaseRun) -> None:
    readers = balance_reads(run)
    payers = paid_calls(run)
    if not readers or not payers:
        return
    reader = readers[0]
    for payer in payers[:1]:
        case = run.example(payer)
        if case is None:
            continue
        steps: list[Exchange] = []
        before = _read_balance(run, reader, steps)
        if before is None:
            return
        cases = [payer.Case(**case_parts(case)) for _ in range(PARALLEL)]
        # Threads start one after another; on a busy machine that can spread the calls so far apart that
        # they never overlap. All of them wait at a barrier, then send together, to open the race window.
        start_together = threading.Barrier(PARALLEL)

        def send_together(paid: Any, barrier: threading.Barrier = start_together) -> Any:
            barrier.wait(timeout=30)
            return run.send(paid)

        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            responses = list(pool.map(send_together, cases))
        for response in responses:
            steps.append(_exchange(response))
        after_steps: list[Exchange] = []
        after = _read_balance(run, reader, after_steps)
        steps.extend(after_steps)
        if after is None:
            return
        name = _balance_field(run, reader)
        accepted = [r for r in responses if 200 <= r.status_code < 300]
        quoted = [price_of(_json(r), name) for r in accepted]
        where = f"{PARALLEL} x {payer.label}"
        failures: list[ContractFailure] = []
        try:
            check_no_overspend(before, after, where)
        except ContractFailure as overspent:
            failures.append(overspent)
        try:
            check_debits(before, after, quoted, len(accepted), where)
        except ContractFailure as not_debited:
            failures.append(not_debited)
        for found in failures:
            run.fail(case, found, responses[-1], steps)


def _balance_field(run: PhaseRun, reader: Any) -> str:
    response = run.send(reader.Case())
    found = balance_of(_json(response))
    return found[0] if found is not None else "balance"


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _exchange(response: Any) -> Exchange:
    from contract_tests.reproduction import from_requests_response

    return from_requests_response(response)
