"""A DELETE that answers the record whole, of a record whose status can say it was cancelled, cancels it: Mollie's
`DELETE /v2/customers/{customerId}/subscriptions/{subscriptionId}` and Stripe's `DELETE /v1/subscriptions/{id}`
answer the subscription `canceled`, and it is still read and listed after. The mock deleted it: a read after was a
404, which the contract runner (rightly) called a resource gone while live."""

from __future__ import annotations

from mock.spec.loading import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served

SUBSCRIPTIONS = """
openapi: 3.1.0
info: {title: billing, version: "1"}
paths:
  /subscriptions:
    get:
      operationId: listSubscriptions
      responses:
        "200":
          description: all
          content:
            application/json:
              schema:
                type: object
                properties: {data: {type: array, items: {$ref: "#/components/schemas/Subscription"}}}
    post:
      operationId: createSubscription
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [description]
              properties: {description: {type: string, maxLength: 40}, interval: {type: string, maxLength: 20}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Subscription"}}}}
  /subscriptions/{subscriptionId}:
    parameters: [{name: subscriptionId, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getSubscription
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Subscription"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    delete:
      operationId: cancelSubscription
      responses:
        "200": {description: gone, content: {application/json: {schema: {$ref: "#/components/schemas/Subscription"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /payouts:
    post:
      operationId: createPayout
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {description: {type: string, maxLength: 40}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Payout"}}}}
  /payouts/{payoutId}:
    parameters: [{name: payoutId, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getPayout
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Payout"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    delete:
      operationId: cancelPayout
      responses:
        "200": {description: gone, content: {application/json: {schema: {$ref: "#/components/schemas/Payout"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
        "409": {description: ended, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /notes:
    get:
      operationId: listNotes
      responses:
        "200":
          description: all
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Note"}}}}
    post:
      operationId: createNote
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
  /notes/{noteId}:
    parameters: [{name: noteId, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getNote
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    delete:
      operationId: deleteNote
      responses:
        "200": {description: gone, content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  schemas:
    Subscription:
      type: object
      required: [id, status, description]
      properties:
        id: {type: string, readOnly: true}
        status: {type: string, enum: [pending, active, canceled, suspended, completed], readOnly: true}
        description: {type: string, maxLength: 40}
        interval: {type: string, maxLength: 20}
        createdAt: {type: string, format: date-time, readOnly: true}
        canceledAt: {type: [string, "null"], format: date-time, readOnly: true}
    Payout:
      type: object
      properties:
        id: {type: string, readOnly: true}
        status: {type: string, enum: [requested, completed, canceled, failed], readOnly: true}
        description: {type: string, maxLength: 40}
    Note:
      type: object
      properties:
        id: {type: string, readOnly: true}
        text: {type: string, maxLength: 40}
        state: {type: string, enum: [draft, published]}
    Error:
      type: object
      properties: {detail: {type: string}}
"""


def test_a_delete_answering_a_record_whose_status_can_be_cancelled_cancels_it(tmp_path):
    client = served(tmp_path, SUBSCRIPTIONS)
    resources = {r.name: r for r in explain_resources(load_apis(tmp_path)["spec"]).resources}
    assert resources["subscriptions"].cancellation.value == "canceled"
    assert resources["notes"].cancellation is None  # no state says cancelled: its DELETE deletes
    made = client.post("/subscriptions", json={"description": "Gym", "interval": "1 month"}).json()
    assert made["status"] != "canceled" and made["canceledAt"] is None
    cancelled = client.delete(f"/subscriptions/{made['id']}")
    assert cancelled.status_code == 200, cancelled.text
    body = cancelled.json()
    assert (body["id"], body["description"], body["status"]) == (made["id"], "Gym", "canceled")
    assert isinstance(body["canceledAt"], str) and body["createdAt"] == made["createdAt"]
    assert client.get(f"/subscriptions/{made['id']}").json() == body
    assert body in client.get("/subscriptions").json()["data"]
    assert client.delete(f"/subscriptions/{made['id']}").json()["status"] == "canceled"
    assert client.app.state.server.violations_seen == 0


def test_a_delete_of_a_record_without_a_cancelled_state_still_deletes_it(tmp_path):
    client = served(tmp_path, SUBSCRIPTIONS)
    note = client.post("/notes", json={"text": "hi", "state": "draft"}).json()
    assert client.delete(f"/notes/{note['id']}").status_code == 200
    assert client.get(f"/notes/{note['id']}").status_code == 404


def test_a_cancel_of_an_ended_record_is_refused_where_the_spec_says_so_else_changes_nothing(tmp_path):
    # a second cancel: Mollie's payout cancel declares 409; its subscription cancel declares no refusal but 404
    client = served(tmp_path, SUBSCRIPTIONS)
    payout = client.post("/payouts", json={"description": "rent"}).json()
    assert client.delete(f"/payouts/{payout['id']}").json()["status"] == "canceled"
    again = client.delete(f"/payouts/{payout['id']}")
    assert again.status_code == 409, again.text
    assert client.get(f"/payouts/{payout['id']}").json()["status"] == "canceled"
    subscription = client.post("/subscriptions", json={"description": "Gym"}).json()
    first = client.delete(f"/subscriptions/{subscription['id']}").json()
    second = client.delete(f"/subscriptions/{subscription['id']}")
    assert second.status_code == 200 and second.json() == first  # as it is: its moment of cancelling kept
    assert client.app.state.server.violations_seen == 0
