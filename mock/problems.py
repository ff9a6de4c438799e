"""Errors are data: what went wrong with a request, before any API's envelope is applied."""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, NamedTuple

from mock.spec.error_style import statuses_offered
from mock.spec.model import Operation


class ViolationKind(enum.Enum):
    """What kind of wrong a violation is; the error code is chosen from it, never from the message."""

    INVALID = "invalid"  # a value breaks its schema, or is empty where that is not allowed
    MISSING = "missing"  # a required parameter, property or body is absent
    MISSING_CREDENTIALS = "missing_credentials"
    INVALID_CREDENTIALS = "invalid_credentials"

    # Members are singletons compared by identity, so identity also hashes them: Enum's own __hash__ is a
    # Python call, made for every violation each time a refused request's rendered envelope is looked up.
    __hash__ = object.__hash__


class Violation(NamedTuple):
    """One thing wrong with a request: where (body, query, header…), which field, and why.

    A named tuple, so building one, hashing it and comparing two (the rendered envelope is cached by
    its violations) are done in C: every refused request makes new ones.
    """

    location: str  # security, path, query, header, cookie, body, content-type
    field: str  # dotted name of the offending field, "" for the whole body
    message: str
    task_index: int | None = None
    kind: ViolationKind = ViolationKind.INVALID

    def describe(self) -> str:
        return _description(self)


@functools.lru_cache(maxsize=4096)  # read by the envelope and the journal: worked out once per distinct violation
def _description(violation: Violation) -> str:
    location, field, message = violation.location, violation.field, violation.message
    where = f"{location} {field}".strip() if field else location
    leaf = field.rsplit(".", 1)[-1]
    if leaf and message.startswith(leaf + " "):
        return f"{location} {field} {message[len(leaf) + 1 :]}"
    return f"{where}: {message}"


@dataclass(frozen=True)
class Problem:
    """A failed request, ready to be rendered in an API's own error envelope.

    `code` is a snake_case identifier (invalid_request); the envelope respells it the way the
    API does (invalidRequest for Runware, INVALID_REQUEST for Runflow).
    """

    status: int
    code: str
    message: str
    field: str = ""
    violations: tuple[Violation, ...] = ()
    task_type: str | None = None
    task_uuid: str | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    details: dict[str, object] = dataclasses.field(default_factory=dict)
    # what is missing or taken, where it is a record (`task`): an error code naming it wins (`task_not_found`)
    subject: str = ""


def not_found(path: str) -> Problem:
    return Problem(404, "not_found", f"No operation matches the path {path}")


def method_not_allowed(method: str, path: str, allowed: tuple[str, ...]) -> Problem:
    return Problem(
        405,
        "method_not_allowed",
        f"{method} is not allowed on {path}; allowed: {', '.join(allowed)}",
        headers={"allow": ", ".join(allowed)},
        details={"allowed_methods": list(allowed)},
    )


# Codes a Prefer-forced or scenario-forced error status is reported with, where they differ from the
# status' own name in http.HTTPStatus (404 not_found, 409 conflict, 503 service_unavailable…).
STATUS_CODES = {
    400: "invalid_request",
    402: "insufficient_funds",
    413: "payload_too_large",
    422: "unprocessable_entity",  # Python 3.13 renames it UNPROCESSABLE_CONTENT; the code stays
    429: "rate_limited",
    500: "internal_error",
}

STATUS_MESSAGES = {
    402: "Insufficient funds: the balance does not cover the estimated cost",
    429: "Rate limit exceeded; retry after the number of seconds in Retry-After",
    500: "Internal server error",
    503: "Service temporarily unavailable",
}


def problem_for_status(status: int, message: str | None = None, **extra: Any) -> Problem:
    """The problem a status stands for when nothing more is known (`Prefer: code=`, a scenario's `respond`)."""
    try:
        known: HTTPStatus | None = HTTPStatus(status)
    except ValueError:
        known = None
    code = STATUS_CODES.get(status) or (known.name.lower() if known else "error" if status >= 400 else "ok")
    return Problem(status, code, message or STATUS_MESSAGES.get(status, code.replace("_", " ").capitalize()), **extra)


def problem_for(operation: Operation, violations: tuple[Violation, ...], tasks: Any = None) -> Problem:
    """Pick the status the operation declares for the kind of failure, and describe it."""
    first = violations[0]
    task_type, task_uuid = _task_context(operation, tasks, first.task_index)
    if first.location == "security":
        status = _declared(operation, (401, 403), 401)
        code = "invalid_api_key" if first.kind is ViolationKind.INVALID_CREDENTIALS else "missing_api_key"
        protocol = operation.task_protocol
        if protocol is not None:  # the key belongs to the authentication task, even when it came as a header
            message = "Invalid API key" if code == "invalid_api_key" else first.message
            return Problem(
                status,
                code,
                message,
                field=protocol.credential_field or "",
                violations=violations,
                task_type=protocol.authentication_task,
            )
        return Problem(status, code, first.message, violations=violations)
    if first.location == "content-type":
        return Problem(415, "unsupported_media_type", first.message, violations=violations)
    if first.location == "accept":
        return Problem(406, "not_acceptable", first.message, violations=violations)
    if first.location == "upgrade":
        # 426 says what to do (RFC 9110, 15.5.22), where the spec declares no other answer to a malformed request
        status = _declared(
            operation, (426,), _validation_status(operation) if _declares_bad_request(operation) else 426
        )
        return Problem(
            status,
            "upgrade_required",
            f"Upgrade required: {first.message}",
            violations=violations,
            headers={"upgrade": operation.upgrade_protocol or "websocket"},
        )
    status = _validation_status(operation)
    if first.location == "path" and "404" in operation.responses and not _declares_bad_request(operation):
        # A malformed id names no resource, and 404 is what the operation declares for that.
        return Problem(
            404, "not_found", f"No resource matches: {first.describe()}", field=first.field, violations=violations
        )
    field_name = first.field if first.location == "body" else first.field or first.location
    code = "missing_parameter" if first.kind is ViolationKind.MISSING else "invalid_request"
    # two allOf parts may both require a field: the same sentence is said once
    described = list(dict.fromkeys(v.describe() for v in violations))
    summary = "; ".join(described[:5])
    if len(described) > 5:
        summary += f"; and {len(described) - 5} more"
    return Problem(
        status,
        code,
        f"Invalid request: {summary}",
        field=field_name,
        violations=violations,
        task_type=task_type,
        task_uuid=task_uuid,
    )


def _task_context(operation: Operation, tasks: Any, index: int | None) -> tuple[str | None, str | None]:
    if operation.task_protocol is None or index is None or not isinstance(tasks, list) or index >= len(tasks):
        return None, None
    task = tasks[index]
    if not isinstance(task, dict):
        return None, None
    task_type = task.get(operation.task_protocol.discriminator)
    task_uuid = task.get("taskUUID")
    return (task_type if isinstance(task_type, str) else None, task_uuid if isinstance(task_uuid, str) else None)


def _declared(operation: Operation, preferred: tuple[int, ...], fallback: int) -> int:
    for status in preferred:
        if str(status) in operation.responses:
            return status
    return fallback


def _declared_statuses(operation: Operation) -> set[int]:
    return {int(status) for status in operation.responses if status.isdecimal()}


# Client errors that say something else than "this request is malformed": the mock answers them for reasons of
# its own (credentials, payment, a missing resource, the state of a record, negotiation, a slow or oversized
# request, rate limits) or they name a condition no validation finds (a proxy, a lock, an upgrade, the law).
# An operation that declares only such errors declares none for a malformed request.
NOT_FOR_MALFORMED_REQUESTS = frozenset(
    {401, 402, 403, 404, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 423, 424, 425, 426, 428}
    | {429, 431, 451}
)


def _declares_bad_request(operation: Operation) -> bool:
    return "400" in operation.responses or "422" in operation.responses


@functools.lru_cache(maxsize=8192)
def _validation_status(operation: Operation) -> int:
    """400 or 422, whichever the operation declares for a malformed request; else the client error it declares
    (worked out once per operation: operations hash by identity and never change).

    An operation that lists neither (Petstore's `POST /pet/{petId}` declares only `405: Invalid input`) is
    answered with a 4xx it declares for invalid input, so a client reads a status the spec told it about; 400 when
    none does.
    """
    candidates = [s for s in ("400", "422") if s in operation.responses]
    for status in candidates:
        if "validation" in operation.responses[status].description.lower():
            return int(status)
    if candidates:
        return int(candidates[0])
    declared = sorted(
        s
        for s in _declared_statuses(operation)
        if 400 <= s < 500 and s not in NOT_FOR_MALFORMED_REQUESTS and says_invalid(_declared_description(operation, s))
    )
    return declared[0] if declared else _status_the_envelope_says(operation)


def _status_the_envelope_says(operation: Operation) -> int:
    """400, unless the answer a refusal gets (`default`, `4XX`) holds a status field offering 422 and not 400 (Lob's
    `status_code`): the answer's status and its envelope's then agree (Lob's 400s said `"status_code": 401`, the
    first the field offered)."""
    response = operation.response_for(400)
    media = response.json_media() if response is not None else None
    offered = statuses_offered(media.schema if media is not None else None)
    return 422 if 422 in offered and 400 not in offered else 400


# What a declared client error's description says when it is the answer to a malformed request (Petstore's
# "405: Invalid input"); one that says something else (Gitea's merge declares 405 as "APIEmpty is an empty
# response", meaning not mergeable) is no answer to a validation failure, and 400 is.
_SAYS_INVALID = re.compile(r"invalid|validat|malformed|bad (request|input|parameter)|unprocessable|wrong", re.I)


def says_invalid(description: str) -> bool:
    """Whether a declared client error's description names invalid input (what a malformed request is answered),
    in its first line: what follows may list the error codes the status carries (Telstra's 405 "Method Not
    Allowed", then a table whose one code is `METHOD_INVALID`)."""
    headline = description.strip().partition("\n")[0]
    return _SAYS_INVALID.search(headline) is not None


def _declared_description(operation: Operation, status: int) -> str:
    response = operation.responses.get(str(status)) or operation.responses.get(f"{str(status)[0]}XX")
    return response.description if response is not None else ""
