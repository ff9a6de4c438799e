"""Valid and invalid requests for any operation, built from its spec, for the server tests.

Every "valid" request is first checked with openapi-core (the reference) so a test failure
means the mock disagrees with openapi-core, not that the test built a bad request.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from mock.fake_data import fake_value
from mock.spec.model import Api, Operation, Parameter

VALID_KEY = "sk_live_specmock_tests"


@dataclass
class SpecRequest:
    method: str
    path: str  # relative to the API's base path, concrete
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    path_params: dict[str, Any] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    return str(value)


def style_text(parameter: Parameter, value: Any) -> str | list[tuple[str, str]]:
    """A value as OpenAPI 3 serialises it for the parameter's style and explode: text for a path, header or
    cookie, (name, text) pairs for a query. Written apart from the mock's reader, so tests can check one
    against the other."""
    name, style, explode = parameter.name, parameter.style, parameter.explode
    if parameter.media is not None:  # declared by `content`: the value written in that media type, JSON here
        text = json.dumps(value)
        return [(name, text)] if parameter.location == "query" else text
    if isinstance(value, dict):
        pairs = [(str(k), _text(v)) for k, v in value.items()]
        flat = [piece for pair in pairs for piece in pair]
        assigned = [f"{k}={v}" for k, v in pairs]
    items = [_text(v) for v in value] if isinstance(value, list) else []
    if parameter.location == "query":
        delimiter = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        if style == "deepObject" and isinstance(value, dict):
            return [(f"{name}[{k}]", v) for k, v in pairs]
        if isinstance(value, dict):
            return pairs if explode and style == "form" else [(name, delimiter.join(flat))]
        if isinstance(value, list):
            return [(name, item) for item in items] if explode else [(name, delimiter.join(items))]
        return [(name, _text(value))]
    if style == "label":
        if isinstance(value, dict):
            return "." + (".".join(assigned) if explode else ",".join(flat))
        return "." + ("." if explode else ",").join(items) if isinstance(value, list) else "." + _text(value)
    if style == "matrix":
        if isinstance(value, dict):
            return "".join(f";{a}" for a in assigned) if explode else f";{name}=" + ",".join(flat)
        if isinstance(value, list):
            return "".join(f";{name}={item}" for item in items) if explode else f";{name}=" + ",".join(items)
        return f";{name}={_text(value)}"
    if isinstance(value, dict):
        return ",".join(assigned) if explode and parameter.location != "cookie" else ",".join(flat)
    return ",".join(items) if isinstance(value, list) else _text(value)


def _parameter_value(parameter: Parameter, seed: int) -> Any:
    return fake_value(parameter.schema, seed, name=parameter.name)


def credentials(api: Api, operation: Operation, key: str = VALID_KEY) -> dict[str, str]:
    for requirement in operation.security:
        if not requirement:
            return {}
        headers = {}
        for name in requirement:
            scheme = api.security_schemes[name]
            if scheme.kind == "apiKey" and scheme.location == "header":
                headers[scheme.parameter_name.lower()] = key
            elif scheme.kind == "http" and scheme.scheme == "basic":
                headers["authorization"] = "Basic " + key
            elif scheme.kind in ("http", "oauth2", "openIdConnect"):
                headers["authorization"] = "Bearer " + key
            else:
                break
        else:
            return headers
    return {}


def valid_request(api: Api, operation: Operation, seed: int = 1) -> SpecRequest:
    path_params = {}
    query = []
    headers = credentials(api, operation)
    for index, parameter in enumerate(operation.parameters):
        if not parameter.required and parameter.location != "query":
            continue
        value = _parameter_value(parameter, seed + index)
        text = style_text(parameter, value)
        if parameter.location == "path":
            path_params[parameter.name] = text
        elif isinstance(text, list):
            query.extend(text)
        elif parameter.location == "header":
            headers[parameter.name.lower()] = text
    path = re.sub(r"\{([^}]+)\}", lambda m: str(path_params[m.group(1)]), operation.path)
    request = SpecRequest(operation.method, path, query, headers, b"", path_params)
    if operation.request_body is not None:
        media_name, media = next(iter(operation.request_body.content.items()))
        if operation.task_protocol is not None:
            body: Any = [
                fake_value(schema, seed, use_examples=True)
                for schema in operation.task_protocol.request_schemas.values()
            ]
            body.sort(key=lambda task: task.get("taskType") != operation.task_protocol.authentication_task)
            for task in body:
                if "apiKey" in task:
                    task["apiKey"] = VALID_KEY
                task.pop("connectionSessionUUID", None)
            request.body = json.dumps(body).encode()
        elif media_name == "application/x-www-form-urlencoded":
            value = fake_value(media.schema, seed)
            request.body = urlencode({k: _text(v) for k, v in value.items()}).encode()
        else:
            request.body = json.dumps(fake_value(media.schema, seed)).encode()
        request.headers["content-type"] = media_name
    return request


def url_of(base_url: str, request: SpecRequest) -> str:
    return base_url + request.path + ("?" + urlencode(request.query) if request.query else "")
