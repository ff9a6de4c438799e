"""echo.fit_to_page: a generated list answer is as long as the page the request asked for."""

from __future__ import annotations

import pytest

from mock.echo import echo_request_fields, fit_to_page
from mock.request_validation import ValidatedRequest
from mock.spec.model import Operation, Parameter

ITEMS = [{"id": n} for n in range(1, 6)]
WRAPPED = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}, "members": {"type": "array", "items": {"type": "object"}}},
}


def _lister(method: str = "GET", page_minimum: int | None = None) -> Operation:
    page_schema = {"type": "integer"} if page_minimum is None else {"type": "integer", "minimum": page_minimum}
    parameters = (
        Parameter("limit", "query", False, {"type": "integer"}, "form", True),
        Parameter("page", "query", False, page_schema, "form", True),
        Parameter("offset", "query", False, {"type": "integer"}, "form", True),
    )
    return Operation("api", "list", method, "/things", "", parameters, None, {}, ())


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({}, 5),
        ({"limit": 2}, 2),
        ({"limit": 0}, 5),  # the default page, as an inferred list takes it
        ({"limit": 50}, 5),
        ({"page": 1}, 5),
        ({"page": 2}, 0),  # the whole collection is one page: nothing past it
        ({"offset": 20, "limit": 10}, 0),
        ({"offset": 0, "limit": 3}, 3),
    ],
)
def test_a_root_list_is_cut_to_the_page_asked_for(query, count):
    assert fit_to_page(_lister(), {"type": "array"}, ITEMS, query) == ITEMS[:count]


@pytest.mark.parametrize(
    ("query", "window"),
    [
        ({"page": 2, "limit": 2}, slice(2, 4)),  # Museum's hours, Train's stations: page 2 was always empty
        ({"page": 3, "limit": 2}, slice(4, 5)),
        ({"page": 4, "limit": 2}, slice(0, 0)),  # past the end: a client walking the pages stops
        ({"offset": 3, "limit": 10}, slice(3, 5)),
        ({"offset": 1}, slice(1, 5)),
    ],
)
def test_a_later_page_holds_the_items_after_the_earlier_ones(query, window):
    assert fit_to_page(_lister(), {"type": "array"}, ITEMS, query) == ITEMS[window]
    pages = [fit_to_page(_lister(), {"type": "array"}, ITEMS, {"page": n, "limit": 2}) for n in (1, 2, 3)]
    assert [item for page in pages for item in page] == ITEMS  # every item once, in order


def test_the_page_array_of_a_wrapper_is_cut_and_nothing_else():
    body = {"ok": True, "members": ITEMS}
    assert fit_to_page(_lister(), WRAPPED, body, {"limit": 1}) == {"ok": True, "members": ITEMS[:1]}


def test_never_fewer_items_than_the_list_requires():
    assert fit_to_page(_lister(), {"type": "array", "minItems": 2}, ITEMS, {"limit": 1}) == ITEMS[:2]


def test_pages_counted_from_zero_and_writes_are_left_alone():
    assert fit_to_page(_lister(page_minimum=0), {"type": "array"}, ITEMS, {"page": 1}) == []
    assert fit_to_page(_lister(page_minimum=0), {"type": "array"}, ITEMS, {"page": 0}) == ITEMS
    assert fit_to_page(_lister("POST"), {"type": "array"}, ITEMS, {"limit": 1}) == ITEMS


def test_of_several_arrays_the_one_of_records_is_the_page():
    schema = {
        "type": "object",
        "properties": {
            "channel_actions_ts": {"prefixItems": [{"type": "integer"}, {"type": "null"}]},
            "messages": {"type": "array", "items": {"type": "object"}},
        },
    }
    body = {"channel_actions_ts": [102, None], "messages": ITEMS}
    assert fit_to_page(_lister(), schema, body, {"limit": 1}) == {
        "channel_actions_ts": [102, None],
        "messages": ITEMS[:1],
    }


def test_a_page_number_declared_as_a_string_counts_too():
    assert fit_to_page(_lister(), {"type": "array"}, ITEMS, {"page": "2"}) == []
    assert fit_to_page(_lister(), {"type": "array"}, ITEMS, {"limit": "2"}) == ITEMS[:2]


PAGED = {
    "type": "object",
    "properties": {
        "offset": {"type": "integer"},
        "limit": {"type": "integer"},
        "per_page": {"type": "integer"},
        "items": {"type": "array", "items": {"type": "object"}},
    },
}


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"limit": 2, "offset": 4}, {"limit": 2, "offset": 4, "per_page": 77}),
        ({"per_page": 3}, {"limit": 99, "offset": 0, "per_page": 3}),
        ({"limit": 0}, {"limit": 99, "offset": 0, "per_page": 77}),  # the default page: its size is not known
        ({"limit": -1}, {"limit": 99, "offset": 0, "per_page": 77}),
    ],
)
def test_a_list_answer_says_back_the_page_size_and_offset_it_was_asked_for(query, said):
    generated = {"limit": 99, "offset": 0, "per_page": 77, "items": ITEMS}
    echoed = echo_request_fields(PAGED, generated, ValidatedRequest({}, query, {}, None, None, ()), _lister())
    assert {name: echoed[name] for name in said} == said


PAGED_BY_CURSOR = {
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": {"type": "object"}},
        "meta": {"type": "object", "properties": {"next_cursor": {"type": ["string", "null"]}}},
        "has_more": {"type": "boolean"},
    },
}


@pytest.mark.parametrize("query", [{}, {"limit": 2}])
def test_a_static_list_answer_says_no_page_follows_it(query):
    generated = {"items": ITEMS, "meta": {"next_cursor": "c2"}, "has_more": True}
    answered = fit_to_page(_lister(), PAGED_BY_CURSOR, generated, query)
    assert answered["meta"] == {"next_cursor": None} and answered["has_more"] is False
    assert fit_to_page(_lister("POST"), PAGED_BY_CURSOR, generated, query) == generated


def test_a_next_page_field_that_cannot_be_null_is_left_out_where_it_may_be():
    # DigitalOcean's `links.pages.next`, a plain string: the example's address was the real API's second page
    schema = {"type": "object", "properties": {"items": {"type": "array"}, "next_page_uri": {"type": "string"}}}
    generated = {"items": ITEMS, "next_page_uri": "/x?p=2"}
    assert fit_to_page(_lister(), schema, generated, {}) == {"items": ITEMS}
    # one the answer must hold is left as generated: there is no way to say "last page" there
    required = {**schema, "required": ["items", "next_page_uri"]}
    assert fit_to_page(_lister(), required, generated, {}) == generated


def test_a_static_list_answer_says_no_page_follows_it_in_a_next_page_object():
    # Asana's `next_page: {offset, path, uri}`, nullable: null on the last page
    following = {"type": ["object", "null"], "properties": {"offset": {"type": "string"}, "uri": {"type": "string"}}}
    schema = {"type": "object", "properties": {"data": {"type": "array"}, "next_page": following}}
    generated = {"data": ITEMS, "next_page": {"offset": "eyJ0", "uri": "https://x.example/tags?offset=eyJ0"}}
    assert fit_to_page(_lister(), schema, generated, {"limit": 2})["next_page"] is None
