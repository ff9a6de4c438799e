"""The one rule for request input: decode and bound it before any stage uses it.

Whatever reaches a handler (an HTTP request's head and body, a WebSocket frame, an admin
call) is decoded here, against the limits in `InputLimits`. What breaks a limit or is not
valid text or JSON becomes an `InvalidInput` (or `BodyTooLarge`) carrying a message for a
person; the caller renders it in its own envelope (the API's, a Runware error frame, the
admin API's). No later stage sees a lone surrogate, a NaN, a 5,000-digit number, JSON
nested 100,000 deep or more body than was allowed.
"""

from __future__ import annotations

import asyncio
import functools
import json
import math
import re
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect, cookie_parser

DEFAULT_MAX_BODY = 10 * 1024 * 1024


@dataclass(frozen=True)
class InputLimits:
    """How much of each kind of input a request may carry; beyond it, a 4xx that says which limit."""

    max_body_bytes: int = DEFAULT_MAX_BODY  # HTTP bodies and WebSocket frames (`--max-body`)
    max_json_depth: int = 64  # nested arrays/objects in a JSON body, frame or admin call
    max_number_digits: int = 1000  # digits in one JSON number (Python's own limit is 4300)
    max_query_fields: int = 1000  # name=value pairs in a query string or form body
    max_headers: int = 200  # header lines in one request
    body_timeout_s: float = 60.0  # the whole body must arrive within this, once the head has (slow uploads)


DEFAULT_LIMITS = InputLimits()


class InvalidInput(ValueError):
    """Input that is not what it claims to be (not UTF-8, not JSON, not finite) or breaks a limit."""


class BodyTooLarge(InvalidInput):
    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body exceeds {limit} bytes")
        self.limit = limit


class BodyTimeout(InvalidInput):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"The request body did not arrive within {seconds:g} s")


class TargetTooLong(InvalidInput):
    def __init__(self, length: int) -> None:
        super().__init__(f"The request target (path and query) is {length} bytes; at most {MAX_TARGET_BYTES} are read")
        self.length = length


# The longest request target (path and query) read: httptools' URL parser takes no more. The server `specmock
# serve` runs keeps that much of a longer one and says the whole length in the scope, under TARGET_TOO_LONG.
MAX_TARGET_BYTES = 65_535
TARGET_TOO_LONG = "specmock.target_too_long"


@dataclass(frozen=True)
class RequestHead:
    """An HTTP request's method, headers, query and cookies, decoded."""

    method: str
    headers: dict[str, str]  # lower-case names
    query: tuple[tuple[str, str], ...]
    cookies: dict[str, str]


# ---------------------------------------------------------------- HTTP


def decode_head(scope: dict[str, Any], limits: InputLimits = DEFAULT_LIMITS) -> RequestHead:
    if TARGET_TOO_LONG in scope:
        raise TargetTooLong(scope[TARGET_TOO_LONG])
    raw_headers = scope.get("headers") or []
    if len(raw_headers) > limits.max_headers:
        raise InvalidInput(f"the request has {len(raw_headers)} header lines; at most {limits.max_headers} are read")
    # HTTP header bytes are latin-1 by definition: every byte decodes, none is lost.
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in raw_headers}
    query_string = scope.get("query_string", b"")
    return RequestHead(
        method=scope.get("method", "GET"),
        headers=headers,
        query=decode_query(query_string.decode("latin-1"), limits) if query_string else (),
        cookies=cookie_parser(headers["cookie"]) if "cookie" in headers else {},
    )


def decode_query(text: str, limits: InputLimits = DEFAULT_LIMITS) -> tuple[tuple[str, str], ...]:
    """Percent-decoded pairs; bytes that are not UTF-8 become U+FFFD, never an error or a surrogate."""
    try:
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=limits.max_query_fields)
    except ValueError:
        raise InvalidInput(f"the query string has more than {limits.max_query_fields} fields") from None
    return tuple(pairs)


# An ASGI scope extension the server `specmock serve` runs offers: `scope["extensions"][RECEIVE_NOWAIT]["receive"]`
# returns the message `receive()` would return at once, or None when `receive()` would have to wait.
RECEIVE_NOWAIT = "specmock.receive_nowait"


def receive_nowait_of(scope: Mapping[str, Any]) -> Callable[[], MutableMapping[str, Any] | None] | None:
    """The RECEIVE_NOWAIT callable of a request's scope, when its server offers one."""
    extension = (scope.get("extensions") or {}).get(RECEIVE_NOWAIT)
    return extension.get("receive") if extension else None


async def read_body(
    headers: dict[str, str],
    receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
    limits: InputLimits = DEFAULT_LIMITS,
    receive_nowait: Callable[[], MutableMapping[str, Any] | None] | None = None,
) -> bytes:
    """The whole body, refused as soon as it (or its declared length) passes the limit.

    `receive_nowait` (the RECEIVE_NOWAIT extension, when the server offers it): a body that has wholly
    arrived with its head, as almost every body has, is taken without arming the slow-body timer.
    """
    limit = limits.max_body_bytes
    declared = headers.get("content-length")
    if declared and declared.isdecimal() and len(declared) < 20 and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks = []
    size = 0
    more = True
    waiting_for_nothing = (declared is None or declared == "0") and "transfer-encoding" not in headers
    arrived = receive_nowait() if receive_nowait is not None else None
    if arrived is not None or waiting_for_nothing:
        # Already there: the server read it with the head (a body that came whole, or no body at all,
        # RFC 9112 6.3), so there is nothing to wait for and no slow-body timer to arm. Anything more is
        # timed as usual.
        message = arrived if arrived is not None else await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk = message.get("body", b"")
        size = len(chunk)
        if size > limit:  # a chunked body declares no length: it is measured as it comes
            raise BodyTooLarge(limit)
        more = message.get("more_body", False)
        if not more:
            return bytes(chunk)
        chunks.append(chunk)
    try:
        async with asyncio.timeout(limits.body_timeout_s):  # a slowloris body holds no connection for long
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ClientDisconnect()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise BodyTooLarge(limit)
                chunks.append(chunk)
                more = message.get("more_body", False)
    except TimeoutError:
        raise BodyTimeout(limits.body_timeout_s) from None
    return b"".join(chunks)


# ---------------------------------------------------------------- JSON


def decode_json(raw: bytes | str, limits: InputLimits = DEFAULT_LIMITS, what: str = "the body") -> Any:
    """Parse JSON text, refusing what JSON allows Python but no API means (NaN, 1e400) and what breaks a limit."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{what} is not UTF-8 text (byte {exc.start})") from None
    else:
        text = raw
    text = text.removeprefix("\ufeff")
    _check_depth(text, limits, what)
    try:
        value = _decoder(limits.max_number_digits, text).decode(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{what} is malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except _NotANumber as exc:
        raise InvalidInput(f"{what} holds the number {exc.args[0]}, {exc.args[1]}") from None
    except RecursionError:
        raise InvalidInput(f"{what} is JSON nested too deeply") from None
    if _LONE_SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        raise InvalidInput(f"{what} holds a lone UTF-16 surrogate escape (such as \\ud800), which is not Unicode text")
    return value


class _NotANumber(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NotANumber(name, "which JSON does not allow (only finite numbers)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotANumber(_clip(text), "which is too large to be a finite number")
    return value


def _bounded_int(max_digits: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if len(text) > max_digits + 1:  # + 1 for a sign
            raise _NotANumber(_clip(text), f"which has more than {max_digits} digits")
        return int(text)

    return parse


def _clip(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}…{text[-6:]} ({len(text)} characters)"


# Decoders are built once (json.loads with options builds one per call). Floats always pass through
# _finite_float (1e400 parses as inf); ints pass through a digit check only when the text has a run of
# digits long enough to need it, as a Python call per int would slow every request.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)


def _decoder(max_digits: int, text: str) -> json.JSONDecoder:
    if _long_digits(max_digits).search(text) is None:
        return _DECODER
    return _bounded_decoder(max_digits)


@functools.cache
def _long_digits(max_digits: int) -> re.Pattern[str]:
    return re.compile(r"\d{" + str(max_digits + 1) + "}")


@functools.cache
def _bounded_decoder(max_digits: int) -> json.JSONDecoder:
    return json.JSONDecoder(
        parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_bounded_int(max_digits)
    )


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_OPENERS_AND_CLOSERS = re.compile(r"[\[\]{}]")
_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _check_depth(text: str, limits: InputLimits, what: str) -> None:
    """Refuse JSON nested deeper than the limit before the parser recurses into it."""
    if text.count("[") + text.count("{") <= limits.max_json_depth:
        return  # cannot be that deep: the common case costs two C-speed counts
    depth = deepest = 0
    for token in _OPENERS_AND_CLOSERS.findall(_STRINGS.sub('""', text)):
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limits.max_json_depth:
                    raise InvalidInput(f"{what} is JSON nested more than {limits.max_json_depth} levels deep")
        else:
            depth -= 1


def _has_lone_surrogate(value: Any) -> bool:
    """Valid escape pairs were joined by the parser; any surrogate left in a string stands alone."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")
