"""A value the request names a thing by (a slug, an id) comes back in the object the answer holds that thing as.

DigitalOcean's `POST /v2/droplets {"region": "sfo3", "size": "s-2vcpu-4gb", "image": "debian-12-x64"}` answers a
droplet whose `region` is an object with a `slug`, beside a `size_slug`: the answer, and the droplet stored, held
the spec's examples (nyc3, s-1vcpu-1gb, ubuntu) instead of what was asked for.
"""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

SPEC = """
openapi: 3.0.0
info: {title: droplets, version: "1"}
paths:
  /droplets:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name, region, size, image]
              properties:
                name: {type: string}
                region: {type: string}
                size: {type: string}
                image: {oneOf: [{type: string}, {type: integer}]}
      responses:
        "202":
          description: made
          content:
            application/json:
              schema: {type: object, properties: {droplet: {$ref: "#/components/schemas/Droplet"}}}
components:
  schemas:
    Droplet:
      type: object
      properties:
        id: {type: integer}
        name: {type: string}
        size_slug: {type: string, example: s-1vcpu-1gb}
        region:
          type: object
          properties:
            slug: {type: string, example: nyc3}
            name: {type: string, example: New York 3}
        image:
          type: object
          properties:
            id: {type: integer, example: 6918990}
            slug: {type: string, example: ubuntu-20-04-x64}
"""


def test_a_slug_the_request_sends_is_the_slug_of_the_object_the_answer_holds(tmp_path):
    (tmp_path / "droplets.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    sent = {"name": "web-01", "region": "sfo3", "size": "s-2vcpu-4gb", "image": "debian-12-x64"}
    droplet = client.post("/droplets", json=sent).json()["droplet"]
    assert droplet["name"] == "web-01"
    assert droplet["region"]["slug"] == "sfo3"
    assert droplet["size_slug"] == "s-2vcpu-4gb"
    assert droplet["image"]["slug"] == "debian-12-x64"
    by_id = client.post("/droplets", json={**sent, "image": 123}).json()["droplet"]
    assert by_id["image"]["id"] == 123  # an image named by its id
    assert client.app.state.server.violations_seen == 0


TASKS = """
openapi: 3.0.0
info: {title: tasks, version: "1"}
paths:
  /tasks:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                data:
                  type: object
                  properties: {name: {type: string}, workspace: {type: string}}
      responses:
        "201":
          description: made
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    properties:
                      gid: {type: string}
                      name: {type: string}
                      workspace:
                        type: object
                        properties:
                          gid: {type: string, example: "1331"}
                          resource_type: {type: string, example: workspace}
                          name: {type: string, example: My Company Workspace}
"""


def test_an_id_the_request_names_a_thing_by_is_that_things_own_id_not_its_name(tmp_path):
    # Asana's `POST /tasks {"data": {"workspace": "12345"}}` answered the workspace `{"gid": "1331", "name": "12345"}`
    (tmp_path / "tasks.yaml").write_text(TASKS)
    client = user_spec_client(tmp_path)
    task = client.post("/tasks", json={"data": {"name": "Buy milk", "workspace": "12345"}}).json()["data"]
    assert task["name"] == "Buy milk"
    assert task["workspace"]["gid"] == "12345"
    assert task["workspace"]["name"] != "12345"
    assert client.app.state.server.violations_seen == 0
