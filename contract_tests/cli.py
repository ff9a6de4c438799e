"""`specmock contract`: property-based contract tests against any running implementation of a spec.

Exit codes (also in `--help` and docs/ci.md):
  0  every check held (or --dry-run: the plan is valid)
  1  at least one check failed, or the run had errors (an operation that could not be tested)
  2  usage error: bad or unknown option, unknown api, spec or schemathesis.toml that cannot be loaded,
     base URL that does not answer
  130  interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import httpx
from schemathesis.core.errors import MalformedMediaType, SchemathesisError

from contract_tests import callback_receiver
from contract_tests.documents import DocumentError, load_api_document, load_spec_document
from contract_tests.passthrough import Passthrough, PassthroughError, load_config_file
from contract_tests.runner import (
    ENGINE_PHASES,
    FailureRecord,
    RunOptions,
    RunResult,
    known_operation_ids,
    run_contract,
)
from mock.exit_codes import EXIT_FAILURES, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

OWN_PHASES = (
    "link-walk",
    "security",
    "edges",
    "negotiation",
    "unknown-ids",
    "lists",
    "tenancy",
    "lifecycle",
    "concurrency",
)
EPILOG = """\
Any option not listed here is passed to schemathesis' `st run` (e.g. --report junit,har,vcr,
--report-dir DIR, --include-tag TAG, --mode positive, --max-response-time 2, --continue-on-failure);
schemathesis.toml is honoured (found like `st run` does, or --config-file FILE).

exit codes: 0 every check held (--dry-run: plan valid); 1 failures or run errors;
2 usage error (bad option, unknown api, unloadable spec or schemathesis.toml, base URL unreachable);
130 interrupted.
"""


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 already; keep its message to one line
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="specmock contract",
        description="Run schemathesis property-based tests plus specmock's domain checks against a running API.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        help="header sent with every request (repeatable); credentials here are what the security phase varies",
    )
    parser.add_argument(
        "--api-key",
        metavar="KEY",
        help="the credential, sent where the spec's security scheme says (bearer, basic user:password, "
        "apiKey header, query or cookie); what `specmock serve --api-key KEY` accepts",
    )
    parser.add_argument(
        "--tenant-b",
        action="append",
        default=[],
        metavar="'Name: value'",
        help="a second tenant's credential header (repeatable): enables the tenancy phase",
    )
    parser.add_argument("--max-examples", type=int, default=None, help="examples per operation and phase (default 100)")
    parser.add_argument("--seed", type=int, help="random seed, to reproduce a run")
    parser.add_argument("--workers", type=int, default=None, help="concurrent workers (default 1)")
    parser.add_argument(
        "--operation", nargs="+", action="extend", default=[], metavar="ID", help="only these operationIds"
    )
    parser.add_argument(
        "--phases",
        type=_csv,
        metavar="LIST",
        help=f"comma-separated phases to run: {', '.join((*ENGINE_PHASES, *OWN_PHASES))} (default: all)",
    )
    parser.add_argument("--checks", type=_csv, metavar="LIST", help="only these checks (schemathesis' and ours)")
    parser.add_argument("--exclude-checks", type=_csv, default=[], metavar="LIST", help="skip these checks")
    parser.add_argument("--max-time", type=int, metavar="SECONDS", help="time budget for the engine's phases")
    parser.add_argument("--max-failures", type=int, metavar="N", help="stop after N distinct failures")
    parser.add_argument("--rate-limit", metavar="N/UNIT", help="at most N requests per s/m/h, e.g. 100/m")
    parser.add_argument("--dry-run", action="store_true", help="load everything and print the plan; send nothing")
    parser.add_argument("--junit-xml", type=Path, metavar="FILE", help="write a JUnit XML report")
    parser.add_argument("--report", type=Path, metavar="FILE", help="write a JSON report")
    parser.add_argument("--report-html", type=Path, metavar="FILE", help="write a self-contained HTML report")
    parser.add_argument(
        "--show-secrets", action="store_true", help="print credentials in reproductions (masked as *** by default)"
    )
    parser.add_argument(
        "--progress",
        choices=("auto", "rich", "plain", "none"),
        default="auto",
        help="live progress on stderr: rich on a terminal, plain lines in CI (default auto)",
    )
    parser.add_argument(
        "--emit-links",
        type=Path,
        metavar="FILE",
        help="write the links inferred from the spec's resources as an OpenAPI Overlay (for review), then run",
    )
    parser.add_argument("--config-file", type=Path, metavar="FILE", help="schemathesis.toml to use")
    parser.add_argument("--request-timeout", type=float, default=None, help="seconds per request (default 10)")
    callback_receiver.add_arguments(parser)
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
    for outcome in run_protocol_tests(
        Session(options.base_url, dict(options.headers), options.request_timeout or 10.0)
    ):
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
    except (UsageError, PassthroughError) as exc:
        print(f"specmock contract: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (SchemathesisError, MalformedMediaType) as exc:
        # the spec is one schemathesis cannot test (what the mock's loading lets through with a warning)
        print(f"specmock contract: error: the spec cannot be tested: {str(exc).splitlines()[0]}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("specmock contract: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _validate(args: argparse.Namespace) -> None:
    for name in ("max_examples", "workers", "max_failures", "max_time"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be at least 1")
    unknown_phases = sorted(set(args.phases or []) - {*ENGINE_PHASES, *OWN_PHASES})
    if unknown_phases:
        raise UsageError(
            f"--phases: unknown {', '.join(unknown_phases)} (known: {', '.join((*ENGINE_PHASES, *OWN_PHASES))})"
        )
    if args.checks is not None or args.exclude_checks:
        from schemathesis.checks import CHECKS, load_all_checks

        import contract_tests.checks  # noqa: F401  (registers ours)

        load_all_checks()  # schemathesis registers its OpenAPI checks on first use
        from contract_tests.checks import OUTSIDE_ENGINE_CHECKS

        known = set(CHECKS.get_all_names()) | set(OUTSIDE_ENGINE_CHECKS)
        unknown = sorted(set(args.checks or []) | set(args.exclude_checks) - known - {"all"})
        unknown = [name for name in unknown if name not in known and name != "all"]
        if unknown:
            raise UsageError(f"unknown check(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})")


def _main(argv: list[str]) -> int:
    from contract_tests import reporting
    from contract_tests.progress import make_progress
    from contract_tests.reproduction import Masking, secrets_from_headers
    from contract_tests.runware_protocol import is_task_protocol

    args, rest = build_parser().parse_known_args(argv)
    _validate(args)
    passthrough = Passthrough.parse(rest)
    config_path, file_config = load_config_file(args.config_file)
    headers = parse_headers(args.header)
    try:
        if args.spec:
            contract = load_spec_document(args.spec)
        else:
            from mock.bundled import default_specs_dir

            contract = load_api_document(args.api, args.specs or default_specs_dir())
    except DocumentError as exc:
        raise UsageError(str(exc)) from None
    unknown = sorted(set(args.operation) - known_operation_ids(contract.document))
    if unknown:
        raise UsageError(f"unknown operationId(s) for {contract.name}: {', '.join(unknown)}")
    base_url = args.base_url.rstrip("/")
    if contract.dropped_links:
        shown = "; ".join(contract.dropped_links[:3]) + ("; …" if len(contract.dropped_links) > 3 else "")
        print(
            f"specmock contract: {len(contract.dropped_links)} of the spec's links name no operation and are left out"
            f" ({shown}){'; links inferred from its resources are used instead' if contract.links_inferred else ''}",
            file=sys.stderr,
        )
    if args.emit_links:
        from contract_tests.links import write_links_overlay

        write_links_overlay(args.emit_links, contract.name, contract.inferred_links)
        state = "used in this run" if contract.links_inferred else "not used: the spec declares links"
        print(
            f"{args.emit_links}: {sum(map(len, contract.inferred_links.values()))} inferred links ({state})",
            file=sys.stderr,
        )

    from contract_tests.credentials import resolve

    credentials = resolve(contract.document, args.api_key, headers)
    phases = args.phases
    receiver, document = (None, contract.document) if args.dry_run else callback_receiver.start(args, contract.document)
    options = RunOptions(
        document=document,
        base_url=base_url,
        headers=credentials.headers,
        query_credentials=credentials.query,
        cookie_credentials=credentials.cookies,
        credentials_verified=credentials.verified,
        operation_credentials=credentials.per_operation,
        max_examples=args.max_examples,
        seed=args.seed,
        workers=args.workers,
        operation_ids=list(args.operation),
        request_timeout=args.request_timeout,
        phases=[phase for phase in phases if phase in ENGINE_PHASES] if phases is not None else None,
        skip_phases=[phase for phase in OWN_PHASES if phases is not None and phase not in phases],
        checks=args.checks,
        exclude_checks=args.exclude_checks,
        max_time=args.max_time,
        max_failures=args.max_failures,
        rate_limit=args.rate_limit,
        tenant_b=parse_headers(args.tenant_b),
        configure=passthrough.apply,
        base_config=file_config,
        filters=passthrough.filter_set(),
    )
    if args.dry_run:
        return _dry_run(options, contract.name, config_path, passthrough)
    check_reachable(base_url, args.request_timeout or 10.0)

    placed = {*credentials.query.values(), *credentials.cookies.values(), *([args.api_key] if args.api_key else [])}
    given = secrets_from_headers(credentials.headers) | placed
    masking = Masking(enabled=not args.show_secrets, secrets=frozenset(given))
    started = time.monotonic()
    result = run_contract(
        options, progress=make_progress(args.progress, sys.stderr), make_sink=lambda _: passthrough.report_sink(_)
    )
    protocol_phase = phases is None or "protocol" in phases
    if is_task_protocol(contract.document) and not args.operation and protocol_phase:
        add_protocol_results(result, options)
    callback_receiver.finish(receiver, args, contract.document, result)
    result.duration = time.monotonic() - started

    title = f"{contract.name} at {base_url}"
    reporting.print_report(result, title=title, stream=sys.stdout, masking=masking)
    meta = {
        "api": contract.name,
        "base_url": base_url,
        "spec": str(args.spec) if args.spec else None,
        "overlays": [str(path) for path in contract.overlays],
        "schemathesis_config": str(config_path) if config_path else None,
        "max_examples": args.max_examples,
        "workers": args.workers,
        "operations_selected": list(args.operation),
    }
    if args.report:
        reporting.write_json_report(result, args.report, meta=meta, masking=masking)
    if args.junit_xml:
        reporting.write_junit_xml(
            result, args.junit_xml, suite_name=f"specmock-contract-{contract.name}", masking=masking
        )
    if args.report_html:
        reporting.write_html_report(result, args.report_html, title=title, masking=masking)
    return EXIT_OK if result.ok else EXIT_FAILURES


def _dry_run(options: RunOptions, name: str, config_path: Path | None, passthrough: Passthrough) -> int:
    """What a run would do: operations, phases, checks, settings. Nothing is sent."""
    from contract_tests.runner import load_schema, selected_operations

    schema = load_schema(options)
    project = schema.config
    phases = [phase for phase in ENGINE_PHASES if getattr(project.phases, phase).enabled]
    phases += [phase for phase in OWN_PHASES if phase not in options.skip_phases]
    from contract_tests.checks import OUTSIDE_ENGINE_CHECKS
    from contract_tests.runner import check_enabled

    checks = sorted(
        [*_enabled_checks(project), *(name for name in OUTSIDE_ENGINE_CHECKS if check_enabled(options, name))]
    )
    print(f"specmock contract --dry-run: {name} at {options.base_url}")
    print(f"config file: {config_path or 'none'}")
    if passthrough.args:
        print(f"schemathesis options: {' '.join(passthrough.args)}")
    print(f"phases: {', '.join(phases)}")
    print(f"max examples: {project.generation_for(phase='fuzzing').max_examples}; seed: {schema.config.seed}")
    print(f"checks: {', '.join(checks)}")
    operations = sorted(operation.label for operation in selected_operations(schema))
    print(f"operations ({len(operations)}):")
    for label in operations:
        print(f"  {label}")
    return EXIT_OK


def _enabled_checks(project: Any) -> list[str]:
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()

    config = project.checks_config_for()
    return [name for name in CHECKS.get_all_names() if config.get_by_name(name=name).enabled]


if __name__ == "__main__":
    raise SystemExit(main())
