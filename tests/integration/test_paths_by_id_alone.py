"""A nested record read and deleted at a path that names it by its id alone: Netlify's `/deploys/{deploy_id}` beside
`/sites/{site_id}/deploys/{deploy_id}`. The mock answered the short path the static answer: a deploy the client made
read as another one, and a deploy deleted a moment before still read 200."""

from __future__ import annotations

from pathlib import Path

from mock.spec import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served


def _item(path: str, param: str, schema: str, methods: str = "get delete") -> str:
    out = f"""
  {path}:
    parameters:
      - {{name: {param}, in: path, required: true, schema: {{type: string}}}}"""
    if "get" in methods:
        out += f"""
    get:
      operationId: get{schema}{"Alone" if path.count("{") == 1 else ""}{path.count("/")}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/{schema}"}}
        "404": {{description: not found}}"""
    if "delete" in methods:
        out += f"""
    delete:
      operationId: delete{schema}{"Alone" if path.count("{") == 1 else ""}{path.count("/")}
      responses:
        "204": {{description: deleted}}
        "404": {{description: not found}}"""
    return out


def _spec(second_parent: bool = False, short_param: str = "deploy_id") -> str:
    other = (
        """
  /accounts/{account_id}/deploys:
    parameters:
      - {name: account_id, in: path, required: true, schema: {type: string}}
    get:
      operationId: listAccountDeploys
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Deploy"}}
  /accounts/{account_id}/deploys/{deploy_id}:
    parameters:
      - {name: account_id, in: path, required: true, schema: {type: string}}
      - {name: deploy_id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getAccountDeploy
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Deploy"}"""
        if second_parent
        else ""
    )
    return f"""
openapi: 3.0.3
info: {{title: records named by id alone, version: "1"}}
security: [{{bearer: []}}]
paths:
  /sites:
    post:
      operationId: createSite
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/Site"}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Site"}}
    get:
      operationId: listSites
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: array, items: {{$ref: "#/components/schemas/Site"}}}}
{_item("/sites/{site_id}", "site_id", "Site")}
  /sites/{{site_id}}/deploys:
    parameters:
      - {{name: site_id, in: path, required: true, schema: {{type: string}}}}
    get:
      operationId: listSiteDeploys
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: array, items: {{$ref: "#/components/schemas/Deploy"}}}}
        "404": {{description: not found}}
    post:
      operationId: createSiteDeploy
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/Deploy"}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Deploy"}}
        "404": {{description: not found}}
  /sites/{{site_id}}/deploys/{{deploy_id}}:
    parameters:
      - {{name: site_id, in: path, required: true, schema: {{type: string}}}}
      - {{name: deploy_id, in: path, required: true, schema: {{type: string}}}}
    get:
      operationId: getSiteDeploy
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Deploy"}}
        "404": {{description: not found}}
{_item("/deploys/{" + short_param + "}", short_param, "Deploy")}
  /deploys/{{deploy_id}}/cancel:
    parameters:
      - {{name: deploy_id, in: path, required: true, schema: {{type: string}}}}
    post:
      operationId: cancelDeploy
      responses:
        "200":
          description: the deploy, cancelled
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Deploy"}}
        "404": {{description: not found}}{other}
components:
  securitySchemes:
    bearer: {{type: http, scheme: bearer}}
  schemas:
    Site:
      type: object
      properties:
        id: {{type: string, readOnly: true}}
        name: {{type: string}}
    Deploy:
      type: object
      properties:
        id: {{type: string, readOnly: true}}
        site_id: {{type: string, readOnly: true}}
        number: {{type: integer, readOnly: true}}
        title: {{type: string}}
        state: {{type: string, enum: [new, building, ready, cancelled]}}
        created_at: {{type: string, format: date-time, readOnly: true}}
"""


AUTH = {"Authorization": "Bearer sk_test_one"}


def _resources(folder: Path, spec: str) -> dict[str, object]:
    (folder / "spec.yaml").write_text(spec)
    (api,) = load_apis(folder).values()
    return {r.name: r for r in explain_resources(api).resources}


def test_a_path_naming_a_nested_record_by_id_alone_reads_and_deletes_that_resource(tmp_path: Path) -> None:
    deploys = _resources(tmp_path, _spec())["site_deploys"]
    assert deploys.by_id_alone == {"getDeployAlone2", "deleteDeployAlone2", "cancelDeploy"}  # type: ignore[attr-defined]
    assert "getDeployAlone2" in deploys.operations["get"]  # type: ignore[attr-defined]


def test_a_path_two_resources_could_name_is_left_alone(tmp_path: Path) -> None:
    resources = _resources(tmp_path, _spec(second_parent=True))
    assert all(not r.by_id_alone for r in resources.values())  # type: ignore[attr-defined]


def test_a_path_naming_the_record_by_another_key_is_left_alone(tmp_path: Path) -> None:
    # GitHub's `/teams/{team_id}` beside `/orgs/{org}/teams/{team_slug}`: a number where the collection keys by slug
    deploys = _resources(tmp_path, _spec(short_param="number"))["site_deploys"]
    assert not deploys.by_id_alone  # type: ignore[attr-defined]


def test_the_record_made_under_its_parent_is_the_one_read_and_deleted_by_id_alone(tmp_path: Path) -> None:
    client = served(tmp_path, _spec())
    site = client.post("/sites", json={"name": "blog"}, headers=AUTH).json()
    made = client.post(f"/sites/{site['id']}/deploys", json={"title": "first", "state": "new"}, headers=AUTH)
    assert made.status_code == 201, made.text
    deploy = made.json()
    alone = client.get(f"/deploys/{deploy['id']}", headers=AUTH)
    assert alone.status_code == 200 and alone.json() == deploy
    assert client.get(f"/sites/{site['id']}/deploys/{deploy['id']}", headers=AUTH).json() == alone.json()
    assert client.get("/deploys/no-such-deploy", headers=AUTH).status_code == 404
    cancelled = client.post(f"/deploys/{deploy['id']}/cancel", headers=AUTH)
    assert cancelled.status_code == 200 and cancelled.json()["id"] == deploy["id"]
    assert client.post("/deploys/no-such-deploy/cancel", headers=AUTH).status_code == 404
    assert client.delete(f"/deploys/{deploy['id']}", headers=AUTH).status_code == 204
    assert client.get(f"/sites/{site['id']}/deploys/{deploy['id']}", headers=AUTH).status_code == 404
    assert client.get(f"/deploys/{deploy['id']}", headers=AUTH).status_code == 404
    assert deploy["id"] not in [d["id"] for d in client.get(f"/sites/{site['id']}/deploys", headers=AUTH).json()]
    assert client.app.state.server.violations_seen == 0
