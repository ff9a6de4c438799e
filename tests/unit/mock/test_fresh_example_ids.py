"""echo.fresh_example_ids: a create answered from the spec's example gets an id of its own, of the example's shape."""

from __future__ import annotations

import re
import uuid

from mock.echo import fresh_example_ids

SCHEMA = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}


def test_an_id_keeps_its_examples_shape_and_differs_by_request():
    example = {"id": "CS451F2AB1ED897A94", "name": "session"}
    one, two = (fresh_example_ids(example, SCHEMA, seed, frozenset())["id"] for seed in (1, 2))
    assert one != two and one != example["id"]
    assert all(re.fullmatch(r"CS[0-9A-F]{16}", made) for made in (one, two))
    assert fresh_example_ids(example, SCHEMA, 1, frozenset()) == {**example, "id": one}  # reproducible, name kept


def test_a_uuid_stays_a_uuid_and_a_pattern_is_kept():
    made = fresh_example_ids({"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}, SCHEMA, 7, frozenset())["id"]
    assert str(uuid.UUID(made)) == made
    strict = {"type": "object", "properties": {"id": {"type": "string", "const": "fixed"}}}
    assert fresh_example_ids({"id": "fixed"}, strict, 7, frozenset()) == {"id": "fixed"}


def test_an_id_in_a_wrapper_is_fresh_and_one_the_client_sent_is_not():
    wrapped = {"type": "object", "properties": {"data": SCHEMA}}
    assert fresh_example_ids({"data": {"id": "p1"}}, wrapped, 3, frozenset())["data"]["id"] != "p1"
    assert fresh_example_ids({"id": "p1"}, SCHEMA, 3, frozenset({"id"})) == {"id": "p1"}
    assert (
        fresh_example_ids({"id": 7}, {"type": "object", "properties": {"id": {"type": "integer"}}}, 3, frozenset())[
            "id"
        ]
        >= 100_000
    )


def test_items_given_one_id_of_a_fixed_shape_get_ids_of_that_shape():
    # Docker's containers: Id is 64 hex digits (a pattern), and every generated item took the property's example
    from mock.fake_data import cohere

    hex_id = {"type": "string", "pattern": "^[0-9a-fA-F]{64}$", "minLength": 64, "maxLength": 64}
    schema = {"type": "array", "items": {"type": "object", "properties": {"Id": hex_id}}}
    example = "aa86eacfb3b3ed4cd362c1e88fc89a53908ad05fb3a4103bca3f9b28292d14bf"
    ids = [item["Id"] for item in cohere([{"Id": example}, {"Id": example}, {"Id": example}], schema)]
    assert len(set(ids)) == 3 and all(re.fullmatch(r"[0-9a-f]{64}", made) for made in ids)


def test_a_records_other_own_ids_are_fresh_too_and_a_reference_is_not():
    # Outline's every document answered the example's `urlId` "hDYep1TPAM"; Asana's `gid` likewise
    schema = {
        "type": "object",
        "properties": {name: {"type": "string"} for name in ("id", "urlId", "gid", "short_id", "collectionId")},
    }
    example = {"id": "d1", "urlId": "hDYep1TPAM", "gid": "12345", "short_id": "ab12", "collectionId": "c1"}
    one, two = (fresh_example_ids(example, schema, seed, frozenset()) for seed in (1, 2))
    for name in ("urlId", "gid", "short_id"):
        assert one[name] != two[name] and example[name] not in (one[name], two[name])
    assert len(one["urlId"]) == len(example["urlId"])  # of the example's shape
    assert one["collectionId"] == two["collectionId"] == "c1"  # names another record: kept


def test_a_placeholder_id_of_letters_only_is_drawn_afresh_in_its_pattern():
    # Twilio's examples hold `IMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa` (pattern ^IM[0-9a-fA-F]{32}$): with no digit to
    # start from, every conversation's first message was answered with that one sid
    sid = {"type": "object", "properties": {"sid": {"type": "string", "pattern": "^IM[0-9a-fA-F]{32}$"}}}
    example = {"sid": "IM" + "a" * 32}
    one, two = (fresh_example_ids(example, sid, seed, frozenset())["sid"] for seed in (1, 2))
    assert one != two and example["sid"] not in (one, two)
    assert all(re.fullmatch(r"IM[0-9a-f]{32}", made) for made in (one, two))
    for placeholder in ("sk-xxxxxxxxxxxxxxxx", "cus_XXXXXXXXXX"):
        made = fresh_example_ids({"id": placeholder}, SCHEMA, 5, frozenset())["id"]
        assert made != placeholder and len(made) == len(placeholder) and made[:3] == placeholder[:3]
    # a name is no placeholder: it stays as the example wrote it
    assert fresh_example_ids({"id": "alice"}, SCHEMA, 5, frozenset()) == {"id": "alice"}
