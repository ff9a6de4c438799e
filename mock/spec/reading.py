"""Reading spec files: bytes → JSON/YAML data, safely, then the OpenAPI version check.

A spec file is untrusted input. It is read once, as UTF-8 text, under limits that make every
hostile file a one-line `file: place: problem` in well under a second:
  - size (`MAX_SPEC_BYTES`), binary content and UTF-16 are refused before parsing;
  - YAML is read without timestamps (a `version: 2024-10-01` stays text) and with every
    mapping key as text (an unquoted `200:` response code is the string "200");
  - YAML aliases share nodes, so a "billion laughs" file parses quickly but explodes whenever
    something walks it: the expanded size of the data is counted (sharing-aware) and bounded,
    and so is its nesting depth.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from mock.spec.errors import SpecError
from mock.spec.recursion import pythons_own_limit

SPEC_SUFFIXES = (".json", ".yaml", ".yml")

MAX_SPEC_BYTES = 64 * 1024 * 1024  # GitHub's 13 MB spec is the largest we know of, Stripe's is 7 MB
MAX_DEPTH = 200  # containers inside containers; real specs stay under 40
MAX_EXPANDED_NODES = 20_000_000  # values once YAML aliases are expanded; GitHub's spec has about 1.5 million


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CoreSchemaLoader(_Loader):  # type: ignore[misc,valid-type]
    """YAML 1.2's core schema (its resolvers are set below), for every YAML file specmock reads."""


# YAML 1.2's core schema, as OpenAPI 3.1 asks, not PyYAML's YAML 1.1: `NO`, `yes`, `on` and `off` are text (a
# country enum [SE, NO, DK] read as [SE, false, DK] refused Norway), `18:00` is text (1.1 read 1080), `010` is
# 10 (1.1 read 8), and `1_000` is text. Only true/false are booleans; numbers are decimal, 0o octal or 0x hex.
_BOOL, _INT, _FLOAT = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
CoreSchemaLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
CoreSchemaLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
CoreSchemaLoader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
CoreSchemaLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _core_int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)


CoreSchemaLoader.add_constructor(_INT, _core_int)


class SpecLoader(CoreSchemaLoader):
    """YAML as a JSON document would say it: text keys, dates left as text."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        if all(isinstance(key, str) for key in mapping):
            return mapping
        return {_key_text(key): value for key, value in mapping.items()}


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


SpecLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)

# construct_mapping is called through the flattening mapping constructor; route it to ours


def read_data(path: Path) -> Any:
    """The JSON or YAML data of a file, or a SpecError naming what is wrong with it."""
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise SpecError(path, "file", f"{size} bytes is over the {MAX_SPEC_BYTES} byte limit for a spec file")
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(path, "file", f"cannot be read: {exc.strerror or exc}") from None
    text = _text(path, raw)
    try:
        # SpecLoader is a SafeLoader: no Python objects are built from tags
        with pythons_own_limit():  # the JSON decoder's depth is bounded by it (see mock.spec.recursion)
            data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=SpecLoader)  # noqa: S506
    except json.JSONDecodeError as exc:
        raise SpecError(path, f"line {exc.lineno} column {exc.colno}", f"invalid JSON: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1} column {mark.column + 1}" if mark else "document"
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError(path, place, f"invalid YAML: {problem}") from None
    except RecursionError:
        raise SpecError(path, "document", f"nested more than {MAX_DEPTH} levels deep") from None
    if path.suffix != ".json":  # JSON has no aliases; its depth is bounded where it is walked
        check_shape(data, path)
    return data


def _text(path: Path, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:2].count(b"\x00") == 1:
        raise SpecError(path, "file", "UTF-16 text; save the spec as UTF-8")
    if b"\x00" in raw[:8192]:
        raise SpecError(path, "file", "binary data, not JSON or YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SpecError(path, f"line {line}", f"not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None


def check_shape(data: Any, path: Path) -> None:
    """Refuse data nested deeper than MAX_DEPTH or larger than MAX_EXPANDED_NODES once aliases expand.

    Iterative and sharing-aware: a node reached twice (a YAML alias) is measured once and its
    size counted every time it is used, which is what any later walk would pay.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Any, int, bool]] = [(data, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        children = list(node.values()) if isinstance(node, dict) else node if isinstance(node, list) else []
        if children_done:
            total = 1 + sum(sizes.get(id(child), 1) for child in children)
            if total > MAX_EXPANDED_NODES:
                raise SpecError(
                    path, "document", f"expands to more than {MAX_EXPANDED_NODES} values (YAML aliases inside aliases)"
                )
            sizes[id(node)] = total
            open_nodes.discard(id(node))
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:
            raise SpecError(path, "document", "a YAML alias refers to a node that contains it (endless data)")
        if depth > MAX_DEPTH:
            raise SpecError(path, "document", f"nested more than {MAX_DEPTH} levels deep")
        open_nodes.add(id(node))
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children if isinstance(child, (dict, list)))


NOT_AN_API_DOCUMENT = "not an OpenAPI document (no top-level `openapi` or `swagger` key)"


def is_api_document(data: Any) -> bool:
    """An OpenAPI 3 or a Swagger 2.0 document, not a fragment that one `$ref`s."""
    return isinstance(data, dict) and ("openapi" in data or "swagger" in data)


def is_swagger2(document: Any) -> bool:
    """A Swagger 2.0 document (it has `swagger` and no `openapi`), served as the OpenAPI 3.1 it stands for."""
    return isinstance(document, dict) and "swagger" in document and "openapi" not in document


def check_version(document: dict[str, Any], path: Path) -> None:
    if is_swagger2(document):
        if str(document["swagger"]) != "2.0":
            raise SpecError(
                path, "swagger", f"unsupported Swagger version {str(document['swagger'])!r}; 2.0 is supported"
            )
        return
    version = str(document["openapi"])
    if not re.match(r"3\.[012]\.\d+$", version):
        raise SpecError(
            path,
            "openapi",
            f"unsupported OpenAPI version {version!r}; 3.0.x, 3.1.x, 3.2.x (as 3.1, with its `query` operations) and"
            " Swagger 2.0 are supported",
        )


def read_document(path: Path) -> dict[str, Any]:
    document = read_data(path)
    if not is_api_document(document):
        raise SpecError(path, "document", NOT_AN_API_DOCUMENT)
    check_version(document, path)
    return document  # type: ignore[no-any-return]


def spec_files(specs_dir: Path) -> list[Path]:
    """The JSON/YAML files at the top level of a spec folder (documents, and fragments they `$ref`)."""
    if not specs_dir.is_dir():
        raise SpecError(specs_dir, "directory", "no such directory")
    return sorted(p for p in specs_dir.iterdir() if p.is_file() and p.suffix in SPEC_SUFFIXES)
