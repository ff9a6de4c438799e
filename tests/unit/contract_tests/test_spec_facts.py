"""spec_facts: the runner's view of a document, which must cost what the document's size does."""

from __future__ import annotations

import time

import pytest

from contract_tests.checks.money import documented_negatives
from contract_tests.spec_facts import (
    declaring_no_answer,
    made_meetable,
    refusals_declared_beyond,
    resolve_local_refs,
    schema_walk_size,
    schemas_no_value_meets,
    switching_protocols,
    too_large_to_generate,
)


def _chain(levels: int) -> dict:
    """`S0` .. `Sn`, each holding the next twice: 2**n paths to the last, in a few kilobytes (Xero's shape, where the
    runner grew to 11 GB before sending a request)."""
    schemas = {
        f"S{i}": {
            "type": "object",
            "properties": {
                "a": {"$ref": f"#/components/schemas/S{i + 1}"},
                "balance": {"$ref": f"#/components/schemas/S{i + 1}"},
            },
        }
        for i in range(levels)
    }
    schemas[f"S{levels}"] = {"type": "number", "example": -5}
    answer = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}
    return {
        "openapi": "3.1.0",
        "paths": {"/s": {"get": {"responses": {"200": answer}}}},
        "components": {"schemas": schemas},
    }


def test_a_schema_reached_along_many_paths_is_resolved_once():
    started = time.process_time()
    resolved = resolve_local_refs(_chain(40))  # 2**40 paths: a tree copy would never end
    schemas = resolved["components"]["schemas"]
    assert schemas["S0"]["properties"]["a"] is schemas["S0"]["properties"]["balance"] is schemas["S1"]
    assert schemas["S39"]["properties"]["a"] == {"type": "number", "example": -5}
    assert resolved["paths"]["/s"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] is schemas["S0"]
    assert documented_negatives(resolved) == frozenset({"a", "balance"})  # `a` sits inside a `balance` on some paths
    assert time.process_time() - started < 5


def test_a_cycle_still_ends_in_anything_and_siblings_of_a_ref_are_kept():
    document = {
        "components": {
            "schemas": {
                "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}},
                "Named": {"$ref": "#/components/schemas/Node", "description": "a node"},
            }
        }
    }
    resolved = resolve_local_refs(document)
    node = resolved["components"]["schemas"]["Node"]
    assert node["properties"]["next"]["properties"]["next"] == {}
    assert resolved["components"]["schemas"]["Named"]["description"] == "a node"
    assert document["components"]["schemas"]["Named"] == {"$ref": "#/components/schemas/Node", "description": "a node"}


def test_a_walk_counts_each_path_through_shared_parts_up_to_its_budget():
    schemas = resolve_local_refs(_chain(40))["components"]["schemas"]
    assert schema_walk_size(schemas["S36"]) == 1 + 2 + 4 + 8 + 16  # each path to S40, the number, counted
    assert schema_walk_size(schemas["S0"], budget=1000) == 1001  # 2**41 - 1 paths: counted only past the budget
    items = {"type": "array", "items": schemas["S38"], "prefixItems": [schemas["S39"]]}
    assert schema_walk_size({"allOf": [items], "not": schemas["S40"]}) == 1 + 1 + (1 + 2 + 4) + (1 + 2) + 1


def test_operations_whose_requests_walk_past_the_budget_are_named():
    document = _chain(20)
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}
    query = [{"name": "filter", "in": "query", "schema": {"$ref": "#/components/schemas/S6"}}]  # 2**15 - 1 paths
    document["paths"] = {
        "/s": {"post": {"requestBody": body}, "get": {"parameters": query}},
        "/t": {"parameters": query, "delete": {}},
        "/u": {"put": {"parameters": [{"name": "n", "in": "query", "schema": {"type": "integer"}}]}},
    }
    resolved = resolve_local_refs(document)
    assert too_large_to_generate(resolved) == ["POST /s", "GET /s", "DELETE /t"]
    assert too_large_to_generate(resolved, budget=40_000) == ["POST /s"]


def test_an_all_of_no_value_meets_is_found_and_opened_where_it_sits() -> None:
    base = {"type": "object", "additionalProperties": False, "properties": {"title": {"type": "string"}}}
    details = {"allOf": [base, {"type": "object", "required": ["errors"]}]}
    envelope = {"type": "object", "properties": {"error": details, "meta": {"type": "object"}}}
    document = {
        "paths": {"/keys": {"post": {"responses": {"400": {"content": {"application/json": {"schema": envelope}}}}}}}
    }
    assert schemas_no_value_meets(document) == [
        "#/paths/~1keys/post/responses/400/content/application~1json/schema/properties/error"
    ]
    opened = made_meetable(envelope)
    assert opened["properties"]["error"]["allOf"][0] == {"type": "object", "properties": {"title": {"type": "string"}}}
    assert base["additionalProperties"] is False  # the document's own schema is left as it is
    assert made_meetable(base) is None and made_meetable({"type": "string"}) is None


def test_a_bound_written_as_a_float_is_judged_as_openapi_core_judges_it() -> None:
    # Nomad's uint64 `maximum: 1.8446744073709552e+19`: schemathesis drew 18446744073709551999 for a valid request,
    # the mock refused it as openapi-core does, and the runner reported a valid request refused
    from contract_tests.checks import state_for

    schema = {"type": "object", "properties": {"ModifyIndex": {"type": "integer", "maximum": 1.8446744073709552e19}}}
    facts = state_for({"openapi": "3.1.0", "paths": {}}).facts
    assert facts.validation_errors(schema, {"ModifyIndex": 18446744073709551999})
    assert facts.validation_errors(schema, {"ModifyIndex": 2**64}) == []


@pytest.mark.parametrize(
    "pattern,refused,taken",
    [(r"^/[\w-/]*[a-zA-Z0-9]$", "", "/komga"), (r"\Aab{,2}\Z", "abbb", "ab")],
)
def test_a_pattern_jsonschema_rs_cannot_read_is_judged_as_a_server_reads_it(pattern, refused, taken) -> None:
    # Komga's settings: schemathesis cannot read the context path's pattern and sent `""` as valid; the mock (as
    # Komga, in Java) refused it, and the runner, unable to compile the pattern either, reported a valid request refused
    from contract_tests.checks import state_for

    schema = {"type": "object", "properties": {"path": {"type": "string", "pattern": pattern}}}
    facts = state_for({"openapi": "3.1.0", "paths": {}}).facts
    assert facts.validation_errors(schema, {"path": refused})
    assert facts.validation_errors(schema, {"path": taken}) == []


def test_operations_answered_only_by_switching_protocols_are_left_out_of_the_engines_run():
    # Together's `GET /realtime` declares only 101: schemathesis' plain GET was answered 426 by the mock (as by the
    # real server) and reported "Documented: 101"
    from contract_tests.runner import RunOptions, default_config

    switching = {"101": {"description": "a WebSocket"}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/realtime": {"get": {"responses": switching}},
            "/session": {"post": {"responses": {**switching, "400": {"description": "bad parameter"}}}},
            "/events": {"get": {"responses": {**switching, "200": {"description": "or a stream"}}}},
            "/models": {"get": {"responses": {"200": {"description": "ok"}}}},
        },
    }
    assert switching_protocols(document) == ["GET /realtime", "POST /session"]
    disabled = [
        entry["include-name"]
        for entry in default_config(RunOptions(document, "http://127.0.0.1:9"), document)["operations"]
        if entry.get("enabled") is False
    ]
    assert disabled == [["GET /realtime", "POST /session"]]


def test_operations_declaring_no_response_are_not_held_to_a_status():
    # Vimeo's `GET /tutorial` declares `responses: {}`: its 200 was reported "Documented:" (nothing)
    from contract_tests.runner import RunOptions, default_config

    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/tutorial": {"get": {"responses": {}}},
            "/about": {"get": {}},
            "/models": {"get": {"responses": {"200": {"description": "ok"}}}},
        },
    }
    assert declaring_no_answer(document) == ["GET /tutorial", "GET /about"]
    spared = [
        entry["include-name"]
        for entry in default_config(RunOptions(document, "http://127.0.0.1:9"), document)["operations"]
        if entry.get("checks") == {"status_code_conformance": {"enabled": False}}
    ]
    assert spared == [["GET /tutorial", "GET /about"]]


def test_operations_are_grouped_by_the_refusals_they_declare_beyond_the_known_ones():
    def declaring(*statuses: str) -> dict:
        return {"responses": {status: {"description": "x"} for status in ("200", *statuses)}}

    document = {
        "paths": {
            "/a": {"post": declaring("400", "480", "486"), "get": declaring("404")},
            "/b": {"put": declaring("486", "480"), "parameters": []},
            "/c": {"delete": declaring("4XX")},
        }
    }
    assert refusals_declared_beyond(document, ["400", "404"]) == {
        ("480", "486"): ["POST /a", "PUT /b"],
        ("4xx",): ["DELETE /c"],
    }
