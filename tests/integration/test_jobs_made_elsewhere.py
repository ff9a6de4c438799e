"""A job that another operation makes is a record its own read finds, and it moves on as the client polls it.

Meilisearch's writes answer a task (`202 {"taskUid": 147, "status": "enqueued", …}`) that its `GET /tasks/{taskUid}`
did not know: a client waiting for its index to be made polled a task of another index, in a state drawn afresh at
each poll. DigitalOcean's droplet actions answer `{"action": {…}}`, read at `/v2/actions/{action_id}`. A resource of
jobs that no client creates, whose status can wait and end, takes a record from every write that answers its key.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mock.spec import load_apis
from mock.spec.resources import infer_resources
from tests.integration.conftest import served

TASK_STATUS = "{type: string, enum: [enqueued, processing, succeeded, failed, canceled]}"
TASK_TYPE = "{type: string, enum: [indexCreation, indexDeletion, documentAdditionOrUpdate]}"

QUEUED = f"""
openapi: 3.1.0
info: {{title: Search, version: "1"}}
paths:
  /indexes:
    get:
      operationId: listIndexes
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [results, total]
                properties:
                  results: {{type: array, items: {{$ref: "#/components/schemas/Index"}}}}
                  total: {{type: integer}}
    post:
      operationId: createIndex
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [uid]
              properties: {{uid: {{type: string}}, primaryKey: {{type: [string, "null"]}}}}
      responses:
        "202": {{description: ok, content: {{application/json: {{schema: {{$ref: "#/components/schemas/Summary"}}}}}}}}
  /indexes/{{indexUid}}:
    parameters: [{{name: indexUid, in: path, required: true, schema: {{type: string}}}}]
    get:
      operationId: getIndex
      responses:
        "200": {{description: ok, content: {{application/json: {{schema: {{$ref: "#/components/schemas/Index"}}}}}}}}
        "404": {{description: missing}}
    delete:
      operationId: deleteIndex
      responses:
        "202": {{description: ok, content: {{application/json: {{schema: {{$ref: "#/components/schemas/Summary"}}}}}}}}
  /indexes/{{indexUid}}/documents:
    parameters: [{{name: indexUid, in: path, required: true, schema: {{type: string}}}}]
    post:
      operationId: addDocuments
      requestBody:
        required: true
        content: {{application/json: {{schema: {{type: array, items: {{type: object}}}}}}}}
      responses:
        "202": {{description: ok, content: {{application/json: {{schema: {{$ref: "#/components/schemas/Summary"}}}}}}}}
  /tasks:
    get:
      operationId: getTasks
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [results, total]
                properties:
                  results: {{type: array, items: {{$ref: "#/components/schemas/Task"}}}}
                  total: {{type: integer}}
  /tasks/{{taskUid}}:
    parameters: [{{name: taskUid, in: path, required: true, schema: {{type: integer, minimum: 0}}}}]
    get:
      operationId: getTask
      responses:
        "200": {{description: ok, content: {{application/json: {{schema: {{$ref: "#/components/schemas/Task"}}}}}}}}
        "404": {{description: missing}}
components:
  schemas:
    Index:
      type: object
      required: [uid, createdAt]
      properties:
        uid: {{type: string}}
        primaryKey: {{type: [string, "null"]}}
        createdAt: {{type: string, format: date-time}}
    Summary:
      type: object
      required: [taskUid, indexUid, status, type, enqueuedAt]
      properties:
        taskUid: {{type: integer, minimum: 0}}
        indexUid: {{type: [string, "null"]}}
        status: {TASK_STATUS}
        type: {TASK_TYPE}
        enqueuedAt: {{type: string, format: date-time}}
    Task:
      type: object
      required: [uid, indexUid, status, type, enqueuedAt]
      properties:
        uid: {{type: integer, minimum: 0}}
        indexUid: {{type: [string, "null"]}}
        status: {TASK_STATUS}
        type: {TASK_TYPE}
        enqueuedAt: {{type: string, format: date-time}}
        startedAt: {{type: [string, "null"], format: date-time}}
        finishedAt: {{type: [string, "null"], format: date-time}}
"""

ACTION = """
      type: object
      required: [id, status, type]
      properties:
        id: {type: integer}
        status: {type: string, enum: [in-progress, completed, errored]}
        type: {type: string}
        started_at: {type: string, format: date-time}
        completed_at: {type: [string, "null"], format: date-time}
        finished: {type: [string, "null"], format: date-time}
        progress: {type: integer, minimum: 0, maximum: 100}
        error: {type: [object, "null"], properties: {code: {type: string}}}
"""

ACTIONS = f"""
openapi: 3.1.0
info: {{title: Cloud, version: "1"}}
paths:
  /v2/actions:
    get:
      operationId: listActions
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {{actions: {{type: array, items: {{$ref: "#/components/schemas/Action"}}}}}}
  /v2/actions/{{action_id}}:
    parameters: [{{name: action_id, in: path, required: true, schema: {{type: integer}}}}]
    get:
      operationId: getAction
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{action: {{$ref: "#/components/schemas/Action"}}}}}}
        "404": {{description: missing}}
  /v2/actions/{{action_id}}/retry:
    parameters: [{{name: action_id, in: path, required: true, schema: {{type: integer}}}}]
    post:
      operationId: retryAction  # answers the action it retried, no new one
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{action: {{$ref: "#/components/schemas/Action"}}}}}}
  /v2/droplets/{{droplet_id}}/actions:
    parameters: [{{name: droplet_id, in: path, required: true, schema: {{type: integer}}}}]
    post:
      operationId: postDropletAction
      requestBody:
        required: true
        content:
          application/json:
            schema: {{type: object, required: [type], properties: {{type: {{type: string}}}}}}
      responses:
        "201":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{action: {{$ref: "#/components/schemas/Action"}}}}}}
  /v2/volumes/{{volume_id}}/actions:
    parameters: [{{name: volume_id, in: path, required: true, schema: {{type: integer}}}}]
    get:
      operationId: listVolumeActions
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {{actions: {{type: array, items: {{$ref: "#/components/schemas/Action"}}}}}}
  /v2/volumes/{{volume_id}}/actions/{{action_id}}:
    parameters:
      - {{name: volume_id, in: path, required: true, schema: {{type: integer}}}}
      - {{name: action_id, in: path, required: true, schema: {{type: integer}}}}
    get:
      operationId: getVolumeAction
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{action: {{$ref: "#/components/schemas/Action"}}}}}}
        "404": {{description: missing}}
  /v2/volumes/{{volume_id}}/actions/resize:
    parameters: [{{name: volume_id, in: path, required: true, schema: {{type: integer}}}}]
    post:
      operationId: resizeVolume
      responses:
        "201":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{action: {{$ref: "#/components/schemas/Action"}}}}}}
  /v2/images:
    get:
      operationId: listImages
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {{images: {{type: array, items: {{$ref: "#/components/schemas/Image"}}}}}}
    post:
      operationId: createImage
      requestBody:
        required: true
        content: {{application/json: {{schema: {{type: object, properties: {{name: {{type: string}}}}}}}}}}
      responses:
        "201":
          description: the image, and the action that builds it where there is one
          content:
            application/json:
              schema:
                type: object
                required: [image]
                properties:
                  image: {{$ref: "#/components/schemas/Image"}}
                  action: {{allOf: [{{$ref: "#/components/schemas/Action"}}], nullable: true}}
              example: {{image: {{id: 5, name: base}}}}
  /v2/images/{{image_id}}:
    parameters: [{{name: image_id, in: path, required: true, schema: {{type: integer}}}}]
    get:
      operationId: getImage
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{image: {{$ref: "#/components/schemas/Image"}}}}}}
        "404": {{description: missing}}
  /v2/snapshots:
    post:
      operationId: takeSnapshot
      responses:
        "201":
          description: a snapshot, which has every field an action has, and is none
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {{type: integer}}
                  status: {{type: string, enum: [in-progress, completed, errored]}}
                  type: {{type: string}}
                  started_at: {{type: string, format: date-time}}
                  completed_at: {{type: [string, "null"], format: date-time}}
                  size_gigabytes: {{type: number}}
  /v2/reports/{{report_id}}:
    parameters: [{{name: report_id, in: path, required: true, schema: {{type: integer}}}}]
    get:
      operationId: getReport
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{id: {{type: integer}}, action_id: {{type: integer}}}}}}
components:
  schemas:
    Image:
      type: object
      required: [id, name]
      properties: {{id: {{type: integer, readOnly: true}}, name: {{type: string}}}}
    Action:{ACTION}"""


def _resources(folder: Path, spec: str) -> dict[str, object]:
    (folder / "spec.yaml").write_text(spec)
    return {r.name: r for r in infer_resources(load_apis(folder)["spec"])}


def test_writes_answering_a_jobs_key_make_its_records(tmp_path: Path) -> None:
    tasks = _resources(tmp_path, QUEUED)["tasks"]
    assert tasks.spawned_by == {"createIndex": "taskUid", "deleteIndex": "taskUid", "addDocuments": "taskUid"}
    assert tasks.lifecycle is not None and tasks.lifecycle.path == ("enqueued", "processing", "succeeded")


def test_a_write_answering_the_job_whole_makes_it_and_a_read_never_does(tmp_path: Path) -> None:
    actions = _resources(tmp_path, ACTIONS)["actions"]
    expected = {"postDropletAction": "action.id", "resizeVolume": "action.id", "createImage": "action.id"}
    assert actions.spawned_by == expected  # not getReport,
    # which only names one, nor takeSnapshot, whose answer has an action's fields and more but is no action, nor
    # retryAction, at the action's own path
    # a volume's actions are made by the writes below a volume alone
    assert _resources(tmp_path, ACTIONS)["volume_actions"].spawned_by == {"resizeVolume": "action.id"}
    assert actions.lifecycle is not None and actions.lifecycle.path == ("in-progress", "completed")


def test_the_task_a_write_answers_is_read_back_and_polled_to_its_end(tmp_path: Path) -> None:
    client = served(tmp_path, QUEUED)
    made = client.post("/indexes", json={"uid": "movies"})
    assert made.status_code == 202
    summary = made.json()
    assert summary["status"] == "enqueued" and summary["indexUid"] == "movies"
    assert summary["enqueuedAt"].startswith(dt.datetime.now(dt.UTC).date().isoformat())  # it entered that state now
    polled = [client.get(f"/tasks/{summary['taskUid']}") for _ in range(3)]
    assert [p.status_code for p in polled] == [200, 200, 200]
    tasks = [p.json() for p in polled]
    assert [t["status"] for t in tasks] == ["processing", "succeeded", "succeeded"]
    assert {t["uid"] for t in tasks} == {summary["taskUid"]}
    assert {(t["indexUid"], t["type"], t["enqueuedAt"]) for t in tasks} == {
        ("movies", summary["type"], summary["enqueuedAt"])
    }
    assert tasks[0]["startedAt"] is not None and tasks[0]["finishedAt"] is None
    assert tasks[1]["finishedAt"] is not None

    added = client.post("/indexes/movies/documents", json=[{"id": 1, "title": "Carol"}]).json()
    assert added["taskUid"] > summary["taskUid"] and added["indexUid"] == "movies"
    assert client.get(f"/tasks/{added['taskUid']}").json()["indexUid"] == "movies"
    listed = {t["uid"]: t for t in client.get("/tasks").json()["results"]}
    assert {summary["taskUid"], added["taskUid"]} <= set(listed)
    assert listed[summary["taskUid"]]["status"] == "succeeded"
    assert client.app.state.server.violations_seen == 0


def test_a_job_answered_whole_is_read_back_with_what_the_answer_said(tmp_path: Path) -> None:
    client = served(tmp_path, ACTIONS)
    made = client.post("/v2/droplets/7/actions", json={"type": "reboot"})
    assert made.status_code == 201
    action = made.json()["action"]
    assert action["status"] == "in-progress" and action["type"] == "reboot"  # what the client asked for
    read = client.get(f"/v2/actions/{action['id']}").json()["action"]
    assert read["id"] == action["id"] and read["type"] == action["type"]
    assert read["started_at"] == action["started_at"] and action["completed_at"] is None
    assert read["status"] == "completed" and read["completed_at"] is not None  # it ended at that poll
    assert action["finished"] is None and read["finished"] is not None  # started and ended at one poll
    assert (action["progress"], action["error"], read["progress"], read["error"]) == (0, None, 100, None)
    assert client.get("/v2/actions/999999").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_a_job_kept_at_two_paths_is_one_job_under_one_key(tmp_path: Path) -> None:
    # Hetzner's `POST /servers/{id}/actions/poweroff` answers an action read at `/actions/{id}` and at
    # `/servers/{id}/actions/{action_id}`: each collection had drawn its own key, and the answer named one of them
    client = served(tmp_path, ACTIONS)
    for _ in range(3):  # jobs in `/v2/actions` alone: its keys count on past the volume's
        client.post("/v2/droplets/7/actions", json={"type": "reboot"})
    action = client.post("/v2/volumes/4/actions/resize").json()["action"]
    by_itself = client.get(f"/v2/actions/{action['id']}").json()["action"]
    under_its_volume = client.get(f"/v2/volumes/4/actions/{action['id']}").json()["action"]
    assert by_itself["id"] == under_its_volume["id"] == action["id"]
    assert by_itself["type"] == under_its_volume["type"] == action["type"]
    assert action["id"] in [a["id"] for a in client.get("/v2/volumes/4/actions").json()["actions"]]
    assert client.app.state.server.violations_seen == 0


OPERATIONS = """
openapi: 3.0.3
info: {title: Cloud, version: "1"}
paths:
  /instance:
    get:
      operationId: listInstances
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {instances: {type: array, items: {$ref: "#/components/schemas/instance"}}}
    post:
      operationId: createInstance
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/operation"}}}}
  /instance/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: getInstance
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/instance"}}}}
        "404": {description: missing}
  /instance/{id}:reboot:
    parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
    put:
      operationId: rebootInstance
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/operation"}}}}
  /operation/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: getOperation
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/operation"}}}}
        "404": {description: missing}
  /export/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: getExport
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/export"}}}}
components:
  schemas:
    instance:
      type: object
      properties:
        id: {type: string, format: uuid, readOnly: true}
        name: {type: string}
    export:
      type: object
      properties:
        id: {type: string, format: uuid}
        status: {type: string, enum: [queued, done], readOnly: true}
    operation:
      type: object
      properties:
        id: {type: string, format: uuid, readOnly: true}
        state: {type: string, enum: [pending, success, failure, timeout], readOnly: true}
        reference: {type: object, properties: {id: {type: string, format: uuid}}}
"""


def test_a_job_read_at_an_item_path_alone_is_kept_where_writes_make_it(tmp_path: Path) -> None:
    # Exoscale's every write answers an `operation`, read at `GET /operation/{id}`, a path of no list and no create
    resources = _resources(tmp_path, OPERATIONS)
    assert resources["operation"].spawned_by == {"createInstance": "id", "rebootInstance": "id"}
    assert "export" not in resources  # no write answers its key: left to the static mock
    client = served(tmp_path, OPERATIONS)
    operation = client.put("/instance/0b1a6e58-8b43-4c7b-9a9f-2a8c2a7c1a11:reboot").json()
    assert operation["state"] == "pending"
    assert client.get(f"/operation/{operation['id']}").json()["state"] == "success"
    assert client.get("/operation/00000000-0000-4000-8000-000000000000").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_an_answer_that_holds_no_job_makes_none(tmp_path: Path) -> None:
    # Hetzner's `POST /placement_groups` may answer an `action` beside the group, and its example has none: the
    # action's fields, placed into an answer with no room for them, left the group made unanswered (its example's)
    client = served(tmp_path, ACTIONS)
    listed = {a["id"] for a in client.get("/v2/actions").json()["actions"]}
    made = client.post("/v2/images", json={"name": "noble"})
    assert made.status_code == 201
    image = made.json()["image"]
    assert image["name"] == "noble" and made.json().get("action") is None
    assert client.get(f"/v2/images/{image['id']}").json()["image"]["name"] == "noble"
    assert {a["id"] for a in client.get("/v2/actions").json()["actions"]} == listed  # no action made
    assert client.app.state.server.violations_seen == 0


def test_a_create_that_answers_its_job_is_answered_by_the_job_that_names_what_it_made(tmp_path: Path) -> None:
    # Exoscale's `POST /instance` answers the `operation` that makes the instance, whose `reference.id` names it: the
    # instance had been taken to be that answer, and took the operation's id
    resources = _resources(tmp_path, OPERATIONS)
    assert "createInstance" not in resources["instance"].record_paths
    assert resources["instance"].create_id_path == "reference.id"  # where a client (and the runner's links) find it
    client = served(tmp_path, OPERATIONS)
    operation = client.post("/instance", json={"name": "web1"}).json()
    made = client.get(f"/instance/{operation['reference']['id']}")
    assert made.status_code == 200 and made.json()["name"] == "web1"
    assert made.json()["id"] != operation["id"]
    polled = client.get(f"/operation/{operation['id']}").json()
    assert polled["state"] == "success" and polled["reference"]["id"] == made.json()["id"]
    assert client.app.state.server.violations_seen == 0


def test_a_waiting_job_has_not_started_and_one_working_from_the_start_has(tmp_path: Path) -> None:
    # Meilisearch's task, made `enqueued`, held a `startedAt` drawn at random months away; DigitalOcean's action,
    # made `in-progress`, had started when it was made, and its `started_at` must not move when it completes
    waiting = 'startedAt: {type: [string, "null"], format: date-time}'
    assert waiting in QUEUED
    spec = QUEUED.replace(waiting, "startedAt: {type: string, format: date-time}")  # no null: absent till it starts
    client = served(tmp_path, spec)
    task = client.post("/indexes", json={"uid": "movies"}).json()
    made = client.get("/tasks", params={"limit": 100}).json()["results"]
    assert "startedAt" not in next(t for t in made if t["uid"] == task["taskUid"])  # not started: absent
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert client.get(f"/tasks/{task['taskUid']}").json()["startedAt"].startswith(today)

    client = served(tmp_path, ACTIONS)
    action = client.post("/v2/droplets/7/actions", json={"type": "reboot"}).json()["action"]
    assert action["started_at"].startswith(today)
    assert client.get(f"/v2/actions/{action['id']}").json()["action"]["started_at"] == action["started_at"]
    assert client.app.state.server.violations_seen == 0
