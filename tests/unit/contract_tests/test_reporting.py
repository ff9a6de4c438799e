"""The text report (contract_tests/reporting.py)."""

from __future__ import annotations

import io

from contract_tests.reporting import print_report
from contract_tests.runner import RunResult


def _report(message: str) -> str:
    result = RunResult()
    result.errors.append({"label": "Stateful tests", "title": "Invalid OpenAPI Links Definition", "message": message})
    out = io.StringIO()
    print_report(result, title="t", stream=out)
    return out.getvalue()


def test_an_error_is_reported_with_what_it_says_below_its_first_line():
    # Xero's run said only "The following API operations contain invalid link definitions:", never which ones
    message = "The following API operations contain invalid link definitions:\n\n  GET /a -> [200] ToB -> GET /b\n"
    message += "\n     - Parameter `id` is not defined in API operation `GET /b`"
    text = _report(message)
    assert "[error] Stateful tests: Invalid OpenAPI Links Definition: The following API operations" in text
    assert "    GET /a -> [200] ToB -> GET /b" in text
    assert "Parameter `id` is not defined in API operation `GET /b`" in text


def test_a_long_error_is_cut_and_says_how_much_was_left_out():
    text = _report("first\n" + "\n".join(f"line {n}" for n in range(40)))
    assert "line 11" in text and "line 12" not in text
    assert "(28 more lines)" in text


def test_an_error_met_again_is_reported_once_with_how_often():
    # AssemblyAI's run printed the same "Cannot generate test data for request body" 125 times, one per scenario
    result = RunResult()
    for _ in range(125):
        result.add_error("POST /v2/transcript", "Schema Error", "Cannot generate test data for request body")
    result.add_error("POST /v2/other", "Schema Error", "Cannot generate test data for request body")
    assert [error.get("times", 1) for error in result.errors] == [125, 1]
    out = io.StringIO()
    print_report(result, title="t", stream=out)
    text = out.getvalue()
    assert text.count("[error] POST /v2/transcript") == 1 and "(met 125 times)" in text
    assert "2 errors (126 in all)" in text
