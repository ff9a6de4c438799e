"""Callbacks delivered by the mock: a Runflow batch that completes is POSTed to a receiving server."""

from __future__ import annotations

import time
import uuid

import httpx

from mock.schema_validation import is_valid
from mock.spec import load_apis
from tests.conftest import SPECS
from tests.e2e.callback_receiver_app import running_receiver
from tests.specmock_server import REPO, checked_server

AUTH = {"Authorization": "Bearer sk_live_callbacks"}


def _poll_until_terminal(base: str, batch_id: str) -> dict[str, object]:
    for _ in range(10):
        batch = httpx.get(f"{base}/v1/batches/{batch_id}", headers=AUTH, timeout=10).json()
        if batch["status_code"] in ("completed", "failed", "cancelled"):
            return batch
    raise AssertionError(f"batch {batch_id} never ended: {batch}")


def test_a_completed_batch_is_called_back_and_retried_after_a_500() -> None:
    batch_schema = (
        next(o for o in load_apis(SPECS)["runflow"].operations if o.operation_id == "getBatch")
        .responses["200"]
        .content["application/json"]
        .schema
    )
    batch_id = str(uuid.uuid4())
    with running_receiver(fail_first=1) as receiver:
        args = ["--api", "runflow", "--scenario", "job-lifecycle", "--scenario", "callbacks"]
        settings = [f"callbacks.url={receiver.url}", "callbacks.backoff_s=0.3", "callbacks.backoff_factor=2"]
        with checked_server(*args, *[a for s in settings for a in ("--set", s)]) as mock:
            started = time.monotonic()
            batch = _poll_until_terminal(mock.url, batch_id)
            polled_s = time.monotonic() - started
            first, second = receiver.wait_for(2)[:2]
            time.sleep(0.5)  # a delivered callback is not sent again
            history = httpx.get(f"{mock.url}/v1/batches/{batch_id}/callback", headers=AUTH, timeout=10).json()
    assert polled_s < 8, "delivery is asynchronous: polling never waits for the receiver"
    assert len(receiver.received) == 2
    assert first["answered"] == 500 and second["answered"] == 200
    assert second["at"] - first["at"] >= 0.3, "the retry waits backoff_s"
    payload = second["body"]
    assert payload == first["body"], "every attempt sends the same payload"
    assert payload["id"] == batch_id and payload["status_code"] == batch["status_code"] == "completed"
    assert payload["items_total"] == batch["items_total"] and payload["completed_at"] == batch["completed_at"]
    assert payload["callback_url"] == receiver.url
    assert is_valid(batch_schema, payload)
    (delivery,) = history
    assert delivery["status"] == "delivered" and delivery["event"] == "completed" and delivery["url"] == receiver.url
    assert [a.get("status_code") for a in delivery["attempts"]] == [500, 200]
    assert delivery["payload"] == payload


def test_a_callback_to_a_host_not_allowed_is_refused_and_logged() -> None:
    batch_id = str(uuid.uuid4())
    outside = "http://198.51.100.7/hook"  # TEST-NET-2: never contacted, refused before any connection
    args = ["--api", "runflow", "--scenario", "job-lifecycle", "--scenario", "callbacks", "--set"]
    with checked_server(*args, f"callbacks.url={outside}") as mock:
        _poll_until_terminal(mock.url, batch_id)
        for _ in range(50):
            history = httpx.get(f"{mock.url}/v1/batches/{batch_id}/callback", headers=AUTH, timeout=10).json()
            if history and history[0]["status"] != "pending":
                break
            time.sleep(0.05)
    (delivery,) = history
    assert delivery["status"] == "refused"
    assert "198.51.100.7 is neither loopback nor allowed" in delivery["attempts"][0]["error"]
    assert "198.51.100.7 is neither loopback nor allowed" in mock.stderr


JOBS = REPO / "tests" / "data" / "callbacks"


def test_a_callback_the_spec_declares_goes_to_its_runtime_expression_with_a_valid_payload() -> None:
    api = load_apis(JOBS / "specs")["jobs"]
    (declared,) = next(o for o in api.operations if o.operation_id == "createJob").callbacks
    assert declared.url == "{$request.body#/callback_url}"
    args = ["--specs", str(JOBS / "specs"), "--scenarios", str(JOBS / "scenarios")]
    with running_receiver() as receiver, checked_server(*args, "--scenario", "jobs,job-callbacks") as mock:
        created = httpx.post(
            f"{mock.url}/v1/jobs", json={"prompt": "a fox", "callback_url": receiver.url}, headers=AUTH, timeout=10
        )
        assert created.status_code == 202 and created.json()["status"] == "queued"
        job_id = created.json()["id"]
        statuses = [
            httpx.get(f"{mock.url}/v1/jobs/{job_id}", headers=AUTH, timeout=10).json()["status"] for _ in range(4)
        ]
        (delivered,) = receiver.wait_for(1)
    assert statuses[-1] == "completed"
    payload = delivered["body"]
    assert payload["job_id"] == job_id and payload["status"] == "completed" and payload["event"] == "job.finished"
    assert is_valid(declared.schema or {}, payload), "filled out to the declared schema (attempt_hint included)"
