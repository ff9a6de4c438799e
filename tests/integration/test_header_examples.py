"""A response header's own `example` (beside its schema, as a Header Object may carry one) is what the mock sends.

Twilio declares `Access-Control-Allow-Origin: {schema: {type: string}, example: "*"}` on every answer; the mock sent
a random word ("analysis")."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

SPEC = """
openapi: 3.0.1
info: {title: hdr, version: "1"}
paths:
  /things:
    get:
      responses:
        "200":
          description: ok
          headers:
            X-Rate-Limit: {schema: {type: integer}, example: 5000}
            X-Region: {schema: {type: string}, examples: {eu: {value: eu-west-1}}}
            X-Version: {schema: {type: string, pattern: "^v[0-9]$"}, example: "not valid"}
          content: {application/json: {schema: {type: object}}}
"""


def test_a_headers_own_example_is_sent_where_it_fits_its_schema(tmp_path):
    (tmp_path / "hdr.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    answer = client.get("/things")
    assert answer.headers["x-rate-limit"] == "5000"
    assert answer.headers["x-region"] == "eu-west-1"
    assert answer.headers["x-version"] != "not valid"  # an example that breaks the schema is never sent
    assert client.app.state.server.violations_seen == 0
