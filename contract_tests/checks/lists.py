"""List semantics: a page never holds more than `limit` nor one record twice, walking the pages visits each item
once and ends, a created item is listed until deleted and never after, a filter returns only matches.

What makes an operation a list is read off the spec, not its name: a GET whose success body is an
array or holds one (`data`, `items`, ...), with an integer query parameter named like a page size and,
for walking, a cursor/offset/page parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contract_tests.checks.base import ContractFailure, RunState, body_of, describe
from contract_tests.spec_facts import json_schema_of
from mock.schema_validation import is_valid
from mock.spec.names import spelling_key
from mock.spec.resources import (
    catch_all_values,
    last_page_fields,
    names_own_id,
    own_id_keys,
    record_id_field,
    takes_tokens,
)

LIMIT_NAMES = ("limit", "per_page", "perpage", "page_size", "pagesize", "size", "max_results", "maxresults", "count")
CURSOR_NAMES = ("cursor", "page_token", "pagetoken", "after", "starting_after", "continuation", "next", "token")


class ListLimitExceeded(ContractFailure):
    check = "list_limit_conformance"
    title_text = "List page longer than the limit asked for"


class PaginationBroken(ContractFailure):
    check = "pagination_conformance"
    title_text = "Walking the pages repeats, skips or never ends"


class CreatedItemListing(ContractFailure):
    check = "list_membership_conformance"
    title_text = "List disagrees with creates and deletes"


class RepeatedListItems(ContractFailure):
    check = "list_unique_items_conformance"
    title_text = "One list answer holds the same record twice"


class FilterIgnored(ContractFailure):
    check = "list_filter_conformance"
    title_text = "Filtered list holds items that do not match"


@dataclass(frozen=True)
class ListShape:
    """How a list operation pages: where its items are and which parameters and fields page it."""

    items_field: str | None  # None: the body is the array
    limit: dict[str, Any] | None  # the page-size parameter
    cursor: str | None  # the cursor parameter
    next_field: str | None  # the dotted path of the response field holding the next cursor or address
    offset: str | None
    page: str | None
    filters: tuple[tuple[str, tuple[Any, ...]], ...]  # enum query parameters that are item properties
    min_items: int = 0  # the list's own minItems: a page is never shorter, whatever the limit
    max_items: int | None = None  # the list's own maxItems: a page never longer (PayPal's "latest 20" web profiles)
    id_field: str | None = None  # the item field holding its id, as the item path's parameter names it
    # a flag saying another page follows (`has_more`): where no field gives the next cursor, the cursor is the key of
    # the page's last item (OpenAI's `after`, Stripe's `starting_after`)
    more_field: str | None = None


def _holds(field: Any, value: Any) -> bool:
    """Whether an item's field, as its schema says, may hold `value` (a field of no schema may hold anything)."""
    return not isinstance(field, dict) or not field or is_valid(field, value)


def _array_field(schema: Any) -> tuple[bool, str | None, dict[str, Any]]:
    """(is a list body, the array's property or None for a top-level array, the item schema)."""
    if not isinstance(schema, dict):
        return False, None, {}
    kinds = schema.get("type")
    if kinds == "array" or (isinstance(kinds, list) and "array" in kinds):
        return True, None, schema.get("items") or {}
    arrays = [
        (name, prop)
        for name, prop in (schema.get("properties") or {}).items()
        if isinstance(prop, dict) and (prop.get("type") == "array" or "array" in (prop.get("type") or []))
    ]
    if len(arrays) == 1:
        return True, arrays[0][0], arrays[0][1].get("items") or {}
    for name, prop in arrays:
        if name in ("data", "items", "results", "records", "entries"):
            return True, name, prop.get("items") or {}
    return False, None, {}


def list_shape(state: RunState, path: str, method: str) -> ListShape | None:
    if method.lower() != "get" or path.rstrip("/").endswith("}"):
        return None
    raw = state.facts.operation(path, method)
    success = next((d for code, d in (raw.get("responses") or {}).items() if str(code) in ("200", "2XX")), None)
    is_list, items_field, item_schema = _array_field(json_schema_of(success))
    if not is_list:
        return None
    parameters = [p for p in raw.get("parameters") or [] if isinstance(p, dict) and p.get("in") == "query"]
    by_name = {spelling_key(p.get("name", "")): p for p in parameters}
    limit = next((by_name[spelling_key(n)] for n in LIMIT_NAMES if spelling_key(n) in by_name), None)
    if limit is not None and (limit.get("schema") or {}).get("type") not in ("integer", "number"):
        limit = None
    cursor = next((by_name[spelling_key(n)]["name"] for n in CURSOR_NAMES if spelling_key(n) in by_name), None)
    offset = by_name["offset"]["name"] if "offset" in by_name else None
    if cursor is None and offset is not None and takes_tokens(by_name["offset"].get("schema")):
        cursor, offset = (
            offset,
            None,
        )  # a string-only offset is a token the list hands out (Asana's), as the mock reads it
    body_schema = json_schema_of(success) or {}
    # where the next page's cursor or address is, found as the mock finds it (one paging container deep, too)
    next_field, more_field = last_page_fields(body_schema) if items_field is not None else (None, None)
    item_properties = (item_schema.get("properties") or {}) if isinstance(item_schema, dict) else {}
    filters = tuple(
        (p["name"], held)
        for p in parameters
        if (enum := tuple((p.get("schema") or {}).get("enum") or ()))
        and p["name"] in item_properties
        # `?state=all` filters nothing, and a value the field cannot hold is no value of it (agco-ats'
        # `?Deleted=NotDeleted` beside a boolean `Deleted`)
        and (
            held := tuple(v for v in enum if v not in catch_all_values(enum) and _holds(item_properties[p["name"]], v))
        )
    )
    array = body_schema if items_field is None else (body_schema.get("properties") or {}).get(items_field)
    min_items = array.get("minItems") if isinstance(array, dict) else None
    max_items = array.get("maxItems") if isinstance(array, dict) else None
    paths = state.facts.document.get("paths") or {}
    return ListShape(
        min_items=min_items if isinstance(min_items, int) else 0,
        max_items=max_items if isinstance(max_items, int) and not isinstance(max_items, bool) else None,
        id_field=record_id_field(path, paths, item_schema) if isinstance(item_schema, dict) else None,
        items_field=items_field,
        limit=limit,
        cursor=cursor,
        next_field=next_field,
        more_field=more_field,
        offset=offset,
        page=by_name["page"]["name"] if "page" in by_name else None,
        filters=filters,
    )


def items_of(shape: ListShape, body: Any) -> list[Any] | None:
    if shape.items_field is None:
        return body if isinstance(body, list) else None
    if isinstance(body, dict) and isinstance(body.get(shape.items_field), list):
        return list(body[shape.items_field])
    return None


def item_id(item: Any) -> str | None:
    if isinstance(item, dict):
        # its own id by the mock's rule (`id`, Asana's `gid`, `urn`…), before a `key` or a `name` several may share
        own = own_id_keys(item)
        slugs = [key for key in item if key == "slug" or key.endswith(("_slug", "Slug"))]  # DigitalOcean's `task_slug`
        for key in (*own, "key", *slugs, "name"):
            value = item.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return str(value)
        # The shortest name ending in "id" is the item's own: Twilio's `sid` beside `account_sid`, which every
        # item of an account's list shares (taking it made each page look like a repeat of the last).
        ids = [
            key
            for key, value in item.items()
            if key.lower().endswith("id") and isinstance(value, (str, int)) and not isinstance(value, bool)
        ]
        if ids:
            return str(item[min(ids, key=len)])
    return None


def check_list_limit(state: RunState, response: Any, case: Any) -> None:
    """A list page never holds more items than the `limit` the request asked for."""
    if not 200 <= response.status_code < 300:
        return
    shape = list_shape(state, case.operation.path, case.method)
    if shape is None or shape.limit is None:
        return
    asked = (case.query or {}).get(shape.limit["name"])
    if isinstance(asked, bool) or not isinstance(asked, (int, str)):
        return
    try:
        limit = int(asked)
    except ValueError:
        return
    _, body = body_of(response)
    items = items_of(shape, body)
    # `limit=0` asks many APIs for their default page (GitHub's per_page=0, DigitalOcean's): not judged
    if items is not None and limit > 0 and len(items) > max(limit, shape.min_items):
        raise ListLimitExceeded(f"{describe(case, response)}: {len(items)} items for {shape.limit['name']}={limit}")


def check_unique_items(state: RunState, response: Any, case: Any) -> None:
    """One list answer never holds the same record twice: its records' ids (the field the item path's parameter
    names) are all different. A backend merging every tenant's copies, or a page built twice over, repeats them."""
    if not 200 <= response.status_code < 300:
        return
    shape = list_shape(state, case.operation.path, case.method)
    if shape is None or shape.id_field is None:
        return
    _, body = body_of(response)
    items = items_of(shape, body) or []
    field = shape.id_field
    if not names_own_id(field):
        # a record the schema names by its `name` (it declares no id) but that answers an id of its own all the same
        # is told apart by that id: Vonage's two members of one conversation, one user invited twice, share a name
        carried = own_id_keys(sorted({key for item in items if isinstance(item, dict) for key in item}))
        field = carried[0] if carried else field
    seen: set[str] = set()
    for item in items:
        value = item.get(field) if isinstance(item, dict) else None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            continue
        if str(value) in seen:
            raise RepeatedListItems(f"{describe(case, response)}: {field} {value!r} is listed twice")
        seen.add(str(value))
