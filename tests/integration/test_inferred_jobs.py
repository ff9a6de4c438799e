"""A job of the user's own spec moves on as the client polls it.

Radarr's `POST /command` answered `queued` and every poll after said `queued` still: a UI's spinner never ended.
A record named as jobs are (a command, an export) or whose status only the server sets, with a status enum holding
a waiting state and a successful end, is made waiting and takes one state further at each read of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mock.spec import load_apis
from mock.spec.resources import infer_resources
from tests.integration.conftest import served

COMMANDS = """
openapi: 3.0.3
info: {title: Commands, version: "1"}
paths:
  /command:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Command"}}}}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Command"}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Command"}}}}
  /command/{command_id}:
    parameters: [{name: command_id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Command"}}}}
  /command/{command_id}/cancel:
    parameters: [{name: command_id, in: path, required: true, schema: {type: integer}}]
    post:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Command"}}}}
  /todo:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Todo"}}}}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Todo"}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Todo"}}}}
  /todo/{todo_id}:
    parameters: [{name: todo_id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Todo"}}}}
  /todo/{todo_id}/archive:
    parameters: [{name: todo_id, in: path, required: true, schema: {type: integer}}]
    post:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Todo"}}}}
components:
  schemas:
    Command:  # one schema in and out (Swashbuckle's): the status is not marked readOnly
      type: object
      properties:
        id: {type: integer}
        name: {type: string}
        status: {type: string, enum: [queued, started, completed, failed, aborted, cancelled]}
        started: {type: string, format: date-time, nullable: true}
        ended: {type: string, format: date-time, nullable: true}
    Todo:  # a client's own state, not a job's
      type: object
      properties:
        id: {type: integer}
        title: {type: string}
        status: {type: string, enum: [pending, done]}
"""


def test_a_job_is_made_waiting_and_moves_on_one_state_a_poll(tmp_path: Path) -> None:
    client = served(tmp_path, COMMANDS)
    made = client.post("/command", json={"name": "RefreshMovie", "status": "completed"}).json()
    assert made["status"] == "queued" and made["started"] is None and made["ended"] is None
    polled = [client.get(f"/command/{made['id']}").json() for _ in range(4)]
    assert [p["status"] for p in polled] == ["started", "completed", "completed", "completed"]
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert polled[0]["started"].startswith(today) and polled[0]["ended"] is None
    assert polled[1]["ended"].startswith(today) and polled[1]["started"] == polled[0]["started"]
    assert client.get("/command").json()[0]["status"] == "completed"  # the list shows it as last polled
    assert client.app.state.server.violations_seen == 0


def test_a_record_whose_status_the_client_sets_is_no_job(tmp_path: Path) -> None:
    client = served(tmp_path, COMMANDS)
    todo = client.post("/todo", json={"title": "milk", "status": "pending"}).json()
    assert [client.get(f"/todo/{todo['id']}").json()["status"] for _ in range(3)] == ["pending"] * 3
    (tmp_path / "spec.yaml").write_text(COMMANDS)
    resources = {r.name: r for r in infer_resources(load_apis(tmp_path)["spec"])}
    assert resources["todo"].lifecycle is None
    lifecycle = resources["command"].lifecycle
    assert lifecycle is not None and lifecycle.path == ("queued", "started", "completed")


def test_a_job_nobody_made_has_finished_and_says_so_at_every_poll(tmp_path: Path) -> None:
    """Radarr's `GET /command/{id}` of an id never made drew its status afresh at each poll: `started`, then
    `queued`, a job moving backwards."""
    client = served(tmp_path, COMMANDS)
    for job in (99999, 12345, 777, 31337, 4242):
        for headers in ({}, {"x-poll": "2"}, {"accept": "application/json"}):
            assert client.get(f"/command/{job}", headers=headers).json()["status"] == "completed"
        # nor does an action on it draw another state (Replicate's cancel of a prediction it never made: `canceled`),
        # and it answers the job it names (OpenAI's cancel of a batch it never made answered a batch of another id)
        cancelled = client.post(f"/command/{job}/cancel").json()
        assert (cancelled["id"], cancelled["status"]) == (job, "completed")
        assert client.post(f"/todo/{job}/archive").json()["id"] == job  # any record's action, a job's or not
    assert client.app.state.server.violations_seen == 0


def test_a_job_made_with_an_id_the_client_sent_is_a_new_job(tmp_path: Path) -> None:
    """Radarr's contract run posted `{"id": 500, …}` twice to `/command`: the second replaced the first, and a
    finished job went back to `queued`. A job's id is the server's, whatever schema the request shares."""
    client = served(tmp_path, COMMANDS)
    first = client.post("/command", json={"id": 500, "name": "RssSync"}).json()
    for _ in range(3):
        client.get(f"/command/{first['id']}")
    second = client.post("/command", json={"id": first["id"], "name": "RssSync"}).json()
    assert second["id"] != first["id"]
    assert client.get(f"/command/{first['id']}").json()["status"] == "completed"


def test_enqueued_is_a_waiting_state(tmp_path: Path) -> None:
    # Meilisearch's and Sidekiq's word: `enqueued → processing → succeeded`; a job whose first state it is was no job
    (tmp_path / "spec.yaml").write_text(COMMANDS.replace("[queued, started,", "[enqueued, processing,"))
    lifecycle = {r.name: r for r in infer_resources(load_apis(tmp_path)["spec"])}["command"].lifecycle
    assert lifecycle is not None and lifecycle.path == ("enqueued", "processing", "completed")


def test_a_record_whose_schema_is_titled_a_job_is_one_whatever_its_collection_is_called(tmp_path: Path) -> None:
    """OpenAI's `/videos` hold records titled "Video job" (queued → in_progress → completed): every poll of a made
    video said `queued`, the status the create left it in. A schema's title names what its records are."""
    clips = COMMANDS.replace("/command", "/clip")
    untitled = tmp_path / "untitled"
    untitled.mkdir()
    (untitled / "spec.yaml").write_text(clips)
    assert {r.name: r for r in infer_resources(load_apis(untitled)["spec"])}["clip"].lifecycle is None
    titled = clips.replace("    Command:  #", "    Command:\n      title: Clip render job\n      #")
    expiring = "        expires_at: {type: string, format: date-time}\n    Todo:"
    client = served(tmp_path, titled.replace("    Todo:", expiring, 1))
    made = client.post("/clip", json={"name": "intro"}).json()
    assert made["status"] == "queued"
    # nor has it expired before it was made (the video's `expires_at` lay three months back)
    assert made["expires_at"] > dt.datetime.now(dt.UTC).isoformat()
    polled = [client.get(f"/clip/{made['id']}").json()["status"] for _ in range(3)]
    assert polled == ["started", "completed", "completed"]
    assert client.app.state.server.violations_seen == 0
