"""Records answered as JSON:API resource objects (`{"data": {"id", "type", "attributes", "relationships"}}`), the
shape Rails' jsonapi-serializer gives Spree's and many other APIs. A create or update sends the record's fields
plainly (`{"address": {"firstname": …, "country_id": …}}`) or as a JSON:API document (`{"data": {"type",
"attributes"}}`); either way they are the record's `attributes`, and a `<name>_id` names its `relationships.<name>`.
Spree's address made for Ada Lovelace was answered as the example's John Doe, and read back as him."""

from __future__ import annotations

from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: shop, version: "1"}
paths:
  /addresses:
    get:
      responses:
        "200":
          description: ok
          content:
            application/vnd.api+json:
              schema:
                type: object
                required: [data]
                properties: {data: {type: array, items: {$ref: "#/components/schemas/resource_properties"}}}
    post:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/address_params"}}}
      responses:
        "201":
          description: made
          content:
            application/vnd.api+json:
              schema: {$ref: "#/components/schemas/resource"}
              example:
                data:
                  id: "5"
                  type: address
                  attributes: {firstname: John, lastname: Doe, city: Herndon, label: null}
                  relationships: {country: {data: {id: "4", type: country}}, user: {data: {id: "1", type: user}}}
  /addresses/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: ok
          content: {application/vnd.api+json: {schema: {$ref: "#/components/schemas/resource"}}}
        "404": {description: none}
    patch:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/address_params"}}}
      responses:
        "200":
          description: ok
          content: {application/vnd.api+json: {schema: {$ref: "#/components/schemas/resource"}}}
        "404": {description: none}
  /addresses/{id}/label:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    patch:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {address: {type: object, properties: {label: {type: string}}}}}
      responses:
        "200":
          description: ok
          content: {application/vnd.api+json: {schema: {$ref: "#/components/schemas/resource"}}}
        "404": {description: none}
  /notes:
    post:
      requestBody:
        content:
          application/vnd.api+json:
            schema:
              type: object
              properties:
                data:
                  type: object
                  properties: {type: {type: string}, attributes: {type: object}}
      responses:
        "201":
          description: made
          content:
            application/vnd.api+json:
              schema: {$ref: "#/components/schemas/resource"}
              example: {data: {id: "1", type: note, attributes: {body: Example, pinned: false}}}
  /notes/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: ok
          content: {application/vnd.api+json: {schema: {$ref: "#/components/schemas/resource"}}}
        "404": {description: none}
  /digitals:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: ["digital[attachment]", "digital[variant_id]"]
              properties:
                "digital[attachment]": {type: string, format: binary}
                "digital[variant_id]": {type: string}
      responses:
        "201":
          description: made
          content:
            application/vnd.api+json:
              schema: {$ref: "#/components/schemas/resource"}
              example:
                data:
                  id: "1"
                  type: digital
                  attributes: {url: /files/1.png, filename: icon.png}
                  relationships: {variant: {data: {id: "7", type: variant}}}
components:
  schemas:
    address_params:
      type: object
      properties:
        address:
          type: object
          properties:
            firstname: {type: string}
            lastname: {type: string}
            city: {type: string}
            country_id: {type: string}
    resource_properties:
      type: object
      required: [id, type, attributes]
      properties:
        id: {type: string}
        type: {type: string}
        attributes: {type: object}
        relationships: {type: object}
    resource:
      type: object
      required: [data]
      properties: {data: {$ref: "#/components/schemas/resource_properties"}}
"""


def test_plain_fields_sent_are_the_records_attributes_and_ids_its_relationships(tmp_path):
    client = served(tmp_path, SPEC)
    sent = {"address": {"firstname": "Ada", "lastname": "Lovelace", "city": "London", "country_id": "224"}}
    made = client.post("/addresses", json=sent)
    assert made.status_code == 201, made.text
    data = made.json()["data"]
    assert (data["type"], data["attributes"]["firstname"], data["attributes"]["lastname"]) == (
        "address",
        "Ada",
        "Lovelace",
    )
    assert data["attributes"]["city"] == "London" and data["relationships"]["country"]["data"]["id"] == "224"
    assert "country_id" not in data["attributes"] and "firstname" not in data  # where JSON:API puts them
    read = client.get(f"/addresses/{data['id']}").json()["data"]
    assert read["attributes"]["firstname"] == "Ada" and read["relationships"]["country"]["data"]["id"] == "224"
    changed = client.patch(f"/addresses/{data['id']}", json={"address": {"city": "Paris", "country_id": "75"}})
    changed_data = changed.json()["data"]
    assert changed_data["attributes"]["city"] == "Paris" and changed_data["attributes"]["firstname"] == "Ada"
    assert changed_data["relationships"]["country"]["data"]["id"] == "75" and "city" not in changed_data
    listed = [r for r in client.get("/addresses").json()["data"] if r["id"] == data["id"]]
    assert [r["attributes"]["city"] for r in listed] == ["Paris"]
    # an action through a sub-path sends plain fields too (Spree's `PATCH /orders/{id}/advance` and the like)
    labelled = client.patch(f"/addresses/{data['id']}/label", json={"address": {"label": "Home"}}).json()["data"]
    assert labelled["attributes"]["label"] == "Home" and labelled["attributes"]["city"] == "Paris"
    assert "label" not in labelled
    assert client.get(f"/addresses/{data['id']}").json()["data"]["attributes"]["label"] == "Home"
    assert client.app.state.server.violations_seen == 0


def test_a_json_api_document_sent_gives_the_record_its_attributes(tmp_path):
    client = served(tmp_path, SPEC)
    sent = {"data": {"type": "note", "attributes": {"body": "Buy milk", "pinned": True}}}
    made = client.post("/notes", json=sent, headers={"content-type": "application/vnd.api+json"})
    assert made.status_code == 201, made.text
    data = made.json()["data"]
    assert data["attributes"] == {"body": "Buy milk", "pinned": True}
    assert client.get(f"/notes/{data['id']}").json()["data"]["attributes"] == {"body": "Buy milk", "pinned": True}
    assert client.app.state.server.violations_seen == 0


def test_the_static_answer_echoes_plain_fields_into_attributes_too(tmp_path):
    client = served(tmp_path, SPEC, stateful=False)
    sent = {"address": {"firstname": "Ada", "city": "London", "country_id": "224"}}
    data = client.post("/addresses", json=sent).json()["data"]
    assert (data["attributes"]["firstname"], data["attributes"]["city"]) == ("Ada", "London")
    assert data["attributes"]["lastname"] == "Doe"  # the example's, where nothing was sent
    assert data["relationships"]["country"]["data"] == {"id": "224", "type": "country"}
    assert data["relationships"]["user"]["data"] == {"id": "1", "type": "user"}
    assert client.app.state.server.violations_seen == 0


def test_an_upload_named_in_rails_brackets_makes_its_record_with_its_relationship(tmp_path):
    client = served(tmp_path, SPEC)
    made = client.post(
        "/digitals",
        data={"digital[variant_id]": "123"},
        files={"digital[attachment]": ("manual.pdf", b"%PDF-1.4 bytes", "application/pdf")},
    )
    assert made.status_code == 201, made.text
    data = made.json()["data"]
    assert data["relationships"]["variant"]["data"] == {"id": "123", "type": "variant"}
    assert not any("PDF" in str(value) for value in data["attributes"].values())  # the upload's bytes stay out
    assert not any("[" in name for name in data["attributes"])
    assert client.app.state.server.violations_seen == 0


PRODUCTS = """
openapi: 3.0.3
info: {title: shop, version: "1"}
paths:
  /products:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {name: {type: string}, shippable: {type: boolean}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Product"}}}}
  /products/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Product"}}}}
        "404": {description: none}
    patch:
      requestBody:
        content:
          application/json: {schema: {type: object, properties: {name: {type: string}, shippable: {type: boolean}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Product"}}}}
        "404": {description: none}
components:
  schemas:
    Product:
      type: object
      required: [id, name, type, attributes]
      properties:
        id: {type: string}
        name: {type: string}
        type: {type: string, enum: [good, service]}
        attributes: {type: array, items: {type: string}}
"""


def test_a_record_with_a_type_and_a_list_of_attributes_is_no_resource_object(tmp_path):
    # Stripe's product: `type` (good or service) beside `attributes`, a list of names
    client = served(tmp_path, PRODUCTS)
    made = client.post("/products", data={"name": "Mug", "shippable": "true"})
    assert made.status_code == 200, made.text
    product = made.json()
    assert product["name"] == "Mug" and isinstance(product["attributes"], list)
    assert client.get(f"/products/{product['id']}").json()["attributes"] == product["attributes"]
    changed = client.patch(f"/products/{product['id']}", json={"name": "Big mug", "shippable": False})
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Big mug" and changed.json()["attributes"] == product["attributes"]
    assert client.app.state.server.violations_seen == 0


PIGGY_BANKS = """
openapi: 3.0.3
info: {title: money, version: "1"}
paths:
  /piggy-banks:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/PiggyBankStore"}}}
      responses:
        "200":
          description: made
          content: {application/vnd.api+json: {schema: {$ref: "#/components/schemas/PiggyBankSingle"}}}
  /piggy-banks/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: one
          content: {application/vnd.api+json: {schema: {$ref: "#/components/schemas/PiggyBankSingle"}}}
        "404": {description: none}
components:
  schemas:
    PiggyBankStore:
      type: object
      required: [name, start_date]
      properties:
        name: {type: string}
        start_date: {type: string, format: date, example: "2026-03-01"}
        target_date: {type: string, format: date, nullable: true}
    PiggyBankSingle:
      type: object
      required: [data]
      properties:
        data:
          type: object
          required: [type, id, attributes]
          properties:
            type: {type: string}
            id: {type: string}
            attributes:
              type: object
              properties:
                name: {type: string}
                start_date: {type: string, format: date-time, example: "2026-03-01T00:00:00+00:00"}
                target_date: {type: string, format: date-time, nullable: true}
"""


def test_a_day_sent_where_the_record_holds_a_moment_is_that_days_midnight(tmp_path):
    # Firefly III's piggy bank: `start_date` a date in the request and a date-time in the answer. The day sent was
    # written into the answer as it came, which the spec refuses (106 self-check lines in one contract run)
    client = served(tmp_path, PIGGY_BANKS)
    made = client.post("/piggy-banks", json={"name": "New couch", "start_date": "2026-03-01", "target_date": None})
    assert made.status_code == 200, made.text
    attributes = made.json()["data"]["attributes"]
    assert attributes["start_date"] == "2026-03-01T00:00:00Z" and attributes["target_date"] is None
    read = client.get(f"/piggy-banks/{made.json()['data']['id']}").json()["data"]["attributes"]
    assert read["start_date"] == "2026-03-01T00:00:00Z"
    assert client.app.state.server.violations_seen == 0


LINKS = """
openapi: 3.0.3
info: {title: money, version: "1"}
paths:
  /transaction-links:
    get:
      parameters: [{name: limit, in: query, schema: {type: integer}}, {name: page, in: query, schema: {type: integer}}]
      responses:
        "200":
          description: all
          content:
            application/vnd.api+json:
              schema:
                type: object
                required: [data, meta]
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/LinkRead"}}
                  meta:
                    type: object
                    properties:
                      pagination: {type: object, properties: {total: {type: integer}, per_page: {type: integer}}}
    post:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/Link"}}}
      responses:
        "200":
          description: made
          content:
            application/vnd.api+json:
              schema: {type: object, required: [data], properties: {data: {$ref: "#/components/schemas/LinkRead"}}}
  /transaction-links/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: one
          content:
            application/vnd.api+json:
              schema: {type: object, required: [data], properties: {data: {$ref: "#/components/schemas/LinkRead"}}}
        "404": {description: none}
components:
  schemas:
    LinkRead:
      type: object
      required: [type, id, attributes]
      properties:
        type: {type: string}
        id: {type: string}
        attributes: {$ref: "#/components/schemas/Link"}
    Link:
      type: object
      required: [link_type_id, inward_id, outward_id]
      properties:
        link_type_id: {type: string, writeOnly: true}
        inward_id: {type: string}
        outward_id: {type: string}
        notes: {type: string, nullable: true}
"""


def test_records_whose_schema_requires_a_write_only_field_are_listed(tmp_path):
    # Firefly III's transaction links require `link_type_id`, writeOnly: never answered, so no answer needs it. The
    # list judged each record by the schema as written, found every one wanting, and answered `"data": []`
    client = served(tmp_path, LINKS)
    made = client.post("/transaction-links", json={"link_type_id": "5", "inward_id": "12", "outward_id": "13"})
    assert made.status_code == 200, made.text
    record = made.json()["data"]
    assert "link_type_id" not in record["attributes"]
    listed = client.get("/transaction-links", params={"limit": 100}).json()["data"]
    assert record in listed and len(listed) > 1
    assert client.app.state.server.violations_seen == 0


AREAS = """
openapi: 3.0.3
info: {title: rentals, version: "1"}
paths:
  /areas/{areaId}:
    get:
      parameters: [{name: areaId, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: one
          content: {application/json: {schema: {$ref: "#/components/schemas/Area"}}}
  /zones/{zoneId}:
    get:
      parameters: [{name: zoneId, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: one
          content: {application/json: {schema: {$ref: "#/components/schemas/Zone"}}}
components:
  schemas:
    Area:
      type: object
      properties:
        type: {type: string}
        name: {type: string}
        attributes: {type: object, additionalProperties: {type: object}}
    Zone:
      type: object
      properties:
        type: {type: string}
        attributes: {type: object, additionalProperties: false, properties: {colour: {type: string}}}
"""


def test_what_is_sent_goes_into_attributes_only_as_they_let_it(tmp_path):
    # Deutsche Bahn's Flinkster: a `type` beside `attributes`, a map of objects; the path's `{areaId}`, a string, was
    # written into that map and broke every answer
    client = served(tmp_path, AREAS)
    for path, absent in (("/areas/a-17", {"areaId", "id"}), ("/zones/z-3", {"zoneId", "id"})):
        answer = client.get(path)
        assert answer.status_code == 200
        assert not absent & set(answer.json().get("attributes") or {}), answer.json()
    assert client.app.state.server.violations_seen == 0
