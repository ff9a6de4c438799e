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
