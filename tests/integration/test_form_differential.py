"""The fast validator gives openapi-core's verdict on form-urlencoded and multipart/form-data bodies too.

Like tests/integration/test_validation_differential.py for JSON: hypothesis builds a valid form from the
schema, mutates it (drop, retype or add a field), and both validators judge it. The forms are the
bundled AERIOX token endpoints and the Petstore test spec's form and multipart operations.

Left out on purpose, because openapi-core cannot read them: binary file parts (in 3.1 mode it
rejects bytes as "not a string") and XML, which it does not parse at all; both are covered by
tests/integration/test_media_types.py. Object-valued fields (deepObject) are left out as well:
openapi-core does not decode them from a body. And in multipart bodies only text fields are
compared: openapi-core does not cast a part's text to the integer, number or boolean its schema
asks for (so it refuses `age=3`), where the mock casts as FastAPI's or Rails' form parsing does. Nor
is the word `null` in a field that admits null (OpenAI's `size: anyOf: [enum, null]`): the mock reads it
as null, as JavaScript's FormData and schemathesis write one, where openapi-core keeps the text; such
fields are not simple ones here (tests/integration/test_vendor_quirks.py covers them).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock.fake_data import fake_value
from mock.openapi_core_checks import ReferenceRequest, reference_request_errors
from mock.request_validation import AccessPolicy, IncomingRequest, validate_request
from mock.spec import load_apis
from mock.spec.model import Api, MediaType, Operation
from mock.spec.refs import deref
from tests.conftest import SPECS
from tests.differential import DIFFERENTIAL
from tests.spec_requests import credentials

PETSTORE = Path(__file__).resolve().parents[1] / "data" / "specs" / "petstore"
APIS = {**load_apis(SPECS), **load_apis(PETSTORE)}
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _simple(schema: dict) -> bool:
    schema = deref(schema) or {}
    if schema.get("format") == "binary":
        return False
    kind = schema.get("type")
    if kind == "array":
        return _simple(schema.get("items") or {}) and (deref(schema.get("items")) or {}).get("type") != "object"
    return kind in ("string", "integer", "number", "boolean")


def _form_cases() -> list[tuple[str, str, str]]:
    cases = []
    for api in APIS.values():
        for operation in api.operations:
            for name, media in (operation.request_body.content if operation.request_body else {}).items():
                properties = (deref(media.schema) or {}).get("properties") or {}
                if name in FORMS and properties and all(_simple(p) for p in properties.values()):
                    cases.append((api.name, operation.operation_id, name))
    return cases


CASES = _form_cases()
JUNK = st.sampled_from(["", "abc", "1.5", "-1", "true", "0", "x" * 40, "available"])


def _text(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _encode(fields: list[tuple[str, str]], media_name: str) -> tuple[bytes, str]:
    if media_name == "application/x-www-form-urlencoded":
        return urlencode(fields).encode(), media_name
    parts = [
        f'--BOUNDARY\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n' for name, value in fields
    ]
    return ("".join(parts) + "--BOUNDARY--\r\n").encode(), f"{media_name}; boundary=BOUNDARY"


@st.composite
def form_requests(draw: st.DrawFn, api: Api, operation: Operation, media: MediaType) -> tuple[bytes, str]:
    value = fake_value(media.schema, draw(st.integers(0, 10_000)))
    if media.name == "multipart/form-data":
        value = {name: v for name, v in value.items() if isinstance(v, str)}
    fields = [(name, _text(item)) for name, v in value.items() for item in (v if isinstance(v, list) else [v])]
    names = sorted({name for name, _ in fields})
    mutation = draw(st.sampled_from(["none", "drop", "retype", "add"]))
    if mutation == "drop" and names:
        gone = draw(st.sampled_from(names))
        fields = [(n, v) for n, v in fields if n != gone]
    elif mutation == "retype" and names:
        target = draw(st.sampled_from(names))
        fields = [(n, draw(JUNK) if n == target else v) for n, v in fields]
    elif mutation == "add":
        fields.append((draw(st.sampled_from(["extra", "note", "z"])), draw(JUNK)))
    return _encode(fields, media.name)


@pytest.mark.parametrize("api_name,operation_id,media_name", CASES)
@DIFFERENTIAL
@given(data=st.data())
def test_fast_validator_agrees_with_openapi_core_on_forms(api_name, operation_id, media_name, data):
    api = APIS[api_name]
    operation = next(o for o in api.operations if o.operation_id == operation_id)
    media = operation.request_body.content[media_name]
    body, content_type = data.draw(form_requests(api, operation, media))
    path_params = {p.name: "1" for p in operation.parameters if p.location == "path"}
    path = operation.path.replace("{petId}", "1")
    headers = {**credentials(api, operation), "content-type": content_type}
    fast = validate_request(
        api, operation, path_params, IncomingRequest("POST", path, (), headers, {}, body), AccessPolicy()
    )
    reference = reference_request_errors(api, ReferenceRequest("POST", path, (), headers, body, content_type))
    assert bool(fast.violations) == bool(reference), (fast.violations, reference, body)


def test_every_form_media_type_is_covered():
    assert {media for _, _, media in CASES} == set(FORMS), CASES
