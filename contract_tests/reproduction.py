"""A failure's minimal reproduction: the exchanges (request and response) that show it, and a curl for each.

Secrets are masked when shown: values of the headers the user passed with `--header`, of headers and
query parameters whose name says they carry a credential, and of bearer tokens. `--show-secrets`
turns masking off, so the curl can be pasted and run as printed.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

BODY_LIMIT = 600
MASK = "***"
_SENSITIVE = re.compile(r"auth|token|key|secret|password|passwd|cookie|session|credential|signature", re.IGNORECASE)


@dataclass(frozen=True)
class Exchange:
    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: bytes | None
    status: int | None = None
    response_headers: tuple[tuple[str, str], ...] = ()
    response_body: bytes = b""


@dataclass(frozen=True)
class Masking:
    """What to hide when printing. `secrets` are literal values (from --header) hidden wherever they appear."""

    enabled: bool = True
    secrets: frozenset[str] = field(default_factory=frozenset)

    def header(self, name: str, value: str) -> str:
        if not self.enabled:
            return value
        if _SENSITIVE.search(name):
            scheme, _, rest = value.partition(" ")
            return f"{scheme} {MASK}" if rest and scheme.lower() in ("bearer", "basic", "token") else MASK
        return self.text(value)

    def text(self, value: str) -> str:
        if not self.enabled:
            return value
        for secret in sorted(self.secrets, key=len, reverse=True):
            if len(secret) >= 4:
                value = value.replace(secret, MASK)
        return value

    def url(self, url: str) -> str:
        if not self.enabled:
            return url
        parts = urlsplit(url)
        query = [(k, MASK if _SENSITIVE.search(k) else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        return self.text(urlunsplit(parts._replace(query=urlencode(query, safe="*[]"))))


def secrets_from_headers(headers: Mapping[str, str]) -> frozenset[str]:
    """The credential values among user-given headers: the whole value and a bearer's token."""
    found: set[str] = set()
    for name, value in headers.items():
        if _SENSITIVE.search(name):
            found.add(value)
            scheme, _, rest = value.partition(" ")
            if rest:
                found.add(rest.strip())
    return frozenset(item for item in found if item)


def _headers(pairs: Iterable[tuple[str, Any]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v[0] if isinstance(v, list) and v else v)) for k, v in pairs)


def from_interaction(interaction: Any) -> Exchange:
    """An exchange recorded by schemathesis' engine (`recorder.interactions[case_id]`)."""
    request = interaction.request
    response = interaction.response
    return Exchange(
        method=request.method,
        url=request.uri,
        request_headers=_headers(request.headers.items()),
        request_body=request.body,
        status=response.status_code if response is not None else None,
        response_headers=_headers(response.headers.items()) if response is not None else (),
        response_body=response.content if response is not None else b"",
    )


def from_requests_response(response: Any) -> Exchange:
    """An exchange from a schemathesis `Response` (or anything with `.request` as a PreparedRequest)."""
    request = response.request
    body = request.body
    if isinstance(body, str):
        body = body.encode()
    return Exchange(
        method=str(request.method),
        url=str(request.url),
        request_headers=_headers(request.headers.items()),
        request_body=body,
        status=response.status_code,
        response_headers=_headers(response.headers.items()),
        response_body=response.content or b"",
    )


# Headers every client adds; they only make a curl longer.
_NOISE = {
    "user-agent",
    "accept-encoding",
    "connection",
    "content-length",
    "host",
    "x-schemathesis-testcaseid",
}


def curl(exchange: Exchange, masking: Masking) -> str:
    parts = ["curl", "-X", exchange.method.upper()]
    for name, value in exchange.request_headers:
        if name.lower() in _NOISE or (name.lower() == "accept" and value == "*/*"):
            continue  # an Accept is shown when it asks for something: a negotiation finding depends on it
        parts += ["-H", shlex.quote(f"{name}: {masking.header(name, value)}")]
    if exchange.request_body:
        parts += ["-d", shlex.quote(masking.text(exchange.request_body.decode("utf-8", "replace")))]
    parts.append(shlex.quote(masking.url(exchange.url)))
    return " ".join(parts)


def truncated_body(body: bytes, limit: int = BODY_LIMIT) -> str:
    text = body.decode("utf-8", "replace")
    return text if len(text) <= limit else f"{text[:limit]}… ({len(body)} bytes)"


def describe_exchange(exchange: Exchange, masking: Masking) -> list[str]:
    """Lines showing one exchange: the curl, then the response status, headers and body."""
    lines = [f"$ {curl(exchange, masking)}"]
    if exchange.status is None:
        lines.append("  (no response)")
        return lines
    lines.append(f"  < HTTP {exchange.status}")
    for name, value in exchange.response_headers:
        if name.lower() in ("date", "server", "content-length"):
            continue
        lines.append(f"  < {name}: {masking.header(name, value)}")
    if exchange.response_body:
        lines.append(f"  < {masking.text(truncated_body(exchange.response_body))}")
    return lines
