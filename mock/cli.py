"""`specmock <verb>`: serve the mock, check and list specs, run contract tests."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from mock.connections import (
    DEFAULT_HEADER_TIMEOUT_S,
    DEFAULT_KEEP_ALIVE_TIMEOUT_S,
    DEFAULT_LIMIT_CONCURRENCY,
    ConnectionLimits,
)
from mock.request_input import DEFAULT_LIMITS
from mock.scenario.engine import DEFAULT_SCENARIOS
from mock.scenario.loading import ScenarioError
from mock.scenario.retention import Retention
from mock.spec import SpecError, load_apis

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2
BUNDLED_SPECS = Path(__file__).resolve().parents[1] / "specs"
BUNDLED_SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def default_scenarios_dir() -> Path:
    """./scenarios when there is one, else the scenarios bundled beside the package."""
    local = Path("scenarios")
    return local if local.is_dir() or not BUNDLED_SCENARIOS.is_dir() else BUNDLED_SCENARIOS


def default_specs_dir() -> Path:
    """./specs when there is one, else the specs bundled beside the package."""
    local = Path("specs")
    return local if local.is_dir() or not BUNDLED_SPECS.is_dir() else BUNDLED_SPECS


DESCRIPTION = """\
specmock: a mock server and contract tester driven by the OpenAPI documents in specs/.

  specmock serve                      mock every API in specs/ on http://127.0.0.1:8000/<name>/...
  specmock serve --api aeriox         mock one API at the root (http://127.0.0.1:8000/v1/models)
  specmock specs list                 the APIs, their base URLs and operations
  specmock specs check                validate every spec; show what normalising changed
  specmock specs resources [--api N]  the CRUD resources inferred from each spec, and what was left out and why
  specmock serve --scenario rate-limit --scenario wallet
                                      behaviour from scenarios/*.yaml (default: stateful, job-lifecycle, wallet;
                                      --scenario none for the static mock); admin API under /__specmock/
  specmock scenarios list             the scenarios in scenarios/, their settings and rules
  specmock scenarios check            validate every scenario file against the specs
  specmock proxy --api aeriox --upstream http://127.0.0.1:9000 [--strict] [--fallback mock] [--record DIR]
                                      validate live traffic to the real backend against the spec
  specmock contract --api aeriox --base-url URL
                                      property-based contract tests of a live implementation
Run `specmock <verb> --help` for the options of each verb.
"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (0 < value <= 3600):
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0 and at most 3600 seconds")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="specmock", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    verbs = parser.add_subparsers(dest="verb", metavar="<verb>", required=True)

    serve = verbs.add_parser(
        "serve", help="start the mock server", description="Start the mock server on the specs in --specs."
    )
    serve.add_argument(
        "--specs", type=Path, default=None, help="folder of OpenAPI documents (default: ./specs, else the bundled ones)"
    )
    serve.add_argument("--api", help="serve only this API, at the root of the server (e.g. aeriox)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--seed", type=int, default=0, help="seed for generated data; same seed, same answers (default: 0)"
    )
    serve.add_argument(
        "--api-key",
        action="append",
        default=[],
        metavar="KEY",
        help="accept only this credential (repeatable); default: any non-empty key not starting with 'invalid'",
    )
    serve.add_argument(
        "--self-check", action="store_true", help="validate every response against the spec and log violations"
    )
    serve.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="allow only this browser origin (repeatable); default: any origin",
    )
    serve.add_argument(
        "--max-body",
        type=int,
        default=10 * 1024 * 1024,
        metavar="BYTES",
        help="largest request body accepted (default: 10 MiB)",
    )
    serve.add_argument(
        "--datetime-precision",
        choices=("s", "ms", "us"),
        default="ms",
        help="fractional seconds of generated date-times: s, ms (default, as most backends send) or us",
    )
    serve.add_argument(
        "--header-timeout",
        type=_positive_float,
        default=DEFAULT_HEADER_TIMEOUT_S,
        metavar="S",
        help="close a connection whose request head has not fully arrived S seconds after it began waiting "
        f"for one (slowloris, idle connections; default: {DEFAULT_HEADER_TIMEOUT_S:g})",
    )
    serve.add_argument(
        "--body-timeout",
        type=_positive_float,
        default=DEFAULT_LIMITS.body_timeout_s,
        metavar="S",
        help=f"answer 408 when a request body has not fully arrived S seconds after its head "
        f"(default: {DEFAULT_LIMITS.body_timeout_s:g})",
    )
    serve.add_argument(
        "--keep-alive-timeout",
        type=_positive_int,
        default=DEFAULT_KEEP_ALIVE_TIMEOUT_S,
        metavar="S",
        help=f"close a keep-alive connection idle S seconds after an answer (default: {DEFAULT_KEEP_ALIVE_TIMEOUT_S})",
    )
    serve.add_argument(
        "--limit-concurrency",
        type=_positive_int,
        default=DEFAULT_LIMIT_CONCURRENCY,
        metavar="N",
        help=f"answer 503 once N connections or requests are open at once (default: {DEFAULT_LIMIT_CONCURRENCY})",
    )
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.add_argument(
        "--scenarios",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of scenario YAML files (default: ./scenarios, else the bundled ones)",
    )
    serve.add_argument(
        "--scenario",
        action="append",
        default=None,
        metavar="NAME",
        help="activate this scenario (repeatable); default: "
        + ", ".join(DEFAULT_SCENARIOS)
        + "; `none`: the static mock",
    )
    serve.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SCENARIO.SETTING=VALUE",
        dest="settings",
        help="override a scenario setting, e.g. rate-limit.limit=3 or wallet.start_balance_usd=20 (value is YAML)",
    )
    serve.add_argument(
        "--state",
        metavar="FILE|redis://HOST:PORT/DB",
        help="keep scenario state in this SQLite file (survives a restart, shared by --workers) or in Redis"
        " (shared by workers and replicas); default: in memory",
    )
    retention = Retention()
    serve.add_argument(
        "--retain-jobs",
        type=positive_int,
        default=retention.finished_jobs,
        metavar="N",
        help=f"finished jobs kept in the state; older ones are forgotten (default: {retention.finished_jobs})",
    )
    serve.add_argument(
        "--retain-ledger",
        type=positive_int,
        default=retention.ledger_entries,
        metavar="N",
        help="ledger entries kept per wallet; older ones fold into one balance-forward entry"
        f" (default: {retention.ledger_entries})",
    )
    serve.add_argument(
        "--retain-records",
        type=positive_int,
        default=retention.records,
        metavar="N",
        help=f"records kept per stateful collection; the oldest created go first (default: {retention.records})",
    )
    serve.add_argument(
        "--retain-journal",
        type=positive_int,
        default=retention.journal_entries,
        metavar="N",
        help=f"requests kept in the journal (default: {retention.journal_entries})",
    )
    serve.add_argument(
        "--retain-seconds",
        type=positive_float,
        default=retention.max_age_s,
        metavar="S",
        help="finished jobs, journal entries and idle rate-limit buckets older than this are forgotten"
        f" (default: {retention.max_age_s:g})",
    )
    serve.add_argument(
        "--workers",
        type=workers_count,
        default=1,
        metavar="N|auto",
        help="worker processes sharing the port (default: 1; auto: one per core); with scenarios on, state must"
        " be shared: --state FILE or --state redis://…",
    )

    add_proxy_parser(verbs)

    scenarios = verbs.add_parser(
        "scenarios", help="list or check the scenarios", description="List or check the scenario files."
    )
    scenario_verbs = scenarios.add_subparsers(dest="scenarios_verb", metavar="<list|check>", required=True)
    for name, text in (
        ("list", "list the scenarios, their settings and rules"),
        ("check", "validate every scenario file against the specs"),
    ):
        sub = scenario_verbs.add_parser(name, help=text, description=text)
        sub.add_argument(
            "--scenarios",
            type=Path,
            default=None,
            metavar="DIR",
            help="folder of scenario YAML files (default: ./scenarios, else the bundled ones)",
        )
        sub.add_argument(
            "--specs",
            type=Path,
            default=None,
            help="folder of OpenAPI documents (default: ./specs, else the bundled ones)",
        )
        sub.add_argument("--json", action="store_true", help="machine-readable output")

    specs = verbs.add_parser(
        "specs", help="list or check the specs", description="List or check the OpenAPI documents."
    )
    specs_verbs = specs.add_subparsers(dest="specs_verb", metavar="<list|check|resources>", required=True)
    for name, text in (
        ("list", "list the APIs, their base URLs and operations"),
        ("check", "validate every spec and show normalisations"),
        ("resources", "the CRUD resources inferred from each spec; each operation left out and why"),
    ):
        sub = specs_verbs.add_parser(name, help=text, description=text)
        sub.add_argument(
            "--specs",
            type=Path,
            default=None,
            help="folder of OpenAPI documents (default: ./specs, else the bundled ones)",
        )
        sub.add_argument("--json", action="store_true", help="machine-readable output")
        if name == "resources":
            sub.add_argument("--api", default=None, help="only this API")
            sub.add_argument(
                "--scenarios",
                type=Path,
                default=None,
                help="folder of scenario files that may correct the inference (default: ./scenarios, else bundled)",
            )

    contract = verbs.add_parser("contract", help="run contract tests against a live implementation", add_help=False)
    contract.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: give at least 1")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text}: give a positive, finite number of seconds")
    return value


def workers_count(text: str) -> int:
    if text == "auto":
        return os.cpu_count() or 1
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers (or auto)") from None
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError(f"{count} workers: give 1 to 64 (or auto)")
    return count


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["contract"]:
        from contract_tests.cli import main as contract_main

        return contract_main(argv[1:])
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if getattr(args, "specs", None) is None and args.verb in ("serve", "proxy", "specs", "scenarios"):
        args.specs = default_specs_dir()
    if getattr(args, "scenarios", None) is None and (
        args.verb in ("serve", "proxy", "scenarios") or getattr(args, "specs_verb", None) == "resources"
    ):
        args.scenarios = default_scenarios_dir()
    try:
        if args.verb == "serve":
            return serve(args)
        if args.verb == "proxy":
            return proxy(args)
        if args.verb == "specs":
            if args.specs_verb == "resources":
                from mock.scenario.cli import specs_resources

                return specs_resources(args)
            return specs_list(args) if args.specs_verb == "list" else specs_check(args)
        if args.verb == "scenarios":
            from mock.scenario.cli import scenarios_check, scenarios_list

            return scenarios_list(args) if args.scenarios_verb == "list" else scenarios_check(args)
    except SpecError as exc:
        print(f"specmock: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `specmock specs list | head` is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return EXIT_USAGE


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from mock.app import CONFIG_ENVIRONMENT, ServeConfig, create_app, settle_memory
    from mock.scenario.cli import UsageError, scenario_choice
    from mock.scenario.store import StateUnavailable

    started = time.perf_counter()
    apis = load_apis(args.specs)
    try:
        scenarios_dir, active, settings = scenario_choice(args)
    except UsageError as exc:
        print(f"specmock: {exc}", file=sys.stderr)
        return EXIT_USAGE
    config = ServeConfig(
        specs_dir=args.specs,
        only_api=args.api,
        seed=args.seed,
        api_keys=frozenset(args.api_key),
        self_check=args.self_check,
        cors_origins=tuple(args.cors_origin) or ("*",),
        max_body_bytes=args.max_body,
        body_timeout_s=args.body_timeout,
        scenarios_dir=scenarios_dir,
        scenarios=active,
        scenario_settings=settings,
        state=args.state,
        datetime_precision=args.datetime_precision,
        retention=Retention(
            finished_jobs=args.retain_jobs,
            ledger_entries=args.retain_ledger,
            records=args.retain_records,
            journal_entries=args.retain_journal,
            max_age_s=args.retain_seconds,
        ),
    )
    from mock.scenario.engine import UnknownScenario

    try:
        app = create_app(config, apis)
    except UnknownScenario as exc:
        print(f"specmock: --scenario: {exc.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    except StateUnavailable as exc:
        print(f"specmock: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyError as exc:
        print(f"specmock: --api: {exc.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"specmock: {exc}", file=sys.stderr)
        return EXIT_USAGE
    server = app.state.server
    engine = server.scenarios
    if args.workers > 1 and engine.active() and not engine.store.shared:
        print(
            f"specmock: --workers {args.workers} with scenarios on needs state the workers share:"
            " add --state FILE or --state redis://HOST:PORT/DB (or --scenario none for the static mock)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    for entry in server.index()["apis"]:
        print(
            f"specmock: {entry['name']:<10} http://{args.host}:{args.port}{entry['base_url']}  ({entry['operations']} operations)",
            file=sys.stderr,
        )
    print(
        f"specmock: scenarios active: {', '.join(engine.active()) or 'none (static mock)'}; state in {engine.store.description};"
        f" admin API http://{args.host}:{args.port}/__specmock/",
        file=sys.stderr,
    )
    print(f"specmock: specs loaded in {time.perf_counter() - started:.2f}s", file=sys.stderr)
    connections = ConnectionLimits(
        header_timeout_s=args.header_timeout,
        keep_alive_timeout_s=args.keep_alive_timeout,
        limit_concurrency=args.limit_concurrency,
    )
    if args.workers > 1:
        # Each worker process builds its own app from the same configuration (uvicorn spawns them).
        os.environ[CONFIG_ENVIRONMENT] = config.to_json()
        target: Any = "mock.app:app_from_environment"
        print(f"specmock: {args.workers} worker processes", file=sys.stderr)
    else:
        target = app
        settle_memory()
    uvicorn.run(
        target,
        factory=args.workers > 1,
        workers=args.workers if args.workers > 1 else None,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=args.access_log,
        loop="auto",
        lifespan="off",
        **connections.uvicorn_options(),
    )
    return EXIT_OK


def add_proxy_parser(verbs: Any) -> None:
    proxy = verbs.add_parser(
        "proxy",
        help="a validating proxy in front of the real backend",
        description="Forward every request to --upstream and check request and answer against the spec of --api.",
    )
    proxy.add_argument("--api", required=True, help="the API the upstream implements (e.g. runflow)")
    proxy.add_argument("--upstream", required=True, metavar="URL", help="the real backend, e.g. http://127.0.0.1:9000")
    proxy.add_argument(
        "--specs", type=Path, default=None, help="folder of OpenAPI documents (default: ./specs, else the bundled ones)"
    )
    proxy.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    proxy.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    proxy.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="add this header to every forwarded request, replacing the client's (repeatable)",
    )
    proxy.add_argument(
        "--strict", action="store_true", help="answer 502 in the API's envelope instead of an off-spec answer"
    )
    proxy.add_argument(
        "--fallback",
        choices=["mock"],
        help="answer from the mock where the upstream lacks a declared operation (404/405/501) or is down",
    )
    proxy.add_argument(
        "--timeout", type=float, default=30.0, metavar="S", help="seconds to wait for the upstream (default: 30)"
    )
    proxy.add_argument(
        "--max-body",
        type=int,
        default=10 * 1024 * 1024,
        metavar="BYTES",
        help="largest body held to be checked; larger ones stream through unchecked (default: 10 MiB)",
    )
    proxy.add_argument("--seed", type=int, default=0, help="seed for the fallback mock's generated data")
    proxy.add_argument(
        "--scenarios", type=Path, default=None, metavar="DIR", help="scenario folder for the fallback mock"
    )
    proxy.add_argument(
        "--scenario", action="append", default=None, metavar="NAME", help="fallback mock scenario (as for serve)"
    )
    proxy.add_argument(
        "--set", action="append", default=[], metavar="SCENARIO.SETTING=VALUE", dest="settings", help="as for serve"
    )


def proxy(args: argparse.Namespace) -> int:
    import uvicorn

    from mock.app import ServeConfig
    from mock.proxy import ProxyConfig, create_proxy_app
    from mock.scenario.cli import UsageError, scenario_choice

    headers = []
    for raw in args.header:
        name, sep, value = raw.partition(":")
        if not sep or not name.strip():
            print(f"specmock: --header {raw!r}: expected 'Name: value'", file=sys.stderr)
            return EXIT_USAGE
        headers.append((name.strip(), value.strip()))
    apis = load_apis(args.specs)
    try:
        scenarios_dir, active, settings = scenario_choice(args)
    except UsageError as exc:
        print(f"specmock: {exc}", file=sys.stderr)
        return EXIT_USAGE
    serve_config = ServeConfig(
        specs_dir=args.specs,
        only_api=args.api,
        seed=args.seed,
        max_body_bytes=args.max_body,
        scenarios_dir=scenarios_dir,
        scenarios=active,
        scenario_settings=settings,
    )
    proxy_config = ProxyConfig(
        upstream=args.upstream,
        headers=tuple(headers),
        strict=args.strict,
        fallback_to_mock=args.fallback == "mock",
        timeout_s=args.timeout,
        max_check_bytes=args.max_body,
    )
    try:
        app = create_proxy_app(serve_config, proxy_config, apis)
    except KeyError as exc:
        print(f"specmock: --api: {exc.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"specmock: {exc}", file=sys.stderr)
        return EXIT_USAGE
    fallback = "the mock" if proxy_config.fallback_to_mock else "none"
    print(
        f"specmock: proxy for {args.api} on http://{args.host}:{args.port} -> {args.upstream}"
        f" ({'strict' if args.strict else 'reporting'}; fallback: {fallback});"
        f" journal http://{args.host}:{args.port}/__specmock/journal",
        file=sys.stderr,
    )
    # The upstream's own Date and Server headers pass through; uvicorn must not add a second pair.
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        lifespan="off",
        server_header=False,
        date_header=False,
        **ConnectionLimits().uvicorn_options(),  # the same header deadline and limits as `serve`
    )
    return EXIT_OK


def specs_list(args: argparse.Namespace) -> int:
    apis = load_apis(args.specs)
    if args.json:
        print(
            json.dumps(
                {
                    name: {
                        "title": api.title,
                        "base_path": api.base_path,
                        "sources": [p.name for p in api.sources],
                        "operations": [f"{o.method} {o.path} {o.operation_id}" for o in api.operations],
                    }
                    for name, api in apis.items()
                },
                indent=2,
            )
        )
        return EXIT_OK
    for name, api in sorted(apis.items()):
        print(
            f"{name}  ({api.title}) — mounted at /{name}{api.base_path}, from {', '.join(p.name for p in api.sources)}"
        )
        for operation in api.operations:
            print(f"  {operation.method:<7} {api.base_path}{operation.path:<45} {operation.operation_id}")
    return EXIT_OK


def specs_check(args: argparse.Namespace) -> int:
    apis = load_apis(args.specs)
    for name, api in sorted(apis.items()):
        print(f"ok  {name}: {len(api.operations)} operations from {', '.join(p.name for p in api.sources)}")
        for note in api.normalisations:
            print(f"    normalised {note}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
