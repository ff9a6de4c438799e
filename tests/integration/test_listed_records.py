"""Records always answered and sent in a list named for the collection, one or several at a time: Xero's
`GET /Invoices/{InvoiceID}` answers `{"Invoices": [invoice]}`, and `PUT`/`POST /Invoices` take and answer
`{"Invoices": [invoice, …]}`. None of it was a collection ("the create answer holds neither the record nor its id"):
an invoice made was never listed or read back, and each read answered another, made-up invoice."""

from __future__ import annotations

from mock.spec import load_apis
from mock.spec.resources import infer_resources
from tests.integration.conftest import served

LEDGER = """
openapi: 3.0.3
info: {title: ledger, version: "1"}
paths:
  /Invoices:
    get:
      operationId: getInvoices
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Invoices'}}}}
    put:
      operationId: createInvoices
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Invoices'}}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Invoices'}}}}
        "400": {description: bad}
    post:
      operationId: updateOrCreateInvoices
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Invoices'}}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Invoices'}}}}
        "400": {description: bad}
  /Invoices/{InvoiceID}:
    parameters: [{name: InvoiceID, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: getInvoice
      responses:
        "200": {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Invoices'}}}}
        "404": {description: none}
    post:
      operationId: updateInvoice
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Invoices'}}}}
      responses:
        "200": {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Invoices'}}}}
        "400": {description: bad}
        "404": {description: none}
components:
  schemas:
    Invoices:
      type: object
      properties:
        Warnings: {type: array, items: {type: object, properties: {Message: {type: string}}}}
        Invoices: {type: array, items: {$ref: '#/components/schemas/Invoice'}}
    Invoice:
      type: object
      properties:
        InvoiceID: {type: string, format: uuid}
        Reference: {type: string}
        Total: {type: number}
        Status: {type: string, enum: [DRAFT, SUBMITTED, AUTHORISED, PAID]}
"""


def test_records_held_in_a_list_named_for_the_collection_are_inferred(tmp_path):
    (tmp_path / "ledger.yaml").write_text(LEDGER)
    [invoices] = infer_resources(load_apis(tmp_path)["ledger"])
    assert invoices.id_field == "InvoiceID"
    assert sorted(dict(invoices.operations)["create"]) == ["createInvoices", "updateOrCreateInvoices"]
    assert invoices.record_paths["getInvoice"] == "Invoices.0"
    assert invoices.record_paths["createInvoices"] == "Invoices.0"


def test_a_record_made_in_a_list_is_answered_alone_in_it_and_read_back(tmp_path):
    client = served(tmp_path, LEDGER)
    made = client.put("/Invoices", json={"Invoices": [{"Reference": "INV-1", "Total": 5, "Status": "DRAFT"}]})
    assert made.status_code == 200, made.text
    [invoice] = made.json()["Invoices"]
    assert (invoice["Reference"], invoice["Total"], invoice["Status"]) == ("INV-1", 5, "DRAFT")
    read = client.get(f"/Invoices/{invoice['InvoiceID']}").json()
    assert read["Invoices"] == [invoice]
    assert invoice in client.get("/Invoices").json()["Invoices"]
    changed = client.post(f"/Invoices/{invoice['InvoiceID']}", json={"Invoices": [{"Reference": "INV-1b"}]}).json()
    assert [i["Reference"] for i in changed["Invoices"]] == ["INV-1b"]
    assert client.get(f"/Invoices/{invoice['InvoiceID']}").json()["Invoices"][0]["Reference"] == "INV-1b"
    assert client.app.state.server.violations_seen == 0


def test_several_records_sent_in_one_list_are_each_made(tmp_path):
    client = served(tmp_path, LEDGER)
    sent = [{"Reference": f"B-{n}", "Total": n} for n in (1, 2, 3)]
    made = client.post("/Invoices", json={"Invoices": sent}).json()["Invoices"]
    assert [(i["Reference"], i["Total"]) for i in made] == [(s["Reference"], s["Total"]) for s in sent]
    assert len({i["InvoiceID"] for i in made}) == 3
    for invoice in made:
        assert client.get(f"/Invoices/{invoice['InvoiceID']}").json()["Invoices"] == [invoice]
    listed = {i["InvoiceID"] for i in client.get("/Invoices").json()["Invoices"]}
    assert {i["InvoiceID"] for i in made} <= listed
    assert client.app.state.server.violations_seen == 0


def test_a_create_naming_a_uuid_already_held_writes_that_record(tmp_path):
    # Xero's own example `PUT /Invoices` carries an `InvoiceID`, the one its examples seed: "A Invoice with InvoiceID
    # … already exists" (400) refused it. A uuid is drawn, not a name a client picks (a slug, a username), so a
    # create naming one held is an update-or-create of it, as Xero's `POST /Invoices` is named
    client = served(tmp_path, LEDGER)
    [made] = client.put("/Invoices", json={"Invoices": [{"Reference": "INV-1"}]}).json()["Invoices"]
    again = client.put("/Invoices", json={"Invoices": [{"InvoiceID": made["InvoiceID"], "Reference": "INV-2"}]})
    assert again.status_code == 200, again.text
    assert client.get(f"/Invoices/{made['InvoiceID']}").json()["Invoices"][0]["Reference"] == "INV-2"
    assert client.app.state.server.violations_seen == 0


COMPANIES = """
openapi: 3.0.3
info: {title: crm, version: "1"}
paths:
  /companies:
    get:
      operationId: listCompanies
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Company'}}}}
    post:
      operationId: createOrUpdateCompany
      summary: Create or Update a company
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {company_id: {type: string}, name: {type: string}}
      responses:
        "200": {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Company'}}}}
        "400": {description: bad}
  /companies/{company_id}:
    parameters: [{name: company_id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getCompany
      responses:
        "200": {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Company'}}}}
        "404": {description: none}
components:
  schemas:
    Company:
      type: object
      properties: {company_id: {type: string}, name: {type: string}}
"""


def test_a_create_or_update_of_a_key_held_updates_it(tmp_path):
    # Intercom's `POST /companies` ("Create or Update a company") of its own example's `company_id`, which its
    # examples seed, was refused "A company with company_id … already exists"
    client = served(tmp_path, COMPANIES)
    assert client.post("/companies", json={"company_id": "acme", "name": "Acme"}).status_code == 200
    again = client.post("/companies", json={"company_id": "acme", "name": "Acme Inc"})
    assert again.status_code == 200, again.text
    assert client.get("/companies/acme").json()["name"] == "Acme Inc"
    assert [c["company_id"] for c in client.get("/companies").json()["data"]].count("acme") == 1
    assert client.app.state.server.violations_seen == 0
