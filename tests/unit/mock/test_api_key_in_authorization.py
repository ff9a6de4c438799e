"""An apiKey scheme in the Authorization header takes its key after an auth-scheme word, as RFC 9110 writes
credentials: Gitea documents `Authorization: token <key>`, and with `--api-key` the mock refused it."""

from __future__ import annotations

import pytest

from mock.request_validation import AccessPolicy, IncomingRequest, validate_request
from mock.spec import load_apis

SPEC = """
openapi: 3.0.3
info: {title: gitea, version: "1"}
security: [{AuthorizationHeaderToken: []}]
paths:
  /user:
    get:
      responses: {"200": {description: me}, "401": {description: no}}
components:
  securitySchemes:
    AuthorizationHeaderToken: {type: apiKey, in: header, name: Authorization}
"""


@pytest.mark.parametrize(("sent", "accepted"), [("token tok", True), ("tok", True), ("token other", False)])
def test_the_key_follows_its_auth_scheme_word(tmp_path, sent, accepted):
    (tmp_path / "gitea.yaml").write_text(SPEC)
    api = load_apis(tmp_path)["gitea"]
    request = IncomingRequest("GET", "/user", (), {"authorization": sent}, {}, b"")
    verdict = validate_request(api, api.operations[0], {}, request, AccessPolicy(frozenset({"tok"})))
    assert verdict.ok is accepted, verdict.violations
