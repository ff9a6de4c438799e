"""A create whose body is declared `*/*` (Kubernetes declares every write so) makes records: it was left out of
resource inference ("no JSON or form request body"), so what a client created was never listed or read back."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

ANY_BODY = """
openapi: 3.0.3
info: {title: any, version: "1"}
paths:
  /things:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Thing"}}}}
    post:
      requestBody: {required: true, content: {"*/*": {schema: {$ref: "#/components/schemas/Thing"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
  /things/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "404": {description: none}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string, readOnly: true}, name: {type: string}}}
"""


def test_a_create_of_any_media_type_makes_a_record_read_back_and_listed(tmp_path):
    (tmp_path / "any.yaml").write_text(ANY_BODY)
    client = user_spec_client(tmp_path)
    made = client.post("/things", json={"name": "web"}).json()
    assert made["name"] == "web"
    assert client.get(f"/things/{made['id']}").json() == made
    assert made in client.get("/things").json()
    assert client.app.state.server.violations_seen == 0


def test_a_create_declaring_200_and_201_answers_201(tmp_path):
    # Kubernetes declares 200 (an existing object), 201 (created) and 202 (accepted) on every create
    spec = ANY_BODY.replace(
        '        "201": {description: made,',
        '        "200": {description: existing}\n        "201": {description: made,',
    )
    (tmp_path / "any.yaml").write_text(spec)
    client = user_spec_client(tmp_path)
    assert client.post("/things", json={"name": "web"}).status_code == 201
    assert client.app.state.server.violations_seen == 0


def test_an_operation_declaring_only_101_and_an_error_never_answers_101(tmp_path):
    # Docker's POST /session upgrades to its own protocol: a plain request was answered 101, then dropped
    spec = """
openapi: 3.0.3
info: {title: session, version: "1"}
paths:
  /session:
    post:
      responses:
        "101": {description: switching to the session protocol}
        "400":
          description: bad parameter
          content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
"""
    (tmp_path / "session.yaml").write_text(spec)
    client = user_spec_client(tmp_path)
    answer = client.post("/session")
    assert answer.status_code == 400 and "message" in answer.json()
    assert client.app.state.server.violations_seen == 0


def test_every_declared_response_header_is_sent(tmp_path):
    # Docker's /_ping declares API-Version and OSType: Swagger 2.0 cannot mark a header required, and only
    # required headers were sent, so a client reading them found none
    spec = """
swagger: "2.0"
info: {title: ping, version: "1"}
paths:
  /_ping:
    get:
      produces: [text/plain]
      responses:
        "200":
          description: ok
          schema: {type: string}
          headers:
            API-Version: {type: string}
            Docker-Experimental: {type: boolean}
            Content-Type: {type: string}
"""
    (tmp_path / "ping.yaml").write_text(spec)
    client = user_spec_client(tmp_path)
    answer = client.get("/_ping")
    assert answer.headers["api-version"] and answer.headers["docker-experimental"] in ("true", "false")
    assert answer.headers["content-type"].startswith("text/plain")  # the server's own, not made up
    assert client.app.state.server.violations_seen == 0


def test_error_headers_that_carry_the_problem_say_it(tmp_path):
    # Gitea's `validationError` has no body: its message and a documentation URL are declared as headers, and with
    # every declared header sent they held made-up text
    spec = """
swagger: "2.0"
info: {title: repos, version: "1"}
paths:
  /repos:
    post:
      consumes: [application/json]
      parameters:
        - name: body
          in: body
          required: true
          schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        "201": {description: made}
        "422":
          description: validationError
          headers: {message: {type: string}, url: {type: string}}
"""
    (tmp_path / "repos.yaml").write_text(spec)
    client = user_spec_client(tmp_path, stateful=False)
    refused = client.post("/repos", json={"name": 5})
    assert refused.status_code == 422 and refused.content == b""
    assert "name" in refused.headers["message"] and refused.headers["url"].startswith("https://")
