"""The one `$ref` and JSON-pointer resolver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mock.spec.errors import SpecError


def pointer(parts: list[str | int]) -> str:
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def resolve_pointer(document: dict[str, Any], ref: str, path: Path, place: str) -> Any:
    if not ref.startswith("#/"):
        raise SpecError(path, place, f"external $ref {ref!r} is not supported; inline it or use #/components")
    node: Any = document
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise SpecError(path, place, f"$ref {ref!r} points at nothing")
    return node


def inline_refs(document: dict[str, Any], path: Path) -> dict[str, Any]:
    """Replace every `$ref` by a copy of its target; siblings of a `$ref` are kept (3.1 allows them)."""

    def walk(node: Any, trail: list[str | int], active: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                ref = node["$ref"]
                if ref in active:
                    raise SpecError(path, pointer(trail), f"recursive $ref {ref!r} is not supported")
                target = walk(resolve_pointer(document, ref, path, pointer(trail)), trail, active + (ref,))
                siblings = {k: walk(v, trail + [k], active) for k, v in node.items() if k != "$ref"}
                if not siblings:
                    return target
                if isinstance(target, dict):
                    return {**target, **siblings}
                return target
            return {k: walk(v, trail + [k], active) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, trail + [i], active) for i, v in enumerate(node)]
        return node

    return walk(document, [], ())
