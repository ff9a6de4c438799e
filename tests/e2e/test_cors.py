"""CORS for the mocked APIs, as a browser page on another origin sees it, against a real server."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.specmock_server import SpecmockServer

DATA_SPECS = Path(__file__).resolve().parents[1] / "data" / "listing"  # one API, served at the root
APP = "http://app.localhost:5173"


def listing_args(tmp: Path) -> tuple[str, ...]:
    """The fixture spec alone: no bundled scenario (they name APIs this spec does not have)."""
    return ("--specs", str(DATA_SPECS), "--scenarios", str(tmp), "--scenario", "none")


@pytest.fixture(scope="module")
def listing_server(tmp_path_factory):
    with SpecmockServer(*listing_args(tmp_path_factory.mktemp("scenarios")), "--cors-origin", APP) as server:
        yield server


def test_credentials_mode_with_an_explicit_origin_list(listing_server):
    preflight = httpx.options(
        listing_server.url + "/v1/items",
        headers={"origin": APP, "access-control-request-method": "GET", "access-control-request-headers": "x-custom"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == APP  # never "*" with credentials
    assert preflight.headers["access-control-allow-credentials"] == "true"
    response = httpx.get(listing_server.url + "/v1/items", headers={"origin": APP, "cookie": "session=1"})
    assert response.headers["access-control-allow-origin"] == APP
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "origin" in response.headers["vary"].lower()


def test_an_origin_not_listed_gets_no_allow_origin(listing_server):
    response = httpx.get(listing_server.url + "/v1/items", headers={"origin": "http://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = httpx.options(
        listing_server.url + "/v1/items",
        headers={"origin": "http://evil.example", "access-control-request-method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_every_header_the_spec_declares_is_exposed(listing_server):
    response = httpx.get(listing_server.url + "/v1/items", headers={"origin": APP})
    assert response.status_code == 200 and "x-total-count" in response.headers and "link" in response.headers
    exposed = {name.strip().lower() for name in response.headers["access-control-expose-headers"].split(",")}
    assert {"x-total-count", "link", "retry-after", "x-specmock-error", "x-specmock-scenario"} <= exposed


def test_private_network_preflight_is_answered_for_an_allowed_origin_only(listing_server):
    asked = {"access-control-request-method": "GET", "access-control-request-private-network": "true"}
    allowed = httpx.options(listing_server.url + "/v1/items", headers={"origin": APP, **asked})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-private-network"] == "true"
    assert allowed.headers["access-control-allow-origin"] == APP
    refused = httpx.options(listing_server.url + "/v1/items", headers={"origin": "http://evil.example", **asked})
    assert "access-control-allow-origin" not in refused.headers


def test_default_allows_any_origin_without_credentials(tmp_path):
    with SpecmockServer(*listing_args(tmp_path)) as server:
        response = httpx.get(server.url + "/v1/items", headers={"origin": "http://localhost:3000"})
        pna = httpx.options(
            server.url + "/v1/items",
            headers={
                "origin": "http://localhost:3000",
                "access-control-request-method": "GET",
                "access-control-request-private-network": "true",
            },
        )
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    assert pna.status_code == 200 and pna.headers["access-control-allow-private-network"] == "true"
