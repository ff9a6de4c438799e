"""The admin attack battery: every bad admin call gets a 4xx in the admin envelope and changes nothing.

After each attack the server must still be usable: the scenario clock unchanged, the same scenarios
active, and a stateful request (a wallet read, a job created and polled) answered as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.integration.conftest import APIS, client_for, scenario_config
from tests.spec_requests import valid_request

AERIOX = APIS["aeriox"]
KEY = {"authorization": "Bearer sk_admin_battery"}
DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 50_000 + b"1" + b"}" * 50_000

ATTACKS: list[tuple[str, str, bytes | None]] = [
    ("POST", "/__specmock/clock", b'{"advance_s": NaN}'),
    ("POST", "/__specmock/clock", b'{"advance_s": Infinity}'),
    ("POST", "/__specmock/clock", b'{"advance_s": 1e308}'),
    ("POST", "/__specmock/clock", b'{"advance_s": 1e400}'),
    ("POST", "/__specmock/clock", b'{"advance_s": 1e15}'),
    ("POST", "/__specmock/clock", b'{"advance_s": -1e12}'),
    ("POST", "/__specmock/clock", b'{"advance_s": "10"}'),
    ("POST", "/__specmock/clock", b'{"advance_s": ' + b"9" * 5000 + b"}"),
    ("POST", "/__specmock/clock", b"[1]"),
    ("POST", "/__specmock/clock", DEEP),
    ("POST", "/__specmock/clock", DEEP_OBJECT),
    ("POST", "/__specmock/clock", b'{"advance_s": 1, "extra": true}'),
    ("POST", "/__specmock/clock", b"\xff\xfe"),
    ("PUT", "/__specmock/scenarios", b'{"active":["wallet"],"settings":{"wallet":5}}'),
    ("PUT", "/__specmock/scenarios", b'{"active":["wallet"],"settings":{"wallet":{"start_balance_usd":"lots"}}}'),
    ("PUT", "/__specmock/scenarios", b'{"active":["rate-limit"],"settings":{"rate-limit":{"limit":-3}}}'),
    ("PUT", "/__specmock/scenarios", b'{"active":["faults"],"settings":{"faults":{"error_every":"x"}}}'),
    ("PUT", "/__specmock/scenarios", b'{"active":["wallet", "no-such-scenario"]}'),
    ("PUT", "/__specmock/scenarios", b'{"active":["stateful"],"settings":{"wallet":{}}}'),
    ("PUT", "/__specmock/scenarios", b'{"active":"wallet"}'),
    ("PUT", "/__specmock/scenarios", b'{"active":[1]}'),
    ("PUT", "/__specmock/scenarios", b"[1]"),
    ("PUT", "/__specmock/scenarios", b"null"),
    ("PUT", "/__specmock/scenarios", b'{"active": ["\\ud800"]}'),
    ("PUT", "/__specmock/scenarios", DEEP),
    ("PUT", "/__specmock/scenarios", b'{"active": [' + b'"wallet",' * 2_000_000 + b'"wallet"]}'),  # 18 MB
    ("POST", "/__specmock/scenarios/wallet/activate", b'{"settings": 5}'),
    ("POST", "/__specmock/scenarios/wallet/activate", b'{"settings": {"per_key": "yes"}}'),
    ("POST", "/__specmock/scenarios/rate-limit/activate", b'{"settings": {"limit": 1e308}}'),
    ("POST", "/__specmock/scenarios/wallet/activate", b"[1]"),
    ("POST", "/__specmock/scenarios/wallet/activate", DEEP),
    ("POST", "/__specmock/scenarios/no-such/activate", b"{}"),
    ("POST", "/__specmock/state/reset?namespace=nope", None),
    ("GET", "/__specmock/journal?limit=abc", None),
    ("GET", "/__specmock/journal?limit=-1", None),
    ("GET", "/__specmock/journal?since=1e5", None),
    ("GET", "/__specmock/journal?status=99999999999999999999999", None),
    ("GET", "/__specmock/state/nope", None),
    ("DELETE", "/__specmock/clock", None),
    ("GET", "/__specmock/no-such-thing", None),
]


@pytest.fixture(scope="module")
def admin_client() -> Iterator[TestClient]:
    with client_for(scenario_config()) as client:
        yield client


def _snapshot(client: TestClient) -> dict[str, Any]:
    clock = client.get("/__specmock/clock").json()
    scenarios = client.get("/__specmock/scenarios").json()
    return {"offset": clock["offset_s"], "active": scenarios["active"], "scenarios": scenarios["scenarios"]}


def _still_usable(client: TestClient) -> None:
    """A stateful round trip: the wallet answers, a job is created and polled."""
    wallet = client.get("/aeriox/v1/wallet", headers=KEY)
    assert wallet.status_code == 200, wallet.text
    operation = next(o for o in AERIOX.operations if o.operation_id == "generateImage")
    request = valid_request(AERIOX, operation)
    created = client.post("/aeriox/v1/images/generate", headers={**request.headers, **KEY}, content=request.body)
    assert created.status_code in (200, 202), created.text
    job_id = created.json().get("id") or created.json().get("job_id")
    assert job_id, created.text
    polled = client.get(f"/aeriox/v1/jobs/{job_id}", headers=KEY)
    assert polled.status_code == 200, polled.text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    ATTACKS,
    ids=[f"{m} {p} {(b or b'')[:40]!r}" for m, p, b in ATTACKS],
)
def test_a_bad_admin_call_is_a_4xx_that_changes_nothing(
    admin_client: TestClient, method: str, path: str, body: bytes | None
) -> None:
    before = _snapshot(admin_client)
    response = admin_client.request(method, path, content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500, f"{response.status_code}: {response.text[:300]}"
    error = response.json()["error"]
    assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"]
    assert "Traceback" not in response.text
    assert _snapshot(admin_client) == before
    _still_usable(admin_client)


def test_the_clock_moves_within_bounds_and_stops_at_them(admin_client: TestClient) -> None:
    start = admin_client.get("/__specmock/clock").json()["offset_s"]
    moved = admin_client.post("/__specmock/clock", json={"advance_s": 3600})
    assert moved.status_code == 200 and moved.json()["offset_s"] == pytest.approx(start + 3600)
    nine_years = 9 * 365 * 24 * 3600
    assert admin_client.post("/__specmock/clock", json={"advance_s": nine_years}).status_code == 200
    refused = admin_client.post("/__specmock/clock", json={"advance_s": nine_years})  # 18 years in all: too far
    assert refused.status_code == 400 and "ten years" in refused.json()["error"]["message"]
    assert admin_client.post("/__specmock/clock", json={"advance_s": -nine_years - 3600}).status_code == 200
    assert admin_client.get("/__specmock/clock").json()["offset_s"] == pytest.approx(start)
    _still_usable(admin_client)


def test_good_settings_still_apply_atomically(admin_client: TestClient) -> None:
    before = _snapshot(admin_client)
    changed = admin_client.put(
        "/__specmock/scenarios",
        json={"active": ["wallet", "rate-limit"], "settings": {"rate-limit": {"limit": 2}}},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["active"] == ["wallet", "rate-limit"]
    # A call where one of two scenarios is bad swaps in neither.
    refused = admin_client.put(
        "/__specmock/scenarios",
        json={"active": ["stateful", "rate-limit"], "settings": {"rate-limit": {"limit": "many"}}},
    )
    assert refused.status_code == 400
    assert admin_client.get("/__specmock/scenarios").json()["active"] == ["wallet", "rate-limit"]
    restored = admin_client.put("/__specmock/scenarios", content=json.dumps({"active": before["active"]}))
    assert restored.status_code == 200 and restored.json()["active"] == before["active"], restored.text
