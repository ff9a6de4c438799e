"""A collection whose ids are an enum holds at most one record per value: Linode's longview subscription ids are four
named plans, and the five records seeded by default repeated one (a list showed `longview-10` twice, and a read
of it found only one)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from mock.app import ServeConfig, create_app
from mock.scenario.engine import DEFAULT_SCENARIOS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
PLANS = """
openapi: 3.0.3
info: {title: plans, version: "1"}
paths:
  /plans:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Plan"}}}}
  /plans/{planId}:
    get:
      parameters: [{name: planId, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Plan"}}}}
        "404": {description: none}
components:
  schemas:
    Plan: {type: object, properties: {id: {type: string, enum: [small, large]}, label: {type: string}}}
"""


@pytest.mark.parametrize("stateful", [True, False])
def test_a_list_stops_where_the_enum_of_ids_runs_out(tmp_path, stateful):
    (tmp_path / "plans.yaml").write_text(PLANS)
    config = ServeConfig(
        specs_dir=tmp_path,
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS if stateful else (),
        scenarios_are_default=stateful,
    )
    client = TestClient(create_app(config))
    for seed in ("1", "2", "3"):  # the static list is generated anew for each request's seed
        ids = [plan["id"] for plan in client.get("/plans", params={"x": seed}).json()["data"]]
        assert len(ids) == len(set(ids)) and set(ids) <= {"small", "large"}, ids
    if stateful:
        assert sorted(ids) == ["large", "small"]  # the seeded records: one for each id there is
        for plan_id in ids:
            assert client.get(f"/plans/{plan_id}").json()["id"] == plan_id
    assert client.app.state.server.violations_seen == 0
