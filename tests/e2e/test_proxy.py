"""`specmock proxy` in front of a real (drifting) Starlette backend, all on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.drift_backend import DRIFTING_BATCH, LARGE_PAGE_ITEMS, running_backend, seen_tokens
from tests.specmock_server import SpecmockServer, free_port

GOOD_BATCH = "5f0c2a1e-1111-4000-8000-000000000001"
TOKEN = "sk_proxy_secret_4242"


class ProxyProcess(SpecmockServer):
    """`specmock proxy --api runflow` on a free port, its log kept like a served mock's."""

    def __init__(self, upstream: str, *args: str) -> None:
        super().__init__()
        self.args = ["proxy", "--api", "runflow", "--upstream", upstream, "--port", str(self.port), *args]


@pytest.fixture(scope="module")
def backend() -> Iterator[str]:
    with running_backend() as url:
        yield url


@pytest.fixture(scope="module")
def proxy(backend: str) -> Iterator[ProxyProcess]:
    with ProxyProcess(backend, "--timeout", "1", "--max-body", "1000000") as running:
        yield running


def _get(proxy: SpecmockServer, path: str) -> httpx.Response:
    return httpx.get(proxy.url + path, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=20)


def _journal(proxy: SpecmockServer, path: str) -> dict[str, object]:
    entries = httpx.get(proxy.url + "/__specmock/journal", params={"path": path}, timeout=10).json()["entries"]
    return entries[0]


def test_valid_answers_pass_through_with_no_violation(proxy: ProxyProcess) -> None:
    response = _get(proxy, f"/v1/batches/{GOOD_BATCH}")
    assert response.status_code == 200
    assert response.json()["id"] == GOOD_BATCH
    assert response.headers["x-specmock-violations"] == "0"
    assert response.headers["x-specmock-source"] == "upstream"
    assert TOKEN in seen_tokens, "the credential must reach the backend"
    assert _journal(proxy, GOOD_BATCH)["violations"] == []


def test_drift_is_logged_counted_and_journaled_but_passed_through(proxy: ProxyProcess) -> None:
    response = _get(proxy, f"/v1/batches/{DRIFTING_BATCH}")
    assert response.status_code == 200
    assert response.json()["items_total"] == "three", "the real answer passes through unchanged"
    assert response.headers["x-specmock-violations"] == "1"
    drifted = _journal(proxy, DRIFTING_BATCH)
    assert drifted["via"] == "upstream" and drifted["operation"] == "getBatch" and drifted["status"] == 200
    assert drifted["violations"] == ['response body items_total: "three" is not of type "integer"']
    bad_request = _get(proxy, "/v1/batches/not-a-uuid")
    assert int(bad_request.headers["x-specmock-violations"]) >= 1
    assert any("batch_id" in v for v in _journal(proxy, "not-a-uuid")["violations"])  # type: ignore[attr-defined]
    log = proxy.log()
    assert 'items_total: "three" is not of type "integer"' in log
    assert TOKEN not in log, "credentials are forwarded, never logged"


def test_strict_turns_an_off_spec_answer_into_a_502_in_the_envelope(backend: str) -> None:
    with ProxyProcess(backend, "--strict", "--fallback", "mock") as strict:
        drifted = _get(strict, f"/v1/batches/{DRIFTING_BATCH}")
        fine = _get(strict, f"/v1/batches/{GOOD_BATCH}")
        lacking = _get(strict, f"/v1/batches/{GOOD_BATCH}/callback")
        served = _get(strict, f"/v1/batches/{GOOD_BATCH}")
    assert drifted.status_code == 502
    body = drifted.json()
    assert set(body) >= {"code", "message"} and body["code"] == "BAD_GATEWAY"  # Runflow's own envelope
    assert "items_total" in body["message"]
    assert fine.status_code == 200
    # --fallback mock: the operation the upstream has not built yet comes from the mock
    assert lacking.status_code == 200 and lacking.headers["x-specmock-source"] == "mock"
    assert isinstance(lacking.json(), list)
    assert served.headers["x-specmock-source"] == "upstream"


def test_without_fallback_the_upstreams_own_404_passes(proxy: ProxyProcess) -> None:
    response = _get(proxy, f"/v1/batches/{GOOD_BATCH}/callback")
    assert response.status_code == 404 and response.headers["x-specmock-source"] == "upstream"


def test_a_dead_upstream_gives_a_quick_502_or_the_mock() -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    with ProxyProcess(dead, "--fallback", "mock") as fallback, ProxyProcess(dead) as plain:
        started = time.monotonic()
        response = _get(plain, f"/v1/batches/{GOOD_BATCH}")
        assert time.monotonic() - started < 8, "a refused connection is answered at once, not after a timeout"
        mocked = _get(fallback, f"/v1/batches/{GOOD_BATCH}")
    assert response.status_code == 502
    assert response.json()["code"] == "BAD_GATEWAY" and "unreachable" in response.json()["message"]
    assert mocked.status_code == 200 and mocked.headers["x-specmock-source"] == "mock"
    assert "unreachable" in fallback.stderr


def test_a_slow_upstream_gives_a_504_after_the_timeout(proxy: ProxyProcess) -> None:
    started = time.monotonic()
    response = _get(proxy, "/v1/solutions")
    elapsed = time.monotonic() - started
    assert response.status_code == 504
    assert response.json()["code"] == "GATEWAY_TIMEOUT"
    assert elapsed < 8, "the proxy gave up after --timeout, long before the backend would answer"


def test_large_bodies_stream_both_ways(proxy: ProxyProcess) -> None:
    content = "y" * 2_000_000  # over --max-body: forwarded whole, its body left unjudged
    page = {"slug": "big", "title": "Big", "section_code": "guides", "content": content}
    sent = json.dumps(page).encode()
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    created = httpx.post(proxy.url + "/v1/docs", content=sent, headers=headers, timeout=30)
    assert created.status_code == 201
    assert int(created.json()["content"]) == len(sent)
    with httpx.stream(
        "GET", proxy.url + "/v1/assets", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
    ) as listed:
        assert listed.status_code == 200
        chunks = list(listed.iter_raw())
    assert len(chunks) > 1, "a large answer arrives in pieces, not held whole"
    assert len(json.loads(b"".join(chunks))["data"]) == LARGE_PAGE_ITEMS
