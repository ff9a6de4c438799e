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
