"""The Starlette application: wires the stages together and owns nothing but HTTP.

request → mount → preferences → routing → validation → decision → generation → self-check → send

WebSocket connections to a task-protocol operation (Runware) go to mock.websocket, which
sends each frame through the same `_answer`.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import json
import logging
import os
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import ASGIApp
from starlette.websockets import WebSocket

from mock.admin import PREFIX as ADMIN_PREFIX
from mock.admin import AdminAccess, admin_routes
from mock.admin import http_error as admin_http_error
from mock.callback_delivery import CallbackDispatcher
from mock.conditional import entity_tagged
from mock.delivery import DeliveredResponse, TransportCapture, deliver
from mock.journal import ALWAYS_SECRET_HEADERS, BODY_KEPT_BYTES, SECRET_HEADERS_KEPT
from mock.negotiation import sent_media_type
from mock.openapi_core_checks import CannotJudge, response_errors
from mock.parameter_styles import owns_query_key
from mock.preferences import InvalidPreference, parse_preferences
from mock.problems import Problem, ViolationKind, method_not_allowed, not_found
from mock.request_input import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_BODY,
    BodyTimeout,
    BodyTooLarge,
    InputLimits,
    InvalidInput,
    TargetTooLong,
    decode_head,
    read_body,
    receive_nowait_of,
)
from mock.request_log import LoggedRequest, RequestLog, printable
from mock.request_validation import (
    AccessPolicy,
    IncomingRequest,
    ValidatedRequest,
    path_parameters_accepted,
    validate_request,
)
from mock.response_generation import MockResponse, ResponseFactory, can_write, dump_json, issued_credential
from mock.routing import MethodNotAllowed, RouteMatch, RouteNotFound, Router, route_path
from mock.scenario.effects.resources import CrudOptions
from mock.scenario.engine import ScenarioEngine
from mock.scenario.retention import Retention
from mock.spec import load_apis
from mock.spec.loading import load_specs
from mock.spec.model import NO_CONTENT_STATUSES, Api, Operation, find_media
from mock.spec.operations import LOCATIONS
from mock.spec.refs import deref, with_refs
from mock.websocket import SocketEndpoint, SocketSessions, TaskSocket, socket_operation

log = logging.getLogger("specmock")


@dataclass(frozen=True)
class ServeConfig:
    specs_dir: Path = Path("specs")
    only_api: str | None = None
    seed: int = 0
    api_keys: frozenset[str] = frozenset()
    self_check: bool = False
    cors_origins: tuple[str, ...] = ("*",)
    max_body_bytes: int = DEFAULT_MAX_BODY
    body_timeout_s: float = DEFAULT_LIMITS.body_timeout_s
    scenarios_dir: Path | None = None  # where scenario YAML lives; None: no scenarios, the static mock
    scenarios: tuple[str, ...] = ()  # active at start-up
    scenarios_are_default: bool = False  # not asked for: activate those of them that apply to the loaded APIs
    scenario_settings: dict[str, dict[str, Any]] = field(default_factory=dict)  # scenario -> setting overrides
    state: str | None = None  # SQLite file or redis:// URL for scenario state; None: in memory
    datetime_precision: str = "ms"  # fractional seconds of generated date-times: s, ms or us
    allow_callback_hosts: tuple[str, ...] = ()  # callbacks may go to these hosts besides loopback
    admin_token: str | None = None  # None: a random one, printed at start-up
    admin_hosts: tuple[str, ...] = ()  # Host names the admin API answers besides loopback ones
    seed_data: int = 5  # records each inferred collection starts with (per API key)
    unknown_ids: str = "404"  # 404 (where declared), generate (a Prism-style answer) or always-404 (even where not)
    retention: Retention = field(default_factory=Retention)
    overlays: tuple[Path, ...] = ()  # `--overlay` folders (recorded examples): applied at start, in workers, on reload

    def to_json(self) -> str:
        """The configuration as JSON, for worker processes that build their own app from it."""
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        fields["retention"] = dataclasses.asdict(self.retention)
        return json.dumps(fields, default=lambda value: sorted(value) if isinstance(value, frozenset) else str(value))

    @classmethod
    def from_json(cls, text: str) -> ServeConfig:
        """The inverse of `to_json`: JSON lists and strings back to the types the fields declare."""
        raw = json.loads(text)
        hints = typing.get_type_hints(cls)
        return cls(**{name: _from_json(hints[name], raw[name]) for name in cls.__dataclass_fields__})


# JSON values back into the types ServeConfig's fields declare (chosen by the type, never by its spelling).
_JSON_CONVERTERS: dict[Any, Callable[[Any], Any]] = {
    Path: Path,
    frozenset: frozenset,
    tuple: tuple,
    Retention: lambda value: Retention(**value),
}


def _from_json(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(hint, types.UnionType):  # `Path | None`: the non-None member
        hint = next(member for member in typing.get_args(hint) if member is not type(None))
    if typing.get_origin(hint) is tuple and typing.get_args(hint)[:1] == (Path,):  # the --overlay folders
        return tuple(Path(item) for item in value)
    converter = _JSON_CONVERTERS.get(typing.get_origin(hint) or hint)
    return converter(value) if converter is not None else value


# Where `specmock serve --workers N` leaves the configuration for its worker processes.
CONFIG_ENVIRONMENT = "SPECMOCK_SERVE_CONFIG"


def app_from_environment() -> ASGIApp:
    """The app of one worker process (uvicorn's factory), configured as the parent process was."""
    settings = json.loads(os.environ[CONFIG_ENVIRONMENT])
    config = ServeConfig.from_json(settings["config"])
    request_log = RequestLog.to_stderr(settings["log_format"], quiet=settings["quiet"])
    # as lenient as one process: a document that does not load spares the others (the parent process has
    # reported it, and refused to start if nothing loads or --strict found warnings; it also runs the
    # spec validator, whose warnings are only reported, so no worker waits for it)
    loaded = load_specs(config.specs_dir, extra_overlays=config.overlays, validate_now=False)
    if not loaded.apis:
        loaded.raise_first()
    app = create_app(config, loaded.apis, request_log)
    if settings["watch"]:
        from mock.reload import Reloader

        Reloader(app.state.dispatch, config, request_log).start()
    settle_memory()
    return cast(ASGIApp, app)


def settle_memory() -> None:
    """Call once the app is built, before serving: keeps garbage collection out of the latency tail.

    Start-up builds hundreds of thousands of long-lived objects (documents, compiled validators,
    fake-data tables). Left in the collector's oldest generation, each full collection walks
    them all: 40 ms pauses under load, the p99. Frozen, they are never walked again. The
    collector is switched on here if start-up switched it off (`specmock serve` does: the
    collections it would make while loading a large spec only walk what is kept anyway).
    """
    gc.collect()
    gc.freeze()
    gc.enable()


@dataclass
class MountedApi:
    api: Api
    prefix: str  # "" at the root, "/aeriox" when several APIs share the server
    router: Router
    factory: ResponseFactory
    base_url_path: str = field(init=False)

    def __post_init__(self) -> None:
        self.base_url_path = self.prefix + self.api.base_path


@dataclass(slots=True)
class RequestTrace:
    """What the pipeline learnt about one request, for the journal and the request log."""

    operation: Operation | None = None
    credential: str | None = None
    problem: Problem | None = None


def _distance(attempt: tuple[Operation, ValidatedRequest], choosing: frozenset[tuple[str, str]]) -> tuple[int, ...]:
    """How far a request is from being one an operation takes: the parameters that choose among the operations
    (`choosing`) it sends with a value the operation refuses, then its parameters broken, then its violations in all.
    TomTom's `?request=GetMap` lacking `bbox` is refused as GetMap's, not as the GetCapabilities beside it, which it
    breaks in one parameter. A choosing parameter left out names no operation (TomTom's `version`, required by
    GetMap alone): it counts as any other parameter broken."""
    violations = attempt[1].violations
    return (
        sum((v.location, v.field) in choosing and v.kind is not ViolationKind.MISSING for v in violations),
        sum(v.location in LOCATIONS for v in violations),
        len(violations),
    )


def _choosing_parameters(operations: list[Operation]) -> frozenset[tuple[str, str]]:
    """The parameters each of these operations declares with a few values of its own (an `enum` or a `const`), which
    say which operation a request is: AWS's `Action` and `X-Amz-Target`, TomTom's WMS `request`."""

    def of_few_values(operation: Operation) -> set[tuple[str, str]]:
        return {
            (parameter.location, parameter.name)
            for parameter in operation.parameters
            if isinstance(schema := deref(parameter.schema), dict) and ("enum" in schema or "const" in schema)
        }

    return frozenset(set.intersection(*map(of_few_values, operations)))


def _refusal(mount: MountedApi | None, problem: Problem) -> MockResponse:
    """A request refused outside any operation: in the envelope of the API mounted at its path, else in the mock's
    own."""
    if mount is not None:
        return mount.factory.error(None, problem)
    body = {"error": {"code": problem.code, "message": problem.message}}
    return MockResponse(problem.status, dump_json(body), headers=dict(problem.headers))


def _conformable(operation: Operation, response: MockResponse) -> bool:
    """Whether some body could conform to what the spec declares for this answer: not where it gives an object or a
    list in a type that holds only text (Harbor's 404 of a `text/plain` log, declared with its error object)."""
    spec = operation.response_for(response.status)
    media = find_media(spec.content, response.media_type or "") if spec is not None else None
    return media is None or can_write(media)


class MockServer:
    def __init__(
        self,
        apis: dict[str, Api],
        config: ServeConfig,
        scenarios: ScenarioEngine | None = None,
        request_log: RequestLog | None = None,
    ) -> None:
        self.config = config
        self.request_log = request_log if request_log is not None else RequestLog(None)
        self.scenarios = scenarios if scenarios is not None else ScenarioEngine(apis)
        store = self.scenarios.store
        self.policy = AccessPolicy(config.api_keys, issued=functools.partial(issued_credential, store))
        self.limits = InputLimits(max_body_bytes=config.max_body_bytes, body_timeout_s=config.body_timeout_s)
        at_root = len(apis) == 1
        self.mounts = [
            MountedApi(
                api,
                "" if at_root else f"/{name}",
                Router(api.operations, accepts=path_parameters_accepted),
                ResponseFactory(
                    api, config.seed, datetime_precision=config.datetime_precision, store=self.scenarios.store
                ),
            )
            for name, api in sorted(apis.items())
        ]
        self.violations_seen = 0
        self.unjudged: set[Operation] = set()  # operations the self-check said once it cannot judge
        self.sockets = SocketSessions()
        # As sorted tuples: the journal pickles them with every entry, and a tuple pickles cheaper than a set.
        self.secret_headers = {m.prefix: tuple(sorted(secret_header_names(m.api))) for m in self.mounts}
        self._documents = {m.prefix + "/openapi.json": m for m in self.mounts if not self._spec_serves_document(m)}
        self._document_bodies: dict[str, bytes] = {}

    def document_body(self, path: str) -> bytes | None:
        """The normalised document an API is served from, written once on first request."""
        mount = self._documents.get(path)
        if mount is None:
            return None
        if path not in self._document_bodies:
            self._document_bodies[path] = dump_json(with_refs(mount.api.document))
        return self._document_bodies[path]

    @staticmethod
    def _spec_serves_document(mount: MountedApi) -> bool:
        if mount.api.base_path:
            return False
        try:
            mount.router.match("GET", "/openapi.json")
        except (RouteNotFound, MethodNotAllowed):
            return False
        return True

    # ------------------------------------------------------------ entry

    async def asgi(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """The mock's own ASGI entry: HTTP straight through the pipeline, sockets to mock.websocket."""
        if scope["type"] == "http":
            response = await self.handle(scope, receive)
            if response is not None:
                await send_response(send, response)
        elif scope["type"] == "websocket":
            await self.handle_websocket(WebSocket(scope, receive, send))

    async def handle(self, scope: dict[str, Any], receive: Any, via: str | None = None) -> MockResponse | None:
        """Answer one HTTP request; None when a scenario dropped the connection instead.

        `via` says, in the journal, why a proxy handed the request to the mock.
        """
        started = time.time()
        path, method = scope["path"], scope["method"]
        document = self.document_body(path.rstrip("/"))
        mount = self._mount_for(path)
        trace = RequestTrace()
        if document is not None and method in ("GET", "HEAD"):
            self._record(mount, scope, None, MockResponse(200, document), True, trace, started, via)
            return MockResponse(200, document)
        relative = self._relative_path(mount, path) if mount else None
        if mount is None or relative is None:
            outside = self._outside_apis(mount, method, path)
            self._record(mount, scope, None, outside, True, trace, started, via)
            return outside
        incoming: IncomingRequest | None = None
        route_relative = self._relative_path(mount, route_path(scope.get("raw_path"), path)) or relative
        try:
            incoming = await self._incoming(scope, receive, relative, route_relative)
        except BodyTooLarge as exc:
            trace.problem = Problem(413, "payload_too_large", str(exc))
            response = mount.factory.error(None, trace.problem)
        except TargetTooLong as exc:
            trace.problem = Problem(414, "uri_too_long", str(exc))
            response = mount.factory.error(None, trace.problem)
        except BodyTimeout as exc:
            trace.problem = Problem(408, "request_timeout", str(exc), headers={"connection": "close"})
            response = mount.factory.error(None, trace.problem)
        except InvalidInput as exc:
            trace.problem = Problem(400, "invalid_request", f"Invalid request: {exc}")
            response = mount.factory.error(None, trace.problem)
        except ClientDisconnect:
            return None
        else:
            try:
                response = self._answer(mount, incoming, trace)
            except Exception:  # a bug of ours must still answer in the API's envelope, never a traceback
                log.exception("internal error answering %s %s", method, path)
                trace.problem = Problem(500, "internal_error", "specmock failed to answer this request; see its log")
                response = self._failure_answer(mount, trace.operation, trace.problem)
        sent = await deliver(response, scope)
        self._record(mount, scope, incoming, response, sent, trace, started, via)
        return response if sent else None

    @staticmethod
    def _failure_answer(mount: MountedApi, operation: Operation | None, problem: Problem) -> MockResponse:
        """A bug of ours answered as the operation's own 500 where it declares one (PayPal's holds one message, by
        enum), else in the API's envelope; the API's too where even that fails."""
        if operation is not None:
            try:
                return mount.factory.error(operation, problem)
            except Exception:
                log.exception("internal error answering in the operation's own 500")
        return mount.factory.error(None, problem)

    def _record(
        self,
        mount: MountedApi | None,
        scope: dict[str, Any],
        incoming: IncomingRequest | None,
        response: MockResponse,
        sent: bool,
        trace: RequestTrace,
        started: float,
        via: str | None = None,
    ) -> None:
        """One journal entry and one log line per request; `sent` False: a scenario dropped the connection."""
        decided = response if isinstance(response, DeliveredResponse) else None
        problem = trace.problem
        operation_id = trace.operation.operation_id if trace.operation else None
        violations = tuple(v.describe() for v in problem.violations) if problem else ()
        reason = problem.message if problem else None
        note = None
        status = response.status if sent else None
        if status is not None and status >= 400 and not response.body:
            note = f"no body: the spec declares none for {status}"
            reason = reason or response.headers.get("x-specmock-error")
        duration_ms = (time.time() - started) * 1000
        query = scope.get("query_string", b"").decode("latin-1")
        request_body = incoming.body if incoming is not None else b""
        response_body = response.body if sent else b""
        self.scenarios.journal.record(
            ts=started,
            api=mount.api.name if mount else None,
            operation=operation_id,
            method=scope["method"],
            path=scope["path"],
            status=status,
            scenario=decided.scenario if decided else None,
            scenarios=decided.scenarios if decided else (),
            rules=decided.rules if decided else (),
            fault=decided.fault if decided else None,
            duration_ms=duration_ms,
            credential=trace.credential,
            via=via,
            query=query,
            request_headers=incoming.headers if incoming is not None else None,
            request_body=request_body[: BODY_KEPT_BYTES + 1],
            response_headers=response.headers if sent else None,
            response_media_type=response.media_type if sent else None,
            response_body=response_body[: BODY_KEPT_BYTES + 1],
            violations=violations,
            reason=reason,
            note=note,
            secret_headers=self.secret_headers[mount.prefix] if mount else SECRET_HEADERS_KEPT,
        )
        if self.request_log.enabled:
            self.request_log.request(
                LoggedRequest(
                    ts=started,
                    method=scope["method"],
                    path=scope["path"],
                    query=query,
                    status=status,
                    operation=operation_id,
                    scenario=decided.scenario if decided else None,
                    rules=decided.rules if decided else (),
                    duration_ms=duration_ms,
                    violations=violations,
                    reason=reason,
                    note=note,
                )
            )

    async def handle_websocket(self, websocket: WebSocket) -> None:
        path = websocket.url.path
        origin = websocket.headers.get("origin")
        if origin is not None and not origin_allowed(origin, self.config.cors_origins):
            # A browser page on another origin must not speak to the API with the developer's socket.
            message = f"WebSocket connections from origin {origin} are not allowed (--cors-origin)"
            if "websocket.http.response" in websocket.scope.get("extensions", {}):
                body = dump_json({"error": {"code": "forbidden", "message": message}})
                await websocket.send_denial_response(Response(body, 403, media_type="application/json"))
            else:
                await websocket.close(1008, message[:120])
            return
        mount = self._mount_for(path)
        relative = self._relative_path(mount, path) if mount else None
        operation = socket_operation(mount.api, mount.router, relative) if mount and relative is not None else None
        if mount is None or relative is None or operation is None:
            problem = self._no_socket_at(mount, relative, path)
            if "websocket.http.response" in websocket.scope.get("extensions", {}):
                await websocket.send_denial_response(self._send(_refusal(mount, problem)))
            else:
                await websocket.close(1008, problem.message[:120])
            return
        endpoint = SocketEndpoint(
            api=mount.api,
            operation=operation,
            relative_path=relative,
            url_path=mount.base_url_path + relative,
            answer=functools.partial(self._answer, mount),
            error=mount.factory.error,
            sessions=self.sockets,
            limits=self.limits,
        )
        await TaskSocket(endpoint, websocket).run()

    @staticmethod
    def _no_socket_at(mount: MountedApi | None, relative: str | None, path: str) -> Problem:
        """Why a socket cannot be opened here: no operation at the path (404), or one that switches protocols
        (Together's `GET /realtime`) whose messages OpenAPI does not describe, so there is nothing to answer (501)."""
        if mount is not None and relative is not None:
            try:
                operation = mount.router.match("GET", relative).operation
            except (RouteNotFound, MethodNotAllowed):
                operation = None
            if operation is not None and operation.upgrade_protocol == "websocket":
                return Problem(
                    501,
                    "not_implemented",
                    f"{path} opens a WebSocket whose messages its OpenAPI document does not describe: specmock opens"
                    " sockets only for operations taking an array of tasks",
                )
        return Problem(
            404, "not_found", f"No WebSocket endpoint at {path}: only operations taking an array of tasks have one"
        )

    def _answer(self, mount: MountedApi, incoming: IncomingRequest, trace: RequestTrace | None = None) -> MockResponse:
        trace = trace if trace is not None else RequestTrace()
        prefer = incoming.headers.get("prefer")
        try:
            preferences = parse_preferences(prefer)  # the query's forms once the operation says which keys are its own
        except InvalidPreference as exc:
            trace.problem = Problem(422, "invalid_preference", str(exc))
            return mount.factory.error(None, trace.problem)
        try:
            match = mount.router.match(incoming.method, incoming.route_path or incoming.path, incoming.query)
        except RouteNotFound:
            if incoming.path == "/" and incoming.method in ("GET", "HEAD"):
                return MockResponse(200, dump_json(self.index()))  # an API at the root without its own `GET /`
            trace.problem = not_found(mount.base_url_path + incoming.path)
            return mount.factory.error(None, trace.problem)
        except MethodNotAllowed as exc:
            trace.problem = method_not_allowed(incoming.method, mount.base_url_path + incoming.path, exc.allowed)
            return mount.factory.error(None, trace.problem)
        operation = match.operation
        validated = validate_request(mount.api, operation, match.path_params, incoming, self.policy, self.limits)
        if match.alternatives and not validated.ok:
            operation, validated = self._nearest_alternative(mount, match, incoming, (operation, validated))
        trace.operation = operation
        trace.credential = validated.credential
        if not validated.ok:
            trace.problem, refusal = mount.factory.refuse(operation, validated.violations, validated.body)
            return refusal
        try:
            if incoming.query:
                owned = functools.partial(owns_query_key, operation.parameters)
                preferences = parse_preferences(prefer, incoming.query, owned)
            mount.factory.check_preferences(operation, preferences, validated)
        except InvalidPreference as exc:
            trace.problem = Problem(422, "invalid_preference", str(exc))
            return mount.factory.error(None, trace.problem)
        decided = self.scenarios.answer(
            mount.factory, operation, validated, incoming.headers, preferences, mount.base_url_path + incoming.path
        )
        if decided is not None:
            response = decided
        else:
            try:
                response = mount.factory.respond(operation, validated, preferences)
            except InvalidPreference as exc:
                trace.problem = Problem(422, "invalid_preference", str(exc))
                return mount.factory.error(None, trace.problem)
            if (operation.key, response.status) in mount.factory.principal_answers:
                self.scenarios.after_state_write()  # it kept the caller's principal: that counts toward a sweep
        response = entity_tagged(operation, incoming.method, incoming.headers.get("if-none-match"), response)
        if self.config.self_check:
            self._self_check(mount, operation, match.path_params, response)
        return response

    # ------------------------------------------------------------ helpers

    def _mount_for(self, path: str) -> MountedApi | None:
        for mount in self.mounts:
            if not mount.prefix or path == mount.prefix or path.startswith(mount.prefix + "/"):
                return mount
        return None

    @staticmethod
    def _relative_path(mount: MountedApi, path: str) -> str | None:
        """The path below the API's base URL, or None when the request is outside it."""
        if not path.startswith(mount.base_url_path):
            return None
        relative = path[len(mount.base_url_path) :]
        if relative and not relative.startswith("/"):
            return None
        return relative or "/"

    async def _incoming(
        self, scope: dict[str, Any], receive: Any, relative_path: str, route_relative: str
    ) -> IncomingRequest:
        head = decode_head(scope, self.limits)
        return IncomingRequest(
            method=head.method,
            path=relative_path,
            route_path=route_relative,
            query=head.query,
            headers=head.headers,
            cookies=head.cookies,
            body=await read_body(head.headers, receive, self.limits, receive_nowait_of(scope)),
        )

    def _self_check(
        self, mount: MountedApi, operation: Operation, path_params: dict[str, Any], response: MockResponse
    ) -> None:
        try:
            errors = response_errors(
                mount.api,
                operation,
                path_params,
                response.status,
                {name: header_value(value).decode("latin-1") for name, value in response.headers.items()},  # as sent
                response.body,
                # the type as sent: an answer declared only as a range (`*/*`, People Generator's integers) goes
                # out as the one type its body is, text here, and was judged as bytes
                sent_media_type(response.media_type, response.body) if response.media_type else "",
            )
        except CannotJudge as exc:
            if operation not in self.unjudged:
                self.unjudged.add(operation)
                log.warning("self-check: %s %s cannot be checked: %s", operation.method, operation.path, exc)
            return
        if errors and not _conformable(operation, response):
            log.debug(
                "self-check: %s %s answered %s in a type its spec gives an object or a list, which no text conforms"
                " to (`specs check` warns of it): %s",
                operation.method,
                operation.path,
                response.status,
                "; ".join(errors),
            )
        elif errors and getattr(response, "deviates", False):
            log.info(
                "self-check: %s %s answered %s off-spec, as its scenario's spec_deviation says: %s",
                operation.method,
                operation.path,
                response.status,
                "; ".join(errors),
            )
        elif errors:
            self.violations_seen += 1
            log.warning(
                "self-check: %s %s answered %s that violates the spec: %s",
                operation.method,
                operation.path,
                response.status,
                "; ".join(errors),
            )

    def _outside_apis(self, mount: MountedApi | None, method: str, path: str) -> MockResponse:
        """Paths that belong to no operation: the index (read only: a POST to it was a 200), or a 404."""
        if path == "/" and method in ("GET", "HEAD"):
            return MockResponse(200, dump_json(self.index()))
        if path == "/":
            return _refusal(mount, method_not_allowed(method, path, ("GET", "HEAD")))
        if mount is not None:
            return _refusal(mount, not_found(path))
        known = ", ".join(m.base_url_path or "/" for m in self.mounts)
        return _refusal(None, Problem(404, "not_found", f"No mocked API is mounted at {path}; APIs: {known}"))

    def _nearest_alternative(
        self,
        mount: MountedApi,
        match: RouteMatch,
        incoming: IncomingRequest,
        first: tuple[Operation, ValidatedRequest],
    ) -> tuple[Operation, ValidatedRequest]:
        """Among operations at one path and method told apart only by what they accept (Box's `#fragment` keys,
        AWS's actions, each naming itself in `X-Amz-Target`), the one this request fits; when none does, the one it
        breaks least, whose refusal it gets: fewest parameters broken (where a request says which one it is), then
        fewest violations in all. A request naming one action with a wrong body is refused as that action, not as
        the first in the spec, nor as another whose body its own happens to fit."""
        tried = [first]
        for alternative in match.alternatives:
            fits = validate_request(mount.api, alternative, match.path_params, incoming, self.policy, self.limits)
            if fits.ok:
                return alternative, fits
            tried.append((alternative, fits))
        choosing = _choosing_parameters([operation for operation, _ in tried])
        return min(tried, key=lambda attempt: _distance(attempt, choosing))  # the first of the nearest, in spec order

    def operation_at(self, method: str, path: str) -> str | None:
        """The operationId a request path maps to (for the journal), or None."""
        mount = self._mount_for(path)
        relative = self._relative_path(mount, path) if mount else None
        if mount is None or relative is None:
            return None
        try:
            return mount.router.match(method, relative).operation.operation_id
        except (RouteNotFound, MethodNotAllowed):
            return None

    def index(self) -> dict[str, Any]:
        return {
            "apis": [
                {
                    "name": m.api.name,
                    "title": m.api.title,
                    "base_url": m.base_url_path or "/",
                    "openapi": (m.prefix or "") + "/openapi.json",
                    "operations": len(m.api.operations),
                    "sources": [p.name for p in m.api.sources],
                }
                for m in self.mounts
            ]
        }

    @staticmethod
    def _send(response: MockResponse) -> Response:
        return Response(
            response.body, status_code=response.status, headers=response.headers, media_type=response.media_type
        )


def header_value(value: object) -> bytes:
    """A header's value as sent: a request's text (a path value `%1F`) quoted in an error header, or any other
    value, has its control bytes percent-encoded rather than failing the whole answer."""
    return printable(str(value)).encode("latin-1", "replace")


async def send_response(send: Any, response: MockResponse) -> None:
    headers = [(name.encode("latin-1"), header_value(value)) for name, value in response.headers.items()]
    body = response.body
    if response.status in NO_CONTENT_STATUSES:
        # a scenario's body on a 204 is never written; 205 says its empty content's length (RFC 9110 §15.3.6)
        body = b""
        if response.status == 205:
            headers.append((b"content-length", b"0"))
    else:
        if response.media_type:
            headers.append((b"content-type", sent_media_type(response.media_type, body).encode("latin-1")))
        headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# Headers specmock itself may add to an answer; a browser page may read them all.
OWN_HEADERS = (
    "Retry-After",
    "Location",
    "X-Specmock-Error",
    "X-Specmock-Scenario",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
)


def secret_header_names(api: Api) -> frozenset[str]:
    """Headers that carry a credential for this API: masked wherever requests are shown."""
    declared = {
        scheme.parameter_name.lower()
        for scheme in api.security_schemes.values()
        if scheme.kind == "apiKey" and scheme.location == "header"
    }
    return ALWAYS_SECRET_HEADERS | declared


def exposed_headers(server: MockServer) -> list[str]:
    """Every response header the specs or the scenarios declare, plus specmock's own."""
    names = {name.lower(): name for name in OWN_HEADERS}
    for mount in server.mounts:
        for operation in mount.api.operations:
            for response in operation.responses.values():
                for name in response.headers:
                    names.setdefault(name.lower(), name)
    for name in server.scenarios.header_names():
        names.setdefault(name.lower(), name)
    return sorted(names.values(), key=str.lower)


def origin_allowed(origin: str, allowed: tuple[str, ...]) -> bool:
    return "*" in allowed or origin in allowed


class CorsLayer(CORSMiddleware):
    """Starlette's CORS, with a shortcut for requests that carry no Origin header (every client but a browser:
    SDKs, CLIs, servers, load tests). For those Starlette's only effect is `Vary: Origin` on the answer, added
    by wrapping each message in its header classes; here it is added to the header list directly."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:  # type: ignore[override]
        if scope["type"] == "http" and not any(name == b"origin" for name, _ in scope["headers"]):
            await self.app(scope, receive, functools.partial(_vary_on_origin, send))
            return
        await super().__call__(scope, receive, send)


async def _vary_on_origin(send: Any, message: dict[str, Any]) -> None:
    """The answer varies by Origin: one `vary` header joining those the answer has, and `Origin` (as Starlette
    writes it: in place of the first, or last when there was none)."""
    if message["type"] == "http.response.start":
        headers = list(message.get("headers", ()))
        varies = [index for index, (name, _) in enumerate(headers) if name == b"vary"]
        if varies:
            joined = b", ".join([*(headers[index][1] for index in varies), b"Origin"])
            for index in reversed(varies[1:]):
                del headers[index]
            headers[varies[0]] = (b"vary", joined)
        else:
            headers.append((b"vary", b"Origin"))
        message["headers"] = headers
    await send(message)


def cors_layer(server: MockServer) -> CORSMiddleware:
    """CORS for the mocked APIs: any origin by default; with --cors-origin, those origins, with credentials."""
    origins = list(server.config.cors_origins)
    return CorsLayer(
        cast(ASGIApp, server.asgi),
        allow_origins=origins,
        allow_methods=["*"],
        allow_headers=["*"],
        allow_credentials="*" not in origins,
        allow_private_network=True,  # answered only for allowed origins: a refused origin fails the preflight
        expose_headers=exposed_headers(server),
        max_age=600,
    )


class Dispatch:
    """Mocked traffic goes straight to the mock (behind CORS); the admin API and lifespan to Starlette.

    The mock takes every method and path, so no Starlette route can answer a QUERY or an encoded
    newline with a plain-text 405/404 outside the API's envelope, and the hot path skips the
    routing and exception layers it does not need.

    `server` is swapped whole by a reload (`replace`): one attribute assignment, so a request
    sees either the old APIs and rules or the new ones, never a mix.
    """

    def __init__(self, server: MockServer, admin: Starlette, front: Any = None) -> None:
        """`front`: what answers mocked traffic instead of the server behind CORS (the proxy)."""
        self.admin = admin
        self.server = server
        self.mock: Any = front if front is not None else cors_layer(server)

    def replace(self, server: MockServer) -> None:
        self.server, self.mock = server, cors_layer(server)
        self.admin.state.server = server

    def __getattr__(self, name: str) -> Any:  # `app.state`, `app.routes`… stay reachable
        return getattr(self.admin, name)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket") and not _is_admin(scope["path"]):
            await self.mock(scope, receive, send)
        else:
            await self.admin(scope, receive, send)


def _is_admin(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


def select_apis(apis: dict[str, Api], only: str | None) -> dict[str, Api]:
    if only is None:
        return apis
    if only not in apis:
        raise KeyError(f"no API named {only!r}; known: {', '.join(sorted(apis))}")
    return {only: apis[only]}


def build_server(
    config: ServeConfig,
    every_api: dict[str, Api],
    request_log: RequestLog | None = None,
    previous: MockServer | None = None,
) -> MockServer:
    """A server for these APIs; with `previous`, one that keeps its state, journal, clock, sockets and activations."""
    apis = select_apis(every_api, config.only_api)
    absent = frozenset(every_api) - frozenset(apis)
    if previous is None:
        crud = CrudOptions(
            seed=config.seed,
            seed_data=config.seed_data,
            unknown_ids=config.unknown_ids,
            datetime_precision=config.datetime_precision,
        )
        engine = ScenarioEngine.load(apis, config.scenarios_dir, config.state, absent, crud)
        engine.configure_retention(config.retention)
        active = engine.applicable(config.scenarios) if config.scenarios_are_default else config.scenarios
        engine.start(list(active), config.scenario_settings)
    else:
        engine = previous.scenarios.reloaded(apis, config.scenarios_dir, absent)
    server = MockServer(apis, config, engine, request_log)
    if previous is not None:
        server.sockets = previous.sockets
        server.violations_seen = previous.violations_seen
    check_admin_prefix(server)
    if previous is None:
        attach_callbacks(engine, apis, config)
    else:  # the running dispatcher sends what the new engine queues
        engine.on_callbacks = previous.scenarios.on_callbacks
    return server


def create_app(config: ServeConfig, apis: dict[str, Api] | None = None, request_log: RequestLog | None = None) -> Any:
    every_api = apis if apis is not None else load_apis(config.specs_dir, extra_overlays=config.overlays)
    server = build_server(config, every_api, request_log)
    access = AdminAccess.configure(config.admin_token, config.admin_hosts)
    holder: dict[str, Dispatch] = {}
    admin = Starlette(  # no CORS: the admin API answers its own origin only (the inspector)
        routes=[admin_routes(lambda: holder["app"].server, access)],
        exception_handlers={HTTPException: admin_http_error},
    )
    admin.state.server = server
    admin.state.admin_access = access
    dispatch = Dispatch(server, admin)
    holder["app"] = dispatch
    admin.state.dispatch = dispatch
    return TransportCapture(dispatch)


def attach_callbacks(engine: ScenarioEngine, apis: dict[str, Api], config: ServeConfig) -> CallbackDispatcher:
    """Callbacks the scenarios queue are sent by a dispatcher on the server's loop, woken when one is queued."""
    dispatcher = CallbackDispatcher(engine.store, apis, frozenset(config.allow_callback_hosts))
    engine.on_callbacks = dispatcher.wake
    return dispatcher


def check_admin_prefix(server: MockServer) -> None:
    """The admin API must never shadow a mocked path."""
    for mount in server.mounts:
        for operation in mount.api.operations:
            full = mount.base_url_path + operation.path
            if full == ADMIN_PREFIX or full.startswith(ADMIN_PREFIX + "/"):
                raise ValueError(
                    f"{mount.api.name}: {operation.method} {full} falls under the admin prefix {ADMIN_PREFIX}/"
                )
