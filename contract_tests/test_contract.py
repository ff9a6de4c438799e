"""Property-based contract tests of the implementation at --base-url: schemathesis' checks plus ours."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from contract_tests import pytest_target
from contract_tests.link_walk import walk_links
from contract_tests.reproduction import Masking, curl, secrets_from_headers
from contract_tests.runner import RunOptions, load_schema

schema = load_schema(pytest_target.options())


@pytest.fixture(scope="module")
def contract_schema() -> Any:
    return schema


@schema.parametrize()  # type: ignore[untyped-decorator]  # schemathesis ships no type information
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_operation_conforms(case: Any, contract_options: RunOptions) -> None:
    case.call_and_validate(base_url=contract_options.base_url, headers=contract_options.headers)


def test_stateful(contract_schema: Any, contract_options: RunOptions) -> None:
    """Random walks along the spec's links (specs/overlays/*.links.yaml)."""
    if not any(
        link
        for item in contract_options.document.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict)
        for response in operation.get("responses", {}).values()
        for link in (response or {}).get("links", {}) or {}
    ):
        pytest.skip("the document declares no links: nothing to chain")
    machine = contract_schema.as_state_machine()
    chosen = settings(deadline=None, stateful_step_count=6, suppress_health_check=list(HealthCheck))
    if contract_options.max_examples is not None:
        chosen = settings(chosen, max_examples=contract_options.max_examples)
    machine.run(settings=chosen)


def test_link_walk(contract_schema: Any, contract_options: RunOptions) -> None:
    """create -> read twice -> delete/cancel twice -> read, for every linked create: deterministic lifecycle checks."""
    failures, _ = walk_links(contract_schema, contract_options.base_url, dict(contract_options.headers))
    masking = Masking(secrets=secrets_from_headers(contract_options.headers))
    assert not failures, "\n\n".join(
        f"{f.operation}: {f.check}: {f.failure.title}\n{f.failure.message}\n"
        + "\n".join(curl(exchange, masking) for exchange in f.exchanges)
        for f in failures
    )
