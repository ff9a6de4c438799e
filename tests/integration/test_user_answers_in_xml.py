"""The answers about the caller (`/users/me`, a sign-in's receipt) in the media type the client asked for. ASP.NET
specs offer every answer in JSON, text/json, XML and text/xml (ClickMeter's `GET /me`, `GET /account`): asked for
XML, the user went out as JSON, and a receipt asked for in XML was read as JSON (a 500)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: users in four media types, version: "1"}
paths:
  /auth/login:
    post:
      operationId: login
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [email, password]
              properties:
                email: {type: string, format: email}
                password: {type: string}
      responses:
        "201":
          description: logged in
          content:
            application/json: {schema: {$ref: "#/components/schemas/Receipt"}}
            application/xml: {schema: {$ref: "#/components/schemas/Receipt"}}
  /users/me:
    get:
      operationId: getMyUser
      security: [{bearer: []}]
      responses:
        "200":
          description: me
          content:
            application/json: {schema: {$ref: "#/components/schemas/User"}}
            text/json: {schema: {$ref: "#/components/schemas/User"}}
            application/xml: {schema: {$ref: "#/components/schemas/User"}}
            text/xml: {schema: {$ref: "#/components/schemas/User"}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Receipt:
      type: object
      required: [accessToken, userId, userEmail]
      properties:
        accessToken: {type: string}
        userId: {type: string}
        userEmail: {type: string}
    User:
      type: object
      xml: {name: User}
      required: [id, email]
      properties:
        id: {type: string}
        email: {type: string}
"""


def _fields(text: str) -> dict[str, str]:
    return {child.tag: child.text or "" for child in ET.fromstring(text)}


@pytest.mark.parametrize("stateful", [False, True])
def test_the_caller_is_answered_in_the_media_type_asked_for(tmp_path, stateful):
    client = served(tmp_path, SPEC, stateful)
    auth = {"Authorization": "Bearer tok-1"}
    in_json = client.get("/users/me", headers={**auth, "Accept": "application/json"}).json()
    for asked in ("application/xml", "text/xml"):
        answer = client.get("/users/me", headers={**auth, "Accept": asked})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(asked)
        assert _fields(answer.text) == in_json  # the same user, written in XML
    text_json = client.get("/users/me", headers={**auth, "Accept": "text/json"})
    assert text_json.headers["content-type"].startswith("text/json") and text_json.json() == in_json
    assert client.app.state.server.violations_seen == 0


@pytest.mark.parametrize("stateful", [False, True])
def test_a_sign_in_receipt_asked_for_in_xml_is_about_the_user_signed_in(tmp_path, stateful):
    client = served(tmp_path, SPEC, stateful)
    login = {"email": "alice@example.com", "password": "pw"}
    answer = client.post("/auth/login", json=login, headers={"Accept": "application/xml"})
    assert answer.status_code == 201 and answer.headers["content-type"].startswith("application/xml")
    receipt = _fields(answer.text)
    assert receipt["userEmail"] == "alice@example.com"
    me = client.get("/users/me", headers={"Authorization": f"Bearer {receipt['accessToken']}"}).json()
    assert (me["id"], me["email"]) == (receipt["userId"], "alice@example.com")
    assert client.app.state.server.violations_seen == 0
