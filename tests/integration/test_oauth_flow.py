"""The mock as an OAuth 2.0 authorization server, for any spec that declares an authorization-code flow
(in-process, every answer self-checked): codes it issued are exchanged once, with PKCE, the same client
and redirect URI; made-up, reused, mismatched and expired codes and unknown refresh tokens get the
operation's declared 4xx (`invalid_grant`) in the API's own envelope.

Two specs: AERIOX (absolute flow URLs, form-encoded token request, S256) and our parcels spec (relative
URLs, a token URL under the server path, no authorize operation described).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.scenario.engine import DEFAULT_SCENARIOS
from mock.scenario.retention import Retention
from mock.spec import load_apis
from mock.spec.oauth import authorization_code_flows
from tests.conftest import ROOT, SPECS

PARCELS = ROOT / "tests" / "data" / "specs"
VERIFIER = "a-verifier-of-at-least-43-characters-abcdefghijklmnopqrstuvwxyz"
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).decode().rstrip("=")
REDIRECT = "http://127.0.0.1:9/callback"


def _client(specs: Path, api: str, *scenarios: str, retention: Retention | None = None) -> TestClient:
    config = ServeConfig(
        specs_dir=specs,
        only_api=api,
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=scenarios,
        retention=retention or Retention(),
    )
    return TestClient(
        create_app(config, load_apis(specs)),
        raise_server_exceptions=False,
        base_url="http://127.0.0.1",
        client=("127.0.0.1", 50000),  # the admin API answers loopback callers only (the clock test)
    )


@pytest.fixture(scope="module")
def aeriox() -> Iterator[TestClient]:
    with _client(SPECS, "aeriox", *DEFAULT_SCENARIOS) as client:
        yield client


def _authorize(client: TestClient, state: str = "xyz") -> str:
    response = client.get(
        "/v1/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": "app-1",
            "redirect_uri": REDIRECT,
            "code_challenge": CHALLENGE,
            "code_challenge_method": "S256",
            "state": state,
        },
        follow_redirects=False,
    )
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == [state]
    return query["code"][0]


def _exchange(client: TestClient, issued: str, **changes: str) -> tuple[int, dict]:
    form = {
        "grant_type": "authorization_code",
        "code": issued,
        "client_id": "app-1",
        "redirect_uri": REDIRECT,
        "code_verifier": VERIFIER,
        **changes,
    }
    response = client.post("/v1/oauth/token", data=form)
    return response.status_code, response.json()


def test_flows_are_found_from_the_spec() -> None:
    aeriox = load_apis(SPECS)["aeriox"]
    (flow,) = authorization_code_flows(aeriox)
    assert (flow.scheme, flow.authorize, flow.token) == ("oauth2", "oauthAuthorize", "oauthToken")
    parcels = load_apis(PARCELS)["parcels"]
    (flow,) = authorization_code_flows(parcels)
    assert (flow.authorize, flow.token) == (None, "exchangeToken")


def test_an_issued_code_is_exchanged_once(aeriox: TestClient) -> None:
    code = _authorize(aeriox)
    status, body = _exchange(aeriox, code)
    assert status == 200 and body["token_type"] == "Bearer"
    assert body["access_token"] and body["access_token"] != code
    status, body = _exchange(aeriox, code)
    assert status == 400
    assert body["error"]["code"] == "invalid_grant" and "already used" in body["error"]["message"]


@pytest.mark.parametrize(
    "changes,reason",
    [
        ({"code": "made-up-code"}, "not issued"),
        ({"code_verifier": "another-verifier-of-at-least-43-characters-0123456789"}, "code_verifier"),
        ({"client_id": "someone-else"}, "another client"),
        ({"redirect_uri": "http://127.0.0.1:9/elsewhere"}, "redirect_uri"),
    ],
)
def test_mismatched_codes_are_refused_in_the_envelope(aeriox: TestClient, changes: dict, reason: str) -> None:
    code = _authorize(aeriox)
    status, body = _exchange(aeriox, code, **changes)
    assert status == 400
    assert body["error"]["code"] == "invalid_grant" and reason in body["error"]["message"]
    if "code" not in changes:  # a failed attempt does not use the code up
        assert _exchange(aeriox, code)[0] == 200


def test_an_expired_code_is_refused(aeriox: TestClient) -> None:
    code = _authorize(aeriox)
    assert aeriox.post("/__specmock/clock", json={"advance_s": 601}, headers={"X-Specmock-Admin": "1"}).is_success
    status, body = _exchange(aeriox, code)
    assert status == 400 and "expired" in body["error"]["message"]


def test_only_issued_refresh_tokens_are_accepted(aeriox: TestClient) -> None:
    _, tokens = _exchange(aeriox, _authorize(aeriox))
    form = {"grant_type": "refresh_token", "client_id": "app-1"}
    refreshed = aeriox.post("/v1/oauth/token", data={**form, "refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200 and refreshed.json()["access_token"] != tokens["access_token"]
    made_up = aeriox.post("/v1/oauth/token", data={**form, "refresh_token": "rt_made_up"})
    assert made_up.status_code == 400 and made_up.json()["error"]["code"] == "invalid_grant"


def test_retention_forgets_spent_codes_and_the_oldest_refresh_tokens() -> None:
    """A long-running mock does not keep every grant: the sweep deletes codes past their lifetime and the
    hour, and refresh tokens beyond the newest N; a forgotten one is refused as one never issued."""
    with _client(SPECS, "aeriox", *DEFAULT_SCENARIOS, retention=Retention(refresh_tokens=2)) as client:
        engine = client.app.server.scenarios
        refresh = [_exchange(client, _authorize(client))[1]["refresh_token"] for _ in range(3)]
        unexchanged = _authorize(client)
        assert engine.sweep() == 1  # the oldest refresh token
        advance = client.post("/__specmock/clock", json={"advance_s": 3601}, headers={"X-Specmock-Admin": "1"})
        assert advance.is_success
        assert engine.sweep() == 4  # the four codes, used or not
        form = {"grant_type": "refresh_token", "client_id": "app-1"}
        kept = [client.post("/v1/oauth/token", data={**form, "refresh_token": rt}) for rt in refresh]
        assert [answer.status_code for answer in kept] == [400, 200, 200]
        assert "not issued" in kept[0].json()["error"]["message"]
        status, body = _exchange(client, unexchanged)
        assert status == 400 and "not issued" in body["error"]["message"]


def test_a_user_spec_token_endpoint_refuses_made_up_codes() -> None:
    with _client(PARCELS, "parcels", "stateful") as client:
        form = {"grant_type": "authorization_code", "code": "nope", "client_id": "c", "code_verifier": "v"}
        response = client.post("/v1/oauth/token", data=form)
    assert response.status_code == 400
    assert "invalid_grant" in response.text


def test_the_static_mock_keeps_answering_from_the_spec() -> None:
    """With no scenario the mock keeps no state: the token endpoint answers its generated 200, as before."""
    with _client(SPECS, "aeriox") as client:
        response = client.post(
            "/v1/oauth/token", data={"grant_type": "authorization_code", "client_id": "c", "code": "x"}
        )
    assert response.status_code == 200


def test_a_token_endpoint_that_declares_no_refusal_exchanges_what_it_is_sent(tmp_path: Path) -> None:
    # Square's `POST /oauth2/token` declares 200 alone: a made-up code refused with a 400 was an answer the spec does
    # not allow (the self-check counted it). There the grant is exchanged for tokens, each new, as an issued code is.
    spec = (PARCELS / "parcels.yaml").read_text()
    refusal = spec.index('        "400":\n          description: invalid_grant')
    (tmp_path / "parcels.yaml").write_text(spec[:refusal] + spec[spec.index("components:", refusal) :])
    with _client(tmp_path, "parcels", "stateful") as client:
        form = {"grant_type": "authorization_code", "code": "nope", "client_id": "c", "code_verifier": "v"}
        answers = [client.post("/v1/oauth/token", data=form) for _ in range(2)]
        assert client.app.server.violations_seen == 0
    assert [answer.status_code for answer in answers] == [200, 200]
    tokens = [answer.json()["access_token"] for answer in answers]
    assert tokens[0] != tokens[1] and all(token.startswith("at_") for token in tokens)
