"""What a refusal for missing or refused credentials says."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

TWO_SCHEMES = """
openapi: 3.0.0
info: {title: two, version: "1"}
security: [{token: []}, {oauth2: []}]
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    oauth2: {type: oauth2, flows: {implicit: {authorizationUrl: "https://example.com/auth", scopes: {}}}}
paths:
  /me:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
        "401":
          description: no
          content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
"""


def test_two_schemes_in_one_header_say_what_is_missing_once(tmp_path):
    # Asana: "Authorization: Bearer header not sent or Authorization: Bearer header not sent"
    (tmp_path / "two.yaml").write_text(TWO_SCHEMES)
    client = user_spec_client(tmp_path)
    refused = client.get("/me")
    assert refused.status_code == 401
    assert refused.json()["message"].count("Authorization: Bearer header not sent") == 1, refused.json()


BOTH_SCHEMES = """
openapi: 3.0.0
info: {title: both, version: "1"}
security: [{apikey: [], admin: []}]
components:
  securitySchemes:
    apikey: {type: apiKey, in: header, name: apikey}
    admin: {type: http, scheme: bearer}
paths:
  /admin/users:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
        "401":
          description: no
          content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
"""


def test_a_requirement_of_two_schemes_names_the_one_not_sent_not_the_one_that_was(tmp_path):
    # Supabase's admin operations ask for `apikey` and a bearer: with the key alone, the 401 said "invalid API key:
    # apikey header is invalid", of the one credential that was right
    (tmp_path / "both.yaml").write_text(BOTH_SCHEMES)
    client = user_spec_client(tmp_path)
    refused = client.get("/admin/users", headers={"apikey": "K"})
    assert refused.status_code == 401
    message = refused.json()["message"]
    assert "Authorization: Bearer header not sent" in message and "apikey" not in message, message
    assert client.get("/admin/users", headers={"apikey": "K", "Authorization": "Bearer K"}).status_code == 200
