"""A path parameter its path has no place for is ignored, with a warning, instead of refusing every request.

Radarr's `GET /` declares a required path parameter `path` that `/` has no `{path}` for (a Swashbuckle slip):
no client can ever send it, and every request was a 400 "path path: is required".
"""

from __future__ import annotations

from pathlib import Path

from mock.spec import load_apis
from tests.integration.conftest import served

ROOT_PAGE = """
openapi: 3.0.3
info: {title: Root, version: "1"}
paths:
  /:
    get:
      parameters:
        - {name: path, in: path, required: true, schema: {type: string}}
        - {name: lang, in: query, schema: {type: string}}
      responses:
        "200": {description: ok, content: {text/html: {schema: {type: string}}}}
  /items/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {id: {type: integer}}}}}
"""


def test_a_path_parameter_the_path_has_no_place_for_is_ignored_with_a_warning(tmp_path: Path) -> None:
    client = served(tmp_path, ROOT_PAGE, stateful=False)
    assert client.get("/").status_code == 200
    assert client.get("/items/abc").status_code == 400  # a placed one is still read and checked
    api = load_apis(tmp_path)["spec"]
    (operation,) = [o for o in api.operations if o.path == "/"]
    assert [p.name for p in operation.parameters] == ["lang"]
    assert any("~1/get" in w.place and "no place" in w.problem for w in api.warnings)
    assert client.app.state.server.violations_seen == 0


UNDECLARED = """
openapi: 3.0.3
info: {title: Reports, version: "1"}
paths:
  /export/reporting_data/{job_identifier}:
    get:
      operationId: getExport
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {job_identifier: {type: string}}}}}
"""


def test_a_path_parameter_the_spec_never_declares_is_taken_as_text_with_a_warning(tmp_path: Path) -> None:
    # Intercom's `/export/reporting_data/{job_identifier}` declares no `job_identifier`: schemathesis stopped on
    # the operation in every phase ("Path parameter 'job_identifier' is not defined", 24 errors, a failed run)
    from contract_tests.documents import load_spec_document

    client = served(tmp_path, UNDECLARED, stateful=False)
    answer = client.get("/export/reporting_data/job-7")
    assert answer.status_code == 200 and answer.json()["job_identifier"] == "job-7"
    api = load_apis(tmp_path)["spec"]
    (operation,) = api.operations
    assert [(p.name, p.location, p.required) for p in operation.parameters] == [("job_identifier", "path", True)]
    assert any(w.place.endswith("/parameters/job_identifier") and "not declared" in w.problem for w in api.warnings)
    document = load_spec_document(tmp_path / "spec.yaml").document
    (declared,) = document["paths"]["/export/reporting_data/{job_identifier}"]["get"]["parameters"]
    assert declared == {"name": "job_identifier", "in": "path", "required": True, "schema": {"type": "string"}}
    assert client.app.state.server.violations_seen == 0
