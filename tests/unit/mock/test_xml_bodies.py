"""xml_bodies.py: an XML body read as the JSON value its schema describes, where XML itself is silent."""

from __future__ import annotations

import pytest

from mock.request_validation import cast_scalar
from mock.xml_bodies import parse_xml

PET = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "birthday": {"type": ["string", "null"], "format": "date"},
        "category": {"type": ["object", "null"], "properties": {"id": {"type": "integer"}}},
        "tags": {"type": "array", "items": {"type": "string"}},
        "location": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "integer"}]},
    },
}


@pytest.mark.parametrize("written", ["<birthday/>", "<birthday></birthday>", "<birthday>null</birthday>"])
def test_an_empty_element_or_the_word_null_is_null_where_null_is_admitted(written):
    assert parse_xml(f"<pet>{written}<category/></pet>".encode(), PET, cast_scalar) == {
        "birthday": None,
        "category": None,
    }


def test_where_null_is_not_admitted_an_empty_element_stays_what_it_was():
    value = parse_xml(b"<pet><name/><tags/></pet>", PET, cast_scalar)
    assert value == {"name": "", "tags": [""]}


def test_an_element_repeated_where_one_value_belongs_is_a_list_and_so_refused_by_its_schema():
    value = parse_xml(b"<pet><name>Rex</name><name>Tom</name></pet>", PET, cast_scalar)
    assert value == {"name": ["Rex", "Tom"]}


def test_a_tuple_is_read_position_by_position():
    value = parse_xml(b"<pet><location>1.5</location><location>7</location></pet>", PET, cast_scalar)
    assert value == {"location": [1.5, 7]}


def test_a_form_tuple_is_read_position_by_position_too():
    from mock.form_bodies import decode_form

    schema = {"type": "object", "properties": {"at": PET["properties"]["location"]}}
    assert decode_form([("at", "1.5"), ("at", "7")], schema, {}, cast_scalar) == {"at": [1.5, 7]}
    assert decode_form([("at[0]", "1.5"), ("at[1]", "7")], schema, {}, cast_scalar) == {"at": [1.5, 7]}
