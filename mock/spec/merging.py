"""Documents that share an API name become one document."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from mock.spec.errors import SpecError
from mock.spec.model import HTTP_METHODS
from mock.spec.operations import base_path
from mock.spec.task_protocol import json_schema_of, merge_task_operations, task_items


def merge_documents(name: str, documents: list[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    (first_path, merged), *rest = documents
    if not rest:
        return merged
    merged = copy.deepcopy(merged)
    for path, document in rest:
        if base_path(document) != base_path(merged):
            raise SpecError(
                path,
                "servers",
                f"API {name!r} is served under {base_path(merged)!r} by {first_path.name}; "
                f"this document says {base_path(document)!r}",
            )
        for template, item in (document.get("paths") or {}).items():
            target = merged.setdefault("paths", {}).setdefault(template, {})
            for method, operation in item.items():
                if method not in target:
                    target[method] = operation
                elif (
                    method in HTTP_METHODS
                    and task_items(json_schema_of((operation.get("requestBody") or {}).get("content")))
                    and task_items(json_schema_of((target[method].get("requestBody") or {}).get("content")))
                ):
                    target[method] = merge_task_operations(target[method], operation)
                elif method in HTTP_METHODS:
                    raise SpecError(
                        path,
                        f"paths[{template!r}].{method}",
                        f"{method.upper()} {template} is also defined by {first_path.name} for API {name!r}",
                    )
        components = merged.setdefault("components", {})
        for section, entries in (document.get("components") or {}).items():
            for entry_name, entry in entries.items():
                components.setdefault(section, {}).setdefault(entry_name, entry)
        for requirement in document.get("security") or []:
            if requirement not in merged.setdefault("security", []):
                merged["security"].append(requirement)
    titles = [str((d.get("info") or {}).get("title", "")) for _, d in documents]
    if len(documents) > 1:
        merged["info"] = {**merged.get("info", {}), "title": _common_title(titles)}
        merged["info"]["description"] = "Merged by specmock from: " + ", ".join(p.name for p, _ in documents) + "."
    return merged


def _common_title(titles: list[str]) -> str:
    prefix = os.path.commonprefix(titles)
    if prefix not in titles:
        prefix = prefix[: max(prefix.rfind(" "), 0)]
    return prefix.rstrip(" -–—:") or titles[0]
