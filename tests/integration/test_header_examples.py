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


RECORDED = """
openapi: 3.0.3
info: {title: recorded, version: "1"}
paths:
  /pages/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: a page, as its servers answered it
          headers:
            Content-Encoding: {schema: {type: string, example: gzip}}
            Transfer-Encoding: {schema: {type: string, example: chunked}}
            Content-Length: {schema: {type: integer, example: 9000}}
            Keep-Alive: {schema: {type: string, example: timeout=5}}
            Connection: {schema: {type: string, example: close}}
            ETag: {schema: {type: string, example: 'W/"1f2"'}}
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}, title: {type: string}}}
"""


def test_headers_that_describe_the_real_servers_transport_are_not_repeated(tmp_path):
    # Notion's spec, recorded from its servers, declares `Content-Encoding: gzip`: sent beside a plain body, every
    # client failed to decode the answer
    from tests.integration.conftest import served

    client = served(tmp_path, RECORDED)
    answer = client.get("/pages/p1")
    assert answer.status_code == 200 and answer.json()["id"] == "p1"  # decodes: nothing claims it is gzip
    transport = {"content-encoding", "transfer-encoding", "keep-alive", "connection"}
    assert not transport & {name.lower() for name in answer.headers}
    assert answer.headers["content-length"] == str(len(answer.content))
    assert "etag" in answer.headers  # the answer's own headers are still sent
    assert client.app.state.server.violations_seen == 0


REDIRECTS = """
openapi: 3.0.3
info: {title: snippets, version: "1"}
paths:
  /snippets/{id}/files/{path}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: path, in: path, required: true, schema: {type: string}}
      responses:
        "302":
          description: the file's raw contents are elsewhere
          headers:
            Location: {schema: {type: string}}
  /snippets/{id}/raw:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "302":
          description: redirected
          headers:
            Location: {schema: {type: string, example: "https://cdn.example.org/raw/1"}}
"""


def test_a_redirect_made_up_for_a_location_points_away_from_the_mock(tmp_path):
    # Bitbucket's snippet file: `Location: {type: string}` was answered with a word, a relative URL back into the
    # same operation, and a client following it was redirected again without end
    from tests.integration.conftest import served

    client = served(tmp_path, REDIRECTS)
    answer = client.get("/snippets/s1/files/readme.md", follow_redirects=False)
    assert answer.status_code == 302 and answer.headers["location"].startswith("https://example.com/")
    example = client.get("/snippets/s1/raw", follow_redirects=False)
    assert example.headers["location"] == "https://cdn.example.org/raw/1"  # a URL the spec shows is kept
    assert client.app.state.server.violations_seen == 0
