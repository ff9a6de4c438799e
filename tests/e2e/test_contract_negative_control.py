"""The contract tool's checks must bite: each deliberately faulty AERIOX app is reported with the
check that names its fault, and a correct app passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract_tests.cli import main
from tests.faulty_apps import API_KEY, FAULTS, OPERATIONS, make_app, serve

SPECS = Path(__file__).resolve().parents[2] / "specs"


def run_contract(base_url: str, tmp_path: Path, *extra: str) -> tuple[int, dict]:
    report = tmp_path / "report.json"
    code = main(
        [
            "--api",
            "aeriox",
            "--specs",
            str(SPECS),
            "--base-url",
            base_url,
            "--header",
            f"Authorization: Bearer {API_KEY}",
            "--max-examples",
            "5",
            "--seed",
            "1",
            "--operation",
            *OPERATIONS,
            "--report",
            str(report),
            *extra,
        ]
    )
    return code, json.loads(report.read_text())


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_is_reported_by_its_check(fault, tmp_path, capsys):
    with serve(make_app(fault)) as base_url:
        code, report = run_contract(base_url, tmp_path)
    reported = {failure["check"] for failure in report["failures"]}
    assert code == 1
    assert FAULTS[fault] in reported, f"{fault}: expected {FAULTS[fault]}, got {sorted(reported)}"
    output = capsys.readouterr().out
    assert "FAILED" in output and FAULTS[fault] in output
    # every failure comes with a reproducing curl command
    assert all(failure["curl"] and failure["curl"][-1].startswith("curl ") for failure in report["failures"])


def test_correct_app_passes(tmp_path, capsys):
    junit = tmp_path / "junit.xml"
    with serve(make_app()) as base_url:
        code, report = run_contract(base_url, tmp_path, "--junit-xml", str(junit))
    assert report["failures"] == [] and report["errors"] == []
    assert code == 0
    assert {op["operation"] for op in report["operations"]} >= {"GET /v1/wallet", "DELETE /v1/jobs/{id}"}
    assert all(op["cases"] > 0 for op in report["operations"])
    assert "PASSED" in capsys.readouterr().out
    assert "<testsuite" in junit.read_text() and "<failure" not in junit.read_text()


def test_junit_and_json_report_failures(tmp_path):
    junit = tmp_path / "junit.xml"
    with serve(make_app("negative_balance")) as base_url:
        code, report = run_contract(base_url, tmp_path, "--junit-xml", str(junit))
    assert code == 1
    xml = junit.read_text()
    assert 'type="wallet_balance_conformance"' in xml and "curl " in xml
    wallet = next(op for op in report["operations"] if op["operation"] == "GET /v1/wallet")
    assert wallet["failures"].get("wallet_balance_conformance", 0) >= 1
