"""A PUT whose body requires none of the record's fields changes the fields it sends and keeps the others.

Asana documents that "only the fields provided in the data block will be updated", and its PUT bodies require
nothing: taken as a replacement, `PUT /tasks/{gid} {"data": {"completed": true}}` wiped the task's name, notes and
due date, so "mark as done" in a UI erased the task. A PUT whose body requires fields (Petstore's `name` and
`photoUrls`) still replaces the record.
"""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

SPEC = """
openapi: 3.0.0
info: {title: tasks, version: "1"}
paths:
  /tasks:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Task"}}}}
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/Task"}}}}}
      responses:
        "201":
          description: made
          content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/Task"}}}}}
  /tasks/{task_gid}:
    parameters: [{name: task_gid, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/Task"}}}}}
        "404": {description: none}
    put:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/Task"}}}}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/Task"}}}}}
        "404": {description: none}
components:
  schemas:
    Task:
      type: object
      properties:
        gid: {type: string, readOnly: true}
        name: {type: string}
        notes: {type: string}
        completed: {type: boolean}
"""


def test_a_put_requiring_nothing_changes_only_what_it_sends(tmp_path):
    (tmp_path / "tasks.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    made = client.post("/tasks", json={"data": {"name": "Buy milk", "notes": "2 litres", "completed": False}})
    gid = made.json()["data"]["gid"]
    done = client.put(f"/tasks/{gid}", json={"data": {"completed": True}})
    assert done.status_code == 200
    assert done.json()["data"] == {**made.json()["data"], "completed": True}
    assert client.get(f"/tasks/{gid}").json() == done.json()


def test_a_put_requiring_fields_replaces_the_record(tmp_path):
    required = SPEC.replace(
        "    Task:\n      type: object\n", "    Task:\n      type: object\n      required: [name]\n"
    )
    (tmp_path / "tasks.yaml").write_text(required)
    client = user_spec_client(tmp_path)
    made = client.post("/tasks", json={"data": {"name": "Buy milk", "notes": "2 litres"}})
    gid = made.json()["data"]["gid"]
    replaced = client.put(f"/tasks/{gid}", json={"data": {"name": "Buy bread"}})
    assert replaced.json()["data"]["name"] == "Buy bread"
    assert replaced.json()["data"].get("notes") != "2 litres"
