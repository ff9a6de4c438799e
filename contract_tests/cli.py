"""`specmock contract`: property-based contract tests against any running implementation of a spec.

Exit codes: 0 everything holds, 1 failures, 2 usage errors (bad arguments, unknown api, spec that
cannot be loaded, base URL that does not answer).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import httpx

from contract_tests.documents import DocumentError, load_api_document, load_spec_document
from contract_tests.runner import FailureRecord, RunOptions, RunResult, known_operation_ids, run_contract

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 already; keep its message to one line
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="specmock contract",
        description="Run schemathesis property-based tests plus specmock's domain checks against a running API.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--api", help="API name from the specs directory (aeriox, runware, runflow, useapi)")
    source.add_argument("--spec", type=Path, help="path to one OpenAPI document instead of --api")
    parser.add_argument(
        "--specs", type=Path, default=None, help="specs directory for --api (default: ./specs, else the bundled ones)"
    )
    parser.add_argument("--base-url", required=True, help="server URL of the implementation under test")
    parser.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="'Name: value'",
        help="header sent with every request (repeatable)",
    )
    parser.add_argument("--max-examples", type=int, default=100, help="examples per operation and phase (default 100)")
    parser.add_argument("--seed", type=int, help="random seed, to reproduce a run")
    parser.add_argument("--workers", type=int, default=1, help="concurrent workers (default 1)")
    parser.add_argument(
        "--operation", nargs="+", action="extend", default=[], metavar="ID", help="only these operationIds"
    )
    parser.add_argument("--junit-xml", type=Path, metavar="FILE", help="write a JUnit XML report")
    parser.add_argument("--report", type=Path, metavar="FILE", help="write a JSON report")
    parser.add_argument("--request-timeout", type=float, default=10.0, help="seconds per request (default 10)")
    return parser


def parse_headers(values: list[str]) -> dict[str, str]:
    headers = {}
    for value in values:
        name, sep, content = value.partition(":")
        if not sep or not name.strip():
            raise UsageError(f"--header {value!r}: expected 'Name: value'")
        headers[name.strip()] = content.strip()
    return headers


def check_reachable(base_url: str, timeout: float) -> None:
    """Any HTTP answer (even 404) means the server is there; only a transport failure is a usage error."""
    if not base_url.startswith(("http://", "https://")):
        raise UsageError(f"--base-url {base_url!r}: expected an http:// or https:// URL")
    try:
        with httpx.Client(timeout=timeout) as client:
            client.get(base_url)
    except httpx.HTTPError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(f"base URL {base_url} is unreachable: {reason}") from None


def add_protocol_results(result: RunResult, options: RunOptions) -> None:
    from contract_tests.runware_protocol import Session, run_protocol_tests

    label = "POST / (task protocol)"
    operation = result.operation(label)
    for outcome in run_protocol_tests(Session(options.base_url, dict(options.headers), options.request_timeout)):
        operation.cases += 1
        if outcome.error is not None:
            result.add_failure(
                FailureRecord(
                    operation=label,
                    check=f"protocol_{outcome.name}",
                    title="Task protocol violated",
                    message=outcome.error,
                    status_code=None,
                    phase="protocol",
                    curl=[outcome.curl] if outcome.curl else [],
                )
            )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except SystemExit as exc:  # argparse --help
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except UsageError as exc:
        print(f"specmock contract: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _main(argv: list[str]) -> int:
    from contract_tests import reporting
    from contract_tests.runware_protocol import is_task_protocol

    args = build_parser().parse_args(argv)
    if args.max_examples < 1:
        raise UsageError("--max-examples must be at least 1")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    headers = parse_headers(args.header)
    try:
        if args.spec:
            contract = load_spec_document(args.spec)
        else:
            from mock.cli import default_specs_dir

            contract = load_api_document(args.api, args.specs or default_specs_dir())
    except DocumentError as exc:
        raise UsageError(str(exc)) from None
    unknown = sorted(set(args.operation) - known_operation_ids(contract.document))
    if unknown:
        raise UsageError(f"unknown operationId(s) for {contract.name}: {', '.join(unknown)}")
    base_url = args.base_url.rstrip("/")
    check_reachable(base_url, args.request_timeout)

    options = RunOptions(
        document=contract.document,
        base_url=base_url,
        headers=headers,
        max_examples=args.max_examples,
        seed=args.seed,
        workers=args.workers,
        operation_ids=list(args.operation),
        request_timeout=args.request_timeout,
    )
    started = time.monotonic()
    result = run_contract(options)
    if is_task_protocol(contract.document) and not args.operation:
        add_protocol_results(result, options)
    result.duration = time.monotonic() - started

    reporting.print_report(result, title=f"{contract.name} at {base_url}", stream=sys.stdout)
    meta = {
        "api": contract.name,
        "base_url": base_url,
        "spec": str(args.spec) if args.spec else None,
        "overlays": [str(path) for path in contract.overlays],
        "max_examples": args.max_examples,
        "workers": args.workers,
        "operations_selected": list(args.operation),
    }
    if args.report:
        reporting.write_json_report(result, args.report, meta=meta)
    if args.junit_xml:
        reporting.write_junit_xml(result, args.junit_xml, suite_name=f"specmock-contract-{contract.name}")
    return EXIT_OK if result.ok else EXIT_FAILURES


if __name__ == "__main__":
    raise SystemExit(main())
