"""A collection whose ids are an enum holds at most one record per value: Linode's longview subscription ids are four
named plans, and the five records seeded by default repeated one (a list showed `longview-10` twice, and a read
of it found only one)."""

from __future__ import annotations

import pytest

from tests.integration.conftest import user_spec_client

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
    client = user_spec_client(tmp_path, stateful)
    for seed in ("1", "2", "3"):  # the static list is generated anew for each request's seed
        ids = [plan["id"] for plan in client.get("/plans", params={"x": seed}).json()["data"]]
        assert len(ids) == len(set(ids)) and set(ids) <= {"small", "large"}, ids
    if stateful:
        assert sorted(ids) == ["large", "small"]  # the seeded records: one for each id there is
        for plan_id in ids:
            assert client.get(f"/plans/{plan_id}").json()["id"] == plan_id
    assert client.app.state.server.violations_seen == 0
