"""The lifecycle phase: follow what a create started over as many polls as it takes to finish, and
settle the money it reserved.

A *job* is what a POST with links creates when the GET its links reach answers a `status`
(an enum, or a state machine an Overlay declares with `x-specmock-transitions`). For each one:

1. **Walk**: create one, then poll it until it reaches a final state (a state the machine gives no
   way out of, or a terminal word: completed, failed, cancelled ...), at most `MAX_POLLS` polls
   and `MAX_SECONDS`, waiting what `Retry-After` asks (capped) and backing off otherwise. Every
   answer goes through the sequence checks: status order, the declared transitions, the body's
   schema at every state, no move back from a terminal state.
2. **Refund on cancel**, for a paid create (it declares 402) with a cancel operation among its
   links, where the spec has a balance read: read the balance, create, cancel at once, walk to the
   end, read the balance again. A job that ended cancelled or failed must cost nothing; where the
   wallet has a ledger (a list beside the balance whose entries carry amounts in its unit), the
   entries added meanwhile must sum to the balance's change.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from contract_tests.checks import envelope, money, sequences
from contract_tests.checks.base import ContractFailure, body_of, header_of
from contract_tests.phases.base import Created, PhaseRun, create, creators
from contract_tests.phases.concurrency import balance_reads
from contract_tests.reproduction import Exchange
from contract_tests.spec_facts import is_cancel_operation, json_schema_of, response_definition_for

MAX_POLLS = 12
MAX_SECONDS = 15.0
MAX_WAIT = 2.0  # the longest a single Retry-After is honoured for (a walk is a test, not a client)
FIRST_WAIT = 0.05
MAX_BACKOFF = 0.5


def poll_wait(retry_after: str | None, polls_done: int, remaining: float) -> float:
    """Seconds to wait before the next poll: what `Retry-After` asks (whole seconds; capped), else a
    backoff that doubles from `FIRST_WAIT`; never past the walk's remaining time."""
    wanted: float = min(FIRST_WAIT * 2.0**polls_done, MAX_BACKOFF)
    if retry_after is not None and retry_after.strip().isdecimal():
        wanted = min(float(retry_after.strip()), MAX_WAIT)
    return max(0.0, min(wanted, remaining))


@dataclass(frozen=True)
class JobShape:
    """What the spec says about a job: where its status is, its final states, and how to read and cancel it."""

    field: str
    final: frozenset[str]
    reader: tuple[Any, dict[str, Any]]
    canceller: tuple[Any, dict[str, Any]] | None


def _status_schema(run: PhaseRun, operation: Any) -> tuple[str, frozenset[str]] | None:
    """(status field, final states) from the GET's success schema, or None when it has no status."""
    responses = run.raw(operation).get("responses") or {}
    for code in sorted(responses):
        if not str(code).startswith("2") or not str(code).isdecimal():
            continue
        schema = json_schema_of(response_definition_for(responses, int(code)))
        declared = sequences.declared_machine(schema)
        if declared is not None:
            name, machine = declared
            return name, frozenset(state for state, targets in machine.items() if not targets)
        status = ((schema or {}).get("properties") or {}).get("status") if isinstance(schema, dict) else None
        values = status.get("enum") if isinstance(status, dict) else None
        if values:
            return "status", frozenset(str(v) for v in values if str(v).lower() in sequences.TERMINAL)
    return None


def job_shapes(run: PhaseRun) -> list[tuple[Any, list[tuple[Any, dict[str, Any]]], JobShape]]:
    """Creators whose links reach a GET answering a status: (creator, links, what the job looks like)."""
    found = []
    for creator, links in creators(run):
        readers = [(op, link) for op, link in links if op.method.upper() == "GET"]
        for reader, link in readers:
            status = _status_schema(run, reader)
            if status is None:
                continue
            cancels = [
                (op, lk)
                for op, lk in links
                if is_cancel_operation(run.document, op.path, op.method) and op is not reader
            ]
            shape = JobShape(status[0], status[1], (reader, link), cancels[0] if cancels else None)
            found.append((creator, links, shape))
            break
    return found


def _target(created: Created, operation: Any) -> dict[str, Any] | None:
    return next((params for op, params in created.targets if op is operation), None)


def walk(run: PhaseRun, created: Created, shape: JobShape, steps: list[Exchange]) -> str | None:
    """Poll the created job until it is final or the budget runs out; its last status (None: never read)."""
    reader = shape.reader[0]
    params = _target(created, reader)
    if params is None:
        return None
    last: str | None = None
    started = time.monotonic()
    for polls in range(MAX_POLLS):
        case = created.case_for(reader, params)
        response = run.send(case, steps=steps)
        run.check(
            case,
            response,
            steps,
            sequences.check_status_order,
            sequences.check_state_transition,
            sequences.check_lifecycle_body,
            sequences.check_job_lifecycle,
            envelope.check_error_envelope,
        )
        _, body = body_of(response)
        status = body.get(shape.field) if isinstance(body, dict) and 200 <= response.status_code < 300 else None
        if isinstance(status, str):
            last = status
            if status in shape.final:
                return last
        elif response.status_code not in (429, 503):
            return last  # gone, refused or broken: nothing further to follow
        remaining = MAX_SECONDS - (time.monotonic() - started)
        if remaining <= 0:
            return last
        time.sleep(poll_wait(header_of(response, "retry-after"), polls, remaining))
    return last


@dataclass
class Wallet:
    """How to read the balance, and the ledger beside it when the spec has one."""

    reader: Any
    ledger: Any | None

    def read(self, run: PhaseRun, steps: list[Exchange]) -> tuple[float, str, dict[str, float]] | None:
        """(balance, balance field, ledger entry id -> amount) now; None when the balance cannot be read."""
        response = run.send(self.reader.Case(), steps=steps)
        _, body = body_of(response)
        found = money.balance_of(body) if 200 <= response.status_code < 300 else None
        if found is None:
            return None
        name, balance = found
        entries = _entries(body, name)
        if self.ledger is not None:
            listed = run.send(self.ledger.Case(), steps=steps)
            _, listing = body_of(listed)
            entries = _entries(listing, name) if 200 <= listed.status_code < 300 else {}
        return balance, name, entries


def _entries(body: Any, balance_field: str) -> dict[str, float]:
    """Ledger entries (id -> amount) in the first array of objects with amounts in the balance's unit."""
    from contract_tests.checks.lists import item_id

    arrays = (
        [body]
        if isinstance(body, list)
        else [v for v in body.values() if isinstance(v, list)]
        if isinstance(body, dict)
        else []
    )
    for array in arrays:
        found = {}
        for entry in array:
            amount = money.amount_of(entry, balance_field)
            if amount is not None:
                found[item_id(entry) or repr(sorted(entry.items()))] = amount
        if found:
            return found
    return {}


def wallet_of(run: PhaseRun) -> Wallet | None:
    readers = balance_reads(run)
    if not readers:
        return None
    reader = readers[0]
    prefix = reader.path.rstrip("/") + "/"
    ledgers = [
        op
        for op in run.operations().values()
        if op.method.upper() == "GET" and op.path.startswith(prefix) and "{" not in op.path
    ]
    return Wallet(reader, ledgers[0] if ledgers else None)


def run_lifecycle_phase(run: PhaseRun) -> None:
    wallet = wallet_of(run)
    for creator, links, shape in job_shapes(run):
        steps: list[Exchange] = []
        created = create(run, creator, links)
        if created is not None:
            steps = list(created.steps)
            walk(run, created, shape, steps)
        paid = "402" in run.declared_statuses(creator)
        if paid and wallet is not None and shape.canceller is not None:
            refund_on_cancel(run, creator, links, shape, wallet)


def refund_on_cancel(
    run: PhaseRun, creator: Any, links: list[tuple[Any, dict[str, Any]]], shape: JobShape, wallet: Wallet
) -> None:
    steps: list[Exchange] = []
    before = wallet.read(run, steps)
    if before is None:
        return
    created = create(run, creator, links)
    if created is None:
        return
    steps.extend(created.steps)
    assert shape.canceller is not None
    canceller = shape.canceller[0]
    params = _target(created, canceller)
    if params is None:
        return
    cancel_case = created.case_for(canceller, params)
    cancelled = run.send(cancel_case, steps=steps)
    run.check(cancel_case, cancelled, steps, sequences.check_state_transition, envelope.check_error_envelope)
    outcome_status = walk(run, created, shape, steps)
    after = wallet.read(run, steps)
    if after is None or outcome_status is None:
        return
    job = next(iter(params.values()), "?")
    where = f"{creator.label} then {canceller.label} (answered {cancelled.status_code})"
    failures: list[ContractFailure] = []
    try:
        money.check_refund(before[0], after[0], sequences.outcome(outcome_status.lower()), str(job), where)
    except ContractFailure as not_refunded:
        failures.append(not_refunded)
    if after[2] or before[2]:
        added = [amount for entry, amount in after[2].items() if entry not in before[2]]
        try:
            money.check_ledger(before[0], after[0], added, where)
        except ContractFailure as unbalanced:
            failures.append(unbalanced)
    for found in failures:
        run.fail(cancel_case, found, cancelled, steps)
