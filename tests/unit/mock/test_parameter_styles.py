"""Parameters read back per OpenAPI 3 style and explode: the OAS 3 "Style Examples" table, row by row."""

from __future__ import annotations

from typing import Any

import pytest

from mock.parameter_styles import MalformedParameter, ParameterSource, owns_query_key, read_parameter
from mock.request_validation import cast_scalar
from mock.spec.model import Parameter

STRING: dict[str, Any] = {"type": "string"}
ARRAY: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
RGB: dict[str, Any] = {"type": "object", "properties": {c: {"type": "integer"} for c in "RGB"}}
BLUE, COLORS, CHANNELS = "blue", ["blue", "black", "brown"], {"R": 100, "G": 200, "B": 150}


def _read(location: str, style: str, explode: bool, schema: dict[str, Any], **source: Any) -> Any:
    parameter = Parameter("color", location, True, schema, style, explode)
    where = ParameterSource(
        path=source.get("path", {}),
        query=source.get("query", ()),
        headers=source.get("headers", {}),
        cookies=source.get("cookies", {}),
    )
    return read_parameter(parameter, where, cast_scalar, claimed={"color", "page"})


# (style, explode, schema, the text on the wire, the value) from the OAS 3.0.3 style examples
PATH_ROWS = [
    ("simple", False, STRING, "blue", BLUE),
    ("simple", False, ARRAY, "blue,black,brown", COLORS),
    ("simple", False, RGB, "R,100,G,200,B,150", CHANNELS),
    ("simple", True, RGB, "R=100,G=200,B=150", CHANNELS),
    ("label", False, STRING, ".blue", BLUE),
    ("label", False, ARRAY, ".blue,black,brown", COLORS),
    ("label", True, ARRAY, ".blue.black.brown", COLORS),
    ("label", False, RGB, ".R,100,G,200,B,150", CHANNELS),
    ("label", True, RGB, ".R=100.G=200.B=150", CHANNELS),
    ("matrix", False, STRING, ";color=blue", BLUE),
    ("matrix", False, ARRAY, ";color=blue,black,brown", COLORS),
    ("matrix", True, ARRAY, ";color=blue;color=black;color=brown", COLORS),
    ("matrix", False, RGB, ";color=R,100,G,200,B,150", CHANNELS),
    ("matrix", True, RGB, ";R=100;G=200;B=150", CHANNELS),
]


@pytest.mark.parametrize(("style", "explode", "schema", "text", "value"), PATH_ROWS)
def test_path_styles(style: str, explode: bool, schema: dict[str, Any], text: str, value: Any) -> None:
    assert _read("path", style, explode, schema, path={"color": text}) == value


QUERY_ROWS = [
    ("form", False, ARRAY, [("color", "blue,black,brown")], COLORS),
    ("form", True, ARRAY, [("color", "blue"), ("color", "black"), ("color", "brown")], COLORS),
    ("form", False, RGB, [("color", "R,100,G,200,B,150")], CHANNELS),
    ("form", True, RGB, [("R", "100"), ("G", "200"), ("B", "150"), ("page", "2")], CHANNELS),
    ("spaceDelimited", False, ARRAY, [("color", "blue black brown")], COLORS),
    ("spaceDelimited", False, RGB, [("color", "R 100 G 200 B 150")], CHANNELS),
    ("pipeDelimited", False, ARRAY, [("color", "blue|black|brown")], COLORS),
    ("pipeDelimited", False, RGB, [("color", "R|100|G|200|B|150")], CHANNELS),
    ("deepObject", True, RGB, [("color[R]", "100"), ("color[G]", "200"), ("color[B]", "150")], CHANNELS),
]


@pytest.mark.parametrize(("style", "explode", "schema", "query", "value"), QUERY_ROWS)
def test_query_styles(style: str, explode: bool, schema: dict[str, Any], query: list[Any], value: Any) -> None:
    assert _read("query", style, explode, schema, query=query) == value


def test_headers_are_simple_style() -> None:
    assert _read("header", "simple", False, ARRAY, headers={"color": "blue,black,brown"}) == COLORS
    assert _read("header", "simple", True, RGB, headers={"color": "R=100,G=200,B=150"}) == CHANNELS


def test_absent_parameters_are_none() -> None:
    assert _read("query", "deepObject", True, RGB, query=[("page", "1")]) is None
    assert _read("query", "form", True, RGB, query=[("page", "1")]) is None  # a key another parameter owns
    assert _read("path", "matrix", False, STRING) is None


def test_a_deep_object_key_with_empty_brackets_is_a_list_only_where_the_schema_takes_one() -> None:
    # Lob's date filter is an open object of strings: `date_created[]=asc` names its property "" (schemathesis sends
    # it so); `ids[]=1&ids[]=2` under a property that is an array collects the list
    open_strings = {"type": "object", "additionalProperties": {"type": "string"}}
    assert _read("query", "deepObject", True, open_strings, query=[("color[]", "asc")]) == {"": "asc"}
    with_ids = {"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "integer"}}}}
    assert _read("query", "deepObject", True, with_ids, query=[("color[ids][]", "1"), ("color[ids][]", "2")]) == {
        "ids": [1, 2]
    }
    assert _read("query", "deepObject", True, with_ids, query=[("color[ids][]", "1")]) == {"ids": [1]}


def test_one_value_of_a_deep_object_list_property_is_a_list_of_one() -> None:
    # Apideck's `filter[status]=open` for `status: [open]` (an array property), as Schemathesis writes the spec's own
    # example: it was refused as "not of type array"
    schema = {"type": "object", "properties": {"status": {"type": "array", "items": {"type": "integer"}}}}
    assert _read("query", "deepObject", True, schema, query=[("color[status]", "1")]) == {"status": [1]}
    assert _read("query", "deepObject", True, schema, query=[("color[status]", "1"), ("color[status]", "2")]) == {
        "status": [1, 2]
    }
    assert _read("query", "deepObject", True, RGB, query=[("color[R]", "1")]) == {"R": 1}


def test_an_exploded_form_object_leaves_a_key_another_parameter_is_named_by() -> None:
    # Lob's `sort_by` (an exploded form object of `date_created` and `send_date`) beside a `send_date` parameter of
    # its own: `send_date=2000-01-01T00:00:00Z` is that parameter's (openapi-core reads it so), not a sort order
    schema = {"type": "object", "properties": {"R": {"type": "integer"}, "page": {"type": "string", "enum": ["asc"]}}}
    assert _read("query", "form", True, schema, query=[("R", "1"), ("page", "2")]) == {"R": 1}
    assert _read("query", "form", True, schema, query=[("page", "2")]) is None


def test_an_exploded_form_object_with_open_properties_takes_unclaimed_keys() -> None:
    schema = {"type": "object", "additionalProperties": {"type": "integer"}}
    assert _read("query", "form", True, schema, query=[("a", "1"), ("page", "2"), ("b", "3")]) == {"a": 1, "b": 3}


@pytest.mark.parametrize(
    ("style", "explode", "schema", "key", "owned"),
    [
        ("form", True, STRING, "color", True),
        ("form", True, STRING, "colour", False),
        ("form", True, RGB, "R", True),  # an exploded object's property is a key of its own
        ("form", True, RGB, "color", False),
        ("form", False, RGB, "R", False),  # not exploded: written inside `color=`
        ("form", True, {"type": "object", "additionalProperties": {"type": "string"}}, "__code", True),
        ("form", True, {"type": "object", "additionalProperties": False}, "__code", False),
        ("form", True, {"type": "object", "additionalProperties": {"type": "string"}}, "a[b]", False),
        ("deepObject", True, RGB, "color[R]", True),
        ("deepObject", True, RGB, "color", False),
        ("deepObject", True, RGB, "colors[R]", False),
    ],
)
def test_the_query_keys_an_operation_reads_are_its_own(
    style: str, explode: bool, schema: dict[str, Any], key: str, owned: bool
) -> None:
    parameters = (
        Parameter("color", "query", False, schema, style, explode),
        Parameter("R", "header", False, STRING, "simple", False),
    )
    assert owns_query_key(parameters, key) is owned
    assert owns_query_key(parameters[1:], "R") is False  # a header's name is no query key


def test_a_query_parameter_declared_by_content_reads_its_own_name_only() -> None:
    # `where` declared by `content` (one JSON text), its schema a free-form object: `__code` is no key of it
    free = {"type": "object", "additionalProperties": True}
    where = Parameter("where", "query", False, free, "form", True, media="application/json")
    assert owns_query_key((where,), "where") is True
    assert owns_query_key((where,), "__code") is False


@pytest.mark.parametrize(
    ("style", "explode", "schema", "text"),
    [
        ("matrix", False, STRING, "blue"),  # no ;color=
        ("matrix", False, STRING, ";colour=blue"),  # another name
        ("matrix", True, RGB, ";R=100;G"),  # not key=value
        ("label", False, ARRAY, "blue,black"),  # no leading dot
        ("simple", False, RGB, "R,100,G"),  # odd pairs
    ],
)
def test_text_not_in_the_declared_style_is_malformed(
    style: str, explode: bool, schema: dict[str, Any], text: str
) -> None:
    with pytest.raises(MalformedParameter):
        _read("path", style, explode, schema, path={"color": text})


def test_values_are_cast_by_their_schema() -> None:
    schema = {"type": "array", "items": {"type": "integer"}}
    assert _read("query", "pipeDelimited", False, schema, query=[("color", "1|x")]) == [1, "x"]


def test_a_value_of_several_types_is_the_first_its_text_reads_as_and_the_schema_takes() -> None:
    # Lago's `?http_statuses[]=404`: a word (`failed`) or an HTTP status; openapi-core casts no `anyOf`, and judged
    # the text "404", which neither option takes
    status = {"anyOf": [{"type": "string", "enum": ["succeeded", "failed"]}, {"type": "integer", "minimum": 100}]}
    listed = {"type": "array", "items": status}
    query = [("color", "failed"), ("color", "404"), ("color", "12"), ("color", "teal")]
    assert _read("query", "form", True, listed, query=query) == ["failed", 404, "12", "teal"]
    assert cast_scalar({"type": ["string", "integer"]}, "404") == "404"  # text first, and text is taken
    assert cast_scalar({"type": ["integer", "string"]}, "404") == 404
    assert cast_scalar({"anyOf": [{"type": "string", "format": "date"}, {"type": "boolean"}]}, "true") is True
