"""A list answer that says where its page is in an object spelt its own way (agco-ats' `{"Entities": [...],
"Metadata": {"Limit", "Offset", "TotalCount"}}`, .NET's PascalCase) had those numbers made up: a first page said
`Offset: 121` of `TotalCount: 876` while the collection held 5 records."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

THINGS = """
openapi: 3.0.3
info: {title: things, version: "1"}
paths:
  /Things:
    get:
      operationId: listThings
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}
        - {name: offset, in: query, schema: {type: integer, minimum: 0}}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                properties:
                  Entities: {type: array, items: {$ref: "#/components/schemas/Thing"}}
                  CONTAINER:
                    type: object
                    properties:
                      Limit: {type: integer}
                      Offset: {type: integer}
                      TotalCount: {type: integer}
    post:
      operationId: createThing
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
  /Things/{ThingID}:
    get:
      operationId: getThing
      parameters: [{name: ThingID, in: path, required: true, schema: {type: integer}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "404": {description: none}
components:
  schemas:
    Thing:
      type: object
      properties:
        ThingID: {type: integer, readOnly: true}
        Name: {type: string}
"""


def _client(tmp_path, container: str):
    (tmp_path / "things.yaml").write_text(THINGS.replace("CONTAINER", container))
    return user_spec_client(tmp_path)


def test_a_page_says_where_it_is_in_an_object_of_any_spelling(tmp_path):
    for container in ("Metadata", "Meta", "pagination"):
        folder = tmp_path / container
        folder.mkdir()
        client = _client(folder, container)
        total = len(client.get("/Things", params={"limit": 100}).json()["Entities"])
        client.post("/Things", json={"Name": "one more"})
        page = client.get("/Things", params={"limit": 2, "offset": 2}).json()
        assert page[container] == {"Limit": 2, "Offset": 2, "TotalCount": total + 1}, container
        assert len(page["Entities"]) == min(2, total + 1 - 2)
        assert client.app.state.server.violations_seen == 0
