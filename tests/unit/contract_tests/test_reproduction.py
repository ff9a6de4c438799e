"""Reproductions: runnable curls, response shown, secrets masked unless asked for."""

from __future__ import annotations

import shlex

from contract_tests.reproduction import Exchange, Masking, curl, describe_exchange, secrets_from_headers

EXCHANGE = Exchange(
    method="POST",
    url="http://127.0.0.1:9/v1/things?api_key=sk_live_123&limit=5",
    request_headers=(
        ("Authorization", "Bearer sk_live_123"),
        ("X-Trace", "t-1"),
        ("User-Agent", "schemathesis"),
        ("Content-Type", "application/json"),
    ),
    request_body=b'{"name": "sk_live_123 inside", "n": 1}',
    status=500,
    response_headers=(("content-type", "text/plain"), ("date", "today")),
    response_body=b"x" * 2000,
)


def test_secrets_are_masked_everywhere_by_default():
    masking = Masking(secrets=secrets_from_headers({"Authorization": "Bearer sk_live_123"}))
    command = curl(EXCHANGE, masking)
    assert "sk_live_123" not in command
    assert "'Authorization: Bearer ***'" in command and "api_key=***" in command
    assert "User-Agent" not in command  # client noise left out
    lines = describe_exchange(EXCHANGE, masking)
    assert lines[1] == "  < HTTP 500" and "  < content-type: text/plain" in lines
    assert not any("date" in line for line in lines)
    assert lines[-1].endswith("… (2000 bytes)") and len(lines[-1]) < 700


def test_show_secrets_gives_a_command_a_shell_can_run_as_is():
    command = curl(EXCHANGE, Masking(enabled=False))
    words = shlex.split(command)
    assert words[:3] == ["curl", "-X", "POST"]
    assert "Authorization: Bearer sk_live_123" in words
    assert words[words.index("-d") + 1] == '{"name": "sk_live_123 inside", "n": 1}'
    assert words[-1] == "http://127.0.0.1:9/v1/things?api_key=sk_live_123&limit=5"


def test_secrets_from_headers_take_credentials_only():
    found = secrets_from_headers({"Authorization": "Bearer abcd1234", "X-Api-Key": "k-999", "X-Org": "acme"})
    assert found == {"Bearer abcd1234", "abcd1234", "k-999"}


def test_an_accept_that_asks_for_something_is_in_the_curl():
    from dataclasses import replace

    asked = replace(EXCHANGE, request_headers=(("Accept", "application/xml"),))
    anything = replace(EXCHANGE, request_headers=(("Accept", "*/*"),))
    assert "'Accept: application/xml'" in curl(asked, Masking(enabled=False))  # a negotiation finding needs it
    assert "Accept" not in curl(anything, Masking(enabled=False))  # every client's default: noise
