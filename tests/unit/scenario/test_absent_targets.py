"""Which scenario rules that select no loaded operation are skipped, and which stop loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock.scenario.compiling import AbsentTarget, compile_scenario
from mock.scenario.loading import load_scenarios
from mock.spec import load_apis
from tests.conftest import ROOT

SHELTER = load_apis(ROOT / "tests" / "data" / "specs" / "multifile")


def scenario_with(tmp_path: Path, match: str):  # type: ignore[no-untyped-def]
    (tmp_path / "s.yaml").write_text(
        f"scenarios:\n  - name: s\n    rules:\n      - match: {match}\n        respond: {{status: 200}}\n"
    )
    return load_scenarios(tmp_path)["s"]


def test_a_rule_naming_no_api_that_selects_nothing_is_skipped_and_recorded(tmp_path: Path) -> None:
    skipped: list[AbsentTarget] = []
    rules = compile_scenario(scenario_with(tmp_path, "{operation: createJob}"), SHELTER, skipped=skipped)
    assert rules == ()
    assert len(skipped) == 1 and "createJob" in skipped[0].problem


def test_a_rule_naming_a_served_api_and_an_unknown_operation_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AbsentTarget, match="noSuchOperation"):
        compile_scenario(scenario_with(tmp_path, "{api: shelter, operation: noSuchOperation}"), SHELTER, skipped=[])
