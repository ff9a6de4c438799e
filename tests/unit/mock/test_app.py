"""`specmock serve --workers N` hands its configuration to worker processes as JSON: nothing may be lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock.app import ServeConfig
from mock.scenario.retention import Retention


def test_every_field_survives_the_trip_to_a_worker() -> None:
    config = ServeConfig(
        specs_dir=Path("/srv/specs"),
        only_api="aeriox",
        seed=7,
        api_keys=frozenset({"k1", "k2"}),
        self_check=True,
        cors_origins=("http://localhost:3000",),
        max_body_bytes=1234,
        scenarios_dir=Path("/srv/scenarios"),
        scenarios=("wallet", "stateful"),
        scenario_settings={"wallet": {"start_balance_usd": 20}},
        state="redis://127.0.0.1:6379/0",
        retention=Retention(finished_jobs=3, ledger_entries=4, records=5, journal_entries=6, max_age_s=7.5),
        overlays=(Path("/srv/recorded"), Path("/srv/more")),
    )
    assert ServeConfig.from_json(config.to_json()) == config
    assert ServeConfig.from_json(ServeConfig().to_json()) == ServeConfig()


def test_a_header_value_never_holds_bytes_http_forbids_in_it():
    # a path value `%1F` quoted in X-Specmock-Error made uvicorn drop the connection with no answer
    from mock.app import header_value

    assert header_value("No user with id \x1f exists") == b"No user with id %1F exists"
    assert header_value("a\r\nSet-Cookie: x=1") == b"a%0D%0ASet-Cookie: x=1"
    assert header_value("tab\tand text") == b"tab\tand text"


def answers_through(layer_class: type, answer_headers: list[tuple[bytes, bytes]], request_headers: list) -> list:
    """The messages a CORS layer of `layer_class` (as the mock configures it) sends for one answer."""
    import asyncio

    from starlette.middleware.cors import CORSMiddleware

    async def app(scope: dict, receive: object, send: object) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": list(answer_headers)})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"{}"})  # type: ignore[operator]

    assert issubclass(layer_class, CORSMiddleware)
    layer = layer_class(app, allow_origins=["*"], allow_methods=["*"], allow_headers=["*"], expose_headers=["X-A"])
    sent: list = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": request_headers}
    asyncio.run(layer(scope, None, send))
    return sent


@pytest.mark.parametrize(
    "answer_headers",
    [
        [(b"content-type", b"application/json")],
        [(b"vary", b"Accept"), (b"content-type", b"application/json")],
        [(b"vary", b"Accept"), (b"x-a", b"1"), (b"vary", b"Prefer")],
    ],
)
@pytest.mark.parametrize("origin", [None, b"http://localhost:3000"])
def test_the_cors_shortcut_answers_exactly_as_starlettes_layer(answer_headers: list, origin: bytes | None) -> None:
    from starlette.middleware.cors import CORSMiddleware

    from mock.app import CorsLayer

    request_headers = [(b"host", b"127.0.0.1")] + ([(b"origin", origin)] if origin else [])
    ours = answers_through(CorsLayer, answer_headers, request_headers)
    assert ours == answers_through(CORSMiddleware, answer_headers, request_headers)
    assert any(name == b"vary" and value.endswith(b"Origin") for name, value in ours[0]["headers"])


@pytest.mark.parametrize("status", [204, 205, 304])
def test_an_answer_of_a_status_without_content_never_writes_one(status: int) -> None:
    # a scenario may answer 204 with a body; written anyway, a keep-alive client reads it as the next answer
    import asyncio

    from mock.app import send_response
    from mock.response_generation import MockResponse

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(send_response(send, MockResponse(status, b'{"ok":true}', "application/json", {"x-trace": "1"})))
    start, body = sent
    names = [name for name, _ in start["headers"]]
    assert (start["status"], body["body"]) == (status, b"")
    assert b"content-type" not in names and b"x-trace" in names
    assert dict(start["headers"]).get(b"content-length") == (b"0" if status == 205 else None)


def test_an_answer_with_content_keeps_its_framing() -> None:
    import asyncio

    from mock.app import send_response
    from mock.response_generation import MockResponse

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(send_response(send, MockResponse(200, b'{"ok":true}', "application/json")))
    start, body = sent
    assert body["body"] == b'{"ok":true}'
    assert dict(start["headers"]) == {b"content-type": b"application/json", b"content-length": b"11"}
