"""A Swagger 2.0 spec served as its clients call it (tests/data/specs/swagger2/store, in-process ASGI).

What the upgrade makes of body, form, file, collectionFormat and security declarations is what the
server validates against; every answer is self-checked against the upgraded document.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.spec import load_apis

STORE = Path(__file__).resolve().parents[1] / "data" / "specs" / "swagger2" / "store"
BASIC = {"Authorization": "Basic " + base64.b64encode(b"ada:secret").decode()}
BEARER = {"Authorization": "Bearer token-1"}


@pytest.fixture(scope="module")
def app() -> Iterator[TestClient]:
    application = create_app(ServeConfig(specs_dir=STORE, self_check=True), load_apis(STORE))
    with TestClient(application, base_url="http://127.0.0.1") as client:
        yield client
    assert application.state.server.violations_seen == 0, "an answer did not validate against the spec"


def test_repeated_and_piped_query_arrays_are_read_as_their_collection_format_says(app):
    listed = app.get("/v2/pets", params=[("status", "available"), ("status", "sold"), ("tags", "a|b"), ("limit", "5")])
    assert listed.status_code == 200, listed.text
    assert isinstance(listed.json(), list)
    refused = app.get("/v2/pets", params=[("status", "available"), ("status", "lost")])
    assert refused.status_code == 400
    assert set(refused.json()) == {"code", "message"} and "status" in refused.json()["message"]  # the spec's Error


def test_a_body_parameter_is_validated_and_echoed(app):
    created = app.post("/v2/pets", json={"name": "Rex", "status": "pending"}, headers=BEARER)
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "Rex" and created.json()["status"] == "pending"
    # addPet declares `405: invalid input`, as the classic Petstore does: that is the status of a bad body
    assert app.post("/v2/pets", json={"status": "pending"}, headers=BEARER).status_code == 405
    assert app.post("/v2/pets", json={"name": "Rex"}).status_code == 401  # petstore_auth is oauth2: a bearer token


def test_a_form_body_with_a_repeated_field_is_accepted_and_a_missing_required_field_is_not(app):
    updated = app.post("/v2/pets/1", data={"name": "Rex", "nicknames": ["R", "Rexy"]})
    assert updated.status_code == 200, updated.text
    assert updated.json()["name"] == "Rex"
    missing = app.post("/v2/pets/1", data={"nicknames": "R"})
    # the 4xx it declares for bad input, which declares no body: the reason travels in a header
    assert missing.status_code == 405 and "name" in missing.headers["x-specmock-error"]


def test_a_file_upload_is_multipart_with_a_binary_part_and_basic_credentials(app):
    photo = {"file": ("rex.png", b"\x89PNG\r\n\x1a\n\x00binary", "image/png")}
    uploaded = app.post("/v2/pets/1/photo", files=photo, data={"caption": "Rex"}, headers=BASIC)
    assert uploaded.status_code == 200, uploaded.text
    no_file = app.post("/v2/pets/1/photo", files={"caption": (None, "no file")}, headers=BASIC)
    assert no_file.status_code == 400 and "file" in no_file.json()["message"]
    assert app.post("/v2/pets/1/photo", data={"caption": "urlencoded"}, headers=BASIC).status_code == 415
    assert app.post("/v2/pets/1/photo", files=photo).status_code == 401


def test_a_file_response_is_served_as_the_media_type_it_produces(app):
    photo = app.get("/v2/pets/1/photo")
    assert photo.status_code == 200 and photo.headers["content-type"].startswith("image/png")


def test_the_api_key_header_is_required_where_the_operation_asks_for_it(app):
    assert app.get("/v2/pets/1").status_code == 401
    pet = app.get("/v2/pets/1", headers={"api_key": "k"})
    assert pet.status_code == 200 and isinstance(pet.json()["name"], str)


def test_the_document_served_is_the_upgraded_one(app):
    document = app.get("/v2/openapi.json")
    if document.status_code == 404:
        document = app.get("/openapi.json")
    assert document.json()["openapi"] == "3.1.0"
    assert document.json()["components"]["schemas"]["Pet"]["properties"]["birthday"]["type"] == ["string", "null"]
