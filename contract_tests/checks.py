"""specmock's domain checks: API rules our specs imply but schemathesis does not know.

Each is a plain function registered with `@schemathesis.check`, so it runs beside the built-in checks in
the CLI engine, in `case.call_and_validate()` and in the state machine. A check raises AssertionError
(reported as "Custom check failed: `<name>`") when the response breaks the rule.

Stateful checks (job lifecycle, cancellation, resource lifecycle) remember what earlier responses in
the same run showed; call `reset_state()` at the start of a run.
"""

from __future__ import annotations

import email.utils
import json
import re
import threading
from collections import OrderedDict
from typing import Any

import schemathesis

from contract_tests.spec_facts import facts_for, is_cancel_operation, json_schema_of, response_definition_for

# --------------------------------------------------------------------------- helpers


def _body(response: Any) -> tuple[bool, Any]:
    """(is_json, parsed body). An empty body is not JSON."""
    if not response.content:
        return False, None
    try:
        return True, json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return False, None


def _header(response: Any, name: str) -> str | None:
    values = response.headers.get(name.lower())
    if not values:
        return None
    return values[0] if isinstance(values, list) else str(values)


def _facts(case: Any):
    return facts_for(case.operation.schema.raw_schema)


def _describe(case: Any, response: Any) -> str:
    return f"{case.method.upper()} {case.operation.path} -> {response.status_code}"


def error_codes(body: Any) -> list[str]:
    """Error codes in any of our envelopes: `error.code`, `errors[].code`, top-level `code`."""
    codes: list[Any] = []
    if isinstance(body, dict):
        codes.append(body.get("code"))
        error = body.get("error")
        if isinstance(error, dict):
            codes.append(error.get("code"))
        errors = body.get("errors")
        if isinstance(errors, list):
            codes.extend(item.get("code") for item in errors if isinstance(item, dict))
    return [str(code) for code in codes if isinstance(code, (str, int)) and not isinstance(code, bool)]


def _squash(code: str) -> str:
    # "insufficient_funds", "insufficientFunds" and "INSUFFICIENT_FUNDS" name the same condition.
    return re.sub(r"[^a-z0-9]", "", code.lower())


# --------------------------------------------------------------------------- stateless checks


@schemathesis.check
def error_envelope_conformance(ctx, response, case):
    """Every 4xx/5xx body is in the API's declared error envelope.

    The schema is the one declared for that status (exact, range or `default`); for a status the
    operation does not declare, or declares without a body schema, it is the API's common error schema
    (the one most 4xx/5xx responses in the document use).
    """
    if response.status_code < 400:
        return None
    facts = _facts(case)
    declared = response_definition_for(facts.responses(case.operation.path, case.method), response.status_code)
    schema = json_schema_of(declared)
    is_json, body = _body(response)
    if schema is None:
        if declared is not None and not response.content:
            return None  # declared without a body, and sent none
        schema = facts.common_error_schema
        source = "the API's common error schema"
        if schema is None:
            return None  # the document declares no error envelope at all
    else:
        source = f"the schema declared for {response.status_code}"
    if not is_json:
        snippet = response.content[:120].decode("utf-8", "replace")
        raise AssertionError(f"{_describe(case, response)}: error body is not JSON ({snippet!r}); expected {source}")
    problems = facts.validation_errors(schema, body)
    if problems:
        raise AssertionError(
            f"{_describe(case, response)}: error body does not match {source}: "
            + "; ".join(problems[:3])
            + f"\nBody: {json.dumps(body)[:300]}"
        )
    return None


def is_valid_retry_after(value: str) -> bool:
    value = value.strip()
    if re.fullmatch(r"\d+", value):
        return True
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return False
    return parsed is not None


@schemathesis.check
def retry_after_conformance(ctx, response, case):
    """A 429 carries a `Retry-After` of integer seconds >= 0 or an HTTP-date (RFC 9110 §10.2.3)."""
    if response.status_code != 429:
        return None
    value = _header(response, "Retry-After")
    if value is None:
        raise AssertionError(f"{_describe(case, response)}: 429 without a Retry-After header")
    if not is_valid_retry_after(value):
        raise AssertionError(
            f"{_describe(case, response)}: Retry-After {value!r} is neither integer seconds >= 0 nor an HTTP-date"
        )
    return None


@schemathesis.check
def insufficient_funds_conformance(ctx, response, case):
    """A 402 says why: an `insufficient_funds` error code in the API's envelope."""
    if response.status_code != 402:
        return None
    _, body = _body(response)
    codes = error_codes(body)
    if not any(_squash(code) == "insufficientfunds" for code in codes):
        raise AssertionError(
            f"{_describe(case, response)}: 402 without an `insufficient_funds` error code (codes found: {codes or 'none'})"
        )
    return None


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


@schemathesis.check
def wallet_balance_conformance(ctx, response, case):
    """A wallet/account balance is never negative."""
    if not 200 <= response.status_code < 300:
        return None
    is_json, body = _body(response)
    if not is_json:
        return None
    negatives = negative_balances(body)
    if negatives:
        raise AssertionError(f"{_describe(case, response)}: negative balance: {', '.join(negatives[:5])}")
    return None


# --------------------------------------------------------------------------- job lifecycle

QUEUED = {"queued", "pending", "created", "submitted", "waiting"}
RUNNING = {"running", "processing", "in_progress", "started", "training"}
SUCCEEDED = {"completed", "succeeded", "success", "ready"}
FAILED = {"failed", "error", "nsfw_blocked", "expired"}
CANCELLED = {"cancelled", "canceled"}
TERMINAL = SUCCEEDED | FAILED | CANCELLED


def status_rank(status: str) -> int:
    if status in QUEUED:
        return 0
    if status in RUNNING:
        return 1
    return 2


def outcome(status: str) -> str:
    # The deprecated generations endpoint says "success" where jobs say "completed": same outcome.
    if status in SUCCEEDED:
        return "succeeded"
    if status in FAILED:
        return "failed"
    if status in CANCELLED:
        return "cancelled"
    return status


def job_of(body: Any) -> tuple[str, str] | None:
    """(job id, status) when a body describes an async job, else None."""
    if not isinstance(body, dict):
        return None
    status = body.get("status")
    if not isinstance(status, str) or status.lower() not in QUEUED | RUNNING | TERMINAL:
        return None
    for key in ("job_id", "id", "generation_id", "task_id"):
        value = body.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
            return str(value), status.lower()
    return None


class JobLedger:
    """The statuses each job id has shown in this run.

    Several checks look at the same response; `observe` is idempotent per response object so each of
    them sees the status the job had *before* this response, whichever check runs first.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.status: dict[str, str] = {}
        self._seen: OrderedDict[int, tuple[Any, str | None]] = OrderedDict()

    def observe(self, job_id: str, status: str | None, response: Any) -> str | None:
        """Record what `response` showed (status None: nothing) and return the status known before it."""
        with self._lock:
            key = id(response)
            seen = self._seen.get(key)
            if seen is not None and seen[0] is response:
                return seen[1]
            previous = self.status.get(job_id)
            if status is not None:
                self.status[job_id] = status
            # Keeping the response referenced stops its id() being reused while it is in this cache.
            self._seen[key] = (response, previous)
            while len(self._seen) > 512:
                self._seen.popitem(last=False)
            return previous


JOBS = JobLedger()


@schemathesis.check
def job_lifecycle_conformance(ctx, response, case):
    """An async job observed over polls never moves backwards: queued -> running -> terminal,
    and a terminal job keeps its outcome."""
    if not 200 <= response.status_code < 300:
        return None
    _, body = _body(response)
    job = job_of(body)
    if job is None:
        return None
    job_id, status = job
    previous = JOBS.observe(job_id, status, response)
    if previous is None:
        return None
    if status_rank(status) < status_rank(previous):
        raise AssertionError(f"{_describe(case, response)}: job {job_id} moved backwards: {previous} -> {status}")
    if previous in TERMINAL and outcome(status) != outcome(previous):
        raise AssertionError(
            f"{_describe(case, response)}: job {job_id} was already terminal ({previous}) and became {status}"
        )
    return None


def _is_cancel_operation(case: Any) -> bool:
    return is_cancel_operation(_facts(case).document, case.operation.path, case.method)


@schemathesis.check
def job_cancellation_conformance(ctx, response, case):
    """Cancelling a job already seen in a terminal state is refused with 409."""
    if not _is_cancel_operation(case):
        return None
    for value in (case.path_parameters or {}).values():
        job_id = str(value)
        if job_id not in JOBS.status:
            continue
        _, body = _body(response)
        job = job_of(body) if 200 <= response.status_code < 300 else None
        previous = JOBS.observe(job_id, job[1] if job and job[0] == job_id else None, response)
        if previous in TERMINAL and response.status_code != 409:
            raise AssertionError(
                f"{_describe(case, response)}: job {job_id} was already {previous}; cancelling it must answer 409"
            )
    return None


# --------------------------------------------------------------------------- resource lifecycle


def _json_pointer(document: Any, pointer: str) -> Any:
    node = document
    for part in pointer.lstrip("/").split("/") if pointer not in ("", "/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def link_value(expression: Any, case: Any, body: Any) -> Any:
    """Evaluate the runtime expressions our overlays use."""
    if not isinstance(expression, str):
        return expression
    if expression.startswith("$response.body#"):
        return _json_pointer(body, expression[len("$response.body#") :])
    if expression.startswith("$request.path."):
        return (case.path_parameters or {}).get(expression[len("$request.path.") :])
    if expression.startswith("$request.query."):
        return (case.query or {}).get(expression[len("$request.query.") :])
    if expression.startswith("$request.body#"):
        return _json_pointer(case.body, expression[len("$request.body#") :])
    return None if expression.startswith("$") else expression


class ResourceLedger:
    """Resources created in this run, keyed by (item path template, path parameters): live or deleted."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.state: dict[tuple[str, frozenset], str] = {}

    def set(self, key: tuple[str, frozenset], state: str) -> None:
        with self._lock:
            self.state[key] = state

    def get(self, key: tuple[str, frozenset]) -> str | None:
        with self._lock:
            return self.state.get(key)


RESOURCES = ResourceLedger()


def _resource_key(case: Any) -> tuple[str, frozenset]:
    return case.operation.path, frozenset((k, str(v)) for k, v in (case.path_parameters or {}).items())


@schemathesis.check
def resource_lifecycle_conformance(ctx, response, case):
    """A created resource is readable until deleted, and 404 after.

    "Created" is known from the links (see specs/overlays/) of a successful POST: each link to a GET or
    DELETE names the item path and the response field holding its id. A DELETE that answers with a job
    in a new state (a cancel) changes the resource's state rather than deleting it.
    """
    facts = _facts(case)
    method = case.method.upper()
    status = response.status_code
    if method == "POST" and 200 <= status < 300:
        _, body = _body(response)
        links = (response_definition_for(facts.responses(case.operation.path, case.method), status) or {}).get("links")
        for link in (links or {}).values():
            target = facts.operation_by_id(link.get("operationId", "")) if isinstance(link, dict) else None
            if target is None or target[1] not in ("get", "delete"):
                continue
            values = {name: link_value(expr, case, body) for name, expr in (link.get("parameters") or {}).items()}
            if any(value is None for value in values.values()):
                continue
            RESOURCES.set((target[0], frozenset((k, str(v)) for k, v in values.items())), "live")
        return None
    if method not in ("GET", "DELETE"):
        return None
    key = _resource_key(case)
    state = RESOURCES.get(key)
    if state is None:
        return None
    where = f"{_describe(case, response)}"
    if state == "deleted" and status not in (404, 410):
        raise AssertionError(f"{where}: resource was deleted earlier in this run; expected 404")
    if state == "live":
        if status in (404, 410):
            raise AssertionError(f"{where}: resource created earlier in this run (and not deleted) is gone")
        if method == "DELETE" and 200 <= status < 300:
            _, body = _body(response)
            if job_of(body) is None:
                RESOURCES.set(key, "deleted")
    return None


def reset_state() -> None:
    """Forget jobs and resources seen so far: call at the start of each run."""
    global JOBS, RESOURCES
    JOBS = JobLedger()
    RESOURCES = ResourceLedger()


DOMAIN_CHECKS = (
    error_envelope_conformance,
    retry_after_conformance,
    insufficient_funds_conformance,
    wallet_balance_conformance,
    job_lifecycle_conformance,
    job_cancellation_conformance,
    resource_lifecycle_conformance,
)
