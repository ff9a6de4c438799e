"""What a client sees from a running server beyond per-operation conformance: mounting,
overrides, determinism, Runware's protocol, CORS, limits and keys."""

from __future__ import annotations

import json
import uuid

import httpx
import jsonschema

AUTH = {"authorization": "Bearer sk_live_behaviour"}
JOB_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
IMAGE = {"prompt": "a lighthouse at dusk", "model": "flux-schnell"}


def runware_tasks(*tasks):
    return json.dumps(list(tasks)).encode()


def account_task(task_uuid=None):
    return {"taskType": "accountManagement", "taskUUID": task_uuid or str(uuid.uuid4()), "operation": "getDetails"}


# ---------------------------------------------------------------- mounting


def test_index_lists_every_api_with_its_base_url(client):
    index = client.get("/").json()
    assert {a["name"]: a["base_url"] for a in index["apis"]} == {
        "aeriox": "/aeriox",
        "runflow": "/runflow",
        "runware": "/runware/v1",
        "useapi": "/useapi/v1",
    }


def test_each_api_serves_its_normalised_document(client):
    runware = client.get("/runware/openapi.json").json()
    assert runware["openapi"] == "3.1.0"
    task_types = {
        t["properties"]["taskType"]["const"]
        for t in runware["paths"]["/"]["post"]["requestBody"]["content"]["application/json"]["schema"]["items"]["oneOf"]
    }
    assert task_types == {"authentication", "accountManagement"}
    aeriox = client.get("/aeriox/openapi.json").json()
    assert "nullable" not in json.dumps(aeriox)
    assert aeriox["components"]["schemas"]["Job"]["properties"]["progress_pct"]["type"] == ["integer", "null"]


def test_single_api_is_served_at_the_root(start_server):
    server = start_server("--api", "aeriox")
    response = httpx.get(server.url + "/v1/models", headers=AUTH)
    assert response.status_code == 200 and "data" in response.json()
    assert httpx.get(server.url + "/aeriox/v1/models", headers=AUTH).status_code == 404


def test_unknown_api_name_is_a_usage_error(start_server):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mock.cli", "serve", "--api", "nope", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "nope" in result.stderr and "aeriox" in result.stderr


def test_unknown_path_is_404_in_the_api_envelope(client):
    response = client.get("/aeriox/v1/nowhere", headers=AUTH)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    response = client.get("/runflow/v1/nowhere", headers=AUTH)
    assert response.status_code == 404 and response.json()["code"] == "NOT_FOUND"


def test_wrong_method_is_405_with_allow(client):
    response = client.put("/aeriox/v1/models", headers=AUTH)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json()["error"]["code"] == "method_not_allowed"


# ---------------------------------------------------------------- overrides


def test_prefer_code_answers_that_status_in_the_envelope(client):
    response = client.post("/aeriox/v1/images/generate", json=IMAGE, headers={**AUTH, "prefer": "code=402"})
    assert response.status_code == 402
    assert response.json()["error"]["code"] == "insufficient_funds"
    limited = client.post("/aeriox/v1/images/generate", json=IMAGE, headers={**AUTH, "prefer": "code=429"})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 0


def test_prefer_code_the_operation_does_not_declare_is_422(client):
    response = client.get("/aeriox/v1/models", headers={**AUTH, "prefer": "code=418"})
    assert response.status_code == 422
    assert "418" in response.json()["error"]["message"]
    response = client.get("/aeriox/v1/models", headers={**AUTH, "prefer": "code=abc"})
    assert response.status_code == 422


def test_spec_examples_are_honoured_and_dynamic_replaces_them(client):
    static = client.get("/useapi/v1/runwayml/accounts", headers=AUTH).json()
    assert static["user-1@example.com"]["jwt"]["id"] == 123456
    named = client.get("/useapi/v1/runwayml/accounts", headers={**AUTH, "prefer": "example=default"}).json()
    assert named == static
    dynamic = client.get("/useapi/v1/runwayml/accounts", headers={**AUTH, "prefer": "dynamic=true"}).json()
    assert dynamic != static and all("@" in key for key in dynamic)
    missing = client.get("/useapi/v1/runwayml/accounts", headers={**AUTH, "prefer": "example=nope"})
    assert missing.status_code == 422 and missing.json()["code"] == 422


def test_same_request_same_seed_same_body_across_restarts(start_server):
    bodies = []
    for seed in ("5", "5", "6"):
        server = start_server("--seed", seed)
        bodies.append(httpx.post(server.url + "/aeriox/v1/images/generate", json=IMAGE, headers=AUTH).content)
        server.stop()
    assert bodies[0] == bodies[1]
    assert bodies[0] != bodies[2]


def test_request_values_are_echoed_into_the_response(client):
    character = client.get(f"/aeriox/v1/characters/{JOB_ID}", headers=AUTH).json()
    assert character["id"] == JOB_ID
    page = client.get("/runflow/v1/assets", params={"limit": 1}, headers=AUTH).json()
    assert len(page["items"]) <= 1


# ---------------------------------------------------------------- Runware


def test_runware_mixed_tasks_answer_in_order_with_task_uuids(client):
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    body = runware_tasks({"taskType": "authentication", "apiKey": "my-key"}, account_task(first), account_task(second))
    for path in ("/runware/v1", "/runware/v1/"):
        response = client.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert [d["taskType"] for d in data] == ["authentication", "accountManagement", "accountManagement"]
        assert [d["taskUUID"] for d in data[1:]] == [first, second]
        uuid.UUID(data[0]["connectionSessionUUID"])


def test_runware_single_task_with_bearer_header(client):
    task_uuid = str(uuid.uuid4())
    response = client.post(
        "/runware/v1",
        content=runware_tasks(account_task(task_uuid)),
        headers={**AUTH, "content-type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["data"][0]["taskUUID"] == task_uuid


def test_runware_bad_key_in_authentication_task(client):
    response = client.post(
        "/runware/v1",
        content=runware_tasks({"taskType": "authentication", "apiKey": "invalid-key"}),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 401
    error = response.json()["errors"][0]
    assert (error["code"], error["parameter"], error["taskType"]) == ("invalidApiKey", "apiKey", "authentication")


def test_runware_bad_key_in_header(client):
    response = client.post(
        "/runware/v1",
        content=runware_tasks(account_task()),
        headers={"authorization": "Bearer invalid-key", "content-type": "application/json"},
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "invalidApiKey"


def test_runware_unknown_task_type_is_named(client):
    task_uuid = str(uuid.uuid4())
    response = client.post(
        "/runware/v1",
        content=runware_tasks(account_task(), {"taskType": "imageInference", "taskUUID": task_uuid}),
        headers={**AUTH, "content-type": "application/json"},
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["taskType"] == "imageInference" and error["taskUUID"] == task_uuid
    assert "imageInference" in error["message"] and "[1]" in error["message"]


def test_runware_invalid_task_names_the_parameter(client):
    task = account_task()
    task["operation"] = "deleteEverything"
    response = client.post(
        "/runware/v1", content=runware_tasks(task), headers={**AUTH, "content-type": "application/json"}
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["parameter"] == "[0].operation" and error["taskUUID"] == task["taskUUID"]


def test_runware_body_must_be_an_array(client):
    response = client.post("/runware/v1", json=account_task(), headers=AUTH)
    assert response.status_code == 400
    assert "array" in response.json()["errors"][0]["message"]


# ---------------------------------------------------------------- browsers, limits, keys


def test_cors_preflight_and_headers_for_any_origin(client):
    preflight = client.options(
        "/aeriox/v1/models",
        headers={
            "origin": "http://localhost:3000",
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "http://localhost:3000")
    response = client.get("/aeriox/v1/models", headers={**AUTH, "origin": "http://localhost:3000"})
    assert response.headers["access-control-allow-origin"] in ("*", "http://localhost:3000")


def test_cors_origin_flag_restricts_origins(start_server):
    server = start_server("--cors-origin", "http://app.local")
    allowed = httpx.get(server.url + "/aeriox/v1/models", headers={**AUTH, "origin": "http://app.local"})
    other = httpx.get(server.url + "/aeriox/v1/models", headers={**AUTH, "origin": "http://evil.local"})
    assert allowed.headers["access-control-allow-origin"] == "http://app.local"
    assert "access-control-allow-origin" not in other.headers


def test_body_over_the_limit_is_413_in_the_envelope(start_server):
    server = start_server("--max-body", "2048")
    big = {"prompt": "x" * 4096, "model": "flux-schnell"}
    response = httpx.post(server.url + "/aeriox/v1/images/generate", json=big, headers=AUTH)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    chunked = httpx.post(
        server.url + "/runflow/v1/docs",
        content=iter([b"{" + b" " * 4096 + b"}"]),
        headers={**AUTH, "content-type": "application/json"},
    )
    assert chunked.status_code == 413 and chunked.json()["code"] == "PAYLOAD_TOO_LARGE"


def test_default_body_limit_is_ten_mebibytes(client):
    huge = b'{"prompt": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = client.post(
        "/aeriox/v1/images/generate", content=huge, headers={**AUTH, "content-type": "application/json"}
    )
    assert response.status_code == 413


def test_api_key_flag_accepts_only_those_keys(start_server):
    server = start_server("--api-key", "sk_live_mine")
    assert (
        httpx.get(server.url + "/aeriox/v1/models", headers={"authorization": "Bearer sk_live_mine"}).status_code == 200
    )
    assert httpx.get(server.url + "/aeriox/v1/models", headers={"x-api-key": "sk_live_mine"}).status_code == 200
    other = httpx.get(server.url + "/aeriox/v1/models", headers={"authorization": "Bearer sk_live_other"})
    assert other.status_code == 401 and other.json()["error"]["code"] == "invalid_api_key"


def test_public_operations_need_no_key(client):
    assert client.get("/aeriox/v1/pricing").status_code == 200
    assert client.get("/aeriox/openapi.json").status_code == 200


def test_garbage_never_gets_a_5xx(client):
    cases = [
        ("POST", "/aeriox/v1/images/generate", b"\xff\xfe\x00garbage", "application/json"),
        ("POST", "/aeriox/v1/images/generate", b"null", "application/json"),
        ("POST", "/aeriox/v1/images/generate", b'{"prompt": ' * 2000, "application/json"),
        ("POST", "/runware/v1", b"[[[[[]]]]]", "application/json"),
        ("POST", "/runware/v1", b'[1, null, "x"]', "application/json"),
        ("POST", "/aeriox/v1/oauth/token", b"%%%&&&===", "application/x-www-form-urlencoded"),
        ("GET", "/aeriox/v1/nodes?limit=%FF%FE&offset=-1e999", b"", ""),
        ("GET", "/aeriox/v1/characters/..%2F..%2Fetc%2Fpasswd", b"", ""),
        ("DELETE", "/runflow/v1/docs/%00", b"", ""),
    ]
    for method, path, body, content_type in cases:
        response = client.request(method, path, content=body, headers={**AUTH, "content-type": content_type})
        assert 400 <= response.status_code < 500, (method, path, response.status_code, response.text[:300])
        assert response.json(), (method, path)


def test_error_bodies_validate_against_each_apis_error_schema(client, apis):
    answers = {
        "aeriox": client.get("/aeriox/v1/models"),
        "runware": client.post("/runware/v1", json=[], headers={"authorization": "Bearer invalid"}),
        "runflow": client.get("/runflow/v1/assets"),
        "useapi": client.get("/useapi/v1/runwayml/accounts"),
    }
    for name, response in answers.items():
        assert response.status_code == 401, name
        jsonschema.validate(response.json(), apis[name].error_schema)
    assert answers["useapi"].json()["code"] == 401


def test_malformed_id_is_404_where_the_operation_declares_no_400(client):
    response = client.get("/aeriox/v1/nodes/not-a-uuid", headers=AUTH)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found" and "id" in response.json()["error"]["message"]


def test_overlay_declares_the_400_the_vendor_spec_omits(client):
    response = client.post("/aeriox/v1/wallet/auto-recharge", json={"enabled": "yes"}, headers=AUTH)
    assert response.status_code == 400
    spec = client.get("/aeriox/openapi.json").json()
    assert "400" in spec["paths"]["/v1/wallet/auto-recharge"]["post"]["responses"]
