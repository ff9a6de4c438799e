"""A spec example that breaks its own schema is reported and never served, unless asked for by name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.schema_validation import is_valid
from mock.spec import load_apis

STALE = Path(__file__).resolve().parents[1] / "data" / "specs" / "examples"
REPO = Path(__file__).resolve().parents[2]


def test_invalid_examples_are_replaced_by_generated_data_and_served_only_by_name():
    apis = load_apis(STALE)
    schema = apis["stale"].operations[0].responses["200"].content["application/json"].schema
    with TestClient(create_app(ServeConfig(specs_dir=STALE), apis)) as client:
        served = client.get("/users/1")
        named = client.get("/users/1", headers={"prefer": "example=stale"})
    assert served.status_code == 200 and is_valid(schema, served.json()), served.text
    assert served.json()["login"] != 42 and "2011-04-14 16:00:49" not in served.text
    assert named.json() == {"login": 42, "date": "not-a-date"}


def test_specs_check_reports_the_invalid_example_by_pointer():
    result = subprocess.run(
        [sys.executable, "-m", "mock.cli", "specs", "check", "--specs", str(STALE)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "#/paths/~1users~1{id}/get/responses/200/content/application~1json/examples/stale" in result.stdout
