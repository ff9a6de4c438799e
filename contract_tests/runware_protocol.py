"""Runware's array-of-tasks body tested as a protocol, not only as a schema.

Schemathesis generates bodies that match the merged `oneOf` task schema, but the rules that make
Runware a protocol (an authentication task can replace the header, results come back in task order
with their `taskUUID`, an unknown task type is rejected naming the task) only show in hand-written
exchanges. Each test is a plain function taking a `Session` and raising AssertionError.
"""

from __future__ import annotations

import json
import shlex
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from mock.spec.task_protocol import task_protocol_of


@dataclass
class Session:
    """Where and how to talk to a Runware implementation (base URL is the server URL, e.g. .../v1)."""

    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 10.0
    last_curl: str = ""

    @property
    def api_key(self) -> str:
        for name, value in self.headers.items():
            if name.lower() == "authorization" and value.lower().startswith("bearer "):
                return value[7:].strip()
        return "specmock-contract-key"

    def post(self, tasks: list[dict[str, Any]], *, with_auth_header: bool = True) -> httpx.Response:
        url = self.base_url.rstrip("/") + "/"
        headers = {"Content-Type": "application/json"}
        for name, value in self.headers.items():
            if with_auth_header or name.lower() != "authorization":
                headers[name] = value
        body = json.dumps(tasks)
        self.last_curl = " ".join(
            [
                "curl",
                "-X",
                "POST",
                *[f"-H {shlex.quote(f'{k}: {v}')}" for k, v in headers.items()],
                "-d",
                shlex.quote(body),
                shlex.quote(url),
            ]
        )
        with httpx.Client(timeout=self.timeout) as client:
            return client.post(url, content=body, headers=headers)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise AssertionError(f"HTTP {response.status_code} body is not JSON: {response.text[:200]!r}") from None


def _expect_status(response: httpx.Response, expected: int) -> Any:
    body = _json(response)
    if response.status_code != expected:
        raise AssertionError(f"expected HTTP {expected}, got {response.status_code}: {json.dumps(body)[:300]}")
    return body


def _results(body: Any) -> list[dict[str, Any]]:
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise AssertionError(f"response has no `data` array of results: {json.dumps(body)[:300]}")
    return data


def _errors(body: Any) -> list[dict[str, Any]]:
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list) or not errors:
        raise AssertionError(f"error response has no non-empty `errors` array: {json.dumps(body)[:300]}")
    for item in errors:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("code"), str)
            or not isinstance(item.get("message"), str)
        ):
            raise AssertionError(f"`errors[]` item lacks string `code`/`message`: {json.dumps(item)[:200]}")
    return errors


def account_task(task_uuid: str | None = None) -> dict[str, Any]:
    return {"taskType": "accountManagement", "taskUUID": task_uuid or str(uuid.uuid4()), "operation": "getDetails"}


def auth_task(api_key: str) -> dict[str, Any]:
    return {"taskType": "authentication", "apiKey": api_key}


def _assert_account_results(results: list[dict[str, Any]], task_uuids: list[str]) -> None:
    got = [item.get("taskUUID") for item in results if item.get("taskType") == "accountManagement"]
    if got != task_uuids:
        raise AssertionError(
            f"accountManagement results must echo taskUUIDs in request order: sent {task_uuids}, got {got}"
        )


# --------------------------------------------------------------------------- the tests


def single_account_task(session: Session) -> None:
    task_uuid = str(uuid.uuid4())
    body = _expect_status(session.post([account_task(task_uuid)]), 200)
    results = _results(body)
    if len(results) != 1:
        raise AssertionError(f"one task must give one result, got {len(results)}")
    _assert_account_results(results, [task_uuid])


def single_auth_task(session: Session) -> None:
    body = _expect_status(session.post([auth_task(session.api_key)], with_auth_header=False), 200)
    results = _results(body)
    if [item.get("taskType") for item in results] != ["authentication"]:
        raise AssertionError(f"expected one authentication result, got {[item.get('taskType') for item in results]}")
    if not isinstance(results[0].get("connectionSessionUUID"), str):
        raise AssertionError("authentication result lacks `connectionSessionUUID`")


def auth_task_first_without_header(session: Session) -> None:
    uuids = [str(uuid.uuid4()) for _ in range(2)]
    tasks = [auth_task(session.api_key), *(account_task(u) for u in uuids)]
    body = _expect_status(session.post(tasks, with_auth_header=False), 200)
    results = _results(body)
    if not results or results[0].get("taskType") != "authentication":
        raise AssertionError(
            f"first result must answer the authentication task, got {[r.get('taskType') for r in results]}"
        )
    _assert_account_results(results, uuids)


def mixed_tasks_echo_uuids_in_order(session: Session) -> None:
    uuids = [str(uuid.uuid4()) for _ in range(3)]
    tasks = [auth_task(session.api_key), *(account_task(u) for u in uuids)]
    body = _expect_status(session.post(tasks), 200)
    _assert_account_results(_results(body), uuids)


def missing_credentials_rejected(session: Session) -> None:
    response = session.post([account_task()], with_auth_header=False)
    _errors(_expect_status(response, 401))


def invalid_auth_task_rejected(session: Session) -> None:
    response = session.post([auth_task("invalid-contract-key"), account_task()], with_auth_header=False)
    _errors(_expect_status(response, 401))


def unknown_task_type_rejected(session: Session) -> None:
    task_uuid = str(uuid.uuid4())
    bogus = {"taskType": "specmockNoSuchTask", "taskUUID": task_uuid}
    errors = _errors(_expect_status(session.post([account_task(), bogus]), 400))
    if not any(item.get("taskType") == bogus["taskType"] or item.get("taskUUID") == task_uuid for item in errors):
        raise AssertionError(
            f"400 `errors[]` must name the unknown task (taskType or taskUUID): {json.dumps(errors)[:300]}"
        )


def body_not_an_array_rejected(session: Session) -> None:
    response = session.post(account_task())  # type: ignore[arg-type]
    _errors(_expect_status(response, 400))


PROTOCOL_TESTS: tuple[Callable[[Session], None], ...] = (
    single_account_task,
    single_auth_task,
    auth_task_first_without_header,
    mixed_tasks_echo_uuids_in_order,
    missing_credentials_rejected,
    invalid_auth_task_rejected,
    unknown_task_type_rejected,
    body_not_an_array_rejected,
)


@dataclass
class ProtocolOutcome:
    name: str
    error: str | None
    curl: str


def run_protocol_tests(session: Session) -> list[ProtocolOutcome]:
    outcomes = []
    for test in PROTOCOL_TESTS:
        session.last_curl = ""
        try:
            test(session)
        except AssertionError as exc:
            outcomes.append(ProtocolOutcome(test.__name__, str(exc), session.last_curl))
        except httpx.HTTPError as exc:
            outcomes.append(ProtocolOutcome(test.__name__, f"request failed: {exc!r}", session.last_curl))
        else:
            outcomes.append(ProtocolOutcome(test.__name__, None, session.last_curl))
    return outcomes


def is_task_protocol(document: dict[str, Any]) -> bool:
    """Whether a document is a Runware-style task API: POST / taking an array of `taskType` objects."""
    post = ((document.get("paths") or {}).get("/") or {}).get("post")
    return isinstance(post, dict) and task_protocol_of(post) is not None
