"""Creates that send no record: Netlify's `POST /deploy_keys` (no body: the server makes the key) and `POST
/sites/{site_id}/assets?name=…&size=…` (its fields in the query, the record answered inside `{form, asset}`). The
mock left both out of their collections ("no request body to make a record from"): the key it answered could not be
read back (404) nor was listed, and the asset's answer named another file than the one asked for."""

from __future__ import annotations

from pathlib import Path

from mock.spec import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: creates without a body, version: "1"}
security: [{bearer: []}]
paths:
  /deploy_keys:
    get:
      operationId: listDeployKeys
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/DeployKey"}}
    post:
      operationId: createDeployKey
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/DeployKey"}
  /deploy_keys/{key_id}:
    parameters:
      - {name: key_id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getDeployKey
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/DeployKey"}
        "404": {description: not found}
    delete:
      operationId: deleteDeployKey
      responses:
        "204": {description: deleted}
        "404": {description: not found}
  /sites/{site_id}/assets:
    parameters:
      - {name: site_id, in: path, required: true, schema: {type: string}}
    get:
      operationId: listSiteAssets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Asset"}}
    post:
      operationId: createSiteAsset
      parameters:
        - {name: name, in: query, required: true, schema: {type: string}}
        - {name: size, in: query, required: true, schema: {type: integer, format: int64}}
        - {name: content_type, in: query, required: true, schema: {type: string}}
        - {name: visibility, in: query, schema: {type: string}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema:
                type: object
                properties:
                  form:
                    type: object
                    properties:
                      url: {type: string}
                  asset: {$ref: "#/components/schemas/Asset"}
  /sites/{site_id}/assets/{asset_id}:
    parameters:
      - {name: site_id, in: path, required: true, schema: {type: string}}
      - {name: asset_id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getSiteAssetInfo
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Asset"}
        "404": {description: not found}
  /status:
    post:
      operationId: refreshStatus
      responses:
        "200":
          description: a document, not a record of a collection
          content:
            application/json:
              schema:
                type: object
                properties:
                  ok: {type: boolean}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    DeployKey:
      type: object
      properties:
        id: {type: string}
        public_key: {type: string}
        created_at: {type: string, format: date-time}
    Asset:
      type: object
      properties:
        id: {type: string}
        site_id: {type: string}
        name: {type: string}
        size: {type: integer, format: int64}
        content_type: {type: string}
        visibility: {type: string}
        state: {type: string}
        created_at: {type: string, format: date-time}
"""

AUTH = {"Authorization": "Bearer sk_test_one"}


def test_a_create_without_a_body_whose_answer_is_the_record_is_the_collections_create(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    (api,) = load_apis(tmp_path).values()
    inference = explain_resources(api)
    creates = {op for r in inference.resources for op in r.operations.get("create", ())}
    assert {"createDeployKey", "createSiteAsset"} <= creates
    # a bodiless POST whose answer is no record of any collection stays an action
    assert "refreshStatus" in {item.operation_id for item in inference.left_out}


def test_a_key_the_server_made_is_read_back_listed_and_deleted(tmp_path: Path) -> None:
    client = served(tmp_path, SPEC)
    made = client.post("/deploy_keys", headers=AUTH)
    assert made.status_code == 201, made.text
    key = made.json()
    again = client.post("/deploy_keys", headers=AUTH).json()
    assert again["id"] != key["id"]
    assert client.get(f"/deploy_keys/{key['id']}", headers=AUTH).json() == key
    listed = [k["id"] for k in client.get("/deploy_keys", headers=AUTH).json()]
    assert key["id"] in listed and again["id"] in listed
    assert client.delete(f"/deploy_keys/{key['id']}", headers=AUTH).status_code == 204
    assert client.get(f"/deploy_keys/{key['id']}", headers=AUTH).status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_a_record_made_from_the_query_holds_what_the_query_said(tmp_path: Path) -> None:
    client = served(tmp_path, SPEC)
    made = client.post(
        "/sites/site-1/assets",
        params={"name": "logo.png", "size": 2048, "content_type": "image/png", "stray": "x"},
        headers=AUTH,
    )
    assert made.status_code == 201, made.text
    asset = made.json()["asset"]
    assert (asset["name"], asset["size"], asset["content_type"]) == ("logo.png", 2048, "image/png")
    assert client.get(f"/sites/site-1/assets/{asset['id']}", headers=AUTH).json() == asset
    assert asset["id"] in [a["id"] for a in client.get("/sites/site-1/assets", headers=AUTH).json()]
    assert client.app.state.server.violations_seen == 0
