"""An answer that is one of several kinds told apart by no tag, only by the fields each declares alone, is of the kind
whose own fields the request sent, and echoes them.

Lob's `POST /identity_validation` takes a recipient's or a company's name and answers a recipient's or a company's
validation (two open objects, each with its own nullable name field); a company's request was answered a recipient's
validation with a made-up recipient, the company it sent nowhere.
"""

from __future__ import annotations

import pytest

from tests.integration.conftest import user_spec_client

SPEC = """
openapi: 3.0.3
info: {title: identity, version: "1"}
paths:
  /identity_validation:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - type: object
                  required: [recipient, primary_line]
                  properties: {recipient: {type: string}, primary_line: {type: string}}
                - type: object
                  required: [company, primary_line]
                  properties: {company: {type: string}, primary_line: {type: string}}
      responses:
        "200":
          description: validated
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: "#/components/schemas/RecipientValidation"
                  - $ref: "#/components/schemas/CompanyValidation"
components:
  schemas:
    RecipientValidation:
      type: object
      properties:
        id: {type: string, pattern: "^id_validation_[a-zA-Z0-9_]+$"}
        recipient: {type: string, nullable: true, maxLength: 500}
        primary_line: {type: string}
        score: {type: number, nullable: true, minimum: 0, maximum: 100}
    CompanyValidation:
      type: object
      properties:
        id: {type: string, pattern: "^id_validation_[a-zA-Z0-9_]+$"}
        company: {type: string, nullable: true, maxLength: 500}
        primary_line: {type: string}
        score: {type: number, nullable: true, minimum: 0, maximum: 100}
"""


@pytest.mark.parametrize(("field", "name"), [("company", "Lob"), ("recipient", "Larry Lobster")])
def test_the_answer_is_of_the_kind_whose_own_field_was_sent(tmp_path, field, name):
    (tmp_path / "identity.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    for line in ("210 King St.", "1 Main St", "9 Elm Rd"):  # several requests: whatever kind the static answer drew
        answer = client.post("/identity_validation", json={field: name, "primary_line": line})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body[field] == name
        assert body["primary_line"] == line
    assert client.app.state.server.violations_seen == 0


ANY_OF_GROUPS = """
openapi: 3.0.3
info: {title: payments, version: "1"}
paths:
  /authorise:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                additionalData: {type: object, additionalProperties: {type: string}}
      responses:
        "200":
          description: authorised
          content:
            application/json:
              schema:
                type: object
                properties:
                  additionalData:
                    additionalProperties: {type: string}
                    anyOf:
                      - {type: object, properties: {cardBin: {type: string}, cardSummary: {type: string}}}
                      - {type: object, properties: {billingCity: {type: string}}}
                      - {type: object, properties: {avsResult: {type: string}, authCode: {type: string}}}
"""


@pytest.mark.parametrize("stateful", [False, True], ids=["static", "stateful"])
def test_an_answer_of_any_of_several_kinds_is_never_set_apart_with_nulls(tmp_path, stateful):
    # Adyen's payment result: `additionalData` is any of nine groups of text fields, every value text. A request
    # sending one group's field was answered that group, and a null in each other group's first field, to set it
    # apart as if the groups excluded each other: no answer of 53 in a contract run was valid
    (tmp_path / "payments.yaml").write_text(ANY_OF_GROUPS)
    client = user_spec_client(tmp_path, stateful)
    for sent in ({"avsResult": ""}, {"cardBin": "411111"}, {"billingCity": "Oslo", "authCode": "x"}):
        answer = client.post("/authorise", json={"additionalData": sent})
        assert answer.status_code == 200, answer.text
        assert None not in answer.json().get("additionalData", {}).values()
    assert client.app.state.server.violations_seen == 0
