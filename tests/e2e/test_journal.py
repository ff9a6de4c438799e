"""What /__specmock/journal records of a request on the HTTP path, and what it keeps secret."""

from __future__ import annotations

import httpx

from tests.specmock_server import SpecmockServer, new_key


def last_entry(server: SpecmockServer, **filters: str) -> dict:
    with server.admin() as admin:
        return admin.get("/journal", params={"limit": 1, **filters}).json()["entries"][0]


def test_a_rejected_request_is_recorded_whole_with_its_reason_and_no_secret():
    key = new_key()
    with SpecmockServer() as server, server.client(key) as client:
        rejected = client.post(
            "/aeriox/v1/images/generate?trace=on", json={"prompt": 3}, headers={"X-Api-Key": key, "X-Trace": "t1"}
        )
        entry = last_entry(server, operation="generateImage")
        raw = httpx.get(server.url + "/__specmock/journal", params={"limit": 5}).text
    assert entry["status"] == rejected.status_code >= 400
    assert entry["operation"] == "generateImage" and entry["api"] == "aeriox"
    assert entry["query"] == "trace=on"
    assert entry["request"]["headers"]["x-trace"] == "t1"
    assert '"prompt":3' in entry["request"]["body"].replace(" ", "")
    assert entry["response"]["body"] == rejected.text
    assert entry["response"]["media_type"] == rejected.headers["content-type"].split(";")[0]
    assert any("prompt" in v for v in entry["violations"]) and entry["reason"]
    # the key never appears: not in headers, not as the credential, nowhere in the journal's answer
    assert key not in raw
    assert entry["request"]["headers"]["authorization"].startswith("Bearer sk_l")
    assert entry["request"]["headers"]["x-api-key"].endswith("…")


def test_an_accepted_request_records_operation_credential_and_deciding_rule():
    key = new_key()
    with SpecmockServer() as server, server.client(key) as client:
        created = client.post("/aeriox/v1/images/generate", json={"model": "flux-pro", "prompt": "a cat"})
        entry = last_entry(server, operation="generateImage")
    assert entry["status"] == created.status_code < 300
    assert entry["credential"] == key[:4] + "…"
    # every rule that acted, and the scenario whose rule settled the answer among them
    assert entry["scenario"] in {rule.split("/")[0] for rule in entry["rules"]}
    assert entry["response"]["headers"]["x-specmock-scenario"] == created.headers["x-specmock-scenario"]
    assert entry["violations"] == [] and entry["reason"] is None
