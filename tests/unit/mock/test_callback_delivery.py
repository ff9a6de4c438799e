"""The callback dispatcher alone: who may be called, how payloads are completed, retries until given up."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from mock.callback_delivery import CallbackDispatcher, complete_payload, declared_schema, host_allowed
from mock.scenario.store import StateStore
from mock.schema_validation import is_valid
from mock.spec import load_apis
from tests.conftest import ROOT


def test_only_loopback_and_allowed_hosts_are_called() -> None:
    assert host_allowed("http://127.0.0.1:9000/hook", frozenset())
    assert host_allowed("http://localhost/hook", frozenset())
    assert host_allowed("http://[::1]:80/hook", frozenset())
    assert not host_allowed("http://10.0.0.8/hook", frozenset())
    assert not host_allowed("http://hooks.example.com/x", frozenset())
    assert host_allowed("https://hooks.example.com/x", frozenset({"hooks.example.com"}))
    assert not host_allowed("ftp://127.0.0.1/x", frozenset())


def test_a_payload_is_completed_to_the_declared_callback_schema() -> None:
    apis = load_apis(ROOT / "tests" / "data" / "callbacks" / "specs")
    schema, media_type = declared_schema(apis, {"api": "jobs", "operation": "createJob", "callback": "jobFinished"})
    assert media_type == "application/json" and schema is not None
    payload = complete_payload({"job_id": "j1", "status": "completed", "nonsense": 1}, schema, seed=3)
    assert payload["job_id"] == "j1" and payload["status"] == "completed"
    assert is_valid(schema, payload)
    assert declared_schema(apis, {"api": "jobs", "operation": "nope"}) == (None, "application/json")


def test_failed_attempts_back_off_exponentially_and_give_up_after_max_attempts() -> None:
    store = StateStore.open()
    calls: list[float] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(time.monotonic())
        return httpx.Response(500)

    delivery: dict[str, Any] = {
        "id": "d1",
        "key": "k",
        "job_id": "j1",
        "event": "completed",
        "url": "http://127.0.0.1:9/hook",
        "payload": {"id": "j1"},
        "schema": None,
        "status": "pending",
        "attempts": [],
        "next_attempt_ts": 0.0,
        "created_at": "2026-01-01T00:00:00Z",
        "delivered_at": None,
        "max_attempts": 3,
        "backoff_s": 0.1,
        "backoff_factor": 3.0,
        "timeout_s": 1.0,
    }
    with store.transaction() as tx:
        tx.put("callbacks", "k", delivery)

    async def run() -> dict[str, Any]:
        dispatcher = CallbackDispatcher(store, {}, transport=httpx.MockTransport(refuse))
        dispatcher.wake()
        for _ in range(1500):  # generous: the machine may be busy
            await asyncio.sleep(0.01)
            current = store.snapshot("callbacks")["k"]
            if current["status"] != "pending":
                return current
        raise AssertionError("the delivery never ended")

    final = asyncio.run(run())
    assert final["status"] == "failed"
    assert [a["status_code"] for a in final["attempts"]] == [500, 500, 500]
    first_wait, second_wait = calls[1] - calls[0], calls[2] - calls[1]
    assert first_wait >= 0.1 and second_wait >= 0.3, (first_wait, second_wait)
