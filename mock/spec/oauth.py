"""OAuth 2.0 authorization-code flows a spec declares, tied to the operations that serve them.

A `securitySchemes` entry of type `oauth2` with an `authorizationCode` flow names an
`authorizationUrl` and a `tokenUrl`. When the spec also describes those endpoints as operations
(a GET at the authorization URL's path, a POST at the token URL's path), the mock can play the
authorization server: hand out codes at one and exchange only those codes at the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mock.spec.model import Api, Operation, response_keys

# The statuses a token endpoint refuses a grant with: RFC 6749 §5.2 says 400; specs declare 401, 403 and 422 too.
GRANT_REFUSALS = (400, 401, 403, 422)


def grant_refusal(responses: Mapping[str, Any]) -> int | None:
    """The first of GRANT_REFUSALS a token endpoint's responses declare, by its code, its range (`4XX`) or `default`;
    None where it declares none (Square's `POST /oauth2/token`, 200 alone): the spec allows only a token there."""
    return next((status for status in GRANT_REFUSALS if any(key in responses for key in response_keys(status))), None)


@dataclass(frozen=True)
class AuthorizationCodeFlow:
    """One declared flow: the scheme's name and the operationIds of its endpoints (None: not described)."""

    scheme: str
    authorize: str | None
    token: str | None


def _url_path(url: Any) -> str:
    if not isinstance(url, str) or not url.strip():
        return ""
    return urlsplit(url.strip()).path.rstrip("/")


def endpoint_for(url: Any, candidates: Iterable[tuple[str, str]], base_path: str = "") -> str | None:
    """The operationId an endpoint URL reaches among `(path, operationId)` candidates of one method.

    Same full path (under `base_path`) wins; else the longest path the URL ends with. Spec URLs are
    often absolute (`https://api.example.com/v1/oauth/token`) while the API is served under its own
    base path, so a match on whole trailing segments is what ties them together. Templated paths
    never match: an endpoint URL names one concrete resource.
    """
    wanted = _url_path(url)
    if not wanted:
        return None
    found: tuple[str, str] | None = None
    for path, operation_id in candidates:
        if "{" in path:
            continue
        tail = path.rstrip("/")
        if (base_path.rstrip("/") + path).rstrip("/") == wanted:
            return operation_id
        # Paths start with "/", so a suffix match ends on a segment boundary.
        if tail and wanted.endswith(tail) and (found is None or len(path) > len(found[0])):
            found = (path, operation_id)
    return found[1] if found is not None else None


def token_urls(document: dict[str, Any]) -> list[str]:
    """The `tokenUrl` of every flow of every oauth2 scheme the document declares."""
    urls = []
    for scheme in ((document.get("components") or {}).get("securitySchemes") or {}).values():
        if not isinstance(scheme, dict) or scheme.get("type") != "oauth2":
            continue
        for flow in (scheme.get("flows") or {}).values():
            if isinstance(flow, dict) and isinstance(flow.get("tokenUrl"), str):
                urls.append(flow["tokenUrl"])
    return urls


def operation_at(api: Api, url: Any, method: str) -> Operation | None:
    """The operation of `method` an endpoint URL reaches (see `endpoint_for`)."""
    of_method = [operation for operation in api.operations if operation.method.lower() == method]
    operation_id = endpoint_for(
        url, ((operation.path, operation.operation_id) for operation in of_method), api.base_path
    )
    return next((operation for operation in of_method if operation.operation_id == operation_id), None)


def authorization_code_flows(api: Api) -> tuple[AuthorizationCodeFlow, ...]:
    """Every `authorizationCode` flow of the API's oauth2 schemes whose token endpoint is an operation."""
    schemes = (api.document.get("components") or {}).get("securitySchemes") or {}
    flows = []
    for name, scheme in schemes.items():
        if not isinstance(scheme, dict) or scheme.get("type") != "oauth2":
            continue
        flow = (scheme.get("flows") or {}).get("authorizationCode")
        if not isinstance(flow, dict):
            continue
        token = operation_at(api, flow.get("tokenUrl"), "post")
        if token is None:
            continue
        authorize = operation_at(api, flow.get("authorizationUrl"), "get")
        flows.append(
            AuthorizationCodeFlow(
                scheme=str(name),
                authorize=authorize.operation_id if authorize is not None else None,
                token=token.operation_id,
            )
        )
    return tuple(flows)
