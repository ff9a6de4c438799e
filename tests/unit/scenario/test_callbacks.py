"""The callback effects and runtime expressions as pure functions: state in, deliveries out."""

from __future__ import annotations

from typing import Any

from mock.scenario.effects.base import EffectInput
from mock.scenario.effects.callbacks import history, on_terminal
from mock.scenario.model import RequestFacts, resolve_runtime_expression
from mock.scenario.store import EMPTY_VIEW, StateStore
from mock.spec import load_apis
from tests.conftest import SPECS

REQUEST = RequestFacts(
    api="runflow",
    operation_id="getBatch",
    method="GET",
    path="/v1/batches/b1",
    path_params={"batch_id": "b1"},
    query={"hook": "http://127.0.0.1:1/q"},
    headers={"X-Hook": "http://127.0.0.1:1/h"},
    body={"callback": {"url": "http://127.0.0.1:1/b"}, "tags": ["x"]},
    credential="sk_1",
)


def test_runtime_expressions_read_the_request() -> None:
    assert resolve_runtime_expression("{$request.body#/callback/url}", REQUEST) == "http://127.0.0.1:1/b"
    assert resolve_runtime_expression("$request.query.hook", REQUEST) == "http://127.0.0.1:1/q"
    assert resolve_runtime_expression("{$request.header.x-hook}", REQUEST) == "http://127.0.0.1:1/h"
    assert resolve_runtime_expression("http://127.0.0.1/{$request.path.batch_id}/done", REQUEST) == (
        "http://127.0.0.1/b1/done"
    )
    assert resolve_runtime_expression("{$request.body#/missing}", REQUEST) is None
    assert resolve_runtime_expression("{$request.body#/tags}", REQUEST) is None  # not a URL-able value


def _input(params: dict[str, Any], context: dict[str, Any], state: Any = None) -> EffectInput:
    operation = next(o for o in load_apis(SPECS)["runflow"].operations if o.operation_id == "getBatch")
    return EffectInput(params, state or EMPTY_VIEW, REQUEST, operation, context, 0.0, 1)


def test_a_delivery_is_queued_only_when_the_job_just_ended_and_has_a_url() -> None:
    job = {"id": "b1", "status": "completed", "status_word": "completed"}
    ended = {"now": "2026-01-01T00:00:00Z", "job": job, "job_event": {"reached": "completed", "key": "runflow:sk_1:b1"}}
    still = {**ended, "job_event": {"reached": None, "key": "runflow:sk_1:b1"}}
    assert on_terminal(_input({"url": "http://127.0.0.1:1/hook"}, still)).skip
    assert on_terminal(_input({"url": None}, ended)).skip
    queued = on_terminal(_input({"url": "http://127.0.0.1:1/hook", "payload": {"id": "${job.id}"}}, ended))
    (put,) = queued.mutations
    assert put.namespace == "callbacks" and put.key == "runflow:sk_1:b1|completed"
    assert put.value["payload"] == {"id": "b1"} and put.value["status"] == "pending" and put.value["max_attempts"] == 5


def test_the_history_lists_the_deliveries_of_the_addressed_job() -> None:
    store = StateStore.open()
    with store.transaction() as tx:
        ended = {"now": "t", "job": {"id": "b1"}, "job_event": {"reached": "completed", "key": "runflow:sk_1:b1"}}
        tx.apply(on_terminal(_input({"url": "http://127.0.0.1:1/hook"}, ended)).mutations)
        found = history(_input({"id_param": "batch_id"}, {}, tx)).vars["callbacks"]
    (delivery,) = found
    assert delivery["job_id"] == "b1" and delivery["attempt_count"] == 0 and "key" not in delivery
