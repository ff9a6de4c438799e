"""Run schemathesis' engine (examples, coverage, fuzzing and stateful phases) plus our domain checks
against a live base URL, and fold its event stream into a plain per-operation result."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from contract_tests import checks as domain_checks
from contract_tests.spec_facts import operations_on_cancel_paths, resolve_local_refs

POSITIVE_DATA_STATUSES = ["2xx", "3xx", "401", "402", "403", "404", "409", "429", "5xx"]


@dataclass
class RunOptions:
    document: dict[str, Any]
    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    max_examples: int = 100
    seed: int | None = None
    workers: int = 1
    operation_ids: list[str] = field(default_factory=list)
    request_timeout: float = 10.0


@dataclass
class FailureRecord:
    operation: str
    check: str
    title: str
    message: str
    status_code: int | None
    phase: str
    # One curl per request needed to reproduce, oldest first.
    curl: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "check": self.check,
            "title": self.title,
            "message": self.message,
            "status_code": self.status_code,
            "phase": self.phase,
            "curl": self.curl,
        }


@dataclass
class OperationResult:
    label: str
    cases: int = 0
    failures: Counter = field(default_factory=Counter)


@dataclass
class RunResult:
    operations: dict[str, OperationResult] = field(default_factory=dict)
    failures: list[FailureRecord] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    seed: int | None = None
    duration: float = 0.0

    def operation(self, label: str) -> OperationResult:
        if label not in self.operations:
            self.operations[label] = OperationResult(label=label)
        return self.operations[label]

    @property
    def ok(self) -> bool:
        return not self.failures and not self.errors

    def add_failure(self, failure: FailureRecord) -> None:
        self.failures.append(failure)
        self.operation(failure.operation).failures[failure.check] += 1


def build_config(options: RunOptions) -> SchemathesisConfig:
    """An explicit config: no schemathesis.toml discovery, no on-disk cache or example database."""
    document = resolve_local_refs(options.document)
    per_operation = []
    cancel_reads = operations_on_cancel_paths(document)
    if cancel_reads:
        # schemathesis' use_after_free takes every successful DELETE for a deletion and expects 404 after;
        # a cancelling DELETE keeps the job readable. resource_lifecycle_conformance covers real deletes.
        per_operation.append({"include-operation-id": cancel_reads, "checks": {"use_after_free": {"enabled": False}}})
    phases = {}
    if options.operation_ids and not has_links_within(document, set(options.operation_ids)):
        # The selection cut every link; schemathesis would report that as an error, but it is a choice.
        phases = {"stateful": {"enabled": False}}
    config = SchemathesisConfig.from_dict(
        {
            "operations": per_operation,
            "phases": phases,
            "base-url": options.base_url,
            "headers": dict(options.headers),
            "workers": options.workers,
            "request-timeout": options.request_timeout,
            "generation": {
                "max-examples": options.max_examples,
                "database": "none",
                # With credentials given as headers, generated (random) API keys only add noise: the state
                # machine would send one beside the real bearer and blame the API for accepting the pair.
                "with-security-parameters": not options.headers,
            },
            "cache": {"enabled": False},
            # Every built-in check stays enabled; ours are registered by importing contract_tests.checks.
            "checks": {
                "enabled": True,
                # A valid request may still be refused for lack of funds: our specs declare 402 for that.
                "positive_data_acceptance": {"expected-statuses": POSITIVE_DATA_STATUSES},
            },
        }
    )
    if options.seed is not None:
        config.update(seed=options.seed, max_failures=None)
    return config


def has_links_within(document: dict[str, Any], operation_ids: set[str]) -> bool:
    for item in (document.get("paths") or {}).values():
        for operation in (item or {}).values():
            if not isinstance(operation, dict) or operation.get("operationId") not in operation_ids:
                continue
            for response in (operation.get("responses") or {}).values():
                for link in ((response or {}).get("links") or {}).values():
                    if isinstance(link, dict) and link.get("operationId") in operation_ids:
                        return True
    return False


def load_schema(options: RunOptions):
    from schemathesis.filters import FilterSet

    schema = schemathesis.openapi.from_dict(options.document, config=build_config(options))
    if options.operation_ids:
        # Not `schema.include()`: per-operation config entries already put a filter function in the
        # schema's filter set, and a second include would be OR-ed with it instead of narrowing it.
        selection = FilterSet()
        selection.include(operation_id=list(options.operation_ids))
        schema.filter_set = schema.config.operations.filter_set_with(include=selection)
    return schema


def known_operation_ids(document: dict[str, Any]) -> set[str]:
    ids = set()
    for item in (document.get("paths") or {}).values():
        for operation in (item or {}).values():
            if isinstance(operation, dict) and operation.get("operationId"):
                ids.add(operation["operationId"])
    return ids


def _case_label(recorder: Any, case_id: str, fallback: str) -> str:
    node = recorder.cases.get(case_id)
    if node is None:
        return fallback
    return node.value.operation.label


def _collect_scenario(result: RunResult, recorder: Any, phase: str, seen: set) -> None:
    for node in recorder.cases.values():
        result.operation(node.value.operation.label).cases += 1
    for case_id, check_nodes in recorder.checks.items():
        for check in check_nodes:
            if check.status != Status.FAILURE or check.failure_info is None:
                continue
            info = check.failure_info
            failure = info.failure
            failing_case_id = failure.case_id or case_id
            label = _case_label(recorder, failing_case_id, recorder.label)
            # Failure equality is schemathesis' own dedup: one finding per operation, check and kind.
            key = (label, check.name, failure)
            if key in seen:
                continue
            seen.add(key)
            interaction = recorder.interactions.get(failing_case_id)
            response = interaction.response if interaction is not None else None
            curl = [step.curl for step in info.steps] or [info.code_sample]
            result.add_failure(
                FailureRecord(
                    operation=label,
                    check=check.name,
                    title=failure.title,
                    message=failure.message,
                    status_code=response.status_code if response is not None else None,
                    phase=phase,
                    curl=curl,
                )
            )


def run_contract(options: RunOptions) -> RunResult:
    """Run all phases against `options.base_url`; domain-check state starts empty."""
    domain_checks.reset_state()
    schema = load_schema(options)
    result = RunResult(seed=schema.config.seed)
    for label in sorted(operation.label for operation in _selected_operations(schema)):
        result.operation(label)
    seen: set = set()
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            if event.is_test_scenario:
                _collect_scenario(result, event.recorder, event.phase.value, seen)
        elif isinstance(event, events.NonFatalError):
            result.errors.append({"label": event.label, "title": event.info.title, "message": event.info.message})
        elif isinstance(event, events.FatalError):
            result.errors.append({"label": "engine", "title": "Fatal error", "message": repr(event.exception)})
        elif isinstance(event, events.EngineFinished):
            for failure in event.failures or []:
                result.errors.append(
                    {"label": "after-run checks", "title": "Run check failed", "message": str(failure)}
                )
    _collect_link_walk(result, schema, options, seen)
    result.duration = time.monotonic() - started
    return result


def _collect_link_walk(result: RunResult, schema: Any, options: RunOptions, seen: set) -> None:
    from contract_tests.link_walk import walk_links

    failures, counts = walk_links(schema, options.base_url, dict(options.headers))
    for label, count in counts.items():
        result.operation(label).cases += count
    for walk_failure in failures:
        key = (walk_failure.operation, walk_failure.check, walk_failure.failure)
        if key in seen:
            continue
        seen.add(key)
        result.add_failure(
            FailureRecord(
                operation=walk_failure.operation,
                check=walk_failure.check,
                title=walk_failure.failure.title,
                message=walk_failure.failure.message,
                status_code=walk_failure.status_code,
                phase="link-walk",
                curl=walk_failure.curls,
            )
        )


def _selected_operations(schema: Any) -> list[Any]:
    from schemathesis.core.result import Ok

    return [item.ok() for item in schema.get_all_operations() if isinstance(item, Ok)]
