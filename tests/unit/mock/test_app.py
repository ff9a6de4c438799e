"""`specmock serve --workers N` hands its configuration to worker processes as JSON: nothing may be lost."""

from __future__ import annotations

from pathlib import Path

from mock.app import ServeConfig
from mock.scenario.retention import Retention


def test_every_field_survives_the_trip_to_a_worker() -> None:
    config = ServeConfig(
        specs_dir=Path("/srv/specs"),
        only_api="aeriox",
        seed=7,
        api_keys=frozenset({"k1", "k2"}),
        self_check=True,
        cors_origins=("http://localhost:3000",),
        max_body_bytes=1234,
        scenarios_dir=Path("/srv/scenarios"),
        scenarios=("wallet", "stateful"),
        scenario_settings={"wallet": {"start_balance_usd": 20}},
        state="redis://127.0.0.1:6379/0",
        retention=Retention(finished_jobs=3, ledger_entries=4, records=5, journal_entries=6, max_age_s=7.5),
        overlays=(Path("/srv/recorded"), Path("/srv/more")),
    )
    assert ServeConfig.from_json(config.to_json()) == config
    assert ServeConfig.from_json(ServeConfig().to_json()) == ServeConfig()
