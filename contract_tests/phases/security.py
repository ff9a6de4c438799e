"""The security phase, always on: every secured operation is sent a valid request with no
credentials, wrong ones, another scheme's, and a forged token, and must refuse each with its declared
401/403 in the API's envelope. OAuth token endpoints declared in the spec get made-up codes.

Schemathesis' `ignored_auth` needs generated security parameters, which we turn off once the user
gives real credentials with --header (random keys beside the real one only add noise); this phase
sends the bad variants on purpose instead.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from schemathesis.core import NotSet

from contract_tests.checks import envelope, security
from contract_tests.phases.base import PhaseRun, credential_header_names


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def forged_jwt() -> str:
    """A JWT that claims everything and proves nothing: `alg: none`, expired, no signature."""
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64({'sub': 'admin', 'exp': 1, 'scope': '*'})}."


def _schemes(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    schemes = ((document.get("components") or {}).get("securitySchemes")) or {}
    return {name: scheme for name, scheme in schemes.items() if isinstance(scheme, dict)}


def _requirements(document: dict[str, Any], raw: dict[str, Any]) -> list[dict[str, Any]]:
    return list(raw["security"] if "security" in raw else document.get("security") or [])


def is_public(document: dict[str, Any], raw: dict[str, Any]) -> bool:
    """No credentials needed: no security requirement, or an empty one among them (`security: []`, `- {}`)."""
    requirements = _requirements(document, raw)
    return not requirements or any(not requirement for requirement in requirements)


def _header_of(scheme: dict[str, Any]) -> str | None:
    if scheme.get("type") in ("http", "oauth2", "openIdConnect"):
        return "Authorization"
    if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
        return str(scheme.get("name"))
    return None


def _made_up(scheme: dict[str, Any]) -> str:
    token = f"invalid-specmock-{secrets.token_hex(8)}"
    if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "basic":
        return "Basic " + base64.b64encode(f"{token}:{token}".encode()).decode()
    if scheme.get("type") in ("http", "oauth2", "openIdConnect"):
        return f"Bearer {token}"
    return token


@dataclass(frozen=True)
class Variant:
    """Bad credentials to send: what they are, the headers, and the credential query parameters."""

    description: str
    headers: dict[str, str]
    query: dict[str, str] = field(default_factory=dict)


def _query_name(scheme: dict[str, Any]) -> str | None:
    if scheme.get("type") == "apiKey" and scheme.get("in") == "query" and scheme.get("name"):
        return str(scheme["name"])
    return None


def _made_up_placed(scheme: dict[str, Any], plain: dict[str, str]) -> tuple[dict[str, str], dict[str, str]] | None:
    """(headers, query) carrying a made-up credential where `scheme` reads one; None for a cookie."""
    if (header := _header_of(scheme)) is not None:
        return {**plain, header: _made_up(scheme)}, {}
    if (name := _query_name(scheme)) is not None:
        return dict(plain), {name: _made_up(scheme)}
    return None


def variants(
    document: dict[str, Any], raw: dict[str, Any], headers: dict[str, str], verified: bool = True
) -> list[Variant]:
    """The bad-credential requests an operation must refuse; [] if it is public.

    With unverified (stand-in) credentials only the request without any is sent: a made-up key cannot be
    told from the stand-in, which a lenient server rightly accepts.
    """
    if is_public(document, raw):
        return []  # public, or credentials optional
    requirements = _requirements(document, raw)
    schemes = _schemes(document)
    accepted = {name for requirement in requirements for name in requirement}
    if any(schemes.get(name, {}).get("in") == "cookie" for name in accepted):
        return []  # credentials in cookies: not varied here
    credential_names = credential_header_names(document)
    plain = {name: value for name, value in headers.items() if name.lower() not in credential_names}
    found = [Variant("no credentials", dict(plain))]
    if not verified:
        return found
    own = [schemes[name] for name in sorted(accepted) if name in schemes]
    wrong_headers, wrong_query = dict(plain), {}
    for scheme in own:
        placed = _made_up_placed(scheme, {})
        if placed is not None:
            wrong_headers.update(placed[0])
            wrong_query.update(placed[1])
    if own:
        found.append(Variant("wrong credentials", wrong_headers, wrong_query))
    accepted_places = {
        (_header_of(schemes[name]) or "").lower() or _query_name(schemes[name]) for name in accepted if name in schemes
    }
    for name, scheme in sorted(schemes.items()):
        place = (_header_of(scheme) or "").lower() or _query_name(scheme)
        placed = _made_up_placed(scheme, plain)
        if name in accepted or placed is None or place in accepted_places:
            continue
        found.append(Variant(f"only another scheme's credential ({name})", *placed))
        break
    bearer = any(_header_of(scheme) == "Authorization" and scheme.get("type") != "apiKey" for scheme in own)
    if bearer and not any(str(scheme.get("scheme", "")).lower() == "basic" for scheme in own):
        found.append(
            Variant("a forged token (alg none, expired)", {**plain, "Authorization": f"Bearer {forged_jwt()}"})
        )
    return found


def run_security_phase(run: PhaseRun) -> None:
    from contract_tests.runware_protocol import is_task_protocol

    if is_task_protocol(run.document):
        return  # Runware's credentials travel in the body too: the protocol tests cover them
    for operation in run.operations().values():
        raw = run.raw(operation)
        bad = variants(run.document, raw, run.headers_for(operation), run.verified)
        if not bad:
            continue
        case = run.example(operation)
        if case is None:
            continue
        for variant in bad:
            steps: list[Any] = []
            sent = case.operation.Case(**case_parts(case))
            response = run.send(sent, headers=variant.headers, steps=steps, query=variant.query)
            run.check(
                case,
                response,
                steps,
                lambda state, resp, c, d=variant.description: security.check_refused(state, resp, c, d),
                envelope.check_error_envelope,
            )
    run_oauth(run)


def case_parts(case: Any) -> dict[str, Any]:
    parts = {
        "path_parameters": dict(case.path_parameters or {}),
        "query": dict(case.query or {}),
        "headers": dict(case.headers or {}),
        "cookies": dict(case.cookies or {}),
        "media_type": case.media_type,
    }
    if case.body is not None and not isinstance(case.body, NotSet):
        parts["body"] = case.body
    return parts


def token_operations(run: PhaseRun) -> list[Any]:
    """Operations that are the tokenUrl of an OAuth2 flow the spec declares."""
    from contract_tests.spec_facts import token_operation_ids

    wanted = set(token_operation_ids(run.document))
    return [operation for operation_id, operation in run.operations().items() if operation_id in wanted]


def run_oauth(run: PhaseRun) -> None:
    made_up = {
        "grant_type": "authorization_code",
        "code": f"specmock-made-up-{secrets.token_hex(6)}",
        "code_verifier": secrets.token_urlsafe(48),
        "client_id": f"specmock-client-{secrets.token_hex(4)}",
        "redirect_uri": "http://127.0.0.1/callback",
    }
    from contract_tests.spec_facts import tokens_without_refusal

    cannot_refuse = set(tokens_without_refusal(run.document))  # a token is all the spec allows there (a run note)
    for operation in token_operations(run):
        if operation.label in cannot_refuse:
            continue
        media_types = list((((run.raw(operation).get("requestBody") or {}).get("content")) or {}).keys())
        media_type = next((m for m in media_types if "form" in m), media_types[0] if media_types else None)
        case = operation.Case(body=dict(made_up), media_type=media_type)
        steps: list[Any] = []
        response = run.send(case, steps=steps)
        run.check(case, response, steps, security.check_oauth_code_refused, envelope.check_error_envelope)
