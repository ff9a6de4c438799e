"""A record keyed by a field inside one of its objects: Kubernetes names a deployment by `metadata.name`.

`/apis/apps/v1/namespaces/{namespace}/deployments/{name}` reads the deployment whose `metadata.name` is `{name}`;
with no top-level field to key records by, the whole API was left to the static mock, and a deployment created
was never read back (`specs resources`: "no id field in the record matches {name}").
"""

from __future__ import annotations

import json

import pytest

from tests.integration.conftest import user_spec_client

SPEC = """
openapi: 3.0.0
info: {title: apps, version: "1"}
paths:
  /apis/apps/v1/namespaces/{namespace}/deployments:
    parameters: [{name: namespace, in: path, required: true, schema: {type: string, uniqueItems: true}}]
    get:
      operationId: listNamespacedDeployment
      parameters: [{name: limit, in: query, schema: {type: integer}}]
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/DeploymentList"}}}}
    post:
      operationId: createNamespacedDeployment
      requestBody:
        required: true
        content: {"*/*": {schema: {$ref: "#/components/schemas/Deployment"}}}
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Deployment"}}}}
        "201": {description: Created, content: {application/json: {schema: {$ref: "#/components/schemas/Deployment"}}}}
  /apis/apps/v1/namespaces/{namespace}/deployments/{name}:
    parameters:
      - {name: name, in: path, required: true, description: the name, schema: {type: string, uniqueItems: true}}
      - {name: namespace, in: path, required: true, schema: {type: string, uniqueItems: true}}
    get:
      operationId: readNamespacedDeployment
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Deployment"}}}}
        "404": {description: Not Found}
    patch:
      operationId: patchNamespacedDeployment
      requestBody:
        required: true
        content: {application/merge-patch+json: {schema: {type: object}}}
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Deployment"}}}}
        "404": {description: Not Found}
    delete:
      operationId: deleteNamespacedDeployment
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Status"}}}}
        "404": {description: Not Found}
components:
  schemas:
    ObjectMeta:
      type: object
      properties:
        name: {type: string}
        namespace: {type: string}
        uid: {type: string}
        creationTimestamp: {type: string, format: date-time}
        labels: {type: object, additionalProperties: {type: string}}
    Deployment:
      type: object
      properties:
        apiVersion: {type: string}
        kind: {type: string}
        metadata: {$ref: "#/components/schemas/ObjectMeta"}
        spec:
          type: object
          properties: {replicas: {type: integer, format: int32}}
    DeploymentList:
      type: object
      required: [items]
      properties:
        apiVersion: {type: string}
        kind: {type: string}
        metadata: {type: object, properties: {continue: {type: string}, resourceVersion: {type: string}}}
        items: {type: array, items: {$ref: "#/components/schemas/Deployment"}}
    Status:
      type: object
      properties: {kind: {type: string}, status: {type: string}}
"""

BASE = "/apis/apps/v1/namespaces/prod/deployments"


def test_a_record_keyed_inside_its_metadata_is_made_read_listed_changed_and_deleted(tmp_path):
    (tmp_path / "apps.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    made = client.post(BASE, json={"metadata": {"name": "web", "labels": {"app": "web"}}, "spec": {"replicas": 3}})
    assert made.status_code in (200, 201)
    assert made.json()["metadata"]["name"] == "web"
    assert made.json()["metadata"]["labels"] == {"app": "web"}
    assert made.json()["metadata"]["namespace"] == "prod"  # the path says where it lives
    read = client.get(f"{BASE}/web")
    assert read.status_code == 200 and read.json() == made.json()
    assert "web" in [item["metadata"]["name"] for item in client.get(BASE).json()["items"]]
    patched = client.patch(
        f"{BASE}/web", content=b'{"spec": {"replicas": 5}}', headers={"content-type": "application/merge-patch+json"}
    )
    assert patched.status_code == 200
    assert patched.json()["spec"]["replicas"] == 5 and patched.json()["metadata"]["name"] == "web"
    assert client.get(f"{BASE}/web").json()["spec"]["replicas"] == 5
    assert client.get("/apis/apps/v1/namespaces/staging/deployments/web").status_code == 404  # another namespace's
    assert client.delete(f"{BASE}/web").status_code == 200
    assert client.get(f"{BASE}/web").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_seeded_records_have_keys_of_their_own(tmp_path):
    (tmp_path / "apps.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    items = client.get(BASE).json()["items"]
    names = [item["metadata"]["name"] for item in items]
    assert len(items) > 1 and len(set(names)) == len(names)
    for name in names:
        assert client.get(f"{BASE}/{name}").json()["metadata"]["name"] == name


@pytest.mark.parametrize("refusal", [422, None])
def test_a_json_patch_is_applied_to_the_record(tmp_path, refusal):
    # Kratos' PATCH /admin/identities/{id} and Kubernetes' json-patch+json: RFC 6902 operations were answered 200 and
    # changed nothing. A patch that does not apply is refused as the operation declares; where it declares no refusal
    # (1Password Connect's item PATCH) it changes nothing, answered 200: an undeclared 400 broke the spec.
    spec = SPEC.replace(
        "content: {application/merge-patch+json: {schema: {type: object}}}",
        "content:\n          application/merge-patch+json: {schema: {type: object}}\n"
        "          application/json-patch+json: {schema: {type: array, items: {type: object}}}",
    )
    if refusal is not None:
        spec = spec.replace(
            '        "404": {description: Not Found}\n    delete:',
            f'        "404": {{description: Not Found}}\n        "{refusal}": {{description: refused}}\n    delete:',
        )
        assert f'"{refusal}"' in spec
    (tmp_path / "apps.yaml").write_text(spec)
    client = user_spec_client(tmp_path)
    client.post(BASE, json={"metadata": {"name": "api", "labels": {"tier": "back"}}, "spec": {"replicas": 1}})
    patch = [
        {"op": "replace", "path": "/spec/replicas", "value": 4},
        {"op": "add", "path": "/metadata/labels/team", "value": "core"},
        {"op": "remove", "path": "/metadata/labels/tier"},
    ]
    patched = client.patch(
        f"{BASE}/api", content=json.dumps(patch), headers={"content-type": "application/json-patch+json"}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["spec"]["replicas"] == 4
    assert patched.json()["metadata"]["labels"] == {"team": "core"}
    assert client.get(f"{BASE}/api").json() == patched.json()
    failing = [
        {"op": "test", "path": "/spec/replicas", "value": 99},
        {"op": "replace", "path": "/spec/replicas", "value": 7},
    ]
    refused = client.patch(
        f"{BASE}/api", content=json.dumps(failing), headers={"content-type": "application/json-patch+json"}
    )
    assert refused.status_code == (refusal or 200), refused.text  # a patch that does not apply changes nothing
    assert client.get(f"{BASE}/api").json()["spec"]["replicas"] == 4
    # the whole record replaced by a list (PayPal's product PATCH, fuzzed): no record is left to keep, a 4xx not a 500
    for whole in ([None, None], "text"):
        replaced = client.patch(
            f"{BASE}/api",
            content=json.dumps([{"op": "add", "path": "", "value": whole}]),
            headers={"content-type": "application/json-patch+json"},
        )
        assert replaced.status_code == (refusal or 200), replaced.text
    assert client.get(f"{BASE}/api").json()["spec"]["replicas"] == 4
    assert client.app.state.server.violations_seen == 0
