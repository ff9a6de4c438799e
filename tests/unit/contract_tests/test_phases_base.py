"""phases/base.py: values read from the API's answers are percent-encoded in the path they are sent in."""

from __future__ import annotations

from types import SimpleNamespace

import schemathesis

from contract_tests.credentials import Placement
from contract_tests.phases.base import path_values_escaped

SCHEMA = schemathesis.openapi.from_dict(
    {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/articles/{slug}": {
                "get": {
                    "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
)


def test_a_slug_holding_url_syntax_stays_one_path_segment() -> None:
    case = SCHEMA["/articles/{slug}"]["GET"].Case(path_parameters={"slug": "a#b c/d?e"})
    with path_values_escaped(case):
        assert case.formatted_path == "/articles/a%23b%20c%2Fd%3Fe"
    assert case.path_parameters == {"slug": "a#b c/d?e"}  # checks compare the raw value with later answers


def test_a_create_no_valid_request_can_be_made_for_is_not_walked() -> None:
    # PagerDuty's service create: an allOf nothing satisfies. The link walk once died of schemathesis'
    # UnsatisfiableSchema, ending the whole run with a traceback; now it sends nothing for that create.
    from contract_tests.link_walk import walk_links
    from contract_tests.phases.base import example_case

    impossible = {"allOf": [{"type": "string"}, {"type": "integer"}]}
    created = {
        "description": "made",
        "links": {"read": {"operationId": "getThing", "parameters": {"id": "$response.body#/id"}}},
    }
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/things": {
                    "post": {
                        "operationId": "makeThing",
                        "requestBody": {"required": True, "content": {"application/json": {"schema": impossible}}},
                        "responses": {"201": created},
                    }
                },
                "/things/{id}": {
                    "get": {
                        "operationId": "getThing",
                        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                        "responses": {"200": {"description": "ok"}},
                    }
                },
            },
        }
    )
    assert example_case(schema["/things"]["POST"]) is None
    assert walk_links(schema, "http://127.0.0.1:9", {}) == ([], {})  # nothing sent: port 9 is never dialled


LINKED = schemathesis.openapi.from_dict(
    {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/methods/{id}": {
                "delete": {
                    "operationId": "deleteMethod",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "shopperReference", "in": "query", "required": True, "schema": {"type": "string"}},
                        {
                            "name": "merchantAccount",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "enum": ["TestMerchant"]},
                        },
                        {"name": "filter", "in": "query", "schema": {"type": "string"}},
                        {"name": "X-Tenant", "in": "header", "required": True, "schema": {"type": "integer"}},
                    ],
                    "responses": {"204": {"description": "gone"}},
                }
            }
        },
    }
)


def test_a_linked_request_carries_the_targets_required_parameters() -> None:
    # Adyen's DELETE /storedPaymentMethods/{id} asks for shopperReference and merchantAccount in the query; the
    # link gives only the id, and the walk sent the DELETE without them (a 400 it then reported as undocumented).
    from contract_tests.phases.base import linked_case

    target = LINKED["/methods/{id}"]["DELETE"]
    created = SimpleNamespace(body={"shopperReference": "shopper-7"}, query=None)  # the create's request
    case = linked_case(target, {"id": "pm_1"}, created, {"id": "pm_1"})
    assert case.path_parameters == {"id": "pm_1"}
    assert case.query["shopperReference"] == "shopper-7"  # the shopper the method was stored for
    assert case.query["merchantAccount"] == "TestMerchant"  # generated, valid
    assert "filter" not in case.query  # an optional filter could hide what the walk reads back
    assert case.headers["X-Tenant"].lstrip("-").isdigit()  # generated: an integer, as header text


def test_a_links_qualified_parameter_name_goes_where_it_says() -> None:
    from contract_tests.phases.base import linked_case

    target = LINKED["/methods/{id}"]["DELETE"]
    created = SimpleNamespace(body=None, query={"shopperReference": "from-query"})
    answer = {"shopperReference": "from-answer", "merchantAccount": "TestMerchant"}
    case = linked_case(target, {"path.id": "pm_2", "query.filter": "x"}, created, answer)
    assert case.path_parameters == {"id": "pm_2"}
    assert case.query["filter"] == "x"
    assert case.query["shopperReference"] == "from-answer"


def test_a_link_value_found_empty_makes_no_request():
    from contract_tests.phases.base import usable_link_values

    assert usable_link_values({"id": 0, "name": "a"})
    assert not usable_link_values({"token": ""})  # DELETE /users/x/tokens/ is the collection's URL
    assert not usable_link_values({"id": None})


def test_a_linked_request_carries_the_body_its_target_requires() -> None:
    # immich's DELETE /admin/users/{id} requires a body ({force: …}); the link gives only the id, and the walk sent
    # the DELETE without a body (a 400 it then reported as undocumented)
    from contract_tests.phases.base import linked_case

    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/users/{id}": {
                    "delete": {
                        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                        "requestBody": {
                            "required": True,
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "properties": {"force": {"type": "boolean"}}}
                                }
                            },
                        },
                        "responses": {"200": {"description": "gone"}},
                    }
                }
            },
        }
    )
    case = linked_case(schema["/users/{id}"]["DELETE"], {"id": "u1"})
    assert case.path_parameters == {"id": "u1"} and isinstance(case.body, dict)
    assert case.media_type == "application/json"


def test_a_phase_sends_the_credential_an_operation_asks_for_beside_the_run_wide_one(monkeypatch) -> None:
    # Supabase's admin operations ask for `apikey` AND a bearer: our phases sent the run-wide `apikey` alone, and
    # every unknown-id request was refused 401, reported as an unknown id not answered 404
    from contract_tests.phases.base import PhaseRun

    sent: list[dict[str, str]] = []

    def call(self, base_url=None, headers=None, **kwargs):
        sent.append(dict(headers or {}))
        return SimpleNamespace(status_code=404, headers={}, content=b"", request=None)

    monkeypatch.setattr(type(SCHEMA["/articles/{slug}"]["GET"].Case()), "call", call)
    run = PhaseRun(
        schema=SCHEMA,
        base_url="http://127.0.0.1:1",
        headers={"apikey": "K"},
        operation_credentials={("/articles/{slug}", "GET"): Placement({"apikey": "K", "Authorization": "Bearer K"})},
    )
    run.send(SCHEMA["/articles/{slug}"]["GET"].Case(path_parameters={"slug": "a"}))
    assert sent == [{"apikey": "K", "Authorization": "Bearer K"}]
    run.send(SCHEMA["/articles/{slug}"]["GET"].Case(path_parameters={"slug": "a"}), headers={})
    assert sent[-1] == {}  # a phase that chooses its headers (a wrong credential) sends exactly those


def test_a_drawn_path_value_is_sent_encoded_once() -> None:
    # schemathesis draws a path value percent-encoded (`%F1%93…`); the phases encode what they send, and the lists
    # phase's create went to `/dbaas-clickhouse/%25F1%2593…/user`: its record was made under another parent than the
    # one its delete named (Exoscale, "deleted item is still listed"); the link walk sent Exoscale's `{name}` of at
    # most 63 characters encoded twice, refused as longer (an undeclared 400, reported)
    import re
    from urllib.parse import unquote

    from contract_tests.phases.base import example_case

    operation = SCHEMA["/articles/{slug}"]["GET"]
    for _ in range(40):
        case = example_case(operation)
        raw = case.path_parameters["slug"]
        with path_values_escaped(case):
            sent = case.path_parameters["slug"]
        assert unquote(sent) == raw and not re.search("%25[0-9A-F]{2}", sent), (raw, sent)


def test_an_example_form_holds_every_field_it_requires_as_written() -> None:
    # Mastodon's filter update: a required `context` list drawn empty, or of empty objects, writes nothing, and the
    # unknown-ids probe's update was refused for lacking it (422), no test of the id
    from contract_tests.phases.base import example_case

    form = {
        "type": "object",
        "required": ["context", "phrase"],
        "properties": {
            "context": {"type": "array", "items": {"type": "object"}},
            "phrase": {"type": "string"},
        },
    }
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.3",
            "info": {"title": "filters", "version": "1"},
            "paths": {
                "/filters/{id}": {
                    "put": {
                        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                        "requestBody": {
                            "required": True,
                            "content": {"application/x-www-form-urlencoded": {"schema": form}},
                        },
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )
    for _ in range(12):
        context = example_case(schema["/filters/{id}"]["PUT"]).body["context"]
        assert any(item != {} for item in context), context


def test_a_form_that_writes_no_required_field_is_no_valid_request_to_the_acceptance_tally() -> None:
    # Circuit's `POST /conversations/group`: `participants` drawn empty writes nothing, the form of no fields is no
    # body, and "none of 5 schema-valid requests was accepted" counted those refusals
    from contract_tests.runner import _spec_says_valid

    form = {
        "type": "object",
        "required": ["participants"],
        "properties": {"participants": {"type": "array", "items": {"type": "string"}}, "topic": {"type": "string"}},
    }
    body = {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": form}}}
    answers = {"200": {"description": "made"}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "conversations", "version": "1"},
        "paths": {"/conversations/group": {"post": {"requestBody": body, "responses": answers}}},
    }
    operation = schemathesis.openapi.from_dict(document)["/conversations/group"]["POST"]
    for sent, valid in (({"participants": []}, False), ({}, False), ({"participants": ["a"]}, True)):
        case = operation.Case(body=sent, media_type="application/x-www-form-urlencoded")
        request = SimpleNamespace(uri="http://x/conversations/group", body=b"participants=a" if valid else b"")
        assert _spec_says_valid(case, "fuzzing", request) is valid


def test_a_phase_sends_a_query_credential_only_to_the_operation_asking_for_it(monkeypatch) -> None:
    from contract_tests.phases.base import PhaseRun
    from contract_tests.runner import RunOptions, outside_header_auth

    sent: list[tuple[dict[str, str], dict[str, str]]] = []

    def call(self, base_url=None, headers=None, **kwargs):
        sent.append((dict(headers or {}), dict(self.query or {})))
        return SimpleNamespace(status_code=404, headers={}, content=b"", request=None)

    monkeypatch.setattr(type(SCHEMA["/articles/{slug}"]["GET"].Case()), "call", call)
    own = {("/articles/{slug}", "GET"): Placement(query={"apikey": "K"})}
    run = PhaseRun(
        schema=SCHEMA, base_url="http://127.0.0.1:1", headers={"Authorization": "K"}, operation_credentials=own
    )
    run.send(SCHEMA["/articles/{slug}"]["GET"].Case(path_parameters={"slug": "a"}))
    assert sent == [({"Authorization": "K"}, {"apikey": "K"})]
    unasked = PhaseRun(schema=SCHEMA, base_url="http://127.0.0.1:1", headers={"Authorization": "K"})
    unasked.send(SCHEMA["/articles/{slug}"]["GET"].Case(path_parameters={"slug": "a"}))
    assert sent[-1] == ({"Authorization": "K"}, {})
    # schemathesis' own phases get the scheme's value, which it applies where an operation's security names it
    document = {"components": {"securitySchemes": {"q": {"type": "apiKey", "in": "query", "name": "apikey"}}}}
    options = RunOptions(document=document, base_url="http://127.0.0.1:1", operation_credentials=own)
    assert outside_header_auth(options, document) == {"q": {"api_key": "K"}}
