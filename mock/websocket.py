"""Task protocols over WebSocket (Runware's `wss://ws-api.runware.ai/v1`), on the REST pipeline.

Every operation that has a task protocol (`model.TaskProtocol`, an array-of-tasks body) is
also a WebSocket endpoint at its own URL: `ws://127.0.0.1:8000/runware/v1`, or
`ws://127.0.0.1:8000/v1` with `specmock serve --api runware`.

There is no second implementation of the API here. Each frame a client sends is handled as
the body of one request to that operation, by the `answer` the server hands each socket: the same routing,
validation, state and response generation a REST request goes through. The body of the
answer (`{"data": [...]}` or `{"errors": [...]}`, in the API's own envelope) is sent back as
one frame; a socket has no status codes, so the envelope alone says what went wrong.

What the socket adds is the connection itself, as Runware's WebSocket API has it and as its
SDKs (`runware-sdk`, `runware`) rely on:

- **Authentication.** The first frame must start with the authentication task
  (`[{"taskType": "authentication", "apiKey": "..."}]`). It is validated like any request
  (so a bad key gets the REST answer's `errors[]`: `invalidApiKey`, parameter `apiKey`,
  taskType `authentication`) and, on success, answered with the `connectionSessionUUID` of
  a session. A rejected key is answered in-band and the socket stays open: SDKs that see
  the socket close instead hang or report a connection error. Later frames are validated
  with the session's credential, passed the way the operation's security scheme takes it
  (`Authorization: Bearer` for Runware).
- **Sessions.** An authentication task that carries a known `connectionSessionUUID` (with
  the same key) resumes that session: the answer names the same UUID, then every answer
  that could not be delivered while no socket was attached follows, oldest first.
- **Heartbeat.** `[{"taskType": "ping", "ping": true}]` is answered with
  `{"data": [{"taskType": "ping", "pong": true}]}`, before or after authentication. Ping is
  not in Runware's OpenAPI documents (they describe the REST API), so it is defined here,
  as part of the socket protocol (`HEARTBEAT_TASK`), not added to the vendor specs.

Answers carry the `taskUUID` of their task (the REST pipeline echoes it), which is how
clients match them when several tasks are in flight on one socket.
"""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from mock.problems import Problem, Violation, problem_for, problem_for_status
from mock.request_input import InputLimits, InvalidInput, decode_json
from mock.request_validation import IncomingRequest
from mock.response_generation import MockResponse, dump_json
from mock.routing import MethodNotAllowed, RouteNotFound, Router
from mock.spec.model import Api, Operation, is_json_media

log = logging.getLogger("specmock")

HEARTBEAT_TASK = "ping"
MAX_SESSIONS = 10_000
MAX_BUFFERED_FRAMES = 1_000
DROPPED_CLOSE_CODE = 1012  # "service restart": what a client sees when specmock drops its socket


# ---------------------------------------------------------------- sessions


@dataclass(eq=False)
class SocketSession:
    """One authenticated connection session; it outlives the sockets that carry it."""

    id: str
    api: str
    credential: str = field(repr=False)
    socket: WebSocket | None = None
    buffered: deque[bytes] = field(default_factory=lambda: deque(maxlen=MAX_BUFFERED_FRAMES))

    async def deliver(self, frame: bytes) -> bool:
        """Send an answer to the attached socket, or keep it for the next resume. True if sent."""
        socket = self.socket
        if socket is not None:
            try:
                await socket.send_text(frame.decode())
                return True
            except (WebSocketDisconnect, RuntimeError, OSError):
                if self.socket is socket:
                    self.socket = None
        self.buffered.append(frame)
        return False

    async def flush(self) -> None:
        while self.buffered and self.socket is not None:
            frame = self.buffered.popleft()
            if not await self.deliver(frame):
                # deliver() re-buffered it at the end; put it back in front, order matters.
                self.buffered.rotate(1)
                return


class SocketSessions:
    """Connection sessions by `connectionSessionUUID`; the least recently used are forgotten."""

    def __init__(self, limit: int = MAX_SESSIONS) -> None:
        self._sessions: OrderedDict[str, SocketSession] = OrderedDict()
        self._limit = limit

    def get(self, session_id: str) -> SocketSession | None:
        return self._sessions.get(session_id)

    def open(self, api: str, credential: str, resume: str | None = None) -> SocketSession:
        """The session `resume` names if it is this API's and this key's, else a new one."""
        session = self._sessions.get(resume) if resume else None
        if session is None or session.api != api or session.credential != credential:
            session = SocketSession(str(uuid.uuid4()), api, credential)
            self._sessions[session.id] = session
            while len(self._sessions) > self._limit:
                self._sessions.popitem(last=False)
        self._sessions.move_to_end(session.id)
        return session

    async def drop(self, session_id: str) -> bool:
        """Close a session's socket as a network failure would, keeping the session to resume."""
        session = self._sessions.get(session_id)
        socket = session.socket if session else None
        if session is None or socket is None:
            return False
        session.socket = None
        with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
            await socket.close(DROPPED_CLOSE_CODE, "specmock dropped the connection")
        return True


# ---------------------------------------------------------------- endpoint


def socket_operation(api: Api, router: Router, relative_path: str) -> Operation | None:
    """The task-protocol operation at this path: the one a socket opened there speaks to."""
    for operation in api.operations:
        if operation.task_protocol is None:
            continue
        try:
            match = router.match(operation.method, relative_path)
        except (RouteNotFound, MethodNotAllowed):
            continue
        if match.operation is operation:
            return operation
    return None


def credential_headers(api: Api, operation: Operation, credential: str) -> dict[str, str]:
    """Headers that present an authenticated session's key the way the operation asks for it."""
    for requirement in operation.security:
        for name in requirement:
            scheme = api.security_schemes.get(name)
            if scheme is None:
                continue
            if scheme.kind == "apiKey" and scheme.location == "header":
                return {scheme.parameter_name.lower(): credential}
            if scheme.kind in ("http", "oauth2", "openIdConnect") and scheme.scheme != "basic":
                return {"authorization": f"Bearer {credential}"}
    return {"authorization": f"Bearer {credential}"}


@dataclass(frozen=True)
class SocketEndpoint:
    """What a task socket needs from the server: its operation, and how the REST pipeline answers it."""

    api: Api
    operation: Operation
    relative_path: str  # the operation's path, relative to the API's base path
    url_path: str  # where clients connect, for the log
    answer: Callable[[IncomingRequest], MockResponse]  # the REST pipeline, for one request to this API
    error: Callable[[Operation | None, Problem], MockResponse]  # an error in the API's envelope
    sessions: SocketSessions
    limits: InputLimits  # how large and deep a frame may be


class TaskSocket:
    """One WebSocket connection to a task-protocol operation."""

    def __init__(self, endpoint: SocketEndpoint, websocket: WebSocket) -> None:
        assert endpoint.operation.task_protocol is not None
        self.endpoint = endpoint
        self.operation = endpoint.operation
        self.protocol = endpoint.operation.task_protocol
        self.relative_path = endpoint.relative_path
        self.websocket = websocket
        self.session: SocketSession | None = None
        # Prism-style overrides (`?__code=402`, `Prefer: code=402` on the handshake) apply to every
        # task frame of the connection; authentication is never overridden.
        self._prefer = websocket.headers.get("prefer")
        self._query = tuple(websocket.query_params.multi_items())

    async def run(self) -> None:
        await self.websocket.accept()
        try:
            while True:
                message = await self.websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return
                text = message.get("text")
                raw = text.encode() if text is not None else (message.get("bytes") or b"")
                if not await self.on_frame(raw):
                    return
        except WebSocketDisconnect:
            return
        finally:
            if self.session is not None and self.session.socket is self.websocket:
                self.session.socket = None

    async def on_frame(self, raw: bytes) -> bool:
        """Answer one frame; False once the socket is gone."""
        limits = self.endpoint.limits
        if len(raw) > limits.max_body_bytes:
            problem = Problem(413, "payload_too_large", f"The message exceeds {limits.max_body_bytes} bytes")
            return await self._send_response(self.endpoint.error(self.operation, problem))
        try:
            tasks: Any = decode_json(raw, limits, what="the message")
        except InvalidInput as exc:  # answered in the API's envelope, as the same body over REST would be
            problem = problem_for(self.operation, (Violation("body", "", str(exc)),))
            return await self._send_response(self.endpoint.error(self.operation, problem))
        if isinstance(tasks, list):
            pings = [t for t in tasks if self._is(t, HEARTBEAT_TASK)]
            if pings:
                if not await self._send(
                    {"data": [{self.protocol.discriminator: HEARTBEAT_TASK, "pong": True} for _ in pings]}
                ):
                    return False
                tasks = [t for t in tasks if not self._is(t, HEARTBEAT_TASK)]
                if not tasks:
                    return True
                raw = dump_json(tasks)
            if tasks and self._is(tasks[0], self.protocol.authentication_task):
                return await self._authenticate(tasks, raw)
        if self.session is None:
            return await self._send_response(self.endpoint.error(self.operation, self._unauthenticated(tasks)))
        response = self._answer(raw, credential_headers(self.endpoint.api, self.operation, self.session.credential))
        await self.session.deliver(_frame(self, response))  # kept for the next resume if it cannot be sent
        return self.session.socket is self.websocket

    # ------------------------------------------------------------ authentication

    async def _authenticate(self, tasks: list[Any], raw: bytes) -> bool:
        response = self._answer(raw, {}, overrides=False)
        if response.status >= 400:
            return await self._send_response(response)
        auth = tasks[0]
        credential = auth.get(self.protocol.credential_field or "")
        resume = auth.get("connectionSessionUUID")
        session = self.endpoint.sessions.open(
            self.endpoint.api.name,
            credential if isinstance(credential, str) else "",
            resume if isinstance(resume, str) else None,
        )
        previous = session.socket
        session.socket = self.websocket
        self.session = session
        if previous is not None and previous is not self.websocket:
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
                # one socket per session: the newest one takes it over
                await previous.close(1000, "the session was resumed on another connection")
        body = json.loads(response.body)
        for item in body.get("data") or []:
            if isinstance(item, dict) and item.get(self.protocol.discriminator) == self.protocol.authentication_task:
                item["connectionSessionUUID"] = session.id
        if not await self._send(body):
            session.socket = None
            return False
        await session.flush()
        return session.socket is self.websocket

    def _unauthenticated(self, tasks: Any) -> Problem:
        first = tasks[0] if isinstance(tasks, list) and tasks and isinstance(tasks[0], dict) else {}
        task_uuid = first.get("taskUUID")
        example = json.dumps(
            [
                {
                    self.protocol.discriminator: self.protocol.authentication_task,
                    self.protocol.credential_field or "apiKey": "<your key>",
                }
            ]
        )
        return Problem(
            401,
            "missing_api_key",
            f"This connection is not authenticated: send {example} as the first message",
            field=self.protocol.credential_field or "",
            task_type=self.protocol.authentication_task,
            task_uuid=task_uuid if isinstance(task_uuid, str) else None,
        )

    # ------------------------------------------------------------ pipeline

    def _answer(self, body: bytes, headers: dict[str, str], overrides: bool = True) -> MockResponse:
        headers = {"content-type": "application/json", **headers}
        if overrides and self._prefer:
            headers["prefer"] = self._prefer
        incoming = IncomingRequest(
            method=self.operation.method,
            path=self.relative_path,
            query=self._query if overrides else (),
            headers=headers,
            body=body,
        )
        try:
            return self.endpoint.answer(incoming)
        except Exception:  # a bug of ours still answers in the API's envelope
            log.exception("internal error answering a WebSocket frame on %s", self.endpoint.url_path)
            return self.endpoint.error(
                None, Problem(500, "internal_error", "specmock failed to answer this message; see its log")
            )

    def _is(self, task: Any, task_type: str | None) -> bool:
        return task_type is not None and isinstance(task, dict) and task.get(self.protocol.discriminator) == task_type

    async def _send_response(self, response: MockResponse) -> bool:
        return await self._send_raw(_frame(self, response))

    async def _send(self, body: Any) -> bool:
        return await self._send_raw(dump_json(body))

    async def _send_raw(self, frame: bytes) -> bool:
        try:
            await self.websocket.send_text(frame.decode())
            return True
        except (WebSocketDisconnect, RuntimeError, OSError):
            return False


def _frame(socket: TaskSocket, response: MockResponse) -> bytes:
    """The frame for an answer: its JSON body; a bodiless answer gets an error body for its status."""
    if response.body and is_json_media(response.media_type or ""):
        return response.body
    problem = problem_for_status(
        response.status if response.status >= 400 else 500, response.headers.get("x-specmock-error")
    )
    return socket.endpoint.error(None, problem).body
