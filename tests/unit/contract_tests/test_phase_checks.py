"""The plain checks behind our phases, on hand-made documents, requests and responses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import jsonschema_rs
import pytest

from contract_tests.checks import acceptance, ids, lists, money, security, sequences
from contract_tests.checks.base import start_run
from contract_tests.phases import edges
from contract_tests.phases import lists as list_walk
from contract_tests.phases.ids import unknown_value
from contract_tests.phases.security import forged_jwt, variants

ERROR = {"type": "object", "properties": {"error": {"type": "object"}}}
DOCUMENT = {
    "openapi": "3.1.0",
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
        }
    },
    "paths": {
        "/things": {
            "get": {
                "operationId": "listThings",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 50}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    {"name": "status", "in": "query", "schema": {"enum": ["new", "done", "all"]}},
                ],
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "data": {
                                            "type": "array",
                                            "items": {"type": "object", "properties": {"id": {}, "status": {}}},
                                        },
                                        "next_cursor": {"type": ["string", "null"]},
                                    },
                                }
                            }
                        }
                    },
                    "400": {"description": "Invalid cursor"},
                    "422": {"description": "Validation error"},
                },
            }
        },
        "/things/{id}": {
            "get": {
                "operationId": "getThing",
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "properties": {"status": {"enum": ["registered", "in_transit", "delivered"]}}
                                }
                            }
                        }
                    },
                    "401": {"description": "no"},
                    "404": {"description": "no"},
                },
            },
            "put": {"operationId": "putThing", "responses": {"200": {}}},
        },
        "/public": {"get": {"operationId": "public", "security": [], "responses": {"200": {}}}},
    },
}


def case(method: str, path: str, query=None, **path_parameters):
    return SimpleNamespace(
        method=method,
        operation=SimpleNamespace(path=path, schema=SimpleNamespace(raw_schema=DOCUMENT), label=f"{method} {path}"),
        path_parameters=path_parameters,
        query=query or {},
    )


def response(status: int, body=None):
    return SimpleNamespace(
        status_code=status, content=json.dumps(body).encode() if body is not None else b"", headers={}
    )


@pytest.fixture
def state():
    return start_run(DOCUMENT)


def test_list_shape_is_read_off_the_spec(state):
    shape = lists.list_shape(state, "/things", "get")
    assert shape.items_field == "data" and shape.limit["name"] == "limit"
    assert shape.cursor == "cursor" and shape.next_field == "next_cursor"
    assert shape.filters == (("status", ("new", "done")),)
    assert lists.list_shape(state, "/things/{id}", "get") is None


def test_a_page_longer_than_the_limit_fails(state):
    page = {"data": [{"id": 1}, {"id": 2}, {"id": 3}], "next_cursor": None}
    lists.check_list_limit(state, response(200, page), case("GET", "/things", {"limit": 3}))
    with pytest.raises(lists.ListLimitExceeded, match="3 items for limit=2"):
        lists.check_list_limit(state, response(200, page), case("GET", "/things", {"limit": 2}))


def test_a_list_answer_holding_one_record_twice_fails(state):
    # Conduit's public article list held each seeded article once per caller who had read it
    lists.check_unique_items(state, response(200, {"data": [{"id": 1}, {"id": 2}]}), case("GET", "/things", {}))
    lists.check_unique_items(state, response(404, {"data": [{"id": 1}, {"id": 1}]}), case("GET", "/things", {}))
    with pytest.raises(lists.RepeatedListItems, match="id 1 is listed twice"):
        lists.check_unique_items(state, response(200, {"data": [{"id": 1}, {"id": 1}]}), case("GET", "/things", {}))


def test_records_named_by_their_name_but_answering_ids_are_told_apart_by_the_ids():
    # Vonage's conversation members: the schema declares no id (a member is named by its `name`), but each answer
    # holds one, and two members (one user invited twice) share a name
    document = copy.deepcopy(DOCUMENT)
    success = document["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    success["properties"]["data"]["items"]["properties"] = {"name": {"type": "string"}, "status": {}}
    state = start_run(document)
    assert lists.list_shape(state, "/things", "get").id_field == "name"
    alike = {"data": [{"id": "MEM-1", "name": "ann"}, {"id": "MEM-2", "name": "ann"}]}
    lists.check_unique_items(state, response(200, alike), case("GET", "/things", {}))
    with pytest.raises(lists.RepeatedListItems, match="id 'MEM-1' is listed twice"):
        twice = {"data": [{"id": "MEM-1", "name": "ann"}, {"id": "MEM-1", "name": "bob"}]}
        lists.check_unique_items(state, response(200, twice), case("GET", "/things", {}))
    with pytest.raises(lists.RepeatedListItems, match="name 'ann' is listed twice"):
        lists.check_unique_items(
            state, response(200, {"data": [{"name": "ann"}, {"name": "ann"}]}), case("GET", "/things", {})
        )


def test_a_list_that_must_hold_items_may_hold_them_whatever_the_limit():
    document = copy.deepcopy(DOCUMENT)
    success = document["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    success["properties"]["data"]["minItems"] = 2  # Slack's `members` always holds one
    state = start_run(document)
    page = {"data": [{"id": 1}, {"id": 2}], "next_cursor": None}
    lists.check_list_limit(state, response(200, page), case("GET", "/things", {"limit": 1}))
    lists.check_list_limit(state, response(200, page), case("GET", "/things", {"limit": 0}))  # the default page
    with pytest.raises(lists.ListLimitExceeded, match="3 items for limit=1"):
        lists.check_list_limit(
            state, response(200, {**page, "data": [*page["data"], {"id": 3}]}), case("GET", "/things", {"limit": 1})
        )


def test_status_only_moves_forward_between_polls_and_a_write_resets(state):
    get = case("GET", "/things/{id}", id="t1")
    sequences.check_status_order(state, response(200, {"status": "in_transit"}), get)
    with pytest.raises(sequences.StatusMovedBackwards, match="in_transit back to registered"):
        sequences.check_status_order(state, response(200, {"status": "registered"}), get)
    sequences.check_status_order(state, response(200, {}), case("PUT", "/things/{id}", id="t1"))
    sequences.check_status_order(state, response(200, {"status": "registered"}), get)


def test_answers_naming_different_records_are_not_one_record_polled(state):
    # Blogger's `GET /blogs/{blogId}/posts/bypath?path=…`: the blog's post at each path, each of its own status
    get = case("GET", "/things/{id}", id="t1")
    sequences.check_status_order(state, response(200, {"id": "p1", "status": "in_transit"}), get)
    sequences.check_status_order(state, response(200, {"id": "p2", "status": "registered"}), get)
    with pytest.raises(sequences.StatusMovedBackwards, match="in_transit back to registered"):
        sequences.check_status_order(state, response(200, {"id": "p2", "status": "in_transit"}), get)
        sequences.check_status_order(state, response(200, {"id": "p2", "status": "registered"}), get)


def test_bad_credential_variants_for_a_secured_operation():
    raw = DOCUMENT["paths"]["/things"]["get"]
    found = {
        v.description: v.headers for v in variants(DOCUMENT, raw, {"Authorization": "Bearer real", "X-Trace": "1"})
    }
    assert found["no credentials"] == {"X-Trace": "1"}
    assert found["wrong credentials"]["Authorization"].startswith("Bearer invalid-specmock-")
    assert set(found["only another scheme's credential (key)"]) == {"X-Trace", "X-Api-Key"}
    assert found["a forged token (alg none, expired)"]["Authorization"] == f"Bearer {forged_jwt()}"
    assert variants(DOCUMENT, DOCUMENT["paths"]["/public"]["get"], {"Authorization": "Bearer real"}) == []


def test_a_stand_in_credential_is_only_varied_by_leaving_it_out():
    raw = DOCUMENT["paths"]["/things"]["get"]
    found = variants(DOCUMENT, raw, {"Authorization": "Bearer stand-in", "X-Trace": "1"}, verified=False)
    assert [(v.description, v.headers, v.query) for v in found] == [("no credentials", {"X-Trace": "1"}, {})]


def test_a_query_key_is_varied_in_the_query():
    document = {
        "components": {"securitySchemes": {"q": {"type": "apiKey", "in": "query", "name": "api_key"}}},
        "security": [{"q": []}],
        "paths": {"/things": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    found = {v.description: v for v in variants(document, document["paths"]["/things"]["get"], {})}
    assert found["no credentials"].query == {} and found["no credentials"].headers == {}
    assert found["wrong credentials"].query["api_key"].startswith("invalid-specmock-")


def test_refusals_must_be_the_declared_ones(state):
    get = case("GET", "/things/{id}", id="x")
    security.check_refused(state, response(401, {"error": {}}), get, "no credentials")
    with pytest.raises(security.BadCredentialsAccepted, match="expected 401"):
        security.check_refused(state, response(403, {"error": {}}), get, "no credentials")
    with pytest.raises(security.BadCredentialsAccepted):
        security.check_refused(state, response(200, {}), case("GET", "/things"), "wrong credentials")


def test_unknown_and_malformed_ids(state):
    get = case("GET", "/things/{id}", id="nobody")
    ids.check_unknown_id(state, response(404), get, malformed=False)
    with pytest.raises(ids.UnknownIdAnswered, match="an id nobody created"):
        ids.check_unknown_id(state, response(200, None), get, malformed=False)
    with pytest.raises(ids.UnknownIdAnswered, match="a malformed id"):
        ids.check_unknown_id(state, response(500), get, malformed=True)
    # a malformed id refused with 400 is right whether or not the operation declares a 400 (Gitea declares none)
    ids.check_unknown_id(state, response(400, {"error": {"code": "x"}}), get, malformed=True)
    with pytest.raises(ids.UnknownIdAnswered, match="an id nobody created"):
        ids.check_unknown_id(state, response(400, {"error": {"code": "x"}}), get, malformed=False)


def test_an_example_request_is_sent_as_json_where_the_operation_takes_json():
    # Gitea's global `consumes` lists text/plain beside JSON; an object sent as text/plain was refused, and the
    # unknown-ids phase reported that 400 as a missed 404
    import schemathesis

    from contract_tests.phases.base import example_case

    body = {"schema": {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}}
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/hooks/{id}": {
                    "patch": {
                        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                        "requestBody": {"content": {"text/plain": body, "application/json": body}},
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    for _ in range(5):
        assert example_case(schema["/hooks/{id}"]["PATCH"]).media_type == "application/json"


@pytest.mark.parametrize("name_schema", [{"type": "string"}, {"type": "string", "format": "uuid"}])
def test_a_put_may_make_the_record_an_unknown_id_names(name_schema):
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/keepers/{name}": {
                "parameters": [{"name": "name", "in": "path", "required": True, "schema": name_schema}],
                "put": {"responses": {"200": {"description": "kept"}, "default": {"description": "error"}}},
                "delete": {"responses": {"204": {"description": "gone"}, "default": {"description": "error"}}},
            }
        },
    }
    state = start_run(document)

    def sent(method: str, name: str = "0b6c3f5e-8a8e-4a4e-9c55-1f0d4c4b9a10"):
        return SimpleNamespace(
            method=method,
            operation=SimpleNamespace(path="/keepers/{name}", schema=SimpleNamespace(raw_schema=document)),
            path_parameters={"name": name},
            query={},
        )

    ids.check_unknown_id(state, response(200, {}), sent("PUT"), malformed=False)  # an upsert
    ids.check_unknown_id(state, response(404), sent("DELETE"), malformed=False)
    with pytest.raises(ids.UnknownIdAnswered):
        ids.check_unknown_id(state, response(204), sent("DELETE"), malformed=False)
    odd = "..%2F..%2F%00'\"<>"
    with pytest.raises(ids.UnknownIdAnswered, match="a malformed id"):
        ids.check_unknown_id(state, response(200, {}), sent("DELETE", odd), malformed=True)
    if "format" in name_schema:  # a uuid: the odd text is no name of one, and the PUT that took it erred
        with pytest.raises(ids.UnknownIdAnswered, match="a malformed id"):
            ids.check_unknown_id(state, response(200, {}), sent("PUT", "not-an-id"), malformed=True)
    else:  # any text is a name here (STACKIT's WAFs): the PUT made a record under it, as the spec allows
        ids.check_unknown_id(state, response(200, {}), sent("PUT", odd), malformed=True)


def test_semantic_400s_are_told_from_generic_ones():
    assert acceptance.semantic_rejections(DOCUMENT) == {"listThings": [400]}
    assert acceptance.names_a_rule("Provide exactly one of image_url or prompt")
    assert not acceptance.names_a_rule("Bad Request") and not acceptance.names_a_rule("Invalid body")


def test_never_accepting_valid_requests_is_flagged_only_for_refusals():
    tally = acceptance.AcceptanceTally()
    for _ in range(5):
        tally.record("POST /x", 400, "fuzzing", None)
        tally.record("GET /y", 404, "fuzzing", None)
    assert isinstance(acceptance.check_acceptance(tally, "POST /x"), acceptance.ValidRequestsNeverAccepted)
    assert acceptance.check_acceptance(tally, "GET /y") is None  # not found is not a refusal of the data
    tally.record("POST /z", 422, "examples", "exchange")
    assert isinstance(acceptance.check_acceptance(tally, "POST /z"), acceptance.SpecExampleRejected)


def test_money_rules():
    assert money.balance_of({"balance": {"usd": 2.5}}) == ("balance", 2.5)
    assert money.balance_of({"balance_cents": 300}) == ("balance_cents", 300.0)
    assert money.price_of({"price_cents": 100, "cost_usd": 9}, "balance_cents") == 100.0
    money.check_debits(300, 0, [100.0, 100.0, 100.0], 3, "w")
    with pytest.raises(money.PaidCallNotDebited):
        money.check_debits(300, 300, [100.0], 1, "w")
    with pytest.raises(money.ParallelChargesOverspent, match="300 -> -500"):
        money.check_no_overspend(300, -500, "w")


def test_edge_values_stay_inside_the_schema():
    assert edges.integer_edges({"type": "integer", "format": "int32"}) == [-(2**31), 2**31 - 1]
    assert edges.integer_edges({"type": "integer", "format": "int64", "minimum": 1}) == [1, 2**63 - 1]
    assert edges.integer_edges({"type": "integer", "minimum": 1, "maximum": 50}) == [1, 50]
    assert "" in edges.string_edges({"type": "string"})
    assert all(len(text) >= 2 for text in edges.string_edges({"type": "string", "minLength": 2}))
    assert edges.string_edges({"type": "string", "format": "uuid"}) == []


def test_edges_are_read_off_the_schema_that_bounds_them():
    assert edges.edges_of({"type": ["integer", "null"], "minimum": 3, "maximum": 9}) == [3, 9]
    assert edges.edges_of({"items": {"type": "string"}}) == [[]]  # an array by its keywords: `[]` is one
    assert edges.edges_of({"type": "array", "items": {}, "minItems": 1}) == []
    # the options' keywords bound their values, not the parent's: no edge of the parent is sure to be valid
    assert edges.edges_of({"anyOf": [{"type": "integer", "maximum": 5}, {"type": "null"}]}) == []
    assert edges.edges_of({"oneOf": [{"type": "string", "maxLength": 2}, {"type": "integer"}]}) == []


def _fits(schema: dict) -> Callable[[object], bool]:
    validator = jsonschema_rs.Draft202012Validator(schema)
    return validator.is_valid


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string"},
        {"type": "string", "pattern": "^[a-z][a-z0-9_]{2,19}$"},  # a username: no hyphen, at most 20
        {"type": "string", "pattern": "^cus_[A-Za-z0-9]{14}$"},
        {"type": "string", "maxLength": 8},
        {"type": "string", "pattern": "^[A-Z]{2}-\\d{4}$", "minLength": 7, "maxLength": 7},
        {"type": "integer", "minimum": 1, "maximum": 500},
        {"type": "string", "format": "uuid"},
        {"type": "string", "format": "ipv4"},  # DigitalOcean's floating IPs
        {"type": "string", "format": "ipv6", "minimum": 1},  # its reserved IPv6s (`specmock-unknown-…` was a 422)
        {"type": "string", "format": "email"},
        {"type": "string", "format": "hostname"},
        {"type": "string", "format": "uri"},
    ],
)
def test_an_unknown_id_is_one_the_parameter_allows(schema: dict) -> None:
    """An id the API must refuse as malformed (400) tests its validation, not its unknown ids: the unknown-ids
    phase sent `specmock-unknown-…` to a `^[a-z][a-z0-9_]{2,19}$` path and took the 400 for a missed 404."""
    values = {json.dumps(unknown_value(schema, _fits(schema))) for _ in range(20)}
    for value in values:
        assert jsonschema_rs.Draft202012Validator(schema, validate_formats=True).is_valid(json.loads(value)), value
    assert len(values) > 1  # made up anew each time: not an id an API gave out


def test_an_unknown_id_drawn_from_a_pattern_is_a_long_one_no_fuzzer_would_make() -> None:
    # Discord's snowflake, `^(0|[1-9][0-9]{0,19})$`: the phase drew `0`, a channel id the fuzzing phase had created a
    # stage instance for, and its 204 was called an unknown id not answered 404
    schema = {"type": "string", "pattern": "^(0|[1-9][0-9]{0,19})$"}
    for _ in range(30):
        value = unknown_value(schema, _fits(schema))
        assert isinstance(value, str) and len(value) >= 15, value


def test_no_unknown_id_when_the_pattern_allows_none_it_can_make() -> None:
    schema = {"type": "string", "pattern": "^[a-z]+$", "minLength": 30, "maxLength": 2}  # nothing fits
    assert unknown_value(schema, _fits(schema)) is None


class _PagedList:
    """A list served by page number and page size, as a run's `send` sees it: `items(page, size)` gives a page's ids."""

    def __init__(self, items: Callable[[int, int], list[object]]) -> None:
        self.items = items
        self.failures: list[object] = []
        self.sent = 0
        self.list_parameters: dict[str, object] = {}

    def send(self, case, steps):
        self.sent += 1
        page, size = int(case.query.get("page", 1)), int(case.query["per_page"])
        body = {"data": [{"id": identifier} for identifier in self.items(page, size)]}
        return SimpleNamespace(status_code=200, json=lambda: body)

    def check(self, *args) -> None:
        pass

    def fail(self, case, failure, response, steps) -> None:
        self.failures.append(failure)


PAGED_BY_NUMBER = lists.ListShape(
    items_field="data",
    limit={"name": "per_page", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
    cursor=None,
    next_field=None,
    offset=None,
    page="page",
    filters=(),
)
PAGED_OPERATION = SimpleNamespace(label="GET /animals", path="/animals", Case=lambda **given: SimpleNamespace(**given))


@pytest.mark.parametrize("count", [0, 3, 10, 11, 443, 2_000])
def test_a_long_list_paged_by_number_is_walked_to_its_end(count):
    """Small pages first, then large pages from the one holding the next item: a list a fuzzer has filled with
    hundreds of records is walked whole, each item once, in budget (it used to be a 'still more pages')."""
    from contract_tests.phases.lists import walk

    ids = [f"a{n}" for n in range(count)]
    run = _PagedList(lambda page, size: ids[(page - 1) * size : page * size])
    assert walk(run, PAGED_OPERATION, PAGED_BY_NUMBER) == ids
    assert run.failures == []


def test_pages_by_number_that_repeat_or_never_end_still_fail():
    from contract_tests.phases.lists import walk

    same_page = _PagedList(lambda page, size: [f"a{n}" for n in range(size)])  # the page number is ignored
    assert walk(same_page, PAGED_OPERATION, PAGED_BY_NUMBER) is None
    assert len(same_page.failures) == 1 and "GET /animals: item a0 appears on two pages" in str(same_page.failures[0])
    # Asana's static catalogue repeats one example item within a page: said so, not "on two pages"
    doubled = _PagedList(lambda page, size: ["a0", "a0"] if page == 1 else [])
    assert walk(doubled, PAGED_OPERATION, PAGED_BY_NUMBER) is None
    assert "GET /animals: item a0 appears twice on one page" in str(doubled.failures[0])

    endless = _PagedList(lambda page, size: [f"a{n}" for n in range((page - 1) * size, page * size)])  # no end
    assert walk(endless, PAGED_OPERATION, PAGED_BY_NUMBER) is None
    assert len(endless.failures) == 1 and "still more pages after 60" in str(endless.failures[0])


def test_a_list_the_spec_gives_no_way_to_end_is_not_judged_endless():
    # Discourse's user lists: paged by number, no page size, `minItems: 1`, nothing saying a page is the last: a
    # server that obeys the schema can never end the walk (the mock filled every page, and was reported endless)
    import dataclasses

    from contract_tests.phases.lists import walk

    class _Unsized(_PagedList):
        def send(self, case, steps):
            self.sent += 1
            page = int(case.query.get("page", 1))
            body = {"data": [{"id": identifier} for identifier in self.items(page, 1)]}
            return SimpleNamespace(status_code=200, json=lambda: body)

    unsized = dataclasses.replace(PAGED_BY_NUMBER, limit=None)
    endless = _Unsized(lambda page, size: [f"a{page}"])
    assert walk(endless, PAGED_OPERATION, dataclasses.replace(unsized, min_items=1)) is None
    assert endless.failures == []  # unjudged: the spec's list cannot end
    endless = _Unsized(lambda page, size: [f"a{page}"])
    assert walk(endless, PAGED_OPERATION, unsized) is None  # an empty page may end it: never one came
    assert "still more pages after 60" in str(endless.failures[0])
    repeated = _Unsized(lambda page, size: ["a1"])
    assert walk(repeated, PAGED_OPERATION, dataclasses.replace(unsized, min_items=1)) is None
    assert "appears on two pages" in str(repeated.failures[0])  # a repeat is still one


class _OffsetList(_PagedList):
    """A list served by offset alone, its items without ids (DaniWeb's memberships: a group and a member each)."""

    def send(self, case, steps):
        self.sent += 1
        offset = int(case.query.get("offset", 0))
        body = {"data": [{"member": {"name": name}} for name in self.items(offset, 0)]}
        return SimpleNamespace(status_code=200, json=lambda: body)


PAGED_BY_OFFSET = lists.ListShape(
    items_field="data", limit=None, cursor=None, next_field=None, offset="offset", page=None, filters=()
)


def test_a_list_paged_by_an_offset_alone_whose_items_have_no_ids_is_walked_to_its_end():
    # the offset went up by the items with an id: none, so the walk stood at offset 0, "still more pages after 60"
    from contract_tests.phases.lists import walk

    names = [f"m{n}" for n in range(7)]
    run = _OffsetList(lambda offset, _: names[offset : offset + 3])
    assert walk(run, PAGED_OPERATION, PAGED_BY_OFFSET) == []  # nothing to tell the items apart by
    assert run.failures == [] and run.sent == 4  # offsets 0, 3, 6, 9 (empty)


class _LimitedList(_PagedList):
    """A list that takes a page size and no way to a next page (n-auth's servers: `limit`, and `marker`, an offset
    by another name)."""

    def send(self, case, steps):
        self.sent += 1
        self.asked = int(case.query["limit"])
        body = {"data": [{"id": identifier} for identifier in self.items(1, self.asked)]}
        return SimpleNamespace(status_code=200, json=lambda: body)


LIMITED = lists.ListShape(
    items_field="data",
    limit={"name": "limit", "schema": {"type": "integer"}},
    cursor=None,
    next_field=None,
    offset=None,
    page=None,
    filters=(),
)


def test_a_list_with_a_page_size_and_no_next_page_is_read_in_one_large_page_and_judged_only_when_whole():
    # n-auth's `GET /servers/?limit=2` held two seeded servers, and the one just made was "not listed"
    from contract_tests.phases.lists import walk

    few = _LimitedList(lambda page, size: [f"s{n}" for n in range(min(size, 7))])
    assert walk(few, PAGED_OPERATION, LIMITED) == [f"s{n}" for n in range(7)] and few.asked == 50
    full = _LimitedList(lambda page, size: [f"s{n}" for n in range(size)])  # more than a page holds: unjudged
    assert walk(full, PAGED_OPERATION, LIMITED) is None and full.failures == []


def test_pages_by_number_in_another_order_at_another_size_are_no_walk_to_judge():
    """The large page that holds the next item must start with the items the small pages ended on; where it
    does not, the walk judges nothing (no membership from it) and reports nothing."""
    from contract_tests.phases.lists import walk

    ids = [f"a{n}" for n in range(200)]
    run = _PagedList(lambda page, size: (ids if size == 2 else ids[::-1])[(page - 1) * size : page * size])
    assert walk(run, PAGED_OPERATION, PAGED_BY_NUMBER) is None
    assert run.failures == []


@pytest.mark.parametrize(
    ("pointer", "cursor"),
    [
        ("c2", "c2"),  # the cursor itself
        ("/2010-04-01/Accounts.json?PageSize=2&PageToken=PA2", "PA2"),  # Twilio's next_page_uri
        ("http://api.example/items?cursor=c%3D3&limit=5", "c=3"),  # an absolute address, its cursor decoded
        ("http://api.example/items?page=2", None),  # an address without the cursor: no cursor to follow
        ("https://example.com/list/tag", None),
        ("/items/next", None),
        ("eyJvIjogMn0=", "eyJvIjogMn0="),
        (None, None),
        # Asana's next_page object: its part named as the cursor parameter, else the cursor in its address
        ({"offset": "eyJ0", "path": "/tags?limit=2&offset=eyJ0", "uri": "https://x.example/tags?offset=eyJ0"}, "eyJ0"),
        ({"href": "http://api.example/items?cursor=c4"}, "c4"),
        ({"href": "http://api.example/items?page=2"}, None),
    ],
)
def test_the_next_page_field_gives_its_cursor_whether_a_cursor_or_an_address(pointer, cursor):
    from contract_tests.phases.lists import cursor_in

    token = (
        "PageToken" if pointer and "PageToken" in pointer else "offset" if pointer and "offset" in pointer else "cursor"
    )
    assert cursor_in(pointer, token) == cursor


def test_a_list_whose_next_page_field_is_an_address_is_read_off_the_spec():
    item = {"type": "object", "properties": {"account_sid": {"type": "string"}, "connect_app_sid": {"type": "string"}}}
    schema = {
        "type": "object",
        "properties": {"apps": {"type": "array", "items": item}, "next_page_uri": {"type": "string"}},
    }
    success = {"content": {"application/json": {"schema": schema}}}
    raw = {
        "parameters": [
            {"name": "PageToken", "in": "query"},
            {"name": "PageSize", "in": "query", "schema": {"type": "integer"}},
        ],
        "responses": {"200": success},
    }
    paths = {"/Apps.json": {"get": raw}, "/Apps/{ConnectAppSid}.json": {}}
    facts = SimpleNamespace(operation=lambda path, method: raw, document={"paths": paths})
    shape = lists.list_shape(SimpleNamespace(facts=facts), "/Apps.json", "GET")
    assert (shape.cursor, shape.next_field, shape.limit["name"]) == ("PageToken", "next_page_uri", "PageSize")
    # the item's own id is the field its item path's parameter names, not the account every item shares
    assert shape.id_field == "connect_app_sid"


@pytest.mark.parametrize(
    ("item", "identifier"),
    [
        ({"account_sid": "AC1", "sid": "SM1", "body": "hi"}, "SM1"),  # its own id, not the account every item shares
        ({"owner_account_sid": "AC1", "sid": "AC2"}, "AC2"),
        ({"userId": 7, "postId": 3, "uuid": "u-1"}, "u-1"),
        ({"id": 5, "sid": "x"}, "5"),
        ({"title": "no id"}, None),
        ({"gid": "12345-2", "name": "Developer Blog Writer"}, "12345-2"),  # Asana's: its gid, not a shared name
        ({"slug": "example-slug-2", "name": "example name"}, "example-slug-2"),  # DigitalOcean's presets
        ({"task_slug": "example string-2", "name": "example name"}, "example string-2"),
    ],
)
def test_an_items_own_id_is_told_from_the_ids_it_points_at(item, identifier):
    assert lists.item_id(item) == identifier


def test_a_list_paged_by_an_offset_token_and_a_next_page_object_is_read_off_the_spec():
    # Asana's lists: `offset` takes strings only (a token the list hands out), `next_page: {offset, path, uri}`
    item = {"type": "object", "properties": {"gid": {"type": "string"}}}
    following = {"type": "object", "properties": {"offset": {"type": "string"}, "uri": {"type": "string"}}}
    schema = {"type": "object", "properties": {"data": {"type": "array", "items": item}, "next_page": following}}
    raw = {
        "parameters": [
            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
            {"name": "offset", "in": "query", "schema": {"type": "string"}},
        ],
        "responses": {"200": {"content": {"application/json": {"schema": schema}}}},
    }
    facts = SimpleNamespace(operation=lambda path, method: raw, document={"paths": {"/tags": {"get": raw}}})
    shape = lists.list_shape(SimpleNamespace(facts=facts), "/tags", "GET")
    assert (shape.cursor, shape.offset, shape.next_field) == ("offset", None, "next_page")
    # a numeric offset stays a count to add to
    raw["parameters"][1]["schema"] = {"type": "integer"}
    shape = lists.list_shape(SimpleNamespace(facts=facts), "/tags", "GET")
    assert (shape.cursor, shape.offset) == (None, "offset")


def test_a_full_list_with_no_page_after_it_may_leave_out_what_was_made():
    # PayPal's `GET /web-profiles` answers "the latest 20" (`maxItems: 20`), and pages no further
    profile = {"type": "object", "properties": {"id": {"type": "string"}}}
    raw = {
        "responses": {
            "200": {"content": {"application/json": {"schema": {"type": "array", "maxItems": 3, "items": profile}}}}
        }
    }
    facts = SimpleNamespace(operation=lambda path, method: raw, document={"paths": {"/profiles": {"get": raw}}})
    shape = lists.list_shape(SimpleNamespace(facts=facts), "/profiles", "GET")
    assert shape.max_items == 3
    assert list_walk._full_and_unpaged(shape, ["a", "b", "c"])
    assert not list_walk._full_and_unpaged(shape, ["a", "b"])  # room left: what was made must be there
    raw["parameters"] = [{"name": "page", "in": "query", "schema": {"type": "integer"}}]
    paged = lists.list_shape(SimpleNamespace(facts=facts), "/profiles", "GET")
    assert not list_walk._full_and_unpaged(paged, ["a", "b", "c"])  # another page may hold it: walked, not excused


@pytest.mark.parametrize(
    ("created", "item"),
    [
        ({"metadata": {"name": "web", "namespace": "prod"}, "kind": "Deployment"}, {"metadata": {"name": "web"}}),
        ({"data": {"id": "u-7", "type": "users"}}, {"id": "u-7", "type": "users"}),  # a wrapped record: listed bare
        ({"slug": "how-to", "id": 3}, {"slug": "how-to", "id": 3}),
    ],
)
def test_a_created_items_id_is_found_in_the_list_where_the_create_answer_held_it(created, item):
    # Kubernetes keys a deployment by `metadata.name`: the created one was listed, but read as "not listed"
    identifier = "web" if "metadata" in created else "u-7" if "data" in created else "how-to"
    assert list_walk._id_in(item, list_walk.field_holding(created, identifier)) == identifier


def test_a_bare_id_a_create_answers_is_looked_for_in_the_lists_own_id_field():
    # agco-ats' `POST /ContentDefinitions` answers `84`: its items were told apart by `TypeID`, and two shared 0
    shape = SimpleNamespace(id_field="ContentDefinitionID")  # the one field of a list shape it reads
    item = {"TypeID": 0, "ContentDefinitionID": 84, "Name": "x"}
    assert list_walk._id_in(item, list_walk.listed_id_field(84, "84", shape)) == "84"
    created = {"slug": "how-to", "id": 3}  # where the create answer holds it, that field still wins
    assert list_walk.listed_id_field(created, "how-to", shape) == "slug"


def test_an_example_object_for_a_body_of_any_type_is_sent_as_json():
    # Kubernetes declares `*/*` for every write and reads JSON, YAML and protobuf: the link walk's create went out
    # as multipart/mixed or text/plain, was refused, and was reported as a valid request rejected
    from contract_tests.phases.base import example_case

    body = {"schema": {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}}
    created = {"201": {"description": "ok"}}
    any_type = _one_path("/things", "post", {"requestBody": {"required": True, "content": {"*/*": body}}}, created)
    for _ in range(8):
        case = example_case(any_type)
        assert case.media_type == "application/json" and isinstance(case.body, dict)
    xml_only = _one_path("/things", "post", {"requestBody": {"content": {"application/xml": body}}}, created)
    assert example_case(xml_only).media_type == "application/xml"  # as declared


def _one_path(path: str, method: str, operation: dict, responses: dict | None = None) -> Any:
    """The schemathesis operation of a document with one path and one method."""
    import schemathesis

    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {path: {method: {**operation, "responses": responses or {"200": {"description": "ok"}}}}},
    }
    return schemathesis.openapi.from_dict(document)[path][method.upper()]


def test_path_parameters_with_a_format_suffix_are_found():
    # Twilio's `/Accounts/{AccountSid}/Queues/{Sid}.json`: the unknown-ids phase took only `{AccountSid}`, and
    # schemathesis refused the request ("Path parameter 'Sid' is not defined"), which ended the phase for every
    # operation; the lists phase found no item path under `…/Queues.json`
    from contract_tests.phases.base import Created
    from mock.spec.operations import path_parameter_names

    assert path_parameter_names("/Accounts/{AccountSid}/Queues/{Sid}.json") == ["AccountSid", "Sid"]
    item = SimpleNamespace(path="/Accounts/{AccountSid}/Queues/{Sid}.json", method="GET")
    created = Created(
        case=None, response=None, body={}, targets=[(item, {"AccountSid": "AC1", "Sid": "QU1"})], steps=[]
    )
    assert created.items_of("/Accounts/{AccountSid}/Queues.json") == created.targets
    assert created.resource_id("/Accounts/{AccountSid}/Queues.json") == "QU1"
    assert created.items_of("/Accounts/{AccountSid}/Calls.json") == []


def test_a_carried_value_the_targets_own_parameter_refuses_is_told():
    # Twilio: a participant made under ConferenceSid "8\x15…" (the create takes any text), then read at a path whose
    # ConferenceSid must match ^CF[0-9a-fA-F]{32}$: the mock's right 400 was reported as an undocumented status
    from contract_tests.phases.base import parameters_fit

    sid = {"type": "string", "pattern": "^CF[0-9a-fA-F]{32}$"}
    parameters = [
        {"name": "ConferenceSid", "in": "path", "required": True, "schema": sid},
        {"name": "CallSid", "in": "path", "required": True, "schema": {"type": "string"}},
    ]
    operation = _one_path("/Conferences/{ConferenceSid}/Participants/{CallSid}.json", "get", {"parameters": parameters})
    good = operation.Case(path_parameters={"ConferenceSid": "CF" + "a" * 32, "CallSid": "CA1"})
    bad = operation.Case(path_parameters={"ConferenceSid": "8\x15x", "CallSid": "CA1"})
    assert parameters_fit(good) and not parameters_fit(bad)


def test_an_operation_that_declares_only_refusals_is_not_held_to_accepting_a_valid_request() -> None:
    # PagerDuty's `GET /oauth_delegations/revocation_requests/status` documents 400-429 only: "none of 8 schema-valid
    # requests was accepted" was the spec's gap, since no 2xx answer to one would conform
    import schemathesis

    from contract_tests.runner import not_held_to_acceptance

    refusals = {"400": {"description": "bad"}, "429": {"description": "slow down"}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/status": {"get": {"responses": refusals}},
            "/ok": {"get": {"responses": {**refusals, "200": {"description": "ok"}}}},
            "/ranged": {"get": {"responses": {**refusals, "2XX": {"description": "ok"}}}},
            "/default": {"get": {"responses": {**refusals, "default": {"description": "anything"}}}},
        },
    }
    assert not_held_to_acceptance(schemathesis.openapi.from_dict(document)) == {"GET /status"}


def test_an_example_refused_after_the_same_example_was_accepted_is_no_rejection():
    # Firefly III's tag example, sent as JSON (made) and then as a form: "A tag with id expensive already exists"
    tally = acceptance.AcceptanceTally()
    tag = {"tag": "expensive", "description": "Tag for expensive stuff"}
    tally.record("POST /tags", 200, "examples", "made", sent=tag)
    tally.record("POST /tags", 422, "examples", "again", sent=dict(tag))
    assert acceptance.check_acceptance(tally, "POST /tags") is None
    # another example of the same record, in its wrapper (Lago's two examples of the feature `seats`)
    seats = {"feature": {"code": "seats", "privileges": [{"code": "max"}]}}
    tally.record("POST /features", 200, "examples", "made", sent=seats)
    tally.record("POST /features", 422, "examples", "again", sent={"feature": {"code": "seats", "privileges": []}})
    assert acceptance.check_acceptance(tally, "POST /features") is None
    tally.record("POST /tags", 422, "examples", "other", sent={"tag": "cheap"})
    assert isinstance(acceptance.check_acceptance(tally, "POST /tags"), acceptance.SpecExampleRejected)
    # in any phase, a write that sends a key a write taken earlier sent (Okta's federated claim `role`)
    claim = {"name": "role", "expression": "appuser.entitlements.role"}
    tally.record("POST /claims", 201, "coverage", "made", sent=claim)
    assert tally.made_before("POST /claims", {"name": "role", "expression": "x"})
    assert not tally.made_before("POST /claims", {"name": "group", "expression": "appuser.entitlements.role"})
    assert not tally.made_before("GET /claims", {"name": "role"})  # a read clashes with nothing


def test_a_write_that_names_a_record_and_sets_its_status_resets_its_polls(state):
    get = case("GET", "/things/{id}", id="t1")
    sequences.check_status_order(state, response(200, {"status": "in_transit"}), get)
    written = case("POST", "/things")
    written.body = {"id": "t1", "status": "registered"}
    sequences.check_status_order(state, response(201, {"status": "registered"}), written)
    sequences.check_status_order(state, response(200, {"status": "registered"}), get)
    with pytest.raises(sequences.StatusMovedBackwards):  # another record's write resets nothing
        other = case("POST", "/things")
        other.body = {"id": "t2", "status": "registered"}
        sequences.check_status_order(state, response(200, {"status": "in_transit"}), get)
        sequences.check_status_order(state, response(201, {"status": "registered"}), other)
        sequences.check_status_order(state, response(200, {"status": "registered"}), get)


class _KeysetList(_PagedList):
    """A list paged by the key of the last item seen (`after`), saying `has_more`, with no next-cursor field."""

    def send(self, case, steps):
        self.sent += 1
        ids, size = self.items(0, 0), int(case.query["limit"])
        start = ids.index(case.query["after"]) + 1 if "after" in case.query else 0
        page = ids[start : start + size]
        body = {"data": [{"id": identifier} for identifier in page], "has_more": start + size < len(ids)}
        return SimpleNamespace(status_code=200, json=lambda: body)


def test_a_list_paged_after_its_last_key_is_walked_to_its_end():
    """OpenAI's lists take `after` (the last id seen) and say `has_more`, with no field for the next cursor: the walk
    stopped at the first page, and every record made was reported as not listed."""
    from contract_tests.phases.lists import walk

    ids = [f"k{n}" for n in range(7)]
    shape = lists.ListShape(
        items_field="data",
        limit={"name": "limit", "schema": {"type": "integer"}},
        cursor="after",
        next_field=None,
        offset=None,
        page=None,
        filters=(),
        more_field="has_more",
    )
    assert walk(_KeysetList(lambda page, size: ids), PAGED_OPERATION, shape) == ids


def test_a_key_a_negative_case_made_is_taken_for_the_rest_of_the_run() -> None:
    # a negative case the server rightly took (its break is one the wire cannot show) made its record, and a valid
    # create sending its key again is refused as a clash, as on any server
    from contract_tests.runner import RunResult, collect_scenario

    def scenario(mode: str, status: int) -> SimpleNamespace:
        meta = SimpleNamespace(generation=SimpleNamespace(mode=SimpleNamespace(value=mode)))
        case = SimpleNamespace(operation=SimpleNamespace(label="POST /sources"), meta=meta, body={"id": "beep"})
        interaction = SimpleNamespace(response=SimpleNamespace(status_code=status), request=None)
        return SimpleNamespace(
            cases={"c": SimpleNamespace(value=case, parent_id=None)}, interactions={"c": interaction}, checks={}
        )

    refused = RunResult()
    collect_scenario(refused, scenario("negative", 400), "fuzzing")
    assert not refused.acceptance.made_before("POST /sources", {"id": "beep"})
    taken = RunResult()
    collect_scenario(taken, scenario("negative", 201), "fuzzing")
    assert taken.acceptance.made_before("POST /sources", {"id": "beep"})
    assert not taken.acceptance.made_before("POST /sources", {"id": "boop"})


def test_a_key_a_list_showed_is_taken():
    # Sentry's symbol sources list `beep` (its example, seeded), and its create's example sends `{"id": "beep"}`:
    # refused as taken, which the record listed says it is
    tally = acceptance.AcceptanceTally()
    tally.listed("GET /sources", [{"id": "honk", "type": "http"}, {"id": "beep", "type": "gcs"}])
    tally.listed("GET /other", {"data": [{"id": "boop"}]})
    assert tally.made_before("POST /sources", {"id": "beep", "name": ""})
    assert not tally.made_before("POST /sources", {"id": "boop"})  # listed at another path
    assert not tally.made_before("GET /sources", {"id": "beep"})  # a read clashes with nothing


def test_a_filter_value_matches_an_item_by_equality_membership_or_a_field_of_an_object():
    # NetBox answers its choice fields as `{"value": "inactive", "label": "Inactive"}`, which `?priority=inactive`
    # finds: 32 of its 41 list failures were such items, reported as ones the filter let through
    assert list_walk.matches({"value": "inactive", "label": "Inactive"}, "inactive")
    assert not list_walk.matches({"value": "active", "label": "Active"}, "inactive")
    assert list_walk.matches(["dog", "cat"], "dog") and list_walk.matches("open", "open")
    assert not list_walk.matches("closed", "open")


def test_a_null_filter_value_is_not_tried():
    # NetBox's nullable `cable_end` enum: null goes out as no filter at all, and every item was "not matching" it
    sent: list[dict] = []
    shape = SimpleNamespace(filters=[("cable_end", [None, "A"])])

    def get(run, operation, query, steps):
        sent.append(query)
        return None, SimpleNamespace(status_code=200), {"data": []}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(list_walk, "_get", get)
        patch.setattr(list_walk, "items_of", lambda shape, body: body["data"])
        list_walk.check_filters(SimpleNamespace(), SimpleNamespace(label="GET /cables"), shape)
    assert sent == [{"cable_end": "A"}]


def test_the_unknown_ids_phase_probes_a_put_after_the_other_operations_of_its_path(monkeypatch) -> None:
    # a PUT may make what its id names (an upsert); probed first, it made HubSpot's event, and the PATCH and DELETE
    # probes that followed found it (200, 204), reported as an id nobody created answered
    from contract_tests.phases import ids

    item = "/events/{eventId}"
    operations = [SimpleNamespace(method=method, path=item) for method in ("PUT", "GET", "PATCH", "DELETE")]
    monkeypatch.setattr(ids, "creators", lambda run: [(None, [(operation, None) for operation in operations])])
    monkeypatch.setattr(ids, "_parameter_schema", lambda run, operation, name: {"type": "string"})
    monkeypatch.setattr(ids, "_fitting", lambda run, schema: lambda value: True)
    probed: list[str] = []
    monkeypatch.setattr(ids, "_probe", lambda run, operation, values, malformed: probed.append(operation.method))
    ids.run_ids_phase(SimpleNamespace())
    assert probed[-2:] == ["PUT", "PUT"] and probed[:6] == ["GET", "GET", "PATCH", "PATCH", "DELETE", "DELETE"]


def test_a_filter_whose_values_the_field_cannot_hold_is_no_equality_filter():
    # agco-ats' `?Deleted=NotDeleted|Deleted|All` beside a boolean `Deleted`: every item was "an item that does not
    # match"; a word field's own words still filter it
    raw = {
        "parameters": [
            {"name": "Deleted", "in": "query", "schema": {"type": "string", "enum": ["NotDeleted", "Deleted", "All"]}},
            {"name": "Type", "in": "query", "schema": {"type": "string", "enum": ["Commercial", "Trial"]}},
        ],
        "responses": {
            "200": {
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"Deleted": {"type": "boolean"}, "Type": {"type": "string"}},
                            },
                        }
                    }
                }
            }
        },
    }
    facts = SimpleNamespace(operation=lambda path, method: raw, document={"paths": {"/vouchers": {"get": raw}}})
    shape = lists.list_shape(SimpleNamespace(facts=facts), "/vouchers", "GET")
    assert shape.filters == (("Type", ("Commercial", "Trial")),)
