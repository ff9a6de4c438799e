"""`specmock contract` as a CI user drives it: progress, the summary's reproductions, reports, options
passed through to schemathesis, --dry-run, --max-failures, --phases. Apps are the faulty AERIOX ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from contract_tests.cli import main
from tests.faulty_apps import API_KEY, make_app, serve

SPECS = Path(__file__).resolve().parents[2] / "specs"
AUTH = f"Authorization: Bearer {API_KEY}"


def contract(base_url: str, *extra: str) -> int:
    return main(
        [
            "--api",
            "aeriox",
            "--specs",
            str(SPECS),
            "--base-url",
            base_url,
            "--header",
            AUTH,
            "--max-examples",
            "3",
            "--seed",
            "1",
            "--progress",
            "plain",
            *extra,
        ]
    )


@pytest.fixture(scope="module")
def faulty_url():
    with serve(make_app("undeclared_error_shape")) as base_url:
        yield base_url


def test_summary_groups_by_check_with_a_masked_reproduction(faulty_url, tmp_path, capsys):
    html = tmp_path / "report.html"
    code = contract(faulty_url, "--operation", "getJob", "--phases", "examples,coverage", "--report-html", str(html))
    out, err = capsys.readouterr()
    assert code == 1
    # progress on stderr, per phase and operation, with elapsed time
    assert re.search(r"\[\s*\d+\.\ds\] coverage 1/1 GET /v1/jobs/\{id\}: \d+ cases, \d+ failures", err)
    assert "fuzzing" not in err and "stateful" not in err and "link-walk" not in err
    # summary: a section per check, the request as curl and the response status, headers and body
    section = out[out.index("== error_envelope_conformance") :]
    assert "$ curl -X GET -H 'Authorization: Bearer ***'" in section
    assert "< HTTP 400" in section and "< content-type: text/plain" in section and "< bad job id" in section
    assert API_KEY not in out
    page = html.read_text()
    assert "error_envelope_conformance" in page and "bad job id" in page and API_KEY not in page
    assert "<script" not in page and "<link" not in page and "src=" not in page  # self-contained


def test_show_secrets_prints_runnable_commands(faulty_url, tmp_path, capsys):
    report = tmp_path / "r.json"
    contract(faulty_url, "--operation", "getJob", "--phases", "coverage", "--show-secrets", "--report", str(report))
    out = capsys.readouterr().out
    assert f"-H 'Authorization: Bearer {API_KEY}'" in out
    failure = json.loads(report.read_text())["failures"][0]
    assert failure["exchanges"][-1]["response"]["status"] == 400
    assert API_KEY in failure["curl"][-1]


def test_schemathesis_options_pass_through_and_reports_are_written(faulty_url, tmp_path, capsys):
    junit = tmp_path / "st-junit.xml"
    har = tmp_path / "st.har"
    code = contract(
        faulty_url,
        "--operation",
        "getWallet",
        "--phases",
        "coverage",
        "--report",
        str(tmp_path / "ours.json"),
        "--max-response-time",
        "30",
        "--report-junit-path",
        str(junit),
        "--report-har-path",
        str(har),
    )
    assert code == 0, capsys.readouterr().out
    assert "<testsuite" in junit.read_text()
    assert json.loads(har.read_text())["log"]["entries"]


def test_max_failures_stops_at_n_distinct_failures(faulty_url, tmp_path, capsys):
    report = tmp_path / "r.json"
    contract(
        faulty_url, "--operation", "getJob", "--phases", "coverage", "--max-failures", "1", "--report", str(report)
    )
    assert len(json.loads(report.read_text())["failures"]) == 1
    assert "stopped at --max-failures" in capsys.readouterr().out


def test_dry_run_sends_nothing(capsys):
    code = main(
        [
            "--api",
            "aeriox",
            "--specs",
            str(SPECS),
            "--base-url",
            "http://127.0.0.1:9",
            "--dry-run",
            "--phases",
            "examples,link-walk",
            "--exclude-checks",
            "ignored_auth",
            "--operation",
            "getWallet",
            "getJob",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "phases: examples, link-walk" in out
    assert "operations (2):" in out and "GET /v1/wallet" in out
    assert "ignored_auth" not in out and "error_envelope_conformance" in out


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--phases", "examples,warp"], "unknown warp"),
        (["--checks", "no_such_check"], "unknown check(s): no_such_check"),
        (["--max-failures", "0"], "--max-failures must be at least 1"),
        (["--mode", "sideways"], "sideways"),
    ],
)
def test_bad_options_exit_2_in_one_line(argv, message, capsys):
    code = main(["--api", "aeriox", "--specs", str(SPECS), "--base-url", "http://127.0.0.1:9", "--dry-run", *argv])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1].startswith("specmock contract: error:") and message in err[-1]


def test_schemathesis_operation_filters_pass_through(capsys):
    code = main(
        ["--api", "aeriox", "--specs", str(SPECS), "--base-url", "http://127.0.0.1:9", "--dry-run"]
        + ["--include-path-regex", "^/v1/wallet$"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "operations (1):" in out and "GET /v1/wallet" in out
