"""An error answered in the media type its response declares: gotify's plugin config is YAML only, its 400 too; the
mock wrote its envelope as JSON there, in a type the spec never declared for it."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import yaml

from tests.integration.conftest import served

CONFIGS = """
openapi: 3.0.3
info: {title: errors declared in YAML or XML only, version: "1"}
paths:
  /plugin/{id}/config:
    get:
      operationId: getPluginConfig
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, maximum: 100}}
      responses:
        "200":
          description: the config
          content:
            application/x-yaml:
              schema: {type: object}
        "400":
          description: bad request
          content:
            application/x-yaml:
              schema: {$ref: "#/components/schemas/Error"}
  /legacy/{id}:
    get:
      operationId: getLegacy
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, maximum: 100}}
      responses:
        "200":
          description: the record
          content:
            application/xml:
              schema: {type: object, xml: {name: record}, properties: {id: {type: integer}}}
        "400":
          description: bad request
          content:
            application/xml:
              schema: {$ref: "#/components/schemas/Error"}
components:
  schemas:
    Error:
      type: object
      xml: {name: error}
      required: [error, errorCode, errorDescription]
      properties:
        error: {type: string}
        errorCode: {type: integer}
        errorDescription: {type: string}
"""


def test_an_error_declared_only_in_yaml_is_written_in_yaml(tmp_path):
    client = served(tmp_path, CONFIGS, stateful=False)
    refused = client.get("/plugin/101/config")
    assert refused.status_code == 400 and refused.headers["content-type"].startswith("application/x-yaml")
    envelope = yaml.safe_load(refused.text)
    assert envelope["errorCode"] == 400 and "maximum" in envelope["errorDescription"] + envelope["error"]
    assert client.app.state.server.violations_seen == 0


def test_an_error_declared_only_in_xml_is_written_in_xml(tmp_path):
    client = served(tmp_path, CONFIGS, stateful=False)
    refused = client.get("/legacy/101")
    assert refused.status_code == 400 and refused.headers["content-type"].startswith("application/xml")
    envelope = ElementTree.fromstring(refused.text)
    assert envelope.tag == "error" and envelope.findtext("errorCode") == "400"
    assert client.app.state.server.violations_seen == 0


LOGS = """
openapi: 3.0.3
info: {title: a log declared with its error object in text/plain, version: "1"}
paths:
  /logs/{id}:
    get:
      operationId: getLog
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, maximum: 100}}
      responses:
        "200":
          description: the log
          content:
            text/plain:
              schema: {type: string}
        "400":
          description: bad request
          content:
            text/plain:
              schema: {$ref: "#/components/schemas/Errors"}
components:
  schemas:
    Errors:
      type: object
      properties:
        errors:
          type: array
          items: {type: object, properties: {code: {type: string}, message: {type: string}}}
"""


def test_an_error_object_declared_in_text_is_json_text_warned_of_once_and_not_counted(tmp_path):
    # Harbor's 44 log downloads: each refusal was counted as a violation no answer could avoid
    from mock.cli import served_body_warnings
    from mock.spec.loading import load_specs

    client = served(tmp_path, LOGS, stateful=False)
    refused = client.get("/logs/101")
    assert refused.status_code == 400 and refused.headers["content-type"].startswith("text/plain")
    assert "maximum" in refused.json()["errors"][0]["message"]
    assert client.get("/logs/5").status_code == 200
    assert client.app.state.server.violations_seen == 0
    warned = served_body_warnings(load_specs(tmp_path).apis["spec"])
    assert [w.place for w in warned if "holds only text" in w.problem] == [
        "#/paths/~1logs~1{id}/get/responses/400/content/text~1plain/schema"
    ]
