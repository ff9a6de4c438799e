"""Self-test: `specmock contract` against our own mock (`specmock serve` in a subprocess) finds nothing.

The mock runs as a user gets it out of the box: the default scenarios (stateful resources, job
lifecycles, the wallet) are on, so the stateful checks (job monotonicity, 409 on cancelling a
finished job, 404 after delete, no negative balance) meet a mock that keeps state. Twice: with a key
given to both sides (`--api-key` only), and with no flag on either side.
"""

from __future__ import annotations

import json

import pytest

from contract_tests.cli import main
from tests.conftest import SPECS, static_server
from tests.specmock_server import SpecmockServer

API_KEY = "sk_test_contract"
DEFAULT_SCENARIOS = ("--scenario", "stateful", "--scenario", "job-lifecycle", "--scenario", "wallet")

BASE_PATHS = {"aeriox": "", "runware": "/v1", "runflow": "", "useapi": "/v1"}


@pytest.fixture(scope="module")
def mock_server():
    server = static_server("--api-key", API_KEY, "--seed", "7", *DEFAULT_SCENARIOS)
    yield server
    server.stop()


@pytest.mark.parametrize("api", sorted(BASE_PATHS))
def test_mock_passes_its_own_contract(api, mock_server, tmp_path):
    report = tmp_path / "report.json"
    code = main(
        [
            "--api",
            api,
            "--specs",
            str(SPECS),
            "--base-url",
            f"{mock_server.url}/{api}{BASE_PATHS[api]}",
            "--api-key",
            API_KEY,
            "--max-examples",
            "5",
            "--seed",
            "1",
            "--report",
            str(report),
        ]
    )
    data = json.loads(report.read_text())
    failures = sorted({(f["operation"], f["check"]) for f in data["failures"]})
    assert data["errors"] == []
    assert failures == [], f"{api}: {len(failures)} failing (operation, check) pairs: {failures}"
    assert code == 0


@pytest.fixture(scope="module")
def default_mock():
    """`specmock serve` as it starts with no flag (the test harness adds a free port and --self-check)."""
    server = SpecmockServer().start()
    yield server
    server.stop()


@pytest.mark.parametrize("api", sorted(BASE_PATHS))
def test_default_mock_passes_a_run_with_no_flags(api, default_mock, tmp_path):
    report = tmp_path / "report.json"
    base = f"{default_mock.url}/{api}{BASE_PATHS[api]}"
    code = main(
        ["--api", api, "--base-url", base, "--max-examples", "3", "--report", str(report), "--progress", "none"]
    )
    data = json.loads(report.read_text())
    failures = sorted({(f["operation"], f["check"]) for f in data["failures"]})
    assert data["errors"] == [] and failures == [], f"{api}: {failures or data['errors']}"
    assert code == 0
