"""Credentials: a request without valid ones is refused with the declared 401/403; tokens are not
handed out for made-up OAuth codes; one tenant never sees another's resources."""

from __future__ import annotations

from typing import Any

from schemathesis.core.failures import Severity

from contract_tests.checks.base import ContractFailure, RunState, describe


class BadCredentialsAccepted(ContractFailure):
    check = "auth_refusal_conformance"
    title_text = "Request with bad credentials was not refused"


class MadeUpOAuthCodeAccepted(ContractFailure):
    check = "oauth_code_conformance"
    title_text = "Token endpoint accepted a made-up authorization code"


class TenantIsolationBroken(ContractFailure):
    check = "tenant_isolation_conformance"
    title_text = "One tenant reached another tenant's resource"


REFUSALS = (401, 403)


def expected_refusals(state: RunState, case: Any) -> set[int]:
    """The refusal statuses the operation declares (401/403, or a `4XX`/default that covers them), else both."""
    responses = state.facts.responses(case.operation.path, case.method)
    declared = {int(code) for code in responses if str(code) in ("401", "403")}
    return declared or set(REFUSALS)


def check_refused(state: RunState, response: Any, case: Any, variant: str) -> None:
    """A request sent with `variant` credentials (none, wrong, another scheme's, forged) gets a declared 401/403."""
    expected = expected_refusals(state, case)
    if response.status_code in expected:
        return
    severity = Severity.CRITICAL if response.status_code < 400 else Severity.HIGH
    wanted = " or ".join(str(code) for code in sorted(expected))
    raise BadCredentialsAccepted(
        f"{describe(case, response)}: sent with {variant}; expected {wanted}", severity=severity
    )


def check_oauth_code_refused(state: RunState, response: Any, case: Any) -> None:
    """A token endpoint answers a made-up code, verifier and client id with a 4xx, never a token."""
    if 400 <= response.status_code < 500:
        return
    raise MadeUpOAuthCodeAccepted(
        f"{describe(case, response)}: made-up code, code_verifier and client_id; expected a 4xx",
        severity=Severity.CRITICAL,
    )


def check_other_tenant_refused(state: RunState, response: Any, case: Any, theirs: Any = None) -> None:
    """Tenant B reading or deleting tenant A's resource (`theirs`, as A's create answered it) gets 403 or 404. Where
    the operation declares neither (FastAPI's and Django REST's specs declare no 404), a success that does not show
    A's record is no breach: the backend answered B something of B's own (the spec gives it no way to refuse)."""
    if response.status_code in (403, 404):
        return
    if 200 <= response.status_code < 300 and not _declares_refusal(state, case) and not _shows(response, theirs, case):
        return
    raise TenantIsolationBroken(
        f"{describe(case, response)}: tenant B reached a resource tenant A created; expected 403 or 404",
        severity=Severity.CRITICAL,
    )


def _declares_refusal(state: RunState, case: Any) -> bool:
    responses = state.facts.responses(case.operation.path, case.method)
    return any(str(code) in ("403", "404", "4XX", "4xx", "default") for code in responses)


def _shows(response: Any, record: Any, case: Any) -> bool:
    """Whether an answer shows `record`: half its texts or more (four characters or more, but the ids the request
    named) are in the answer, so a record changed since (or partly hidden) still counts. Unknown (a record of no
    such text) counts as shown."""
    named = {str(value) for value in (case.path_parameters or {}).values()}
    texts = {text for text in _texts(record) if len(text) >= 4 and text not in named}
    answer = response.content.decode("utf-8", "replace")
    return not texts or 2 * sum(text in answer for text in texts) >= len(texts)


def _texts(value: Any, depth: int = 0) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and depth < 6:
        return [text for item in value.values() for text in _texts(item, depth + 1)]
    if isinstance(value, list) and depth < 6:
        return [text for item in value for text in _texts(item, depth + 1)]
    return []


def check_other_tenant_not_listed(state: RunState, response: Any, case: Any, foreign_id: str) -> None:
    """Tenant B's list never shows an item tenant A created."""
    if foreign_id in response.content.decode("utf-8", "replace"):
        raise TenantIsolationBroken(
            f"{describe(case, response)}: tenant B's list shows {foreign_id}, which tenant A created",
            severity=Severity.CRITICAL,
        )
