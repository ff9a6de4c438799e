"""Admin changes (activations, settings, the clock) reach every process that shares the state store.

Two engines on one SQLite file (or one Redis) stand for two workers or two replicas: what one is told
through its admin API, the other follows from the next request on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mock.scenario.engine import SHARED_SETTINGS, ScenarioEngine
from mock.spec import load_apis
from mock.spec.model import Api
from tests.redis_server import running_redis

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def apis() -> dict[str, Api]:
    return load_apis(REPO / "specs")


def started(apis: dict[str, Api], location: str | Path | None) -> ScenarioEngine:
    engine = ScenarioEngine.load(apis, REPO / "scenarios", None if location is None else str(location))
    engine.start(["stateful", "wallet"])
    return engine


@pytest.fixture(params=["sqlite", "redis"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "state.db")
    else:
        with running_redis() as url:
            yield url


def test_an_activation_on_one_process_is_followed_by_the_other(apis: dict[str, Api], location: str) -> None:
    first, second = started(apis, location), started(apis, location)
    first.activate("insufficient-funds")
    assert second.active() == ["stateful", "wallet"]  # nothing followed before the next request
    second.follow_shared_settings()
    assert second.active() == ["stateful", "wallet", "insufficient-funds"]
    assert second.rules_for("aeriox", "generateImage", None) == first.rules_for("aeriox", "generateImage", None)

    second.deactivate("wallet")
    first.follow_shared_settings()
    assert first.active() == ["stateful", "insufficient-funds"]


def test_settings_travel_with_the_activation(apis: dict[str, Api], location: str) -> None:
    first, second = started(apis, location), started(apis, location)
    first.set_active(["stateful", "insufficient-funds"], {"insufficient-funds": {"message": "broke"}})
    second.follow_shared_settings()
    described = {entry["name"]: entry for entry in second.describe()}
    assert second.active() == ["stateful", "insufficient-funds"]
    assert described["insufficient-funds"]["settings"]["message"] == "broke"


def test_clock_advances_from_two_processes_both_count(apis: dict[str, Api], location: str) -> None:
    first, second = started(apis, location), started(apis, location)
    first.advance_clock(10)
    second.advance_clock(5)  # not yet following the first: the shared offset is read in the same transaction
    first.follow_shared_settings()
    assert first.clock_offset == second.clock_offset == 15
    with pytest.raises(ValueError):
        first.advance_clock(1e12)
    second.follow_shared_settings()
    assert second.clock_offset == 15


def test_a_process_started_later_takes_up_the_changes_already_made(apis: dict[str, Api], location: str) -> None:
    first = started(apis, location)
    first.activate("insufficient-funds")
    first.advance_clock(60)
    late = started(apis, location)
    assert late.active() == first.active() and late.clock_offset == 60


def test_memory_state_shares_nothing(apis: dict[str, Api]) -> None:
    engine = started(apis, None)
    engine.activate("insufficient-funds")
    engine.advance_clock(5)
    assert engine.store.peek(SHARED_SETTINGS, "generation") is None
    assert engine.active() == ["stateful", "wallet", "insufficient-funds"] and engine.clock_offset == 5
