"""An item path's parameter named `{id}` where the record has no `id`: its description says what it is the id of.

Ory Hydra's dynamic client registration, `POST /oauth2/register` and `GET|PUT|DELETE /oauth2/register/{id}` ("The id
of the OAuth 2.0 Client."), keeps clients by `client_id`: no field matched `{id}`, so a registered client was never
read back, updated or deleted (the static answer every time)."""

from __future__ import annotations

from pathlib import Path

from mock.spec import load_apis
from mock.spec.resources import infer_resources
from tests.integration.conftest import served

CLIENTS = """
openapi: 3.0.3
info: {title: oauth, version: "1"}
paths:
  /oauth2/register:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Client"}}}
      responses:
        "201": {description: registered, content: {application/json: {schema: {$ref: "#/components/schemas/Client"}}}}
  /oauth2/register/{id}:
    parameters:
      - {name: id, in: path, required: true, description: The id of the OAuth 2.0 Client., schema: {type: string}}
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Client"}}}}
        "404": {description: missing}
    delete:
      responses:
        "204": {description: gone}
        "404": {description: missing}
components:
  schemas:
    Client:
      type: object
      properties:
        client_id: {type: string, readOnly: true}
        client_name: {type: string}
        redirect_uris: {type: array, items: {type: string}}
"""


def test_a_parameter_named_id_finds_the_record_by_the_key_its_description_names(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(CLIENTS)
    resources = {r.name: r for r in infer_resources(load_apis(tmp_path)["spec"])}
    assert resources["register"].id_field == "client_id"
    client = served(tmp_path, CLIENTS)
    made = client.post("/oauth2/register", json={"client_name": "Solar Voyage"}).json()
    read = client.get(f"/oauth2/register/{made['client_id']}")
    assert read.status_code == 200 and read.json()["client_name"] == "Solar Voyage"
    assert client.delete(f"/oauth2/register/{made['client_id']}").status_code == 204
    assert client.get(f"/oauth2/register/{made['client_id']}").status_code == 404
    assert client.app.state.server.violations_seen == 0
