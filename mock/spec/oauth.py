"""OAuth 2.0 authorization-code flows a spec declares, tied to the operations that serve them.

A `securitySchemes` entry of type `oauth2` with an `authorizationCode` flow names an
`authorizationUrl` and a `tokenUrl`. When the spec also describes those endpoints as operations
(a GET at the authorization URL's path, a POST at the token URL's path), the mock can play the
authorization server: hand out codes at one and exchange only those codes at the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mock.spec.model import Api, Operation


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


def _served_at(api: Api, operation: Operation) -> str:
    return (api.base_path.rstrip("/") + operation.path).rstrip("/")


def operation_at(api: Api, url: Any, method: str) -> Operation | None:
    """The operation of `method` an endpoint URL reaches: same full path, else the longest path it ends with.

    Spec URLs are often absolute (`https://api.example.com/v1/oauth/token`) while the API is served
    under its own base path, so a match on whole trailing segments is what ties them together.
    """
    wanted = _url_path(url)
    if not wanted:
        return None
    found: Operation | None = None
    for operation in api.operations:
        if operation.method.lower() != method or "{" in operation.path:
            continue
        served = _served_at(api, operation)
        if served == wanted:
            return operation
        tail = operation.path.rstrip("/")  # starts with "/", so a suffix match ends on a segment boundary
        if tail and wanted.endswith(tail) and (found is None or len(operation.path) > len(found.path)):
            found = operation
    return found


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
