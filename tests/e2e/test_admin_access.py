"""The admin API against the attacks a web page can mount on a developer's running mock (real server).

Each test plays the request a browser would send for a hostile page, and proves both that it
is refused and that nothing changed.
"""

from __future__ import annotations

import re

import httpx
import pytest

from tests.specmock_server import SpecmockServer, new_key

EVIL = "http://evil.example"


@pytest.fixture(scope="module")
def server():
    with SpecmockServer("--cors-origin", "http://app.localhost:5173") as running:
        yield running


def spend(server: SpecmockServer) -> str:
    """The wallet of a new key, which now exists (the admin state holds it)."""
    key = new_key()
    with server.client(key) as client:
        assert client.post("/aeriox/v1/images/generate", json={"model": "flux-pro", "prompt": "x"}).status_code < 300
    return f"aeriox:{key}"


def wallets(server: SpecmockServer) -> dict[str, object]:
    with server.admin() as admin:
        return admin.get("/state/wallets").json()["wallets"]


def test_no_cors_headers_on_the_admin_api_so_no_page_can_read_the_keys(server):
    spend(server)
    for origin in (EVIL, "http://app.localhost:5173", "null"):
        read = httpx.get(server.url + "/__specmock/state/wallets", headers={"origin": origin})
        assert read.status_code == 200  # a same-machine script may read; a browser will not hand it to the page
        assert not [h for h in read.headers if h.startswith("access-control-")], read.headers
        preflight = httpx.options(
            server.url + "/__specmock/state/reset",
            headers={"origin": origin, "access-control-request-method": "POST"},
        )
        assert not [h for h in preflight.headers if h.startswith("access-control-")]


@pytest.mark.parametrize(
    "headers",
    [
        {},  # fetch(url, {method: "POST", mode: "no-cors"})
        {"origin": EVIL, "content-type": "text/plain"},  # <form enctype="text/plain">
        {"origin": EVIL, "content-type": "application/x-www-form-urlencoded"},  # a plain <form>
        {"origin": EVIL, "content-type": "multipart/form-data; boundary=x"},
    ],
)
def test_a_simple_cross_site_request_cannot_reset_state(server, headers):
    key = spend(server)
    response = httpx.post(server.url + "/__specmock/state/reset", headers=headers, content=b"")
    assert response.status_code == 403
    assert "x-specmock-admin" in response.json()["error"]["message"]
    assert key in wallets(server)


def test_a_cross_origin_request_with_the_intent_header_is_still_refused(server):
    # a browser only sends a custom header cross-origin after a preflight, which is never granted; a
    # client that forges one anyway still names its origin
    key = spend(server)
    response = httpx.post(server.url + "/__specmock/state/reset", headers={"origin": EVIL, "x-specmock-admin": "1"})
    assert response.status_code == 403 and "cross-origin" in response.json()["error"]["message"]
    assert key in wallets(server)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io", "203.0.113.7"])
def test_dns_rebinding_host_is_refused(server, host):
    """A page on evil.example whose name now resolves to 127.0.0.1 still sends Host: evil.example."""
    key = spend(server)
    read = httpx.get(server.url + "/__specmock/state/wallets", headers={"host": host})
    assert read.status_code == 403 and "Host" in read.json()["error"]["message"]
    reset = httpx.post(server.url + "/__specmock/state/reset", headers={"host": host, "x-specmock-admin": "1"})
    assert reset.status_code == 403
    assert key in wallets(server)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "localhost:1234", "app.localhost", "[::1]:80"])
def test_loopback_host_names_are_accepted(server, host):
    assert httpx.get(server.url + "/__specmock/", headers={"host": host}).status_code == 200


def test_same_origin_mutation_with_the_intent_header_works(server):
    key = spend(server)
    origin = server.url
    response = httpx.post(
        server.url + "/__specmock/state/reset",
        params={"namespace": "wallets"},
        headers={"origin": origin, "x-specmock-admin": "1"},
    )
    assert response.status_code == 200
    assert key not in wallets(server)


def test_the_printed_token_opens_mutations_and_a_wrong_one_does_not(server):
    token = re.search(r"admin token: (\S+?)\)", server.log()).group(1)
    key = spend(server)
    wrong = httpx.post(server.url + "/__specmock/state/reset", headers={"x-specmock-token": token + "x"})
    assert wrong.status_code == 403
    assert key in wallets(server)
    right = httpx.post(server.url + "/__specmock/state/reset", headers={"authorization": f"Bearer {token}"})
    assert right.status_code == 200
    assert key not in wallets(server)


def test_forwarded_for_headers_change_nothing(server):
    """The peer address decides: a loopback client claiming to be elsewhere (or the reverse) is not believed."""
    response = httpx.get(
        server.url + "/__specmock/", headers={"x-forwarded-for": "203.0.113.9", "forwarded": "for=203.0.113.9"}
    )
    assert response.status_code == 200
