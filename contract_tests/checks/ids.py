"""Ids from both sides: an item operation answers an id nobody created with 404 (or 410), and a
malformed id with a 4xx, even when the run also has real ids from links or lists."""

from __future__ import annotations

from typing import Any

from schemathesis.core.failures import Severity

from contract_tests.checks.base import ContractFailure, RunState, describe, path_breaks_its_parameters


class UnknownIdAnswered(ContractFailure):
    check = "unknown_id_conformance"
    title_text = "An id nobody created was not answered 404"


def declared_client_errors(state: RunState, case: Any) -> set[int]:
    responses = state.facts.responses(case.operation.path, case.method)
    return {int(code) for code in responses if str(code).isdecimal() and 400 <= int(code) < 500}


def declares_not_found(state: RunState, case: Any) -> bool:
    """The operation declares an answer for a missing item: 404, 410, a 4XX range or `default`."""
    responses = {str(code).upper() for code in state.facts.responses(case.operation.path, case.method)}
    return bool(responses & {"404", "410", "4XX", "DEFAULT"})


def check_unknown_id(state: RunState, response: Any, case: Any, malformed: bool) -> None:
    """A well-formed unknown id gets 404/410 (403 where declared), or a PUT's 2xx (it made the record); a
    malformed one 400, 422 or 404, or a PUT's 2xx where the parameter's schema takes that text.

    Only where the operation declares a not-found answer: a spec that gives an item operation nothing but
    a 200 leaves a server no documented way to say "no such id" (the mock, bound to the spec, answers 200).
    """
    if not declares_not_found(state, case):
        return
    status = response.status_code
    declared = declared_client_errors(state, case)
    allowed = {404, 410} | ({403} & declared)
    if malformed:
        allowed |= {400, 422}  # refusing a malformed id is right, declared or not (status_code_conformance's business)
    if status in allowed:
        return
    # a PUT may create what its URL names (RFC 9110, 9.3.4): an upsert is no missed 404, and an odd name its
    # parameter's schema takes is a name (STACKIT's WAFs take any string; the run's `..%2F..%2F%00'"<>` is one)
    upsert = case.method.upper() == "PUT" and 200 <= status < 300
    if upsert and (not malformed or not path_breaks_its_parameters(state.facts, case)):
        return
    kind = "a malformed id" if malformed else "an id nobody created"
    wanted = " or ".join(str(code) for code in sorted(allowed))
    severity = Severity.HIGH if status < 500 else Severity.CRITICAL
    raise UnknownIdAnswered(f"{describe(case, response)}: sent {kind}; expected {wanted}", severity=severity)
