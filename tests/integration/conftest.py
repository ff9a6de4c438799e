"""In-process apps (no sockets): the ASGI app `specmock serve` runs, driven by Starlette's TestClient."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():  # Starlette's nudge towards httpx2; the TestClient works as is
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.scenario.engine import DEFAULT_SCENARIOS
from mock.spec import load_apis
from mock.spec.model import Api
from tests.conftest import ROOT, SPECS

SCENARIOS = ROOT / "scenarios"
APIS: dict[str, Api] = load_apis(SPECS)


def static_config(**overrides: Any) -> ServeConfig:
    return ServeConfig(specs_dir=SPECS, seed=5, **overrides)


def scenario_config(**overrides: Any) -> ServeConfig:
    return ServeConfig(specs_dir=SPECS, seed=5, scenarios_dir=SCENARIOS, scenarios=DEFAULT_SCENARIOS, **overrides)


def user_spec_client(specs_dir: Path, stateful: bool = True) -> TestClient:
    """The mock on a folder of a user's own specs as `specmock serve --specs DIR` starts it (`stateful`: with its
    default scenarios; else none), self-checking every answer (`app.state.server.violations_seen`)."""
    config = ServeConfig(
        specs_dir=specs_dir,
        self_check=True,
        scenarios_dir=SCENARIOS,
        scenarios=DEFAULT_SCENARIOS if stateful else (),
        scenarios_are_default=stateful,
    )
    return TestClient(create_app(config), raise_server_exceptions=False)


def served(folder: Path, spec: str, stateful: bool = True) -> TestClient:
    """`user_spec_client` on a folder holding one spec of the user's own, written from its text."""
    (folder / "spec.yaml").write_text(spec)
    return user_spec_client(folder, stateful)


def client_for(config: ServeConfig) -> TestClient:
    # A loopback peer address and Host, as a local client has, and the header a script sends to change
    # something: the admin API answers no other caller (mock/admin.py).
    return TestClient(
        create_app(config, APIS),
        raise_server_exceptions=False,
        base_url="http://127.0.0.1",
        client=("127.0.0.1", 50000),
        headers={"X-Specmock-Admin": "1"},
    )


@pytest.fixture(scope="module")
def static_client() -> Iterator[TestClient]:
    with client_for(static_config()) as client:
        yield client


@pytest.fixture(scope="module")
def scenario_client() -> Iterator[TestClient]:
    with client_for(scenario_config()) as client:
        yield client
