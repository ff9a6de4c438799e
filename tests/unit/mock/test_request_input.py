"""The one decoder of request input: JSON that Python would take but no API means, and the limits."""

from __future__ import annotations

import pytest

from mock.request_input import InputLimits, InvalidInput, decode_json, decode_query


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b'{"a": NaN}', "NaN"),
        (b'{"a": -Infinity}', "-Infinity"),
        (b'{"a": 1e400}', "1e400"),
        (b'{"a": ' + b"9" * 5000 + b"}", "more than 1000 digits"),
        (b"[" * 100_000 + b"]" * 100_000, "nested more than 64 levels"),
        (b'{"prompt": "\\ud800"}', "lone UTF-16 surrogate"),
        (b'{"prompt": "\\udfff x"}', "lone UTF-16 surrogate"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"a": ', "malformed JSON"),
    ],
)
def test_hostile_json_is_refused_with_a_message_that_names_the_problem(raw: bytes, says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        decode_json(raw)
    message = str(refused.value)
    assert says in message
    assert "set_int_max_str_digits" not in message and "null" not in message


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (b'{"emoji": "\\ud83d\\ude00"}', {"emoji": "\U0001f600"}),  # a valid surrogate pair is one character
        (b'{"path": "\\\\ud800"}', {"path": "\\ud800"}),  # an escaped backslash, not an escape
        (b'{"brackets": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', None),
        (b"\xef\xbb\xbf[1, 2.5, -3]", [1, 2.5, -3]),
        (b"[" * 64 + b"]" * 64, None),
    ],
)
def test_ordinary_json_passes_untouched(raw: bytes, value: object) -> None:
    decoded = decode_json(raw)
    if value is not None:
        assert decoded == value


def test_limits_are_settings() -> None:
    assert decode_json(b"[[[1]]]", InputLimits(max_json_depth=3)) == [[[1]]]
    with pytest.raises(InvalidInput, match="more than 2 levels"):
        decode_json(b"[[[1]]]", InputLimits(max_json_depth=2))
    with pytest.raises(InvalidInput, match="more than 3 digits"):
        decode_json(b"12345", InputLimits(max_number_digits=3))


def test_a_query_string_with_too_many_fields_is_refused() -> None:
    assert decode_query("a=1&b=%FF&c") == (("a", "1"), ("b", "\ufffd"), ("c", ""))
    with pytest.raises(InvalidInput, match="more than 3 fields"):
        decode_query("a=1&b=2&c=3&d=4", InputLimits(max_query_fields=3))


def test_a_body_that_stops_arriving_is_refused_after_the_body_timeout() -> None:
    import asyncio

    from mock.request_input import BodyTimeout, read_body

    sent = [{"type": "http.request", "body": b'{"a": ', "more_body": True}]

    async def receive() -> dict[str, object]:
        if sent:
            return sent.pop()
        await asyncio.sleep(3600)  # the rest never comes
        raise AssertionError("unreachable")

    async def read() -> bytes:
        return await read_body({}, receive, InputLimits(body_timeout_s=0.1))

    with pytest.raises(BodyTimeout, match="0.1 s"):
        asyncio.run(asyncio.wait_for(read(), timeout=5))


def test_a_request_without_a_body_is_read_in_one_message() -> None:
    import asyncio

    from mock.request_input import read_body

    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict[str, object]:
        return messages.pop()

    assert asyncio.run(read_body({"content-length": "0"}, receive)) == b""
    assert asyncio.run(read_body({}, lambda: _one(b"", False))) == b""
    # Declared nothing yet sent more: the rest is read (and timed) as any body.
    parts = [{"type": "http.request", "body": b"}", "more_body": False}, {"type": "http.request", "body": b"{"}]
    parts[1]["more_body"] = True

    async def in_parts() -> dict[str, object]:
        return parts.pop()

    assert asyncio.run(read_body({}, in_parts)) == b"{}"


def test_a_body_already_arrived_is_taken_without_waiting_and_the_rest_is_still_timed() -> None:
    """RECEIVE_NOWAIT: what has arrived is taken at once; what has not is awaited under the body timeout."""
    import asyncio

    from mock.request_input import BodyTimeout, BodyTooLarge, read_body

    async def never() -> dict[str, object]:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    whole = {"type": "http.request", "body": b'{"a": 1}', "more_body": False}
    headers = {"content-length": "8"}
    assert asyncio.run(read_body(headers, never, receive_nowait=lambda: whole)) == b'{"a": 1}'
    first = {"type": "http.request", "body": b'{"a": ', "more_body": True}
    with pytest.raises(BodyTimeout):  # the first part came at once, the rest never does: timed as usual
        asyncio.run(read_body(headers, never, InputLimits(body_timeout_s=0.1), receive_nowait=lambda: first))
    with pytest.raises(BodyTimeout):  # nothing arrived yet: the whole body is timed
        asyncio.run(read_body(headers, never, InputLimits(body_timeout_s=0.1), receive_nowait=lambda: None))
    rest = [{"type": "http.request", "body": b"1}", "more_body": False}]

    async def the_rest() -> dict[str, object]:
        return rest.pop()

    part = {"type": "http.request", "body": b'{"a": ', "more_body": True}
    assert asyncio.run(read_body(headers, the_rest, receive_nowait=lambda: part)) == b'{"a": 1}'
    chunked = {"type": "http.request", "body": b"{" + b" " * 64 + b"}", "more_body": False}  # no declared length
    with pytest.raises(BodyTooLarge):
        asyncio.run(read_body({"transfer-encoding": "chunked"}, never, InputLimits(max_body_bytes=32), lambda: chunked))


async def _one(body: bytes, more: bool) -> dict[str, object]:
    return {"type": "http.request", "body": body, "more_body": more}
