"""Parameters read back from the wire per OpenAPI 3 `style` and `explode` (RFC 6570 for path styles).

| style | where | array `[a, b]` | object `{x: 1, y: 2}` (explode false / true) |
| --- | --- | --- | --- |
| simple | path, header | `a,b` | `x,1,y,2` / `x=1,y=2` |
| label | path | `.a,b` / `.a.b` | `.x,1,y,2` / `.x=1.y=2` |
| matrix | path | `;p=a,b` / `;p=a;p=b` | `;p=x,1,y,2` / `;x=1;y=2` |
| form | query, cookie | `p=a,b` / `p=a&p=b` | `p=x,1,y,2` / `x=1&y=2` |
| spaceDelimited | query | `p=a%20b` | `p=x%201%20y%202` |
| pipeDelimited | query | `p=a\\|b` | `p=x\\|1\\|y\\|2` |
| deepObject | query | – | `p[x]=1&p[y]=2` |

The text is then cast to the types the schema asks for (`cast`), so the schema judges values, not strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mock.request_input import InvalidInput, decode_json
from mock.spec.model import Parameter, Schema, syntax_of
from mock.spec.refs import deref
from mock.spec.schemas import declared_properties, item_schema, primary_type, schema_types

Cast = Callable[[Schema, str], Any]

_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


class MalformedParameter(ValueError):
    """The text is not in the parameter's declared style (a matrix value without `;name=`, odd object pairs)."""


@dataclass(frozen=True)
class ParameterSource:
    """Where parameters are read from: decoded path values, query pairs in order, headers (lower-case), cookies."""

    path: Mapping[str, str]
    query: Sequence[tuple[str, str]]
    headers: Mapping[str, str]
    cookies: Mapping[str, str]


def shape_of(schema: Schema | None) -> str:
    """`array`, `object` or `primitive`: what the style's text spells out."""
    kind = primary_type(schema)
    return kind if kind in ("array", "object") else "primitive"


def read_parameter(parameter: Parameter, source: ParameterSource, cast: Cast, claimed: Collection[str] = ()) -> Any:
    """The parameter's value, typed by its schema; None when absent; MalformedParameter when not in its style.

    `claimed` names the query keys other parameters own, so an exploded form object does not take them.
    """
    if parameter.media is not None:
        return _in_its_media_type(parameter, source)
    shape = shape_of(parameter.schema)
    text = _read_text(parameter, source, shape, claimed)
    if text is None:
        return None
    return _typed(parameter.schema, text, cast)


def _in_its_media_type(parameter: Parameter, source: ParameterSource) -> Any:
    """The value of a parameter declared by `content`: its one text, read as its media type says (JSON parsed, any
    other type the text itself); None when absent; MalformedParameter when the text is not in that type."""
    text = _read_text(parameter, source, "primitive", ())
    if text is None or syntax_of(parameter.media or "") != "json":
        return text
    try:
        return decode_json(text, what=f"the {parameter.location} parameter {parameter.name}")
    except InvalidInput as exc:
        raise MalformedParameter(str(exc)) from None


# ---------------------------------------------------------------- text per location and style


def _read_text(parameter: Parameter, source: ParameterSource, shape: str, claimed: Collection[str]) -> Any:
    """The parameter as text: a string, a list of strings, or a dict of strings; None when absent."""
    if parameter.location == "path":
        raw = source.path.get(parameter.name)
        return None if raw is None else _path_text(parameter, raw, shape)
    if parameter.location == "header":
        raw = source.headers.get(parameter.name.lower())
        return None if raw is None else _simple(raw, shape, parameter.explode)
    if parameter.location == "cookie":
        raw = source.cookies.get(parameter.name)
        return None if raw is None else _simple(raw, shape, explode=False)
    if parameter.location == "query":
        return _query_text(parameter, source.query, shape, claimed)
    return None


def _path_text(parameter: Parameter, raw: str, shape: str) -> Any:
    name, explode = parameter.name, parameter.explode
    if parameter.style == "label":
        if not raw.startswith("."):
            raise MalformedParameter(f"{raw!r} is not in label style (.value)")
        body = raw[1:]
        if explode and shape == "array":
            return body.split(".")
        if explode and shape == "object":
            return _assignments(body.split("."))
        return _simple(body, shape, explode=False)
    if parameter.style == "matrix":
        if not raw.startswith(";"):
            raise MalformedParameter(f"{raw!r} is not in matrix style (;{name}=value)")
        pieces = raw[1:].split(";")
        if explode and shape == "object":
            return _assignments(pieces)
        values = []
        for piece in pieces:
            key, equals, value = piece.partition("=")
            if key != name or (not equals and shape != "primitive"):
                raise MalformedParameter(f"{raw!r} is not in matrix style (;{name}=value)")
            values.append(value)
        if explode and shape == "array":
            return values
        if len(values) != 1:
            raise MalformedParameter(f"{raw!r} names {name} more than once")
        return _simple(values[0], shape, explode=False)
    return _simple(raw, shape, explode)


def owns_query_key(parameters: Sequence[Parameter], key: str) -> bool:
    """Whether one of these parameters reads the query key `key`, as `_query_text` reads them: as a `name[…]` of a
    deepObject, as a property of an exploded form object (any key, where its schema is free-form), else by name."""
    for parameter in parameters:
        if parameter.location != "query":
            continue
        if parameter.style == "deepObject":
            read = _in_deep_object(parameter.name, key)
        elif _spreads_over_keys(parameter):
            read = _spread_key(parameter, key)
        else:
            read = key == parameter.name
        if read:
            return True
    return False


def _in_deep_object(name: str, key: str) -> bool:
    return key.startswith(name + "[") and key.endswith("]")


def _spreads_over_keys(parameter: Parameter) -> bool:
    """An exploded form object: each property is a query key of its own (`x=1&y=2`); not one declared by `content`,
    whose value is one text under its name."""
    return (
        parameter.media is None
        and parameter.explode
        and parameter.style == "form"
        and shape_of(parameter.schema) == "object"
    )


def _spread_key(parameter: Parameter, key: str) -> bool:
    if key in _property_names(parameter.schema):
        return True
    return _allows_more(parameter.schema) and key != parameter.name and "[" not in key


def _query_text(parameter: Parameter, query: Sequence[tuple[str, str]], shape: str, claimed: Collection[str]) -> Any:
    name, style, explode = parameter.name, parameter.style, parameter.explode
    if style == "deepObject":
        nested: dict[str, Any] = {}
        for key, value in query:
            if _in_deep_object(name, key):
                _place(nested, _BRACKETS.findall(key[len(name) :]), value)
        return nested or None
    found = [value for key, value in query if key == name]
    if explode and shape == "object" and style == "form":
        # a key another parameter is named by is that one's (Lob's `send_date` beside a `sort_by` of sort orders)
        taken = {key: value for key, value in query if key not in claimed and _spread_key(parameter, key)}
        return taken or None
    if not found:
        return None
    if shape == "array" and explode:
        return found
    if len(found) > 1 and shape == "primitive" and "array" in schema_types(parameter.schema):
        # a text or a list of them (iQualify's `responseTime`): a repeated key is the list, not its first value
        return found
    delimiter = _DELIMITERS.get(style, ",")
    if shape == "array":
        return [piece for value in found for piece in value.split(delimiter)]
    if shape == "object":
        return _pairs(found[0].split(delimiter))
    return found[0]


def _simple(text: str, shape: str, explode: bool) -> Any:
    if shape == "array":
        return text.split(",")
    if shape == "object":
        pieces = text.split(",")
        return _assignments(pieces) if explode else _pairs(pieces)
    return text


def _pairs(pieces: list[str]) -> dict[str, str]:
    """`x,1,y,2` -> {x: 1, y: 2}; an empty text is an empty object."""
    if pieces == [""]:
        return {}
    if len(pieces) % 2:
        raise MalformedParameter(f"{','.join(pieces)!r} is not key,value pairs")
    return dict(zip(pieces[::2], pieces[1::2], strict=True))


def _assignments(pieces: list[str]) -> dict[str, str]:
    """`x=1`, `y=2` -> {x: 1, y: 2}."""
    result: dict[str, str] = {}
    for piece in pieces:
        if piece == "":
            continue
        key, equals, value = piece.partition("=")
        if not equals:
            raise MalformedParameter(f"{piece!r} is not key=value")
        result[key] = value
    return result


def _place(target: dict[str, Any], keys: list[str], value: str) -> None:
    """Put `value` at `[a][b]`; `[]` and repeated keys collect a list."""
    node = target
    for key in keys[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    last = keys[-1] if keys else ""
    if last == "" or last in node:
        existing = node.get(last)
        node[last] = [*(existing if isinstance(existing, list) else [] if existing is None else [existing]), value]
    else:
        node[last] = value


# ---------------------------------------------------------------- typing


def _typed(schema: Schema | None, text: Any, cast: Cast) -> Any:
    schema = deref(schema) or {}
    if isinstance(text, dict) and set(text) == {""} and shape_of(schema) == "array":
        text = text[""]  # `p[ids][]=1&p[ids][]=2` under an array `ids`: its list (`_place` keeps it under "")
    if isinstance(text, dict):
        properties = declared_properties(schema)
        extra = deref(schema.get("additionalProperties"))
        fallback = extra if isinstance(extra, dict) else {}
        return {key: _typed(properties.get(key, fallback), value, cast) for key, value in text.items()}
    if isinstance(text, list):
        if shape_of(schema) != "array":
            if len(text) == 1:  # `p[]=asc` once, where no list is declared: the property "" (`_place`), one value
                return _typed(schema, text[0], cast)
            return [_typed(schema, value, cast) for value in text]
        return [_typed(item_schema(schema, index), value, cast) for index, value in enumerate(text)]
    if shape_of(schema) == "array":
        # one value where a list is declared, inside an object (`filter[status]=open` for Apideck's `status: [open]`,
        # as Schemathesis writes its example): a list of one, as a repeated key is a list of several
        return [_typed(item_schema(schema, 0), text, cast)]
    return cast(schema, text)


def _property_names(schema: Schema | None) -> set[str]:
    return set(declared_properties(deref(schema) or {}))


def _allows_more(schema: Schema | None) -> bool:
    """Whether an exploded form object takes keys its schema does not name (additionalProperties, no properties)."""
    schema = deref(schema) or {}
    extra = schema.get("additionalProperties")
    return extra is not False and (bool(extra) or not declared_properties(schema))
