"""Turn a contract RunResult into what CI wants: a summary table, reproducing curls, JSON, JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, TextIO

from contract_tests.runner import RunResult


def _failures_cell(counts: dict[str, int]) -> str:
    if not counts:
        return "-"
    return ", ".join(f"{name} x{count}" for name, count in sorted(counts.items()))


def summary_table(result: RunResult) -> str:
    rows = [(label, str(op.cases), _failures_cell(op.failures)) for label, op in sorted(result.operations.items())]
    headers = ("operation", "cases", "failures by check")
    widths = [max(len(headers[i]), *(len(row[i]) for row in rows)) if rows else len(headers[i]) for i in range(3)]
    line = "  ".join(header.ljust(width) for header, width in zip(headers, widths))
    out = [line, "  ".join("-" * width for width in widths)]
    out.extend("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)
    return "\n".join(out)


def print_report(result: RunResult, *, title: str, stream: TextIO) -> None:
    write = lambda text="": print(text, file=stream)  # noqa: E731
    write(f"specmock contract: {title}")
    write(summary_table(result))
    for number, failure in enumerate(result.failures, start=1):
        write()
        status = f" (HTTP {failure.status_code})" if failure.status_code is not None else ""
        write(f"[{number}] {failure.operation}: {failure.check}{status} - {failure.title}")
        for line in failure.message.strip().splitlines()[:12]:
            write(f"    {line}")
        write("    reproduce:")
        for curl in failure.curl:
            for line in curl.splitlines():
                write(f"      {line}")
    for error in result.errors:
        write()
        write(
            f"[error] {error['label']}: {error['title']}: {error['message'].strip().splitlines()[0] if error['message'].strip() else ''}"
        )
    cases = sum(op.cases for op in result.operations.values())
    write()
    verdict = "PASSED" if result.ok else "FAILED"
    write(
        f"{verdict}: {len(result.operations)} operations, {cases} cases, {len(result.failures)} failures, "
        f"{len(result.errors)} errors in {result.duration:.1f}s (seed {result.seed})"
    )


def report_dict(result: RunResult, *, meta: dict[str, Any]) -> dict[str, Any]:
    return {
        **meta,
        "ok": result.ok,
        "seed": result.seed,
        "duration_seconds": round(result.duration, 3),
        "operations": [
            {"operation": label, "cases": op.cases, "failures": dict(sorted(op.failures.items()))}
            for label, op in sorted(result.operations.items())
        ],
        "failures": [failure.as_dict() for failure in result.failures],
        "errors": result.errors,
    }


def write_json_report(result: RunResult, path: Path, *, meta: dict[str, Any]) -> None:
    path.write_text(json.dumps(report_dict(result, meta=meta), indent=2) + "\n", encoding="utf-8")


def write_junit_xml(result: RunResult, path: Path, *, suite_name: str) -> None:
    """One <testcase> per operation; a <failure> per failing check, with the reproducing curl."""
    suite = ET.Element(
        "testsuite",
        name=suite_name,
        tests=str(len(result.operations) + (1 if result.errors else 0)),
        failures=str(sum(1 for op in result.operations.values() if op.failures)),
        errors=str(1 if result.errors else 0),
        time=f"{result.duration:.3f}",
    )
    by_operation: dict[str, list] = {}
    for failure in result.failures:
        by_operation.setdefault(failure.operation, []).append(failure)
    for label, op in sorted(result.operations.items()):
        case = ET.SubElement(suite, "testcase", classname=suite_name, name=label)
        ET.SubElement(case, "system-out").text = f"cases: {op.cases}"
        for failure in by_operation.get(label, []):
            element = ET.SubElement(case, "failure", message=f"{failure.check}: {failure.title}", type=failure.check)
            element.text = failure.message + "\n\nReproduce:\n" + "\n".join(failure.curl)
    if result.errors:
        case = ET.SubElement(suite, "testcase", classname=suite_name, name="run errors")
        for error in result.errors:
            element = ET.SubElement(case, "error", message=f"{error['label']}: {error['title']}")
            element.text = error["message"]
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.indent(suites)
    path.write_bytes(ET.tostring(suites, encoding="utf-8", xml_declaration=True))
