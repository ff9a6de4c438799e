"""xml_bodies.py: an XML body read as the JSON value its schema describes, where XML itself is silent."""

from __future__ import annotations

import pytest

from mock.request_validation import cast_scalar
from mock.schema_validation import is_valid
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


def test_a_form_field_declared_with_brackets_in_its_name_is_that_field():
    # Spree's uploads declare `digital[variant_id]` and `digital[attachment]` as written: read as Rails' nesting
    # (`{"digital": {...}}`), the two required fields were missing, and every upload was refused 422
    from mock.form_bodies import decode_form

    literal = {"type": "object", "properties": {"digital[variant_id]": {"type": "string"}}}
    assert decode_form([("digital[variant_id]", "123")], literal, {}, cast_scalar) == {"digital[variant_id]": "123"}
    nested = {"type": "object", "properties": {"digital": {"type": "object", "properties": {"variant_id": {}}}}}
    assert decode_form([("digital[variant_id]", "123")], nested, {}, cast_scalar) == {"digital": {"variant_id": "123"}}


def test_an_answer_is_well_formed_whatever_text_and_keys_it_holds():
    # a client may store through JSON what XML 1.0 cannot hold (control characters, lone surrogates), and a map's
    # keys are any text (`app.kubernetes.io/name`, a space, nothing): written as they were, the answer was unreadable
    from xml.etree import ElementTree

    from mock.xml_bodies import dump_xml

    value = {
        "name": "a\u001cb\ud800c\td",
        "labels": {"app.kubernetes.io/name": "web", "a b": "1", "": "2", "1x": "3", "été": "4"},
    }
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "labels": {"type": "object", "additionalProperties": True}},
    }
    root = ElementTree.fromstring(dump_xml(value, schema))
    assert root.findtext("name") == "a\ufffdb\ufffdc\td"  # as long as it was: a `minLength` still holds
    assert [child.tag for child in root.find("labels")] == ["app.kubernetes.io_name", "a_b", "_", "_1x", "été"]


def test_an_empty_element_of_an_object_is_an_object_of_no_fields():
    # Traccar's position `network: {type: object, properties: {}}`, answered `{}` and written `<network />`, was read
    # back as the text "" and the self-check refused every XML answer holding one
    schema = {
        "type": "object",
        "properties": {"network": {"type": "object", "properties": {}}, "attributes": {"type": "object"}},
    }
    assert parse_xml(b"<position><network /><attributes></attributes></position>", schema, cast_scalar) == {
        "network": {},
        "attributes": {},
    }


# AWS's specs, as APIs.guru writes them: every field's type behind an `allOf` with its description, lists unwrapped
# and their items named, maps of numbers. Route 53's and CloudWatch's answers were judged as text and lone elements.
SUMMARY = {
    "type": "object",
    "properties": {
        "Version": {"allOf": [{"type": "integer"}, {"description": "a counter"}]},
        "Enabled": {"allOf": [{"type": "boolean"}, {"description": "on or off"}]},
    },
}
LISTING = {
    "type": "object",
    "required": ["Summaries", "NameServers"],
    "properties": {
        "Summaries": {"allOf": [{"type": "array", "items": SUMMARY}, {"description": "one element each"}]},
        "NameServers": {"type": "array", "minItems": 1, "items": {"type": "string", "xml": {"name": "NameServer"}}},
        "Statistics": {"type": "object", "additionalProperties": {"type": "number"}},
        "Attributes": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "Values": {
                        "type": "array",
                        "xml": {"name": "Value"},
                        "items": {"type": "string", "xml": {"name": "Value"}},
                    }
                },
            },
        },
    },
}


def test_an_aws_answer_is_read_back_as_written():
    from mock.xml_bodies import dump_xml

    value = {
        "Summaries": [{"Version": 125, "Enabled": False}, {"Version": 7, "Enabled": True}],
        "NameServers": ["ns-1.example.com", "ns-2.example.com"],
        "Statistics": {"p99": 3.89},
        "Attributes": {"colour": {"Values": ["red"]}},  # SQS' message attributes, each value an object
    }
    assert parse_xml(dump_xml(value, LISTING, "Listing"), LISTING, cast_scalar) == value
    # a required list of no items, unwrapped, is written as no element at all: read back, it is an empty list
    empty = {"Summaries": [], "NameServers": ["ns-1.example.com"]}
    assert parse_xml(dump_xml(empty, LISTING, "Listing"), LISTING, cast_scalar) == empty


def test_a_required_list_of_no_items_is_read_back_where_it_was_all_its_object_held():
    # Magento's downloadable option `{"downloadable_links": []}`, stored as a client sent it and answered in XML, is
    # written `<downloadable_option />`: read back as an object of no fields, the self-check found the list missing
    from mock.xml_bodies import dump_xml

    option = {"type": "object", "required": ["Links"], "properties": {"Links": {"type": "array", "items": {}}}}
    held = {"type": "object", "properties": {"Option": option}}
    assert dump_xml({"Option": {"Links": []}}, held, "Item").endswith(b"<Item><Option /></Item>")
    assert parse_xml(b"<Item><Option /></Item>", held, cast_scalar) == {"Option": {"Links": []}}
    assert parse_xml(b"<Option></Option>", option, cast_scalar) == {"Links": []}


def test_an_object_declared_as_an_attribute_is_left_out_of_what_is_written():
    # Transport's certificate `Vehicle`: `class`, `type: object` with `xml: {attribute: true}`; written as an element
    # it read back as `class: ""`, and every XML answer failed the self-check
    from mock.xml_bodies import dump_xml

    schema = {
        "type": "object",
        "xml": {"name": "Vehicle"},
        "properties": {
            "class": {"type": "object", "xml": {"attribute": True}},
            "color": {"type": "string", "xml": {"attribute": True}},
        },
    }
    written = dump_xml({"class": {}, "color": "red"}, schema)
    assert parse_xml(written, schema, cast_scalar) == {"color": "red"}


def test_a_whole_number_stored_as_a_float_is_written_as_an_integer_and_read_back_as_one():
    # JSON's `1073.0` is an integer to JSON Schema, so a record takes it as sent; written `1073.0` in an XML answer it
    # was read back as text, not the int32 its schema says (agco-ats' lists: a self-check line per answer)
    from mock.xml_bodies import dump_xml

    schema = {
        "type": "object",
        "properties": {"amount": {"type": "integer", "format": "int32"}, "ratio": {"type": "number"}},
    }
    written = dump_xml({"amount": 1073.0, "ratio": 2.5}, schema)
    assert b"<amount>1073</amount>" in written and b"<ratio>2.5</ratio>" in written
    assert parse_xml(written, schema, cast_scalar) == {"amount": 1073, "ratio": 2.5}


def test_every_letter_and_digit_in_a_key_gives_a_name_expat_reads():
    # Python calls `º`, `²` and `Ĳ` letters or digits; as element names they made agco-ats' answers unreadable
    # ("not well-formed (invalid token)"). Proven against expat over the Basic Multilingual Plane.
    from xml.etree import ElementTree

    from mock.xml_bodies import xml_name

    for code in range(0x10000):
        character = chr(code)
        if not character.isalnum():
            continue  # the rest become `_`: see test_an_answer_is_well_formed_whatever_text_and_keys_it_holds
        for key in (character, f"a{character}b"):
            name = xml_name(key)
            assert ElementTree.fromstring(f"<{name}/>").tag == name, hex(code)
    assert xml_name("nºõ") == "n_õ" and xml_name("ĲM") == "_M"


def test_words_where_a_lists_elements_belong_are_no_list():
    # agco-ats' batch of permission changes sent as `<RolePermissionChange>true</RolePermissionChange>`: read as a
    # list of no items, it was taken; an empty element is still the empty list, and items are read as before
    batch = {"type": "array", "items": {"type": "object", "properties": {"Id": {"type": "integer"}}}}
    read = parse_xml(b"<Change>true</Change>", batch, cast_scalar)
    assert read == ["true"] and not is_valid(batch, read)  # one item, as a document writes it, and not an object
    assert parse_xml(b"<Change/>", batch, cast_scalar) == []
    assert parse_xml(b"<Changes><Change><Id>3</Id></Change></Changes>", batch, cast_scalar) == [{"Id": 3}]


def test_an_unwrapped_list_at_the_root_holds_the_one_item_its_document_writes() -> None:
    # Avaza's expense approval takes an array of ids in XML too; schemathesis writes each item as an element of the
    # root's name, so one id is `<data>4</data>`, which was read as the text "4", no list, and refused
    ids = {"type": "array", "items": {"type": "integer", "format": "int64"}}
    assert parse_xml(b"<data>4</data>", ids, cast_scalar) == [4]
    assert parse_xml(b"<root><item>1</item><item>2</item></root>", ids, cast_scalar) == [1, 2]  # as the mock writes
    assert parse_xml(b"<data/>", ids, cast_scalar) == []
    wrapped = {**ids, "xml": {"wrapped": True}}
    assert parse_xml(b"<data>4</data>", wrapped, cast_scalar) != [4]  # a wrapped list's items are elements in it


def test_a_value_of_no_type_but_listed_choices_is_the_choice_its_text_writes() -> None:
    # Nexmo's number insight answers `lookup_outcome` with an attribute `code` of `enum: [0, 1, 2]` and no type: the
    # mock wrote `code="1"` and its self-check read back the text "1", none of the choices
    outcome = {
        "type": "object",
        "properties": {
            "code": {"enum": [0, 1, 2], "xml": {"attribute": True}},
            "state": {"enum": ["on", True, 2.5]},
        },
    }
    assert parse_xml(b'<o code="1"><state>true</state></o>', outcome, cast_scalar) == {"code": 1, "state": True}
    assert parse_xml(b'<o code="7"><state>on</state></o>', outcome, cast_scalar) == {"code": "7", "state": "on"}
    assert parse_xml(b"<o><state>2.5</state></o>", outcome, cast_scalar) == {"state": 2.5}
