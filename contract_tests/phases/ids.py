"""The unknown-ids phase: every item operation a create links to (so its ids are the API's own, a
closed set) is sent an id nobody created and a malformed one, whatever real ids the run also has."""

from __future__ import annotations

import random
import re
import secrets
import uuid
from collections.abc import Callable
from typing import Any

import rstr

from contract_tests.checks import envelope
from contract_tests.checks.ids import check_unknown_id
from contract_tests.phases.base import PhaseRun, creators, linked_case, text_fits
from contract_tests.reproduction import Exchange
from mock.spec.operations import path_parameter_names


def _parameter_schema(run: PhaseRun, operation: Any, name: str) -> dict[str, Any]:
    raw = run.raw(operation)
    item = (run.document.get("paths") or {}).get(operation.path) or {}
    for parameter in [*(raw.get("parameters") or []), *(item.get("parameters") or [])]:
        if isinstance(parameter, dict) and parameter.get("in") == "path" and parameter.get("name") == name:
            return parameter.get("schema") or {}
    return {}


def unknown_value(schema: dict[str, Any], fits: Callable[[Any], bool]) -> Any:
    """A well-formed id of the parameter's type that no one has created; None when none can be made that the
    parameter's schema allows (a pattern too strict to draw from): an id the API must refuse as malformed is
    no test of unknown ids.

    `fits(value)`: the parameter's schema allows it. A string id tries a plain made-up name, then names drawn
    from the schema's pattern, at random (so not one an API gave out)."""
    if schema.get("type") == "integer":
        high = int(schema.get("maximum", 2**31 - 1))
        return max(int(schema.get("minimum", 1)), high - secrets.randbelow(1000))
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    made = secrets.token_hex(6)
    while made.isdigit():  # a number is what a pattern of digits draws from, long: not a short one by chance
        made = secrets.token_hex(6)  # (12 hex digits are all decimal once in 280: Discord's snowflake drew such)
    of_format = _OF_FORMAT.get(str(schema.get("format")))
    if of_format is not None and fits(of_format(made)):
        return of_format(made)
    longest = schema.get("maxLength")
    for candidate in (f"specmock-unknown-{made}", f"unknown_{made}", made):
        candidate = candidate[-longest:] if isinstance(longest, int) and longest > 0 else candidate  # its random end
        if fits(candidate):
            return candidate
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        drawing = rstr.Rstr(random.SystemRandom())
        drawn: list[str] = []
        for _ in range(_DRAWS):
            try:
                candidate = drawing.xeger(pattern)
            except (re.error, ValueError, TypeError, IndexError):  # a pattern rstr cannot draw from
                return None
            if fits(candidate):
                drawn.append(candidate)
        # the longest drawn: a short one is one a fuzzer makes too (Discord's snowflake drew `0`, and the fuzzing
        # phase had made a stage instance for channel 0)
        return max(drawn, key=len) if drawn else None
    return None


# Ids of a format, from random hex (`made`), in the ranges kept for documentation and tests: DigitalOcean's reserved
# IPv6s are named by an `ipv6`, and `specmock-unknown-…` was refused as malformed (422), no test of an unknown id.
_OF_FORMAT: dict[str, Callable[[str], str]] = {
    "ipv4": lambda made: f"198.{18 + int(made[0], 16) % 2}.{int(made[1:3], 16)}.{int(made[3:5], 16) % 254 + 1}",
    "ipv6": lambda made: f"2001:db8:{made[:4]}:{made[4:8]}::{made[8:12]}",
    "email": lambda made: f"unknown-{made}@example.com",
    "idn-email": lambda made: f"unknown-{made}@example.com",
    "hostname": lambda made: f"unknown-{made}.example.com",
    "idn-hostname": lambda made: f"unknown-{made}.example.com",
    "uri": lambda made: f"https://example.com/unknown-{made}",
    "iri": lambda made: f"https://example.com/unknown-{made}",
}

# names drawn from a pattern, the longest kept: 200, so a long one is all but certain (of 50, Discord's snowflake
# pattern gave its longest under 15 digits about once in 4,000)
_DRAWS = 200


def malformed_value(schema: dict[str, Any]) -> str | None:
    """An id no API issues: wrong type for integers and uuids, odd characters otherwise."""
    if schema.get("type") == "integer" or schema.get("format") == "uuid":
        return "not-an-id"
    if schema.get("pattern") or schema.get("enum"):
        return None  # the coverage phase already sends values outside a pattern or enum
    return "..%2F..%2F%00'\"<>"


def run_ids_phase(run: PhaseRun) -> None:
    targets = {id(target): target for _, links in creators(run) for target, _ in links}
    # a PUT may make what its id names (an upsert), after which that id is known: the other operations first
    # (HubSpot's `PATCH …/events/{externalEventId}` found the event the PUT probe had just made, and answered 200)
    for operation in sorted(targets.values(), key=_makes_what_it_names):
        names = path_parameter_names(operation.path)
        if not names:
            continue
        schemas = {name: _parameter_schema(run, operation, name) for name in names}
        if schemas[names[-1]].get("enum"):
            continue  # the record is one of a fixed few: no id of it is unknown
        # a parameter of a fixed few values names a kind, not a record (SFTPGo's `/iplists/{type}/{ipornet}`, type
        # 1, 2 or 3): it keeps a valid one, and the ids are unknown; one outside them made the request invalid
        kinds = {name: schemas[name]["enum"][0] for name in names if schemas[name].get("enum")}
        unknown = {name: unknown_value(schemas[name], _fitting(run, schemas[name])) for name in names} | kinds
        if all(value is not None for value in unknown.values()):
            _probe(run, operation, unknown, malformed=False)
        malformed = {name: malformed_value(schemas[name]) for name in names} | kinds
        if all(value is not None for value in malformed.values()):
            _probe(run, operation, malformed, malformed=True)


def _makes_what_it_names(operation: Any) -> bool:
    return str(operation.method).upper() == "PUT"


def _fitting(run: PhaseRun, schema: dict[str, Any]) -> Callable[[Any], bool]:
    return lambda value: text_fits(run.state.facts, schema, value)


def _probe(run: PhaseRun, operation: Any, values: dict[str, Any], *, malformed: bool) -> None:
    case = run.example(operation) if operation.method.upper() not in ("GET", "DELETE", "HEAD") else None
    if case is not None:
        case.path_parameters = dict(values)
    else:
        case = linked_case(operation, values)  # with the other parameters it requires: only the id is unknown
    steps: list[Exchange] = []
    response = run.send(case, steps=steps)
    run.check(
        case,
        response,
        steps,
        lambda state, resp, c: check_unknown_id(state, resp, c, malformed),
        envelope.check_error_envelope,
    )
