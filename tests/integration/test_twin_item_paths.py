"""Two item paths of one shape under a collection, each naming the record by another key: Xero's
`/Contacts/{ContactNumber}` (declared first) and `/Contacts/{ContactID}`. The first was taken as the item path, so
its number was taken for the id: a contact made was never read back by its `ContactID`, which every other answer
gives, and a read by it answered another, made-up contact."""

from __future__ import annotations

from mock.spec import load_apis
from mock.spec.resources import infer_resources
from tests.integration.conftest import served

CONTACTS = """
openapi: 3.0.3
info: {title: contacts, version: "1"}
paths:
  /Contacts:
    get:
      operationId: getContacts
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {Contacts: {type: array, items: {$ref: '#/components/schemas/Contact'}}}
    post:
      operationId: createContact
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Contact'}}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Contact'}}}}
  /Contacts/{ContactNumber}:
    parameters: [{name: ContactNumber, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getContactByContactNumber
      responses:
        "200": {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Contact'}}}}
        "404": {description: none}
  /Contacts/{ContactID}:
    parameters: [{name: ContactID, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: getContact
      responses:
        "200": {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Contact'}}}}
        "404": {description: none}
    delete:
      operationId: deleteContact
      responses:
        "204": {description: gone}
        "404": {description: none}
components:
  schemas:
    Contact:
      type: object
      properties:
        ContactID: {type: string, format: uuid, readOnly: true}
        ContactNumber: {type: string}
        Name: {type: string}
"""


def test_twin_item_paths_take_the_id_and_the_other_key(tmp_path):
    (tmp_path / "contacts.yaml").write_text(CONTACTS)
    [contacts] = infer_resources(load_apis(tmp_path)["contacts"])
    assert (contacts.id_field, contacts.id_param, contacts.alternate_key) == ("ContactID", "ContactID", "ContactNumber")
    assert sorted(dict(contacts.operations)["get"]) == ["getContact", "getContactByContactNumber"]


def test_a_record_is_read_by_either_key_whichever_path_answers(tmp_path):
    client = served(tmp_path, CONTACTS)
    made = client.post("/Contacts", json={"Name": "Tony Stark", "ContactNumber": "CN-7"}).json()
    assert client.get(f"/Contacts/{made['ContactID']}").json() == made
    assert client.get("/Contacts/CN-7").json() == made
    assert client.get("/Contacts/CN-8").status_code == 404
    assert client.app.state.server.violations_seen == 0
