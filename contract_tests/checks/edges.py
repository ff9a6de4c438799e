"""Edge values on purpose: a schema-valid request holding a bound, an empty string or collection, or
awkward Unicode never crashes the server."""

from __future__ import annotations

from typing import Any

from schemathesis.core.failures import Severity

from contract_tests.checks.base import ContractFailure, RunState, describe


class EdgeValueCrash(ContractFailure):
    check = "edge_value_conformance"
    title_text = "A valid edge value crashed the server"


def check_edge_value(state: RunState, response: Any, case: Any, where: str) -> None:
    if response.status_code >= 500:
        raise EdgeValueCrash(f"{describe(case, response)}: with {where}", severity=Severity.CRITICAL)
