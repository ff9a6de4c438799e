"""Negative and positive controls on our own spec (tests/data/specs/parcels.yaml), so the generic
checks are proven on something that is not AERIOX: each planted bug is reported by the check that
names it, and both a lenient and a strict correct implementation give zero failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract_tests.cli import main
from tests.faulty_apps import serve
from tests.faulty_parcels_app import PARCEL_FAULTS, SPEC, TENANT_A, TENANT_B, make_parcels_app

# The phase that exercises each fault; running only it keeps each control to a few seconds.
PHASE_FOR = {
    "limit_ignored": "lists",
    "cursor_repeats": "lists",
    "created_not_listed": "lists",
    "listed_twice": "lists",
    "deleted_still_listed": "lists",
    "filter_ignored": "lists",
    "status_goes_backwards": "link-walk",
    "tenant_leak": "tenancy",
    "oauth_accepts_any_code": "security",
    "forged_token_accepted": "security",
    "int32_overflow": "edges",
    "unknown_id_200": "unknown-ids",
    "label_not_debited": "concurrency",
    "race_overspend": "concurrency",
    "pickup_goes_backwards": "lifecycle",
    "pickup_status_off_enum": "lifecycle",
    "cancel_not_refunded": "lifecycle",
    "refund_not_in_ledger": "lifecycle",
    "xml_answer_crashes": "negotiation",
    "xml_labelled_json": "negotiation",
    "accept_ignored": "negotiation",
}


def contract(base_url: str, tmp_path: Path, *extra: str) -> tuple[int, dict]:
    report = tmp_path / "report.json"
    code = main(
        [
            "--spec",
            str(SPEC),
            "--base-url",
            f"{base_url}/v1",
            "--header",
            f"Authorization: Bearer {TENANT_A}",
            "--tenant-b",
            f"Authorization: Bearer {TENANT_B}",
            "--max-examples",
            "5",
            "--seed",
            "1",
            "--progress",
            "none",
            "--report",
            str(report),
            *extra,
        ]
    )
    return code, json.loads(report.read_text())


def test_every_fault_has_a_phase():
    assert set(PHASE_FOR) == set(PARCEL_FAULTS)


@pytest.mark.parametrize("fault", sorted(PARCEL_FAULTS))
def test_fault_is_reported_by_its_check(fault, tmp_path):
    with serve(make_parcels_app(fault)) as base_url:
        code, report = contract(base_url, tmp_path, "--phases", PHASE_FOR[fault])
    reported = {failure["check"] for failure in report["failures"]}
    assert code == 1
    assert PARCEL_FAULTS[fault] in reported, f"{fault}: expected {PARCEL_FAULTS[fault]}, got {sorted(reported)}"
    # each finding carries the exchanges that show it, the last one answered by the server
    for failure in report["failures"]:
        assert failure["exchanges"] and failure["exchanges"][-1]["response"] is not None


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_correct_apps_give_no_failure(strict, tmp_path):
    """All phases, ours included; the strict app answers the documented 'Invalid cursor' 400 to made-up cursors."""
    with serve(make_parcels_app(strict=strict)) as base_url:
        code, report = contract(base_url, tmp_path)
    assert report["failures"] == [] and report["errors"] == []
    assert code == 0
    cases = {op["operation"]: op["cases"] for op in report["operations"]}
    assert all(count > 0 for count in cases.values()), cases


def test_a_token_endpoint_that_declares_no_refusal_is_not_held_to_one(tmp_path):
    # Square's `POST /oauth2/token` declares 200 alone: the spec allows a token for any code, and the mock gives one.
    # The same token endpoint that gives tokens for made-up codes is a finding where a 400 is declared (above), and
    # a note here.
    spec = SPEC.read_text()
    refusal = spec.index('        "400":\n          description: invalid_grant')
    without = tmp_path / "parcels.yaml"
    without.write_text(spec[:refusal] + spec[spec.index("components:", refusal) :])
    report = tmp_path / "report.json"
    with serve(make_parcels_app("oauth_accepts_any_code")) as base_url:
        code = main(
            ["--spec", str(without), "--base-url", f"{base_url}/v1", "--header", f"Authorization: Bearer {TENANT_A}"]
            + ["--phases", "security", "--max-examples", "5", "--seed", "1", "--progress", "none"]
            + ["--report", str(report)]
        )
    data = json.loads(report.read_text())
    assert "oauth_code_conformance" not in {failure["check"] for failure in data["failures"]}
    assert any(
        note.startswith("a made-up authorization code is not sent to POST /oauth/token") for note in data["notes"]
    )
    assert data["failures"] == [] and code == 0
