"""Error responses: the API's own envelope, `Retry-After` on 429."""

from __future__ import annotations

import email.utils
import json
import re
from typing import Any

from schemathesis.core.failures import Severity

from contract_tests.checks.base import ContractFailure, RunState, body_of, describe, header_of
from contract_tests.spec_facts import declares_only_other_media, json_schema_of, response_definition_for


class ErrorOutsideEnvelope(ContractFailure):
    check = "error_envelope_conformance"
    title_text = "Error body outside the API's error envelope"


class RetryAfterMissing(ContractFailure):
    check = "retry_after_conformance"
    title_text = "429 without a valid Retry-After"


def check_error_envelope(state: RunState, response: Any, case: Any) -> None:
    """Every 4xx/5xx body is in the API's declared error envelope.

    The schema is the one declared for that status (exact, range or `default`); for a status the
    operation does not declare, or declares without a body schema, it is the API's common error schema
    (the one most 4xx/5xx responses in the document use). A status declared with a body only in other media
    types (Box's `/authorize` answers its errors as an HTML page) has no JSON envelope to be in. A 405 for a
    method the path does not declare at all is the server's (or framework's) business: the spec says nothing
    about it. An answer to HEAD has no body to judge (Docker's `HEAD /containers/{id}/archive` 400 was
    reported as "not JSON ('')").
    """
    if response.status_code < 400 or case.method.upper() == "HEAD":
        return  # an answer to HEAD has no body, whatever the envelope (RFC 9110 §9.3.2)
    facts = state.facts
    if response.status_code == 405 and not facts.operation(case.operation.path, case.method):
        return
    declared = response_definition_for(facts.responses(case.operation.path, case.method), response.status_code)
    schema = json_schema_of(declared)
    is_json, body = body_of(response)
    if schema is None:
        if declared is not None and not response.content:
            return  # declared without a body, and sent none
        if declares_only_other_media(declared):
            return  # an HTML or text error page, as declared: its media type is content_type_conformance's to judge
        schema = facts.common_error_schema
        source = "the API's common error schema"
        if schema is None:
            return  # the document declares no error envelope at all
    else:
        source = f"the schema declared for {response.status_code}"
    if not is_json:
        snippet = response.content[:120].decode("utf-8", "replace")
        raise ErrorOutsideEnvelope(
            f"{describe(case, response)}: error body is not JSON ({snippet!r}); expected {source}"
        )
    problems = facts.validation_errors(facts.as_a_server_can_meet(schema), body)
    if problems:
        raise ErrorOutsideEnvelope(
            f"{describe(case, response)}: error body does not match {source}: "
            + "; ".join(problems[:3])
            + f"\nBody: {json.dumps(body)[:300]}"
        )


def is_valid_retry_after(value: str) -> bool:
    value = value.strip()
    if re.fullmatch(r"\d+", value):
        return True
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return False
    return parsed is not None


def check_retry_after(state: RunState, response: Any, case: Any) -> None:
    """A 429 carries a `Retry-After` of integer seconds >= 0 or an HTTP-date (RFC 9110 §10.2.3)."""
    if response.status_code != 429:
        return
    value = header_of(response, "Retry-After")
    if value is None:
        raise RetryAfterMissing(
            f"{describe(case, response)}: 429 without a Retry-After header", severity=Severity.MEDIUM
        )
    if not is_valid_retry_after(value):
        raise RetryAfterMissing(
            f"{describe(case, response)}: Retry-After {value!r} is neither integer seconds >= 0 nor an HTTP-date",
            severity=Severity.MEDIUM,
        )
