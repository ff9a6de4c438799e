"""A client's integer wider than its field's `format: int32` never comes back in an answer (Discord's message
`flags`, sent as 305030607996645933056): OpenAPI's int32 and int64 are widths, which JSON Schema alone does
not know, and openapi-core, the self-check's judge, refused every answer that held one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.conftest import user_spec_client

WIDE = 305030607996645933056


def _spec(folder: Path) -> None:
    message = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "content": {"type": "string"},
            "flags": {"type": "integer", "format": "int32"},
        },
    }
    sent = {"type": "object", "properties": {"content": {"type": "string"}, "flags": {"type": "integer"}}}
    answer = {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}},
    }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Chat", "version": "1"},
        "paths": {
            "/messages": {
                "post": {
                    "requestBody": {"required": True, "content": {"application/json": {"schema": sent}}},
                    "responses": {"200": answer},
                },
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}}
                                }
                            },
                        }
                    }
                },
            },
            "/messages/{id}": {
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": answer, "404": {"description": "none"}},
                }
            },
        },
        "components": {"schemas": {"Message": message}},
    }
    (folder / "chat.json").write_text(json.dumps(document))


@pytest.mark.parametrize("stateful", [True, False])
def test_an_integer_wider_than_its_field_is_not_answered(tmp_path, stateful):
    _spec(tmp_path)
    client = user_spec_client(tmp_path, stateful)
    made = client.post("/messages", json={"content": "hi", "flags": WIDE})
    assert made.status_code == 200 and made.json()["content"] == "hi"
    assert made.json().get("flags") != WIDE and -(2**31) <= made.json().get("flags", 0) < 2**31
    if stateful:
        assert client.get(f"/messages/{made.json()['id']}").json() == made.json()
        assert client.post("/messages", json={"content": "ok", "flags": 4}).json()["flags"] == 4  # one that fits
    assert client.app.state.server.violations_seen == 0


def _contacts_spec(folder: Path) -> None:
    # The request takes any text (or an `email` openapi-core reads as "has an @"); the answer's field is an email
    contact = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "from_email": {"type": "string", "format": "email"},
            "opens_at": {"type": "string", "format": "time"},
        },
    }
    sent = {"type": "object", "properties": {"from_email": {"type": "string"}, "opens_at": {"type": "string"}}}
    answer = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/C"}}}}
    item = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Contacts", "version": "1"},
        "paths": {
            "/contacts": {
                "post": {
                    "requestBody": {"required": True, "content": {"application/json": {"schema": sent}}},
                    "responses": {"201": answer},
                }
            },
            "/contacts/{id}": {"get": {"parameters": item, "responses": {"200": answer, "404": {"description": "-"}}}},
        },
        "components": {"schemas": {"C": contact}},
    }
    (folder / "contacts.json").write_text(json.dumps(document))


@pytest.mark.parametrize("stateful", [True, False])
def test_a_value_its_answer_field_format_refuses_is_not_answered(tmp_path, stateful):
    # SendGrid's `from_email`: openapi-core reads `email` as "has an @", so `a b@c` is taken in a request, but
    # schemathesis and JSON Schema's own checker read an RFC 5321 address, and refused every answer holding it
    import jsonschema_rs

    _contacts_spec(tmp_path)
    client = user_spec_client(tmp_path, stateful)
    strict = jsonschema_rs.Draft202012Validator(
        {
            "$ref": "#/$defs/C",
            "$defs": {"C": json.loads((tmp_path / "contacts.json").read_text())["components"]["schemas"]["C"]},
        },
        validate_formats=True,
    )
    made = client.post("/contacts", json={"from_email": "a b@c", "opens_at": "12:00:00"})
    assert made.status_code == 201 and strict.is_valid(made.json()), made.json()
    assert made.json()["from_email"] != "a b@c" and made.json()["opens_at"] != "12:00:00"
    if stateful:
        assert client.get(f"/contacts/{made.json()['id']}").json() == made.json()
    kept = client.post("/contacts", json={"from_email": "ann@example.com", "opens_at": "12:00:00Z"}).json()
    assert (kept["from_email"], kept["opens_at"]) == ("ann@example.com", "12:00:00Z")  # values that fit come back
    assert client.app.state.server.violations_seen == 0


def _paged_spec(folder: Path) -> None:
    # DigitalOcean's lists: the `page` asked for is any integer; the answer's `meta.page` is an int64
    wide = {"type": "integer", "format": "int64"}
    listing = {
        "type": "object",
        "properties": {
            "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}},
            "meta": {"type": "object", "properties": {"page": wide, "pages": wide, "total": wide}},
        },
    }
    job = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}
    page = {"name": "page", "in": "query", "schema": {"type": "integer"}}
    per_page = {"name": "per_page", "in": "query", "schema": {"type": "integer"}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Jobs", "version": "1"},
        "paths": {
            "/jobs": {
                "get": {
                    "parameters": [page, per_page],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": listing}}}},
                }
            },
            "/jobs/{id}": {
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": job, "404": {"description": "none"}},
                }
            },
        },
        "components": {
            "schemas": {"Job": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}}
        },
    }
    (folder / "jobs.json").write_text(json.dumps(document))


@pytest.mark.parametrize("stateful", [True, False])
def test_a_page_asked_for_beyond_its_fields_width_is_not_answered_as_its_number(tmp_path, stateful):
    _paged_spec(tmp_path)
    client = user_spec_client(tmp_path, stateful)
    far = client.get("/jobs", params={"page": WIDE})
    assert far.status_code == 200
    assert -(2**63) <= far.json()["meta"].get("page", 0) < 2**63
    if stateful:
        assert far.json()["jobs"] == []  # far beyond the last page
        assert client.get("/jobs", params={"page": 2, "per_page": 1}).json()["meta"]["page"] == 2  # one that fits
    assert client.app.state.server.violations_seen == 0
