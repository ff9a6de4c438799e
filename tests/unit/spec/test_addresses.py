"""A record field holding the record's own address: found from its description or example, parsed and written."""

from __future__ import annotations

from mock.spec.addresses import Address, names_address, own_address, part_named

BOOK_PATH = "/v1/shelves/{shelf}/books/{book}"


def test_a_format_in_the_description_is_the_address_in_the_item_paths_names():
    properties = {
        "name": {"type": "string", "description": "The book's name.\n Format: shelves/{shelf_id}/books/{book_id}"},
        "title": {"type": "string"},
    }
    assert own_address(properties, BOOK_PATH) == Address("name", "shelves/{shelf}/books/{book}")


def test_an_example_path_ending_the_item_path_is_the_address():
    properties = {"uri": {"type": "string", "example": "/albums/3706071"}, "link": {"type": "string"}}
    assert own_address(properties, "/me/albums/{album_id}") == Address("uri", "/albums/{album_id}")


def test_what_does_not_end_the_item_path_is_no_address():
    assert own_address({"name": {"type": "string", "description": "Format: users/{user}"}}, BOOK_PATH) is None
    # the literal segments must agree, from a literal one on, up to the path's last parameter
    assert own_address({"name": {"type": "string", "description": "Format: racks/{r}/books/{b}"}}, BOOK_PATH) is None
    assert own_address({"name": {"type": "string", "example": "books/{book}"}}, BOOK_PATH) is None  # no value
    assert own_address({"uri": {"type": "string", "example": "https://x.test/books/1"}}, BOOK_PATH) is None
    assert own_address({"name": {"type": "string", "example": "books/7"}}, "/v1/books/{book}/cover") is None
    assert own_address({"size": {"type": "integer", "example": "books/7"}}, BOOK_PATH) is None


def test_of_several_fields_in_the_format_the_one_of_the_usual_name_is_its_own():
    # a memo's `parent` is another memo's address, in the same format as its own `name`
    fmt = {"type": "string", "description": "Format: memos/{memo}"}
    assert own_address({"parent": fmt, "name": fmt}, "/api/v1/memos/{memo}") == Address("name", "memos/{memo}")
    assert own_address({"parent": fmt, "origin": fmt}, "/api/v1/memos/{memo}") is None


def test_an_address_renders_and_parses_back():
    address = Address("name", "shelves/{shelf}/books/{book}")
    written = address.render({"shelf": "fiction", "book": "a b"})
    assert written == "shelves/fiction/books/a%20b"
    assert address.parse(written) == {"shelf": "fiction", "book": "a b"}
    assert address.render({"book": "7"}) == "shelves/-/books/7"  # AIP's "any parent"
    assert address.parse("shelves/fiction/books") is None
    assert address.parse("racks/fiction/books/7") is None
    assert address.parse("shelves//books/7") is None
    assert Address("uri", "/albums/{album_id}").render({"album_id": 9}) == "/albums/9"


def test_a_field_in_another_records_address_format_names_those_records():
    users = Address("name", "users/{user}")
    assert names_address({"type": "string", "description": "Format: users/{user}"}, users, "/v1/users/{user}")
    assert names_address({"type": "string", "example": "users/8"}, users, "/v1/users/{user}")
    assert not names_address({"type": "string", "description": "Format: memos/{memo}"}, users, "/v1/users/{user}")
    assert not names_address({"type": "string"}, users, "/v1/users/{user}")


def test_the_part_of_an_address_a_path_parameter_takes():
    assert part_named("memos/abc", "/api/v1/memos/{memo}", "memo") == "abc"
    assert part_named("memos/abc", "/api/v1/memos/{memo}/reactions", "memo") == "abc"  # a parent's place
    assert part_named("shelves/f/books/7", "/v1/shelves/{shelf}/books/{book}", "book") == "7"
    assert part_named("/albums/7", "/me/albums/{album_id}", "album_id") == "7"
    # what is no address of that place is left as it is
    assert part_named("abc", "/memos/{memo}", "memo") is None
    assert part_named("notes/abc", "/memos/{memo}", "memo") is None
    assert part_named("projects/p/notes/n", "/v1/{name}", "name") is None  # a parameter that takes slashes
    assert part_named("memos/abc", "/memos/{memo}", "other") is None
