"""mock.openapi_core_checks: the self-check asks openapi-core about answers as served, whatever the servers say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from mock.openapi_core_checks import response_errors
from mock.spec import load_apis
from mock.spec.operations import base_path, server_url


def _document(server: dict[str, object]) -> dict[str, object]:
    answer = {"type": "object", "required": ["total"], "properties": {"total": {"type": "integer"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Data sets", "version": "1"},
        "servers": [server],
        "paths": {
            "/": {
                "get": {
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": answer}}}}
                }
            }
        },
    }


def test_server_variables_take_their_defaults_for_the_base_path_and_the_origin() -> None:
    server = {"url": "{scheme}://data.example.com/{base}", "variables": {"scheme": {"default": "https"}, "base": {}}}
    assert server_url({"servers": [server]}) == "https://data.example.com/"
    assert base_path({"servers": [{**server, "variables": {"base": {"default": "ds-api"}}}]}) == "/ds-api"
    # Red Hat's `https://cloud.redhat.com/{basePath}` with `/api/catalog-inventory/v1.0`: mounted at `//api/…`, every
    # request a client sent to `/api/…` was a 404
    assert base_path({"servers": [{**server, "variables": {"base": {"default": "/api/v1"}}}]}) == "/api/v1"
    assert server_url({"servers": [{"url": "/{base}", "variables": {"base": {"default": "/api/v1"}}}]}) == "/api/v1"


def test_an_answer_under_a_server_with_a_variable_scheme_is_judged_not_refused(tmp_path: Path) -> None:
    # uspto's `{scheme}://developer.uspto.gov/ds-api`: openapi-core found no server for every answer
    server = {"url": "{scheme}://data.example.com/ds-api", "variables": {"scheme": {"default": "https"}}}
    (tmp_path / "data.yaml").write_text(yaml.safe_dump(_document(server)))
    api = load_apis(tmp_path)["data"]
    operation = api.operations[0]
    good, bad = json.dumps({"total": 1}).encode(), json.dumps({"total": "x"}).encode()
    assert (
        response_errors(api, operation, {}, 200, {"content-type": "application/json"}, good, "application/json") == []
    )
    assert response_errors(api, operation, {}, 200, {"content-type": "application/json"}, bad, "application/json")


@pytest.mark.parametrize(
    "server",
    [
        # eBay's `https://api.ebay.com{basePath}`, `basePath: /buy/deal/v1`: a variable holding slashes
        {"url": "https://api.example.com{basePath}", "variables": {"basePath": {"default": "/buy/deal/v1"}}},
        {"url": "//api.example.com/buy/deal/v1"},  # GoDaddy's scheme-relative `//api.ote-godaddy.com`
        {"url": "https://api.example.com/{basePath}", "variables": {"basePath": {"default": "/buy/deal/v1"}}},
    ],
)
def test_an_answer_under_a_server_openapi_core_cannot_match_is_judged_not_refused(
    tmp_path: Path, server: dict[str, object]
) -> None:
    # openapi-core found no server for any answer of either
    (tmp_path / "data.yaml").write_text(yaml.safe_dump(_document(server)))
    api = load_apis(tmp_path)["data"]
    assert api.base_path == "/buy/deal/v1"
    operation = api.operations[0]
    good, bad = json.dumps({"total": 1}).encode(), json.dumps({"total": "x"}).encode()
    assert (
        response_errors(api, operation, {}, 200, {"content-type": "application/json"}, good, "application/json") == []
    )
    assert response_errors(api, operation, {}, 200, {"content-type": "application/json"}, bad, "application/json")


def test_an_operation_with_servers_of_its_own_is_judged_where_specmock_serves_it(tmp_path: Path) -> None:
    """Box's uploads declare `https://upload.box.com/api/2.0`; specmock serves them under the API's base path,
    beside `POST /files/{file_id}`. openapi-core took the upload for that one and judged it as a file."""
    file = {"type": "object", "required": ["type", "sha1"], "properties": {"type": {"enum": ["file"]}, "sha1": {}}}
    session = {"type": "object", "required": ["type"], "properties": {"type": {"enum": ["upload_session"]}}}

    def answering(schema: dict[str, object], **extra: object) -> dict[str, object]:
        content = {"application/json": {"schema": schema}}
        return {"post": {"responses": {"201": {"description": "ok", "content": content}}, **extra}}

    document = {
        "openapi": "3.0.3",
        "info": {"title": "Boxes", "version": "1"},
        "servers": [{"url": "https://api.example.com/2.0"}],
        "paths": {
            "/files/{file_id}": {
                **answering(file),
                "parameters": [{"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            },
            "/files/upload_sessions": answering(session, servers=[{"url": "https://upload.example.com/api/2.0"}]),
            "/files/content": {**answering(file), "servers": [{"url": "https://upload.example.com/api/2.0"}]},
        },
    }
    (tmp_path / "boxes.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["boxes"]
    by_path = {operation.path: operation for operation in api.operations}
    headers = {"content-type": "application/json"}

    def errors(path: str, body: object) -> list[str]:
        return response_errors(api, by_path[path], {}, 201, headers, json.dumps(body).encode(), "application/json")

    assert errors("/files/upload_sessions", {"type": "upload_session"}) == []
    assert errors("/files/upload_sessions", {"type": "file", "sha1": "x"})  # judged as a session, not a file
    assert errors("/files/content", {"type": "file", "sha1": "x"}) == []  # servers at the path item's level
    assert errors("/files/content", {"type": "file"})


def test_an_answer_of_any_text_type_is_judged_as_text(tmp_path: Path) -> None:
    """DigitalOcean's invoice as text/csv, `type: string`: openapi-core decodes only text/plain and text/html,
    and judged the other text types' bytes as no string."""
    document = _document({"url": "https://api.example.com"})
    answer = {"description": "a CSV file", "content": {"text/csv": {"schema": {"type": "string", "maxLength": 40}}}}
    document["paths"] = {"/invoice.csv": {"get": {"responses": {"200": answer}}}}
    (tmp_path / "invoices.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["invoices"]
    operation = api.operations[0]
    headers = {"content-type": "text/csv"}
    assert response_errors(api, operation, {}, 200, headers, b"product,hours\nIPs,100\n", "text/csv") == []
    assert response_errors(api, operation, {}, 200, headers, b"x" * 41, "text/csv")  # still judged


def test_an_answer_in_text_json_is_judged_as_json(tmp_path: Path) -> None:
    """Swashbuckle declares `text/json` beside application/json (Radarr): its JSON bodies were judged as a string,
    every one "not of type 'array'"."""
    document = _document({"url": "https://api.example.com"})
    tags = {"type": "array", "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}}
    answer = {"description": "tags", "content": {name: {"schema": tags} for name in ("text/plain", "text/json")}}
    document["paths"] = {"/tag": {"get": {"responses": {"200": answer}}}}
    (tmp_path / "tags.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["tags"]
    operation = api.operations[0]
    headers = {"content-type": "text/json"}
    assert response_errors(api, operation, {}, 200, headers, b'[{"id": 7}]', "text/json") == []
    assert response_errors(api, operation, {}, 200, headers, b'[{"id": "7"}]', "text/json")  # still judged


def test_a_boolean_or_a_number_answered_as_text_is_judged_as_the_value_it_spells(tmp_path: Path) -> None:
    """Kavita's `GET /api/Reader/has-progress` offers its boolean as `text/plain` too: openapi-core reads that body as
    a string, and every such answer (34 in a contract run) was refused whatever it said."""
    document = _document({"url": "https://api.example.com"})
    paths: dict[str, object] = {}
    for path, schema in (("/has-progress", {"type": "boolean"}), ("/next-chapter", {"type": "integer", "minimum": 0})):
        answer = {"description": "ok", "content": {"text/plain": {"schema": schema}}}
        paths[path] = {"get": {"responses": {"200": answer}}}
    document["paths"] = paths
    (tmp_path / "reader.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["reader"]
    flag, number = sorted(api.operations, key=lambda operation: operation.path)
    headers = {"content-type": "text/plain"}
    assert response_errors(api, flag, {}, 200, headers, b"true", "text/plain") == []
    assert response_errors(api, flag, {}, 200, headers, b"maybe", "text/plain")  # still judged
    assert response_errors(api, number, {}, 200, headers, b"623", "text/plain") == []
    assert response_errors(api, number, {}, 200, headers, b"-1", "text/plain")


def test_a_boolean_answered_as_text_is_spelled_as_json_spells_it() -> None:
    from mock.response_generation import serialise
    from mock.spec.model import MediaType

    media = MediaType(name="text/plain", schema={"type": "boolean"}, examples={})
    assert (serialise(True, media), serialise(False, media)) == (b"true", b"false")


def test_the_self_check_takes_a_time_as_json_schema_writes_it(tmp_path: Path) -> None:
    # PagerDuty's support hours: openapi-core alone reads `time` as %H:%M:%S and refused "13:02:58.530Z" in
    # every answer that held one, where JSON Schema (and schemathesis) refuse "13:02:58"
    document = _document({"url": "https://hours.example"})
    answer = {"type": "object", "properties": {"start": {"type": "string", "format": "time"}}}
    document["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = answer  # type: ignore[index]
    (tmp_path / "hours.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["hours"]

    def errors(start: str) -> list[str]:
        body = json.dumps({"start": start}).encode()
        return response_errors(
            api, api.operations[0], {}, 200, {"content-type": "application/json"}, body, "application/json"
        )

    assert errors("13:02:58.530Z") == [] and errors("13:02:58+02:00") == [] and errors("13:02:58") == []
    assert errors("25:02:58Z") and errors("noon")


def test_a_pattern_python_cannot_read_does_not_stop_the_self_check(tmp_path: Path) -> None:
    # Spring PetClinic's names, `^[\p{L}]+…$` (any letter, ECMA-262 with `u`, Java): openapi-core reads patterns
    # with Python's `re`, raised on `\p`, and the self-check turned every answer holding an owner into a 500
    document = _document({"url": "https://clinic.example"})
    answer = {
        "type": "object",
        "required": ["lastName", "visits"],
        "properties": {"lastName": {"type": "string", "pattern": r"^[\p{L}]+$"}, "visits": {"type": "integer"}},
    }
    document["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = answer  # type: ignore[index]
    (tmp_path / "clinic.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["clinic"]

    def errors(owner: dict[str, object]) -> list[str]:
        body = json.dumps(owner).encode()
        return response_errors(
            api, api.operations[0], {}, 200, {"content-type": "application/json"}, body, "application/json"
        )

    assert errors({"lastName": "Coleman", "visits": 2}) == []
    assert errors({"lastName": "Coleman", "visits": "two"})  # the rest of the answer is still judged
    assert errors({"lastName": "Émile", "visits": 1}) == []  # asked again, of the judge kept for this API


def test_a_multipart_answer_declared_as_one_string_is_judged_as_its_bytes(tmp_path: Path) -> None:
    # ElevenLabs' `POST /v1/music/detailed` answers `multipart/mixed` declared `{type: string, format: binary}`:
    # openapi-core split the bytes into parts, `{}`, and every answer was "not of type string"
    raw = {"type": "string", "format": "binary", "maxLength": 8}
    content = {"multipart/mixed": {"schema": raw}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "music", "version": "1"},
        "paths": {"/songs": {"post": {"responses": {"200": {"description": "ok", "content": content}}}}},
    }
    (tmp_path / "music.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["music"]
    (operation,) = api.operations
    kind = "multipart/mixed; boundary=x"
    assert response_errors(api, operation, {}, 200, {"content-type": kind}, b"--x\r\n\r\n", kind) == []
    assert response_errors(api, operation, {}, 200, {"content-type": kind}, b"--x\r\n\r\nmuch too long", kind)


def test_a_multipart_answer_is_read_back_by_its_parts(tmp_path: Path) -> None:
    # Appwrite's `POST /functions/{functionId}/executions` answers an object in `multipart/form-data`: written as
    # JSON, openapi-core asserted it split into parts, and the self-check's AssertionError answered the request 500.
    # A multipart answer is now read back as the mock reads a multipart request: JSON is no multipart (a problem, not
    # a crash), and parts under a boundary are judged by the schema, their text cast as OpenAPI reads it
    from mock.form_bodies import dump_multipart, multipart_boundary
    from mock.response_generation import dump_json

    execution = {"type": "object", "properties": {"id": {"type": "string"}}}
    content = {"multipart/form-data": {"schema": execution}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "functions", "version": "1"},
        "paths": {"/executions": {"post": {"responses": {"201": {"description": "ok", "content": content}}}}},
    }
    (tmp_path / "functions.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["functions"]
    (operation,) = api.operations
    kind = "multipart/form-data"
    assert response_errors(api, operation, {}, 201, {"content-type": kind}, b'{"id": "e1"}', kind)
    for value, problems in (({"id": "e1"}, 0), ({"id": {"not": "text"}}, 1)):
        body = dump_multipart(value, kind, dump_json)
        sent = f"{kind}; boundary={multipart_boundary(body)}"
        assert len(response_errors(api, operation, {}, 201, {"content-type": sent}, body, sent)) == problems


def test_an_operation_keyed_with_a_fragment_is_judged_by_its_own_declaration(tmp_path: Path) -> None:
    # AWS's query APIs key every action `/#Action=…` on one path: judged by the first key's declaration, DocumentDB's
    # `DeleteDBSubnetGroup` (200, no content) was "Missing response data" beside `CreateDBSubnetGroup`'s XML
    listed = {"type": "object", "required": ["total"], "properties": {"total": {"type": "integer"}}}
    content = {"application/json": {"schema": listed}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Groups", "version": "1"},
        "paths": {
            "/#Action=CreateGroup": {"get": {"responses": {"200": {"description": "made", "content": content}}}},
            "/#Action=DeleteGroup": {"get": {"responses": {"200": {"description": "gone"}}}},
        },
    }
    (tmp_path / "groups.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["groups"]
    create, delete = sorted(api.operations, key=lambda operation: operation.path)
    assert response_errors(api, delete, {}, 200, {}, b"", "") == []
    good, bad = json.dumps({"total": 1}).encode(), json.dumps({"total": "x"}).encode()
    json_type = {"content-type": "application/json"}
    assert response_errors(api, create, {}, 200, json_type, good, "application/json") == []
    assert response_errors(api, create, {}, 200, json_type, bad, "application/json")
