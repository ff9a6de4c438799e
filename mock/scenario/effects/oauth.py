"""OAuth 2.0 authorization codes, as a correct authorization server keeps them (RFC 6749, RFC 7636).

The authorization endpoint hands out a code bound to the client, the redirect URI and the PKCE
challenge it was asked with (a 3xx to `redirect_uri?code=…&state=…`). The token endpoint exchanges
a code only if this mock issued it, it was not used before, it is at most `CODE_LIFETIME_S` old, and
the client id, redirect URI and `code_verifier` match; a refresh token only if this mock issued it.
Anything else is refused with `invalid_grant` in the API's envelope, with the 4xx the operation
declares. The engine adds these rules for every authorization-code flow a spec declares
(`mock.spec.oauth`), under the stateful scenario.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from mock.problems import Problem
from mock.scenario.effects.base import Effect, EffectInput, EffectResult, StateNamespace
from mock.scenario.retention import oldest_beyond
from mock.scenario.store import Delete, Mutation, Put, StateView
from mock.spec.model import Operation
from mock.spec.oauth import GRANT_REFUSALS, grant_refusal
from mock.spec.schemas import schema_types

GRANTS = "oauth_grants"  # state namespace: issued codes and refresh tokens, by api:value
CODE_LIFETIME_S = 600.0  # RFC 6749 §4.1.2 recommends at most ten minutes


def _text(value: Any) -> str | None:
    if isinstance(value, list):  # a repeated form field: the first value
        value = value[0] if value else None
    return value if isinstance(value, str) and value else None


def _secret(kind: str, inp: EffectInput, sequence: int) -> str:
    """A value no client can guess from the request alone: the request, the clock and a counter, hashed."""
    material = f"{kind}|{inp.request.api}|{sequence}|{inp.now!r}|{sorted(inp.request.query.items())!r}"
    material += repr(inp.request.body)
    return f"{kind}_{hashlib.sha256(material.encode()).hexdigest()[:40]}"


def _next_sequence(inp: EffectInput) -> tuple[int, Put]:
    sequence = int(inp.state.get(GRANTS, f"{inp.request.api}:#seq", 0)) + 1
    return sequence, Put(GRANTS, f"{inp.request.api}:#seq", sequence)


def _redirect(uri: str, params: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = "&".join(part for part in (parts.query, urlencode(params)) if part)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def authorize(inp: EffectInput) -> EffectResult:
    """Issue a code for this client, redirect URI and PKCE challenge; redirect to the client with it."""
    query = inp.request.query
    sequence, counted = _next_sequence(inp)
    code = _secret("code", inp, sequence)
    grant = {
        "kind": "code",
        "client_id": _text(query.get("client_id")),
        "redirect_uri": _text(query.get("redirect_uri")),
        "code_challenge": _text(query.get("code_challenge")),
        "code_challenge_method": _text(query.get("code_challenge_method")) or "plain",
        "scope": _text(query.get("scope")),
        "issued_at": inp.now,
        "used": False,
    }
    headers = {}
    redirect_uri = grant["redirect_uri"]
    if isinstance(redirect_uri, str):
        params = {"code": code}
        state = _text(query.get("state"))
        if state is not None:
            params["state"] = state
        headers["location"] = _redirect(redirect_uri, params)
    return EffectResult(
        vars={"oauth": {"code": code}},
        mutations=[counted, Put(GRANTS, f"{inp.request.api}:{code}", grant)],
        headers=headers,
        placements=_placed(inp.operation, {"code": code, "state": _text(query.get("state"))}),
    )


def _pkce_holds(challenge: str, method: str, verifier: str | None) -> bool:
    if verifier is None:
        return False
    if method.upper() == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=") == challenge
    return verifier == challenge


def code_refusal(grant: dict[str, Any] | None, form: dict[str, Any], now: float) -> str | None:
    """Why an authorization code may not be exchanged, or None when it may (pure; `grant` as stored)."""
    if grant is None or grant.get("kind") != "code":
        return "the authorization code was not issued by this server"
    if grant.get("used"):
        return "the authorization code was already used"
    if now - float(grant.get("issued_at", 0.0)) > CODE_LIFETIME_S:
        return "the authorization code has expired"
    if grant.get("client_id") and _text(form.get("client_id")) not in (None, grant["client_id"]):
        return "the authorization code was issued to another client"
    if grant.get("redirect_uri") and _text(form.get("redirect_uri")) not in (None, grant["redirect_uri"]):
        return "redirect_uri does not match the one the code was issued for"
    challenge = grant.get("code_challenge")
    if challenge and not _pkce_holds(
        challenge, str(grant.get("code_challenge_method")), _text(form.get("code_verifier"))
    ):
        return "code_verifier does not match the code_challenge"
    return None


def token(inp: EffectInput) -> EffectResult:
    """Exchange an issued, unused code (or an issued refresh token) for tokens; refuse anything else."""
    form = inp.request.body if isinstance(inp.request.body, dict) else {}
    grant_type = _text(form.get("grant_type"))
    api = inp.request.api
    if grant_type == "authorization_code":
        code = _text(form.get("code"))
        grant = inp.state.get(GRANTS, f"{api}:{code}") if code is not None else None
        reason = "code is required" if code is None else code_refusal(grant, form, inp.now)
        if reason is not None or not isinstance(grant, dict):
            return _refused(inp, reason or "code is required")
        used = Put(GRANTS, f"{api}:{code}", {**grant, "used": True})
        return _issue(inp, [used], scope=grant.get("scope"))
    if grant_type == "refresh_token":
        refresh = _text(form.get("refresh_token"))
        grant = inp.state.get(GRANTS, f"{api}:{refresh}") if refresh is not None else None
        if grant is None or grant.get("kind") != "refresh_token":
            return _refused(inp, "the refresh token was not issued by this server")
        return _issue(inp, [], scope=grant.get("scope"))
    return EffectResult(skip=True)  # other grants (client credentials, device code): the generated answer


def _issue(inp: EffectInput, changes: list[Any], scope: Any) -> EffectResult:
    sequence, counted = _next_sequence(inp)
    access = _secret("at", inp, sequence)
    refresh = _secret("rt", inp, sequence)
    stored = {"kind": "refresh_token", "scope": scope, "issued_at": inp.now}
    values = {"access_token": access, "refresh_token": refresh, "token_type": "Bearer"}
    return EffectResult(
        vars={"oauth": values},
        mutations=[*changes, counted, Put(GRANTS, f"{inp.request.api}:{refresh}", stored)],
        placements=_placed(inp.operation, values),
    )


def _placed(operation: Operation, values: dict[str, Any]) -> dict[str, Any]:
    """The values whose names the success body's schema declares as string properties."""
    for status in sorted(operation.responses):
        if not status.startswith("2"):
            continue
        media = operation.responses[status].json_media()
        schema = media.schema if media is not None else None
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(properties, dict):
            return {}
        return {
            name: value
            for name, value in values.items()
            if value is not None and _admits_string(properties.get(name), value)
        }
    return {}


def _admits_string(schema: Any, value: str) -> bool:
    if not isinstance(schema, dict):
        return False
    if "enum" in schema:
        return value in schema["enum"]
    return "string" in schema_types(schema)


def _refused(inp: EffectInput, reason: str) -> EffectResult:
    """`invalid_grant`, in the first refusal the token endpoint declares (a `4XX` or `default` answer counts). Where
    it declares none (Square's `POST /oauth2/token`, 200 alone), the spec allows no refusal, so the grant is
    exchanged for tokens as a code this mock issued is: no status the spec does not declare goes out."""
    status = grant_refusal(inp.operation.responses)
    if status is None:
        return _issue(inp, [], scope=None)
    return EffectResult(problem=Problem(status, "invalid_grant", f"invalid_grant: {reason}"))


_EMPTY = {"type": "object", "additionalProperties": False}

EFFECTS = (
    Effect("oauth.authorize", authorize, _EMPTY, description="issue an authorization code, redirect with it"),
    Effect(
        "oauth.token",
        token,
        _EMPTY,
        statuses=GRANT_REFUSALS,
        description="exchange only codes (and refresh tokens) this mock issued, each code once",
    ),
)


def forgotten(state: StateView, now: float, max_age_s: float, refresh_tokens: int) -> list[Mutation]:
    """Grants to delete: codes past both their lifetime and `max_age_s` (no client can exchange them), and the
    oldest refresh tokens beyond the newest `refresh_tokens` of each API (they do not expire here, and every
    code exchanged or token refreshed issues one). A deleted one is refused as one this server never issued.
    """
    code_age = max(CODE_LIFETIME_S, max_age_s)
    deletions: list[Mutation] = []
    tokens: dict[str, list[tuple[Any, str]]] = {}
    for key, grant in state.items(GRANTS):
        if not isinstance(grant, dict):
            continue  # an API's counter (`api:#seq`)
        issued_at = float(grant.get("issued_at", 0.0))
        if grant.get("kind") == "code" and now - issued_at > code_age:
            deletions.append(Delete(GRANTS, key))
        elif grant.get("kind") == "refresh_token":
            tokens.setdefault(key.rpartition(":")[0], []).append((issued_at, key))
    return deletions + [Delete(GRANTS, key) for key in oldest_beyond(tokens, refresh_tokens)]


NAMESPACES = (StateNamespace(GRANTS),)  # authorization codes and refresh tokens the oauth effect issued
