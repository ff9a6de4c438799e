"""`specmock <verb>`: serve the mock, check and list specs, run contract tests."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mock.bundled import default_scenarios_dir, default_specs_dir
from mock.connections import (
    DEFAULT_HEADER_TIMEOUT_S,
    DEFAULT_KEEP_ALIVE_TIMEOUT_S,
    DEFAULT_LIMIT_CONCURRENCY,
    ConnectionLimits,
)
from mock.exit_codes import EXIT_CANNOT_LISTEN, EXIT_OK, EXIT_USAGE
from mock.request_input import DEFAULT_LIMITS
from mock.scenario.engine import DEFAULT_SCENARIOS
from mock.scenario.loading import ScenarioError
from mock.scenario.retention import Retention
from mock.spec import SpecError, load_apis
from mock.spec.checking import BackgroundCheck, SpecWarning
from mock.spec.loading import LoadedSpecs, load_specs
from mock.spec.model import Api

DESCRIPTION = """\
specmock: a mock server and contract tester driven by the OpenAPI documents in specs/.

  specmock serve                      mock every API in specs/ on http://127.0.0.1:8000/<name>/...
  specmock serve --api aeriox         mock one API at the root (http://127.0.0.1:8000/v1/models)
  specmock specs list                 the APIs, their base URLs and operations
  specmock specs check                validate every spec; show what normalising changed
  specmock specs resources [--api N]  the CRUD resources inferred from each spec, and what was left out and why
  specmock serve --scenario rate-limit --scenario wallet
                                      behaviour from scenarios/*.yaml (default: stateful, job-lifecycle,
                                      wallet, callbacks; --scenario none for the static mock);
                                      admin API under /__specmock/
  specmock scenarios list             the scenarios in scenarios/, their settings and rules
  specmock scenarios check            validate every scenario file against the specs
  specmock proxy --api aeriox --upstream http://127.0.0.1:9000 [--strict] [--fallback mock] [--record DIR]
                                      validate live traffic to the real backend against the spec
  specmock contract --api aeriox --base-url URL
                                      property-based contract tests of a live implementation
Run `specmock <verb> --help` for the options of each verb.
"""


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def positive_float(text: str, at_most: float = math.inf) -> float:
    """Seconds: more than 0, finite, and at most `at_most`."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= at_most or math.isinf(value):
        limit = "finite" if math.isinf(at_most) else f"at most {at_most:g}"
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0 and {limit} seconds")
    return value


def timeout_seconds(text: str) -> float:
    """A connection timeout: at most an hour."""
    return positive_float(text, at_most=3600)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="specmock", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"specmock {specmock_version()}")
    verbs = parser.add_subparsers(dest="verb", metavar="<verb>", required=True)

    serve = verbs.add_parser(
        "serve", help="start the mock server", description="Start the mock server on the specs in --specs."
    )
    serve.add_argument(
        "--specs", type=Path, default=None, help="folder of OpenAPI documents (default: ./specs, else the bundled ones)"
    )
    serve.add_argument("--api", help="serve only this API, at the root of the server (e.g. aeriox)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default: 8000; 0: any free port, printed)"
    )
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
        type=timeout_seconds,
        default=DEFAULT_HEADER_TIMEOUT_S,
        metavar="S",
        help="close a connection whose request head has not fully arrived S seconds after it began waiting "
        f"for one (slowloris, idle connections; default: {DEFAULT_HEADER_TIMEOUT_S:g})",
    )
    serve.add_argument(
        "--body-timeout",
        type=timeout_seconds,
        default=DEFAULT_LIMITS.body_timeout_s,
        metavar="S",
        help=f"answer 408 when a request body has not fully arrived S seconds after its head "
        f"(default: {DEFAULT_LIMITS.body_timeout_s:g})",
    )
    serve.add_argument(
        "--keep-alive-timeout",
        type=positive_int,
        default=DEFAULT_KEEP_ALIVE_TIMEOUT_S,
        metavar="S",
        help=f"close a keep-alive connection idle S seconds after an answer (default: {DEFAULT_KEEP_ALIVE_TIMEOUT_S})",
    )
    serve.add_argument(
        "--limit-concurrency",
        type=positive_int,
        default=DEFAULT_LIMIT_CONCURRENCY,
        metavar="N",
        help=f"answer 503 once N connections or requests are open at once (default: {DEFAULT_LIMIT_CONCURRENCY})",
    )
    serve.add_argument(
        "--log-format",
        choices=("text", "json"),
        default="text",
        help="request log on stderr: one line per request as text (coloured on a terminal) or JSON (default: text)",
    )
    serve.add_argument("--quiet", action="store_true", help="no request log (start-up lines and problems only)")
    serve.add_argument("--access-log", action="store_true", help=argparse.SUPPRESS)  # the request log is on anyway
    serve.add_argument(
        "--no-watch",
        action="store_true",
        help="do not reload when a file in --specs, its overlays/ or --scenarios changes",
    )
    serve.add_argument(
        "--admin-token",
        metavar="TOKEN",
        help="token that opens the admin API /__specmock/ to any client (X-Specmock-Token header), e.g. in a "
        "container; default: a random one, printed at start-up",
    )
    serve.add_argument(
        "--strict", action="store_true", help="refuse to start when a spec has warnings (see `specmock specs check`)"
    )
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
        "--allow-callback-host",
        action="append",
        default=[],
        metavar="HOST",
        help="callbacks and webhooks may be sent to this host too (repeatable); default: loopback only",
    )
    serve.add_argument(
        "--overlay",
        action="append",
        default=[],
        type=Path,
        metavar="DIR",
        help="also apply the OpenAPI Overlays <api>.*.yaml in DIR (repeatable), "
        "e.g. examples recorded by `proxy --record`",
    )
    serve.add_argument(
        "--state",
        metavar="FILE|redis://HOST:PORT/DB",
        help="keep scenario state in this SQLite file (survives a restart, shared by --workers) or in Redis"
        " (shared by workers and replicas); default: in memory",
    )
    for setting in dataclasses.fields(Retention):
        whole = isinstance(setting.default, int)
        serve.add_argument(
            setting.metadata["option"],
            dest=f"retain_{setting.name}",
            type=positive_int if whole else positive_float,
            default=setting.default,
            metavar="N" if whole else "S",
            help=f"{setting.metadata['help']} (default: {setting.default:g})",
        )
    serve.add_argument(
        "--workers",
        type=workers_count,
        default=1,
        metavar="N|auto",
        help="worker processes sharing the port (default: 1; auto: one per core); with scenarios on, state must"
        " be shared: --state FILE or --state redis://…",
    )
    serve.add_argument(
        "--seed-data",
        type=int,
        default=5,
        metavar="N",
        help="records each inferred collection starts with, from spec examples or generated under --seed "
        "(default: 5; 0 for empty)",
    )
    serve.add_argument(
        "--unknown-ids",
        choices=("404", "generate", "always-404"),
        default="404",
        help="an id the state does not hold: 404 in the API's envelope where declared (default), "
        "generate a Prism-style answer, or always-404: a 404 even where the spec declares none "
        "(FastAPI and Django REST specs), logged as a deliberate deviation",
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
        if name == "check":
            sub.add_argument("--strict", action="store_true", help="exit 2 on warnings too")

    contract = verbs.add_parser("contract", help="run contract tests against a live implementation", add_help=False)
    contract.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


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


def specmock_version() -> str:
    import importlib.metadata  # not at start-up: reading the installed distributions takes 0.1 s

    try:
        return importlib.metadata.version("specmock")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def serve(args: argparse.Namespace) -> int:
    # Loading GitHub's spec builds millions of objects that live as long as the server: the collections
    # they would set off meanwhile walk them all and free nothing (a third of a warm start's loading).
    # `settle_memory` collects once and switches the collector back on before serving.
    gc.disable()
    try:
        return _serve(args)
    finally:
        gc.enable()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from mock.app import CONFIG_ENVIRONMENT, ServeConfig, create_app, settle_memory
    from mock.listening import listen, run_workers, sockets_for
    from mock.request_log import RequestLog
    from mock.scenario.cli import UsageError, scenario_choice
    from mock.scenario.store import StateUnavailable

    started = time.perf_counter()
    # --strict waits for the spec validator (its warnings are fatal); otherwise it runs once serving
    loaded = load_specs(args.specs, extra_overlays=tuple(args.overlay), validate_now=args.strict)
    if not report_loading(loaded, args.strict, "serve"):
        return EXIT_USAGE
    apis = loaded.apis
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
        scenarios_are_default=args.scenario is None,
        scenario_settings=settings,
        state=args.state,
        datetime_precision=args.datetime_precision,
        allow_callback_hosts=tuple(args.allow_callback_host),
        admin_token=args.admin_token,
        admin_hosts=(args.host,),
        seed_data=args.seed_data,
        unknown_ids=args.unknown_ids,
        retention=Retention(**{s.name: getattr(args, f"retain_{s.name}") for s in dataclasses.fields(Retention)}),
        overlays=tuple(args.overlay),
    )
    from mock.scenario.engine import UnknownScenario

    request_log = RequestLog.to_stderr(args.log_format, quiet=args.quiet)
    try:
        app = create_app(config, apis, request_log)
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
    try:
        sockets = listen(args.host, args.port, count=sockets_for(args.workers))
    except OSError as exc:
        print(f"specmock: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_CANNOT_LISTEN
    port = sockets[0].getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    origin = f"http://{host}:{port}"
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
        count = entry["operations"]
        print(
            f"specmock: {entry['name']:<10} {origin}{entry['base_url']}  "
            f"({count} operation{'' if count == 1 else 's'})",
            file=sys.stderr,
        )
    if engine.skipped_rules:
        targets = sorted({exc.problem.split(";")[0] for exc in engine.skipped_rules})
        print(
            f"specmock: {len(engine.skipped_rules)} scenario rule(s) skipped, for what is not loaded: "
            + ", ".join(targets)[:300],
            file=sys.stderr,
        )
    active_names = ", ".join(engine.active()) or "none (static mock)"
    print(f"specmock: scenarios active: {active_names}; state in {engine.store.description}", file=sys.stderr)
    access = app.state.admin_access
    shown_token = access.token if args.admin_token is None else "as given by --admin-token"
    print(
        f"specmock: admin API {origin}/__specmock/ (loopback only; admin token: {shown_token}); "
        f"inspector {origin}/__specmock/ui",
        file=sys.stderr,
    )
    connections = ConnectionLimits(
        header_timeout_s=args.header_timeout,
        keep_alive_timeout_s=args.keep_alive_timeout,
        limit_concurrency=args.limit_concurrency,
    )
    workers = args.workers > 1
    watcher = None
    if workers:
        # Each worker process builds its own app from the same configuration (uvicorn spawns them), with the
        # admin token printed above and its own watcher of the spec and scenario folders.
        shared = dataclasses.replace(config, admin_token=access.token)
        os.environ[CONFIG_ENVIRONMENT] = json.dumps(
            {
                "config": shared.to_json(),
                "log_format": args.log_format,
                "quiet": args.quiet,
                "watch": not args.no_watch,
            }
        )
        target: Any = "mock.app:app_from_environment"
        print(f"specmock: {args.workers} worker processes", file=sys.stderr)
    else:
        target = app
        if not args.no_watch:
            from mock.reload import Reloader

            watcher = Reloader(app.state.dispatch, config, request_log)
            watcher.start()
            print(f"specmock: watching {', '.join(str(p) for p in watcher.paths)} for changes", file=sys.stderr)
    settle_memory()
    print(f"specmock: ready in {time.perf_counter() - started:.2f}s on port {port}", file=sys.stderr, flush=True)
    check = None
    if loaded.unchecked:
        check = BackgroundCheck(loaded.unchecked, background_check_report(len(loaded.warnings)))
        check.start()
        names = ", ".join(d.path.name for d in loaded.unchecked)
        print(f"specmock: checking {names} with openapi-spec-validator meanwhile", file=sys.stderr, flush=True)
    uvicorn_config = uvicorn.Config(
        target,
        factory=workers,
        workers=args.workers if workers else None,
        log_level="warning",
        access_log=False,  # specmock's own request log (mock.request_log) says more, without blocking the loop
        proxy_headers=False,  # the admin API trusts the socket's peer address, never X-Forwarded-For
        loop="auto",
        lifespan="off",
        **connections.uvicorn_options(),
    )
    try:
        if workers:
            run_workers(uvicorn_config, sockets)
        else:
            uvicorn.Server(uvicorn_config).run(sockets=sockets)
    finally:
        if check is not None:
            check.stop()
        if watcher is not None:
            watcher.stop()
        if request_log.writer is not None:
            request_log.writer.close()
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
    proxy.add_argument(
        "--record",
        type=Path,
        metavar="DIR",
        help="write every answer that validates into DIR/<api>.recorded.yaml as named examples (an OpenAPI Overlay)",
    )
    proxy.add_argument(
        "--redact",
        action="append",
        default=[],
        metavar="FIELD",
        help="when recording, replace this field wherever it appears (repeatable; secrets are always replaced)",
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
        admin_hosts=(args.host,),
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
    if args.record is not None:
        from mock.recording import Recorder

        proxy_server = app.state.proxy
        recorder = Recorder(proxy_server.mount.api, args.record, frozenset(args.redact))
        proxy_server.listeners.append(recorder)
        print(f"specmock: recording answers that validate into {recorder.path}", file=sys.stderr)
    fallback = "the mock" if proxy_config.fallback_to_mock else "none"
    print(
        f"specmock: proxy for {args.api} on http://{args.host}:{args.port} -> {args.upstream}"
        f" ({'strict' if args.strict else 'reporting'}; fallback: {fallback});"
        f" journal http://{args.host}:{args.port}/__specmock/journal (admin token: {app.state.admin_access.token})",
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
        proxy_headers=False,  # the admin API trusts the socket's peer address, never X-Forwarded-For
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
        mounted = f"/{name}{api.base_path}"
        count = len(api.operations)
        print(
            f"{name}  ({api.title}) — mounted at {mounted}, {count} operation{'' if count == 1 else 's'}, "
            f"from {', '.join(p.name for p in api.sources)}"
        )
        for operation in api.operations:  # the full path a client calls, not the base path twice
            print(f"  {operation.method:<7} {mounted + operation.path:<52} {operation.operation_id}")
    return EXIT_OK


def report_loading(loaded: LoadedSpecs, strict: bool, verb: str) -> bool:
    """Print what did not load and a one-line summary of warnings; False when start-up must stop."""
    for failure in loaded.failures:
        print(f"specmock: {failure}", file=sys.stderr)
    # Strict refuses what `specs check --strict` refuses: the examples that break their schemas too.
    refused = (
        [*loaded.warnings, *(w for api in loaded.apis.values() for w in served_body_warnings(api))] if strict else []
    )
    if refused:
        for warning in refused:
            print(f"specmock: {warning}", file=sys.stderr)
        return False
    if not loaded.apis:
        return False
    if loaded.failures:
        print(
            f"specmock: {len(loaded.failures)} document(s) not served; serving the other {len(loaded.apis)} API(s)",
            file=sys.stderr,
        )
    if loaded.warnings and verb == "serve" and not loaded.unchecked:  # else once the check ends
        print(f"specmock: {warnings_summary(len(loaded.warnings))}", file=sys.stderr)
    return True


def warnings_summary(count: int) -> str:
    return f"{count} spec warning(s), served anyway; `specmock specs check` lists them, --strict refuses them"


def background_check_report(earlier: int) -> Callable[[list[SpecWarning], str | None], None]:
    """What `serve` prints when the spec validator, run once serving, ends: one line with the summary,
    counting the `earlier` warnings found while loading too."""

    def finished(warnings: list[SpecWarning], failure: str | None) -> None:
        if failure is not None:
            outcome = f"not finished ({failure}); `specmock specs check` runs it"
            if earlier:
                outcome += f"; {warnings_summary(earlier)}"
        else:
            count = earlier + len(warnings)
            outcome = f"done: {warnings_summary(count) if count else 'no warnings'}"
        print(f"specmock: spec check {outcome}", file=sys.stderr, flush=True)

    return finished


def served_body_warnings(api: Api) -> list[SpecWarning]:
    """Examples that break their own schema (never served; generated data replaces them) and schemas
    the validator cannot compile (values are then not checked against them)."""
    from mock.negotiation import holds_data
    from mock.response_generation import can_write
    from mock.schema_validation import compile_problem, is_valid, unreadable_patterns

    warnings = []
    source = str(api.sources[0])
    for operation in api.operations:
        place = f"#/paths/{operation.path.replace('~', '~0').replace('/', '~1')}/{operation.method.lower()}"
        contents = [(f"{place}/responses/{status}", r.content) for status, r in operation.responses.items()]
        if operation.request_body is not None:
            contents.append((f"{place}/requestBody", operation.request_body.content))
        for where, content in contents:
            for name, media in content.items():
                if media.schema is None:
                    continue
                pointer = f"{where}/content/{name.replace('/', '~1')}"
                problem = compile_problem(media.schema)
                if problem is not None:
                    warnings.append(SpecWarning(source, pointer + "/schema", f"schema cannot be compiled: {problem}"))
                    continue
                warnings.extend(
                    SpecWarning(
                        source,
                        pointer + "/schema",
                        f"pattern {pattern!r} can be read neither as ECMA-262 nor by Python: values are not checked"
                        " against it",
                    )
                    for pattern in unreadable_patterns(media.schema)
                )
                if "/responses/" in where and not can_write(media) and not any(map(holds_data, content)):
                    warnings.append(
                        SpecWarning(
                            source,
                            pointer + "/schema",
                            f"an object or a list in {name}, which holds only text: no answer in it conforms; it is"
                            " written as JSON text, and the self-check does not count it",
                        )
                    )
                for example, value in media.examples.items():
                    if not is_valid(media.schema, value):
                        warnings.append(
                            SpecWarning(
                                source,
                                f"{pointer}/examples/{example}",
                                "example does not match its schema; generated data is served instead"
                                " (still served on `Prefer: example=`)",
                            )
                        )
    return warnings


def specs_check(args: argparse.Namespace) -> int:
    loaded = load_specs(args.specs)
    for failure in loaded.failures:
        print(f"specmock: {failure}", file=sys.stderr)
    body_warnings = {name: served_body_warnings(api) for name, api in loaded.apis.items()}
    refused = bool(loaded.failures) or (args.strict and (loaded.warnings or any(body_warnings.values())))
    if args.json:
        report = {
            "apis": {
                name: {
                    "operations": len(api.operations),
                    "sources": [p.name for p in api.sources],
                    "normalisations": [str(note) for note in api.normalisations],
                    "warnings": [str(warning) for warning in [*api.warnings, *body_warnings[name]]],
                }
                for name, api in sorted(loaded.apis.items())
            },
            "failures": [str(failure) for failure in loaded.failures],
            "ok": not refused,
        }
        print(json.dumps(report, indent=2))
        return EXIT_USAGE if refused else EXIT_OK
    for name, api in sorted(loaded.apis.items()):
        count = len(api.operations)
        print(f"ok  {name}: {count} operation{'' if count == 1 else 's'} from {', '.join(p.name for p in api.sources)}")
        for note in api.normalisations:
            print(f"    normalised {note}")
        for warning in [*api.warnings, *body_warnings[name]]:
            print(f"    warning {warning}")
    return EXIT_USAGE if refused else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
