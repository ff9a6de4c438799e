"""A collection whose create is a PUT answering 201 Created, and whose update is a POST on the item (Vikunja's
`PUT /labels`, `POST /labels/{id}`): the PUT was taken for a replace naming its record by the id in its body, so a
label made without one was a 404 (or 400), never listed or read back."""

from __future__ import annotations

from mock.spec.loading import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served

LABELS = """
swagger: "2.0"
info: {title: tasks, version: "1"}
basePath: /api/v1
consumes: [application/json]
produces: [application/json]
paths:
  /labels:
    get:
      operationId: getLabels
      parameters:
        - {name: page, in: query, type: integer}
        - {name: per_page, in: query, type: integer}
      responses:
        "200": {description: labels, schema: {type: array, items: {$ref: "#/definitions/Label"}}}
    put:
      operationId: putLabels
      summary: Create a label
      parameters: [{name: label, in: body, required: true, schema: {$ref: "#/definitions/Label"}}]
      responses:
        "201": {description: made, schema: {$ref: "#/definitions/Label"}}
        "400": {description: invalid, schema: {$ref: "#/definitions/Message"}}
  /labels/{id}:
    parameters: [{name: id, in: path, required: true, type: integer}]
    get:
      operationId: getLabel
      responses:
        "200": {description: one, schema: {$ref: "#/definitions/Label"}}
        "404": {description: none, schema: {$ref: "#/definitions/Message"}}
    post:
      operationId: postLabel
      parameters: [{name: label, in: body, required: true, schema: {$ref: "#/definitions/Label"}}]
      responses:
        "200": {description: changed, schema: {$ref: "#/definitions/Label"}}
        "404": {description: none, schema: {$ref: "#/definitions/Message"}}
    delete:
      operationId: deleteLabel
      responses:
        "200": {description: gone, schema: {$ref: "#/definitions/Message"}}
        "404": {description: none, schema: {$ref: "#/definitions/Message"}}
  /{kind}/{id}/reactions:
    parameters:
      - {name: kind, in: path, required: true, type: string}
      - {name: id, in: path, required: true, type: integer}
    get:
      operationId: getReactions
      responses:
        "200":
          description: who reacted how
          schema:
            type: array
            items: {type: object, additionalProperties: {type: array, items: {$ref: "#/definitions/User"}}}
    put:
      operationId: putReaction
      parameters: [{name: reaction, in: body, required: true, schema: {$ref: "#/definitions/Reaction"}}]
      responses:
        "201": {description: made, schema: {$ref: "#/definitions/Reaction"}}
definitions:
  Label:
    type: object
    properties:
      id: {type: integer}
      title: {type: string, minLength: 1, maxLength: 250}
      hex_color: {type: string, maxLength: 7}
      created: {type: string}
  User:
    type: object
    properties: {id: {type: integer}, username: {type: string}}
  Reaction:
    type: object
    properties:
      user: {$ref: "#/definitions/User"}
      value: {type: string, maxLength: 20}
  Message:
    type: object
    properties: {message: {type: string}}
"""


def test_a_put_that_answers_only_201_is_the_create_of_a_collection_without_a_post(tmp_path):
    (tmp_path / "tasks.yaml").write_text(LABELS)
    resources = {r.name: r for r in explain_resources(load_apis(tmp_path)["tasks"]).resources}
    labels = resources["labels"]
    assert labels.operations["create"] == ("putLabels",) and labels.operations["replace"] == ()
    assert labels.operations["update"] == ("postLabel",)
    # a 201 PUT that answers another thing than its list holds (one reaction, not the map of them) makes nothing
    assert "kind_reactions" not in resources and not any(
        "putReaction" in r.operations["create"] for r in resources.values()
    )


def test_a_label_made_by_put_is_read_listed_updated_by_post_and_deleted(tmp_path):
    client = served(tmp_path, LABELS)
    made = client.put("/api/v1/labels", json={"title": "urgent", "hex_color": "#ff0000"})
    assert made.status_code == 201, made.text
    label = made.json()
    assert (label["title"], label["hex_color"]) == ("urgent", "#ff0000") and isinstance(label["id"], int)
    assert client.get(f"/api/v1/labels/{label['id']}").json() == label
    assert label in client.get("/api/v1/labels", params={"per_page": 100}).json()
    changed = client.post(f"/api/v1/labels/{label['id']}", json={"title": "later"})
    assert changed.status_code == 200 and changed.json()["title"] == "later"
    assert client.get(f"/api/v1/labels/{label['id']}").json()["title"] == "later"
    assert client.delete(f"/api/v1/labels/{label['id']}").status_code == 200
    assert client.get(f"/api/v1/labels/{label['id']}").status_code == 404
    assert client.app.state.server.violations_seen == 0


# Xero's accounts: `PUT /Accounts` sends one account, whose id it does not require, and answers 200 with it alone in
# the collection's wrapper; `POST /Accounts/{AccountID}` changes one. There is no POST on the collection.
ACCOUNTS = """
openapi: 3.0.3
info: {title: ledger, version: "1"}
paths:
  /Accounts:
    get:
      operationId: getAccounts
      responses:
        "200": {description: all, content: {application/json: {schema: {$ref: "#/components/schemas/Accounts"}}}}
    put:
      operationId: createAccount
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Account"}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Accounts"}}}}
        "400": {description: invalid, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /Accounts/{AccountID}:
    parameters: [{name: AccountID, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: getAccount
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Accounts"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    post:
      operationId: updateAccount
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Accounts"}}}
      responses:
        "200": {description: changed, content: {application/json: {schema: {$ref: "#/components/schemas/Accounts"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  schemas:
    Accounts:
      type: object
      properties:
        Accounts: {type: array, items: {$ref: "#/components/schemas/Account"}}
    Account:
      type: object
      properties:
        AccountID: {type: string, format: uuid}
        Code: {type: string, maxLength: 10}
        Name: {type: string, maxLength: 150}
        Type: {type: string, enum: [BANK, REVENUE, EXPENSE]}
    Error:
      type: object
      properties: {Message: {type: string}}
"""


def test_a_put_of_one_record_without_its_id_is_the_create_of_a_collection_without_a_post(tmp_path):
    (tmp_path / "ledger.yaml").write_text(ACCOUNTS)
    accounts = {r.name: r for r in explain_resources(load_apis(tmp_path)["ledger"]).resources}["Accounts"]
    assert accounts.operations["create"] == ("createAccount",) and accounts.operations["replace"] == ()


def test_an_account_made_by_put_is_read_back_listed_and_updated(tmp_path):
    client = served(tmp_path, ACCOUNTS)
    made = client.put("/Accounts", json={"Code": "200", "Name": "Food Sales", "Type": "REVENUE"})
    assert made.status_code == 200, made.text
    (account,) = made.json()["Accounts"]
    assert (account["Code"], account["Name"], account["Type"]) == ("200", "Food Sales", "REVENUE")
    assert client.get(f"/Accounts/{account['AccountID']}").json()["Accounts"] == [account]
    assert account in client.get("/Accounts").json()["Accounts"]
    changed = client.post(f"/Accounts/{account['AccountID']}", json={"Accounts": [{"Name": "Sales"}]})
    assert changed.status_code == 200 and changed.json()["Accounts"][0]["Name"] == "Sales"
    assert client.get(f"/Accounts/{account['AccountID']}").json()["Accounts"][0]["Name"] == "Sales"
    assert client.app.state.server.violations_seen == 0


# Xero's batch payments: `PUT /BatchPayments {"BatchPayments": [...]}` makes them; `POST /BatchPayments
# {"BatchPaymentID": …, "Status": "DELETED"}` changes the one whose id its body requires, and makes none.
BATCH_PAYMENTS = """
openapi: 3.0.3
info: {title: ledger, version: "1"}
paths:
  /BatchPayments:
    get:
      operationId: getBatchPayments
      responses:
        "200": {description: all, content: {application/json: {schema: {$ref: "#/components/schemas/BatchPayments"}}}}
    put:
      operationId: createBatchPayment
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/BatchPayments"}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/BatchPayments"}}}}
    post:
      operationId: deleteBatchPayment
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/BatchPaymentDelete"}}}
      responses:
        "200": {description: done, content: {application/json: {schema: {$ref: "#/components/schemas/BatchPayments"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /BatchPayments/{BatchPaymentID}:
    parameters: [{name: BatchPaymentID, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: getBatchPayment
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/BatchPayments"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  schemas:
    BatchPayments:
      type: object
      properties:
        BatchPayments: {type: array, items: {$ref: "#/components/schemas/BatchPayment"}}
    BatchPayment:
      type: object
      properties:
        BatchPaymentID: {type: string, format: uuid}
        Reference: {type: string, maxLength: 12}
        Status: {type: string, enum: [AUTHORISED, DELETED]}
    BatchPaymentDelete:
      type: object
      required: [BatchPaymentID, Status]
      properties:
        BatchPaymentID: {type: string, format: uuid}
        Status: {type: string, default: DELETED}
    Error:
      type: object
      properties: {Message: {type: string}}
"""


def test_a_post_on_the_collection_that_requires_the_id_changes_what_the_put_made(tmp_path):
    client = served(tmp_path, BATCH_PAYMENTS)
    payments = {r.name: r for r in explain_resources(load_apis(tmp_path)["spec"]).resources}["BatchPayments"]
    assert payments.operations["create"] == ("createBatchPayment",)
    assert payments.operations["update"] == ("deleteBatchPayment",)
    made = client.put("/BatchPayments", json={"BatchPayments": [{"Reference": "rent", "Status": "AUTHORISED"}]})
    (payment,) = made.json()["BatchPayments"]
    count = len(client.get("/BatchPayments").json()["BatchPayments"])
    changed = client.post("/BatchPayments", json={"BatchPaymentID": payment["BatchPaymentID"], "Status": "DELETED"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["BatchPayments"][0]["BatchPaymentID"] == payment["BatchPaymentID"]
    read = client.get(f"/BatchPayments/{payment['BatchPaymentID']}").json()["BatchPayments"][0]
    assert (read["Reference"], read["Status"]) == ("rent", "DELETED")
    assert len(client.get("/BatchPayments").json()["BatchPayments"]) == count
    assert client.app.state.server.violations_seen == 0


EVENT_TYPES = """
openapi: 3.0.3
info: {title: webhooks, version: "1"}
paths:
  /event-type:
    post:
      operationId: createEventType
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/EventTypeIn"}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/EventType"}}}}
  /event-type/{name}:
    parameters: [{name: name, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getEventType
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/EventType"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    put:
      operationId: updateEventType
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/EventTypeUpdate"}}}
      responses:
        "200": {description: replaced, content: {application/json: {schema: {$ref: "#/components/schemas/EventType"}}}}
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/EventType"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
        default: {description: error, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    delete:
      operationId: deleteEventType
      responses:
        "204": {description: gone}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  schemas:
    EventTypeIn:
      type: object
      required: [name, description]
      properties: {name: {type: string}, description: {type: string}}
    EventTypeUpdate:
      type: object
      required: [description]
      properties: {description: {type: string}}
    EventType:
      type: object
      required: [name, description, createdAt]
      properties:
        name: {type: string}
        description: {type: string}
        createdAt: {type: string, format: date-time, readOnly: true}
    Error:
      type: object
      properties: {detail: {type: string}}
"""


def test_a_put_that_makes_its_record_answers_201_where_declared_and_200_once_it_is_there(tmp_path):
    # RFC 9110 §9.3.4 (Svix's `PUT /event-type/{name}` declares 200 and 201): a PUT that created says so
    client = served(tmp_path, EVENT_TYPES)
    made = client.put("/event-type/user.signup", json={"description": "a user signed up"})
    assert made.status_code == 201, made.text
    assert made.json()["name"] == "user.signup"
    replaced = client.put("/event-type/user.signup", json={"description": "signed up"})
    assert replaced.status_code == 200, replaced.text
    assert client.get("/event-type/user.signup").json()["description"] == "signed up"
    assert client.delete("/event-type/user.signup").status_code == 204
    assert client.get("/event-type/user.signup").status_code == 404
    again = client.put("/event-type/user.signup", json={"description": "back"})
    assert again.status_code == 201, again.text
    assert client.get("/event-type/user.signup").json()["description"] == "back"
    assert client.app.state.server.violations_seen == 0


def test_a_put_makes_no_record_under_a_name_holding_control_characters(tmp_path):
    # STACKIT's `PUT …/wafs/{name}` takes any string and declares `default`: the runner's malformed id
    # (`..%2F..%2F%00'"<>`) made a WAF whose name held a NUL
    client = served(tmp_path, EVENT_TYPES)
    refused = client.put("/event-type/..%2F..%2F%00'%22%3C%3E", json={"description": "odd"})
    assert refused.status_code == 400, refused.text
    assert client.get("/event-type/..%2F..%2F%00'%22%3C%3E").status_code == 404
    odd = client.put("/event-type/a%20b'%22%3C%3E", json={"description": "odd but a name"})
    assert odd.status_code == 201, odd.text
    assert client.app.state.server.violations_seen == 0
