"""The fast validator gives openapi-core's verdict on every OpenAPI 3 parameter style.

Like tests/test_validation_differential.py (JSON bodies) and test_form_differential.py (forms):
hypothesis draws a parameter value from the schema of `data/specs/styles` (valid or not: strings
past maxLength, junk where an integer goes, enum misses, required properties left out), it is
serialised per OAS 3 (`tests.spec_requests.style_text`, written apart from the mock's reader) and
both validators judge the request; they must agree.

openapi-core 0.23 misreads three serialisations, so it is handed the same value in the form it does
read (`_as_openapi_core_reads_it`), and the mock's reading of the real wire form is still judged
against openapi-core's judgement of the value:
- `matrix` and `label` path parameters: it looks for a parameter named `;id`/`.id` and never finds
  one, so every request is "missing"; it judges a twin document in which the parameter is `simple`.
- an exploded `form` object (`?x=1&y=2`): it reads one parameter named after the object and splits it on `&`.
- `spaceDelimited`: it splits on the three characters `%20` after URL decoding, not on a space.

A parameter declared by `content` (a JSON text) openapi-core cannot read at all: it hands its media type
deserializer a `str` where bytes are expected, and every such request fails with an AttributeError. Its reference
is written here instead, from the standard: the text parsed as JSON, and the value judged by `jsonschema`.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock.openapi_core_checks import ReferenceRequest, reference_request_errors
from mock.request_validation import AccessPolicy, IncomingRequest, validate_request
from mock.routing import Router
from mock.spec import load_apis
from mock.spec.model import Api, Operation, Parameter
from mock.spec.refs import deref
from tests.differential import DIFFERENTIAL
from tests.spec_requests import style_text

STYLES = Path(__file__).resolve().parents[1] / "data" / "specs" / "styles"
API = next(iter(load_apis(STYLES).values()))
ROUTER = Router(API.operations)
JUNK = st.sampled_from(["abc", "1.5", "-1", "0", "true", "toolong", "x"])


def _twin(api: Api) -> Api:
    """The document with matrix and label path parameters made `simple`, which openapi-core can read."""
    document = copy.deepcopy(api.document)
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("style") in ("matrix", "label"):
                    parameter["style"] = "simple"
    return dataclasses.replace(api, document=document)


TWIN = _twin(API)


def _values(schema: Any, in_path: bool) -> st.SearchStrategy[Any]:
    schema = deref(schema) or {}
    kind = schema.get("type")
    if "enum" in schema:
        return st.sampled_from([*schema["enum"], "nope"])
    if kind == "integer":
        return st.one_of(st.integers(-3, 150), JUNK)
    if kind == "number":
        return st.one_of(st.integers(-3, 50), st.sampled_from([1.5, 0.25]), JUNK)
    if kind == "string":
        return st.text(alphabet="abcxyz019", min_size=1 if in_path else 0, max_size=7)
    if kind == "array":
        return st.lists(_values(schema.get("items"), in_path=True), min_size=1, max_size=3)
    if kind == "object":
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or ())
        return st.fixed_dictionaries(
            {name: _values(sub, in_path=True) for name, sub in properties.items() if name in required},
            optional={name: _values(sub, in_path=True) for name, sub in properties.items() if name not in required},
        )
    return JUNK


def _as_openapi_core_reads_it(parameter: Parameter, value: Any) -> str | list[tuple[str, str]]:
    if parameter.location == "path" and parameter.style in ("matrix", "label"):
        return style_text(dataclasses.replace(parameter, style="simple"), value)
    if parameter.location == "query" and isinstance(value, dict) and parameter.style == "form" and parameter.explode:
        return [(parameter.name, "&".join(f"{k}={v}" for k, v in style_text(parameter, value)))] if value else []
    if parameter.location == "query" and parameter.style == "spaceDelimited":
        return [(name, text.replace(" ", "%20")) for name, text in style_text(parameter, value)]
    return style_text(parameter, value)


def _request(operation: Operation, values: dict[str, Any], serialise: Any) -> tuple[str, list, dict[str, str]]:
    path = operation.path
    query: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    for parameter in operation.parameters:
        if parameter.name not in values:
            continue
        text = serialise(parameter, values[parameter.name])
        if parameter.location == "path":
            path = path.replace("{" + parameter.name + "}", str(text))
        elif parameter.location == "query":
            query.extend(text)
        elif parameter.location == "header":
            headers[parameter.name.lower()] = str(text)
    return path, query, headers


@st.composite
def parameter_values(draw: st.DrawFn, operation: Operation) -> dict[str, Any]:
    values = {}
    for parameter in operation.parameters:
        if parameter.required or draw(st.booleans()):
            values[parameter.name] = draw(_values(parameter.schema, in_path=parameter.location == "path"))
    return values


@pytest.mark.parametrize(
    "operation_id", [o.operation_id for o in API.operations if not any(p.media for p in o.parameters)]
)
@DIFFERENTIAL
@given(data=st.data())
def test_fast_validator_agrees_with_openapi_core_on_parameter_styles(operation_id: str, data: st.DataObject) -> None:
    operation = next(o for o in API.operations if o.operation_id == operation_id)
    values = data.draw(parameter_values(operation))
    path, query, headers = _request(operation, values, style_text)
    match = ROUTER.match("GET", path)
    assert match.operation is operation, path
    fast = validate_request(
        API, operation, match.path_params, IncomingRequest("GET", path, tuple(query), headers, {}, b""), AccessPolicy()
    )
    their_path, their_query, their_headers = _request(operation, values, _as_openapi_core_reads_it)
    reference = reference_request_errors(
        TWIN, ReferenceRequest("GET", their_path, tuple(their_query), their_headers, b"", "")
    )
    assert bool(fast.violations) == bool(reference), (values, path, query, headers, fast.violations, reference)


def test_every_style_is_covered() -> None:
    seen = {
        (p.location, p.style, p.explode, p.schema.get("type") or "ref") for o in API.operations for p in o.parameters
    }
    styles = {(location, style) for location, style, _, _ in seen}
    assert {("path", "matrix"), ("path", "label"), ("path", "simple"), ("header", "simple")} <= styles
    assert {("query", s) for s in ("form", "spaceDelimited", "pipeDelimited", "deepObject")} <= styles
    assert {(style, explode) for _, style, explode, _ in seen} >= {("matrix", True), ("label", True), ("form", False)}


CONTENT = next(o for o in API.operations if o.operation_id == "contentParameters")


def _reference_content_errors(operation: Operation, sent: dict[str, str]) -> list[str]:
    """What the standard makes of parameters declared by `content: application/json`: each text is parsed as JSON
    and judged by the schema; a required one must be sent."""
    errors = []
    for parameter in operation.parameters:
        text = sent.get(parameter.name)
        if text is None:
            errors += ["missing"] if parameter.required else []
            continue
        try:
            value = json.loads(text)
        except ValueError:
            errors.append("not JSON")
            continue
        validator = jsonschema.Draft202012Validator(_inlined(parameter.schema))
        errors += [error.message for error in validator.iter_errors(value)]
    return errors


def _inlined(schema: Any) -> Any:
    schema = deref(schema)
    if isinstance(schema, dict):
        return {key: _inlined(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_inlined(item) for item in schema]
    return schema


@DIFFERENTIAL
@given(data=st.data())
def test_fast_validator_agrees_with_the_standard_on_parameters_declared_by_content(data: st.DataObject) -> None:
    sent: dict[str, str] = {}
    for parameter in CONTENT.parameters:
        if parameter.required or data.draw(st.booleans()):
            value = data.draw(_values(parameter.schema, in_path=False))
            sent[parameter.name] = data.draw(st.sampled_from([json.dumps(value), str(value), "{", ""]))
    query = tuple((name, text) for name, text in sent.items() if name == "where")
    headers = {name.lower(): text for name, text in sent.items() if name != "where"}
    fast = validate_request(
        API, CONTENT, {}, IncomingRequest("GET", "/content", query, headers, {}, b""), AccessPolicy()
    )
    reference = _reference_content_errors(CONTENT, sent)
    assert bool(fast.violations) == bool(reference), (sent, fast.violations, reference)
