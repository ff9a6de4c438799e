"""A create whose body and answer are one of two kinds told apart by a discriminator (tests/data/discriminated,
PagerDuty's automation actions): the answer is of the kind the request asked for, holds what the request said,
and is valid; the record read back is the same."""

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
KINDS = {
    "script": {"script": "echo hi"},
    "process_automation": {"process_automation_job_id": "JOB-7", "process_automation_job_arguments": "-v"},
}


@pytest.mark.parametrize("stateful", [True, False])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_answer_is_of_the_kind_the_request_asked_for(kind, stateful):
    config = ServeConfig(
        specs_dir=ROOT / "tests" / "data" / "discriminated",
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS if stateful else (),
        scenarios_are_default=stateful,
    )
    client = TestClient(create_app(config))
    other = next(name for name in KINDS if name != kind)
    for n in range(6):  # another body, another seed: whichever kind the generator would have picked by itself
        sent = {"name": f"restart {n}", "action_type": kind, "action_data_reference": KINDS[kind]}
        answer = client.post("/actions", json={"action": sent})
        assert answer.status_code == 201
        action = answer.json()["action"]
        assert action["action_type"] == kind and action["name"] == sent["name"]
        reference = action["action_data_reference"]
        assert {name: reference.get(name) for name in KINDS[kind]} == KINDS[kind]
        assert not set(reference) & set(KINDS[other])  # nothing of the other kind
        if stateful:
            assert client.get(f"/actions/{action['id']}").json()["action"] == action
    assert client.app.state.server.violations_seen == 0
