"""A record made at `<collection>/submit`, answered in summary, cancelled by `POST …/cancel`: ElevenLabs' batch calls
(`POST /v1/convai/batch-calling/submit`, read at `/v1/convai/batch-calling/{batch_id}` with the `recipients` its
summary leaves out) were left to the static mock, where a batch cancelled was read back pending."""

from __future__ import annotations

from mock.spec.loading import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served

BATCHES = """
openapi: 3.1.0
info: {title: calls, version: "1"}
paths:
  /calls/batches/submit:
    post:
      operationId: submitBatch
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name, recipients]
              properties:
                name: {type: string}
                recipients: {type: array, items: {type: object, required: [phone], properties: {phone: {type: string}}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Batch"}}}}
  /calls/batches/{batch_id}:
    get:
      operationId: getBatch
      parameters: [{name: batch_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/BatchDetailed"}}}}
  /calls/batches/{batch_id}/cancel:
    post:
      operationId: cancelBatch
      parameters: [{name: batch_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: cancelled, content: {application/json: {schema: {$ref: "#/components/schemas/Batch"}}}}
components:
  schemas:
    Batch:
      type: object
      required: [id, name, status]
      properties:
        id: {type: string}
        name: {type: string}
        status: {type: string, enum: [pending, in_progress, completed, failed, cancelled]}
    BatchDetailed:
      type: object
      required: [id, name, status, recipients]
      properties:
        id: {type: string}
        name: {type: string}
        status: {type: string, enum: [pending, in_progress, completed, failed, cancelled]}
        recipients: {type: array, items: {type: object, required: [phone], properties: {phone: {type: string}}}}
"""


def test_a_record_made_at_a_verb_and_answered_in_summary_is_a_collections(tmp_path):
    (tmp_path / "calls.yaml").write_text(BATCHES)
    (batches,) = explain_resources(load_apis(tmp_path)["calls"]).resources
    # `submit` makes one (its `recipients`, a list the record holds, make it no batch of records); the cancel answers
    # the record but the `recipients` list: its summary, an action on it, which cancels it
    assert batches.operations["create"] == ("submitBatch",)
    assert batches.operations["action"] == ("cancelBatch",)
    assert batches.cancellation is not None and batches.cancellation.value == "cancelled"


def test_a_batch_made_is_read_back_whole_and_a_cancel_keeps_it_cancelled(tmp_path):
    client = served(tmp_path, BATCHES)
    made = client.post("/calls/batches/submit", json={"name": "spring", "recipients": [{"phone": "+15550001"}]})
    assert made.status_code == 200 and made.json()["status"] == "pending"
    batch_id = made.json()["id"]
    read = client.get(f"/calls/batches/{batch_id}").json()
    assert read["id"] == batch_id and read["recipients"] == [{"phone": "+15550001"}]
    cancelled = client.post(f"/calls/batches/{batch_id}/cancel").json()
    assert (cancelled["id"], cancelled["status"]) == (batch_id, "cancelled")
    # polls leave a cancelled batch where it ended
    assert [client.get(f"/calls/batches/{batch_id}").json()["status"] for _ in range(3)] == ["cancelled"] * 3
    assert client.app.state.server.violations_seen == 0


def test_a_cancel_at_a_path_key_that_fixes_a_query_cancels_as_its_plain_path_does(tmp_path):
    # OpenAI's `POST /responses/{response_id}/cancel?beta=true` beside its plain cancel: its last word was read with
    # the query (`cancel?beta=true`), and it left the response as it was
    beta = BATCHES.replace(
        "  /calls/batches/{batch_id}/cancel:\n",
        "  /calls/batches/{batch_id}/cancel?beta=true:\n"
        "    post:\n"
        "      operationId: cancelBatchBeta\n"
        "      parameters: [{name: batch_id, in: path, required: true, schema: {type: string}}]\n"
        "      responses:\n"
        '        "200":\n'
        "          description: cancelled\n"
        '          content: {application/json: {schema: {$ref: "#/components/schemas/Batch"}}}\n'
        "  /calls/batches/{batch_id}/cancel:\n",
    )
    client = served(tmp_path, beta)
    made = client.post("/calls/batches/submit", json={"name": "spring", "recipients": [{"phone": "+15550001"}]})
    batch_id = made.json()["id"]
    cancelled = client.post(f"/calls/batches/{batch_id}/cancel", params={"beta": "true"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.get(f"/calls/batches/{batch_id}").json()["status"] == "cancelled"
    assert client.app.state.server.violations_seen == 0
