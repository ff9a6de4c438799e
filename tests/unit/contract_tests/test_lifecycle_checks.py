"""The lifecycle checks alone, on a small document of our own: a declared state machine, the body at
every state, refunds, the ledger, and how long a walk waits between polls."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from contract_tests.checks import money, sequences
from contract_tests.checks.base import RunState, start_run
from contract_tests.phases.lifecycle import MAX_BACKOFF, MAX_WAIT, poll_wait

JOB = {
    "type": "object",
    "required": ["id", "state"],
    "properties": {
        "id": {"type": "string"},
        "state": {
            "type": "string",
            "enum": ["queued", "printing", "done", "jammed", "aborted"],
            "x-specmock-transitions": {
                "queued": ["printing", "aborted"],
                "printing": ["done", "jammed", "aborted"],
                "jammed": ["printing", "aborted"],
                "done": [],
                "aborted": [],
            },
        },
    },
}
OK = {"200": {"content": {"application/json": {"schema": JOB}}}}
DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/prints/{id}": {"get": {"operationId": "getPrint", "responses": OK}},
        "/prints/{id}/abort": {"post": {"operationId": "abortPrint", "responses": OK}},
    },
}


def case(method: str, path: str, **path_parameters: str) -> Any:
    operation = SimpleNamespace(path=path, schema=SimpleNamespace(raw_schema=DOCUMENT), label=f"{method} {path}")
    return SimpleNamespace(method=method, operation=operation, path_parameters=path_parameters, query={})


def response(body: Any, status: int = 200) -> Any:
    return SimpleNamespace(status_code=status, content=json.dumps(body).encode(), headers={})


@pytest.fixture
def state() -> RunState:
    return start_run(DOCUMENT)


def test_the_machine_is_read_off_the_schema() -> None:
    declared = sequences.declared_machine(JOB)
    assert declared is not None and declared[0] == "state"
    assert sequences.reachable(declared[1], "queued") == {"printing", "aborted", "done", "jammed"}
    assert sequences.reachable(declared[1], "done") == set()


def test_allowed_moves_pass_even_several_between_two_polls(state: RunState) -> None:
    get = case("GET", "/prints/{id}", id="p1")
    for status in ("queued", "done"):  # printing happened between the polls
        sequences.check_state_transition(state, response({"id": "p1", "state": status}), get)
    get2 = case("GET", "/prints/{id}", id="p2")
    for status in ("queued", "printing", "jammed", "printing"):  # a loop the machine allows
        sequences.check_state_transition(state, response({"id": "p2", "state": status}), get2)


def test_a_move_the_machine_forbids_fails(state: RunState) -> None:
    get = case("GET", "/prints/{id}", id="p1")
    sequences.check_state_transition(state, response({"id": "p1", "state": "printing"}), get)
    with pytest.raises(sequences.IllegalTransition, match="printing -> queued"):
        sequences.check_state_transition(state, response({"id": "p1", "state": "queued"}), get)


def test_a_write_to_the_item_counts_and_a_final_state_is_never_left(state: RunState) -> None:
    sequences.check_state_transition(
        state, response({"id": "p1", "state": "aborted"}), case("POST", "/prints/{id}/abort", id="p1")
    )
    with pytest.raises(sequences.IllegalTransition, match="nothing \\(it is final\\)"):
        sequences.check_state_transition(
            state, response({"id": "p1", "state": "printing"}), case("GET", "/prints/{id}", id="p1")
        )


def test_every_state_body_must_validate(state: RunState) -> None:
    get = case("GET", "/prints/{id}", id="p1")
    sequences.check_lifecycle_body(state, response({"id": "p1", "state": "done"}), get)
    with pytest.raises(sequences.LifecycleBodyInvalid, match="at status|state"):
        sequences.check_lifecycle_body(state, response({"id": "p1", "state": "lost"}), get)


def test_refund_only_for_cancelled_or_failed_jobs() -> None:
    money.check_refund(300, 300, "cancelled", "j1", "w")
    money.check_refund(300, 250, "succeeded", "j1", "w")  # a finished job keeps its price
    with pytest.raises(money.ReservationNotRefunded, match="300 -> 250"):
        money.check_refund(300, 250, "failed", "j1", "w")


def test_the_ledger_sums_to_the_balance_change() -> None:
    assert money.amount_of({"id": "t", "amount_cents": -50}, "balance_cents") == -50
    assert money.amount_of({"id": "t", "amount_usd": 1.5, "balance_after_usd": 9}, "usd") == 1.5
    money.check_ledger(300, 300, [-50, 50], "w")
    with pytest.raises(money.LedgerDisagrees, match="add up to -50"):
        money.check_ledger(300, 300, [-50], "w")


def test_poll_waits_honour_retry_after_within_bounds() -> None:
    assert poll_wait("1", 0, 10) == 1.0
    assert poll_wait("3600", 0, 10) == MAX_WAIT  # a walk is a test, not a patient client
    assert poll_wait("5", 0, 0.3) == 0.3  # never past the walk's budget
    assert poll_wait(None, 0, 10) < poll_wait(None, 2, 10) <= MAX_BACKOFF
    assert poll_wait("Wed, 21 Oct 2015 07:28:00 GMT", 10, 10) == MAX_BACKOFF  # a date is not waited for


DOCUMENTS: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/documents.create": {
            "post": {
                "operationId": "create",
                "responses": {
                    "200": {
                        "links": {
                            "ToInfo": {"operationId": "info", "requestBody": {"id": "$response.body#/data/id"}},
                            "ToDelete": {"operationId": "remove", "requestBody": {"id": "$response.body#/data/id"}},
                        }
                    }
                },
            }
        },
        "/documents.info": {"post": {"operationId": "info", "responses": {"200": {}, "404": {}}}},
        "/documents.delete": {"post": {"operationId": "remove", "responses": {"200": {}, "404": {}}}},
    },
}


def rpc_case(path: str, body: Any) -> Any:
    operation = SimpleNamespace(path=path, schema=SimpleNamespace(raw_schema=DOCUMENTS), label=f"POST {path}")
    return SimpleNamespace(method="POST", operation=operation, path_parameters={}, query={}, body=body)


def test_an_rpc_style_record_created_and_read_back_missing_breaks_its_lifecycle() -> None:
    # Outline's `POST /documents.info {"id": …}` answering 404 for a document just made: no path parameter named it,
    # so the check never knew it was the record the create made
    state = start_run(DOCUMENTS)
    made = {"data": {"id": "d1"}}
    sequences.check_resource_lifecycle(state, response(made), rpc_case("/documents.create", {"title": "Plan"}))
    sequences.check_resource_lifecycle(state, response({}, 404), rpc_case("/documents.info", {"id": "other"}))
    with pytest.raises(sequences.ResourceLifecycleBroken, match="created earlier"):
        sequences.check_resource_lifecycle(state, response({}, 404), rpc_case("/documents.info", {"id": "d1"}))


def test_an_rpc_style_record_deleted_may_read_back_missing_or_as_the_api_says_it() -> None:
    state = start_run(DOCUMENTS)
    sequences.check_resource_lifecycle(state, response({"data": {"id": "d1"}}), rpc_case("/documents.create", {}))
    sequences.check_resource_lifecycle(
        state, response({"data": {"id": "d1"}}), rpc_case("/documents.info", {"id": "d1"})
    )
    sequences.check_resource_lifecycle(state, response({"success": True}), rpc_case("/documents.delete", {"id": "d1"}))
    sequences.check_resource_lifecycle(state, response({}, 404), rpc_case("/documents.info", {"id": "d1"}))
    # Slack's way: 200 and `{"ok": false, "error": "not_found"}`; not judged
    sequences.check_resource_lifecycle(state, response({"ok": False}), rpc_case("/documents.info", {"id": "d1"}))
