"""The negotiation phase: each operation whose success answers are declared in more than one media type is
asked for each of them in turn (`Accept: application/xml`, `text/csv`...), with a valid example request;
an item a create's links reach is asked for as the item just created, so the answer is the item itself
rather than a 404 for a made-up id.

The engine asks with `Accept: */*` only, so it sees the implementation's first choice and nothing else;
here every declared alternative is asked for on purpose, and must be served, readable, without a 5xx.
"""

from __future__ import annotations

from typing import Any

from contract_tests.checks import envelope
from contract_tests.checks.negotiation import check_declared_media_type
from contract_tests.phases.base import Created, PhaseRun, create, creators
from contract_tests.reproduction import Exchange
from contract_tests.spec_facts import response_definition_for
from mock.spec.model import essence

MAX_TYPES_PER_OPERATION = 4


def offered_media_types(raw: dict[str, Any]) -> list[str]:
    """The concrete media types (no `*` ranges) the operation's 2xx answers declare, in the spec's order."""
    found: dict[str, None] = {}
    for status, definition in (raw.get("responses") or {}).items():
        if str(status).startswith("2") and isinstance(definition, dict):
            found.update(
                dict.fromkeys(essence(str(media)) for media in definition.get("content") or {} if "*" not in media)
            )
    return list(found)


def declared_media(definition: dict[str, Any] | None) -> set[str]:
    return {essence(str(media)) for media in ((definition or {}).get("content") or {})}


def run_negotiation_phase(run: PhaseRun) -> None:
    if any(name.lower() == "accept" for name in run.headers):
        return  # the run's own --header fixes what is asked for
    negotiable = {
        id(operation): offered
        for operation in run.operations().values()
        if len(offered := offered_media_types(run.raw(operation))) >= 2  # one type: `Accept: */*` asks for it
    }
    made = _made_items(run, negotiable)
    try:
        for operation in run.operations().values():
            for asked in negotiable.get(id(operation), [])[:MAX_TYPES_PER_OPERATION]:
                _ask(run, operation, asked, made.get(id(operation)))
    finally:
        for created in {id(found[0]): found[0] for found in made.values()}.values():
            deleter = created.target("DELETE", created.case.operation.path)
            if deleter is not None:
                run.send(created.case_for(*deleter))


def _made_items(run: PhaseRun, negotiable: dict[int, list[str]]) -> dict[int, tuple[Created, dict[str, Any]]]:
    """For each negotiable read a create's links reach, an item made for it and the link's parameters."""
    made: dict[int, tuple[Created, dict[str, Any]]] = {}
    for creator, links in creators(run):
        reads = [target for target, _ in links if target.method.upper() == "GET" and id(target) in negotiable]
        if not reads or all(id(target) in made for target in reads):
            continue
        created = create(run, creator, links)
        if created is None:
            continue
        for target, params in created.targets:
            if id(target) in negotiable:
                made.setdefault(id(target), (created, params))
    return made


def _ask(run: PhaseRun, operation: Any, asked: str, item: tuple[Created, dict[str, Any]] | None) -> None:
    """Send one valid request for `operation` (for `item` when one was made) asking for `asked`, and judge it."""
    case = item[0].case_for(operation, item[1]) if item is not None else run.example(operation)
    if case is None:
        return
    headers = {name: value for name, value in (case.headers or {}).items() if name.lower() != "accept"}
    case.headers = {**headers, "Accept": asked}
    steps: list[Exchange] = list(item[0].steps) if item is not None else []
    response = run.send(case, steps=steps)
    responses = run.raw(operation).get("responses") or {}
    declared = declared_media(response_definition_for(responses, response.status_code))
    run.check(
        case,
        response,
        steps,
        lambda state, resp, c, a=asked, d=declared: check_declared_media_type(state, resp, c, a, d),
        envelope.check_error_envelope,
    )
