"""The request log of a real `specmock serve`: one line per request, on by default, text or JSON, or none."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from tests.specmock_server import SpecmockServer, new_key

DATA_SPECS = Path(__file__).resolve().parents[1] / "data" / "listing"  # one API, served at the root


def wait_for_lines(server: SpecmockServer, needle: str, count: int = 1, timeout: float = 5.0) -> list[str]:
    """Lines of the server's log containing `needle`, once there are `count` of them (the log is written in batches)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [line for line in server.log().splitlines() if needle in line]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_default_log_has_a_line_per_request_with_operation_scenario_and_violations():
    key = new_key()
    with SpecmockServer() as server, server.client(key) as client:
        assert client.get("/aeriox/v1/models", params={"limit": 2}).status_code == 200
        bad = client.post("/aeriox/v1/images/generate", json={"prompt": 3})
        assert bad.status_code in (400, 422)
        created = client.post("/aeriox/v1/images/generate", json={"model": "flux-pro", "prompt": "a cat"})
        assert created.status_code < 300
        (listing,) = wait_for_lines(server, "/aeriox/v1/models?limit=2")
        (rejected,) = wait_for_lines(server, f" {bad.status_code} generateImage")
        (generated,) = wait_for_lines(server, f" {created.status_code} generateImage")
    assert " GET " in listing and " 200 listModels " in listing and listing.rstrip().endswith("ms")
    # the violations a client would need to fix its request, on the line itself
    assert "POST" in rejected and "prompt" in rejected and "model" in rejected
    # the scenario rule that decided the answer
    assert created.headers["x-specmock-scenario"].split(",")[0] in generated


def test_a_4xx_the_spec_declares_without_body_says_so(tmp_path):
    with SpecmockServer("--specs", str(DATA_SPECS), "--scenarios", str(tmp_path), "--scenario", "none") as server:
        response = httpx.get(server.url + "/v1/items", params={"page": 0})
        assert response.status_code == 400 and response.content == b""
        (line,) = wait_for_lines(server, "/v1/items?page=0")
    assert " 400 listItems " in line
    assert "no body: the spec declares none for 400" in line
    assert "page" in line  # and still why it was refused


def test_json_format_gives_one_object_per_request():
    with SpecmockServer("--log-format", "json", "--scenario", "none") as server, server.client() as client:
        client.get("/aeriox/v1/models", params={"limit": 1})
        client.get("/aeriox/v1/models", headers={"Authorization": ""})
        lines = wait_for_lines(server, '"path": "/aeriox/v1/models"', count=2)
    records = [json.loads(line) for line in lines]
    ok, refused = records
    assert ok["query"] == "limit=1" and ok["status"] == 200 and ok["operation"] == "listModels"
    assert isinstance(ok["ms"], float) and ok["method"] == "GET" and ok["time"].endswith("Z")
    assert refused["status"] == 401 and refused["violations"] and "security" in refused["violations"][0]


def test_quiet_logs_no_request_but_still_starts_and_serves():
    with SpecmockServer("--quiet", "--scenario", "none") as server, server.client() as client:
        for _ in range(3):
            assert client.get("/aeriox/v1/models").status_code == 200
        time.sleep(0.3)
        log = server.log()
    assert "ready in" in log
    assert "/aeriox/v1/models" not in log
