"""The lists phase: page through every list operation, check membership against creates and deletes,
and check that enum filters filter. Each rule is a plain check in checks/lists.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from contract_tests.checks import envelope
from contract_tests.checks.base import body_of
from contract_tests.checks.lists import (
    CreatedItemListing,
    FilterIgnored,
    ListShape,
    PaginationBroken,
    check_list_limit,
    check_unique_items,
    item_id,
    items_of,
    list_shape,
)
from contract_tests.checks.sequences import answered_cancelled
from contract_tests.phases.base import PhaseRun, collection_list, create, creators
from contract_tests.reproduction import Exchange
from mock.spec.names import spelling_key
from mock.spec.operations import path_parameter_names
from mock.spec.resources import value_at

MAX_PAGES = 60
# The first pages are small, so page boundaries are crossed even on short lists; then large pages reach the
# end of long lists (a collection a fuzzer has filled) in budget. Cursor and offset paging change the size
# mid-walk; page numbers count pages of one size, so the walk goes on from the large page holding the next
# item, whose first items it has seen already.
SMALL_PAGES = 5
LARGE_PAGE = 50


def _page_size(shape: ListShape, wanted: int) -> int | None:
    if shape.limit is None:
        return None
    schema = shape.limit.get("schema") or {}
    low = int(schema.get("minimum", 1))
    high = int(schema.get("maximum", max(wanted, low)))
    return max(low, min(wanted, high))


def _path_parameters(run: PhaseRun, operation: Any) -> dict[str, Any]:
    """Path parameters for a nested list (`/models/{model_id}/examples`): a valid example's, else none."""
    if "{" not in operation.path:
        return {}
    example = run.example(operation)
    return dict(example.path_parameters or {}) if example is not None else {}


def _path_filled(run: PhaseRun, operation: Any) -> bool:
    """Whether the list's path parameters have values (a valid example's): Grafeas' `/v1/{name_1}/notes`, whose
    `name_1` must fill a pattern no value was drawn for, made a request schemathesis refused, and the phase ended."""
    chosen = run.list_parameters.setdefault(operation.label, _path_parameters(run, operation))
    return set(path_parameter_names(operation.path)) <= set(chosen)


def _get(run: PhaseRun, operation: Any, query: dict[str, Any], steps: list[Exchange]) -> tuple[Any, Any, Any]:
    path_parameters = run.list_parameters.setdefault(operation.label, _path_parameters(run, operation))
    case = operation.Case(query=query, path_parameters=path_parameters)
    response = run.send(case, steps=steps)
    run.check(case, response, steps, check_list_limit, check_unique_items, envelope.check_error_envelope)
    try:
        body = response.json()
    except ValueError:
        body = None
    return case, response, body


def walk(
    run: PhaseRun, operation: Any, shape: ListShape, steps: list[Exchange] | None = None, id_field: str | None = None
) -> list[str] | None:
    """Every item id (`id_field`, else the usual id names), page by page; records a failure and returns None
    when the walk repeats or never ends."""
    walkable = (shape.cursor and (shape.next_field or shape.more_field)) or shape.offset or shape.page
    # a list with a page size and no way to the next page is read in one page as large as it takes
    size = _page_size(shape, 2 if walkable else LARGE_PAGE)
    query: dict[str, Any] = {}
    if size is not None:
        query[shape.limit["name"]] = size  # type: ignore[index]
    steps = [] if steps is None else steps
    seen: list[str] = []
    walked: list[str | None] = []  # every item's id in the order walked, None where an item has none
    cursors: set[str] = set()
    page_number = 1
    large = _page_size(shape, LARGE_PAGE)
    seen_again: list[str | None] = []  # the ids the next page starts with, seen on the small pages already
    for number in range(MAX_PAGES):
        if number == SMALL_PAGES and size is not None and large is not None and large > size:
            size = large
            query[shape.limit["name"]] = size  # type: ignore[index]
            if shape.page and not (shape.cursor or shape.offset):
                page_number = len(walked) // size + 1
                query[shape.page] = page_number
                seen_again = walked[(page_number - 1) * size :]
        case, response, body = _get(run, operation, query, steps)
        items = items_of(shape, body) if 200 <= response.status_code < 300 else None
        if items is None:
            return None
        ids = [_id_in(item, id_field) for item in items]
        if seen_again:
            if ids[: len(seen_again)] != seen_again:
                return None  # another order at another page size: not a walk to judge membership by
            ids, seen_again = ids[len(seen_again) :], []
        walked.extend(ids)
        on_this_page: set[str] = set()
        for identifier in ids:
            if identifier is None:
                continue
            if identifier in seen:
                where = "twice on one page" if identifier in on_this_page else "on two pages"
                run.fail(
                    case, PaginationBroken(f"{operation.label}: item {identifier} appears {where}"), response, steps
                )
                return None
            seen.append(identifier)
            on_this_page.add(identifier)
        if not items:
            return seen
        if shape.cursor and (shape.next_field or shape.more_field) and isinstance(body, dict):
            if shape.next_field:
                cursor = cursor_in(value_at(body, shape.next_field), shape.cursor)
            else:  # keyset paging: after the last item, while the answer says more follow
                cursor = ids[-1] if value_at(body, str(shape.more_field)) is True else None
            if cursor in (None, "", False):
                return seen
            if str(cursor) in cursors:
                run.fail(
                    case,
                    PaginationBroken(f"{operation.label}: cursor {cursor!r} came back again; the walk never ends"),
                    response,
                    steps,
                )
                return None
            cursors.add(str(cursor))
            query[shape.cursor] = cursor
        elif shape.offset:
            # past every item walked, those without an id too (DaniWeb's memberships: a member and a group each, no
            # id of their own), or the walk stood still at offset 0
            query[shape.offset] = len(walked)
        elif shape.page:
            page_number += 1
            query[shape.page] = page_number
        elif size is not None and len(items) >= size:
            return None  # a full page and no way to the next (n-auth's `marker`, an offset by another name): unjudged
        else:
            return seen
        if size is not None and len(items) < size and not shape.cursor:
            return seen
    if shape.min_items > 0 and size is None and not (shape.next_field or shape.more_field):
        # no page may be empty (Discourse's user lists: `minItems: 1`), none is short of a size, and nothing says
        # one is the last: the spec gives the list no way to end, so a walk that never ends is no fault to judge
        return None
    run.fail(
        case,
        PaginationBroken(f"{operation.label}: still more pages after {MAX_PAGES} ({len(seen)} items, none twice)"),
        response,
        steps,
    )
    return None


SEED_ITEMS = 3


def cursor_in(pointer: Any, cursor_param: str) -> Any:
    """The cursor a list answer's next-page field gives: the field itself, or, where it holds the next page's
    address (`/Accounts.json?PageSize=2&PageToken=PA…`), that address's cursor parameter (None without one: an
    address is never sent back as a cursor). An object (Asana's `next_page: {offset, path, uri}`) gives its part
    named as the cursor parameter, else the cursor in the address it holds."""
    if isinstance(pointer, dict):
        parts = {spelling_key(str(name)): value for name, value in pointer.items()}
        if spelling_key(cursor_param) in parts:
            return parts[spelling_key(cursor_param)]
        addresses = [value for value in pointer.values() if _is_address(value)]
        return cursor_in(addresses[0], cursor_param) if addresses else None
    if not _is_address(pointer):
        return pointer
    values = parse_qs(urlsplit(pointer).query).get(cursor_param)
    return values[0] if values else None


def _is_address(value: Any) -> bool:
    return isinstance(value, str) and ("://" in value or value.startswith("/"))


def _id_in(item: Any, id_field: str | None) -> str | None:
    """The item's id at `id_field`, a dotted path (`metadata.name`); where the item has no field at the whole path,
    at its tail (`data.id` read off a create answer that wraps its record, which lists hold bare)."""
    parts = id_field.split(".") if id_field else []
    for start in range(len(parts)):
        value: Any = item
        for part in parts[start:]:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return item_id(item)


def listed_id_field(created: Any, identifier: str, shape: ListShape) -> str | None:
    """The field a list's items hold the created item's id in: the one the create answer held it in (`slug` when the
    links address items by slug), else the list's own id field; a create answering the bare id (`"3f2a…"`) holds it
    in none, and the usual id names then found `TypeID`, which two items shared."""
    return field_holding(created, identifier) or shape.id_field


def field_holding(body: Any, value: str) -> str | None:
    """The dotted path of the field that holds `value` in a record (`slug`, Kubernetes' `metadata.name`), or in a
    record wrapped in one object (`data.id`)."""
    if not isinstance(body, dict):
        return None
    for key, held in body.items():
        if isinstance(held, (str, int)) and not isinstance(held, bool) and str(held) == value:
            return str(key)
    for key, held in body.items():
        if isinstance(held, dict) and (found := field_holding(held, value)) is not None:
            return f"{key}.{found}"
    return None


def run_lists_phase(run: PhaseRun) -> None:
    shaped = {
        label: (operation, shape)
        for label, operation in run.operations().items()
        if (shape := list_shape(run.state, operation.path, operation.method)) is not None
    }
    lists = {label: listed for label, listed in shaped.items() if _path_filled(run, listed[0])}
    unreachable = sorted(listed[0].label for label, listed in shaped.items() if label not in lists)
    if unreachable:
        run.notes.append(
            "no valid value could be made for a path parameter, so these lists are not checked: "
            + ", ".join(unreachable)
        )
    # A list with fewer items than a page proves nothing about limits, pages or filters: make some.
    seeded = seed(run, {id(operation) for operation, _ in lists.values()})
    try:
        collections = {id(listing) for creator, _ in creators(run) if (listing := collection_list(run, creator))}
        for operation, shape in lists.values():
            if shape.limit is not None:
                steps: list[Exchange] = []
                _get(run, operation, {shape.limit["name"]: _page_size(shape, 1)}, steps)
            if shape.cursor or shape.offset or shape.page:
                walk(run, operation, shape, id_field=shape.id_field)
            if id(operation) in collections:
                # Only lists of what the API stores: a catalogue the server makes up need not filter.
                check_filters(run, operation, shape)
        check_membership(run, lists)
    finally:
        for created in seeded:
            deleter = created.target("DELETE", created.case.operation.path)
            if deleter is not None:
                run.send(created.case_for(*deleter))


def seed(run: PhaseRun, list_ids: set[int]) -> list[Any]:
    made = []
    for creator, links in creators(run):
        listing = collection_list(run, creator)
        if listing is None or id(listing) not in list_ids:
            continue
        for _ in range(SEED_ITEMS):
            created = create(run, creator, links)
            if created is None:
                break
            made.append(created)
    return made


def matches(held: Any, wanted: Any) -> bool:
    """An item matches a filter value by equality, by membership when the property is a list, or by one of its fields
    when the property is an object: NetBox answers its choice fields as `{"value": "inactive", "label": "Inactive"}`,
    which `?priority=inactive` finds."""
    if isinstance(held, dict):
        return any(value == wanted for value in held.values() if not isinstance(value, (dict, list)))
    return wanted in held if isinstance(held, list) else held == wanted


def check_filters(run: PhaseRun, operation: Any, shape: ListShape) -> None:
    for name, values in shape.filters:
        # null has no spelling in a query: sent, the filter is absent (NetBox's nullable `cable_end` enum)
        for value in [value for value in values if value is not None][:3]:
            steps: list[Exchange] = []
            case, response, body = _get(run, operation, {name: value}, steps)
            items = items_of(shape, body) if 200 <= response.status_code < 300 else None
            wrong = [
                item
                for item in items or []
                if isinstance(item, dict) and name in item and not matches(item[name], value)
            ]
            if wrong:
                run.fail(
                    case,
                    FilterIgnored(f"{operation.label}: {name}={value} returned an item with {name}={wrong[0][name]!r}"),
                    response,
                    steps,
                )
                break


def _full_and_unpaged(shape: ListShape, listed: list[str]) -> bool:
    """A list that holds as many items as its answer may (`maxItems`) and has no page after it: which ones it shows is
    the server's to choose (PayPal's web profiles, "the latest 20"), so an item it leaves out says nothing."""
    unpaged = not (shape.cursor or shape.offset or shape.page)
    return unpaged and shape.max_items is not None and len(listed) >= shape.max_items


def check_membership(run: PhaseRun, lists: dict[str, tuple[Any, ListShape]]) -> None:
    """Create, find it in the list, delete, and find it gone."""
    by_operation = {id(operation): shape for operation, shape in lists.values()}
    for creator, links in creators(run):
        listing = collection_list(run, creator)
        if listing is None or id(listing) not in by_operation:
            continue
        shape = by_operation[id(listing)]
        created = create(run, creator, links)
        identifier = created.resource_id(creator.path) if created is not None else None
        if created is None or identifier is None:
            continue
        # The list the item was created in: a nested collection takes the creator's path parameters.
        run.list_parameters[listing.label] = dict(created.case.path_parameters or {})
        steps = list(created.steps)
        id_field = listed_id_field(created.body, identifier, shape)
        listed = walk(run, listing, shape, steps, id_field)
        if listed is None:
            continue
        deleter = created.target("DELETE", creator.path)
        if identifier not in listed and not _full_and_unpaged(shape, listed):
            case = listing.Case(query={}, path_parameters=run.list_parameters.get(listing.label, {}))
            message = f"{listing.label}: created item {identifier} is not listed"
            run.fail(case, CreatedItemListing(message), None, steps)
            continue
        if deleter is None:
            continue
        operation, params = deleter
        after_steps = list(created.steps)
        response = run.send(created.case_for(operation, params), steps=after_steps)
        if not 200 <= response.status_code < 300 or answered_cancelled(body_of(response)[1]):
            continue  # refused, or a cancel: the record is still there (Impala's booking, `CANCELLED`)
        after = walk(run, listing, shape, after_steps, id_field)
        if after is not None and identifier in after:
            case = listing.Case(query={}, path_parameters=run.list_parameters.get(listing.label, {}))
            run.fail(
                case,
                CreatedItemListing(f"{listing.label}: deleted item {identifier} is still listed"),
                response,
                after_steps,
            )
