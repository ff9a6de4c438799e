"""Response generation: choose the status and media type, then build a body that the spec accepts.

Bodies come from the spec's examples when it has them (unless `Prefer: dynamic=true`),
otherwise from fake_data, seeded by the request so the same request under the same `--seed`
gets the same body after a restart. Fields the request supplied (a path `id`, a `taskUUID`,
the `model` asked for) are echoed where the response schema has a field of that name.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from mock.envelopes import render_error
from mock.fake_data import fake_value, merge_all_of
from mock.preferences import InvalidPreference, Preferences
from mock.problems import Problem
from mock.request_validation import ValidatedRequest
from mock.schema_validation import is_valid
from mock.spec.model import Api, Operation, ResponseSpec, Schema

PAGE_ARRAY_NAMES = ("items", "data", "results", "entries", "records")


@dataclass(frozen=True)
class MockResponse:
    status: int
    body: bytes = b""
    media_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def dump_json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


# Codes a Prefer-forced or scenario-forced error status is reported with.
STATUS_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    402: "insufficient_funds",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable_entity",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}

STATUS_MESSAGES = {
    402: "Insufficient funds: the balance does not cover the estimated cost",
    429: "Rate limit exceeded; retry after the number of seconds in Retry-After",
    500: "Internal server error",
    503: "Service temporarily unavailable",
}


def problem_for_status(status: int, message: str | None = None, **extra: Any) -> Problem:
    code = STATUS_CODES.get(status, "error" if status >= 400 else "ok")
    return Problem(status, code, message or STATUS_MESSAGES.get(status, code.replace("_", " ").capitalize()), **extra)


def success_status(operation: Operation) -> int:
    codes = sorted(int(s) for s in operation.responses if s.isdigit())
    for code in codes:
        if 200 <= code < 400:
            return code
    return codes[0] if codes else 200


def request_seed(seed: int, operation: Operation, status: int, validated: ValidatedRequest | None) -> int:
    material = [seed, operation.key, status]
    if validated is not None:
        material += [validated.path_params, validated.query, validated.body]
    digest = hashlib.blake2b(json.dumps(material, sort_keys=True, default=str).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class ResponseFactory:
    """Builds responses for one API; remembers bodies it built, keyed by their seed."""

    def __init__(self, api: Api, seed: int, cache_size: int = 4096) -> None:
        self.api = api
        self.seed = seed
        self._cache: OrderedDict[tuple[Any, ...], MockResponse] = OrderedDict()
        self._cache_size = cache_size

    # ------------------------------------------------------------ success

    def respond(self, operation: Operation, validated: ValidatedRequest, preferences: Preferences) -> MockResponse:
        status = self.choose_status(operation, preferences)
        if status >= 400:
            return self.error(operation, problem_for_status(status))
        seed = request_seed(self.seed, operation, status, validated)
        key = (operation.key, status, seed, preferences.example, preferences.dynamic)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        response = self._build(operation, status, seed, validated, preferences)
        self._cache[key] = response
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return response

    def choose_status(self, operation: Operation, preferences: Preferences) -> int:
        if preferences.code is None:
            return success_status(operation)
        if operation.response_for(preferences.code) is None:
            declared = ", ".join(sorted(operation.responses))
            raise InvalidPreference(
                f"Prefer code={preferences.code}: {operation.operation_id} declares only {declared}"
            )
        return preferences.code

    def _build(
        self, operation: Operation, status: int, seed: int, validated: ValidatedRequest, preferences: Preferences
    ) -> MockResponse:
        spec = operation.response_for(status)
        headers = self._headers(spec, seed) if spec else {}
        media = spec.json_media() if spec else None
        if spec is None or media is None:
            if spec is not None and spec.content:
                name, declared = next(iter(spec.content.items()))
                text = str(fake_value(declared.schema or {"type": "string"}, seed))
                return MockResponse(status, text.encode(), name, headers)
            if 300 <= status < 400:
                headers.setdefault("location", "https://example.com/consent?state=" + str(seed % 10**8))
            return MockResponse(status, b"", None, headers)
        if self._serves_own_document(operation):
            return MockResponse(status, dump_json(self.api.document), media.name, headers)
        if operation.task_protocol is not None and isinstance(validated.body, list):
            body: Any = {"data": self._task_results(operation, validated.body, seed, preferences)}
        else:
            body = self._body(media.examples, media.schema, seed, preferences, operation)
            body = echo_request_fields(media.schema, body, validated)
        return MockResponse(status, dump_json(body), media.name, headers)

    def _body(
        self, examples: dict[str, Any], schema: Schema | None, seed: int, preferences: Preferences, operation: Operation
    ) -> Any:
        if preferences.example is not None:
            if preferences.example not in examples:
                names = ", ".join(examples) or "none"
                raise InvalidPreference(
                    f"Prefer example={preferences.example}: {operation.operation_id} has examples: {names}"
                )
            return examples[preferences.example]
        if examples and preferences.dynamic is not True:
            valid = [v for v in examples.values() if schema is None or is_valid(schema, v)]
            if valid:
                return valid[0]
        return fake_value(schema, seed, use_examples=preferences.dynamic is not True)

    def _task_results(self, operation: Operation, tasks: list[Any], seed: int, preferences: Preferences) -> list[Any]:
        protocol = operation.task_protocol
        assert protocol is not None
        results = []
        for index, task in enumerate(tasks):
            schema = protocol.result_schemas.get(task.get(protocol.discriminator)) if isinstance(task, dict) else None
            if schema is None:
                continue
            result = fake_value(schema, seed + index, use_examples=preferences.dynamic is not True)
            results.append(_echo(schema, result, task))
        return results

    @staticmethod
    def _serves_own_document(operation: Operation) -> bool:
        return operation.method == "GET" and operation.path.rsplit("/", 1)[-1] in ("openapi.json", "openapi")

    def _headers(self, spec: ResponseSpec, seed: int) -> dict[str, str]:
        headers = {}
        for name, schema in spec.headers.items():
            if name in spec.required_headers or name == "retry-after":
                headers[name] = str(fake_value(schema, seed, name=name))
        return headers

    # ------------------------------------------------------------ errors

    def error(self, operation: Operation | None, problem: Problem) -> MockResponse:
        spec = operation.response_for(problem.status) if operation else None
        headers = dict(problem.headers)
        if spec is not None:
            for name, value in self._headers(spec, problem.status).items():
                headers.setdefault(name, value)
        if problem.status == 429:
            headers.setdefault("retry-after", "1")
        if spec is not None and not spec.content:
            # The spec declares this answer without a body: keep it bodiless, say why in a header.
            headers["x-specmock-error"] = problem.message.encode("ascii", "replace").decode()[:500]
            return MockResponse(problem.status, b"", None, headers)
        media = spec.json_media() if spec else None
        schema = media.schema if media and media.schema else self.api.error_schema
        body = render_error(problem, schema, self.api.error_style)
        return MockResponse(problem.status, dump_json(body), media.name if media else "application/json", headers)


def _echo(schema: Schema, body: Any, source: Any) -> Any:
    """Copy request values into same-named response fields, where the response schema accepts them."""
    if not isinstance(body, dict) or not isinstance(source, dict):
        return body
    schema = merge_all_of(schema) if "allOf" in schema else schema
    properties = schema.get("properties") or {}
    for name, value in source.items():
        sub = properties.get(name)
        if sub is not None and name in body and is_valid(sub, value):
            body[name] = value
    return body


def echo_request_fields(schema: Schema | None, body: Any, validated: ValidatedRequest) -> Any:
    if schema is None or not isinstance(body, dict):
        return body
    body = dict(body)
    source: dict[str, Any] = {}
    if isinstance(validated.body, dict):
        source.update(validated.body)
    source.update(validated.query)
    source.update(validated.path_params)
    limit = validated.query.get("limit")
    if not isinstance(limit, int):
        source.pop("limit", None)
    body = _echo(schema, body, source)
    if isinstance(limit, int) and limit >= 0:
        for name in PAGE_ARRAY_NAMES:
            if isinstance(body.get(name), list):
                body[name] = body[name][:limit]
    return body
