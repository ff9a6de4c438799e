"""YAML bodies, both ways: Kubernetes' server-side apply (`application/apply-patch+yaml`), config and CI APIs.

Requests: a YAML document becomes the value its schema judges, read as YAML 1.2's core schema with text keys
and dates as text, as the spec files themselves are read (`mock.spec.reading.SpecLoader`). A request is
untrusted: aliases are refused (a "billion laughs" document is small and expands without bound when walked),
and so is nesting past the JSON limit, before anything is built; a number that is not finite is refused as
JSON's is. Responses: a value is written as block-style YAML for a client that asks for YAML.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from mock.spec.model import syntax_of
from mock.spec.reading import SpecLoader


class YamlError(ValueError):
    pass


def is_yaml(media_type: str) -> bool:
    """`application/yaml`, `text/yaml`, `application/x-yaml`, `text/vnd.yaml`, any `+yaml` type."""
    return syntax_of(media_type) == "yaml"


def parse_yaml(raw: bytes, max_depth: int) -> Any:
    """The value of one YAML document; YamlError (a message for a person) when it is not one or breaks a limit."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise YamlError(f"the body is not UTF-8 text (byte {exc.start})") from None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=SpecLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlError("the body uses YAML anchors or aliases, which a request body may not")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    raise YamlError(f"the body is YAML nested deeper than {max_depth} levels")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        value = yaml.load(text, Loader=SpecLoader)  # noqa: S506 (SpecLoader is a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(f"the body is malformed YAML{where}: {problem}") from None
    except ValueError as exc:  # an integer longer than Python converts
        raise YamlError(f"the body holds a number Python cannot read: {str(exc)[:80]}") from None
    _refuse_non_finite(value)
    return value


def _refuse_non_finite(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise YamlError(f"the body holds the number {item}, which is not finite")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def dump_yaml(value: Any) -> bytes:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, default_flow_style=False).encode()
