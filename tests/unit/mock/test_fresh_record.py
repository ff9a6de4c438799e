"""echo.fresh_record: a record just created has no counts yet, and has not yet ended (completed, archived, closed)."""

from __future__ import annotations

from mock.echo import fresh_record, moments_ended

TODO = {
    "type": "object",
    "required": ["id", "completed", "archived_at"],
    "properties": {
        "id": {"type": "string"},
        "completed": {"type": "boolean"},
        "completedAt": {"type": ["string", "null"], "format": "date-time"},
        "is_archived": {"type": "boolean"},
        "archived_at": {"type": "string", "format": "date-time"},
        "closed_on": {"type": "string", "format": "date"},
        "comment_count": {"type": "integer"},
        "active": {"type": "boolean"},
    },
}
GENERATED = {
    "id": "t1",
    "completed": True,
    "completedAt": "2026-09-21T13:48:51.705Z",
    "is_archived": True,
    "archived_at": "2026-09-21T13:48:51.705Z",
    "closed_on": "2026-09-21",
    "comment_count": 7,
    "active": True,
}


def test_a_new_record_has_not_ended_nor_been_counted():
    # a todo just made answered `completed: true` and a `completedAt`
    fresh = fresh_record(GENERATED, TODO, None)
    assert fresh["completed"] is False and fresh["completedAt"] is None and fresh["is_archived"] is False
    assert fresh["comment_count"] == 0 and fresh["active"] is True
    assert "closed_on" not in fresh  # optional and not nullable: left out
    assert fresh["archived_at"] == GENERATED["archived_at"]  # required and not nullable: as generated


def test_a_new_record_was_ended_by_nobody():
    # Asana's task just made, `completed: false`, answered the example's `completed_by` user
    user = {"type": "object", "properties": {"gid": {"type": "string"}, "name": {"type": "string"}}}
    task = {
        "type": "object",
        "required": ["closedBy"],
        "properties": {
            "completed": {"type": "boolean"},
            "completed_by": {"allOf": [user]},  # Asana's: a user, its nullable lost in the allOf
            "merged_by_id": {"type": ["string", "null"]},
            "closedBy": {"type": ["object", "null"]},
            "archived_by": user,
            "created_by": user,
            "assigned_by": user,
        },
    }
    greg = {"gid": "1", "name": "Greg"}
    made = {"completed": True, "completed_by": greg, "merged_by_id": "u1", "closedBy": greg, "archived_by": greg}
    fresh = fresh_record({**made, "created_by": greg, "assigned_by": greg}, task, None)
    assert fresh == {
        "completed": False,
        "merged_by_id": None,
        "closedBy": None,
        "created_by": greg,
        "assigned_by": greg,
    }
    assert fresh_record(made, task, {"completed_by": greg})["completed_by"] == greg  # sent: kept


def test_a_new_record_counts_nothing_however_its_counts_are_named():
    # Typesense's new collection answered `num_documents: 950`
    counted = {"type": "integer", "minimum": 0}
    names = ("num_documents", "numDocuments", "number_of_members", "numberOfViews", "comment_count")
    schema = {"type": "object", "properties": {**{name: counted for name in names}, "number": counted}}
    made = {**{name: 950 for name in names}, "number": 7}  # a number (an invoice's) is no count
    assert fresh_record(made, schema, None) == {**{name: 0 for name in names}, "number": 7}


def test_what_the_client_sent_stays():
    fresh = fresh_record(GENERATED, TODO, {"completed": True, "completedAt": "2026-12-01T00:00:00Z"})
    assert fresh["completed"] is True and fresh["completedAt"] == GENERATED["completedAt"]
    wrapped = {"type": "object", "properties": {"data": TODO}}
    assert fresh_record({"data": GENERATED}, wrapped, {"data": {"title": "x"}})["data"]["completed"] is False


def test_a_new_records_status_is_one_that_has_not_ended():
    schema = {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["cancelled", "open", "in_progress", "done"]},
            "state": {"type": "string", "enum": ["closed", "merged"]},
            "orderStatus": {"type": "string", "enum": ["pending", "shipped"]},
        },
    }
    fresh = fresh_record({"status": "done", "state": "merged", "orderStatus": "shipped"}, schema, None)
    assert fresh == {"status": "open", "state": "merged", "orderStatus": "shipped"}  # no option that has not ended
    assert fresh_record({"status": "done"}, schema, {"status": "done"}) == {"status": "done"}


def test_an_update_that_ends_a_record_or_opens_it_again_says_so_of_its_moments():
    schema = {
        "type": "object",
        "properties": {
            "completed": {"type": "boolean"},
            "completedAt": {"type": ["string", "null"]},
            "state": {"type": "string"},
            "closed_at": {"type": ["string", "null"]},
            "cancelled_at": {"type": ["string", "null"]},
        },
    }
    record = {"completed": True, "completedAt": None, "state": "closed", "closed_at": None, "cancelled_at": None}
    assert moments_ended(record, schema, {"completed": True}) == {"completedAt": True}
    assert moments_ended(record, schema, {"state": "closed"}) == {"closed_at": True}
    assert moments_ended({**record, "state": "canceled"}, schema, {"state": "canceled"}) == {"cancelled_at": True}
    reopened = moments_ended(
        {**record, "completed": False, "state": "open"}, schema, {"completed": False, "state": "open"}
    )
    assert reopened == {"completedAt": False, "closed_at": False, "cancelled_at": False}
    assert moments_ended(record, schema, {"completed": True, "completedAt": "2026-01-01T00:00:00Z"}) == {}
    assert moments_ended(record, schema, {"title": "x"}) == {}


def test_an_object_of_tallies_is_all_zero_but_for_the_ids_it_holds():
    # Lemmy's new post answered `counts: {comments: 786, score: 225}`
    schema = {
        "type": "object",
        "properties": {
            "post": {"type": "object", "properties": {"id": {"type": "integer"}, "score_hint": {"type": "integer"}}},
            "counts": {
                "type": "object",
                "properties": {
                    "post_id": {"type": "integer"},
                    "comments": {"type": "integer"},
                    "score": {"type": "integer", "minimum": 1},
                    "published": {"type": "string"},
                },
            },
        },
    }
    generated = {
        "post": {"id": 6, "score_hint": 4},
        "counts": {"post_id": 6, "comments": 786, "score": 225, "published": "2026-09-21T13:48:51.705Z"},
    }
    fresh = fresh_record(generated, schema, None)
    # a score that may not be 0 stays as made; an id and what is no count stay; nothing outside the tallies changes
    assert fresh["counts"] == {"post_id": 6, "comments": 0, "score": 225, "published": "2026-09-21T13:48:51.705Z"}
    assert fresh["post"] == {"id": 6, "score_hint": 4}


def test_a_new_record_is_not_yet_locked_banned_or_pinned_unless_sent_so():
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "locked": {"type": "boolean"},
            "is_banned": {"type": "boolean"},
            "pinned": {"type": "boolean"},
            "nsfw": {"type": "boolean"},
            "featured": {"const": True},
        },
    }
    made = {"id": 1, "locked": True, "is_banned": True, "pinned": True, "nsfw": True, "featured": True}
    fresh = fresh_record(made, schema, {"pinned": True})
    # what the request set stays; a flag no moderator sets (`nsfw`) and one that may not be false stay as made
    assert fresh == {"id": 1, "locked": False, "is_banned": False, "pinned": True, "nsfw": True, "featured": True}
