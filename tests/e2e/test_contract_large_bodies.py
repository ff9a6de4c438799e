"""A body whose smallest value is large is tested, not an error: hypothesis' health checks judge the generator.

Directus' `POST /flows` and five more of its operations ended in "Failed Health Check: Minimum possible example is too
large" and went untested, an error no server could have caused or fixed. The runner suppresses the health checks
schemathesis offers (a schemathesis.toml of the user's still says otherwise).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck

from contract_tests.runner import RunOptions, build_config
from tests.specmock_server import checked_server, contract_run

ITEM = {
    "type": "object",
    "required": [f"field{i}" for i in range(4)],
    "properties": {f"field{i}": {"type": "string", "minLength": 30} for i in range(4)},
}
BODY = {
    "type": "object",
    "required": [f"part{i}" for i in range(4)],
    "properties": {f"part{i}": {"type": "array", "minItems": 10, "items": ITEM} for i in range(4)},
}
ANSWER = {"type": "object", "properties": {"id": {"type": "integer"}}}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Flows", "version": "1"},
    "paths": {
        "/flows": {
            "post": {
                "operationId": "createFlow",
                "requestBody": {"required": True, "content": {"application/json": {"schema": BODY}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": ANSWER}}}},
            }
        }
    },
}


def test_a_body_whose_smallest_value_is_large_is_tested_not_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    spec = folder / "flows.yaml"
    spec.write_text(yaml.safe_dump(SPEC))
    report = tmp_path / "report.json"
    options = ("--max-examples", "5", "--seed", "1", "--phases", "fuzzing", "--report", str(report))
    with checked_server("--specs", str(folder)) as server:
        finished = contract_run(spec, server.url, *options)
    data = json.loads(report.read_text())
    assert data["errors"] == [], data["errors"]
    assert finished.returncode == 0, finished.stdout[-3000:]
    assert {row["operation"]: row["cases"] for row in data["operations"]}["POST /flows"] >= 5


def test_a_schemathesis_toml_of_the_users_still_says_which_health_checks_run() -> None:
    default = build_config(RunOptions(document=SPEC, base_url="http://127.0.0.1:1"))
    assert set(default.projects.override.get_hypothesis_settings().suppress_health_check) >= {
        HealthCheck.large_base_example,
        HealthCheck.data_too_large,
    }
    own = build_config(
        RunOptions(document=SPEC, base_url="http://127.0.0.1:1", base_config={"suppress-health-check": []})
    )
    assert own.projects.override.get_hypothesis_settings().suppress_health_check == ()
