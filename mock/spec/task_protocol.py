"""Array-of-tasks protocols (Runware): one operation whose body is a list of `taskType`-tagged tasks."""

from __future__ import annotations

import copy
from typing import Any

from mock.spec.model import Schema, TaskProtocol


def task_items(schema: Any) -> list[Schema]:
    """The element schemas of an array-of-tasks body, or [] when the body is something else."""
    if not isinstance(schema, dict) or schema.get("type") != "array" or not isinstance(schema.get("items"), dict):
        return []
    items = schema["items"]
    candidates = items.get("oneOf") or items.get("anyOf") or [items]
    if all(isinstance(c, dict) and "const" in (c.get("properties") or {}).get("taskType", {}) for c in candidates):
        return candidates
    return []


def json_schema_of(content: dict[str, Any] | None) -> Any:
    return ((content or {}).get("application/json") or {}).get("schema")


def _result_items(raw_operation: dict[str, Any]) -> list[Schema]:
    for status, response in (raw_operation.get("responses") or {}).items():
        if str(status).startswith("2"):
            schema = json_schema_of(response.get("content"))
            data = ((schema or {}).get("properties") or {}).get("data") or {}
            items = data.get("items")
            if isinstance(items, dict):
                return items.get("oneOf") or [items]
    return []


def _task_type(schema: Schema) -> str:
    return str(schema["properties"]["taskType"]["const"])


def task_protocol_of(raw_operation: dict[str, Any]) -> TaskProtocol | None:
    tasks = task_items(json_schema_of((raw_operation.get("requestBody") or {}).get("content")))
    if not tasks:
        return None
    results = {}
    for result in _result_items(raw_operation):
        const = ((result.get("properties") or {}).get("taskType") or {}).get("const")
        if const is not None:
            results[str(const)] = result
    requests = {_task_type(t): t for t in tasks}
    authentication = "authentication" if "authentication" in requests else None
    credential = None
    if authentication:
        auth_schema = requests[authentication]
        credential = next(
            (p for p in auth_schema.get("required", []) if p != "taskType" and "key" in p.lower()),
            None,
        )
    return TaskProtocol("taskType", requests, results, authentication, credential)


def merge_task_operations(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two documents declaring the same array-of-tasks operation become one accepting either task."""
    merged = copy.deepcopy(first)
    request = json_schema_of(merged["requestBody"]["content"])
    tasks = task_items(request) + task_items(json_schema_of(second["requestBody"]["content"]))
    by_type = {_task_type(t): t for t in tasks}
    request["items"] = {"oneOf": list(by_type.values())}
    results = {}
    for result in _result_items(first) + _result_items(second):
        const = ((result.get("properties") or {}).get("taskType") or {}).get("const")
        results[str(const)] = result
    for status, response in merged.get("responses", {}).items():
        if str(status).startswith("2"):
            schema = json_schema_of(response.get("content"))
            if schema and isinstance((schema.get("properties") or {}).get("data"), dict):
                schema["properties"]["data"]["items"] = {"oneOf": list(results.values())}
    merged["summary"] = " / ".join(filter(None, [first.get("summary"), second.get("summary")]))
    merged["operationId"] = "run_tasks"
    return merged
