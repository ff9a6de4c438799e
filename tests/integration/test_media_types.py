"""Bodies in every media type a public spec uses, and answers in the one the client accepts (in-process ASGI)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.spec import load_apis

PETSTORE = Path(__file__).resolve().parents[1] / "data" / "specs" / "petstore"


@pytest.fixture(scope="module")
def app() -> Iterator[TestClient]:
    config = ServeConfig(specs_dir=PETSTORE, self_check=True)
    application = create_app(config, load_apis(PETSTORE))
    with TestClient(application, base_url="http://127.0.0.1") as client:
        yield client
    assert application.state.server.violations_seen == 0, "an answer did not validate against the spec"


def test_form_with_one_exploded_array_item(app):
    answer = app.post("/api/v3/pet", data={"name": "doggie", "photoUrls": "x"})
    assert answer.status_code == 200, answer.text


def test_form_missing_a_required_field_is_refused(app):
    answer = app.post("/api/v3/pet", data={"photoUrls": "x"})
    assert answer.status_code == 400 and "name" in answer.headers.get("x-specmock-error", answer.text)


def test_bracket_notation_decodes_into_objects_and_arrays(app):
    form = "amount=100&metadata[order_id]=1&items[0][price]=p_1&items[0][quantity]=2&items[1][price]=p_2&expand[]=x"
    headers = {"content-type": "application/x-www-form-urlencoded"}
    assert app.post("/api/v3/charges", content=form, headers=headers).status_code == 200
    wrong = "amount=100&items[0][quantity]=two&items[0][price]=p"
    refused = app.post("/api/v3/charges", content=wrong, headers=headers)
    assert refused.status_code == 400 and "quantity" in refused.headers["x-specmock-error"]


def test_xml_request_body_is_parsed_and_validated(app):
    body = "<pet status='available'><name>Rex</name><photoUrls><photoUrl>a</photoUrl></photoUrls></pet>"
    headers = {"content-type": "application/xml"}
    assert app.post("/api/v3/pet", content=body, headers=headers).status_code == 200
    missing = app.post("/api/v3/pet", content="<pet><name>Rex</name></pet>", headers=headers)
    assert missing.status_code == 400 and "photoUrls" in missing.headers["x-specmock-error"]
    bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><pet><name>&lol;</name></pet>'
    assert app.post("/api/v3/pet", content=bomb, headers=headers).status_code == 400
    # words where the pet's elements belong are no pet (they read as an empty object before)
    words = app.post("/api/v3/pet", content="<pet>true</pet>", headers=headers)
    assert words.status_code == 400 and "object" in words.headers["x-specmock-error"]


def test_multipart_file_upload_is_accepted(app):
    files = {"file": ("cat.png", b"\x89PNG\r\n\x1a\n\x00binary", "image/png")}
    assert app.post("/api/v3/pet/1/uploadImage", files=files, data={"purpose": "avatar"}).status_code == 200
    refused = app.post("/api/v3/pet/1/uploadImage", files=files, data={"purpose": "banner"})
    assert refused.status_code == 400


def test_a_json_part_of_a_multipart_form_is_read_as_json(app):
    meta = {"meta": (None, '{"title": "vaccination record", "pages": 2}', "application/json")}
    assert app.post("/api/v3/pet/1/document", files=meta).status_code == 200
    wrong = {"meta": (None, '{"pages": "two"}', "application/json")}
    refused = app.post("/api/v3/pet/1/document", files=wrong)
    assert refused.status_code == 400 and "title" in refused.headers["x-specmock-error"]
    broken = {"meta": (None, '{"title": ', "application/json")}
    assert app.post("/api/v3/pet/1/document", files=broken).status_code == 400


def test_octet_stream_and_text_bodies(app):
    raw = {"content-type": "application/octet-stream"}
    assert app.post("/api/v3/pet/1/uploadImage", content=b"\x00\xff" * 10, headers=raw).status_code == 200
    text = {"content-type": "text/plain"}
    assert app.post("/api/v3/notes", content="short note", headers=text).status_code == 200
    assert app.post("/api/v3/notes", content="x" * 21, headers=text).status_code == 400


def test_accept_chooses_xml_by_q_value_and_serialises_per_the_xml_object(app):
    answer = app.get("/api/v3/pet/1", headers={"accept": "application/json;q=0.5, application/xml;q=0.9"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
    pet = ElementTree.fromstring(answer.content)
    assert pet.tag == "pet" and pet.find("name") is not None
    assert all(child.tag == "photoUrl" for child in pet.find("photoUrls"))
    assert pet.get("status") in ("available", "pending", "sold")
    assert app.get("/api/v3/pet/1").headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    "accept",
    ["application/vnd.github+json", "application/vnd.github.v3+json; charset=utf-8; q=0.9", "application/*+json"],
)
def test_vendor_json_accept_is_served_by_declared_json(app, accept):
    answer = app.get("/api/v3/pet/1", headers={"accept": accept})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert isinstance(answer.json()["name"], str)


def test_plain_json_accept_is_served_by_declared_vendor_json(app):
    answer = app.get("/api/v3/store/inventory", headers={"accept": "application/json"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.petstore.v1+json")
    assert answer.json()["sold"] >= 0
    assert app.get("/api/v3/store/inventory", headers={"accept": "application/xml"}).status_code == 406


def test_nothing_acceptable_is_406_in_the_envelope(app):
    answer = app.get("/api/v3/pet/1", headers={"accept": "text/csv"})
    assert answer.status_code == 406
    assert "text/csv" in answer.headers.get("x-specmock-error", answer.text)


@pytest.mark.parametrize(
    "path", ["/api/v3/repos/octo/git/refs/heads/feature-a", "/api/v3/repos/octo/git/refs/heads%2Ffeature-a"]
)
def test_multi_segment_parameter_holds_a_slash(app, path):
    answer = app.get(path)
    assert answer.status_code == 200, answer.text


def test_a_path_like_last_parameter_takes_a_slash_only_when_no_route_matches(app):
    assert app.get("/api/v3/files/docs/readme.md").status_code == 200
    meta = app.get("/api/v3/files/readme.md/meta")
    assert meta.status_code == 200 and set(meta.json()) <= {"size"}


def _versioned(tmp_path: Path, accept_schema: dict[str, object]) -> TestClient:
    """PagerDuty's operations declare `Accept` as a header parameter (a version header, any string)."""
    accept = {"name": "Accept", "in": "header", "required": False, "schema": accept_schema}
    answer = {"type": "object", "properties": {"total": {"type": "integer"}}}
    document = {
        "openapi": "3.0.2",
        "info": {"title": "Versioned", "version": "2"},
        "paths": {
            "/services": {
                "get": {
                    "parameters": [accept],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": answer}}}},
                }
            }
        },
    }
    (tmp_path / "versioned.json").write_text(json.dumps(document))
    return TestClient(create_app(ServeConfig(specs_dir=tmp_path, self_check=True)))


def test_an_accept_that_names_no_media_range_is_disregarded(tmp_path):
    # schemathesis fills PagerDuty's declared `Accept` parameter (which OpenAPI says to ignore) with any string;
    # RFC 9110 lets a server disregard an Accept it cannot read, and answer as if none was sent. A readable one
    # that takes nothing declared is still refused.
    client = _versioned(tmp_path, {"type": "string", "default": "application/vnd.pagerduty+json;version=2"})
    for accept in ("application/vnd.pagerduty+json;version=2", "0{$d^1E?;I0S", "fi5/WR.k}EQJ", "[", ""):
        answer = client.get("/services", headers={"accept": accept})
        assert answer.status_code == 200, (accept, answer.text)
        assert answer.headers["content-type"].startswith("application/json")
    assert client.get("/services", headers={"accept": "text/csv"}).status_code == 406
    assert client.get("/services", headers={"accept": "text/csv, }{"}).status_code == 406  # the readable part counts
    assert client.app.state.server.violations_seen == 0


def test_a_406_for_a_type_that_cannot_hold_the_answer_says_so_and_names_what_can(tmp_path):
    # Radarr (Swashbuckle) declares text/plain first beside JSON for its lists: the 406 listed text/plain among what
    # the operation answers, to a client that had asked for just that
    content = {
        name: {"schema": {"type": "array", "items": {"type": "integer"}}} for name in ("text/plain", "text/json")
    }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Tags", "version": "1"},
        "paths": {"/tag": {"get": {"responses": {"200": {"description": "ok", "content": content}}}}},
    }
    (tmp_path / "tags.json").write_text(json.dumps(document))
    client = TestClient(create_app(ServeConfig(specs_dir=tmp_path, self_check=True)))
    answer = client.get("/tag", headers={"accept": "text/plain"})
    assert answer.status_code == 406
    said = answer.headers.get("x-specmock-error", answer.text)
    assert "cannot hold" in said and said.rstrip('"}').endswith("text/json")
    assert client.get("/tag", headers={"accept": "text/plain, */*"}).headers["content-type"].startswith("text/json")


def test_an_answer_declared_only_as_a_range_goes_out_as_one_type(tmp_path):
    # Homebox's export declares `*/*` holding a string: it went out as `Content-Type: */*`, which clients read as
    # JSON (schemathesis: "JSON deserialization error")
    def answered(media: str, schema: dict) -> dict:
        return {"200": {"description": "ok", "content": {media: {"schema": schema}}}}

    document = {
        "openapi": "3.0.3",
        "info": {"title": "Exports", "version": "1"},
        "paths": {
            "/export": {"get": {"responses": answered("*/*", {"type": "string"})}},
            "/summary": {
                "get": {"responses": answered("*/*", {"type": "object", "properties": {"n": {"type": "integer"}}})}
            },
            "/logo": {"get": {"responses": answered("image/*", {"type": "string", "format": "binary"})}},
            "/notes": {"get": {"responses": answered("text/*", {"type": "string"})}},
        },
    }
    (tmp_path / "exports.json").write_text(json.dumps(document))
    client = TestClient(create_app(ServeConfig(specs_dir=tmp_path, self_check=True)))
    assert client.get("/export").headers["content-type"] == "text/plain; charset=utf-8"
    summary = client.get("/summary")
    assert summary.headers["content-type"] == "application/json" and isinstance(summary.json(), dict)
    assert client.get("/logo").headers["content-type"] == "image/png"
    assert client.get("/notes").headers["content-type"] == "text/plain; charset=utf-8"
    assert client.app.state.server.violations_seen == 0


def test_json_declared_with_a_charset_is_json_for_examples_and_for_strings(tmp_path):
    # MailboxValidator's `application/json; charset=utf-8` answer of `type: string` showed its example, JSON text,
    # as the body itself: an object went out where a string was declared. An object answer's named example under
    # such a type was not offered to `Prefer: example=` either.
    def answering(schema, example):
        content = {"application/json; charset=utf-8": {"schema": schema, "examples": {"found": {"value": example}}}}
        return {"get": {"responses": {"200": {"description": "ok", "content": content}}}}

    document = {
        "openapi": "3.0.3",
        "info": {"title": "Checker", "version": "1"},
        "paths": {
            "/free": answering({"type": "string"}, '{"email_address":"","is_free":""}'),
            "/user": answering({"type": "object", "properties": {"name": {"type": "string"}}}, {"name": "Ada"}),
        },
    }
    (tmp_path / "checker.json").write_text(json.dumps(document))
    client = TestClient(create_app(ServeConfig(specs_dir=tmp_path, self_check=True)))
    answer = client.get("/free")
    assert answer.status_code == 200 and answer.json() == '{"email_address":"","is_free":""}'
    assert client.get("/user", headers={"prefer": "example=found"}).json() == {"name": "Ada"}
    refused = client.get("/user", headers={"prefer": "example=other"})
    assert refused.status_code == 422 and "found" in refused.text
    assert client.app.state.server.violations_seen == 0


def test_a_media_type_goes_out_with_its_parameters_as_the_spec_writes_them(tmp_path):
    # GameSparks declares `application/json;charset=UTF-8`, Wikimedia a `profile` URL whose path is case-sensitive:
    # both went out in lower case, which no reader of the spec finds, and openapi-core was handed the charset as an
    # argument json.loads refused; every answer was a self-check line
    def answering(media):
        schema = {"type": "object", "properties": {"name": {"type": "string"}}}
        return {"get": {"responses": {"200": {"description": "ok", "content": {media: {"schema": schema}}}}}}

    profile = 'application/json; charset=utf-8; profile="https://www.mediawiki.org/wiki/Specs/Availability/1.0.1"'
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Games", "version": "1"},
        "paths": {
            "/regions": answering("application/json;charset=UTF-8"),
            "/availability": answering(profile),
            "/plain": answering("application/json"),  # openapi-core's JSON reader, ours, takes no charset argument
        },
    }
    (tmp_path / "games.json").write_text(json.dumps(document))
    client = TestClient(create_app(ServeConfig(specs_dir=tmp_path, self_check=True)))
    regions = client.get("/regions")
    assert regions.headers["content-type"] == "application/json;charset=UTF-8" and "name" in regions.json()
    assert client.get("/availability").headers["content-type"] == profile
    assert client.get("/regions", headers={"accept": "application/json"}).status_code == 200
    assert client.app.state.server.violations_seen == 0


def test_a_body_sent_without_the_parameters_its_declared_type_names_is_that_type(tmp_path):
    # Xtrf answers `application/vnd.xtrf-v1+json;charset=UTF-8` only: openapi-core, looking its reader up without
    # the parameters, was handed bytes (95 self-check lines); openSUSE's XML is `application/xml; charset=utf-8`, and
    # the XML check looked it up without them ("not declared"); a request sent as plain `application/json` to a body
    # declared with a charset was refused as a type not declared
    item = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}

    def answering(media, schema):
        return {"description": "ok", "content": {media: {"schema": schema}}}

    document = {
        "openapi": "3.0.3",
        "info": {"title": "Invoices", "version": "1"},
        "paths": {
            "/ids": {"get": {"responses": {"200": answering("application/vnd.xtrf-v1+json;charset=UTF-8", {
                "type": "array", "items": {"type": "integer"}})}}},
            "/about": {"get": {"responses": {"200": answering("application/xml; charset=utf-8", {
                "type": "object", "xml": {"name": "about"}, "properties": {"revision": {"type": "string"}}})}}},
            "/items": {"post": {
                "requestBody": {"required": True, "content": {"application/json; charset=utf-8": {"schema": item}}},
                "responses": {"200": answering("application/json", item)},
            }},
        },
    }  # fmt: skip
    (tmp_path / "invoices.json").write_text(json.dumps(document))
    client = TestClient(create_app(ServeConfig(specs_dir=tmp_path, self_check=True)))
    assert isinstance(client.get("/ids").json(), list)
    assert client.get("/about").status_code == 200
    assert client.post("/items", json={"name": "Ada"}).status_code == 200
    assert client.post("/items", json={}).status_code == 400
    assert client.app.state.server.violations_seen == 0


def test_an_answer_declared_only_as_any_type_is_judged_as_the_type_it_went_out_as(tmp_path):
    # People Generator and Wordnik declare `*/*` answers of integers and words: they go out as text, and were judged
    # as bytes (an integer "806", a word b'poor'), a self-check line each; an object goes out and is judged as JSON
    def answering(schema):
        return {"get": {"responses": {"200": {"description": "ok", "content": {"*/*": {"schema": schema}}}}}}

    document = {
        "openapi": "3.0.3",
        "info": {"title": "People", "version": "1"},
        "paths": {
            "/age": answering({"type": "integer", "format": "int32"}),
            "/name": answering({"type": "string"}),
            "/person": answering({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}),
        },
    }
    (tmp_path / "people.json").write_text(json.dumps(document))
    client = TestClient(create_app(ServeConfig(specs_dir=tmp_path, self_check=True)))
    age, name, person = client.get("/age"), client.get("/name"), client.get("/person")
    assert age.headers["content-type"].startswith("text/plain") and age.text.isdigit()
    assert name.headers["content-type"].startswith("text/plain")
    assert person.headers["content-type"] == "application/json" and "name" in person.json()
    assert client.app.state.server.violations_seen == 0


VEHICLES = """
openapi: 3.0.3
info: {title: vehicles, version: "1"}
paths:
  /vehicles:
    post:
      requestBody:
        required: true
        content: {application/vnd.MB.Vehicle+JSON: {schema: {$ref: "#/components/schemas/NewVehicle"}}}
      responses:
        "201":
          description: made
          content: {application/vnd.MB.Vehicle+JSON: {schema: {$ref: "#/components/schemas/Vehicle"}}}
        "400":
          description: refused
          content: {application/vnd.MB.Error+JSON: {schema: {$ref: "#/components/schemas/Error"}}}
  /vehicles/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: one
          content: {application/vnd.MB.Vehicle+JSON: {schema: {$ref: "#/components/schemas/Vehicle"}}}
        "404":
          description: none
          content: {application/vnd.MB.Error+JSON: {schema: {$ref: "#/components/schemas/Error"}}}
components:
  schemas:
    Vehicle: {type: object, required: [id, vin], properties: {id: {type: string}, vin: {type: string}}}
    NewVehicle: {type: object, required: [vin], properties: {vin: {type: string}}}
    Error: {type: object, required: [message], properties: {message: {type: string}}}
"""


def test_media_types_spelled_in_mixed_case_are_served_and_their_answers_conform(tmp_path):
    # Mercedes-Benz's `application/vnd.MB.…+JSON`: media type names are case-insensitive (RFC 9110), the mock answers
    # them in lower case, and the self-check's openapi-core, looking each up as spelled, found every answer wanting
    from tests.integration.conftest import served

    client = served(tmp_path, VEHICLES)
    for spelled in ("application/vnd.MB.Vehicle+JSON", "application/vnd.mb.vehicle+json"):
        made = client.post("/vehicles", content=b'{"vin": "WDB123"}', headers={"content-type": spelled})
        assert made.status_code == 201 and made.json()["vin"] == "WDB123"
        assert made.headers["content-type"].lower().startswith("application/vnd.mb.vehicle+json")
    assert client.get(f"/vehicles/{made.json()['id']}").json() == made.json()
    refused = client.post("/vehicles", content=b"{}", headers={"content-type": "application/vnd.MB.Vehicle+JSON"})
    assert refused.status_code == 400 and "vin" in refused.json()["message"]
    assert client.get("/vehicles/none-such").status_code == 404
    assert client.app.state.server.violations_seen == 0
