from __future__ import annotations

from pathlib import Path

import pytest

from mock.spec.overlays import OverlayError, apply_overlay, find_nodes, load_overlay, parse_jsonpath

SPECS = Path(__file__).resolve().parents[3] / "specs"

DOC = {
    "paths": {
        "/v1/x": {"post": {"responses": {"202": {"description": "ok"}}}},
        "/v1/x/{id}": {"get": {"responses": {"200": {"description": "ok", "tags": ["a"]}}}},
    }
}


def test_parse_bracket_and_dot_segments():
    assert parse_jsonpath("$.paths['/v1/x'].post.responses['202']") == ["paths", "/v1/x", "post", "responses", "202"]
    assert parse_jsonpath('$["a b"][0]') == ["a b", 0]


def test_update_merges_objects_and_appends_arrays():
    overlay = {
        "overlay": "1.0.0",
        "actions": [
            {"target": "$.paths['/v1/x'].post.responses['202']", "update": {"links": {"L": {"operationId": "g"}}}},
            {"target": "$.paths['/v1/x/{id}'].get.responses['200']", "update": {"tags": ["b"], "description": "new"}},
        ],
    }
    result = apply_overlay(DOC, overlay)
    assert result["paths"]["/v1/x"]["post"]["responses"]["202"] == {
        "description": "ok",
        "links": {"L": {"operationId": "g"}},
    }
    assert result["paths"]["/v1/x/{id}"]["get"]["responses"]["200"] == {"description": "new", "tags": ["a", "b"]}
    assert "links" not in DOC["paths"]["/v1/x"]["post"]["responses"]["202"], "input document must not change"


def test_wildcard_and_remove():
    overlay = {
        "overlay": "1.0.0",
        "actions": [{"target": "$.paths['/v1/x/{id}'].get.responses['200'].tags", "remove": True}],
    }
    assert "tags" not in apply_overlay(DOC, overlay)["paths"]["/v1/x/{id}"]["get"]["responses"]["200"]
    assert len(find_nodes(DOC, "$.paths.*")) == 2


@pytest.mark.parametrize(
    "overlay",
    [
        {"actions": []},  # not an overlay document
        {"overlay": "1.0.0", "actions": [{"target": "$.paths['/v1/nope'].post", "update": {}}]},  # matches nothing
        {"overlay": "1.0.0", "actions": [{"target": "$..paths", "update": {}}]},  # unsupported syntax
    ],
)
def test_bad_overlays_are_errors(overlay):
    with pytest.raises(OverlayError):
        apply_overlay(DOC, overlay)


@pytest.mark.parametrize("name", ["aeriox"])
def test_shipped_overlays_apply_to_vendor_specs(name):
    import json

    document = json.loads((SPECS / "aeriox-studio.openapi.json").read_text())
    result = apply_overlay(document, load_overlay(SPECS / "overlays" / f"{name}.links.yaml"))
    links = result["paths"]["/v1/images/generate"]["post"]["responses"]["202"]["links"]
    assert links["PollJob"] == {"operationId": "getJob", "parameters": {"id": "$response.body#/job_id"}}
    operation_ids = {
        op["operationId"] for item in result["paths"].values() for op in item.values() if isinstance(op, dict)
    }
    targets = {
        link["operationId"]
        for item in result["paths"].values()
        for op in item.values()
        for response in op.get("responses", {}).values()
        for link in response.get("links", {}).values()
    }
    assert targets <= operation_ids, f"links to unknown operations: {targets - operation_ids}"
