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
