"""Turn a contract RunResult into what people and CI read: a summary grouped by check with one
reproduction per distinct failure, and JSON, JUnit XML and self-contained HTML reports."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from contract_tests.reproduction import Masking, curl, describe_exchange, truncated_body
from contract_tests.runner import FailureRecord, RunResult


def _failures_cell(counts: dict[str, int]) -> str:
    if not counts:
        return "-"
    return ", ".join(f"{name} x{count}" for name, count in sorted(counts.items()))


def summary_table(result: RunResult) -> str:
    rows = [(label, str(op.cases), _failures_cell(op.failures)) for label, op in sorted(result.operations.items())]
    headers = ("operation", "cases", "failures by check")
    widths = [max(len(headers[i]), *(len(row[i]) for row in rows)) if rows else len(headers[i]) for i in range(3)]
    line = "  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True)).rstrip()
    out = [line, "  ".join("-" * width for width in widths)]
    out.extend("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows)
    return "\n".join(out)


def by_check(result: RunResult) -> dict[str, list[FailureRecord]]:
    grouped: dict[str, list[FailureRecord]] = {}
    for failure in result.failures:
        grouped.setdefault(failure.check, []).append(failure)
    return dict(sorted(grouped.items()))


def reproduction_lines(failure: FailureRecord, masking: Masking) -> list[str]:
    lines: list[str] = []
    for exchange in failure.exchanges:
        lines.extend(describe_exchange(exchange, masking))
    lines.extend(f"$ {masking.text(command)}" for command in failure.curl)
    return lines


def curls_of(failure: FailureRecord, masking: Masking) -> list[str]:
    return [curl(exchange, masking) for exchange in failure.exchanges] + [masking.text(c) for c in failure.curl]


_ERROR_LINES = 12  # of an error's message below its first line, as of a failure's


def errors_counted(result: RunResult) -> str:
    """How many distinct errors the run met, and how often in all where one was met again."""
    met = sum(int(error.get("times", 1)) for error in result.errors)
    return f"{len(result.errors)} errors" + (f" ({met} in all)" if met > len(result.errors) else "")


def print_report(result: RunResult, *, title: str, stream: TextIO, masking: Masking | None = None) -> None:
    masking = masking or Masking()

    def write(text: str = "") -> None:
        print(text, file=stream)

    write(f"specmock contract: {title}")
    write(summary_table(result))
    number = 0
    for check, failures in by_check(result).items():
        write()
        write(f"== {check}: {len(failures)} distinct failure{'s' if len(failures) != 1 else ''}")
        for failure in failures:
            number += 1
            status = f" (HTTP {failure.status_code})" if failure.status_code is not None else ""
            write(f"[{number}] {failure.operation}{status} [{failure.phase}] {failure.title}")
            for line in masking.text(failure.message).strip().splitlines()[:12]:
                write(f"    {line}")
            write("    reproduce:")
            for line in reproduction_lines(failure, masking):
                write(f"      {line}")
    for error in result.errors:
        write()
        lines = [line for line in masking.text(error["message"]).strip().splitlines() if line.strip()]
        again = f" (met {error['times']} times)" if error.get("times", 1) > 1 else ""
        write(f"[error] {error['label']}: {error['title']}{again}: {lines[0] if lines else ''}")
        for line in lines[1 : 1 + _ERROR_LINES]:  # what it says below (which links are invalid, and why)
            write(f"    {line.strip()}")
        if len(lines) > 1 + _ERROR_LINES:
            write(f"    ({len(lines) - 1 - _ERROR_LINES} more lines)")
    for note in result.notes:
        write()
        write(f"[note] {note}")
    cases = sum(op.cases for op in result.operations.values())
    write()
    verdict = "PASSED" if result.ok else "FAILED"
    capped = " (stopped at --max-failures)" if result.full else ""
    write(
        f"{verdict}: {len(result.operations)} operations, {cases} cases, {len(result.failures)} failures{capped}, "
        f"{errors_counted(result)} in {result.duration:.1f}s (seed {result.seed})"
    )
    if masking.enabled and result.failures:
        write("Secrets are masked as ***; pass --show-secrets for runnable commands.")


def _exchange_dict(exchange: Any, masking: Masking) -> dict[str, Any]:
    return {
        "request": {
            "method": exchange.method,
            "url": masking.url(exchange.url),
            "headers": {name: masking.header(name, value) for name, value in exchange.request_headers},
            "body": masking.text(exchange.request_body.decode("utf-8", "replace")) if exchange.request_body else None,
        },
        "response": None
        if exchange.status is None
        else {
            "status": exchange.status,
            "headers": {name: masking.header(name, value) for name, value in exchange.response_headers},
            "body": masking.text(truncated_body(exchange.response_body)),
        },
        "curl": curl(exchange, masking),
    }


def failure_dict(failure: FailureRecord, masking: Masking) -> dict[str, Any]:
    return {
        "operation": failure.operation,
        "check": failure.check,
        "title": failure.title,
        "message": masking.text(failure.message),
        "status_code": failure.status_code,
        "phase": failure.phase,
        "curl": curls_of(failure, masking),
        "exchanges": [_exchange_dict(exchange, masking) for exchange in failure.exchanges],
    }


def report_dict(result: RunResult, *, meta: dict[str, Any], masking: Masking | None = None) -> dict[str, Any]:
    masking = masking or Masking()
    return {
        **meta,
        "ok": result.ok,
        "seed": result.seed,
        "duration_seconds": round(result.duration, 3),
        "operations": [
            {"operation": label, "cases": op.cases, "failures": dict(sorted(op.failures.items()))}
            for label, op in sorted(result.operations.items())
        ],
        "failures": [failure_dict(failure, masking) for failure in result.failures],
        "errors": result.errors,
        "notes": result.notes,
    }


def write_json_report(result: RunResult, path: Path, *, meta: dict[str, Any], masking: Masking | None = None) -> None:
    path.write_text(json.dumps(report_dict(result, meta=meta, masking=masking), indent=2) + "\n", encoding="utf-8")


def write_junit_xml(result: RunResult, path: Path, *, suite_name: str, masking: Masking | None = None) -> None:
    """One <testcase> per operation; a <failure> per distinct failure, with the reproducing exchanges."""
    masking = masking or Masking()
    suite = ET.Element(
        "testsuite",
        name=suite_name,
        tests=str(len(result.operations) + (1 if result.errors else 0)),
        failures=str(sum(1 for op in result.operations.values() if op.failures)),
        errors=str(1 if result.errors else 0),
        time=f"{result.duration:.3f}",
    )
    by_operation: dict[str, list[FailureRecord]] = {}
    for failure in result.failures:
        by_operation.setdefault(failure.operation, []).append(failure)
    for label, op in sorted(result.operations.items()):
        case = ET.SubElement(suite, "testcase", classname=suite_name, name=label)
        ET.SubElement(case, "system-out").text = f"cases: {op.cases}"
        for failure in by_operation.get(label, []):
            element = ET.SubElement(case, "failure", message=f"{failure.check}: {failure.title}", type=failure.check)
            element.text = (
                masking.text(failure.message) + "\n\nReproduce:\n" + "\n".join(reproduction_lines(failure, masking))
            )
    if result.errors:
        case = ET.SubElement(suite, "testcase", classname=suite_name, name="run errors")
        for error in result.errors:
            element = ET.SubElement(case, "error", message=f"{error['label']}: {error['title']}")
            element.text = error["message"]
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.indent(suites)
    path.write_bytes(ET.tostring(suites, encoding="utf-8", xml_declaration=True))


_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1d1d1f}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25em .6em;border-bottom:1px solid #eee}
.pass{color:#137333}.fail{color:#b3261e}pre{background:#f6f8fa;padding:.8em;overflow-x:auto;white-space:pre-wrap}
details{margin:.6em 0}summary{cursor:pointer;font-weight:600}
"""


def render_html(result: RunResult, *, title: str, masking: Masking | None = None) -> str:
    """One self-contained page (inline style, no scripts, nothing fetched): summary, table, failures by check."""
    masking = masking or Masking()
    esc: Callable[[object], str] = lambda value: html.escape(str(value))  # noqa: E731
    verdict = "PASSED" if result.ok else "FAILED"
    cases = sum(op.cases for op in result.operations.values())
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>specmock contract: {esc(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>specmock contract: {esc(title)}</h1>",
        f"<p class={'pass' if result.ok else 'fail'}><strong>{verdict}</strong>: {len(result.operations)} operations, "
        f"{cases} cases, {len(result.failures)} failures, {errors_counted(result)} in {result.duration:.1f}s "
        f"(seed {esc(result.seed)})</p>",
        "<h2>Operations</h2><table><tr><th>operation</th><th>cases</th><th>failures by check</th></tr>",
    ]
    for label, op in sorted(result.operations.items()):
        cls = "fail" if op.failures else "pass"
        parts.append(
            f"<tr><td>{esc(label)}</td><td>{op.cases}</td><td class={cls}>{esc(_failures_cell(op.failures))}</td></tr>"
        )
    parts.append("</table>")
    for check, failures in by_check(result).items():
        parts.append(f"<h2 id='{esc(check)}'>{esc(check)} ({len(failures)})</h2>")
        for failure in failures:
            status = f" (HTTP {failure.status_code})" if failure.status_code is not None else ""
            parts.append(
                f"<details open><summary>{esc(failure.operation)}{esc(status)}: {esc(failure.title)}</summary>"
                f"<pre>{esc(masking.text(failure.message))}</pre>"
                f"<pre>{esc(chr(10).join(reproduction_lines(failure, masking)))}</pre></details>"
            )
    if result.errors:
        parts.append("<h2>Errors</h2>")
        for error in result.errors:
            again = f" (met {error['times']} times)" if error.get("times", 1) > 1 else ""
            parts.append(f"<pre>{esc(error['label'])}: {esc(error['title'])}{again}\n{esc(error['message'])}</pre>")
    parts.append("</body></html>\n")
    return "".join(parts)


def write_html_report(result: RunResult, path: Path, *, title: str, masking: Masking | None = None) -> None:
    path.write_text(render_html(result, title=title, masking=masking), encoding="utf-8")
