"""openapi-core as the reference: the only module that imports it.

It answers two questions about a normalised API: would openapi-core accept this request
(the yardstick for the fast validator), and does this response conform to the spec (the
`--self-check` and the tests). It is slower (about 1 ms a call), so the server only calls
it when asked to.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from mock.spec.model import Api, Operation

_built: dict[int, tuple[Api, Any]] = {}


def _openapi(api: Api) -> Any:
    entry = _built.get(id(api))
    if entry is None or entry[0] is not api:
        from openapi_core import Config, OpenAPI

        # openapi-core reads only application/json as JSON; `+json` types (problem+json, merge-patch+json) are too
        structured = {
            name: json.loads
            for operation in api.operations
            for content in [
                *(r.content for r in operation.responses.values()),
                operation.request_body.content if operation.request_body else {},
            ]
            for name in content
            if name.endswith("+json")
        }
        config = Config(spec_validator_cls=None, extra_media_type_deserializers=structured)
        entry = (api, OpenAPI.from_dict(api.document, config=config))
        _built[id(api)] = entry
    return entry[1]


def _origin(api: Api) -> str:
    servers = api.document.get("servers") or [{"url": "http://localhost"}]
    parts = urlsplit(str(servers[0]["url"]))
    return f"{parts.scheme or 'http'}://{parts.netloc or 'localhost'}"


def concrete_path(operation: Operation, path_params: dict[str, Any]) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: str(path_params.get(m.group(1), m.group(1))), operation.path)


@dataclass(frozen=True)
class ReferenceRequest:
    method: str
    path: str  # relative to the API's base path, concrete
    query: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] | None = None
    body: bytes = b""
    content_type: str = "application/json"


def _mock_request(api: Api, request: ReferenceRequest) -> Any:
    from openapi_core.testing import MockRequest

    full_path = api.base_path + request.path
    args: Any = None
    if request.query:
        from werkzeug.datastructures import MultiDict

        args = MultiDict(list(request.query))
    mock = MockRequest(
        _origin(api),
        request.method.lower(),
        full_path,
        headers=request.headers or {},
        data=request.body,
        content_type=request.content_type,
    )
    if args is not None:
        from werkzeug.datastructures import ImmutableMultiDict

        mock.parameters.query = ImmutableMultiDict(args)
    return mock


def reference_request_errors(api: Api, request: ReferenceRequest) -> list[str]:
    """What openapi-core finds wrong with a request; [] means it accepts it."""
    return [_describe(error) for error in _openapi(api).iter_request_errors(_mock_request(api, request))]


def response_errors(
    api: Api,
    operation: Operation,
    path_params: dict[str, Any],
    status: int,
    headers: dict[str, str],
    body: bytes,
    content_type: str,
) -> list[str]:
    """Why openapi-core rejects a response the mock produced; [] means it conforms."""
    from openapi_core.testing import MockResponse

    request = _mock_request(api, ReferenceRequest(operation.method, concrete_path(operation, path_params)))
    response = MockResponse(body, status_code=status, headers=headers, content_type=content_type)
    return [_describe(error) for error in _openapi(api).iter_response_errors(request, response)]


def _describe(error: BaseException) -> str:
    text = str(error)
    cause = error.__cause__ or getattr(error, "schema_errors", None)
    if isinstance(cause, BaseException):
        text += f": {cause}"
    for nested in getattr(error, "schema_errors", None) or []:
        text += f"; {getattr(nested, 'message', nested)} at {list(getattr(nested, 'absolute_path', []))}"
    for nested in getattr(error, "errors", None) or []:
        text += f"; {_describe(nested)}"
    return text


def query_string(query: tuple[tuple[str, str], ...]) -> str:
    return urlencode(list(query))


def reference_request_categories(api: Api, request: ReferenceRequest) -> set[str]:
    """The kinds of failure openapi-core finds: security, parameters, body, content-type."""
    from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
    from openapi_core.validation.request.exceptions import (
        ParameterValidationError,
        RequestBodyValidationError,
        SecurityValidationError,
    )

    categories = set()
    for error in _openapi(api).iter_request_errors(_mock_request(api, request)):
        cause = error.__cause__
        if isinstance(error, SecurityValidationError):
            categories.add("security")
        elif isinstance(error, ParameterValidationError):
            categories.add("parameters")
        elif isinstance(cause, MediaTypeNotFound) or isinstance(error, MediaTypeNotFound):
            categories.add("content-type")
        elif isinstance(error, RequestBodyValidationError):
            categories.add("body")
        else:
            categories.add(type(error).__name__)
    return categories
