"""Apply OpenAPI Overlay 1.0 documents (https://spec.openapis.org/overlay/v1.0.0) to an OpenAPI dict.

The vendor specs carry no OpenAPI links, so the links schemathesis' state machine needs live in
`specs/overlays/<api>.links.yaml` and are applied by mock.spec.loading when an API is built, leaving the vendor
documents untouched.

Only the JSONPath subset overlays actually use is supported: `$`, `.name`, `['name']` / `["name"]`,
`[N]`, and the wildcards `.*` / `[*]`. Anything else is rejected loudly rather than matching nothing,
because an overlay action that silently targets nothing would silently drop links.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml

from mock.spec.reading import SpecLoader


class OverlayError(ValueError):
    pass


WILDCARD = object()

_TOKEN = re.compile(
    r"""
    \.(?P<name>[A-Za-z_$][\w$-]*)         # .name
  | \.\*|\[\*\]                            # .* or [*]
  | \[\s*'(?P<sq>(?:[^'\\]|\\.)*)'\s*\]    # ['name']
  | \[\s*"(?P<dq>(?:[^"\\]|\\.)*)"\s*\]    # ["name"]
  | \[\s*(?P<index>-?\d+)\s*\]             # [3]
    """,
    re.VERBOSE,
)


def parse_jsonpath(expression: str) -> list[Any]:
    """Split a JSONPath into segments: str (member), int (index) or WILDCARD."""
    expression = expression.strip()
    if not expression.startswith("$"):
        raise OverlayError(f"JSONPath must start with '$': {expression!r}")
    segments: list[Any] = []
    position = 1
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if match is None:
            raise OverlayError(f"Unsupported JSONPath syntax at {expression[position:]!r} in {expression!r}")
        if match.group("name") is not None:
            segments.append(match.group("name"))
        elif match.group("sq") is not None:
            segments.append(re.sub(r"\\(.)", r"\1", match.group("sq")))
        elif match.group("dq") is not None:
            segments.append(re.sub(r"\\(.)", r"\1", match.group("dq")))
        elif match.group("index") is not None:
            segments.append(int(match.group("index")))
        else:
            segments.append(WILDCARD)
        position = match.end()
    return segments


def find_nodes(document: Any, expression: str) -> list[Any]:
    """All nodes (dicts or lists, so they can be modified in place) or values the path selects."""
    nodes = [document]
    for segment in parse_jsonpath(expression):
        selected: list[Any] = []
        for node in nodes:
            if segment is WILDCARD:
                if isinstance(node, dict):
                    selected.extend(node.values())
                elif isinstance(node, list):
                    selected.extend(node)
            elif isinstance(segment, int):
                if isinstance(node, list) and -len(node) <= segment < len(node):
                    selected.append(node[segment])
            elif isinstance(node, dict) and segment in node:
                selected.append(node[segment])
        nodes = selected
    return nodes


def merge_update(target: Any, update: Any) -> Any:
    """Overlay `update` semantics: objects merge recursively, arrays append, scalars replace."""
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            if key in target:
                target[key] = merge_update(target[key], value)
            else:
                target[key] = copy.deepcopy(value)
        return target
    if isinstance(target, list) and isinstance(update, list):
        target.extend(copy.deepcopy(update))
        return target
    return copy.deepcopy(update)


def _remove(document: Any, expression: str) -> int:
    segments = parse_jsonpath(expression)
    if not segments:
        raise OverlayError("Cannot remove the document root")
    parents = find_nodes(document, _render(segments[:-1]))
    last = segments[-1]
    removed = 0
    for parent in parents:
        if last is WILDCARD:
            removed += len(parent) if isinstance(parent, (dict, list)) else 0
            if isinstance(parent, (dict, list)):
                parent.clear()
        elif (
            isinstance(parent, dict)
            and last in parent
            or isinstance(parent, list)
            and isinstance(last, int)
            and -len(parent) <= last < len(parent)
        ):
            del parent[last]
            removed += 1
    return removed


def _render(segments: list[Any]) -> str:
    parts = ["$"]
    for segment in segments:
        if segment is WILDCARD:
            parts.append("[*]")
        elif isinstance(segment, int):
            parts.append(f"[{segment}]")
        else:
            escaped = segment.replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"['{escaped}']")
    return "".join(parts)


def apply_overlay(document: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of `document` with the overlay's actions applied in order.

    An action whose target selects nothing is an error: the vendor spec moved under the overlay.
    """
    if not isinstance(overlay, dict) or not str(overlay.get("overlay", "")).startswith("1."):
        raise OverlayError("Not an OpenAPI Overlay 1.x document (missing `overlay: 1.0.0`)")
    result = copy.deepcopy(document)
    for number, action in enumerate(overlay.get("actions") or [], start=1):
        target = action.get("target")
        if not isinstance(target, str):
            raise OverlayError(f"Action {number} has no `target`")
        if action.get("remove"):
            if _remove(result, target) == 0:
                raise OverlayError(f"Action {number}: target {target!r} matches nothing")
            continue
        if "update" not in action:
            raise OverlayError(f"Action {number} has neither `update` nor `remove: true`")
        nodes = find_nodes(result, target)
        if not nodes:
            raise OverlayError(f"Action {number}: target {target!r} matches nothing")
        for node in nodes:
            if not isinstance(node, (dict, list)):
                raise OverlayError(f"Action {number}: target {target!r} selects a scalar, which cannot be updated")
            merge_update(node, action["update"])
    return result


def load_overlay(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=SpecLoader)  # noqa: S506 - a safe loader, reading YAML 1.2 as specs are read
    if not isinstance(data, dict):
        raise OverlayError(f"{path}: not a YAML mapping")
    return data


def overlays_for(api_name: str, directory: Path) -> list[Path]:
    """Overlay files for an API in `directory`, e.g. specs/overlays/aeriox.links.yaml, in a stable order."""
    if not directory.is_dir():
        return []
    return sorted(directory.glob(f"{api_name}.*.yaml")) + sorted(directory.glob(f"{api_name}.*.yml"))
