"""A `POST <collection>/batch` (or `/bulk`) whose body is a list of records makes each as the collection's own create
would, in order, and answers them where its answer lists them: Resend's `POST /emails/batch` answers
`{"data": [{"id": …}, …]}`, Clerk's `POST /invitations/bulk` a bare list of invitations. Before, the batch answered
made-up ids that no read found, and the list never showed what was sent."""

from __future__ import annotations

from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: mail, version: "1"}
paths:
  /emails:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Email"}}}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Send"}}}}
      responses:
        "200":
          description: sent
          content: {application/json: {schema: {type: object, required: [id], properties: {id: {type: string}}}}}
  /emails/batch:
    post:
      requestBody:
        required: true
        content:
          application/json: {schema: {type: array, maxItems: 100, items: {$ref: "#/components/schemas/Send"}}}
      responses:
        "200":
          description: sent
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: object, required: [id], properties: {id: {type: string}}}}
  /emails/{email_id}:
    parameters: [{name: email_id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Email"}}}}
        "404": {description: none}
  /invitations:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Invitation"}}}}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [email_address], properties: {email_address: {type: string}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Invitation"}}}}
  /invitations/bulk:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: array
              items: {type: object, required: [email_address], properties: {email_address: {type: string}}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Invitation"}}}}
components:
  schemas:
    Send:
      type: object
      required: [to, subject]
      properties: {to: {type: string}, subject: {type: string}}
    Email:
      type: object
      required: [id, to, subject]
      properties: {id: {type: string}, to: {type: string}, subject: {type: string}}
    Invitation:
      type: object
      required: [id, email_address, status]
      properties:
        id: {type: string}
        email_address: {type: string}
        status: {type: string, enum: [pending, accepted]}
"""


def test_a_batch_makes_each_record_it_lists(tmp_path):
    client = served(tmp_path, SPEC)
    batch = [{"to": "a@x.io", "subject": "One"}, {"to": "b@x.io", "subject": "Two"}, {"to": "c@x.io", "subject": "3"}]
    answered = client.post("/emails/batch", json=batch)
    assert answered.status_code == 200, answered.text
    ids = [item["id"] for item in answered.json()["data"]]
    assert len(ids) == 3 and len(set(ids)) == 3
    for email_id, sent in zip(ids, batch, strict=True):
        assert client.get(f"/emails/{email_id}").json() == {"id": email_id, **sent}
    listed = {item["id"]: item["subject"] for item in client.get("/emails").json()["data"]}
    assert [listed.get(email_id) for email_id in ids] == ["One", "Two", "3"]
    assert client.app.state.server.violations_seen == 0


def test_a_bulk_create_answering_a_bare_list_answers_the_records_it_made(tmp_path):
    client = served(tmp_path, SPEC)
    answered = client.post("/invitations/bulk", json=[{"email_address": "a@x.io"}, {"email_address": "b@x.io"}])
    assert answered.status_code == 200, answered.text
    made = answered.json()
    assert [item["email_address"] for item in made] == ["a@x.io", "b@x.io"]
    listed = {item["id"]: item["email_address"] for item in client.get("/invitations").json()}
    assert all(listed.get(item["id"]) == item["email_address"] for item in made)
    assert client.app.state.server.violations_seen == 0


WRAPPED = """
openapi: 3.0.3
info: {title: desk, version: "1"}
paths:
  /v2/tickets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {results: {type: array, items: {$ref: "#/components/schemas/Ticket"}}}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/NewTicket"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Ticket"}}}}
  /v2/tickets/{ticketId}:
    get:
      parameters: [{name: ticketId, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Ticket"}}}}
        "404": {description: none}
  /v2/tickets/batch/create:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [items]
              properties:
                items: {type: array, items: {$ref: "#/components/schemas/NewTicket"}}
                notify: {type: boolean}
      responses:
        "201":
          description: made
          content:
            application/json:
              schema:
                type: object
                required: [status, results]
                properties:
                  status: {type: string, enum: [COMPLETE]}
                  results: {type: array, items: {$ref: "#/components/schemas/Ticket"}}
components:
  schemas:
    NewTicket:
      type: object
      required: [subject]
      properties: {subject: {type: string}, priority: {type: string, enum: [low, high]}}
    Ticket:
      type: object
      required: [id, subject]
      properties:
        id: {type: string, readOnly: true}
        subject: {type: string}
        priority: {type: string, enum: [low, high]}
"""


def test_a_batch_whose_body_holds_the_list_makes_each_record_it_lists(tmp_path):
    client = served(tmp_path, WRAPPED)
    sent = [{"subject": "Printer on fire", "priority": "high"}, {"subject": "Password reset"}]
    made = client.post("/v2/tickets/batch/create", json={"items": sent, "notify": False})
    assert made.status_code == 201, made.text
    results = made.json()["results"]
    assert [r["subject"] for r in results] == ["Printer on fire", "Password reset"]
    assert len({r["id"] for r in results}) == 2
    for ticket in results:
        assert client.get(f"/v2/tickets/{ticket['id']}").json() == ticket
    listed = {t["id"] for t in client.get("/v2/tickets").json()["results"]}
    assert {r["id"] for r in results} <= listed
    alone = client.post("/v2/tickets/batch/create", json={"items": [{"subject": "One more"}]}).json()["results"]
    assert [r["subject"] for r in alone] == ["One more"] and alone[0]["id"] in {
        t["id"] for t in client.get("/v2/tickets").json()["results"]
    }
    assert client.app.state.server.violations_seen == 0
