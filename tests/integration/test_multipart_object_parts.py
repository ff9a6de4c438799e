"""A multipart part for a property declared an object is JSON, as OpenAPI's default encoding and openapi-core read
it: `-F 'meta={"a": "x"}'` was refused as text ("is not of type object") where openapi-core takes it (Discord's
`PATCH …/messages/{message_id}` with a `poll`). Each case is judged by both, and must get the same verdict."""

from __future__ import annotations

import pytest

from mock.openapi_core_checks import ReferenceRequest, reference_request_errors
from mock.spec.loading import load_apis
from tests.integration.conftest import served

UPLOADS = """
openapi: 3.1.0
info: {title: uploads, version: "1"}
paths:
  /up:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                meta:
                  type: object
                  required: [a]
                  properties: {a: {type: string}, n: {type: integer}}
                note: {type: object, properties: {a: {type: string}}}
                tags: {type: array, items: {type: string}}
                places: {type: array, items: {type: object, required: [city], properties: {city: {type: string}}}}
            encoding:
              note: {contentType: text/plain}
      responses:
        "200": {description: ok}
        "400": {description: refused, content: {application/json: {schema: {type: object}}}}
"""


def _form(field: str, text: str) -> bytes:
    return (
        f'--B\r\nContent-Disposition: form-data; name="name"\r\n\r\nn\r\n'
        f'--B\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{text}\r\n--B--\r\n'
    ).encode()


def _posted(client, field: str, text: str):
    """The answer to `POST /up` of a form holding `name` and `field`'s part as `text`."""
    return client.post("/up", content=_form(field, text), headers={"Content-Type": "multipart/form-data; boundary=B"})


@pytest.mark.parametrize(
    ("field", "text", "accepted"),
    [
        ("meta", '{"a": "x"}', True),
        ("meta", '{"a": "x", "n": 3}', True),
        ("meta", '{"a": 5}', False),  # JSON, and of the wrong type inside
        ("meta", '{"n": 3}', False),  # JSON, lacking what it requires
        ("meta", "not json", False),
        ("meta", '["a"]', False),  # JSON, but no object
        ("note", '{"a": "x"}', False),  # its encoding says text/plain: text, which no object is
        ("tags", "plain", True),
        # each part of a list of objects is one of them, in JSON (Lob's bulk verifications, an address a part)
        ("places", '{"city": "Delft"}', True),
        ("places", '{"town": "Delft"}', False),
        ("places", "Delft", False),
    ],
)
def test_an_object_part_is_read_as_json_as_openapi_core_reads_it(tmp_path, field, text, accepted):
    answered = _posted(served(tmp_path, UPLOADS, stateful=False), field, text)
    (api,) = load_apis(tmp_path).values()
    reference = reference_request_errors(
        api, ReferenceRequest("POST", "/up", body=_form(field, text), content_type="multipart/form-data; boundary=B")
    )
    assert (answered.status_code == 200) is accepted, answered.text
    assert (not reference) is accepted, reference


# Lob's snap pack: the form's fields come from an `allOf` whose first part is itself an `allOf` (the fields every
# mail piece has: `metadata`, `merge_variables`), two levels below the body schema
NESTED = """
openapi: 3.1.0
info: {title: nested, version: "1"}
paths:
  /up:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              allOf:
                - allOf:
                    - type: object
                      properties:
                        metadata: {type: object, additionalProperties: {type: string}}
                        merge_variables: {type: [object, "null"]}
                - type: object
                  required: [name]
                  properties: {name: {type: string}}
      responses:
        "200": {description: ok}
        "400": {description: refused, content: {application/json: {schema: {type: object}}}}
"""


@pytest.mark.parametrize(
    ("field", "text", "accepted"),
    [
        ("metadata", '{"spiffy": "true"}', True),
        ("merge_variables", '{"name": "Harry"}', True),
        ("metadata", '{"spiffy": 1}', False),
        ("metadata", "not json", False),
    ],
)
def test_an_object_part_declared_in_a_nested_all_of_is_read_as_json(tmp_path, field, text, accepted):
    # openapi-core reads a multipart body whose schema is an `allOf` as no fields at all (`{}`), so it is no judge
    # here: the mock's verdict is held to what OpenAPI's default encoding of an object part says
    answered = _posted(served(tmp_path, NESTED, stateful=False), field, text)
    assert (answered.status_code == 200) is accepted, answered.text


# rev.ai's `POST /jobs`: the `options` part's schema is an `allOf` of three object parts with no `type` of its own
COMPOSED = """
openapi: 3.0.3
info: {title: jobs, version: "1"}
paths:
  /up:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                options:
                  allOf:
                    - {type: object, properties: {media_url: {type: string}}}
                    - $ref: '#/components/schemas/Vocabulary'
                either:
                  oneOf: [{type: object, properties: {a: {type: string}}}, {type: string}]
      responses:
        "200": {description: ok}
        "400": {description: refused, content: {application/json: {schema: {type: object}}}}
components:
  schemas:
    Vocabulary:
      type: object
      properties: {phrases: {type: array, items: {type: string}}}
"""


@pytest.mark.parametrize(
    ("field", "text", "accepted"),
    [
        ("options", '{"media_url": "https://x.test/a.mp3", "phrases": ["a"]}', True),
        ("options", '{"media_url": 5}', False),
        ("options", "not json", False),
        # a `oneOf` with a text option takes the part as text, as openapi-core does
        ("either", '{"a": "x"}', True),
        ("either", "plain", True),
    ],
)
def test_an_object_part_declared_by_its_all_of_parts_is_read_as_json(tmp_path, field, text, accepted):
    # openapi-core reads a part as JSON only where the property's own `type` says object, and refused rev.ai's own
    # example; every `allOf` part holds, so the value is an object and only JSON can write one
    answered = _posted(served(tmp_path, COMPOSED, stateful=False), field, text)
    assert (answered.status_code == 200) is accepted, answered.text


EXECUTIONS = """
openapi: 3.0.3
info: {title: functions, version: "1"}
paths:
  /functions/{function_id}/executions:
    post:
      parameters: [{name: function_id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content: {application/json: {schema: {type: object, properties: {path: {type: string}}}}}
      responses:
        "201":
          description: an execution
          content:
            multipart/form-data:
              schema: {type: object, properties: {id: {type: string}, status: {type: string}}}
"""


def test_an_answer_the_self_check_cannot_read_is_still_sent(tmp_path):
    # Appwrite's execution, an object declared in `multipart/form-data`: the self-check's judge failed reading it,
    # and every request was answered 500
    client = served(tmp_path, EXECUTIONS)
    answer = client.post("/functions/f1/executions", json={"path": "/"})
    assert answer.status_code == 201
