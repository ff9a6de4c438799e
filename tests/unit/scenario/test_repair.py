"""`repair`: a stored value made valid again against its schema, what the client sent kept where it fits."""

from __future__ import annotations

from mock.scenario.bodies import repair
from mock.schema_validation import is_valid

MAPPING = {
    "type": "object",
    "additionalProperties": False,
    "required": ["user_id", "email_address"],
    "properties": {"user_id": {"type": "string"}, "email_address": {"type": "string"}},
}
# Clerk's SAML connection: its properties declared beside options that only say which fields it requires
CONNECTION = {
    "type": "object",
    "required": ["id", "attribute_mapping"],
    "properties": {"id": {"type": "string"}, "domain": {"type": "string"}, "attribute_mapping": MAPPING},
    "anyOf": [{"required": ["domain"]}, {"required": ["domains"]}],
}


def test_a_value_is_repaired_by_the_properties_declared_beside_its_options():
    generated = {"id": "c1", "domain": "a.com", "attribute_mapping": {"user_id": "u1", "email_address": "e@x.io"}}
    sent = {"id": "c1", "domain": "", "attribute_mapping": {"user_id": ""}}
    fixed = repair(sent, generated, CONNECTION)
    assert fixed == {"id": "c1", "domain": "", "attribute_mapping": {"user_id": "", "email_address": "e@x.io"}}
    assert is_valid(CONNECTION, fixed)


def test_an_option_with_properties_of_its_own_still_repairs_by_them():
    card = {
        "type": "object",
        "required": ["last4"],
        "properties": {"last4": {"type": "string", "pattern": "^[0-9]{4}$"}},
    }
    schema = {"oneOf": [card, {"type": "null"}]}
    assert repair({"last4": 1234}, {"last4": "0000"}, schema) == {"last4": "1234"}
    assert repair(None, {"last4": "0000"}, schema) is None


# Lob's address: a US kind whose country is always UNITED STATES, and an international kind naming the country in
# full. A create sending the country's code (`CA`) fits neither kind; the record it started from is international.
US_ADDRESS = {
    "type": "object",
    "required": ["address_line1", "address_state"],
    "properties": {
        "address_line1": {"type": "string"},
        "address_state": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "address_country": {"type": "string", "enum": ["UNITED STATES"]},
    },
}
INTL_ADDRESS = {
    "type": "object",
    "required": ["address_line1", "address_country"],
    "properties": {
        "address_line1": {"type": "string"},
        "address_state": {"type": ["string", "null"]},
        "address_country": {"type": "string", "enum": ["CANADA", "FRANCE"]},
    },
}
ADDRESS = {"oneOf": [US_ADDRESS, INTL_ADDRESS]}


def test_a_value_fitting_no_option_is_repaired_by_the_option_its_fallback_fits():
    fallback = {"address_line1": "370 WATER ST", "address_state": "PRINCE EDWARD ISLAND", "address_country": "CANADA"}
    sent = {**fallback, "address_line1": "1 A", "address_country": "CA"}
    fixed = repair(sent, fallback, ADDRESS)
    assert fixed == {**fallback, "address_line1": "1 A"}
    assert is_valid(ADDRESS, fixed)


def test_a_value_fitting_no_option_is_repaired_by_an_option_written_as_all_of():
    # Lob writes each kind as `allOf: [its base fields, its own fields]`
    base = {"type": "object", "required": ["object"], "properties": {"object": {"type": "string"}}}
    address = {"oneOf": [{"allOf": [base, US_ADDRESS]}, {"allOf": [base, INTL_ADDRESS]}]}
    fallback = {"object": "address", "address_line1": "370 WATER ST", "address_country": "CANADA"}
    fixed = repair({**fallback, "address_country": "CA"}, fallback, address)
    assert fixed == fallback
    assert is_valid(address, fixed)


def test_a_repair_valid_for_two_options_of_a_one_of_falls_back():
    named = {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}
    counted = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    either = {"oneOf": [named, counted]}
    fallback = {"a": "x", "b": "text"}  # only the first kind takes it
    assert is_valid(either, fallback)
    # repaired by the first kind, `{"a": "x"}` would be both kinds at once: not one of them
    assert repair({"a": 5}, fallback, either) == fallback
