"""What every refusal must look like: a 4xx whose body is the API's own error envelope, no traceback."""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema

from mock.spec.model import Api, Operation


@functools.cache
def _validator(schema_id: int, schema_json: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schema_json))


def _conforms(schema: dict[str, Any], body: Any) -> bool:
    return _validator(id(schema), json.dumps(schema, sort_keys=True)).is_valid(body)


def envelope_problem(api: Api, operation: Operation | None, status: int, headers: Any, content: bytes) -> str | None:
    """Why this answer is not a proper error answer of the API, or None when it is."""
    text = content.decode("utf-8", "replace")
    if "Traceback" in text or 'File "' in text:
        return f"traceback text in the body: {text[:200]}"
    declared = operation.response_for(status) if operation is not None else None
    if declared is not None and not declared.content:
        if content:
            return f"{status} is declared without a body, and one was sent: {text[:200]}"
        return None if headers.get("x-specmock-error") else f"bodiless {status} says nowhere why"
    try:
        body = json.loads(content)
    except ValueError:
        return f"the {status} body is not JSON: {text[:200]}"
    media = declared.json_media() if declared is not None else None
    schema = media.schema if media is not None and media.schema else api.error_schema
    if schema is not None and not _conforms(schema, body):
        return f"the {status} body is not in {api.name}'s error envelope: {text[:300]}"
    return None


def assert_refused(api: Api, operation: Operation | None, response: Any, statuses: range = range(400, 500)) -> None:
    assert response.status_code in statuses, f"{response.status_code}: {response.text[:300]}"
    problem = envelope_problem(api, operation, response.status_code, response.headers, response.content)
    assert problem is None, problem
