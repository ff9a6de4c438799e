"""YAML on the wire: Kubernetes' server-side apply sends `application/apply-patch+yaml`, and its specs offer
YAML, CBOR and protobuf answers beside JSON. A YAML body was judged as one string (every apply refused with
400), a YAML answer went out as JSON text, and so did CBOR's (the self-check flagged them). The mock now reads
and writes YAML, offers only the media types it can write a value in, and judges YAML as openapi-core does
when given the same reader (the differential test below)."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from mock.openapi_core_checks import ReferenceRequest, reference_request_categories
from mock.request_validation import AccessPolicy, IncomingRequest, validate_request
from mock.spec import load_apis
from tests.differential import DIFFERENTIAL
from tests.integration.conftest import user_spec_client

THING = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "size": {"type": "integer", "minimum": 0},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}
DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "things", "version": "1"},
    "paths": {
        "/things/{name}": {
            "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            media: {"schema": {"$ref": "#/components/schemas/Thing"}}
                            for media in ("application/json", "application/yaml", "application/cbor")
                        },
                    }
                }
            },
            "patch": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                        "application/apply-patch+yaml": {"schema": {"$ref": "#/components/schemas/Thing"}},
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                    },
                    "400": {"description": "bad"},
                },
            },
        }
    },
    "components": {"schemas": {"Thing": THING}},
}
APPLY = {"content-type": "application/apply-patch+yaml"}


@pytest.fixture(scope="module")
def things(tmp_path_factory):
    folder = tmp_path_factory.mktemp("things")
    (folder / "things.json").write_text(json.dumps(DOCUMENT))
    return folder


def test_a_yaml_apply_is_read_as_the_object_it_writes(things):
    client = user_spec_client(things, stateful=False)
    sent = "name: web\nsize: 5\nlabels:\n  app: web\n"
    answer = client.patch("/things/web", content=sent, headers=APPLY)
    assert answer.status_code == 200, answer.text
    assert answer.json()["size"] == 5 and answer.json()["labels"] == {"app": "web"}  # echoed as sent
    for bad in ("name: [web\n", "size: -1\nname: web\n", "a: &x 1\nb: *x\nname: web\n"):
        refused = client.patch("/things/web", content=bad, headers=APPLY)
        assert refused.status_code == 400, (bad, refused.text)
    assert client.app.state.server.violations_seen == 0


def test_yaml_is_answered_in_yaml_and_what_cannot_be_written_is_not_offered(things):
    client = user_spec_client(things, stateful=False)
    answer = client.get("/things/web", headers={"accept": "application/yaml"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/yaml")
    assert isinstance(yaml.safe_load(answer.text), dict) and "name" in yaml.safe_load(answer.text)
    # CBOR is declared, but an object written in it would be JSON text mislabelled: JSON when the client takes it,
    # else a 406 that says what can be had
    assert (
        client.get("/things/web", headers={"accept": "application/cbor, application/json;q=0.5"})
        .headers["content-type"]
        .startswith("application/json")
    )
    assert client.get("/things/web", headers={"accept": "application/cbor"}).status_code == 406
    assert client.app.state.server.violations_seen == 0


VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=5)),
    lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(st.text(max_size=4), inner, max_size=2)),
    max_leaves=4,
)
BODIES = st.one_of(
    st.fixed_dictionaries({"name": st.text(max_size=5)}, optional={"size": VALUES, "labels": VALUES, "x": VALUES}).map(
        lambda value: yaml.safe_dump(value).encode()
    ),
    VALUES.map(lambda value: yaml.safe_dump(value).encode()),
    st.sampled_from([b"name: [web", b"a: &x 1\nb: *x\n", b"name: .nan\n", b"- 1\n- 2\n", b"name: web\n---\n"]),
)


@DIFFERENTIAL
@given(body=BODIES)
def test_yaml_bodies_are_judged_as_openapi_core_judges_them(things, body):
    api = load_apis(things)["things"]
    operation = next(o for o in api.operations if o.method == "PATCH")
    request = IncomingRequest("PATCH", "/things/web", (), APPLY, {}, body)
    fast = validate_request(api, operation, {"name": "web"}, request, AccessPolicy())
    reference = reference_request_categories(
        api, ReferenceRequest("PATCH", "/things/web", (), APPLY, body, APPLY["content-type"])
    )
    assert bool(fast.violations) == bool(reference), (fast.violations, reference, body)


COLLECTION = """
openapi: 3.0.3
info: {title: stock, version: "1"}
paths:
  /things:
    post:
      requestBody: {required: true, content: {application/yaml: {schema: {$ref: "#/components/schemas/Thing"}}}}
      responses:
        "201":
          description: made
          content:
            application/json: {schema: {$ref: "#/components/schemas/Thing"}}
            application/yaml: {schema: {$ref: "#/components/schemas/Thing"}}
  /things/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Thing"}}
            application/yaml: {schema: {$ref: "#/components/schemas/Thing"}}
        "404": {description: none}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string, readOnly: true}, name: {type: string}}}
"""


def test_a_record_created_and_read_in_yaml_is_the_one_kept(tmp_path):
    # the stateful answer was the static one for any media type but JSON and XML: the id answered was not the id kept
    (tmp_path / "stock.yaml").write_text(COLLECTION)
    client = user_spec_client(tmp_path)
    yaml_both_ways = {"content-type": "application/yaml", "accept": "application/yaml"}
    made = yaml.safe_load(client.post("/things", content="name: web\n", headers=yaml_both_ways).text)
    assert made["name"] == "web"
    read = client.get(f"/things/{made['id']}", headers={"accept": "application/yaml"})
    assert read.status_code == 200 and yaml.safe_load(read.text) == made
    assert client.get(f"/things/{made['id']}").json() == made
    assert client.app.state.server.violations_seen == 0


EVENTS = """
openapi: 3.0.3
info: {title: events, version: "1.0"}
paths:
  /events:
    get:
      responses:
        "200":
          description: a stream of events, one JSON object per line
          content:
            application/x-ndjson: {schema: {$ref: "#/components/schemas/Event"}}
            application/json-seq: {schema: {$ref: "#/components/schemas/Event"}}
components:
  schemas:
    Event: {type: object, required: [type, time], properties: {type: {type: string}, time: {type: integer}}}
"""


@pytest.mark.parametrize(
    ("accept", "framed"), [("application/x-ndjson", b"{%s}\n"), ("application/json-seq", b"\x1e{%s}\n")]
)
def test_a_json_stream_is_answered_as_framed_records(tmp_path, accept, framed):
    # Docker's /events: one JSON object with no newline (and no RS for json-seq), which the self-check refused 86 times
    (tmp_path / "events.yaml").write_text(EVENTS)
    client = user_spec_client(tmp_path, stateful=False)
    answer = client.get("/events", headers={"accept": accept})
    assert answer.headers["content-type"].startswith(accept)
    head, _, tail = framed.partition(b"%s")
    assert answer.content.startswith(head) and answer.content.endswith(tail) and answer.content.count(b"\n") == 1
    assert set(json.loads(answer.content.strip(b"\x1e\n"))) >= {"type", "time"}
    assert client.app.state.server.violations_seen == 0


def test_where_no_declared_type_can_be_written_the_request_is_still_answered(tmp_path):
    # Docker's POST /session declares only its raw stream (with a JSON schema for its 400): a 406 answered everyone
    spec = """
openapi: 3.0.3
info: {title: session, version: "1"}
paths:
  /session:
    post:
      responses:
        "400":
          description: bad parameter
          content: {application/vnd.docker.raw-stream: {schema: {type: object, properties: {message: {type: string}}}}}
"""
    (tmp_path / "session.yaml").write_text(spec)
    client = user_spec_client(tmp_path, stateful=False)
    refused = client.post("/session")
    assert refused.status_code == 400
    # in the type declared for it (as JSON text, the nearest the mock writes an object), not an undeclared JSON
    assert refused.headers["content-type"].startswith("application/vnd.docker.raw-stream")
    assert client.app.state.server.violations_seen == 0
