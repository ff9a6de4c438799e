"""The document a contract run tests: the mock's own, overlays applied, OpenAPI's prose rules made explicit."""

from __future__ import annotations

from contract_tests.documents import load_api_document, without_empty_query_values
from tests.conftest import SPECS


def test_contract_document_is_the_served_document_with_overlays():
    contract = load_api_document("aeriox", SPECS)
    assert [path.name for path in contract.overlays] == ["aeriox.gaps.yaml", "aeriox.links.yaml"]
    generate = contract.document["paths"]["/v1/images/generate"]["post"]
    assert generate["responses"]["202"]["links"]["PollJob"]["operationId"] == "getJob"


def test_query_values_may_be_empty_unless_allow_empty_value_is_false():
    document = {
        "paths": {
            "/x": {
                "get": {
                    "parameters": [
                        {
                            "name": "cursor",
                            "in": "query",
                            "allowEmptyValue": False,
                            "schema": {"type": ["string", "null"]},
                        },
                        {"name": "tag", "in": "query", "allowEmptyValue": True, "schema": {"type": "string"}},
                        {
                            "name": "ids",
                            "in": "query",
                            "allowEmptyValue": False,
                            "schema": {"type": "array", "items": {"type": "string"}},
                        },
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                        {"name": "X-Org", "in": "header", "schema": {"type": "string"}},
                    ]
                }
            }
        }
    }
    rewritten = without_empty_query_values(document)
    cursor, tag, ids, query, header = rewritten["paths"]["/x"]["get"]["parameters"]
    assert cursor["schema"]["minLength"] == 1
    assert "minLength" not in tag["schema"] and "minLength" not in header["schema"]
    assert "minLength" not in query["schema"]  # empty by default, as real backends take it
    assert ids["schema"]["items"]["minLength"] == 1
    assert "minLength" not in document["paths"]["/x"]["get"]["parameters"][0]["schema"]  # the input is untouched
