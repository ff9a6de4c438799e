"""The field-rule table and the coherence pass: realistic, agreeing, reproducible values that stay schema-valid."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from pathlib import Path

import jsonschema
import pytest

from mock.fake_data import cohere, fake_value
from mock.field_rules import BUILT_IN_RULES, THING_NAME_WORDS, FieldRuleError, Realism, id_prefixes, realism_for
from mock.response_generation import ResponseFactory
from mock.spec import SpecError, load_apis
from mock.spec.names import spelling_key

DATA = Path(__file__).resolve().parents[2] / "data" / "specs"
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER


def strings(*names: str) -> dict:
    return {"type": "object", "properties": {name: {"type": "string"} for name in names}}


@pytest.mark.parametrize("seed", range(10))
def test_names_pick_realistic_values(seed):
    value = fake_value(
        strings("username", "handle", "image", "avatar_url", "website", "email", "phone_number", "currency", "country"),
        seed,
    )
    assert " " not in value["username"] and value["username"]
    assert " " not in value["handle"] and value["handle"]
    for name in ("image", "avatar_url", "website"):
        assert re.match(r"^https://[a-z0-9.-]+\.[a-z]+/", value[name]), (name, value[name])
    assert re.match(r"^[^@\s]+@[^@\s]+\.[a-z]+$", value["email"])
    assert E164.match(value["phone_number"]), value["phone_number"]
    assert re.fullmatch(r"[A-Z]{3}", value["currency"])
    assert re.fullmatch(r"[A-Z]{2}", value["country"])


def test_ids_follow_the_schema_pattern():
    schema = {"type": "object", "properties": {"id": {"type": "string", "pattern": "^ord_[0-9a-f]{12}$"}}}
    for seed in range(10):
        assert re.fullmatch(r"ord_[0-9a-f]{12}", fake_value(schema, seed)["id"])


def test_ids_take_the_prefix_the_specs_examples_show():
    api = load_apis(DATA / "payments")["payments"]
    realism = realism_for(api.document)
    assert realism.prefixes.by_object == {"customer": "cus_", "payment_intent": "pi_"}
    schemas = api.document["components"]["schemas"]
    for seed in range(5):
        customer = fake_value(schemas["customer"], seed, use_examples=False, realism=realism)
        assert customer["id"].startswith("cus_") and len(customer["id"]) > 10
        intent = fake_value(schemas["payment_intent"], seed, use_examples=False, realism=realism)
        assert intent["id"].startswith("pi_")
        assert intent["customer"] is None or intent["customer"].startswith("cus_")


def test_words_in_examples_are_not_taken_for_ids():
    prefixes = id_prefixes({"example": {"username": "jake_doe", "id": "user_name", "object": "user", "ref": "tx_9Ab"}})
    assert prefixes.by_object == {} and prefixes.by_field == {"ref": "tx_"}


@pytest.mark.parametrize(
    "precision,shape",
    [("s", r"\d{2}:\d{2}:\d{2}Z"), ("ms", r"\d{2}:\d{2}:\d{2}\.\d{3}Z"), ("us", r"\d{2}:\d{2}:\d{2}\.\d{6}Z")],
)
def test_date_times_carry_the_chosen_precision(precision, shape):
    schema = {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}, "created_at": {}}}
    value = fake_value(schema, 3, realism=Realism(datetime_precision=precision))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T" + shape, value["at"]), value["at"]
    jsonschema.validate(value, schema, format_checker=FORMAT_CHECKER)


def test_milliseconds_are_the_default():
    value = fake_value({"type": "string", "format": "date-time"}, 1)
    assert re.fullmatch(r".*T\d{2}:\d{2}:\d{2}\.\d{3}Z", value)


@pytest.mark.parametrize("fmt", ["date-time-rfc-2822", "date-time-rfc1123", "http-date"])
def test_a_format_that_says_rfc_2822_gets_an_rfc_2822_date(fmt):
    value = fake_value({"type": "string", "format": fmt}, 4, "date_sent")
    assert re.fullmatch(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000", value), value
    assert email.utils.parsedate_to_datetime(value).tzinfo is not None


@pytest.mark.parametrize("seed", range(10))
def test_fields_named_date_something_are_moments_in_order(seed):
    """Twilio's `date_created` and `date_updated`: date-times, the creation first."""
    schema = {"type": "object", "properties": {"date_updated": {"type": "string"}, "date_created": {"type": "string"}}}
    value = fake_value(schema, seed)
    created, updated = (dt.datetime.fromisoformat(value[name]) for name in ("date_created", "date_updated"))
    assert created <= updated


@pytest.mark.parametrize("seed", range(20))
def test_timestamps_are_in_order(seed):
    schema = {
        "type": "object",
        "properties": {
            "createdAt": {"type": "string", "format": "date-time"},
            "updatedAt": {"type": "string", "format": "date-time"},
            "period_start": {"type": "integer", "minimum": 1_000_000_000},
            "period_end": {"type": "integer", "minimum": 1_000_000_000},
            "start_date": {"type": "string", "format": "date"},
            "end_date": {"type": "string", "format": "date"},
        },
    }
    value = fake_value(schema, seed)
    assert value["createdAt"] <= value["updatedAt"]
    assert value["period_start"] <= value["period_end"]
    assert value["start_date"] <= value["end_date"]


def test_slug_follows_the_title_and_the_title_a_pinned_slug():
    schema = strings("slug", "title")
    for seed in range(5):
        value = fake_value(schema, seed)
        assert value["slug"] == re.sub(r"[^a-z0-9]+", "-", value["title"].lower()).strip("-")
    pinned = cohere({"slug": "how-to-train", "title": "Other words"}, schema, frozenset({"slug"}))
    assert pinned == {"slug": "how-to-train", "title": "How to train"}


@pytest.mark.parametrize("seed", range(10))
def test_counts_and_pager_totals_match_the_list(seed):
    article = {"type": "object", "properties": {"title": {"type": "string"}}}
    schema = {
        "type": "object",
        "properties": {
            "articles": {"type": "array", "items": article},
            "articlesCount": {"type": "integer"},
            "meta": {
                "type": "object",
                "properties": {"total": {"type": "integer"}, "total_pages": {"type": "integer"}},
            },
            "has_more": {"type": "boolean"},
        },
    }
    value = fake_value(schema, seed)
    assert value["articlesCount"] == len(value["articles"]) == value["meta"]["total"]
    assert value["meta"]["total_pages"] == 1 and value["has_more"] is False


def test_a_count_the_schema_bounds_is_left_valid():
    schema = {
        "type": "object",
        "properties": {"items": {"type": "array", "minItems": 1}, "total": {"type": "integer", "minimum": 50}},
    }
    value = fake_value(schema, 1)
    jsonschema.validate(value, schema)


def test_write_only_fields_stay_out_of_responses():
    schema = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "password": {"type": "string", "writeOnly": True}},
    }
    assert "password" not in fake_value(schema, 1, for_response=True)
    assert "password" in fake_value(schema, 1)


def test_same_seed_same_values():
    schema = strings("username", "image", "phone", "slug", "title")
    assert fake_value(schema, 5) == fake_value(schema, 5)
    assert fake_value(schema, 5) != fake_value(schema, 6)


def test_an_api_extends_the_table_with_its_own_rules():
    document = {
        "x-specmock-field-rules": [
            {"name": "^plan$", "one_of": ["free", "pro"]},
            {"name": "^sku$", "value": "ean13"},
            {"format": "handle", "value": "username"},
            {"name": "^score$", "type": "integer", "value": "percent"},
        ]
    }
    realism = realism_for(document)
    assert len(realism.rules) == len(BUILT_IN_RULES) + 4
    schema = {
        "type": "object",
        "properties": {
            "plan": {"type": "string"},
            "sku": {"type": "string"},
            "nick": {"type": "string", "format": "handle"},
            "score": {"type": "integer", "maximum": 100},
        },
    }
    for seed in range(5):
        value = fake_value(schema, seed, realism=realism)
        assert value["plan"] in ("free", "pro")
        assert re.fullmatch(r"\d{13}", value["sku"])
        assert " " not in value["nick"]
        assert 0 <= value["score"] <= 100


@pytest.mark.parametrize(
    "rules,place",
    [
        ({"name": "^x$", "value": "no_such_generator"}, "x-specmock-field-rules[0].value"),
        ({"name": "(", "value": "email"}, "x-specmock-field-rules[0].name"),
        ({"value": "email"}, "x-specmock-field-rules[0]"),
        ({"name": "^x$", "value": "email", "one_of": [1]}, "x-specmock-field-rules[0]"),
        ({"name": "^x$", "valeu": "email"}, "x-specmock-field-rules[0]"),
    ],
)
def test_a_bad_user_rule_names_its_place(rules, place):
    with pytest.raises(FieldRuleError) as caught:
        realism_for({"x-specmock-field-rules": [rules]})
    assert caught.value.place == place


def test_a_bad_user_rule_stops_serving_with_file_place_problem(tmp_path):
    spec = (DATA / "payments" / "payments.yaml").read_text()
    (tmp_path / "payments.yaml").write_text(spec + "x-specmock-field-rules: [{name: '^x$', value: nope}]\n")
    api = load_apis(tmp_path)["payments"]
    with pytest.raises(SpecError) as caught:
        ResponseFactory(api, 0)
    assert str(caught.value).startswith(f"{tmp_path / 'payments.yaml'}: x-specmock-field-rules[0].value: ")


@pytest.mark.parametrize("seed", range(5))
def test_a_decimal_string_parses_as_a_decimal(seed):
    """Stripe's `unit_amount_decimal` (`format: decimal`): stripe-python parses it with Decimal()."""
    import decimal

    value = fake_value(
        {"type": "object", "properties": {"unit_amount_decimal": {"type": "string", "format": "decimal"}}}, seed
    )
    assert decimal.Decimal(value["unit_amount_decimal"]) >= 0


def test_realism_is_read_once_per_document_and_precision():
    document = {
        "paths": {},
        "components": {"examples": {"c": {"value": {"id": "cus_NffrFeUfNV2Hib", "object": "customer"}}}},
    }
    first = realism_for(document)
    assert realism_for(document) is first  # response generation and the scenario engine share one reading
    assert first.prefixes.by_object == {"customer": "cus_"}
    assert realism_for(document, "s").datetime_precision == "s"
    assert realism_for(dict(document)) is not first  # another document (equal or not) is read afresh


def test_the_rule_a_field_comes_to_is_the_tables_first_match_each_time_it_is_asked():
    # Realism.maker remembers each (name, format, type)'s rule: held to going down the table afresh, for
    # every field name, format and type the bundled specs and the samples use, asked twice.
    apis = {**load_apis(DATA), **load_apis(DATA.parents[2] / "specs")}
    asked = 0
    for api in apis.values():
        realism = realism_for(api.document)
        fields: set[tuple[str, str, str]] = set()
        stack: list = [api.document]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                for name, schema in (node.get("properties") or {}).items():
                    if isinstance(schema, dict):
                        kinds = schema.get("type") if isinstance(schema.get("type"), list) else [schema.get("type")]
                        fields.update((name, str(schema.get("format", "")), str(kind)) for kind in kinds)
                stack.extend(node.values())
        for _ in range(2):
            for name, fmt, kind in sorted(fields):
                expected = next((rule.make for rule in realism.rules if rule.matches(name, fmt, kind)), None)
                assert realism.maker(name, fmt, kind) is expected, (name, fmt, kind)
        asked += len(fields)
    assert asked > 300


def _listed(id_schema: dict, **more: dict) -> dict:
    return {
        "type": "array",
        "items": {"type": "object", "properties": {"id": id_schema, **more, "owner_id": {"type": "integer"}}},
    }


def test_the_objects_of_a_list_get_ids_of_their_own():
    """An example's item (or a property's example) gives every item of a generated list the same id: a frontend
    keying its rows by id shows one. Repeats become the next number past the list's largest, or the id with the
    item's place (a word id) or another of its shape (an id with digits); another object's id (`owner_id`) may
    repeat."""
    schema = _listed({"type": "integer"}, node_id={"type": "string"})
    items = [{"id": 42, "node_id": "MDQ6", "owner_id": 1}] * 3 + [{"id": 7, "owner_id": 1}]
    made = cohere(items, schema)
    assert [(item["id"], item["owner_id"]) for item in made] == [(42, 1), (43, 1), (44, 1), (7, 1)]
    node_ids = [item["node_id"] for item in made[:3]]
    assert node_ids[0] == "MDQ6" and len(set(node_ids)) == 3
    assert all(re.fullmatch(r"MDQ\d+", node_id) for node_id in node_ids)  # `MDQ6-2` was no GitHub node id
    words = cohere([{"id": "how-to-train"}] * 3, _listed({"type": "string"}))
    assert [item["id"] for item in words] == ["how-to-train", "how-to-train-2", "how-to-train-3"]
    tokens = cohere([{"id": "cus_4QbC9xT2"}] * 3, _listed({"type": "string"}))
    assert len({item["id"] for item in tokens}) == 3
    assert all(re.fullmatch(r"cus_\d[A-Za-z]{2}[A-Z]\d[a-z][A-Z]\d", item["id"]) for item in tokens)
    uuids = cohere([{"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}] * 3, _listed({"type": "string", "format": "uuid"}))
    assert len({item["id"] for item in uuids}) == 3
    for item in uuids:
        jsonschema.validate(item["id"], {"type": "string", "format": "uuid"}, format_checker=jsonschema.FormatChecker())
    # nested lists too, and `uuid`/`_id` are ids by name
    nested = cohere({"teams": [{"uuid": "t", "_id": 5}] * 2}, {"type": "object", "properties": {"teams": _listed({})}})
    assert nested == {"teams": [{"uuid": "t", "_id": 5}, {"uuid": "t-2", "_id": 6}]}
    # an object with no field naming itself is keyed by its one key field (Harbor's users by `user_id`: a list
    # showed user 273 twice); with two such fields, neither is its own for sure
    users = cohere([{"user_id": 273, "username": "a"}, {"user_id": 273, "username": "b"}], _listed({}))
    assert [user["user_id"] for user in users] == [273, 274]
    links = [{"user_id": 1, "group_id": 2}] * 2
    assert cohere(links, _listed({})) == links
    # with no id of its own, its `name` keys it (Google's resource names: two repositories `Amber Lantern` on a page)
    named = cohere([{"name": "Amber Lantern", "webhookId": "w"}] * 2, _listed({}))
    assert [item["name"] for item in named] == ["Amber Lantern", "Amber Lantern-2"]
    # beside an id of its own, two items may share a name (two people called Ada)
    people = [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Ada"}]
    assert cohere(people, _listed({})) == people


def test_a_repeated_id_is_changed_only_to_a_value_its_schema_takes():
    pattern = {"type": "string", "pattern": "^ubuntu-[0-9.]+$"}  # `-2` appended is refused: one of its shape is not
    first, second = (item["id"] for item in cohere([{"id": "ubuntu-20.04"}] * 2, _listed(pattern)))
    assert first == "ubuntu-20.04" and second != first and re.fullmatch(r"ubuntu-\d\d\.\d\d", second)
    fixed = {"type": "string", "enum": ["ubuntu-20.04"]}  # no other value at all
    assert cohere([{"id": "ubuntu-20.04"}], _listed(fixed)) == [{"id": "ubuntu-20.04"}]
    capped = {"type": "integer", "maximum": 42}
    assert cohere([{"id": 42}] * 2, _listed(capped)) == [{"id": 42}] * 2


def test_generated_lists_have_distinct_ids_under_every_seed():
    schema = {
        "type": "array",
        "minItems": 5,
        "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "example": 42}}},
    }
    for seed in range(20):
        ids = [item["id"] for item in fake_value(schema, seed)]
        assert len(ids) >= 5 and len(set(ids)) == len(ids), ids


OWNER = {"type": "object", "properties": {"login": {"type": "string", "example": "octocat"}}}
REPOSITORY = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "example": "Hello-World"},
        "full_name": {"type": "string", "example": "octocat/Hello-World"},
        "owner": OWNER,
        "description": {"type": "string", "example": "Hello-World is octocat's first repository"},
        "slug_id": {"type": "string", "pattern": "^[a-z]+$", "example": "octocat-Hello-World"},
    },
}


def test_a_field_the_examples_show_built_of_others_is_rebuilt_from_them():
    """GitHub's `full_name` is its owner's `login` and its `name` in the examples: an answer echoing a new name
    (or another owner) says so in `full_name` too; a `display_name` follows the names it joins."""
    record = {"name": "hello", "full_name": "octocat/Hello-World", "owner": {"login": "jane"}, "description": "x"}
    assert cohere(record, REPOSITORY)["full_name"] == "jane/hello"
    person = {
        "type": "object",
        "properties": {
            "first_name": {"type": "string", "example": "Jane"},
            "last_name": {"type": "string", "example": "Doe"},
            "display_name": {"type": "string", "example": "Jane Doe"},
        },
    }
    assert cohere({"first_name": "Ann", "last_name": "Lee", "display_name": "Jane Doe"}, person)["display_name"] == (
        "Ann Lee"
    )


def test_only_whole_values_and_joiners_make_a_composed_field():
    record = {"name": "hello", "full_name": "x/y", "owner": {"login": "jane"}, "description": "keep", "slug_id": "ab"}
    coherent = cohere(record, REPOSITORY)
    assert coherent["description"] == "keep"  # words of its own besides the fields: no template
    assert coherent["slug_id"] == "ab"  # a template its pattern refuses (`jane-hello` has a dash) is not applied
    pinned = cohere(record, REPOSITORY, frozenset({spelling_key("full_name")}))  # what the request set stays
    assert pinned["full_name"] == "x/y"
    missing = cohere({"name": "hello", "full_name": "x/y"}, REPOSITORY)  # no owner to build it from
    assert missing["full_name"] == "x/y"


NAMED_RECORD = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "full_name": {"type": "string"},
        "project_name": {"type": "string"},
        "author_name": {"type": "string"},
        "file_name": {"type": "string"},
        "owner": {
            "type": "object",
            "properties": {"login": {"type": "string"}, "email": {"type": "string"}, "full_name": {"type": "string"}},
        },
        "members": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "properties": {"name": {"type": "string"}}},
        },
    },
}


def _is_thing_name(text: str) -> bool:
    first, _, rest = text.partition(" ")
    return first in THING_NAME_WORDS[0] and rest in THING_NAME_WORDS[1]


@pytest.mark.parametrize("seed", range(10))
def test_only_people_get_peoples_names(seed):
    # a repository named "Dr. Stephen Wheeler" (Gitea's, from the `name` rule that gave every name a person's)
    value = fake_value(NAMED_RECORD, seed)
    for thing in ("name", "full_name", "project_name"):
        assert _is_thing_name(value[thing]), (thing, value[thing])
    for person in (value["owner"]["full_name"], value["members"][0]["name"], value["author_name"]):
        assert not _is_thing_name(person) and " " in person, person
    assert re.fullmatch(r"[\w-]+\.[a-z0-9]+", value["file_name"]), value["file_name"]


@pytest.mark.parametrize(
    ("noun", "person"), [("user", True), ("customer", True), ("repo", False), ("team", False), ("", False)]
)
def test_a_records_noun_says_whether_its_name_is_a_persons(noun, person):
    value = fake_value(strings("name", "display_name"), 3, noun)
    for name in ("name", "display_name"):
        assert _is_thing_name(value[name]) is not person, (noun, value)


def test_fields_only_a_person_has_make_an_unnamed_record_a_person():
    value = fake_value(strings("name", "email", "avatar_url"), 5)
    assert not _is_thing_name(value["name"])
    # repositories, teams and organisations have avatars too (Gitea's repository has an `avatar_url`)
    assert _is_thing_name(fake_value(strings("name", "avatar_url", "website"), 5)["name"])


@pytest.mark.parametrize(
    ("noun", "person"),
    [
        ("user_repos", False),
        ("repo_owner", True),
        ("UserRepository", False),
        ("createdByUser", True),
        ("org_members", True),
    ],
)
def test_a_nested_records_own_noun_is_its_last_word(noun, person):
    assert _is_thing_name(fake_value(strings("name"), 1, noun)["name"]) is not person


COMPANY_NAME = re.compile(r"( Inc| and Sons| LLC| Group| PLC| Ltd)$|-|, ")  # faker's en_US company formats


@pytest.mark.parametrize("seed", range(5))
def test_a_company_gets_a_companys_name(seed):
    schema = strings("name", "vendor_name")
    organization = fake_value(schema, seed, "organization")
    assert COMPANY_NAME.search(organization["name"]) and COMPANY_NAME.search(organization["vendor_name"]), organization
    assert COMPANY_NAME.search(fake_value(schema, seed, "shipment")["vendor_name"])


@pytest.mark.parametrize("seed", range(5))
def test_addresses_of_machines_and_keys_are_not_street_addresses_or_files(seed):
    # Kratos' `ip_address` held "42077 Erica Orchard Apt.", DigitalOcean's SSH `public_key` a file path
    import ipaddress

    value = fake_value(strings("ip_address", "ipAddress", "client_ip", "public_key", "billing_address"), seed)
    for name in ("ip_address", "ipAddress", "client_ip"):
        ipaddress.ip_address(value[name])
    assert value["public_key"].startswith("ssh-") and "/" not in value["public_key"].split(" ")[0]
    assert any(ch.isdigit() for ch in value["billing_address"]) and " " in value["billing_address"]


def test_items_of_a_list_made_from_property_examples_have_ids_and_slugs_of_their_own():
    # Asana's tags (`gid` "12345", `name` "Stuff to buy") and DigitalOcean's presets (`slug`, `urn`): every item was
    # the same, and a frontend keying its rows by gid, urn or slug showed one row
    item = {
        "type": "object",
        "properties": {
            "gid": {"type": "string", "example": "12345"},
            "urn": {"type": "string", "example": "do:droplet:1"},
            "slug": {"type": "string", "example": "example-slug"},
            "task_slug": {"type": "string", "example": "example string"},
            "name": {"type": "string", "example": "Stuff to buy"},
        },
    }
    listed = fake_value({"type": "array", "minItems": 3, "items": item}, 1)
    assert len(listed) >= 3
    for field in ("gid", "urn", "slug", "task_slug"):
        assert len({entry[field] for entry in listed}) == len(listed), (field, listed)


@pytest.mark.parametrize("seed", range(5))
def test_a_token_answer_reads_like_rfc_6749s(seed):
    # `{access_token, token_type, expires_in, scope}` answered `token_type: "mother"` and a lifetime of 23 seconds
    schema = {
        "type": "object",
        "properties": {
            "token_type": {"type": "string"},
            "tokenType": {"type": "string"},
            "expires_in": {"type": "integer"},
            "expiresIn": {"type": "number"},
            "scope": {"type": "string"},
        },
    }
    value = fake_value(schema, seed)
    assert value["token_type"] == value["tokenType"] == "Bearer"
    assert value["expires_in"] in (900, 3600, 7200, 86400) and value["expiresIn"] in (900, 3600, 7200, 86400)
    assert re.fullmatch(r"[a-z:]+( [a-z:]+)*", value["scope"]), value["scope"]
    bounded = fake_value({"type": "integer", "maximum": 600}, seed, "expires_in")
    assert bounded <= 600


@pytest.mark.parametrize("seed", range(5))
def test_an_unbounded_integer_moment_is_a_unix_time_of_these_years(seed):
    # `created_at: {type: integer}` was drawn from 0-1000 like any unbounded integer: a frontend showed 1970
    value = fake_value(
        {"type": "object", "properties": {"created_at": {"type": "integer"}, "exp": {"type": "integer"}}}, seed
    )
    for name in ("created_at", "exp"):
        assert (
            dt.datetime(2020, 1, 1, tzinfo=dt.UTC).timestamp()
            < value[name]
            < dt.datetime(2030, 1, 1, tzinfo=dt.UTC).timestamp()
        )
    assert fake_value({"type": "integer", "maximum": 5000}, seed, "created_at") <= 5000


def test_java_style_moments_are_unix_times_too():
    # Keycloak's user `createdTimestamp` and credential `createdDate` (integers) were 803 and 686: 1970 on screen
    schema = {
        "type": "object",
        "properties": {
            "createdTimestamp": {"type": "integer", "format": "int64"},
            "createdDate": {"type": "integer"},
            "notBefore": {"type": "integer"},
        },
    }
    value = fake_value(schema, 2)
    for name in ("createdTimestamp", "createdDate"):
        assert (
            dt.datetime(2020, 1, 1, tzinfo=dt.UTC).timestamp()
            < value[name]
            < dt.datetime(2030, 1, 1, tzinfo=dt.UTC).timestamp()
        )


@pytest.mark.parametrize("seed", range(10))
def test_a_moment_named_with_its_clocks_unit_is_a_time_in_that_unit_and_in_order(seed):
    # ElevenLabs' `created_at_unix` was drawn as 864; `createdAtMs` is milliseconds, `duration_ms` a span of them
    names = ("created_at_unix", "last_updated_unix", "createdAtMs", "updatedAtMs", "expires_at_ms", "created_epoch")
    schema = {"type": "object", "properties": {name: {"type": "integer"} for name in (*names, "duration_ms", "epoch")}}
    value = fake_value(schema, seed)
    low, high = (dt.datetime(year, 1, 1, tzinfo=dt.UTC).timestamp() for year in (2020, 2030))
    for name in names:
        scale = 1000 if name.endswith(("Ms", "_ms")) else 1
        assert low * scale < value[name] < high * scale, name
    assert value["created_at_unix"] <= value["last_updated_unix"]
    assert value["createdAtMs"] <= value["updatedAtMs"] <= value["expires_at_ms"]
    # a span of milliseconds, and a training run's `epoch`, are counts: drawn as any unbounded integer
    assert value["duration_ms"] <= 1000 and value["epoch"] <= 1000


@pytest.mark.parametrize("seed", range(5))
def test_bare_created_and_updated_text_fields_are_moments_in_order(seed):
    """Vikunja's user `{"created": "fast", "updated": "career"}`: text of no format, named for a moment."""
    schema = {"type": "object", "properties": {"updated": {"type": "string"}, "created": {"type": "string"}}}
    value = fake_value(schema, seed, "user", for_response=True)
    created, updated = (
        dt.datetime.fromisoformat(value[name].replace("Z", "+00:00")) for name in ("created", "updated")
    )
    assert created <= updated


def test_a_flag_that_says_a_thing_was_not_done_leaves_no_moment_it_was_done():
    # HubSpot's seeded contacts were `archived: false` with an `archivedAt`
    moment = {"type": "string", "format": "date-time"}
    schema = {
        "type": "object",
        "required": ["published_at"],
        "properties": {
            "archived": {"type": "boolean"},
            "archivedAt": {**moment, "type": ["string", "null"]},
            "is_published": {"type": "boolean"},
            "published_at": moment,  # required, and never null: kept
            "pinned": {"type": "boolean"},
            "pinned_on": moment,  # not nullable, not required: left out
            "completed": {"type": "boolean"},
            "completedAt": {**moment, "type": ["string", "null"]},
        },
    }
    when = "2026-10-24T07:26:59.365Z"
    record = {
        "archived": False,
        "archivedAt": when,
        "is_published": False,
        "published_at": when,
        "pinned": False,
        "pinned_on": when,
        "completed": True,
        "completedAt": when,
    }
    made = cohere(record, schema)
    assert made["archivedAt"] is None and "pinned_on" not in made
    assert made["published_at"] == when and made["completedAt"] == when
    # a moment the request set is its own
    assert cohere(record, schema, frozenset({spelling_key("archivedAt")}))["archivedAt"] == when


@pytest.mark.parametrize("seed", range(5))
def test_a_jobs_progress_is_a_percentage_and_a_count_of_seconds_written_as_text_is_a_number(seed):
    """OpenAI's video job answered `progress: 803` ("approximate completion percentage") and `seconds: "officer"`."""
    schema = {
        "type": "object",
        "properties": {
            "progress": {"type": "integer"},
            "uploadProgress": {"type": "integer"},
            "seconds": {"type": "string"},
            "duration_seconds": {"type": "string"},
        },
    }
    value = fake_value(schema, seed)
    assert 0 <= value["progress"] <= 100 and 0 <= value["uploadProgress"] <= 100
    assert value["seconds"].isdigit() and value["duration_seconds"].isdigit()


@pytest.mark.parametrize("seed", range(10))
def test_moments_named_by_a_verb_and_time_are_in_order(seed):
    # Google's AIP-142 `create_time`, `update_time`, `expire_time` (PayPal's products too): a product was updated
    # months before it was made
    moment = {"type": "string", "format": "date-time"}
    names = ("update_time", "expire_time", "create_time", "lastUpdateTime")
    value = fake_value({"type": "object", "properties": dict.fromkeys(names, moment)}, seed)
    assert value["create_time"] <= value["update_time"] <= value["expire_time"]
    assert value["create_time"] <= value["lastUpdateTime"]
