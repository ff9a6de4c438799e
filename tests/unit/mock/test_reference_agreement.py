"""An id beside the object it names agrees with it: `author_id` and `author.id`, authentik's `users` and
`users_obj`. Generated separately, they named two different records (a group's members were two random users)."""

from __future__ import annotations

from typing import Any

from mock.fake_data import cohere, fake_value

USER = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}
UUID_USER = {"type": "object", "properties": {"pk": {"type": "string", "format": "uuid"}, "name": {"type": "string"}}}


def _obj(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def test_an_objects_id_follows_the_id_field_beside_it() -> None:
    schema = _obj({"author_id": {"type": "integer"}, "author": USER})
    made = cohere({"author_id": 7, "author": {"id": 3, "name": "Ann"}}, schema)
    assert made == {"author_id": 7, "author": {"id": 7, "name": "Ann"}}
    camel = _obj({"ownerId": {"type": "integer"}, "owner": USER})
    assert cohere({"ownerId": 9, "owner": {"id": 1, "name": "Bo"}}, camel)["owner"]["id"] == 9


def test_expanded_objects_follow_the_list_of_ids_they_expand() -> None:
    schema = _obj(
        {
            "users": {"type": "array", "items": {"type": "string", "format": "uuid"}},
            "users_obj": {"type": "array", "items": UUID_USER},
        }
    )
    a, b = "8d1f6c1e-0000-4000-8000-000000000001", "8d1f6c1e-0000-4000-8000-000000000002"
    found = cohere({"users": [a, b], "users_obj": [{"pk": "x", "name": "Ann"}]}, schema)
    assert [u["pk"] for u in found["users_obj"]] == [a, b]
    assert cohere({"users": [], "users_obj": [{"pk": "x", "name": "Ann"}]}, schema)["users_obj"] == []


def test_a_list_of_ids_named_for_the_objects_agrees_with_them() -> None:
    schema = _obj(
        {"tag_ids": {"type": "array", "items": {"type": "integer"}}, "tags": {"type": "array", "items": USER}}
    )
    found = cohere({"tag_ids": [4, 5], "tags": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]}, schema)
    assert [t["id"] for t in found["tags"]] == [4, 5]


def test_a_null_id_empties_a_nullable_object_and_the_sent_object_wins_over_an_unsent_id() -> None:
    schema = _obj({"provider": {"type": ["integer", "null"]}, "provider_obj": {"anyOf": [USER, {"type": "null"}]}})
    assert cohere({"provider": None, "provider_obj": {"id": 2, "name": "p"}}, schema)["provider_obj"] is None
    plain = _obj({"author_id": {"type": "integer"}, "author": USER})
    sent_object = cohere({"author_id": 1, "author": {"id": 5, "name": "Ann"}}, plain, frozenset({"author"}))
    assert sent_object["author_id"] == 5


def test_an_id_the_objects_schema_cannot_hold_leaves_it_as_it_was() -> None:
    schema = _obj({"author_id": {"type": "string"}, "author": USER})  # an integer id: "abc" is no value of it
    assert cohere({"author_id": "abc", "author": {"id": 3, "name": "Ann"}}, schema)["author"]["id"] == 3


def test_generated_objects_agree_at_birth() -> None:
    schema = _obj(
        {
            "author_id": {"type": "integer"},
            "author": {**USER, "required": ["id", "name"]},
        }
    )
    schema["required"] = ["author_id", "author"]
    for seed in range(5):
        made = fake_value(schema, seed=seed)
        assert made["author"]["id"] == made["author_id"]


def test_a_count_named_before_its_list_counts_it() -> None:
    # Discourse's `{"groups": [...], "total_rows_groups": 39}` beside five groups
    schema = _obj({"groups": {"type": "array", "items": USER}, "total_rows_groups": {"type": "integer"}})
    groups = [{"id": n, "name": "g"} for n in range(5)]
    assert cohere({"groups": groups, "total_rows_groups": 39}, schema)["total_rows_groups"] == 5
    counted = _obj({"tags": {"type": "array", "items": USER}, "num_tags": {"type": "integer"}})
    assert cohere({"tags": groups[:2], "num_tags": 7}, counted)["num_tags"] == 2


def test_a_reference_to_the_main_one_of_a_list_names_one_of_it() -> None:
    # Clerk's user: `primary_email_address_id` named none of its `email_addresses`
    email = _obj({"id": {"type": "string"}, "email_address": {"type": "string"}})
    schema = _obj(
        {
            "primary_email_address_id": {"type": "string"},
            "defaultPaymentMethodId": {"type": "string"},
            "email_addresses": {"type": "array", "items": email},
            "payment_methods": {"type": "array", "items": _obj({"id": {"type": "string"}})},
        }
    )
    made = {
        "primary_email_address_id": "x",
        "defaultPaymentMethodId": "pm_2",
        "email_addresses": [{"id": "e1", "email_address": "a@x.io"}, {"id": "e2", "email_address": "b@x.io"}],
        "payment_methods": [{"id": "pm_1"}, {"id": "pm_2"}],
    }
    cohered = cohere(made, schema)
    assert cohered["primary_email_address_id"] == "e1"
    assert cohered["defaultPaymentMethodId"] == "pm_2"  # names one already
    assert cohere(made, schema, pinned=frozenset({"primaryemailaddressid"}))["primary_email_address_id"] == "x"
    for seed in range(5):  # made up whole, the same holds
        value = fake_value(schema, seed)
        ids = [item["id"] for item in value.get("email_addresses") or []]
        assert not ids or value.get("primary_email_address_id") in ids
