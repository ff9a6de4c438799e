"""phases/base.py: values read from the API's answers are percent-encoded in the path they are sent in."""

from __future__ import annotations

import schemathesis

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
