"""A scripted walk along the spec's links: create, poll twice, delete/cancel twice, read again.

Schemathesis' state machine follows the same links, but only when its random walk happens to chain
them, so with the small example counts CI uses the lifecycle rules (a job never moves backwards, a
terminal job refuses cancellation, a deleted resource is 404) would be checked only sometimes. This
walk exercises each create -> read -> delete chain once per run, deterministically, and runs every
enabled check (schemathesis' and ours) on each response.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from requests.structures import CaseInsensitiveDict

from contract_tests.checks.sequences import link_value
from contract_tests.credentials import OperationCredentials, Placement, for_operation
from contract_tests.phases.base import (
    example_case,
    linked_case,
    parameters_fit,
    path_values_escaped,
    usable_link_values,
)
from contract_tests.reproduction import Exchange, from_requests_response
from contract_tests.spec_facts import facts_for, response_definition_for
from mock.spec.resources import DELETE, GET, rpc_call

CREATE_ATTEMPTS = 6


@dataclass
class WalkFailure:
    operation: str
    check: str
    failure: Any
    status_code: int
    exchanges: list[Exchange]
    case: Any  # the request that failed, and its response, for the runner's forgiveness rules
    response: Any


def _run_checks(case: Any, response: Any, headers: dict[str, str], base_url: str) -> list[tuple[str, Any]]:
    """All checks enabled for the operation, as the engine would run them; returns (check, failure)."""
    from schemathesis.checks import CheckContext, run_checks, run_checks_for

    schema = case.operation.schema
    ctx = CheckContext(
        override=None,
        auth=None,
        headers=CaseInsensitiveDict(headers),
        config=schema.config.checks_config_for(operation=case.operation, phase="stateful"),
        transport_kwargs={"base_url": base_url, "headers": headers},
        response_checks=run_checks_for(schema).for_responses(),
    )
    found: list[tuple[str, Any]] = []
    run_checks(
        case=case,
        response=response,
        ctx=ctx,
        checks=list(ctx.internals.checks),
        on_failure=lambda name, collected, failure: found.append((name, failure)),
    )
    return found


def walk_links(
    schema: Any,
    base_url: str,
    headers: dict[str, str],
    *,
    query: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
    operation_credentials: OperationCredentials | None = None,
    judge_refusals: bool = True,
) -> tuple[list[WalkFailure], dict[str, int]]:
    """Walk every link of every selected POST whose targets are selected too.

    `query` and `cookies` are credentials sent beside `headers`, and `operation_credentials` (by path and method)
    those an operation asks for in their place (`PhaseRun.operation_credentials`); with `judge_refusals` False (a
    stand-in credential) a 401/403 answer is not judged. Returns the failures and how many requests went to each
    operation.
    """
    from schemathesis.auths import AuthContext, set_on_case
    from schemathesis.core.result import Ok

    operations = {
        op.definition.raw.get("operationId"): op
        for op in (r.ok() for r in schema.get_all_operations() if isinstance(r, Ok))
    }
    facts = facts_for(schema.raw_schema)
    failures: list[WalkFailure] = []
    counts: dict[str, int] = {}
    for creator in operations.values():
        if creator.method.upper() != "POST":
            continue
        links = _links_of(facts, creator)
        targets = [(operations[link["operationId"]], link) for link in links if link.get("operationId") in operations]
        if not targets:
            continue
        steps: list[Exchange] = []

        def send(case: Any, steps: list[Exchange] = steps) -> Any:
            placed = for_operation(
                Placement(headers, query or {}, cookies or {}),
                operation_credentials or {},
                case.operation.path,
                case.method,
            )
            if placed.query or placed.cookies:
                # Through schemathesis' own auth (the run's [auth.openapi]), so its checks know the
                # credential is the configured one, not a generated guess.
                set_on_case(case, AuthContext(operation=case.operation, app=None), None)
                case.query = {**placed.query, **(case.query or {})}
                case.cookies = {**placed.cookies, **(case.cookies or {})}
            sent = placed.headers
            with path_values_escaped(case):
                response = case.call(base_url=base_url, headers=sent)
            counts[case.operation.label] = counts.get(case.operation.label, 0) + 1
            steps.append(from_requests_response(response))
            if not judge_refusals and response.status_code in (401, 403):
                return response
            for name, failure in _run_checks(case, response, sent, base_url):
                failures.append(
                    WalkFailure(case.operation.label, name, failure, response.status_code, list(steps), case, response)
                )
            return response

        created = None
        for _ in range(CREATE_ATTEMPTS):  # a valid create may still meet a 402/429
            steps.clear()
            case = example_case(creator)
            if case is None:  # no valid request can be made for it: nothing to create, so nothing to walk
                break
            response = send(case)
            if 200 <= response.status_code < 300:
                created = (case, response)
                break
        if created is None:
            continue
        case, response = created
        try:
            body = response.json()
        except ValueError:
            continue
        calls = []
        for target, link in targets:
            values = {name: link_value(expr, case, body) for name, expr in (link.get("parameters") or {}).items()}
            sent = link.get("requestBody")
            if isinstance(sent, dict):  # an RPC-style read names its record in the body
                values.update({f"body.{name}": link_value(expr, case, body) for name, expr in sent.items()})
            if not usable_link_values(values):
                continue
            calls.append((target, values))
        paths = schema.raw_schema.get("paths") or {}
        # Reads twice (a job progresses between polls), then each delete/cancel twice, then reads again.
        ordered = [c for c in calls if _does(c[0], "GET", paths)] * 2
        ordered += [c for c in calls if _does(c[0], "DELETE", paths) for _ in range(2)]
        ordered += [c for c in calls if _does(c[0], "GET", paths)]
        for target, values in ordered:
            follow_up = linked_case(target, values, case, body)
            if parameters_fit(follow_up):
                send(follow_up)
    return failures, counts


def _does(operation: Any, method: str, paths: dict[str, Any]) -> bool:
    """Whether an operation reads (GET) or deletes (DELETE) its record: by its method, or, RPC-style, by the verb
    its path ends in (`POST /documents.info` reads, `/documents.delete` deletes)."""
    if operation.method.upper() in ("GET", "DELETE"):
        return bool(operation.method.upper() == method)
    call = rpc_call(operation.path, paths)
    return call is not None and call.role == {"GET": GET, "DELETE": DELETE}[method]


def _links_of(facts: Any, operation: Any) -> list[dict[str, Any]]:
    responses = facts.responses(operation.path, operation.method)
    links: list[dict[str, Any]] = []
    for status in responses:
        if not str(status).startswith("2"):
            continue
        definition = response_definition_for(responses, int(status)) if str(status).isdecimal() else responses[status]
        links.extend(link for link in ((definition or {}).get("links") or {}).values() if isinstance(link, dict))
    return links
