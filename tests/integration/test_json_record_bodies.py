"""A request body in a stream of JSON texts (NDJSON, JSON Lines, json-seq) is a list of records: each is judged by the
schema, which describes one record as it does in an answer (the list whole where the schema describes a list), and a
schema of text takes the text. Read as one JSON text, every body of two records was refused as malformed JSON
(Elasticsearch's `_bulk`)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock.openapi_core_checks import ReferenceRequest, reference_request_categories
from mock.request_validation import AccessPolicy, IncomingRequest, validate_request
from mock.spec import load_apis
from tests.differential import DIFFERENTIAL
from tests.integration.conftest import served

EVENT = "{type: object, required: [type], properties: {type: {type: string}, n: {type: integer}}}"
SPEC = f"""
openapi: 3.0.3
info: {{title: streams, version: "1"}}
paths:
  /events:
    post:
      requestBody:
        required: true
        content:
          application/x-ndjson: {{schema: {EVENT}}}
          application/jsonl: {{schema: {EVENT}}}
          application/json-seq: {{schema: {EVENT}}}
      responses:
        "202": {{description: taken}}
  /bulk:
    post:
      requestBody:
        required: true
        content: {{application/x-ndjson: {{schema: {{type: array, minItems: 2, items: {{type: object}}}}}}}}
      responses:
        "200": {{description: done}}
  /raw:
    post:
      requestBody:
        required: true
        content: {{application/x-ndjson: {{schema: {{type: string, minLength: 3}}}}}}
      responses:
        "200": {{description: done}}
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return served(tmp_path_factory.mktemp("streams"), SPEC, stateful=False)


@pytest.mark.parametrize(
    ("media", "frame"),
    [("application/x-ndjson", b"%s\n"), ("application/jsonl", b"%s\r\n"), ("application/json-seq", b"\x1e%s\n")],
)
def test_each_record_of_a_stream_is_judged_by_the_schema(client, media, frame):
    def stream(*records: str) -> bytes:
        return b"".join(frame % record.encode() for record in records)

    def post(body: bytes) -> int:
        return client.post("/events", content=body, headers={"content-type": media}).status_code

    assert post(stream('{"type": "a", "n": 1}', '{"type": "b"}', '{"type": "c"}')) == 202
    refused = client.post("/events", content=stream('{"type": "a"}', '{"n": "x"}'), headers={"content-type": media})
    assert refused.status_code == 400 and "type" in refused.json()["error"]["message"]
    malformed = client.post("/events", content=stream('{"type": "a"}', "{oops"), headers={"content-type": media})
    assert malformed.status_code == 400 and "record 2 is malformed JSON" in malformed.json()["error"]["message"]
    assert post(stream("[1, 2]")) == 400  # a record that is no event
    assert post(b"\n\n") == 400  # no record: a required body with nothing in it
    assert client.app.state.server.violations_seen == 0


def test_a_schema_of_a_list_judges_the_stream_whole_and_one_of_text_takes_the_text(client):
    ndjson = {"content-type": "application/x-ndjson"}
    assert client.post("/bulk", content=b'{"index": {}}\n{"field": 1}\n', headers=ndjson).status_code == 200
    assert client.post("/bulk", content=b'{"index": {}}\n', headers=ndjson).status_code == 400  # minItems: 2
    assert client.post("/raw", content=b'{"index": {}}\n{"field": 1}\n', headers=ndjson).status_code == 200
    assert client.post("/raw", content=b"{}", headers=ndjson).status_code == 400  # minLength: 3


RECORDS = st.one_of(
    st.fixed_dictionaries(
        {"type": st.text(max_size=3)}, optional={"n": st.one_of(st.integers(-3, 3), st.text(max_size=2))}
    ),
    st.dictionaries(st.sampled_from(["n", "x"]), st.integers(-3, 3), max_size=2),
    st.one_of(st.none(), st.integers(), st.lists(st.integers(), max_size=2)),
)


@DIFFERENTIAL
@given(records=st.lists(RECORDS, min_size=1, max_size=3))
def test_a_stream_is_refused_where_openapi_core_refuses_one_of_its_records(tmp_path_factory, records):
    # openapi-core reads a stream as one JSON text, so it judges one record at a time: the stream is refused where it
    # refuses a record sent alone, and a one-record stream is judged as it judges it
    folder = tmp_path_factory.getbasetemp() / "streams-differential"
    if not folder.exists():
        folder.mkdir()
        (folder / "spec.yaml").write_text(SPEC)
    api = load_apis(folder)["spec"]
    operation = next(o for o in api.operations if o.path == "/events")
    headers = {"content-type": "application/x-ndjson"}

    def fast(body: bytes) -> bool:
        request = IncomingRequest("POST", "/events", (), headers, {}, body)
        return bool(validate_request(api, operation, {}, request, AccessPolicy()).violations)

    def reference(record: object) -> bool:
        body = json.dumps(record).encode() + b"\n"
        return bool(
            reference_request_categories(
                api, ReferenceRequest("POST", "/events", (), headers, body, headers["content-type"])
            )
        )

    stream = b"".join(json.dumps(record).encode() + b"\n" for record in records)
    assert fast(stream) == any(reference(record) for record in records), (records,)
