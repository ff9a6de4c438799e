"""The lenient loading policy: structure is fatal, nits are warnings with pointers, one bad file spares the rest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from mock.openapi_core_checks import response_errors
from mock.spec.loading import load_specs

DATA = Path(__file__).resolve().parents[2] / "data" / "specs"


def test_nits_are_warnings_with_pointers_and_normalised():
    loaded = load_specs(DATA / "multifile")
    api = loaded.apis["shelter"]
    places = {(w.place, w.problem) for w in loaded.warnings}
    assert any("non-unique elements" in problem for _, problem in places), places
    notes = "\n".join(api.normalisations)
    assert "duplicate required entries removed" in notes and "boolean exclusiveMinimum" in notes
    node = api.document["components"]["schemas"]["Node"]
    assert node["required"] == ["name"] and node["properties"]["count"]["exclusiveMinimum"] == 0
    assert [o.path for o in api.operations if o.operation_id == "getNode"] == ["/nodes/{id}"]
    assert set(api.operations[0].responses) == {"200", "404"}  # YAML's int 200 is the code "200"


def test_one_bad_document_does_not_take_the_others_down(tmp_path):
    shutil.copytree(DATA / "multifile", tmp_path, dirs_exist_ok=True)
    (tmp_path / "broken.yaml").write_text("openapi: 3.1.0\ninfo: [unclosed\n")
    loaded = load_specs(tmp_path)
    assert set(loaded.apis) == {"shelter"}
    assert [str(f).split(": ")[1:2] for f in loaded.failures] == [["line 3 column 1"]]


def test_duplicate_operation_ids_are_a_warning_and_both_served(tmp_path):
    operation = {"operationId": "get", "responses": {"200": {"description": "ok"}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": operation}, "/b": {"get": operation}},
    }
    (tmp_path / "dup.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    assert [o.operation_id for o in loaded.apis["dup"].operations] == ["get", "get_2"]
    assert any("also used by GET /a" in w.problem for w in loaded.warnings)


def test_a_security_scheme_nothing_declares_is_a_warning_and_asks_for_nothing(tmp_path):
    # Casdoor's `GET /api/get-webhooks` asks for `test_apiKey`, which its securitySchemes do not declare: no client
    # could send it, and every request was refused 401
    ok = {"200": {"description": "ok"}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
        "security": [{"key": []}],
        "paths": {
            "/hooks": {"get": {"security": [{"test_apiKey": []}, {"key": [], "other": []}], "responses": ok}},
            "/users": {"get": {"responses": ok}},
        },
    }
    (tmp_path / "t.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    hooks, users = loaded.apis["t"].operations
    assert hooks.security == ({}, {"key": []}) and users.security == ({"key": []},)
    places = {w.place for w in loaded.warnings if "does not declare" in w.problem}
    assert places == {"#/paths/~1hooks/get/security/0/test_apiKey", "#/paths/~1hooks/get/security/1/other"}


def test_dynamic_refs_are_dropped_not_fatal(tmp_path):
    schema = {"$dynamicAnchor": "meta", "type": "object", "properties": {"next": {"$dynamicRef": "#meta"}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
                }
            }
        },
    }
    (tmp_path / "dyn.json").write_text(json.dumps(document))
    api = load_specs(tmp_path).apis["dyn"]
    served = api.operations[0].responses["200"].content["application/json"].schema
    assert "$dynamicRef" not in json.dumps(served)
    assert any("dynamic references are not followed" in n for n in api.normalisations)


def test_a_schema_that_requires_itself_is_a_warning_with_its_pointer(tmp_path):
    tree = {
        "type": "object",
        "required": ["id", "parent"],
        "properties": {"id": {"type": "string"}, "parent": {"$ref": "#/components/schemas/TreeNode"}},
    }
    answer = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/TreeNode"}}}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/nodes": {"post": {"responses": {"200": {"description": "ok", **answer}}}}},
        "components": {"schemas": {"TreeNode": tree, "Leaf": {"type": "object", "properties": {"up": tree}}}},
    }
    (tmp_path / "tree.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    endless = [w.place for w in loaded.warnings if "no finite value" in w.problem]
    assert endless == ["#/components/schemas/TreeNode"]  # Leaf's `up` is optional: Leaf itself is finite
    assert set(loaded.apis) == {"tree"}


def test_accept_content_type_and_authorization_header_parameters_are_ignored(tmp_path):
    # readme's POST /owlbot/ask declares `Accept` with an enum: OpenAPI says such a definition SHALL be ignored
    enum = {"type": "string", "enum": ["application/json"]}
    headers = [{"in": "header", "name": name, "required": True, "schema": enum} for name in ("Accept", "content-type")]
    headers += [
        {"in": "header", "name": "Authorization", "required": True, "schema": {"type": "string"}},
        {"in": "header", "name": "X-Trace", "schema": {"type": "string"}},
    ]
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/ask": {"post": {"parameters": headers, "responses": {"200": {"description": "ok"}}}}},
    }
    (tmp_path / "ask.json").write_text(json.dumps(document))
    operation = load_specs(tmp_path).apis["ask"].operations[0]
    assert [(p.location, p.name) for p in operation.parameters] == [("header", "X-Trace")]


def test_an_empty_content_map_is_a_response_without_content(tmp_path):
    # Qovery's cancel answers `202` with `content: {}`: openapi-core took the key for a body required and found
    # no media type for any body, so every answer the mock gave failed its self-check
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/jobs/{id}/cancel": {"post": {"responses": {"202": {"description": "cancelling", "content": {}}}}}},
    }
    (tmp_path / "jobs.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    api = loaded.apis["jobs"]
    assert "content" not in api.document["paths"]["/jobs/{id}/cancel"]["post"]["responses"]["202"]
    assert any("/responses/202/content: content: {} → no content" in note for note in api.normalisations)
    (operation,) = api.operations
    assert response_errors(api, operation, {"id": "1"}, 202, {}, b"", "") == []


def test_content_on_a_status_http_gives_no_content_is_dropped_with_a_warning(tmp_path):
    # SendGrid's DELETEs declare a JSON body on 204: HTTP gives 204, 205 and 304 no content (RFC 9110), so it
    # can never be sent, and a body written anyway is read by a keep-alive client as the next answer's start
    body = {"application/json": {"schema": {"type": "object", "properties": {"ok": {"type": "boolean"}}}}}
    shared = {"description": "done", "content": body}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things/{id}": {
                "delete": {"responses": {"204": {"$ref": "#/components/responses/Done"}}},
                "put": {"responses": {"205": {"description": "reset", "content": body}, "200": shared}},
                "get": {"responses": {"304": {"description": "same", "content": body}, "200": shared}},
            }
        },
        "components": {"responses": {"Done": shared}},
    }
    (tmp_path / "things.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    api = loaded.apis["things"]
    responses = {o.method: o.responses for o in api.operations}
    assert [responses[m][s].content for m, s in (("DELETE", "204"), ("PUT", "205"), ("GET", "304"))] == [{}, {}, {}]
    assert list(responses["PUT"]["200"].content) == ["application/json"]  # the same object, shared: kept
    assert "content" not in api.document["paths"]["/things/{id}"]["delete"]["responses"]["204"]
    assert "content" in api.document["components"]["responses"]["Done"]
    places = sorted(w.place for w in loaded.warnings if "RFC 9110" in w.problem)
    assert places == [
        "#/paths/~1things~1{id}/delete/responses/204/content",
        "#/paths/~1things~1{id}/get/responses/304/content",
        "#/paths/~1things~1{id}/put/responses/205/content",
    ]


def test_templates_alike_but_for_parameter_names_are_a_warning_and_all_served(tmp_path):
    def item(name: str) -> dict:
        parameter = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        return {"get": {"parameters": [parameter], "responses": {"200": {"description": "ok"}}}}

    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/j/{JournalID}": item("JournalID"),
            "/j/{JournalNumber}": item("JournalNumber"),
            "/k/{x}": item("x"),
        },
    }
    (tmp_path / "xero.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    alike = [w for w in loaded.warnings if "which OpenAPI forbids" in w.problem]
    assert [(w.place, w.problem.split(" but")[0]) for w in alike] == [
        ("#/paths/~1j~1{JournalNumber}", "alike /j/{JournalID}")
    ]
    assert len(loaded.apis["xero"].operations) == 3


def test_a_parameter_with_no_name_is_left_out_with_a_warning(tmp_path):
    # Notion's `GET /v1/pages/{id}` declares a header named "": no request can send it, and schemathesis stopped on
    # the operation in every phase
    nameless = {"in": "header", "name": "", "schema": {"type": "string"}}
    version = {"in": "header", "name": "Notion-Version", "schema": {"type": "string"}}
    ok = {"200": {"description": "ok"}}
    paths = {"/pages": {"get": {"parameters": [version, nameless], "responses": ok}}}
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    (tmp_path / "notion.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    assert [(w.place, w.problem) for w in loaded.warnings if "no name" in w.problem] == [
        ("#/paths/~1pages/get/parameters/1", "a parameter with no name: ignored")
    ]
    (operation,) = loaded.apis["notion"].operations
    assert [p.name for p in operation.parameters] == ["Notion-Version"]
    assert loaded.apis["notion"].document["paths"]["/pages"]["get"]["parameters"] == [version]


def test_an_empty_segment_inside_a_template_is_a_warning_naming_the_merged_path(tmp_path):
    ok = {"get": {"responses": {"200": {"description": "ok"}}}}
    paths = {"/vendor//addons": ok, "//openapi": ok, "/wms//": ok, "/plain": ok}
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    (tmp_path / "clever.json").write_text(json.dumps(document))
    empty = [w for w in load_specs(tmp_path).warnings if "an empty segment" in w.problem]
    assert [(w.place, w.problem.split("also served at ")[1].split(",")[0]) for w in empty] == [
        ("#/paths/~1vendor~1~1addons", "/vendor/addons"),
        ("#/paths/~1~1openapi", "/openapi"),
    ]  # trailing slashes are a template's own (TomTom's `/wms//` beside `/wms/`)


def test_a_response_range_written_in_lower_case_is_read_as_the_range_with_a_warning(tmp_path):
    # Hetzner Cloud writes every error answer as `"4xx"`: the mock thought no 404 declared, and a deleted record
    # read back 200, while the contract runner (which reads `4XX` in any case) expected the 404
    error = {"description": "error", "content": {"application/json": {"schema": {"type": "object"}}}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things/{id}": {"get": {"responses": {"200": {"description": "ok"}, "4xx": error, "5Xx": error}}}},
    }
    (tmp_path / "things.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    (operation,) = loaded.apis["things"].operations
    assert sorted(operation.responses) == ["200", "4XX", "5XX"]
    assert operation.response_for(404) is operation.responses["4XX"]
    places = sorted(w.place for w in loaded.warnings if "range" in w.problem)
    assert places == ["#/paths/~1things~1{id}/get/responses/4xx", "#/paths/~1things~1{id}/get/responses/5Xx"]


def test_a_content_key_that_is_no_media_type_is_left_out_with_a_warning(tmp_path):
    # Plaid's `/transfer/originator/get` has `examples` beside `application/json` in its request body's content:
    # the contract runner stopped on it with a traceback (schemathesis: "Malformed media type")
    from contract_tests.documents import load_spec_document

    media = {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/originator/get": {
                "post": {
                    "requestBody": {"content": {"application/json": media, "examples": {"one": {"id": "x"}}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": media, "oops": {}}}},
                }
            }
        },
    }
    (tmp_path / "things.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    (operation,) = loaded.apis["things"].operations
    assert operation.request_body is not None and list(operation.request_body.content) == ["application/json"]
    assert list(operation.responses["200"].content) == ["application/json"]
    places = sorted(w.place for w in loaded.warnings if "not a media type" in w.problem)
    assert places == [
        "#/paths/~1originator~1get/post/requestBody/content/examples",
        "#/paths/~1originator~1get/post/responses/200/content/oops",
    ]
    served = load_spec_document(tmp_path / "things.json").document["paths"]["/originator/get"]["post"]
    assert list(served["requestBody"]["content"]) == ["application/json"]


def test_an_extension_beside_the_paths_is_no_path(tmp_path):
    # Apicurio's registry spec holds `x-codegen-contextRoot` among its paths, as OpenAPI allows: it was refused at
    # start as "a path item must be a mapping"
    operation = {"operationId": "listArtifacts", "responses": {"200": {"description": "ok"}}}
    document = {
        "openapi": "3.0.2",
        "info": {"title": "Registry", "version": "1"},
        "paths": {"/artifacts": {"get": operation}, "x-codegen-contextRoot": "/apis/registry/v2"},
    }
    (tmp_path / "registry.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    assert loaded.failures == []
    assert [o.path for o in loaded.apis["registry"].operations] == ["/artifacts"]


def test_a_response_whose_only_content_key_is_no_media_type_answers_without_a_body(tmp_path):
    # OSF's collected metadata declares its answer under `data`, no media type: left out, the response held an empty
    # `content`, which openapi-core reads as a body required, and every answer was "Missing response data"
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things/{id}": {"get": {"responses": {"200": {"description": "ok", "content": {"data": {}}}}}}},
    }
    (tmp_path / "things.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    api = loaded.apis["things"]
    (operation,) = api.operations
    assert operation.responses["200"].content == {}
    assert "content" not in api.document["paths"]["/things/{id}"]["get"]["responses"]["200"]
    assert any("not a media type" in w.problem for w in loaded.warnings)
