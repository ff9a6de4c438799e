"""A record that holds another record as an object, named for its collection and holding its id, shows that record
as it is stored: Xero's invoice made with `"Contact": {"ContactID": …}` answered only that id, and made-up names
where it was generated, though the contact had a name. A frontend shows the invoice's contact by its name."""

from __future__ import annotations

from mock.spec.loading import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served

LEDGER = """
openapi: 3.0.3
info: {title: ledger, version: "1"}
paths:
  /Contacts:
    get:
      operationId: getContacts
      responses:
        "200": {description: all, content: {application/json: {schema: {$ref: "#/components/schemas/Contacts"}}}}
    post:
      operationId: createContact
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Contact"}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Contacts"}}}}
  /Contacts/{ContactID}:
    parameters: [{name: ContactID, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: getContact
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Contacts"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    post:
      operationId: updateContact
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Contact"}}}
      responses:
        "200": {description: done, content: {application/json: {schema: {$ref: "#/components/schemas/Contacts"}}}}
  /Invoices:
    get:
      operationId: getInvoices
      responses:
        "200": {description: all, content: {application/json: {schema: {$ref: "#/components/schemas/Invoices"}}}}
    post:
      operationId: createInvoice
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Invoice"}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Invoices"}}}}
  /Invoices/{InvoiceID}:
    parameters: [{name: InvoiceID, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: getInvoice
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Invoices"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    post:
      operationId: updateInvoice
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Invoice"}}}
      responses:
        "200": {description: done, content: {application/json: {schema: {$ref: "#/components/schemas/Invoices"}}}}
components:
  schemas:
    Contacts:
      type: object
      properties: {Contacts: {type: array, items: {$ref: "#/components/schemas/Contact"}}}
    Contact:
      type: object
      properties:
        ContactID: {type: string, format: uuid}
        Name: {type: string, maxLength: 255}
        EmailAddress: {type: string, maxLength: 255}
    Invoices:
      type: object
      properties: {Invoices: {type: array, items: {$ref: "#/components/schemas/Invoice"}}}
    Invoice:
      type: object
      properties:
        InvoiceID: {type: string, format: uuid}
        Reference: {type: string, maxLength: 40}
        Contact: {$ref: "#/components/schemas/Contact"}
    Error:
      type: object
      properties: {Message: {type: string}}
"""


def test_an_object_named_for_another_collection_holding_its_id_embeds_its_record(tmp_path):
    client = served(tmp_path, LEDGER)
    invoices = {r.name: r for r in explain_resources(load_apis(tmp_path)["spec"]).resources}["Invoices"]
    assert invoices.embeds == (("Contact", "Contacts"),)
    sent = {"Name": "Bruce Banner", "EmailAddress": "hulk@avengers.com"}
    (contact,) = client.post("/Contacts", json=sent).json()["Contacts"]
    made = client.post("/Invoices", json={"Reference": "Tires", "Contact": {"ContactID": contact["ContactID"]}})
    (invoice,) = made.json()["Invoices"]
    assert invoice["Contact"] == contact
    assert client.get(f"/Invoices/{invoice['InvoiceID']}").json()["Invoices"][0]["Contact"] == contact
    other = client.post("/Contacts", json={"Name": "Tony Stark"}).json()["Contacts"][0]
    changed = client.post(f"/Invoices/{invoice['InvoiceID']}", json={"Contact": {"ContactID": other["ContactID"]}})
    assert changed.json()["Invoices"][0]["Contact"] == other
    assert client.app.state.server.violations_seen == 0


def test_an_object_naming_no_stored_record_is_kept_as_sent(tmp_path):
    client = served(tmp_path, LEDGER)
    unknown = "6b79ac59-2c52-4463-8eff-5926a7c01031"
    made = client.post("/Invoices", json={"Reference": "Tires", "Contact": {"ContactID": unknown, "Name": "Ann"}})
    assert made.json()["Invoices"][0]["Contact"] == {"ContactID": unknown, "Name": "Ann"}
