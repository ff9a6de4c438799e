"""A stateful answer in the media type the client asked for: a record created, listed and read with
`Accept: application/xml` comes back as XML holding what was sent. The stateful path parsed the static answer
as JSON whatever it was rendered in, and every such request got a 500."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

from tests.integration.conftest import user_spec_client

THING = {"$ref": "#/components/schemas/Thing"}


def _both(schema: dict) -> dict:
    return {"application/json": {"schema": schema}, "application/xml": {"schema": schema}}


def test_a_stateful_record_is_answered_in_xml_when_xml_is_asked(tmp_path):
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Things", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "responses": {"200": {"description": "ok", "content": _both({"type": "array", "items": THING})}}
                },
                "post": {
                    "requestBody": {"required": True, "content": {"application/json": {"schema": THING}}},
                    "responses": {"201": {"description": "made", "content": _both(THING)}},
                },
            },
            "/things/{id}": {
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": _both(THING)}, "404": {"description": "-"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "xml": {"name": "thing"},
                    "required": ["name"],
                    "properties": {"id": {"type": "string", "readOnly": True}, "name": {"type": "string"}},
                }
            }
        },
    }
    (tmp_path / "things.json").write_text(json.dumps(document))
    client = user_spec_client(tmp_path)
    xml = {"accept": "application/xml"}
    made = client.post("/things", json={"name": "lamp"}, headers=xml)
    assert made.status_code == 201 and made.headers["content-type"].startswith("application/xml"), made.text
    thing = ElementTree.fromstring(made.content)
    assert thing.tag == "thing" and thing.findtext("name") == "lamp"
    made_id = thing.findtext("id")
    read = client.get(f"/things/{made_id}", headers=xml)
    assert read.status_code == 200 and ElementTree.fromstring(read.content).findtext("name") == "lamp"
    listed = client.get("/things", headers=xml)
    assert listed.status_code == 200 and "lamp" in [e.findtext("name") for e in ElementTree.fromstring(listed.content)]
    assert client.get(f"/things/{made_id}").json()["name"] == "lamp"  # and JSON still, when JSON is asked
    assert client.app.state.server.violations_seen == 0


def test_a_whole_number_written_with_a_zero_fraction_is_an_integer_in_an_xml_body(tmp_path):
    # JSON Schema calls 1073.0 an integer, and schemathesis writes it so in XML: `<JobID>162404087.0</JobID>` was
    # refused as "not of type integer" (agco-ats' `POST /jobs`); a fraction that is not zero still is
    job = {"type": "object", "xml": {"name": "job"}, "properties": {"JobID": {"type": "integer"}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Jobs", "version": "1"},
        "paths": {
            "/jobs": {
                "post": {
                    "requestBody": {"required": True, "content": {"application/xml": {"schema": job}}},
                    "responses": {"201": {"description": "made"}, "400": {"description": "refused"}},
                }
            }
        },
    }
    (tmp_path / "jobs.json").write_text(json.dumps(document))
    client = user_spec_client(tmp_path)
    xml = {"content-type": "application/xml"}
    for written, status in (("162404087.0", 201), ("-4920.00", 201), ("7", 201), ("7.5", 400), ("1e3", 400)):
        sent = client.post("/jobs", content=f"<job><JobID>{written}</JobID></job>", headers=xml)
        assert sent.status_code == status, (written, sent.text)


def test_a_stored_object_holding_only_an_empty_required_list_is_answered_in_valid_xml(tmp_path):
    # Magento's cart item: `product_option.downloadable_option` requires `downloadable_links`, and a client storing
    # `{"downloadable_links": []}` through JSON then listing in XML got `<downloadable_option />`, which the
    # self-check read back as an object of no fields, the list missing: every such answer was a violation
    option = {
        "type": "object",
        "required": ["links"],
        "properties": {"links": {"type": "array", "items": {"type": "integer"}}},
    }
    thing = {
        "type": "object",
        "xml": {"name": "thing"},
        "required": ["name"],
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "name": {"type": "string"},
            "option": {"type": "object", "properties": {"download": option}},
        },
    }
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Things", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "responses": {"200": {"description": "ok", "content": _both({"type": "array", "items": THING})}}
                },
                "post": {
                    "requestBody": {"required": True, "content": _both(THING)},
                    "responses": {"201": {"description": "made", "content": _both(THING)}},
                },
            },
            "/things/{id}": {
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": _both(THING)}, "404": {"description": "-"}},
                }
            },
        },
        "components": {"schemas": {"Thing": thing}},
    }
    (tmp_path / "things.json").write_text(json.dumps(document))
    client = user_spec_client(tmp_path)
    xml = {"accept": "application/xml"}
    made = client.post("/things", json={"name": "lamp", "option": {"download": {"links": []}}}, headers=xml)
    assert made.status_code == 201, made.text
    made_id = ElementTree.fromstring(made.content).findtext("id")
    assert client.get(f"/things/{made_id}", headers=xml).status_code == 200
    assert client.get("/things", headers=xml).status_code == 200
    assert client.get(f"/things/{made_id}").json()["option"] == {"download": {"links": []}}
    # and written so by a client, the document is read as that record
    sent = b"<thing><name>desk</name><option><download /></option></thing>"
    written = client.post("/things", content=sent, headers={"content-type": "application/xml"})
    assert written.status_code == 201 and written.json()["option"] == {"download": {"links": []}}, written.text
    assert client.app.state.server.violations_seen == 0


XML_ONLY = """
openapi: 3.0.3
info: {title: things, version: "1"}
paths:
  /things:
    get:
      responses:
        "200":
          description: ok
          content:
            application/xml:
              schema: {type: array, xml: {name: things, wrapped: true}, items: {$ref: "#/components/schemas/Thing"}}
    post:
      requestBody: {required: true, content: {application/xml: {schema: {$ref: "#/components/schemas/Thing"}}}}
      responses:
        "201": {description: made, content: {application/xml: {schema: {$ref: "#/components/schemas/Thing"}}}}
  /things/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/xml: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "404": {description: none}
components:
  schemas:
    Thing:
      type: object
      xml: {name: thing}
      required: [name]
      properties: {id: {type: integer, readOnly: true}, name: {type: string}}
"""


def test_an_api_that_answers_only_in_xml_keeps_its_records(tmp_path):
    # an XML-only API got no inferred resources: a thing made answered an id nothing could read back
    (tmp_path / "things.yaml").write_text(XML_ONLY)
    client = user_spec_client(tmp_path)
    made = client.post(
        "/things", content=b"<thing><name>lamp</name></thing>", headers={"content-type": "application/xml"}
    )
    assert made.status_code == 201 and made.headers["content-type"].startswith("application/xml"), made.text
    made_id = ElementTree.fromstring(made.content).findtext("id")
    read = client.get(f"/things/{made_id}")
    assert read.status_code == 200 and ElementTree.fromstring(read.content).findtext("name") == "lamp"
    listed = ElementTree.fromstring(client.get("/things").content)
    assert made_id in [thing.findtext("id") for thing in listed]
    assert client.get("/things/987654").status_code == 404
    assert client.app.state.server.violations_seen == 0


ANY_TYPE = """
openapi: 3.0.3
info: {title: things, version: "1"}
paths:
  /things:
    get:
      responses:
        "200": {description: ok, content: {"*/*": {schema: {type: array, items: {$ref: "#/components/schemas/Thing"}}}}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
      responses:
        "201": {description: made, content: {"*/*": {schema: {$ref: "#/components/schemas/Thing"}}}}
  /things/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {"*/*": {schema: {$ref: "#/components/schemas/Thing"}}}}
        "404": {description: none}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties: {id: {type: integer, readOnly: true}, name: {type: string}}
"""


def test_answers_declared_under_any_media_type_keep_their_records(tmp_path):
    # Swagger 2.0 conversions declare every answer under `*/*` (Salesloft's 112): written as JSON, none was stateful
    (tmp_path / "things.yaml").write_text(ANY_TYPE)
    client = user_spec_client(tmp_path)
    made = client.post("/things", json={"name": "lamp"})
    assert made.status_code == 201, made.text
    read = client.get(f"/things/{made.json()['id']}")
    assert read.status_code == 200 and read.json()["name"] == "lamp"
    assert made.json() in client.get("/things").json()
    assert client.get("/things/987654").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_an_object_answered_as_octet_stream_is_the_record_made(tmp_path):
    # n-auth's `POST /servers/` declares the created server as `application/octet-stream` (written as JSON text): its
    # answer held an id of its own making, and the server it named read 404
    (tmp_path / "things.yaml").write_text(
        ANY_TYPE.replace(
            '"201": {description: made, content: {"*/*"',
            '"201": {description: made, content: {application/octet-stream',
        )
    )
    client = user_spec_client(tmp_path)
    made = client.post("/things", json={"name": "lamp"})
    assert made.status_code == 201 and made.headers["content-type"].startswith("application/octet-stream")
    read = client.get(f"/things/{json.loads(made.content)['id']}")
    assert read.status_code == 200 and read.json()["name"] == "lamp"
    assert client.app.state.server.violations_seen == 0
