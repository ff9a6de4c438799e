"""Resources inferred from an API's paths and schemas: which operations make up a CRUD collection.

Pure: an `Api` in, `Resource` descriptions out. The public entry points are

- `infer_resources(api, overrides=()) -> tuple[Resource, ...]`: the resources, for the mock's
  stateful behaviour and for the contract runner (each resource names its create, read, update,
  delete and list operations and where the new id sits in the create answer, which is what an
  OpenAPI link from the create to the reads needs);
- `explain_resources(api, overrides=()) -> Inference`: the same plus every operation left out,
  with the reason (`specmock specs resources` prints it);
- `resource_links(resource)`: OpenAPI link objects from each create to the reads, updates and
  deletes of what it made, for a stateful contract test.

How a resource is recognised:

- A *collection path* ends in a literal segment (`/pets`, `/users/{user}/repos`) and has a `GET`
  whose answer holds an array of records, and/or a `POST`. Its *item path* is the collection
  path plus one template segment (`/pets/{petId}`) with `GET`, `PUT`, `PATCH` or `DELETE`.
  Template segments of the collection path scope it to a parent (`user` for repos).
- Collection paths with the same last segment, the same parent parameters and records of the
  same shape are one collection (`/v1/solutions` and `/v1/admin/solutions`).
- The id field is the record property matching the item path's parameter: `id`, `<thing>_id`,
  `<thing>Id`, the parameter's own name, else the one uuid property; the create answer must
  hold it too.
- The list envelope: a bare array, or the array property named `data`, `items`, `results`,
  after the collection, or the only array of objects. Paging: a `Link` response header; a
  cursor parameter (`cursor`, `after`, `page_token`, … or one described as a cursor) with a
  `next…` field in the answer; `page` + `per_page`/`page_size`; `offset` + `limit`; or `limit` only.
- Filters: query parameters of the list named like a scalar record property (equality).
- RPC-style operations, each at a path of its own whose last segment names the records and the verb
  (`POST /documents.create`, `/documents.info`; `/users/list`; `/HatService/CreateHat`), make one
  collection of a scope and noun (`_rpc_drafts`); their reads and writes name the record in the body
  or the query (`Resource.record_named_by`), and a list asked in its body pages and filters by it.
- OpenAPI links (the spec's own, or ours from `specs/overlays/*.links.yaml`, already applied to
  `api.document`) from a create to reads of the same item path win over the guesses: they name
  where the new id is in the create answer and which record field it is.
- `ResourceOverride`s (from `scenarios/*.yaml`, see `mock.scenario.loading`) correct what is left.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from mock.spec.addresses import Address, names_address, own_address
from mock.spec.model import Api, MediaType, Operation, Parameter, ResponseSpec, Schema
from mock.spec.names import counted_list_stem, name_words, names_list, spelling_key
from mock.spec.operations import split_path_key, template_below, template_shape
from mock.spec.schemas import schema_types

# Roles an operation plays in a resource. An action (`POST /articles/{slug}/favorite`) answers the record
# with a flag or counter changed by it.
LIST, CREATE, GET, REPLACE, UPDATE, DELETE, ACTION = "list", "create", "get", "replace", "update", "delete", "action"
COUNT = "count"  # `GET /users/count`: how many records the list holds
CLEAR = "clear"  # `DELETE /messages`: every record the list shows deleted (through the list's filters it sends)
COPY = "copy"  # `POST /videos/{video_id}/remix`, `…/duplicate`: a new record made from the one its path names
ROLES = (LIST, CREATE, GET, REPLACE, UPDATE, DELETE, ACTION, COPY, COUNT, CLEAR)
# Not a role of the resource's own operations: one below its item path that nothing else answers (Mastodon's
# `GET /statuses/{id}/context`), answered by the static mock where the record is, and as missing where not.
BELOW = "below"
# Nor this: a write of another path that makes one of the resource's records, a job it answers the key of
# (`Resource.spawned_by`).
SPAWN = "spawn"
_ITEM_ROLES = {"GET": GET, "PUT": REPLACE, "PATCH": UPDATE, "DELETE": DELETE}
# Collection-level writes that name the record by the id in their body (`PUT /pet` with `{"id": 7, …}`).
_COLLECTION_WRITES = {"PUT": REPLACE, "PATCH": UPDATE}
_RECORD_MEDIA = ("json", "x-www-form-urlencoded", "form-data", "xml", "yaml", "yml", "*/*")  # bodies read as objects

LIMIT_PARAMS = (
    *("limit", "per_page", "perPage", "page_size", "pageSize", "size", "max_results", "maxResults", "count"),
    *("max", "top", "$top", "take"),  # JAX-RS' (Keycloak's) `max`, OData's `$top`, Prisma's `take`
)
OFFSET_PARAMS = ("offset", "skip", "start", "first", "$skip")  # Keycloak's `first`: the first record's place
PAGE_PARAMS = ("page", "page_number", "pageNumber", "pageNo")
_CURSOR_PARAMS = (
    "cursor",
    "after",
    "starting_after",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "continuationToken",
    "marker",
)
# Every query parameter a client walks a list's pages by: a page's size, its start, its number, a cursor.
PAGING_PARAMS = (*LIMIT_PARAMS, *OFFSET_PARAMS, *PAGE_PARAMS, *_CURSOR_PARAMS)
_NEXT_FIELDS = (
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "next",
    "cursor",
    "endCursor",
    "end_cursor",
    # the next page's address: Twilio's `next_page_uri`, Azure's `nextLink`, Django REST framework's `next`
    "next_page_uri",
    "next_page_url",
    "next_url",
    "next_uri",
    "next_link",
    "next_href",
    # an object saying where the next page is, null on the last (Asana's `next_page: {offset, path, uri}`)
    "next_page",
    "after",
)
_PREVIOUS_FIELDS = (
    "previous_cursor",
    "prev_cursor",
    "previous",
    "prev",
    "previous_page_uri",
    "previous_page_url",
    "previous_url",
    "prev_url",
    "previous_link",
    "prev_link",
)
_FIRST_FIELDS = ("first_cursor", "first", "first_page_uri", "first_page_url", "first_url", "first_link")
_LAST_FIELDS = ("last_cursor", "last", "last_page_uri", "last_page_url", "last_url", "last_link")
# Objects a list answer keeps its paging fields in, up to two deep (DigitalOcean's `links.pages.next`).
# However the answer spells them (`Metadata`, .NET's PascalCase: agco-ats' `{"Entities", "Metadata": {"TotalCount"}}`).
_PAGING_CONTAINERS = (
    *("meta", "metadata", "pagination", "paging", "page_info", "links", "_links", "cursor", "pages"),
    *("data", "result"),  # the object holding the items holds their count too (listmonk's `data.total`)
)
# An integer only: an array named `results` holds the items (_ITEM_ARRAYS), a number named so counts them (Linode's).
_TOTAL_FIELDS = (
    *("total", "total_count", "totalCount", "count", "total_results", "totalResults", "results"),
    *("total_entries", "totalEntries", "total_records", "totalRecords"),  # Rails' will_paginate and others
)
# Page numbers a page-numbered list answers with (Rails' will_paginate and kaminari: `meta.pagination.next_page`),
# integers where the fields above are addresses or cursors.
# How many pages of the asked size the collection makes (Linode's `pages`, Spring's `totalPages`).
_PAGE_COUNT_FIELDS = ("pages", "total_pages", "totalPages", "page_count", "pageCount", "num_pages", "numPages")
_MORE_FIELDS = ("has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage", "more")
_ITEM_ARRAYS = ("data", "items", "results", "records", "entries", "content", "values", "elements")


class Stamp(enum.Enum):
    """A record's moment the server writes: when it was made, or last changed."""

    CREATED = "created"
    UPDATED = "updated"


_STAMP = re.compile(
    r"^(?:(?P<before>date|last)_?)?"
    r"(?P<word>created|inserted|joined|registered|added|queued|submitted|updated|modified|create|update)"
    r"(?P<after>_at|At|_on|On|_time|Time|_timestamp|Timestamp|_date|Date)?"
    r"(?P<unit>(?:_?(?:unix|epoch))?(?:_?(?:ms|millis|milliseconds))?)$",  # `created_at_unix`, `createdAtMs`
    re.IGNORECASE,
)
_UPDATE_WORDS = frozenset({"updated", "modified", "update"})
# a verb names a moment only with its suffix: Google's (AIP-142) and PayPal's `create_time`, `updateTime`
_ONLY_WITH_SUFFIX = frozenset({"create", "update"})
# `added: 3` counts things; `added: "2026-…"` is a moment
_BARE_ONLY_AS_TEXT = frozenset({"added", "queued", "submitted"})


# A bare `date` or `timestamp` (gotify's message, an event, a log line) is the moment its record was made, where the
# server sets it (a request that sends one keeps its own) and its schema holds a moment: `time: 35` is a duration.
_MOMENT_NAMES = frozenset({"date", "time", "timestamp", "datetime"})
_MOMENT_FORMATS = frozenset({"date-time", "date"})


def stamp_of(name: str, schema: Any) -> Stamp | None:
    """Whether a field is a moment the server stamps, by its name: `created_at`, `dateCreated`, `lastModified`,
    `date_added`, Radarr's `added`; which one. A bare `added`, `queued` or `submitted` only where it holds text; a
    bare `date` or `timestamp` only where its format is a date's or a date-time's."""
    if name.lower() in _MOMENT_NAMES:
        return Stamp.CREATED if _flat(schema or {}).get("format") in _MOMENT_FORMATS else None
    found = _STAMP.match(name)
    if found is None:
        return None
    word = found.group("word").lower()
    if word in _ONLY_WITH_SUFFIX and not found.group("after"):
        return None
    bare = not found.group("before") and not found.group("after") and not found.group("unit")
    if bare and word in _BARE_ONLY_AS_TEXT and "string" not in schema_types(_flat(schema or {})):
        return None
    return Stamp.UPDATED if word in _UPDATE_WORDS else Stamp.CREATED


@dataclass(frozen=True)
class Paging:
    """How a list pages: `style` is none, offset, page, cursor or link (a `Link: <…>; rel="next"` header)."""

    style: str = "none"
    limit_param: str | None = None
    offset_param: str | None = None
    page_param: str | None = None
    cursor_param: str | None = None
    # the cursor is the key of the page's first record (Mollie's and Meilisearch's `from`), not a token of the server's
    cursor_is_key: bool = False
    next_field: str | None = None  # dotted path in the list answer where the next cursor goes
    previous_field: str | None = None
    first_field: str | None = None
    last_field: str | None = None
    total_field: str | None = None
    pages_field: str | None = None  # how many pages the collection makes, at the asked size
    more_field: str | None = None  # a boolean saying another page follows (`has_more`)
    # where a list answer names its page's first and last records by their keys (OpenAI's `first_id`, `last_id`: a
    # client asks for the next page `after` the last)
    first_key_field: str | None = None
    last_key_field: str | None = None
    # Where a page-numbered answer says its page's number, its size, and the numbers of the next, previous and last
    # pages (integers; will_paginate's `meta.pagination.next_page`): dotted path -> the PageFact it tells.
    numbers: tuple[tuple[str, PageFact], ...] = ()
    default_limit: int = 20
    max_limit: int | None = None
    # The answer's headers that say where a page is (GitHub-, Rails- and JSON-Server-style `X-Total-Count`,
    # `X-Total-Pages`, `X-Per-Page`, `X-Page`): header name (lower case) -> the PageFact it tells.
    headers: tuple[tuple[str, PageFact], ...] = ()


class PageFact(enum.Enum):
    """What a list answer's header or field tells of the page it is."""

    TOTAL = "total"  # how many records the (filtered) collection holds
    PAGES = "pages"  # how many pages they make at the asked size
    LIMIT = "limit"  # the page size
    PAGE = "page"  # the page's number
    OFFSET = "offset"  # the page's first record's place
    NEXT_PAGE = "next page"  # the next page's number; None on the last
    PREVIOUS_PAGE = "previous page"  # None on the first
    LAST_PAGE = "last page"
    FIRST_ITEM = "first item"  # the place of the page's first record, from 1 (0 on an empty page)
    LAST_ITEM = "last item"  # the place of its last (0 on an empty page)
    ON_PAGE = "on page"  # how many records the page holds


# Numbers only: `next` and `previous` as text are addresses (_NEXT_FIELDS); as numbers, page numbers (authentik's).
_PAGE_NUMBER_FIELDS: dict[PageFact, tuple[str, ...]] = {
    PageFact.PAGE: ("page", "current_page", "currentPage", "page_number", "pageNumber", "current"),
    PageFact.LIMIT: ("per_page", "perPage", "page_size", "pageSize", "limit"),
    PageFact.NEXT_PAGE: ("next_page", "nextPage", "next_page_number", "nextPageNumber", "next"),
    PageFact.PREVIOUS_PAGE: (
        "previous_page",
        "previousPage",
        "prev_page",
        "prevPage",
        "previous_page_number",
        "previous",
    ),
    PageFact.LAST_PAGE: ("last_page", "lastPage", "last_page_number", "lastPageNumber"),
    PageFact.OFFSET: ("offset", "skip"),  # the page's first record's place, as the request's `offset` asks it
    PageFact.FIRST_ITEM: ("start_index", "startIndex", "first_item", "firstItem", "from"),  # Laravel's `from`, `to`
    PageFact.LAST_ITEM: ("end_index", "endIndex", "last_item", "lastItem", "to"),
}


def page_facts(total: int, limit: int, offset: int, first: int) -> dict[PageFact, int | None]:
    """Each PageFact of the page of `limit` records from `offset` in a collection of `total`, pages numbered from
    `first`: the one place a list's headers and fields, stateful or static, take them from."""
    pages = max(-(-total // limit), 1)  # the empty list is one (empty) page
    number = offset // limit + first
    on_page = max(min(limit, total - offset), 0)
    return {
        PageFact.FIRST_ITEM: offset + 1 if on_page else 0,
        PageFact.LAST_ITEM: offset + on_page,
        PageFact.TOTAL: total,
        PageFact.PAGES: pages,
        PageFact.LIMIT: limit,
        PageFact.PAGE: number,
        PageFact.OFFSET: offset,
        PageFact.NEXT_PAGE: number + 1 if offset + limit < total else None,
        PageFact.PREVIOUS_PAGE: number - 1 if number > first else None,
        PageFact.LAST_PAGE: first + pages - 1,
        PageFact.ON_PAGE: on_page,
    }


_PAGE_COUNT_HEADER_WORDS = frozenset({frozenset({"page", "count"}), frozenset({"pages", "count"})})
_RECORD_COUNT_HEADER_WORDS = frozenset(
    frozenset({noun, "count"}) for noun in ("result", "results", "item", "items", "record", "records", "count")
)


def page_header(name: str) -> PageFact | None:
    """What a list answer's header says of its page, by its name (lower case); None for other headers."""
    words = frozenset(re.split(r"[-_]", name.lower())) - {"x", "pagination"}
    if words in _PAGE_COUNT_HEADER_WORDS or ("total" in words and words & {"page", "pages"}):
        return PageFact.PAGES
    if "total" in words or words in _RECORD_COUNT_HEADER_WORDS:  # not `X-Request-Count`, `X-RateLimit-…`
        return PageFact.TOTAL
    if words in ({"per", "page"}, {"page", "size"}, {"limit"}):
        return PageFact.LIMIT
    if words in ({"page"}, {"current", "page"}, {"page", "number"}):
        return PageFact.PAGE
    if words == {"offset"}:
        return PageFact.OFFSET
    return None


@dataclass(frozen=True)
class LeftOut:
    operation_id: str
    method: str
    path: str
    reason: str


# What a record's own identifiers are called (`id`, `uuid`, `node_id`…): no two records share one.
_OWN_ID_NAMES = re.compile(r"^(_?id|[gsu]id|uuid|guid|urn|node_?id|global_?id)$", re.IGNORECASE)  # Asana's gid


def names_own_id(name: str) -> bool:
    """Whether a property of that name identifies the object it is in (not another one: `owner_id` does not)."""
    return _OWN_ID_NAMES.match(name) is not None


def own_id_keys(keys: Iterable[str]) -> list[str]:
    """Of a record's keys, those that name its own id (`names_own_id`), in their order but `id` first (before a
    `uuid` or Asana's `gid`)."""
    return sorted((key for key in keys if names_own_id(key)), key=lambda key: key.lower() != "id")


@dataclass(frozen=True)
class Sorting:
    """A list's query parameters that order and search it: Django REST's `ordering` (`-title` descending) and
    `search`, `sort`/`sort_by`/`order_by` with an `order`/`direction` of asc or desc, `q`."""

    sort_params: tuple[str, ...] = ()  # the fields to order by, comma-separated, each `-` for descending
    # asc or desc, for a sort parameter that names one field; alone, the order the records were made in (Twilio's
    # `?Order=asc|desc` of a conversation's messages)
    direction_param: str | None = None
    search_param: str | None = None  # text any of a record's text fields holds, whatever the case
    default_direction: str | None = None  # `asc` or `desc`: the direction parameter's default, where it says one

    @property
    def any(self) -> bool:
        return bool(self.sort_params or self.direction_param or self.search_param)

    def as_dict(self) -> dict[str, Any]:
        named = {
            "sort": list(self.sort_params),
            "direction": self.direction_param,
            "default_direction": self.default_direction,
            "search": self.search_param,
        }
        return {key: value for key, value in named.items() if value}


_SORT_PARAMS = (
    *("ordering", "order_by", "orderBy", "sort", "sort_by", "sortBy", "sort_field", "sortField"),
    *("sortKey", "sort_key", "sortColumn", "sort_column", "order"),  # Radarr's (Servarr's) `sortKey`
)
_DIRECTION_PARAMS = ("order", "direction", "dir", "sort_order", "sortOrder", "sort_direction", "sortDirection")
_SEARCH_PARAMS = ("search", "q", "query", "search_query", "searchTerm", "search_term", "term", "keyword", "keywords")


_DIRECTIONS = frozenset({"asc", "desc", "ascending", "descending"})


def infer_sorting(operation: Operation, filters: Mapping[str, str], described: Mapping[str, str] = {}) -> Sorting:
    """The list's order and search parameters, by name (none that filters a record field of its own name);
    `described`: what the spec says of each query parameter, where a direction's default may be said."""
    texts = {
        parameter.name: parameter
        for parameter in operation.parameters
        if parameter.location == "query"
        and parameter.name not in filters
        and set(schema_types(_flat(parameter.schema))) - {"null"} <= {"string", "array"}
    }
    spelled = {spelling_key(name): name for name in reversed(texts)}  # Twilio's `Order`, the exact name first

    def named(words: tuple[str, ...]) -> list[str]:
        return [
            texts_name for word in words if (texts_name := word if word in texts else spelled.get(spelling_key(word)))
        ]

    def directions(name: str) -> bool:  # Radarr's SortDirection: default, ascending, descending
        values = {str(v).lower() for v in _enumerated(texts[name].schema)}
        return bool(values & _DIRECTIONS) and values <= _DIRECTIONS | {"default", "none", "unspecified"}

    direction = next((n for n in named(_DIRECTION_PARAMS) if directions(n) or spelling_key(n) != "order"), None)
    sort = tuple(dict.fromkeys(n for n in named(_SORT_PARAMS) if n != direction))
    search = next(iter(named(_SEARCH_PARAMS)), None)
    if not sort and (direction is None or not directions(direction)):
        return Sorting((), None, search)  # a direction alone orders by when records were made: only asc or desc
    default = _default_direction(texts[direction], described.get(direction, "")) if direction else None
    return Sorting(sort, direction, search, default)


def _default_direction(parameter: Parameter, description: str) -> str | None:
    """`asc` or `desc`: what a direction parameter's schema gives as its default, or its description says is
    (Twilio's "Can be: `asc` (ascending) or `desc` (descending), with `asc` as the default")."""
    given = _flat(parameter.schema).get("default")
    said = _DEFAULT_SAID.search(description) if given is None else None
    value = str(given if given is not None else (said.group("asked") or said.group("asked2")) if said else "").lower()
    return "desc" if value.startswith("desc") else "asc" if value.startswith("asc") else None


_DEFAULT_SAID = re.compile(
    r"`?(?P<asked>asc|desc)\w*`?\s+(?:is\s+|as\s+)?(?:the\s+)?default|defaults?\s+(?:is\s+|to\s+)?`?(?P<asked2>asc|desc)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Lifecycle:
    """A job's way from made to done: its `field` (`status`) takes each state of `path` in turn, one per poll of
    the record, and stops at its last (success) or at any of `ends` a client or a failure sets."""

    field: str
    path: tuple[str, ...]  # queued → running → completed: the first waiting, the first working, the first success
    ends: frozenset[str]  # every state a job does not leave
    waits: bool = True  # its first state is a waiting one; else it works from the start (DigitalOcean's `in-progress`)

    def next_state(self, state: Any) -> Any:
        """The state after `state` on the way to done; `state` itself where it has ended or is off the way."""
        if state in self.ends or state not in self.path:
            return state
        return self.path[min(self.path.index(state) + 1, len(self.path) - 1)]


_WAITING = frozenset(
    {"queued", "enqueued", "pending", "submitted", "scheduled", "waiting", "created", "accepted", "new"}
)
_WORKING = frozenset({"running", "started", "processing", "in_progress", "inprogress", "executing", "active"})
_SUCCEEDED = frozenset({"completed", "complete", "succeeded", "success", "successful", "done", "finished", "ready"})
_CANCELLED = frozenset({"cancelled", "canceled"})
_ENDED_OTHERWISE = _CANCELLED | frozenset(
    {"failed", "failure", "error", "errored", "aborted", "expired", "rejected", "timeout"}
    | {"timed_out", "orphaned", "killed", "stopped", "skipped"}
)
# What a job is called: its status is the server's to move on even where the request schema lets a client send it
# (Swashbuckle's one schema in and out: Radarr's commands)
_JOB_NOUNS = frozenset(
    {"job", "command", "operation", "run", "build", "export", "import", "batch", "render", "conversion"}
    | {"transcode", "deployment", "prediction", "generation", "execution", "scan", "backup", "restore", "sync"}
)


def infer_lifecycle(noun: str, record: Schema, server_fields: Iterable[str]) -> Lifecycle | None:
    """A job's lifecycle: a `status`/`state`/`phase` enum holding a waiting (or working) state and a successful end,
    of a record named as jobs are (`commands`, `exports`) or whose status only the server sets (readOnly)."""
    for name in ("status", "state", "phase"):
        values = _states(record, name)
        if not values:
            continue
        if name not in server_fields and not _named_as_job(noun, record):
            return None
        waiting = [v for v in values if _state_word(v) in _WAITING]
        working = [v for v in values if _state_word(v) in _WORKING]
        succeeded = [v for v in values if _state_word(v) in _SUCCEEDED]
        if not succeeded or not (waiting or working):
            return None
        path = (*waiting[:1], *working[:1], succeeded[0])
        return Lifecycle(name, path, _ends(values), waits=bool(waiting))
    return None


def _named_as_job(noun: str, record: Schema) -> bool:
    """The record is called a job: by its collection's noun (`commands`, `exports`), or by its schema's title, whose
    last word names what it is (OpenAI's `videos`, titled "Video job")."""
    title = record.get("title") if isinstance(record, dict) else None
    words = re.findall(r"[A-Za-z]+", title) if isinstance(title, str) else []
    return any(spelling_key(singular(word)) in _JOB_NOUNS for word in (noun, *words[-1:]))


def _states(record: Schema, name: str) -> list[str]:
    """The states the record's field of this name (`status`, `state`) offers by its enum."""
    return [v for v in _enumerated(_flat(_properties(record).get(name) or {})) if isinstance(v, str)]


def _ends(states: Iterable[str]) -> frozenset[str]:
    """Of these states, those nothing leaves: a success, a failure, a cancel."""
    return frozenset(v for v in states if _state_word(v) in _SUCCEEDED | _ENDED_OTHERWISE)


def _cancellation(record: Schema) -> Cancellation | None:
    """How the record's status says it was cancelled, where it can."""
    for name in ("status", "state"):
        values = _states(record, name)
        cancelled = [v for v in values if _state_word(v) in _CANCELLED]
        if cancelled:
            return Cancellation(name, cancelled[0], _ends(values))
    return None


def _cancels(
    record: Schema, ops: Mapping[str, list[Operation]], record_paths: Mapping[str, str]
) -> Cancellation | None:
    """How the record is cancelled, where a DELETE answers it or a `POST …/cancel` acts on it (ElevenLabs' batch
    calls), and its status can say so. An action that is a cancel (`Cancellation.by`) is a `POST` or `PUT` whose
    last word is `cancel`."""
    found = _cancellation(record)
    cancels = [o for o in ops.get(ACTION, []) if o.method in ("POST", "PUT") and _last_word(o.path).lower() == "cancel"]
    deletes = any(o.operation_id in record_paths for o in ops.get(DELETE, []))
    if found is None or not (deletes or any(o.method == "POST" for o in cancels)):
        return None
    return replace(found, by=tuple(o.operation_id for o in cancels))


def _state_word(value: str) -> str:
    return re.sub(r"[\s-]+", "_", value.strip().lower())


@dataclass(frozen=True)
class Cancellation:
    """How a DELETE, or an action of `by` (`POST /batches/{batch_id}/cancel`), cancels a record: its `field`
    (`status`) takes `value` (`canceled`), unless it holds one of `ends` already, a state nothing leaves (`completed`,
    `canceled`): then the cancel is refused, or changes nothing."""

    field: str
    value: str
    ends: frozenset[str]
    by: tuple[str, ...] = ()  # the operation ids of the actions that cancel, by their last word


@dataclass(frozen=True)
class Copying:
    """How a copy (`COPY`) makes its record from the one its path names (or its body, by `record_named_by`: OpenAI's
    `POST /videos/edits {"video": {"id": …}}`): it takes that record's `fields` (those a create sends), then what its
    own body sends, and names where it came from in `source_field` (`remixed_from_video_id`), where the record has
    one."""

    fields: tuple[str, ...] = ()
    source_field: str | None = None


@dataclass(frozen=True)
class Resource:
    """One inferred collection of records. Operation ids are grouped by role (see ROLES)."""

    api: str
    name: str  # `pets`, or `user_repos` under a parent
    collection_path: str
    item_path: str | None
    id_param: str | None  # the item path's last parameter
    id_field: str  # the record property holding the id; dotted where it sits in an object (`metadata.name`)
    id_schema: Schema
    record_schema: Schema
    parent_params: tuple[str, ...]  # template parameters of the collection path, outermost first
    parent: str | None  # the name of the resource whose item path the collection hangs off
    operations: Mapping[str, tuple[str, ...]]  # role -> operation ids
    record_paths: Mapping[str, str]  # operation id -> dotted path of the record in its answer ("" = the body)
    create_id_path: str | None  # dotted path of the new id in the create answer, when it holds no record
    items_path: str | None  # dotted path of the array in the list answer ("" = a bare array)
    # lists beside the main one (`GET /pet/findByStatus`): operation id -> where its array is; they do not page
    other_lists: Mapping[str, str] = field(default_factory=dict)
    paging: Paging = field(default_factory=Paging)
    # the lists of the same records at other paths that page otherwise: operation id -> its paging
    list_paging: Mapping[str, Paging] = field(default_factory=dict)
    # … and those that hold their array elsewhere (Spotify's `/me/top/artists` in `items`, `/artists` in `artists`)
    list_items_paths: Mapping[str, str] = field(default_factory=dict)
    filters: Mapping[str, str] = field(default_factory=dict)  # query parameter -> record property
    # record property -> the values a list filter offers for it (Gitea's `?state=` open or closed issues)
    choices: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    catch_alls: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # query parameter -> "every value" values
    server_fields: tuple[str, ...] = ()  # record properties the server sets (id, created_at, …)
    parent_fields: Mapping[str, str] = field(default_factory=dict)  # parent parameter -> record property
    parent_wildcard: str | None = None  # a parent value that means "every parent" (Runflow's `any`)
    source: str = "paths"  # paths, rpc (`_rpc_drafts`), links or override
    # the request field a create sends the key in, where it is not the record's own name for it but the item path's:
    # Gitea's `POST /admin/users {"username": …}` makes the user keyed `login` that `/admin/users/{username}` reads
    id_sent_as: str | None = None
    # the query parameter a create names the new record's key in (AIP's `POST /memos?memoId=abc`)
    id_asked_as: str | None = None
    # the record property that holds its parent's record (a repository's `owner` under `/users/{username}/repos`)
    parent_object: str | None = None
    # the record property an item path's parameter may name the record by instead of its id (Hetzner's
    # `{id_or_name}`, GitLab's id or path): `name`
    alternate_key: str | None = None
    # the resource whose records this nested collection holds (a user's `/users/{id}/groups` holds `groups`):
    # a PUT without a body to one of its item paths links that record under the parent
    linked: str | None = None
    # the top-level resource whose records this nested collection holds where each record names its parent in a
    # field and the server gives ids (PetClinic's `/owners/{ownerId}/pets` of `/pets`, a post's comments of
    # `/comments`): one store, read, changed and deleted at either path (`store`); a `linked` collection instead
    # lists links to records that name no parent
    shares: str | None = None
    shared_by: tuple[str, ...] = ()  # the nested resources that share this one's records (`shares`)
    # record properties counting a nested collection's records under this one (a project's `todoCount` of
    # `/projects/{id}/todos`): (property, the nested resource's name)
    child_counts: tuple[tuple[str, str], ...] = ()
    # record properties listing a nested collection's records under this one (a Mastodon filter's `keywords` of
    # `/filters/{id}/keywords`): (property, the nested resource's name)
    child_lists: tuple[tuple[str, str], ...] = ()
    sorting: Sorting = field(default_factory=Sorting)  # how a list is ordered and searched, if it can be
    # record properties holding the ids of another top-level resource's records (Radarr's movie `qualityProfileId`
    # of `/qualityprofile`, `tags` of `/tag`): (property, that resource's name); seeded records name real ones
    references: tuple[tuple[str, str], ...] = ()
    # those of the reference fields that name their record by its address, not its key (a memo's `creator`, "Format:
    # users/{user}", holds a user's `name`)
    references_by_address: frozenset[str] = frozenset()
    # record properties holding another top-level resource's record as an object, named for it and holding its id
    # (Xero's invoice `Contact` of `/Contacts`, `{"ContactID": …}`): (property, that resource's name); a write that
    # names a stored record there shows it as stored
    embeds: tuple[tuple[str, str], ...] = ()
    lifecycle: Lifecycle | None = None  # a job's: its status moves on as the client polls it
    # where a DELETE answers the record whole and its status can say cancelled: the DELETE cancels the record and
    # keeps it (Mollie's and Stripe's subscriptions, still read and listed after)
    cancellation: Cancellation | None = None
    # operation id -> the request field or query parameter naming the record where no path does and it is not the
    # id field: Slack's `reminders.info?reminder=Rm…`, `conversations.info?channel=C…` (`_naming_field`)
    record_named_by: Mapping[str, str] = field(default_factory=dict)
    # operation id -> the body field a write lists its records in, one or several (Xero's `{"Invoices": [...]}`)
    sends_listed: Mapping[str, str] = field(default_factory=dict)
    # the operations at an item path that names a nested record by its id alone, without its parents (Netlify's
    # `/deploys/{deploy_id}` beside `/sites/{site_id}/deploys/{deploy_id}`): they find it wherever it is
    by_id_alone: frozenset[str] = frozenset()
    # operation id -> the record field its path's last parameter finds the record by, where a literal segment names
    # that field: WorkOS' `/organizations/external_id/{external_id}`, `/invitations/by_token/{token}`
    found_by: Mapping[str, str] = field(default_factory=dict)
    # the object a view of the record holds the record itself in, where its key sits (`post` of Lemmy's `PostView
    # {"post": {"id": …}, "creator": …, "counts": …}`, keyed `post.id`): what a write sends is written into it
    own_object: str = ""
    # operation id -> the dotted path of a new record's key in that operation's answer: the writes that make this
    # resource's records where no client creates one, a job whose key a write answers (Meilisearch's task, answered
    # as `{"taskUid": …, "status": "enqueued"}` by every write; DigitalOcean's action, as `{"action": {…}}`)
    spawned_by: Mapping[str, str] = field(default_factory=dict)
    copies: Mapping[str, Copying] = field(default_factory=dict)  # operation id -> how that copy makes its record
    # the field holding the record's own address (AIP's `name: "memos/abc"`, Vimeo's `uri: "/albums/3706071"`): where
    # it is the id field, the key is the address's last parameter (`abc`, as the item path names it)
    address: Address | None = None

    @property
    def noun(self) -> str:
        """What one record is called in messages: `site` of `sites`, and of `sites_1` (a number `_distinct_names`
        gave it: "No sites 1 with id …" was Netlify's 404), `site deploy` of `site_deploys`."""
        return singular(re.sub(r"_\d+$", "", self.name)).replace("_", " ")

    @property
    def keyed_by_address(self) -> bool:
        """Whether the key is the last part of the address the id field holds (`abc` of a memo's `memos/abc`)."""
        return self.address is not None and self.address.field == self.id_field

    @property
    def collection(self) -> str:
        """The store's name for this collection."""
        return f"{self.api}.{self.name}"

    @property
    def store(self) -> str:
        """Where the collection's records are kept: its own, or those of the top-level resource it `shares`."""
        return f"{self.api}.{self.shares or self.name}"

    @cached_property
    def keyed_within_parent(self) -> bool:
        """A record under a parent whose id the client chooses (a repository's label, by its name) is named within
        that parent only: `bug` in two repositories is two labels. Ids a server hands out are unique in the whole
        collection, and a parent wildcard (Runflow's `any`) reads every parent's records by id, so neither is; nor
        are the ids of an item path that does not name every parent (`/users/messages/{message_id}` beside
        `/users/{id}/messages`): the id alone finds the record there, so two parents never hold one id (a message
        that path read, and one made under a user with its id, were two records listed with one id)."""
        return (
            bool(self.parent_params)
            and self.id_field not in self.server_fields
            and self.parent_wildcard is None
            and (self.item_path is None or len(_params_of(self.item_path)) > len(self.parent_params))
        )

    @cached_property
    def other_ids(self) -> tuple[str, ...]:
        """The record's identifiers besides its key (`id_field`): GitHub's label is keyed by `name` and has an
        `id` and a `node_id` too. Each record's are its own, as its key is."""
        return tuple(name for name in _properties(self.record_schema) if name != self.id_field and names_own_id(name))

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "collection": self.collection_path,
            "item": self.item_path,
            "id": {
                "field": self.id_field,
                "param": self.id_param,
                "type": type_name(self.id_schema),
                **({"sent_as": self.id_sent_as} if self.id_sent_as else {}),
                **({"asked_as": self.id_asked_as} if self.id_asked_as else {}),
            },
            "parent": self.parent,
            **({"address": {"field": self.address.field, "template": self.address.template}} if self.address else {}),
            **({"parent_object": self.parent_object} if self.parent_object else {}),
            **({"shares": self.shares} if self.shares else {}),
            **({"references": dict(self.references)} if self.references else {}),
            **({"embeds": dict(self.embeds)} if self.embeds else {}),
            **(
                {"lifecycle": {"field": self.lifecycle.field, "path": list(self.lifecycle.path)}}
                if self.lifecycle
                else {}
            ),
            **(
                {"cancels": {self.cancellation.field: self.cancellation.value}} if self.cancellation is not None else {}
            ),
            "parent_params": list(self.parent_params),
            "operations": {role: list(ids) for role, ids in self.operations.items() if ids},
            "list": None
            if self.items_path is None
            else {"items": self.items_path or "(bare array)", "paging": _paging_dict(self.paging)},
            "filters": dict(self.filters),
            **({"sorting": self.sorting.as_dict()} if self.sorting.any else {}),
            **({"choices": {k: list(v) for k, v in self.choices.items()}} if self.choices else {}),
            **({"catch_alls": {k: list(v) for k, v in self.catch_alls.items()}} if self.catch_alls else {}),
            "parent_fields": dict(self.parent_fields),
            "server_fields": list(self.server_fields),
            "create_id_path": self.create_id_path,
            **({"named_by": dict(self.record_named_by)} if self.record_named_by else {}),
            **({"by_id_alone": sorted(self.by_id_alone)} if self.by_id_alone else {}),
            **({"found_by": dict(self.found_by)} if self.found_by else {}),
            **({"made_by": dict(self.spawned_by)} if self.spawned_by else {}),
            "source": self.source,
        }


@dataclass(frozen=True)
class ResourceOverride:
    """A correction from a scenario file: matched by `api` and `name` (the inferred name or a new one).

    Any field given replaces the inferred one; `operations` entries replace that role's list;
    `exclude` drops the resource; `collection_path`/`item_path` create one inference missed.
    """

    api: str
    name: str
    exclude: bool = False
    values: Mapping[str, Any] = field(default_factory=dict)
    where: str = ""  # file:line, for messages


@dataclass(frozen=True)
class Inference:
    resources: tuple[Resource, ...]
    left_out: tuple[LeftOut, ...]


def infer_resources(api: Api, overrides: Iterable[ResourceOverride] = ()) -> tuple[Resource, ...]:
    """The CRUD resources of `api`, parents before children."""
    return explain_resources(api, overrides).resources


# ---------------------------------------------------------------- words and schemas


# Plurals in `-es` of nouns ending in `-s` (`statuses`, `aliases`; `-sis` nouns: `analyses`); any other `-ses` is an
# `-se` noun's (`databases`, `releases`, `causes`).
_PLURALS_OF_S = re.compile(r"(alias|atlas|bonus|bus|campus|canvas|census|corpus|focus|gas|lens|plus|status|virus)es$")
_PLURALS_OF_SIS = re.compile(r"(analy|diagno|synop|the|cri|ellip|empha)ses$")


# Plurals in -ves of words in -f or -fe (a shelf's books at `/shelves/{shelf}`); `valves`, `drives`, `archives` are
# plurals of words in -ve, the rule's own.
_PLURALS_OF_F = re.compile(r"(shel|lea|loa|hal|cal|wol|sel|thie|scar|kni|(?<![a-z])wi|(?<![a-z])li)ves$", re.IGNORECASE)


def singular(noun: str) -> str:
    found = _PLURALS_OF_F.search(noun)
    if found is not None:
        stem = noun[: found.end(1)]
        return stem + ("fe" if found.group(1).lower() in ("kni", "wi", "li") else "f")
    if noun.endswith("ies") and len(noun) > 3:
        return noun[:-3] + "y"
    if _PLURALS_OF_S.search(noun):
        return noun[:-2]
    if _PLURALS_OF_SIS.search(noun):
        return noun[:-2] + "is"
    if noun.endswith("zzes"):  # quizzes
        return noun[:-3]
    if noun.endswith(("sses", "xes", "ches", "shes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 1:
        return noun[:-1]
    return noun


def _flat(schema: Any) -> Schema:
    """An object schema with `allOf` folded (properties and required merged); anything else as is."""
    if not isinstance(schema, dict):
        return {}
    if "allOf" not in schema:
        return schema
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = dict(merged.get("properties") or {})
    required: list[str] = list(merged.get("required") or [])
    for part in schema["allOf"]:
        flat = _flat(part)
        properties.update(flat.get("properties") or {})
        required.extend(r for r in flat.get("required") or [] if r not in required)
        for key, value in flat.items():
            if key not in ("properties", "required"):
                merged.setdefault(key, value)
    merged["properties"] = properties
    if required:
        merged["required"] = required
    return merged


def _properties(schema: Any) -> dict[str, Any]:
    flat = _flat(schema)
    properties = flat.get("properties")
    if properties:
        return dict(properties)
    for key in ("oneOf", "anyOf"):
        for option in flat.get(key) or []:
            found = _properties(option)
            if found:
                return found
    return {}


def _is_array(schema: Any) -> bool:
    return "array" in schema_types(_flat(schema)) or (
        isinstance(schema, dict) and "items" in schema and not _properties(schema)
    )


def _is_object(schema: Any) -> bool:
    return "object" in schema_types(_flat(schema)) or bool(_properties(schema))


def type_name(schema: Schema) -> str:
    types = [t for t in schema_types(_flat(schema)) if t != "null"]
    kind = types[0] if types else "any"
    return f"{kind} ({schema['format']})" if isinstance(schema, dict) and schema.get("format") else kind


def value_at(body: Any, path: str, missing: Any = None) -> Any:
    """The value at a dotted path of an answer (`next_page.offset`, `Invoices.0`: a list's first item), or
    `missing` where there is none."""
    for part in [p for p in path.split(".") if p]:
        if isinstance(body, list) and part.isdigit():
            body = body[int(part)] if int(part) < len(body) else missing
        elif isinstance(body, dict):
            body = body.get(part, missing)
        else:
            return missing
    return body


def at_path(schema: Any, path: str) -> Any:
    """The schema at a dotted path (`Invoices.0`: the items of the array at `Invoices`), or None."""
    for part in [p for p in path.split(".") if p]:
        schema = _flat(schema).get("items") if part.isdigit() and _is_array(schema) else _properties(schema).get(part)
        if schema is None:
            return None
    return schema


def _creates(operation: Operation) -> bool:
    """Whether a write answers only 201 Created among its successes: it makes a record, whatever its method."""
    return [status for status in operation.responses if status.startswith("2")] == ["201"]


def _sends_one_new(write: Operation, key: str) -> bool:
    """Whether a write sends one record (not a list of them) and does not require its key in it: a new one. One that
    requires the key names the record it changes (Lemmy's `PUT /post {"post_id": …}`)."""
    if not _writes_record(write) or write.request_body is None:
        return False
    return not any(_is_array(media.schema) for media in write.request_body.content.values()) and not _requires_a_field(
        write, key
    )


def _requires_a_field(write: Operation, name: str) -> bool:
    """Whether a write's body requires the field of this name, however it is spelled."""
    return spelling_key(name) in {spelling_key(field) for field in _required_fields(write)}


def _required_fields(write: Operation) -> list[str]:
    content = write.request_body.content if write.request_body else {}
    return [name for media in content.values() for name in _flat(media.schema).get("required") or ()]


def _success(operation: Operation) -> tuple[str, Schema | None] | None:
    for status in sorted(operation.responses):
        if status.startswith("2"):
            media = record_media(operation.responses[status])
            return status, (media.schema if media else None)
    return None


def record_media(response: ResponseSpec) -> MediaType | None:
    """The media type an answer holds records in: its JSON one, else the first whose schema is an object or a list
    (an XML-only API's; n-auth's created server, a JSON object declared as `application/octet-stream`)."""
    media = response.json_media()
    if media is not None:
        return media
    return next(
        (
            m
            for m in response.content.values()
            if m.schema is not None and {"object", "array"} & set(schema_types(m.schema))
        ),
        None,
    )


def _answers_any_json(operation: Operation) -> bool:
    """A first success answer of JSON whose schema says nothing of it (none given): any JSON is valid there."""
    found = _success(operation)
    if found is None:
        return False
    media = operation.responses[found[0]].json_media()
    return media is not None and media.schema is None


def success_schema(operation: Operation) -> Schema | None:
    """The JSON schema of the operation's first success answer (its lowest 2xx), or None."""
    found = _success(operation)
    return found[1] if found else None


# ---------------------------------------------------------------- paths


# A format suffix on a path's last segment (Twilio's `/Messages.json` and `/Messages/{Sid}.json`) names the
# representation, not the resource: resources are found, paired and named without it.
_FORMAT_SUFFIX = re.compile(r"\.(?:json|xml|csv|ya?ml|txt|html?)$", re.IGNORECASE)


def format_suffix(segment: str) -> str:
    """The format suffix a path's last segment ends with (`.json` of `{Sid}.json`), or ""."""
    found = _FORMAT_SUFFIX.search(segment)
    return found.group(0) if found and found.start() > 0 else ""


def _segments(path: str) -> list[str]:
    """A path's segments, the last one without a format suffix."""
    segments = [s for s in path.split("/") if s]
    if segments:
        segments[-1] = segments[-1][: len(segments[-1]) - len(format_suffix(segments[-1]))]
    return segments


def _shape(segments: list[str]) -> str:
    """Segments as a key that ignores what parameters are called: `/accounts/{Sid}` and `/accounts/{AccountSid}/…`
    name the same item."""
    return "/" + "/".join("{}" if is_path_parameter(s) else s for s in segments)


def _path_shape(path: str) -> str:
    return _shape(_segments(path))


def parent_path(path: str) -> str:
    """The path one segment up (`/post` of `/post/delete`, of `/post/delete/` too)."""
    return path[: path.rstrip("/").rfind("/")]


def _parent_shape(path: str) -> str:
    """The shape of the path one segment up: the collection of an item path, the item of an action's path."""
    return _shape(_segments(path)[:-1])


def ends_in_parameter(path: str) -> bool:
    """Whether a path key's template ends in a parameter; the query a key fixes is no segment of it (OpenAI's
    `/responses/{response_id}?beta=true` was taken for one document every response id read)."""
    segments = _segments(split_path_key(path)[0])
    return bool(segments) and is_path_parameter(segments[-1])


def is_path_parameter(segment: str) -> bool:
    """Whether a path template's segment is a parameter (`{name}`)."""
    return segment.startswith("{") and segment.endswith("}")


def _params_of(path: str) -> tuple[str, ...]:
    return tuple(s[1:-1] for s in _segments(path) if is_path_parameter(s))


def _raw_operation(api: Api, operation: Operation) -> dict[str, Any]:
    item = (api.document.get("paths") or {}).get(operation.path) or {}
    raw = item.get(operation.method.lower())
    return raw if isinstance(raw, dict) else {}


def _param_descriptions(api: Api, operation: Operation, location: str = "query") -> dict[str, str]:
    """Parameter name -> its description, for the operation's parameters in `location`."""
    item = (api.document.get("paths") or {}).get(operation.path) or {}
    out: dict[str, str] = {}
    for raw in [*(item.get("parameters") or []), *(_raw_operation(api, operation).get("parameters") or [])]:
        if isinstance(raw, dict) and raw.get("in") == location:
            out[str(raw.get("name"))] = str(raw.get("description") or "")
    return out


# ---------------------------------------------------------------- records, ids, lists


def id_candidates(noun: str, id_param: str | None) -> list[str]:
    """The fields a record of `noun` may be keyed by, most telling first: the parameter's own name and the field it
    names (`uid` of `{collection_uid}`), then `id` and its spellings with the noun, then keys by convention."""
    thing = singular(noun)
    names = ["id", f"{thing}_id", f"{thing}Id", f"{thing}ID"]
    if id_param:
        # A parameter named for the thing and a field of it (`issue_number`, `pullNumber`: GitHub's issues are
        # addressed by their `number`, not their `id`) names that field, ahead of a generic `id`.
        field = re.sub(rf"^(?i:{re.escape(thing)})(?:[_-]|(?=[A-Z]))", "", id_param)  # `username` is not `name`
        named = [field[:1].lower() + field[1:]] if field != id_param and field.lower() not in ("", "id") else []
        names[:0] = [id_param, *named]
        stripped = re.sub(r"(_id|Id|ID)$", "", id_param)
        names.extend([stripped + "_id", stripped + "Id"])
    names.extend(_CONVENTIONAL_KEYS)
    seen: list[str] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return seen


# Fields that key a record by convention whatever the path calls it (`pk`: Django REST's primary key, at `{id}`).
_CONVENTIONAL_KEYS = ("pk", "uuid", "key", "slug")


# Fields a record is named by, for a path parameter that names it rather than numbering it (`/orgs/{org}`).
_NAME_FIELDS = ("username", "login", "handle", "slug", "name")  # what a client chooses first, a display name last


# Formats that size a number rather than tell what a value is.
_WIDTH_FORMATS = ("int32", "int64", "float", "double")


def _pick_id_field(record: Schema, noun: str, id_param: str | None, param_schema: Any = None) -> str | None:
    properties = _properties(record)
    scalars = [name for name, schema in properties.items() if not _is_object(schema) and not _is_array(schema)]
    if id_param and _names_rather_than_numbers(id_param, param_schema) and _first_field([id_param], scalars) is None:
        # Gitea's `/orgs/{org}`, "name of the organization", text: a text field names the org, not its integer
        # `id` (a created org was found only at `/orgs/6`); a name field the parameter is not (`{username}` is
        # not the `name`), and where no text field fits, the usual pick; a field of the parameter's own name is the one
        # it names, whatever its type (Mistral's text `{version}` names an agent version's integer `version`)
        param_key = spelling_key(id_param)
        names = [n for n in _NAME_FIELDS if spelling_key(n) == param_key or not param_key.endswith(spelling_key(n))]
        texts = [name for name in scalars if not {"integer", "number"} & set(schema_types(properties[name]))]
        found = _first_field([*id_candidates(noun, id_param), *names], texts)
        if found is not None:
            return found
    if _holds_numbers_only(param_schema):
        # a key by convention alone holds what the path does: dev.to's pages, at an integer `{id}`, were keyed by
        # their text `slug`, and no page made could be read back
        scalars = [name for name in scalars if name not in _CONVENTIONAL_KEYS or not _text_only(properties[name])]
    found = _first_field(id_candidates(noun, id_param), scalars)
    if found is not None:
        return found
    # A parameter of a telling format is the one field of that format: DigitalOcean's `{floating_ip}` is an `ipv4`,
    # the record's `ip`, not its one uuid (`project_id`, which every read then refused as no ipv4)
    asked_format = param_schema.get("format") if isinstance(param_schema, dict) else None
    if isinstance(asked_format, str) and asked_format not in _WIDTH_FORMATS:
        alike = [name for name in scalars if _flat(properties[name]).get("format") == asked_format]
        if len(alike) == 1:
            return alike[0]
    uuids = [name for name, schema in properties.items() if _flat(schema).get("format") == "uuid"]
    if len(uuids) == 1 and asked_format in (None, "uuid", *_WIDTH_FORMATS):
        return uuids[0]
    if (
        id_param
        and not _holds_numbers_only(param_schema)
        and not any(names_own_id(name) or _SHORT_ID.match(name) for name in properties)
    ):
        # a record with no id at all is named by its name, whatever the parameter is called (DigitalOcean's tag,
        # read at `/v2/tags/{tag_id}`, holds only a `name`); never by a parameter of numbers (Vimeo's albums, read at
        # `/me/albums/{album_id}`, a number, were keyed by their names, and no name sent could be read back)
        texts = [name for name in scalars if "string" in schema_types(_flat(properties[name]))]
        found = _first_field(["name", "slug", "key"], texts)
        if found is not None:
            return found
    return _nested_id_field(properties, id_param) or _joined_record_id(properties, noun, id_param)


# The objects a record keeps its own name in, beside its content (Kubernetes' `metadata`, with `name`, `namespace`).
_KEY_HOLDERS = ("metadata", "meta")


def _nested_id_field(properties: dict[str, Any], id_param: str | None) -> str | None:
    """`metadata.name` for `{name}`: the field the parameter names exactly, in the object a record keeps its name in
    (never a generic `{id}`: an `owner.id` is the owner's)."""
    if not id_param or spelling_key(id_param) == "id":
        return None
    for holder in _KEY_HOLDERS:
        inner = _properties(properties.get(holder)) if _is_object(properties.get(holder)) else {}
        scalars = [name for name, schema in inner.items() if not _is_object(schema) and not _is_array(schema)]
        found = _first_field([id_param], scalars)
        if found is not None:
            return f"{holder}.{found}"
    return None


def _joined_record_id(properties: dict[str, Any], noun: str, id_param: str | None) -> str | None:
    """`user.id` for `{user_id}`: a record keyed by the record it joins to another, of no id of its own (Discord's
    guild member `{"user": {"id": …}, "nick": …}` at `/guilds/{guild_id}/members/{user_id}`, a pin `{"message": {…},
    "pinned_at": …}` at `…/pins/{message_id}`); never the one object a wrapper of the record itself holds
    (`{"droplet": {"id": …}}` for `{droplet_id}`)."""
    stem = re.sub(r"(_id|Id|ID)$", "", id_param or "")
    if not stem or stem == id_param or spelling_key(singular(stem)) == spelling_key(singular(noun)):
        return None
    return _key_in_one_object(properties, {spelling_key(stem)}, ["id"])


def _viewed_record_id(properties: dict[str, Any], noun: str, id_param: str | None) -> str | None:
    """`post.id` of Lemmy's `PostView {"post": {"id": …}, "creator": {…}, "counts": {…}}`: a view of the record, which
    holds the record itself in an object named for its noun, beside what it is shown with."""
    return _key_in_one_object(
        properties, {spelling_key(noun), spelling_key(singular(noun))}, id_candidates(noun, id_param)
    )


def _key_in_one_object(properties: dict[str, Any], spellings: set[str], candidates: list[str]) -> str | None:
    """`<object>.<key>`: the first of `candidates` among the scalar fields of the one object property spelt as one
    of `spellings`, beside other fields (`{"garbage_collection": {…}}` alone is a wrapper of the record, not a
    view of it, nor a join); None where there is no such object or key."""
    held = [name for name, sub in properties.items() if spelling_key(name) in spellings and _is_object(sub)]
    if len(held) != 1 or _is_array(properties[held[0]]) or len(properties) < 2:
        return None
    inner = _properties(properties[held[0]])
    scalars = [name for name, schema in inner.items() if not _is_object(schema) and not _is_array(schema)]
    found = _first_field(candidates, scalars)
    return f"{held[0]}.{found}" if found is not None else None


def holds_field(schema: Any, path: str) -> bool:
    """Whether an object schema declares the field at the dotted `path` (`metadata.name`)."""
    head, _, rest = path.partition(".")
    properties = _properties(schema)
    return head in properties and (not rest or holds_field(properties[head], rest))


# A record's own id under a one-letter prefix: Asana's `gid`, Twilio's `sid`, `uid`, MongoDB's `_id`.
_SHORT_ID = re.compile(r"^_?[a-z]?id$", re.IGNORECASE)


def _short_id_field(record: Schema) -> str | None:
    """The record's one field named like a short id, where no path parameter says which field is its key."""
    found = [name for name, schema in _properties(record).items() if _SHORT_ID.match(name) and not _is_object(schema)]
    return found[0] if len(found) == 1 else None


def _first_field(candidates: list[str], fields: list[str]) -> str | None:
    """The first candidate among `fields`: `{Sid}` names the field `sid` (Twilio), `{user_id}` the field `userId`,
    the exact spelling first."""
    spelled = {spelling_key(name): name for name in reversed(fields)}  # the first spelling wins
    for name in candidates:
        found = name if name in fields else spelled.get(spelling_key(name))
        if found is not None:
            return found
    return None


def _holds_numbers_only(schema: Any) -> bool:
    """A parameter's schema of numbers alone (`type: integer`, `number`)."""
    types = set(schema_types(schema)) if isinstance(schema, dict) else set()
    return bool(types) and types <= {"integer", "number"}


def _text_only(schema: Any) -> bool:
    """A schema of text alone, in no integer format."""
    flat = _flat(schema)
    return set(schema_types(flat)) == {"string"} and not str(flat.get("format") or "").startswith("int")


def _names_rather_than_numbers(param: str, schema: Any) -> bool:
    """A path parameter of text only, not called an id (`{org}`, `{username}`, not `{id}` or `{orgId}`, which specs
    often declare as strings for integer ids)."""
    types = set(schema_types(schema)) if isinstance(schema, dict) else set()
    text_only = types == {"string"} and not (schema.get("format") or "").startswith("int")
    return text_only and not spelling_key(param).endswith(("id", "number", "num", "no", "index", "seq", "key"))


def record_id_field(collection_path: str, paths: Mapping[str, Any], record: Schema) -> str | None:
    """The field of a record listed at `collection_path` that holds its id, as inference picks it: the one the
    parameter of the item path below the collection names (`{ConnectAppSid}` under `/AuthorizedConnectApps.json`
    names `connect_app_sid`), else the usual id names, else the field holding its address (Vimeo's `uri`).
    `paths`: the document's, each path's item as written."""
    segments = _segments(collection_path)
    shape = _shape(segments)
    item = next((p for p in paths if ends_in_parameter(p) and _parent_shape(p) == shape), None)
    param = _params_of(item)[-1] if item else None
    found = _pick_id_field(
        record, segments[-1] if segments else "", param, _declared_schema(paths.get(item) if item else None, param)
    )
    if found is None and item is not None:
        address = _own_address(record, item)
        return address.field if address is not None else None
    return found


def _own_address(record: Schema, item_path: str) -> Address | None:
    """The field of the record holding its own address at `item_path` (`mock.spec.addresses.own_address`)."""
    return own_address({name: _flat(schema) for name, schema in _properties(record).items()}, item_path)


def _declared_schema(path_item: Any, name: str | None) -> Any:
    """The schema a path item (as written) declares for its parameter `name`, at the path or in an operation."""
    if not isinstance(path_item, dict) or name is None:
        return None
    operations = [path_item, *(o for o in path_item.values() if isinstance(o, dict))]
    for operation in operations:
        for parameter in operation.get("parameters") or []:
            if isinstance(parameter, dict) and parameter.get("name") == name and parameter.get("in") == "path":
                return parameter.get("schema") or {k: v for k, v in parameter.items() if k in ("type", "format")}
    return None


def locate_record(schema: Any, noun: str, id_field: str | None) -> str | None:
    """Where the record sits in an answer: "" for the body itself, a property name for a wrapper, None if absent."""
    if not _is_object(schema) or _is_array(schema):
        return None
    properties = _properties(schema)
    if id_field and holds_field(schema, id_field):
        return ""
    preferred = [singular(noun), noun, "data", "item", "result", "record"]
    wrappers = [name for name, sub in properties.items() if _is_object(sub) and not _is_array(sub)]
    for name in preferred:
        if name in wrappers and (
            id_field is None or holds_field(properties[name], id_field) or not _properties(properties[name])
        ):
            return name
    if id_field:
        holding = [name for name in wrappers if holds_field(properties[name], id_field)]
        if len(holding) == 1:
            return holding[0]
    # the record alone in a list named for its collection (Xero's every invoice answered as `{"Invoices": [it]}`)
    named = {spelling_key(noun), spelling_key(singular(noun))}
    for name, sub in properties.items():
        items = _flat(sub).get("items") if _is_array(sub) and spelling_key(name) in named else None
        if _is_object(items) and (holds_field(items, id_field) if id_field else bool(_properties(items))):
            return f"{name}.{LISTED_ALONE}"
    envelope = _envelope(properties)
    inner = locate_record(properties[envelope], noun, id_field) if envelope else None
    return f"{envelope}.{inner}" if envelope and inner else None


# the dotted path's step to a list's first item: where a record an answer holds in a list alone sits (`Invoices.0`)
LISTED_ALONE = "0"
# `Resource.sends_listed`'s field for a batch create, whose body is itself the list of records (`_batch_creates`)
BATCH_BODY = ""


def locate_items(schema: Any, noun: str) -> str | None:
    """Where the records sit in a list answer: "" for a bare array, a property name, or None."""
    if _is_array(schema):
        return ""
    properties = _properties(schema)
    arrays = {name: sub for name, sub in properties.items() if _is_array(sub)}
    for name in [*_ITEM_ARRAYS, noun, spelling_key(noun)]:
        if name in arrays:
            return name
    # {data: {items: [...]}}; Discourse's {category_list: {categories: [...]}}; HAL's (Mollie's, Spring Data REST's)
    # {_embedded: {payments: [...]}}
    listing = [name for name in properties if name == "list" or name.endswith(("_list", "List"))]
    containers = [name for name in ("data", "result", "_embedded", *listing) if _is_object(properties.get(name))]
    for container in containers:
        # named for the records one level down, before a lone array of something else beside it: Outline's
        # `{data: {groups: […], groupMemberships: […]}, policies: […]}`
        inner = {name for name, sub in _properties(properties[container]).items() if _is_array(sub)}
        found = next((name for name in (noun, spelling_key(noun)) if name in inner), None)
        if found:
            return f"{container}.{found}"
    of_objects = [name for name, sub in arrays.items() if _is_object(_flat(sub).get("items"))]
    if len(of_objects) == 1:
        return of_objects[0]
    for container in containers:
        found = locate_items(properties[container], noun)
        if found:
            return f"{container}.{found}"
    envelope = _envelope(properties)
    found = locate_items(properties[envelope], noun) if envelope else None
    return f"{envelope}.{found}" if envelope and found else None


def _envelope(properties: dict[str, Any]) -> str | None:
    """The one property of an answer that wraps all of it, an envelope that holds the answer's `data` (or `result`,
    `items`…) beside what it says of it (Nextcloud's OCS answers `{"ocs": {"meta": {…}, "data": …}}`): where its
    records are looked for next. Not a record alone in a wrapper (DigitalOcean's `{"policy": {…, "alerts": {…}}}`)."""
    if len(properties) != 1:
        return None
    ((name, sub),) = properties.items()
    inner = _properties(sub) if _is_object(sub) and not _is_array(sub) else {}
    return name if len(inner) > 1 and _GENERIC_WRAPPERS & set(inner) else None


def _named_items(items_path: str, noun: str) -> bool:
    """Whether a list answer holds its records where `locate_items` looks first (a bare array, `data`, `items`, the
    noun), not as the one array of objects it happens to hold (Lemmy's community's `moderators`)."""
    last = items_path.rpartition(".")[2]
    return not items_path or last in _ITEM_ARRAYS or spelling_key(last) == spelling_key(noun)


def _item_schema(list_schema: Any, items_path: str) -> Schema | None:
    array = at_path(list_schema, items_path) if items_path else list_schema
    items = _flat(array).get("items")
    return items if isinstance(items, dict) else None


# What a field that points at a page can hold: a cursor, an address, or an object of them (Asana's `next_page`).
_POINTS = frozenset({"string", "object"})


def _find_field(schema: Any, names: Iterable[str], holds: frozenset[str] = _POINTS) -> str | None:
    """A dotted path to the first of `names` found at the top of `schema` or in paging containers up to two deep
    (`meta.next_cursor`, DigitalOcean's `links.pages.next`), however the answer spells it (`nextPageToken`,
    `next_page_token`), among the fields whose type is one `holds` (Spring's `first: true` is no page address).
    A container that is an anyOf or oneOf offers the fields of all its options."""
    wanted = [spelling_key(name) for name in names]

    def fits(field: Any) -> bool:
        declared = set(schema_types(_flat(field))) - {"null"}
        return not _is_array(field) and (not declared or bool(declared & holds))

    def find(properties: dict[str, Any], depth: int) -> str | None:
        spelled = {spelling_key(name): name for name in reversed(properties) if fits(properties[name])}
        found = next((spelled[key] for key in wanted if key in spelled), None)
        if found is not None or depth == 2:
            return found
        named = {spelling_key(name): name for name in reversed(properties)}
        for container in _PAGING_CONTAINERS:
            name = named.get(spelling_key(container))
            if name is not None and _is_object(properties[name]):
                inner = find(_any_properties(properties[name]), depth + 1)
                if inner is not None:
                    return f"{name}.{inner}"
        return None

    return find(_properties(schema), 0)


def _any_properties(schema: Any) -> dict[str, Any]:
    """The properties of an object schema and of every option of its anyOf or oneOf, the first spelling kept."""
    flat = _flat(schema)
    found = dict(flat.get("properties") or {})
    for key in ("anyOf", "oneOf"):
        for option in flat.get(key) or []:
            for name, sub in _any_properties(option).items():
                found.setdefault(name, sub)
    return found


def field_schema(schema: Any, path: str) -> Any:
    """The schema of a paging field at a dotted path as `_find_field` finds it: through the options of an anyOf or
    oneOf, where `at_path` takes the first option only."""
    for part in [p for p in path.split(".") if p]:
        schema = _any_properties(schema).get(part)
        if schema is None:
            return None
    return schema


def page_fields(list_schema: Any, items_path: str) -> tuple[tuple[str, PageFact], ...]:
    """Where a list answer (an object holding its page at `items_path`) counts its records and pages and says its
    page's number and size and the numbers of the pages beside it, as dotted paths to numbers
    (`meta.pagination.next_page`), with the PageFact each tells."""
    if items_path == "":
        return ()
    array_name = items_path.rsplit(".", 1)[-1]
    totals = (*_TOTAL_FIELDS, f"{array_name}Count", f"{array_name}_count", "totalItems", "total_items", "totalElements")
    counts = numbers = frozenset({"integer", "number"})
    total = _find_field(list_schema, totals, counts)
    on_page = _count_beside_a_total(list_schema, total)
    if total is not None and _OF_THIS_PAGE.search(str(_flat(field_schema(list_schema, total)).get("description", ""))):
        total, on_page = None, total  # Mollie's `count`: "the number of items in this result set"
    found = [
        (total, PageFact.TOTAL),
        (on_page, PageFact.ON_PAGE),
        (_find_field(list_schema, _PAGE_COUNT_FIELDS, counts), PageFact.PAGES),
        *((_find_field(list_schema, names, numbers), fact) for fact, names in _PAGE_NUMBER_FIELDS.items()),
        *((path, PageFact.TOTAL) for path in _counts_beside(list_schema, items_path) if path != total),
    ]
    return tuple((path, fact) for path, fact in found if path is not None)


# A count's description that says it counts the page it is on, not the collection
_OF_THIS_PAGE = re.compile(r"\b(?:in|on|of) this (?:result set|page|response|batch)\b", re.IGNORECASE)


def _count_beside_a_total(list_schema: Any, total: str | None) -> str | None:
    """A `count` in the object that holds the total under another name: how many records the page holds (Firefly
    III's `meta.pagination {total, count, per_page}`). Alone, a `count` is the total (Django REST's)."""
    if total is None or total.rsplit(".", 1)[-1] == "count":
        return None
    holder, _, _ = total.rpartition(".")
    fields = _any_properties(field_schema(list_schema, holder) if holder else list_schema)
    found = fields.get("count")
    if found is None or not _holds_a_number(found):
        return None
    return f"{holder}.count" if holder else "count"


def _counts_beside(list_schema: Any, items_path: str) -> list[str]:
    """The numbers beside a list's array named as its count (Discourse's `total_rows_groups` beside `groups`,
    `num_groups`, `group_count`), as dotted paths: each counts the whole collection, as the total does."""
    parent, _, array_name = items_path.rpartition(".")
    holder = field_schema(list_schema, parent) if parent else list_schema
    prefix = f"{parent}." if parent else ""
    return [
        prefix + name
        for name, field in _any_properties(holder).items()
        if (stem := counted_list_stem(name)) is not None and names_list(stem, array_name) and _holds_a_number(field)
    ]


def _holds_a_number(schema: Any) -> bool:
    declared = set(schema_types(_flat(schema))) - {"null"}
    return bool(declared) and declared <= {"integer", "number"}


def last_page_fields(list_schema: Any) -> tuple[str | None, str | None]:
    """Where a list answer (an object) says whether a page follows: (the next page's cursor or address, a
    boolean `has_more`), as dotted paths; None where it has none."""
    return _find_field(list_schema, _NEXT_FIELDS), _find_field(list_schema, _MORE_FIELDS, frozenset({"boolean"}))


def first_query_parameter(operation: Operation, names: Iterable[str]) -> str | None:
    """The first of `names` the operation takes in its query, as the operation spells it (Twilio's `PageSize` is a
    `page_size`)."""
    query = [p.name for p in operation.parameters if p.location == "query"]
    spelled = {spelling_key(name): name for name in reversed(query)}
    return next((n if n in query else spelled[spelling_key(n)] for n in names if spelling_key(n) in spelled), None)


# A query parameter that names the record a page starts at (`from`, `starting_from`), where its description says it
# takes a record's id: `from` alone is as often a date.
_FROM_KEY_PARAMS = frozenset({"from", "startfrom", "startingfrom", "startat", "startingat", "fromid"})
_NAMES_AN_ID = re.compile(r"\b(id|uid|identifier|key)\b", re.I)


def _starts_at_a_key(name: str, description: str) -> bool:
    return spelling_key(name) in _FROM_KEY_PARAMS and bool(_NAMES_AN_ID.search(description))


def infer_paging(api: Api, operation: Operation, list_schema: Any, items_path: str) -> Paging:
    query = {p.name: p for p in operation.parameters if p.location == "query"}
    described = _param_descriptions(api, operation)

    def first(names: Iterable[str]) -> str | None:
        return first_query_parameter(operation, names)

    limit_param = first(LIMIT_PARAMS)
    offset_param = first(OFFSET_PARAMS)
    page_param = first(PAGE_PARAMS)
    cursor_param = first(_CURSOR_PARAMS)
    if cursor_param is None and offset_param is not None and takes_tokens(query[offset_param].schema):
        # an offset that is a string only is a token the list hands out (Asana's `offset`), not a count
        cursor_param, offset_param = offset_param, None
    if cursor_param is None:  # a parameter the spec describes as the cursor (Runflow's `pq`)
        cursor_param = next(
            (
                name
                for name, text in described.items()
                if re.search(r"\bcursor\b|page token", text, re.I)
                and not re.search(r"\bprev", text, re.I)
                and "string" in schema_types(_flat(query[name].schema if name in query else {}))
            ),
            None,
        )
    cursor_is_key = False
    if cursor_param is None:  # `from`, "an ID to start the result set from": the key of the page's first record
        cursor_param = next((name for name in query if _starts_at_a_key(name, described.get(name, ""))), None)
        cursor_is_key = cursor_param is not None
    next_field, more_field = last_page_fields(list_schema) if items_path != "" else (None, None)
    if cursor_is_key and next_field is None and items_path != "":  # Meilisearch's `next`: the next page's first uid
        next_field = _find_field(list_schema, _NEXT_FIELDS, frozenset({"string", "integer"}))
    previous_field = _find_field(list_schema, _PREVIOUS_FIELDS) if items_path != "" else None
    if cursor_param is not None and items_path != "":  # Box's `marker` and `next_marker`, `prev_marker`
        next_field = next_field or _find_field(list_schema, _named_after(cursor_param, ("next",)))
        previous_field = previous_field or _find_field(list_schema, _named_after(cursor_param, ("prev", "previous")))
    first_field = _find_field(list_schema, _FIRST_FIELDS) if items_path != "" else None
    last_field = _find_field(list_schema, _LAST_FIELDS) if items_path != "" else None
    keys = frozenset({"string", "integer"})
    first_key_field = _find_field(list_schema, ("first_id",), keys) if items_path != "" else None
    last_key_field = _find_field(list_schema, ("last_id",), keys) if items_path != "" else None
    found = page_fields(list_schema, items_path)
    counted: dict[PageFact, str] = {}
    for path, fact in found:
        counted.setdefault(fact, path)  # the first of several counts is the total; the others are numbers below
    total_field, pages_field = counted.get(PageFact.TOTAL), counted.get(PageFact.PAGES)

    success = _success(operation)
    headers = operation.responses[success[0]].headers if success else {}
    limit_schema = _flat(query[limit_param].schema) if limit_param else {}
    default_limit = limit_schema.get("default")
    maximum = limit_schema.get("maximum")
    if "link" in headers and (page_param or cursor_param):
        style = "link"
    elif cursor_param:
        style = "cursor"
    elif page_param:
        style = "page"
    elif offset_param:
        style = "offset"
    else:
        style = "none"
    return Paging(
        style=style,
        limit_param=limit_param,
        offset_param=offset_param,
        page_param=page_param,
        cursor_param=cursor_param,
        cursor_is_key=cursor_is_key,
        next_field=next_field,
        previous_field=previous_field,
        first_field=first_field,
        last_field=last_field,
        first_key_field=first_key_field,
        last_key_field=last_key_field,
        total_field=total_field,
        pages_field=pages_field,
        more_field=more_field,
        numbers=tuple(
            (path, fact)
            for path, fact in found
            if fact in _PAGE_NUMBER_FIELDS or fact is PageFact.ON_PAGE or counted[fact] != path
            # a list paged by keys says keys where its next page and its first record are (Meilisearch's `next`,
            # `from`), not their numbers
            if not (cursor_is_key and path in (next_field, cursor_param))
        ),
        default_limit=int(default_limit) if isinstance(default_limit, int) else min(20, int(maximum or 20)),
        max_limit=int(maximum) if isinstance(maximum, (int, float)) else None,
        headers=tuple(
            (name, told)
            for name, schema in headers.items()
            if (told := page_header(name)) is not None
            and {"integer", "number", "string"} & set(schema_types(_flat(schema)))
        ),
    )


def _named_after(param: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """The answer fields that carry a cursor parameter's next (or previous) value, named after it: `next_marker`,
    `marker_next`, `nextMarker` for `marker`."""
    camel = param[:1].upper() + param[1:]
    return tuple(name for word in words for name in (f"{word}_{param}", f"{param}_{word}", f"{word}{camel}"))


def takes_tokens(schema: Any) -> bool:
    """Whether a paging parameter takes strings only, none of them a number: an `offset` so declared is a token the
    list hands out (Asana's), not a count to add to."""
    flat = _flat(schema or {})
    return set(schema_types(flat)) - {"null"} == {"string"} and flat.get("format") not in ("int32", "int64")


def _paging_dict(paging: Paging) -> dict[str, Any]:
    """The paging as JSON holds it: where the page facts go, by the fact's name (`{"meta.page": "page"}`)."""
    out: dict[str, Any] = {k: v for k, v in vars(paging).items() if v is not None and k not in ("numbers", "headers")}
    for name in ("numbers", "headers"):
        if getattr(paging, name):
            out[name] = {where: fact.value for where, fact in getattr(paging, name)}
    return out


# a query parameter named as a field could be (`To`, `author_id`, `user.name`), not as an operator on one
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]+")


def infer_filters(
    operation: Operation, record: Schema, paging: Paging, parent_params: tuple[str, ...], own_object: str = ""
) -> dict[str, str]:
    """Query parameter -> the record property a list filters by; dotted where the record is a view of its own
    object (`own_object`) and the property is that object's (Lemmy's `?post_id=` of `CommentView.comment.post_id`)."""
    properties = _properties(record)
    if own_object:
        inner = _properties(properties.get(own_object))
        properties = {**{f"{own_object}.{name}": sub for name, sub in inner.items()}, **properties}
    reserved = {paging.limit_param, paging.offset_param, paging.page_param, paging.cursor_param, *parent_params}
    filters = {}
    for parameter in operation.parameters:
        if parameter.location != "query" or parameter.name in reserved:
            continue
        if not _PLAIN_NAME.fullmatch(parameter.name):
            continue  # Twilio's `DateSent<` and `created[gte]` ask for a range, not a value
        # `?tag=x` filters `tagList`/`tags` by membership; `?author=jake` an object by one of its fields; Twilio's
        # `?To=` its records' `to`
        names = [
            *(parameter.name, f"{parameter.name}s", f"{parameter.name}List", f"{parameter.name}_list"),
            singular(parameter.name),  # Spotify's `?ids=a,b` asks for the records whose `id` is one of them
        ]
        target = _first_field(names, list(properties))
        if target is None and own_object:
            target = _first_field([f"{own_object}.{name}" for name in names], list(properties))
        if target is None:
            continue
        kinds = set(schema_types(_flat(properties[target]))) - {"null"}
        asked = set(schema_types(_flat(parameter.schema))) - {"null"}
        if "boolean" in kinds and asked and "boolean" not in asked:
            continue  # RealWorld's `?favorited=jake` names a user, not the flag
        if kinds == {"object"} and parameter.name in (*_SORT_PARAMS, *_DIRECTION_PARAMS):
            continue  # Outline's `sort: "title"` orders collections that each hold a `sort: {field, direction}`
        if kinds and kinds <= {"string", "integer", "number", "boolean", "array", "object"}:
            filters[parameter.name] = target
    return filters


# Values a list filter offers that mean "whatever the value": `?state=all` lists open and closed issues alike.
_CATCH_ALL_VALUES = frozenset({"all", "any", "*", "both", "every"})


def _enumerated(schema: Any) -> tuple[Any, ...]:
    """The values a parameter's schema enumerates (its items' for an array), in order; () where it names none."""
    flat = _flat(schema)
    if "enum" not in flat and isinstance(flat.get("items"), dict):
        flat = _flat(flat["items"])
    return tuple(flat.get("enum") or ())


def catch_all_values(values: tuple[Any, ...]) -> tuple[str, ...]:
    """The values a list filter offers that mean every value (`all`, `any`): filtering by them filters nothing."""
    return tuple(v for v in values if isinstance(v, str) and v.lower() in _CATCH_ALL_VALUES)


def _choices(filtered: dict[str, tuple[str, tuple[Any, ...]]], record: Schema) -> dict[str, tuple[Any, ...]]:
    """Record property -> the values a list filter offers for it, where the record's own schema leaves the property
    open (a plain string: no `enum` of its own): its records should hold one, or the filter finds none. (Whether
    each value fits the property's other keywords, a pattern or a length, is checked as the value is given.)"""
    out: dict[str, tuple[Any, ...]] = {}
    for target, values in filtered.values():
        offered = tuple(v for v in values if isinstance(v, str) and v not in catch_all_values(values))
        own = _flat(at_path(record, target))
        if offered and "string" in schema_types(own) and not {"enum", "const"} & own.keys():
            out[target] = offered
    return out


def _parent_object(resource: Resource, parent: Resource) -> str | None:
    """The property of a nested record that holds its parent's record: named for the parent (`user`), its `owner`
    or `parent`, an object keyed as the parent is whose fields are mostly the parent's."""
    parent_fields = set(_properties(parent.record_schema))
    names = {spelling_key(singular(parent.name.rsplit("_", 1)[-1])), "owner", "parent"}
    for name, sub in _properties(resource.record_schema).items():
        fields = set(_properties(sub))
        if (
            spelling_key(name) in names
            and holds_field(sub, parent.id_field)
            and len(fields & parent_fields) * 2 > len(fields)
        ):
            return name
    return None


_NOUN_ID = re.compile(r"(?:[a-z0-9][_-]?id|[a-z0-9]Id|[a-z0-9]ID)$")  # `organization_id`, `orgId`, `teamID`


def _alternate_key(id_param: str, record: Schema, id_field: str, description: str = "") -> str | None:
    """The record property a parameter like `{id_or_name}` (`idOrSlug`, `name_or_id`) names besides the id, or
    that its description offers: Twilio's `{Sid}` is "the resource's `sid` or its `unique_name`", Jira's
    `{issueIdOrKey}` "the ID or key of the issue", GitLab's `{id}` "the ID or URL-encoded path of the project"."""
    words = re.split(r"[_-]?(?<![a-z])or(?![a-z])[_-]?|(?<=[a-z])Or(?=[A-Z])|[_-]or[_-]", id_param)

    def names_the_id(word: str) -> bool:  # Sentry's `organization_id_or_slug`: the record's own id, by its noun
        return names_own_id(word) or word.lower() == id_field.lower() or _NOUN_ID.search(word) is not None

    properties = {spelling_key(name): name for name in _properties(record)}

    def other_field(word: str) -> str | None:
        found = properties.get(spelling_key(word))
        return found if found is not None and found != id_field else None

    if len(words) == 2 and any(spelling_key(word) == spelling_key(id_field) for word in words):
        # Meilisearch's `{uidOrKey}` keyed `key`: the other word is the other field, however it is named
        other = next((word for word in words if spelling_key(word) != spelling_key(id_field)), None)
        return other_field(other) if other is not None else None
    if len(words) == 2 and any(names_the_id(word) for word in words):
        other = next((word for word in words if not names_the_id(word)), None)
        return other_field(other) if other is not None else None
    # in the description: the id named just before an "or", a field of the record in the few words after it
    for said in _ID_OR_FIELD.finditer(description):
        if not names_the_id(said.group("id").strip("`'\"")):
            continue
        after = [word.strip("`'\"") for word in said.group("after").split()]
        for words_taken in (2, 1):  # `unique name` as one field before `name`
            for start in range(len(after) - words_taken + 1):
                found = other_field("_".join(after[start : start + words_taken]))
                if found is not None:
                    return found
    return None


# "<the id> or <up to four words>" in a parameter's description: `sid` or its `unique_name`, ID or URL-encoded path
_ID_OR_FIELD = re.compile(
    r"(?P<id>[`'\"]?[A-Za-z_]+[`'\"]?)(?:\s+\([^)]*\))?\s*,?\s+or\s+(?P<after>(?:[^\s.,;:()]+\s*){1,4})"
)


def _linked(nested: Resource, resources: list[Resource]) -> str | None:
    """The top-level resource whose records a nested collection holds: the same noun (`/users/{id}/groups` and
    `/groups`) and the same record schema."""
    if not nested.parent_params or nested.item_path is None:
        return None
    noun = noun_of(nested.collection_path)
    return next(
        (
            other.name
            for other in resources
            if not other.parent_params
            and other is not nested
            and _segments(other.collection_path)[-1:] == [noun]
            and (
                other.record_schema is nested.record_schema
                or _properties(other.record_schema).keys() == _properties(nested.record_schema).keys()
            )
        ),
        None,
    )


def _child_counts(parent: Resource, children: list[Resource]) -> tuple[tuple[str, str], ...]:
    """The integer properties of `parent`'s record named as a count of one of its nested collections: `todoCount`,
    `todos_count`, `num_todos`, `number_of_todos`, `total_todos` or `todos_total` for `/projects/{id}/todos`."""
    counted: dict[str, str] = {}
    for child in children:
        plural = spelling_key(noun_of(child.collection_path))
        one = singular(plural)
        names = {f"{noun}count" for noun in (plural, one)} | {
            f"num{plural}",
            f"numberof{plural}",
            f"total{plural}",
            f"{plural}total",
        }
        for name, schema in _properties(parent.record_schema).items():
            if spelling_key(name) in names and "integer" in schema_types(_flat(schema)):
                counted.setdefault(name, child.name)
    return tuple(counted.items())


def _child_lists(parent: Resource, children: list[Resource]) -> tuple[tuple[str, str], ...]:
    """The array properties of `parent`'s record that embed the records of one of its nested collections: an array
    of objects named as the nested collection is (`keywords` for `/filters/{id}/keywords`)."""
    listed: dict[str, str] = {}
    for child in children:
        plural = spelling_key(noun_of(child.collection_path))
        for name, schema in _properties(parent.record_schema).items():
            if spelling_key(name) == plural and _is_array(schema) and _is_object(_flat(schema).get("items")):
                listed.setdefault(name, child.name)
    return tuple(listed.items())


# a field named for the record it names: `author_id`, `qualityProfileId`; for several, `tag_ids`, `movieIds`
ID_OF = re.compile(r"^(?P<stem>.+?)(?:_id|Id|ID|_pk|_uuid|Uuid)$")
IDS_OF = re.compile(r"^(?P<stem>.+?)(?:_ids|Ids|IDs|_pks|_uuids|Uuids)$")


def _references(
    resource: Resource, resources: list[Resource], by_address: list[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """The record's fields holding ids of another top-level resource's records: named for it (`qualityProfileId`,
    `tag_ids`, or a list named as it is, `tags`), of its id's type. Not the record's own ids, nor its parent's."""
    targets = _top_level_by_name(resource, resources)
    own = {resource.id_field, *resource.other_ids, *resource.parent_fields.values()}
    if resource.address is not None:
        own.add(resource.address.field)
    found = list(by_address)  # `_references_by_address`: the fields naming records by their address
    for name, schema in _properties(resource.record_schema).items():
        if name in own or any(name == field for field, _ in found):
            continue
        many = _is_array(schema)
        held = _flat((_flat(schema).get("items") or {}) if many else schema)
        named = (IDS_OF if many else ID_OF).match(name)
        stem = named.group("stem") if named else (singular(name) if many else None)
        target = targets.get(spelling_key(stem)) if stem else None
        if target is None or not _same_kind(held, target.id_schema):
            continue
        found.append((name, target.name))
    return tuple(found)


def _references_by_address(resource: Resource, resources: list[Resource]) -> list[tuple[str, str]]:
    """The record's fields holding another top-level resource's records' addresses (`Resource.address`): a memo's
    `creator`, "Format: users/{user}", of the users named `users/bob`."""
    targets = [
        other
        for other in resources
        if not other.parent_params and other is not resource and other.item_path and other.address is not None
    ]
    found = []
    own = {resource.id_field, *resource.parent_fields.values()}
    for name, schema in _properties(resource.record_schema).items():
        held = _flat((_flat(schema).get("items") or {}) if _is_array(schema) else schema)
        target = next((t for t in targets if t.address and names_address(held, t.address, str(t.item_path))), None)
        if target is not None and name not in own and (resource.address is None or name != resource.address.field):
            found.append((name, target.name))
    return found


def _embeds(resource: Resource, resources: list[Resource]) -> tuple[tuple[str, str], ...]:
    """The record's object fields holding another top-level resource's record (`Resource.embeds`): named for it,
    one (`Contact`) or a list (`Tags`), of objects declaring its id field."""
    targets = _top_level_by_name(resource, resources)
    found = []
    for name, schema in _properties(resource.record_schema).items():
        held = _flat(_flat(schema).get("items") or {}) if _is_array(schema) else _flat(schema)
        target = targets.get(spelling_key(singular(name)))
        if target is not None and _is_object(held) and holds_field(held, target.id_field):
            found.append((name, target.name))
    return tuple(found)


def _top_level_by_name(resource: Resource, resources: list[Resource]) -> dict[str, Resource]:
    """The other top-level resources with an item path, by the spelling key of their singular noun (`qualityprofile`
    for `/qualityprofile`, `contact` for `/Contacts`)."""
    return {
        spelling_key(singular(other.name.rsplit("_", 1)[-1])): other
        for other in resources
        if not other.parent_params and other is not resource and other.item_path is not None
    }


def _same_kind(held: Schema, id_schema: Schema) -> bool:
    """Whether a field's values could be ids of this schema: both numbers, or both text."""
    kinds = {"integer": "number", "number": "number", "string": "string"}
    mine = {kinds[t] for t in schema_types(held) if t in kinds}
    theirs = {kinds[t] for t in schema_types(_flat(id_schema)) if t in kinds}
    return bool(mine & theirs)


def _linked_or_shared(nested: Resource, resources: list[Resource]) -> tuple[str | None, str | None]:
    """(`linked`, `shares`) of a nested resource holding a top-level resource's records (`_linked`): the same
    records where each names its parent in a field (`parent_fields`) and the server gives the ids, as the
    top-level one does; links to them otherwise."""
    top = _linked(nested, resources)
    held = next((r for r in resources if r.name == top), None)
    if (
        held is not None
        and nested.parent_params[-1] in nested.parent_fields
        and nested.id_field == held.id_field
        and nested.id_field in nested.server_fields
        and held.id_field in held.server_fields
    ):
        return None, held.name
    return top, None


# ---------------------------------------------------------------- links


def _links_from(api: Api, operation: Operation) -> list[tuple[str, dict[str, str]]]:
    """(target operationId, parameter name -> runtime expression) for each link of the success answers."""
    out = []
    for status, response in (_raw_operation(api, operation).get("responses") or {}).items():
        if not str(status).startswith("2") or not isinstance(response, dict):
            continue
        for link in (response.get("links") or {}).values():
            if isinstance(link, dict) and link.get("operationId"):
                params = {str(k).split(".")[-1]: str(v) for k, v in (link.get("parameters") or {}).items()}
                out.append((str(link["operationId"]), params))
    return out


def _body_pointer(expression: str) -> str | None:
    """`$response.body#/node/id` -> `node.id`."""
    if not expression.startswith("$response.body#/"):
        return None
    return ".".join(p.replace("~1", "/").replace("~0", "~") for p in expression[len("$response.body#/") :].split("/"))


# ---------------------------------------------------------------- the inference


@dataclass
class _Draft:
    noun: str
    collection_paths: list[str]
    item_path: str | None
    parent_params: tuple[str, ...]
    operations: dict[str, list[Operation]]
    record_keys: frozenset[str]
    source: str = "paths"
    scope: str = ""  # an RPC-style collection's (`RpcCall.scope`): the same noun in two scopes is two collections


def _collection_candidates(api: Api) -> tuple[dict[str, dict[str, Operation]], dict[str, dict[str, Operation]]]:
    by_path: dict[str, dict[str, Operation]] = {}
    for operation in api.operations:
        if operation.task_protocol is None:
            by_path.setdefault(operation.path, {})[operation.method] = operation
    collections = {p: ops for p, ops in by_path.items() if _segments(p) and not is_path_parameter(_segments(p)[-1])}
    items = {p: ops for p, ops in by_path.items() if _segments(p) and is_path_parameter(_segments(p)[-1])}
    # A collection of each kind, the kind a parameter: HubSpot's `GET|POST /crm/v3/properties/{objectType}` list
    # and make the properties of one kind of object, which `/crm/v3/properties/{objectType}/{propertyName}` reads.
    # Its GET answers records where a list holds them (a bare array, `results`, `items`…), and an item path hangs
    # off it; an item's GET that answers a record holding a list of something (Discord's channel) is neither.
    collection_shapes = {_parent_shape(p) for p in items}
    for path, ops in list(items.items()):
        lister = ops.get("GET")
        if _path_shape(path) in collection_shapes and lister is not None and _lists_records(lister, noun_of(path)):
            collections[path] = items.pop(path)
    # A collection path of no operation of its own, whose records are made at `<collection>/enroll` and read at
    # `<collection>/{id}` (WorkOS' `POST /auth/factors/enroll` and `GET /auth/factors/{id}`): a collection still.
    item_parents = {_parent_shape(p) for p in items}
    for path, ops in list(collections.items()):
        parent = _collection_made_at_a_verb(path, ops)
        if parent is not None and parent not in by_path and _path_shape(parent) in item_parents:
            collections.setdefault(parent, {})
    # A collection path of no operation of its own beneath which a record lives its whole life at its own path (Azure's
    # maintenance configurations under a resource group, listed only at the subscription): a collection still.
    spelt = {tuple(_segments(path)) for path in by_path}
    for path, ops in items.items():
        parent = path.rsplit("/", 1)[0]
        # not where the collection is spelt with a trailing slash (`/apps/` beside `/apps/{appId}`: LUIS, FastAPI's
        # routers): the record's PUT, taken for a second collection's create, made it an upsert listed twice
        if not parent or parent in by_path or f"{parent}/" in by_path or not _a_lifecycle_at(ops):
            continue
        if tuple(_segments(parent)) in spelt and "404" in ops["PUT"].responses:
            # nor beside its spelling with a format suffix (Jumpseller's `/categories.json`), whose own create makes
            # the records, where the PUT answers 404 for one not there: it updates, it makes nothing
            continue
        collections.setdefault(parent, {})
    return collections, items


def noun_of(path: str) -> str:
    """What a collection path names its records: its last segment, or the last one before the parameter that names
    their kind (`properties` of `/crm/v3/properties/{objectType}`), a version not (`objects` of
    `/crm/objects/v3/{objectType}`)."""
    segments = _segments(path)
    if segments and not is_path_parameter(segments[-1]):
        return segments[-1]
    words = [s for s in segments if not is_path_parameter(s)]
    return next((s for s in reversed(words) if not _VERSION.match(s)), words[-1] if words else "")


def _lists_records(lister: Operation, noun: str) -> bool:
    items_path = locate_items(success_schema(lister), noun)
    return items_path is not None and _named_items(items_path, noun)


def _kinds_made_below(
    collections: dict[str, dict[str, Operation]], items: dict[str, dict[str, Operation]]
) -> dict[str, list[Operation]]:
    """Collection path -> the POSTs one literal segment below it that make its records, each of the kind the segment
    names: Coolify's `POST /applications/public`, `/applications/dockerfile` and `/applications/dockerimage` make the
    applications `GET /applications` lists and `GET /applications/{uuid}` reads. Each sends a record, answers only
    201 Created (`_creates`), and answers the record or some of its fields, its id among them (`{"uuid": …}`)."""
    found: dict[str, list[Operation]] = {}
    for path, ops in collections.items():
        post, parent = ops.get("POST"), parent_path(path)
        if post is None or "GET" not in collections.get(parent, {}) or not _writes_record(post):
            continue
        if "GET" in ops or _item_paths(items, path, ""):
            continue  # a collection of its own (Resend's `/contacts/imports`, listed and read by id)
        noun = noun_of(parent)
        getter = _item_getter(items, parent, noun)
        if not noun or getter is None:
            continue
        if not _creates(post) and not _answers_a_new_one(post, getter, collections[parent].get("POST")):
            continue
        record = frozenset(_properties(_record_schema(noun, None, None, getter, None)))
        answered = frozenset(_properties(success_schema(post)))
        ids = {name for name in answered if names_an_id(name)}
        if any(names_own_id(name) for name in ids & _request_fields([post])):
            # it names the record it answers by that record's own id (Box's `POST /files/{id}/versions/current
            # {"id": …}`); another record's id it may send (Appwrite's `…/deployments/duplicate {"buildId": …}`)
            continue
        if ids and answered <= record:
            found.setdefault(parent, []).append(post)
    return found


def _item_getter(items: dict[str, dict[str, Operation]], collection_path: str, noun: str) -> Operation | None:
    """The read of one of a collection's records: the GET of its first item path that has one."""
    return next((items[p]["GET"] for p in _item_paths(items, collection_path, noun) if "GET" in items[p]), None)


def _made_under_a_parent(
    collections: dict[str, dict[str, Operation]], items: dict[str, dict[str, Operation]]
) -> dict[str, list[Operation]]:
    """Collection path (one of no parameter) -> the writes below another record's item path that end in its word and
    make its records: Vikunja's `PUT /projects/{id}/tasks` makes a task of that project, listed at `GET /tasks` and
    read at `/tasks/{id}`. The write's path lists nothing of its own, nor does another path ending in its word under
    as many parameters (Gitea's `POST /admin/users/{username}/keys` makes the keys `GET /users/{username}/keys`
    lists), it sends a record, and it answers the very schema the collection's item read answers."""
    found: dict[str, list[Operation]] = {}
    under_a_parent: dict[str, list[str]] = {}  # last word -> the collection paths below a parameter ending in it
    for other in collections:
        if _params_of(other):
            under_a_parent.setdefault(_segments(other)[-1], []).append(other)
    for path, ops in collections.items():
        below = under_a_parent.get(_segments(path)[-1], []) if "GET" in ops and not _params_of(path) else []
        if not below:
            continue
        noun = noun_of(path)
        getter = _item_getter(items, path, noun)
        answered = success_schema(getter) if getter is not None else None
        if answered is None or infer_lifecycle(noun, answered, _properties(answered)) is not None:
            continue  # a job's: the writes that make one are the job's makers (`_spawned_by`), its status the server's
        listed_below = {len(_params_of(other)) for other in below if "GET" in collections[other]}
        for other in below:
            other_ops = collections[other]
            if "GET" in other_ops or len(_params_of(other)) in listed_below or _item_paths(items, other, noun):
                # listed under a parent of its kind, or with items of its own there (Xero's contacts put in a
                # group, taken out at `/ContactGroups/{ContactGroupID}/Contacts/{ContactID}`): a nested collection's
                continue
            writer = other_ops.get("POST") or other_ops.get("PUT")
            if writer is not None and _writes_record(writer) and success_schema(writer) is answered:
                found.setdefault(path, []).append(writer)
    return found


# Words of a segment under a collection that name a look at a record not made (Stripe's
# `POST /v1/invoices/create_preview`), or a way in (`POST /users/login`), not another way to make one.
_NOT_MADE_WORDS = frozenset(
    {
        "preview", "estimate", "validate", "validation", "verify", "check", "test", "simulate", "calculate",
        "quote", "dry", "search", "query", "lookup", "find", "match", "resolve", "count", "export", "upcoming",
        "login", "signin", "logon", "authenticate", "auth", "token", "refresh", "me", "current", "self",
    }
)  # fmt: skip


def _answers_a_new_one(post: Operation, getter: Operation, create: Operation | None) -> bool:
    """Whether a POST one literal segment below a collection that answers 200 makes one of its records: it answers
    the very schema the collection's item read (or its own create) answers, and its segment names no look at a record
    (`_NOT_MADE_WORDS`). OpenAI's `POST /videos/edits` and `/videos/extensions` answer the `VideoResource` that
    `POST /videos` and `GET /videos/{video_id}` answer: each makes a video, polled and listed like the others."""
    answered = success_schema(post)
    if answered is None or not any(
        answered is success_schema(other) for other in (getter, create) if other is not None
    ):
        return False
    return not _NOT_MADE_WORDS.intersection(name_words(_segments(post.path)[-1]))


# The last segment of a create named as a verb under its collection (Docker's `POST /volumes/create`).
_CREATE_VERBS = frozenset({"create", "new", "add", "enroll", "register"})
# …and, for a POST alone, the verbs of making that name what the record is for (ElevenLabs' `POST
# /v1/convai/batch-calling/submit`, read back at `/v1/convai/batch-calling/{batch_id}`)
_POST_CREATE_VERBS = _CREATE_VERBS | {"submit", "start", "launch", "run", "generate", "upload"}


def _rpc_creates(collections: dict[str, dict[str, Operation]]) -> dict[str, Operation]:
    """Collection path -> its create where that is a POST on `<collection>/create` (or `/new`, `/add`) and the
    collection has no POST of its own: Docker's volumes, networks and secrets are made so, and a volume created was
    then never listed or read back."""
    found: dict[str, Operation] = {}
    for path, ops in collections.items():
        parent = _collection_made_at_a_verb(path, ops)
        if parent is not None and parent in collections and "POST" not in collections[parent]:
            found[parent] = ops["POST"]
    return found


def _collection_made_at_a_verb(path: str, ops: dict[str, Operation]) -> str | None:
    """The collection path whose records a `POST <collection>/create` (or `/new`, `/add`, `/enroll`, `/register`)
    makes, or None where `path` is no such create."""
    segments = _segments(path)
    if "POST" not in ops or len(segments) < 2 or segments[-1].lower() not in _POST_CREATE_VERBS:
        return None
    return parent_path(path)


# The last segment of a path that makes several records of its parent collection at once: `POST /emails/batch`
_BATCH_SEGMENTS = frozenset({"batch", "bulk", "batchcreate", "bulkcreate", "createbatch", "createbulk", "createmany"})


def _batch_creates(collections: dict[str, dict[str, Operation]]) -> dict[str, Operation]:
    """Collection path -> the POST on `<collection>/batch` (or `/bulk`, or `/batch/create`) whose body lists records,
    where the collection has a POST of its own: Resend's `POST /emails/batch [{…}, {…}]`, Clerk's
    `POST /invitations/bulk`, HubSpot's `POST /crm/v3/objects/{objectType}/batch/create {"inputs": [{…}]}`. Each
    record it lists is made as the collection's create makes one (`batch_field`)."""
    found: dict[str, Operation] = {}
    for path, ops in collections.items():
        segments = _segments(path)
        post = ops.get("POST")
        if post is None or len(segments) < 2:
            continue
        if spelling_key(segments[-1]) in _BATCH_SEGMENTS:
            parent = parent_path(path)
        elif (
            len(segments) > 2
            and segments[-1].lower() in _CREATE_VERBS
            and spelling_key(segments[-2]) in _BATCH_SEGMENTS
        ):
            parent = parent_path(parent_path(path))
        else:
            continue
        if parent in collections and "POST" in collections[parent] and batch_field(post) is not None:
            found[parent] = post
    return found


def batch_field(operation: Operation) -> str | None:
    """Where a write's body lists records (objects), in a media type read as records: `BATCH_BODY` where the body is
    the list itself, the field of the one required list of records it holds (HubSpot's `{"inputs": […]}`), or None."""
    media = operation.request_body.content if operation.request_body else {}
    for kind, declared in media.items():
        if not any(record_media in kind for record_media in _RECORD_MEDIA):
            continue
        if _is_array(declared.schema) and _is_object(_flat(declared.schema).get("items")):
            return BATCH_BODY
        required = _flat(declared.schema).get("required") or ()
        lists = [
            name
            for name, sub in _properties(declared.schema).items()
            if _is_array(sub) and _is_object(_flat(sub).get("items"))
        ]
        if len(lists) == 1 and lists[0] in required:
            return lists[0]
    return None


# RPC-style operations each have a path of their own, whose last segment names the records and what is done to them:
# Outline's and Slack's `POST /documents.create` and `/documents.info {"id": …}`, `/users/list`, Twirp's and Connect's
# `/acme.v1.HatService/CreateHat`. The verb gives the role; the record is named by its id in the body or the query.
_RPC_VERBS: dict[str, str] = {
    **dict.fromkeys((*_CREATE_VERBS, "insert"), CREATE),
    **dict.fromkeys(("list", "all", "index"), LIST),
    **dict.fromkeys(("info", "get", "read", "show", "retrieve", "fetch", "view", "describe", "detail", "details"), GET),
    **dict.fromkeys(("update", "edit", "modify", "patch"), UPDATE),
    "replace": REPLACE,
    **dict.fromkeys(("delete", "remove", "destroy"), DELETE),
}
_VERSION = re.compile(r"^v[0-9]+(\.[0-9]+)*$")
# a verb then its noun in one segment: `CreateHat`, `listHats`, `get_user`, `delete-user`
# what is done to the records of a dotted RPC call that is no verb of `_RPC_VERBS` (`archive`, `add_user`)
_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_VERB_FIRST = re.compile(r"^(?P<verb>[a-z]+|[A-Z][a-z]+)(?:[_-]|(?=[A-Z]))(?P<noun>[A-Za-z][A-Za-z0-9_]*)$")


@dataclass(frozen=True)
class RpcCall:
    scope: str  # the path before the segments naming the records: `/twirp/acme.v1.HatService`, `/api`
    noun: str  # as the path spells it: `documents`, `Hats`
    role: str


def rpc_call(path: str, paths: Mapping[str, Any]) -> RpcCall | None:
    """What an RPC-style path names (`_RPC_VERBS`); None for any other. A verb segment under a collection that has
    operations of its own (Docker's `POST /volumes/create` of `/volumes`) is no RPC call: `_rpc_creates` joins it."""
    segments = _segments(path)
    if not segments or is_path_parameter(segments[-1]):
        return None
    last = segments[-1]
    scope = "/" + "/".join(segments[:-1]) if len(segments) > 1 else ""
    noun, dot, verb = last.rpartition(".")
    if dot and noun and verb.lower() in _RPC_VERBS:  # `/documents.create`
        return RpcCall(scope, noun, _RPC_VERBS[verb.lower()])
    if dot and noun and _WORD.match(verb):  # `/documents.archive`: `_rpc_drafts` keeps those that answer the record
        return RpcCall(scope, noun, ACTION)
    if last.lower() in _RPC_VERBS and len(segments) > 1 and not is_path_parameter(segments[-2]):  # `/users/create`
        if scope in paths:
            return None
        at = len(segments) - 2  # the noun; a version after it is not one (Plaid's `/transactions/rules/v1/create`)
        while at > 0 and _VERSION.match(segments[at]) and not is_path_parameter(segments[at - 1]):
            at -= 1
        return RpcCall("/" + "/".join(segments[:at]) if at else "", segments[at], _RPC_VERBS[last.lower()])
    words = _VERB_FIRST.match(last)
    if words and words["verb"].lower() in _RPC_VERBS:  # `CreateHat`
        return RpcCall(scope, words["noun"], _RPC_VERBS[words["verb"].lower()])
    return None


# The roles a verb segment under a collection path of operations of its own may give (its creates: `_rpc_creates`).
_CHILD_ROLES = frozenset({LIST, GET, UPDATE, REPLACE, DELETE})


def _children_of_a_create(collections: dict[str, dict[str, Operation]]) -> dict[str, dict[str, list[Operation]]]:
    """Collection path -> role -> the operations one segment below it that name its records in their body or query,
    where the collection path makes them (a POST of a record): Lemmy's `GET /post/list`, `POST /post/delete
    {"post_id": …}` beside `POST /post`, `GET /post?id=` and `PUT /post {"post_id": …}`. A verb segment gives the role
    (`rpc_call` leaves these out: their scope is a path); a write under another word that answers what the create
    answers is an action on the record (`POST /post/lock {"post_id": …, "locked": true}`). `_build` keeps only those
    that name a record."""
    found: dict[str, dict[str, list[Operation]]] = {}
    for path, ops in collections.items():
        segments = _segments(path)
        parent = parent_path(path)
        creator = collections.get(parent, {}).get("POST")
        if len(segments) < 2 or creator is None or not _writes_record(creator):
            continue
        role = _RPC_VERBS.get(segments[-1].lower())
        if role in _CHILD_ROLES:
            for operation in ops.values():
                found.setdefault(parent, {}).setdefault(role, []).append(operation)
            continue
        made = _properties(success_schema(creator))
        for method in ("POST", "PUT", "PATCH"):
            writer = ops.get(method)
            if role is None and writer is not None and made and _properties(success_schema(writer)) == made:
                found.setdefault(parent, {}).setdefault(ACTION, []).append(writer)
    return found


def _child_roles(
    children: Mapping[str, list[Operation]], lister: Operation | None, record: Schema
) -> list[tuple[str, Operation]]:
    """(role, operation) for each of a collection path's children (`_children_of_a_create`) that joins its records:
    the role its verb gives, but for a delete that sends a flag the record holds, which marks it (Lemmy's `POST
    /post/delete {"post_id": …, "deleted": true}`, undone by false), and a replace that requires only ids, an update.
    A write under another word joins only where it sets such a flag (OpenAI's `POST /videos/edits` makes another
    video from one)."""
    out = []
    for verb_role, found in children.items():
        for operation in found:
            if operation is lister:
                continue
            role = verb_role
            if role == ACTION and not _sets_own_flag(operation, record):
                continue
            if role == DELETE and _sets_own_flag(operation, record):
                role = ACTION
            elif role == REPLACE and not _requires_fields(operation, beside_its_key=True):
                role = UPDATE
            out.append((role, operation))
    return out


def _read_record(
    items: Mapping[str, Mapping[str, Operation]],
    item_path: str | None,
    noun: str,
    lister: Operation | None,
    items_path: str | None,
) -> Schema | None:
    """The record a collection's list or item read answers, where it has either: what a create of no record of
    its own must answer to make one (`_answers_what_it_made`)."""
    getter = (items.get(item_path) or {}).get("GET") if item_path else None
    return _record_schema(noun, lister, items_path, getter, None) if lister or getter else None


def _rpc_drafts(by_path: Mapping[str, Mapping[str, Operation]]) -> list[_Draft]:
    """The collections RPC-style operations make up: those of one scope and noun (`documents.create` and
    `documents.info`; `CreateHat` and `ListHats`), where one creates records from a body and another lists or
    reads them back. The others stay actions."""
    groups: dict[tuple[str, str], list[tuple[RpcCall, Operation]]] = {}
    for path, ops in by_path.items():
        call = rpc_call(path, by_path)
        if call is None:
            continue
        for operation in ops.values():
            groups.setdefault((call.scope, spelling_key(singular(call.noun))), []).append((call, operation))
    drafts = []
    for calls in groups.values():
        operations: dict[str, list[Operation]] = {role: [] for role in ROLES}
        for call, operation in calls:
            operations[call.role].append(operation)
        operations[CREATE] = [o for o in operations[CREATE] if o.request_body is not None and _writes_record(o)]
        # records made and read back, or, with no create, records listed and read one by one (Outline's
        # `users.list` and `users.info {"id": …}`: its users are seeded, as a REST list and item read's are)
        if not (operations[LIST] or operations[GET]) or not (
            operations[CREATE] or operations[LIST] and operations[GET]
        ):
            continue
        home = (operations[LIST] or operations[CREATE])[0]
        noun = next(call.noun for call, operation in calls if operation is home)
        lister = operations[LIST][0] if operations[LIST] else None
        items_path = locate_items(success_schema(lister), noun) if lister else None
        if lister is not None and items_path is None:
            operations[LIST] = []
            if not operations[CREATE]:
                continue  # nothing makes its records, and nothing lists them to seed (Slack's `users.list`)
        getter = operations[GET][0] if operations[GET] else None
        creator = operations[CREATE][0] if operations[CREATE] else None
        record = _record_schema(
            noun, lister if items_path is not None else None, items_path, getter, creator, held=True
        )
        # an action answers the record it was done to (`documents.archive {"id": …}`); one that answers anything
        # else stays an action of its own (`documents.move`, `documents.search`)
        keys = frozenset(_properties(record))
        operations[ACTION] = [
            o
            for o in operations[ACTION]
            if o.method in _ACTION_METHODS
            and keys
            and not _makes_another(o)
            and _answers_record(success_schema(o), noun, [keys])
        ]
        drafts.append(
            _Draft(
                noun=noun,
                collection_paths=[home.path],
                item_path=None,
                parent_params=_params_of(home.path),
                operations=operations,
                record_keys=frozenset(_properties(record)),
                source="rpc",
                scope=calls[0][0].scope,
            )
        )
    return drafts


_NOTHING_READS_BACK = "an action: nothing lists or reads back what it makes (no list, no item path)"


def explain_resources(api: Api, overrides: Iterable[ResourceOverride] = ()) -> Inference:
    """The resources of `api` and every operation left out of them, with the reason."""
    collections, items = _collection_candidates(api)
    by_path = {**collections, **items}
    left_out: dict[str, LeftOut] = {}
    claimed: set[str] = set()

    def leave(operation: Operation, reason: str) -> None:
        if operation.operation_id not in claimed:
            left_out.setdefault(
                operation.operation_id, LeftOut(operation.operation_id, operation.method, operation.path, reason)
            )

    drafts: list[_Draft] = []
    paired: set[str] = set()  # item paths taken by a collection they do not hang off
    siblings = _sibling_lists(collections)
    sibling_paths = {o.path for listers in siblings.values() for o in listers}
    rpc_creates = _rpc_creates(collections)
    batch_creates = _batch_creates(collections)
    batch_paths = {o.path for o in batch_creates.values()}
    rpc_paths = {o.path for o in rpc_creates.values()}
    rpc_drafts = _rpc_drafts({p: ops for p, ops in collections.items() if p not in batch_paths})
    rpc_calls = {o.path for draft in rpc_drafts for ops in draft.operations.values() for o in ops}
    children_of = _children_of_a_create(collections)
    child_paths = {o.path for roles in children_of.values() for ops in roles.values() for o in ops}
    kinds_made = _kinds_made_below(collections, items)
    made_under = _made_under_a_parent(collections, items)
    made_under_paths = {o.path for found in made_under.values() for o in found}
    # a write under another word that answers what the create answers (`_children_of_a_create`'s ACTION) is a create
    # where it is one of the kinds made below (OpenAI's `POST /videos/edits` makes another video, Appwrite's
    # `POST /sites/{siteId}/deployments/template {…, "activate": true}` another deployment), unless it names a record
    # and sets one of its flags (Lemmy's `POST /post/lock {"post_id": …, "locked": true}`; see the CREATE role below)
    child_actions = {o.path for roles in children_of.values() for o in roles.get(ACTION, ())}
    kind_paths = (
        {o.path for found in kinds_made.values() for o in found}
        - (child_paths - child_actions)
        - rpc_paths
        - batch_paths
    )

    def _made_below(operation: Operation, record: Schema) -> bool:
        return operation.path in kind_paths and not (
            operation.path in child_actions
            and _sets_own_flag(operation, record)
            and _names_one_of(operation, noun_of(parent_path(operation.path)))
        )

    for path, ops in collections.items():
        if path in kind_paths:
            continue  # `/applications/dockerfile`: a create of `/applications`' records, taken with it
        if path in made_under_paths:
            continue  # `/projects/{id}/tasks`: a create of `/tasks`' records, taken with it
        if path in rpc_calls:
            continue  # `/documents.info`: a read of the records `/documents.create` makes, taken with it
        if path in child_paths:
            continue  # `/post/delete {"post_id": …}`: a write of the records `POST /post` makes, taken with it
        if path in sibling_paths:
            continue  # `/pet/findByStatus`: another list of `/pet`'s records, taken with it
        if path in rpc_paths:
            continue  # `/volumes/create`: the create of `/volumes`, taken with it
        if path in batch_paths:
            continue  # `/emails/batch`: the create of several of `/emails`' records, taken with it
        noun = noun_of(path)
        put, post = ops.get("PUT"), ops.get("POST")
        # Xero's `PUT /Invoices {"Invoices": [...]}` makes the records it lists, beside `POST`'s update-or-create
        listing_put = put if put is not None and sends_listed(put, noun) is not None else None
        item_paths = _item_paths(items, path, noun)
        item_key = _params_of(item_paths[0])[-1] if item_paths else None  # `/Accounts/{AccountID}`'s
        # Vikunja's `PUT /projects` answers 201 Created, Xero's `PUT /Accounts` sends one account without its id,
        # read back at `/Accounts/{AccountID}`: the collection's create, where it has no POST
        put_creates = put is not None and (
            listing_put is not None or _creates(put) or (item_key is not None and _sends_one_new(put, item_key))
        )
        # beside such a PUT, Xero's `POST /BatchPayments {"BatchPaymentID": …, "Status": "DELETED"}` changes the
        # record whose id its body requires, the one its item path names (`/BatchPayments/{BatchPaymentID}`)
        updating_post = None
        if post is not None and put_creates and item_key is not None and _requires_a_field(post, item_key):
            updating_post = post
        lister, creator = ops.get("GET"), (post if updating_post is None else None) or rpc_creates.get(path)
        creator = creator or listing_put
        creating_put = put if creator is None and put_creates else None
        creator = creator or creating_put
        item_path: str | None = item_paths[0] if item_paths else None
        twin_paths = item_paths[1:]
        list_schema = success_schema(lister) if lister else None
        items_path = _where_listed(list_schema, noun, creator) if lister else None
        children = children_of.get(path, {})
        read_by_query = None  # Lemmy's `GET /post?id=`, beside its `GET /post/list`
        if lister is not None and items_path is not None and children.get(LIST) and not _named_items(items_path, noun):
            # Lemmy's `GET /community?id=` answers one community with its `moderators`, a list of something else
            read_by_query, lister = lister, None
        elif lister is not None and items_path is None:
            leave(lister, "not a collection: its answer holds no array of records")
            read_by_query = lister if children.get(LIST) else None
            lister = None
        for candidate in children.get(LIST, []) if lister is None else ():
            list_schema, items_path = success_schema(candidate), locate_items(success_schema(candidate), noun)
            if items_path is not None:
                lister = candidate
                break
        if lister is None:
            list_schema = items_path = None
        bodiless = creator is not None and (creator.request_body is None or not _writes_record(creator))
        if creator is not None and (bodiless or creator is creating_put):
            known = _read_record(items, item_path, noun, lister, items_path)
            if bodiless and (known is None or not _answers_what_it_made(creator, noun, known)):
                leave(creator, "no JSON, form, XML or YAML request body to make a record from")
                creator = None
            elif not bodiless and known is not None and not _answers_what_it_made(creator, noun, known):
                creator = creating_put = None  # Vikunja's reaction made is not the map of them its list answers
        if item_path is None and (lister is not None or creator is not None):
            item_path = _detached_item_path(items, collections, paired, noun, lister, items_path, creator)
            if item_path is not None:
                paired.add(item_path)
        item_ops = {m: o for m, o in (items.get(item_path) or {}).items() if m in _ITEM_ROLES} if item_path else {}
        # the same records' other item paths (Xero's `/Contacts/{ContactNumber}` beside `/Contacts/{ContactID}`)
        twin_ops = [o for p in twin_paths for m, o in items[p].items() if m in _ITEM_ROLES]
        if lister is None and creator is None and _a_lifecycle_at(item_ops):
            # no list and no create beside it, but the record's whole life at its own path: a PUT making it (RFC 9110
            # §9.3.4: a PUT makes what is not there), a GET reading it, a DELETE ending it: a create at its key
            creator = item_ops["PUT"]
        if lister is None and creator is None:
            made_below = [o for o in kinds_made.get(path, ()) if o.path in kind_paths]
            for operation in [*item_ops.values(), *twin_ops, *made_below]:
                leave(operation, f"no list or create operation on {path}")
            continue
        record = _record_schema(noun, lister, items_path, item_ops.get("GET"), creator)
        batch = batch_creates.get(path) if creator is not None else None
        operations: dict[str, list[Operation]] = {
            LIST: [lister] if lister else [],
            CREATE: [
                o
                for o in dict.fromkeys(
                    (
                        creator,
                        listing_put,
                        batch,
                        *(o for o in kinds_made.get(path, ()) if _made_below(o, record)),
                        *made_under.get(path, ()),
                    )
                )
                if o is not None
            ],
            **{role: [] for role in _ITEM_ROLES.values()},
            ACTION: [],
            CLEAR: [ops["DELETE"]] if "DELETE" in ops and _clears(ops["DELETE"]) else [],
        }
        for method, operation in [*item_ops.items(), *((o.method, o) for o in twin_ops)]:
            role = _ITEM_ROLES[method]
            if role == REPLACE and not _requires_fields(operation):
                role = UPDATE  # Asana's PUT: "only the fields provided will be updated", and its body requires none
            operations[role].append(operation)
        if updating_post is not None:
            operations[UPDATE].append(updating_post)  # kept only when its body names the id field (see _build)
        item_post = (items.get(item_path) or {}).get("POST") if item_path else None
        if item_post is not None and _writes_fields(item_post, record, noun):
            operations[UPDATE].append(item_post)  # Stripe-style `POST /v1/customers/{customer}`, a form update
        elif item_post is not None and creates_at_its_key(item_post):
            operations[CREATE].append(item_post)  # Weaviate's `POST /users/db/{user_id}`: 201, the user made
        for method, role in _COLLECTION_WRITES.items():
            writer = ops.get(method)
            if writer is not None and writer not in (listing_put, creating_put) and _writes_record(writer):
                if role == REPLACE and children and not _requires_fields(writer, beside_its_key=True):
                    role = UPDATE  # Lemmy's `PUT /post {"post_id": …}`: the other fields it sends, the rest kept
                operations[role].append(writer)  # kept only when its body names the id field (see _build)
        if read_by_query is not None:
            operations[GET].append(read_by_query)  # kept only when its query names the record (see _build)
        for role, operation in _child_roles(children, lister, record):
            operations[role].append(operation)
        listed = _item_schema(list_schema, items_path) if lister is not None and items_path is not None else None
        for sibling in siblings.get(path, []):
            # the record's fields, or the collection list's own (a summary of it: RealWorld's lists leave out `body`)
            if lister is None or _same_records(sibling, noun, record) or _same_records(sibling, noun, listed or {}):
                operations[LIST].append(sibling)
        if item_path is not None:
            writes = _item_writes(by_path, item_path, noun, record)
            operations[ACTION].extend(operation for operation, another in writes if not another)
            # `POST /videos/{video_id}/remix`, `…/duplicate`: another record of its kind, made from the one named
            operations[COPY] = [operation for operation, another in writes if another and operation.method == "POST"]
        drafts.append(
            _Draft(
                noun=noun,
                collection_paths=[path],
                item_path=item_path,
                parent_params=_params_of(path),
                operations=operations,
                record_keys=frozenset(_properties(record)),
            )
        )
    drafts = _merge_same_collections([*drafts, *rpc_drafts])
    resources: list[Resource] = []
    for draft in drafts:
        readers = _readers(draft)
        if not readers:
            for operation in draft.operations.get(CREATE, []):
                leave(operation, _NOTHING_READS_BACK)
            continue
        if not draft.item_path and not draft.operations.get(CREATE) and not (draft.source == "rpc" and readers):
            for operation in draft.operations.get(LIST, []):
                leave(
                    operation, "a read-only list with no item path and no create: a catalogue, left to the static mock"
                )
            continue
        resource = _build(api, draft)
        joined = [o for o in draft.operations.get(CREATE, []) if o.path not in draft.collection_paths]
        if isinstance(resource, str) and joined and len(joined) == len(draft.operations[CREATE]):
            # a create joined from `<collection>/create` that does not say what it made: the collection without it
            for operation in joined:
                leave(operation, resource)
            draft.operations[CREATE] = []
            resource = _build(api, draft) if draft.item_path and _readers(draft) else resource
        if isinstance(resource, str):
            for operation in (o for ops in draft.operations.values() for o in ops):
                leave(operation, resource)
            continue
        if not _readers(draft):  # its reads named no record (Clerk's `POST …/roles/replace` names none)
            for operation in draft.operations.get(CREATE, []):
                leave(operation, _NOTHING_READS_BACK)
            continue
        resources.append(resource)
        claimed.update(i for ids in resource.operations.values() for i in ids)
    for path, ops in items.items():
        for operation in ops.values():
            if operation.operation_id not in claimed and operation.operation_id not in left_out:
                parent = path.rsplit("/", 1)[0]
                reason = (
                    "an action on an item, not a read or write of it"
                    if operation.method not in _ITEM_ROLES
                    else f"no list or create operation on {parent or '/'}"
                )
                leave(operation, reason)
    resources = _apply_overrides(api, _distinct_names(resources), list(overrides), left_out, claimed)
    resources = _with_parents(resources)
    resources = [_with_count(resource, collections) for resource in resources]
    resources = _with_paths_by_id_alone(resources, items, by_path)
    resources = _with_reads_by_other_keys(resources, items)
    resources = _with_query_twins(resources, api)
    claimed = {i for r in resources for ids in r.operations.values() for i in ids}
    resources = _with_jobs_made_elsewhere([*resources, *_jobs_read_alone(api, items, collections, claimed)], api)
    claimed = {i for r in resources for ids in r.operations.values() for i in ids}
    for operation in api.operations:
        if operation.operation_id in claimed:
            left_out.pop(operation.operation_id, None)
        elif operation.operation_id not in left_out:
            reason = "a task-protocol operation" if operation.task_protocol else _why_not(operation)
            left_out[operation.operation_id] = LeftOut(operation.operation_id, operation.method, operation.path, reason)
    order = {o.operation_id: n for n, o in enumerate(api.operations)}
    return Inference(
        tuple(resources),
        tuple(sorted(left_out.values(), key=lambda item: order.get(item.operation_id, len(order)))),
    )


_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The source of a resource of jobs read at an item path alone: kept only where writes make its jobs.
JOBS_READ_ALONE = "job reads"


def _jobs_read_alone(
    api: Api, items: dict[str, dict[str, Operation]], collections: dict[str, dict[str, Operation]], claimed: set[str]
) -> list[Resource]:
    """Resources of jobs read at an item path of no collection (Exoscale's `GET /operation/{id}`, the state of what
    every write started): kept by `_with_jobs_made_elsewhere` only where writes answer their keys."""
    found = []
    for path, ops in items.items():
        getter = ops.get("GET")
        parent = parent_path(path)
        if getter is None or getter.operation_id in claimed or parent in collections or not _segments(parent):
            continue
        noun = noun_of(parent)
        record = _record_schema(noun, None, None, getter, None)
        if not _properties(record) or infer_lifecycle(noun, record, _properties(record)) is None:
            continue
        operations: dict[str, list[Operation]] = {role: [] for role in ROLES}
        operations[GET] = [getter]
        draft = _Draft(noun, [parent], path, _params_of(parent), operations, frozenset(_properties(record)))
        built = _build(api, draft)
        if isinstance(built, Resource):
            found.append(replace(built, source=JOBS_READ_ALONE))
    return found


def _with_jobs_made_elsewhere(resources: list[Resource], api: Api) -> list[Resource]:
    """The resources with the writes that make a job's records (`_spawned_by`); a resource whose create makes such
    a job, answered where the job is, is that job under another path (a droplet's action, also one of `/actions`),
    and its records move on as polled too."""
    out = [
        spawned
        for resource in resources
        if (spawned := _spawned_by(resource, api)).spawned_by or resource.source != JOBS_READ_ALONE
    ]
    makers: dict[tuple[str, str], Lifecycle] = {}  # (write, where its answer holds the job whole) -> the job's way
    for job in out:
        for operation_id, where in job.spawned_by.items():
            place, _, key = where.rpartition(".")
            if job.lifecycle is not None and place and key == job.id_field:
                makers[(operation_id, place)] = job.lifecycle

    def made_as_a_job(resource: Resource) -> Lifecycle | None:
        for operation_id in resource.operations.get(CREATE, ()):
            lifecycle = makers.get((operation_id, resource.record_paths.get(operation_id, "")))
            if lifecycle is not None and set(_states(resource.record_schema, lifecycle.field)) >= set(lifecycle.path):
                return lifecycle
        return None

    out = [
        replace(resource, lifecycle=found)
        if resource.lifecycle is None and (found := made_as_a_job(resource))
        else resource
        for resource in out
    ]
    return [_without_jobs_for_records(resource, out) for resource in out]


# What a job names the record it works on by: Exoscale's operation `reference: {id, link}`, DigitalOcean's action
# `resource_id`, Hetzner's action `resources: [{id, type}]`.
_ACTED_ON = frozenset({"reference", "resource", "target", "subject"})


def acted_on_fields(job_record: Schema) -> tuple[str, ...]:
    """Where a job's record names the one record it works on by its id, as dotted paths: `reference.id`,
    `resource_id`; and, one record listed, Hetzner's `resources.0.id` (last: a create's answer is not read there)."""
    named, listed = [], []
    for name, schema in _properties(job_record).items():
        stem = spelling_key(name)
        if stem in _ACTED_ON and _is_object(schema) and "id" in _properties(schema):
            named.append(f"{name}.id")
        elif stem in {f"{word}id" for word in _ACTED_ON} and not _is_object(schema) and not _is_array(schema):
            named.append(name)
        elif stem == "resources" and _is_array(schema) and "id" in _properties(_item_schema(schema, "") or {}):
            listed.append(f"{name}.{LISTED_ALONE}.id")
    return (*named, *listed)


def _without_jobs_for_records(resource: Resource, resources: list[Resource]) -> Resource:
    """The resource without the record paths of its writes whose answer there is a job of another resource, not a
    record of its own: Exoscale's `POST /instance` answers the `operation` that makes the instance (read at
    `/operation/{id}`), and the instance was taken to be that answer, its id the operation's. Its create's answer
    names the new record where the job names what it works on (`reference.id`)."""
    wrong: dict[str, str] = {}  # write -> where its answer names the record it made, "" where it does not
    for job in resources:
        if job is resource or job.lifecycle is None:
            continue
        for operation_id, where in job.spawned_by.items():
            place, _, key = where.rpartition(".")
            if (
                key == job.id_field
                and resource.record_paths.get(operation_id) == place
                and not _is_the_record(resource.record_schema, job.record_schema)
                and not set(_properties(job.record_schema)) <= set(_properties(resource.record_schema))
            ):
                acted_on = next((p for p in acted_on_fields(job.record_schema) if f".{LISTED_ALONE}." not in p), None)
                wrong[operation_id] = ".".join(part for part in (place, acted_on) if part) if acted_on else ""
    if not wrong:
        return resource
    named = {where for operation_id, where in wrong.items() if where and operation_id in resource.operations[CREATE]}
    return replace(
        resource,
        record_paths={k: v for k, v in resource.record_paths.items() if k not in wrong},
        create_id_path=resource.create_id_path
        if resource.create_id_path is not None
        else (named.pop() if len(named) == 1 else None),
    )


def _spawned_by(resource: Resource, api: Api) -> Resource:
    """The resource with the writes that make its records (`Resource.spawned_by`), where it is a job no client
    creates: read by its key, never created through its own paths, its status able to wait and end. Every write of
    another path whose answer holds its key makes one: the job a client then polls at the key it was answered.

    Its status is the server's alone (no client writes the record), whatever the schema marks readOnly."""
    if resource.operations.get(CREATE) or not resource.operations.get(GET) or "." in resource.id_field:
        return resource
    record = resource.record_schema
    lifecycle = infer_lifecycle(resource.name, record, _properties(record))
    if lifecycle is None:
        return resource
    own = {operation_id for ids in resource.operations.values() for operation_id in ids}
    # a job kept under a parent (Hetzner's `/servers/{id}/actions/{action_id}`) is made by the writes below that parent
    below = _path_shape(parent_path(resource.collection_path)).rstrip("/") + "/" if resource.parent_params else "/"
    # a write at or below a job's own path (`POST /jobs/{id}/cancel`) answers that job, not a new one
    itself = resource.item_path or resource.collection_path
    made_by = {
        operation.operation_id: where
        for operation in api.operations
        if operation.method in _WRITES and operation.operation_id not in own
        if _path_shape(operation.path).startswith(below)
        and template_shape(operation.path) != template_shape(itself)
        and not template_below(operation.path, itself)
        if (where := _job_key_answered(operation, resource)) is not None
    }
    return replace(resource, lifecycle=lifecycle, spawned_by=made_by) if made_by else resource


def _job_key_answered(operation: Operation, job: Resource) -> str | None:
    """Where the operation's answer holds a new job's key: the job's key field of the job whole, or with more fields
    (`action.id` of `{"action": {…}}`), or a field named for the job's key (`taskUid`, `task_id`) in the body or an
    object of it."""
    schema = success_schema(operation)
    if not _is_object(schema) or _is_array(schema):
        return None
    record_fields = set(_properties(job.record_schema))
    key_names = {spelling_key(f"{singular(job.name)}_{suffix}") for suffix in (job.id_field, "id")}
    if job.id_param and spelling_key(job.id_param) != spelling_key(job.id_field):  # `{taskUid}`, never a bare `{id}`
        key_names.add(spelling_key(job.id_param))
    holders = [("", schema)] + [
        (name, sub) for name, sub in _properties(schema).items() if _is_object(sub) and not _is_array(sub)
    ]
    named_for_the_job = {spelling_key(job.name), spelling_key(singular(job.name))}
    for place, holder in holders:
        fields = _properties(holder)
        # the job whole: its own schema, or one with more fields under the job's name (`{"action": {…, "project_id"}}`);
        # never another record of the same fields (Replicate's prediction is no training)
        whole = _is_the_record(holder, job.record_schema) or (
            len(record_fields) > 1 and record_fields <= set(fields) and spelling_key(place) in named_for_the_job
        )
        if job.id_field in fields and whole:
            found: str | None = job.id_field
        else:
            found = next(
                (
                    name
                    for name, sub in fields.items()
                    if spelling_key(name) in key_names and _same_kind_of_key(sub, job.id_schema)
                ),
                None,
            )
        if found is not None:
            return f"{place}.{found}" if place else found
    return None


def _same_kind_of_key(schema: Any, key_schema: Any) -> bool:
    """Whether a field can hold a key of `key_schema`'s: of one of its types, or of a type either leaves unsaid."""
    held, keys = set(schema_types(_flat(schema))) - {"null"}, set(schema_types(_flat(key_schema))) - {"null"}
    return not held or not keys or bool(held & keys) or ("number" in held and "integer" in keys)


def _why_not(operation: Operation) -> str:
    segments = _segments(operation.path)
    if operation.method == "POST" and segments and not is_path_parameter(segments[-1]):
        return "an action (POST on a path no list or item read shares)"
    if operation.method == "GET":
        return "a single document, not a collection or an item of one"
    return "not a collection or item operation"


def asks_in_query(operation: Operation) -> bool:
    """Whether the operation requires a query parameter: its subject is named there, not by its path."""
    return any(parameter.required and parameter.location == "query" for parameter in operation.parameters)


def _clears(operation: Operation) -> bool:
    """Whether a DELETE on a collection path deletes all of it: it needs nothing to say which records (no required
    query parameter or body: a bulk delete of `?ids=` is no clearing)."""
    required_body = operation.request_body is not None and operation.request_body.required
    return not required_body and not asks_in_query(operation)


def _answers_what_it_made(creator: Operation, noun: str, record: Schema) -> bool:
    """A create whose answer is the collection's record whole, or a summary of it (some of its fields, its id
    among them): what it made. One that sends no record makes it on the server (Netlify's `POST /deploy_keys`, a key
    it generates), from what the query says where it says anything (`POST /sites/{site_id}/assets?name=…&size=…`)."""
    schema = success_schema(creator)
    return schema is not None and bool(_properties(record)) and _answers_record_or_summary(schema, noun, record)


def _answers_record_or_summary(schema: Any, noun: str, record: Schema) -> bool:
    """The answer is the record (`_answers_record`), or its summary: its own id and every field of it but lists and
    objects the full record adds (ElevenLabs' batch call, made or cancelled, answers all but the `recipients` its
    read adds). An answer of the id alone (Docker's exec `{"Id": …}`) is another thing made, not a summary."""
    properties = _properties(record)
    keys = frozenset(properties)
    if _answers_record(schema, noun, [keys]):
        return True
    answered = frozenset(_properties(schema))
    left_out = keys - answered
    return (
        bool(left_out)
        and len(answered) > 1
        and answered < keys
        and any(names_own_id(name) for name in answered)
        and all(_is_array(properties[name]) or _is_object(properties[name]) for name in left_out)
    )


def _writes_record(operation: Operation) -> bool:
    """A request body of named fields (JSON, a form, XML, YAML, or any syntax: `*/*`): what a create or update of a
    record sends; or a multipart upload, whatever its schema says (listmonk's media: `type: string, format:
    binary`), whose record is its answer, telling back the file's name, type and size."""
    media = operation.request_body.content if operation.request_body else {}
    return any(
        name == "multipart/form-data"
        or (any(kind in name for kind in _RECORD_MEDIA) and (_properties(m.schema) or _is_object(m.schema)))
        for name, m in media.items()
    )


def sends_listed(operation: Operation, noun: str, id_field: str | None = None) -> str | None:
    """The field a write's body lists its records in, named for their collection, where its answer lists the
    records it wrote there too (Xero's `{"Invoices": [...]}` both ways), or None: it sends one record. GitHub's
    `{"labels": [...]}` to a runner answers all its labels, not those it sent."""
    if not _answers_listed(success_schema(operation), noun, id_field):
        return None
    media = operation.request_body.content if operation.request_body else {}
    named = {spelling_key(noun), spelling_key(singular(noun))}
    for kind, declared in media.items():
        if not any(record_media in kind for record_media in _RECORD_MEDIA):
            continue
        for name, sub in _properties(declared.schema).items():
            if spelling_key(name) in named and _is_array(sub) and _is_object(_flat(sub).get("items")):
                return name
    return None


def _answers_listed(schema: Any, noun: str, id_field: str | None) -> bool:
    """An answer that holds its record alone in a list named for the collection (`locate_record`), not one that is
    the record itself (GitHub's git tree, whose `tree` lists its entries)."""
    where = locate_record(schema, noun, id_field) if schema is not None else None
    return where is not None and where.endswith(f".{LISTED_ALONE}")


def _requires_fields(operation: Operation, beside_its_key: bool = False) -> bool:
    """Whether a write's body requires fields (of itself, or of the object its one wrapper holds), or names none at
    all: a replacement. One that names fields and requires none changes the ones it sends; so does one at no item
    path that requires only ids (`beside_its_key`): Lemmy's `PUT /post` requires the `post_id` it edits."""
    for media in (operation.request_body.content if operation.request_body else {}).values():
        schema = _flat(media.schema)
        properties = _properties(schema)
        required = [name for name in schema.get("required") or () if not (beside_its_key and names_an_id(name))]
        if not properties or required:
            return True
        if len(properties) == 1 and _flat(next(iter(properties.values()))).get("required"):
            return True
    return False


def names_an_id(name: str) -> bool:
    """`id`, `post_id`, `postId`, `gid`: a field named as a key."""
    return bool(_SHORT_ID.match(name)) or spelling_key(name).endswith("id")


def _sets_own_flag(operation: Operation, record: Schema) -> bool:
    """Whether a write's body sends a flag (a boolean) the record holds, at its top or in one of its objects: Lemmy's
    `POST /post/delete {"post_id": …, "deleted": true}` marks the post deleted, and `false` takes that back."""
    held = _flags(record).union(*(_flags(sub) for sub in _properties(record).values()))
    content = operation.request_body.content if operation.request_body else {}
    sent = set[str]().union(*(_flags(media.schema) for media in content.values()))
    return bool(held & sent)


def _names_one_of(write: Operation, noun: str) -> bool:
    """Whether a write's body requires a field naming one of these records: its `id`, or the noun's (`post_id`)."""
    stem = spelling_key(singular(noun))
    return any(spelling_key(name) in ("id", stem, stem + "id") for name in _required_fields(write))


def _flags(schema: Any) -> set[str]:
    """The names (by spelling) of an object schema's boolean fields."""
    return {spelling_key(name) for name, sub in _properties(schema).items() if "boolean" in schema_types(_flat(sub))}


def _writes_fields(operation: Operation, record: Schema, noun: str) -> bool:
    """An item operation that sends some of the record's own fields, in its body or its query (Petstore's
    `POST /pet/{petId}?name=…&status=…`): an update of that record."""
    fields = {spelling_key(name) for name in _properties(record)}  # a form's `FriendlyName` is `friendly_name`
    listed = sends_listed(operation, noun)
    body = _request_fields([operation], {operation.operation_id: listed} if listed is not None else {})
    sent = {*body, *(p.name for p in operation.parameters if p.location == "query")}
    return bool(fields & {spelling_key(name) for name in sent}) and (
        _writes_record(operation) or operation.request_body is None
    )


def _a_lifecycle_at(item_ops: Mapping[str, Operation]) -> bool:
    """Whether an item path makes its record with a PUT of its fields, reads it with a GET and ends it with a DELETE."""
    return {"PUT", "GET", "DELETE"} <= item_ops.keys() and _writes_record(item_ops["PUT"])


def creates_at_its_key(operation: Operation) -> bool:
    """An item path's POST whose first success is 201 Created: it makes the record the path names (Weaviate's
    `POST /users/db/{user_id}` answers the new user's API key, and the user reads back at the same path)."""
    found = _success(operation)
    return found is not None and found[0] == "201"


def _sibling_lists(collections: dict[str, dict[str, Operation]]) -> dict[str, list[Operation]]:
    """`GET /pet/findByStatus` beside `/pet`: a read-only list one literal segment below a collection, its records
    a bare array or wrapped as the collection's are (RealWorld's `GET /articles/feed`, `{articles: [...]}`)."""
    out: dict[str, list[Operation]] = {}
    by_shape = {_path_shape(path): path for path in collections}
    for path, ops in collections.items():
        parent = by_shape.get(_parent_shape(path))
        lister = ops.get("GET")
        if parent is not None and set(ops) == {"GET"} and lister is not None:
            schema = success_schema(lister)
            if schema is None:
                continue
            bare = _is_array(schema) and _is_object(_flat(schema).get("items"))
            if bare or _wrapped_as(schema, collections[parent].get("GET"), noun_of(parent)):
                out.setdefault(parent, []).append(lister)
    return out


def _wrapped_as(schema: Schema, parent_lister: Operation | None, noun: str) -> bool:
    """Whether a list answer holds, where it holds records, objects with the very fields the collection's own list
    holds: another list of them, not of another kind nested below (Hetzner's `/servers/actions`)."""
    theirs = success_schema(parent_lister) if parent_lister is not None else None
    where, at = locate_items(schema, noun), locate_items(theirs, noun) if theirs is not None else None
    if not where or at is None:
        return False
    mine, listed = _properties(_item_schema(schema, where)), _properties(_item_schema(theirs, at))
    return bool(mine) and set(mine) == set(listed)


def _item_paths(items: Mapping[str, Any], collection_path: str, noun: str) -> list[str]:
    """The item paths right under a collection path, the one whose parameter names the record's id first: Xero
    declares `/Contacts/{ContactNumber}` before `/Contacts/{ContactID}`, two keys of one record."""
    found = [p for p in items if _parent_shape(p) == _path_shape(collection_path)]
    ids = {spelling_key(name) for name in id_candidates(noun, None)}
    return sorted(found, key=lambda p: spelling_key(_params_of(p)[-1]) not in ids)


def _detached_item_path(
    items: dict[str, dict[str, Operation]],
    collections: dict[str, dict[str, Operation]],
    paired: set[str],
    noun: str,
    lister: Operation | None,
    items_path: str | None,
    creator: Operation | None,
) -> str | None:
    """The item path of a collection that has none beneath it: Spotify creates at `/me/playlists` and reads at
    `/playlists/{playlist_id}`. Taken when the item path hangs off nothing (no list or create on `/playlists`),
    ends in the collection's noun and the record's own parameter (or in the noun, the collection's parents'
    parameters and the record's own), and it reads the very record the collection lists or creates (the same
    fields); not when another collection took it first."""
    listed = _item_schema(success_schema(lister), items_path) if lister is not None and items_path else None
    made = success_schema(creator) if creator is not None else None
    shapes = [frozenset(_properties(schema)) for schema in (listed, made)]
    shapes = [fields for fields in shapes if fields]  # a list may hold a summary of what the create answers
    collection_shapes = {_path_shape(path) for path in collections}
    source = lister if lister is not None else creator
    parent_params = _params_of(source.path) if source is not None else ()
    for path, ops in items.items():
        owner = _segments(path)[:-1]
        literal = [segment for segment in owner if not is_path_parameter(segment)]
        if path in paired or _shape(owner) in collection_shapes:
            continue
        own_id_only = len(_params_of(path)) == 1 and owner[-1:] == [noun]
        # or the collection's parents' parameters first (Sentry's `/teams/{org}/{team}` for
        # `/organizations/{org}/teams`, the same names in the same order), then the record's own
        under_parents = bool(parent_params) and _params_of(path)[:-1] == parent_params and literal[-1:] == [noun]
        if not (own_id_only or under_parents):
            continue
        getter = ops.get("GET")
        read = success_schema(getter) if getter is not None else None
        if read is not None and _answers_record(read, noun, shapes):
            return path
    return None


def _same_records(lister: Operation, noun: str, record: Schema) -> bool:
    """The list's items are the record: the same schema, or one with exactly its fields."""
    items = _item_schema(success_schema(lister), locate_items(success_schema(lister), noun) or "")
    return items is record or (bool(_properties(items)) and set(_properties(items)) == set(_properties(record)))


# the methods of an action done to a record: whatever changes state
_ACTION_METHODS = ("POST", "PUT", "PATCH", "DELETE")


# The last word of an action that makes a new record from one (`POST /documents/{id}/duplicate`, Outline's
# `collections.duplicate`): what it answers is another record, not the one it names.
_COPY_WORDS = frozenset({"duplicate", "copy", "clone", "fork", "replicate"})


def _makes_another(operation: Operation, record: Schema | None = None) -> bool:
    """The operation makes a new record from the one it names: its last word says it copies (`duplicate`), or the
    record it answers names the record it was made from in a field its word begins (`remixed_from_video_id` of
    `POST /videos/{video_id}/remix`)."""
    word = _last_word(operation.path)
    if word.lower() in _COPY_WORDS:
        return True
    return record is not None and source_field(record, operation.path) is not None


def _last_word(path: str) -> str:
    """The last literal segment's last dotted word: `remix` of `/videos/{id}/remix`, `duplicate` of
    `/documents.duplicate` and of `/documents/{id}/duplicate?beta=true` (the query a key fixes is no word of it)."""
    segments = [segment for segment in _segments(split_path_key(path)[0]) if not is_path_parameter(segment)]
    return segments[-1].rpartition(".")[2] if segments else ""


def source_field(record: Schema, path: str) -> str | None:
    """The record's field naming the record a write at `path` made it from: it begins with the path's last word, as
    that word done (`remixed…` of `remix`, `forked…` of `fork`), and ends in the path's last parameter
    (`remixed_from_video_id` of `{video_id}`, `forkedFromRepoId` of `{repoId}`), or in an id or `from` where that
    parameter is a bare `{id}`. A word's other fields (`refunded_amount` of `refund`) name no record."""
    params = _params_of(path)
    word = spelling_key(_last_word(path))
    if not params or len(word) < 3:
        return None
    param = params[-1]
    tails = (
        (f"_{param}", param[:1].upper() + param[1:]) if len(spelling_key(param)) > 2 else ("_id", "Id", "_from", "From")
    )
    begun = min(4, len(word) - 1)  # `copied` of `copy`: the word's stem, before its ending changes
    found = [
        name
        for name in _properties(record)
        if name != param and name.endswith(tails) and spelling_key(name)[:begun] == word[:begun]
    ]
    return found[0] if len(found) == 1 else None


def _item_writes(
    by_path: dict[str, dict[str, Operation]], item_path: str, noun: str, record: Schema
) -> list[tuple[Operation, bool]]:
    """The writes a segment below the item path (`POST /articles/{slug}/favorite`) that answer the record, each
    with whether it makes another (`_makes_another`)."""
    found = []
    keys = frozenset(_properties(record))
    for path, ops in by_path.items():
        if _parent_shape(path) != _path_shape(item_path) or is_path_parameter(_segments(path)[-1]):
            continue
        for method in _ACTION_METHODS:
            operation = ops.get(method)
            schema = success_schema(operation) if operation is not None else None
            if (
                operation is not None
                and schema is not None
                and keys
                and _answers_record_or_summary(schema, noun, record)
            ):
                found.append((operation, _makes_another(operation, record)))
    return found


def _actions_on(by_path: dict[str, dict[str, Operation]], item_path: str, noun: str, record: Schema) -> list[Operation]:
    """`POST`/`PUT`/`PATCH`/`DELETE /articles/{slug}/favorite`, Clerk's `PATCH /users/{user_id}/metadata`: an action
    on the item that answers the record itself."""
    return [operation for operation, another in _item_writes(by_path, item_path, noun, record) if not another]


def _answers_record(schema: Any, noun: str, shapes: list[frozenset[str]]) -> bool:
    """The answer is a record with one of these sets of fields, itself or where `locate_record` finds it."""
    where = "" if frozenset(_properties(schema)) in shapes else locate_record(schema, noun, None)
    held = (at_path(schema, where) if where else schema) if where is not None else None
    return held is not None and frozenset(_properties(held)) in shapes


def _record_schema(
    noun: str,
    lister: Operation | None,
    items_path: str | None,
    getter: Operation | None,
    creator: Operation | None,
    held: bool = False,
) -> Schema:
    """The record's schema: the read's answer (or the object it wraps it in), else a listed item's, else the
    create's answer. `held`: an RPC-style answer may hold it in an object named otherwise (`_held_record`)."""
    if getter is not None:
        schema = success_schema(getter)
        if schema is not None and _pick_id_field(schema, noun, (None, *_params_of(getter.path))[-1]):
            return schema
        if schema is not None and _properties(schema):
            wrapped = locate_record(schema, noun, None)
            if wrapped is not None:
                return at_path(schema, wrapped) if wrapped else schema
            if held and (found := _held_record(schema, noun)) is not None:
                return found
    if lister is not None and items_path is not None:
        found = _item_schema(success_schema(lister), items_path)
        says_little = creator is not None and not _properties(found) and schema_types(found) in ((), ("object",))
        if found is not None and not says_little:
            return found  # a listed object that names no field says less of the record than its create's answer
    schema = success_schema(creator) if creator is not None else None
    if schema is None:
        return {"type": "object"}
    if _pick_id_field(schema, noun, None):
        return schema
    found = _held_record(schema, noun) if held else None
    # where the read says nothing of the record, the record in the create's envelope (edrv's `{"ok": …, "message": …,
    # "result": {…}}`), not the envelope; a list it answers is a search's (MotaWord's `POST /reports/projects`)
    read = success_schema(getter) if getter is not None else None
    unwrap = found is None and _properties(schema) and not _properties(read)
    wrapped = locate_record(schema, noun, None) if unwrap else None
    if wrapped and wrapped.split(".")[-1] != LISTED_ALONE:
        found = at_path(schema, wrapped)
    return found or schema


def _where_listed(list_schema: Any, noun: str, creator: Operation | None) -> str | None:
    """Where a list answer holds its records (`locate_items`), else where its create answers one."""
    found = locate_items(list_schema, noun)
    return found if found is not None or creator is None else _listed_where_made(list_schema, creator, noun)


def _listed_where_made(list_schema: Any, creator: Operation, noun: str) -> str | None:
    """Where a list answer that names no array of records holds them: in the array under the wrapper its create
    answers the record in (edrv's `result`, one driver made and a list of free items listed)."""
    made = success_schema(creator)
    if made is None or _pick_id_field(made, noun, None) or not _properties(made):
        return None
    wrapper = locate_record(made, noun, None)
    if not wrapper or "." in wrapper:
        return None
    return wrapper if _is_array(_properties(list_schema).get(wrapper)) else None


def _held_record(schema: Any, noun: str) -> Schema | None:
    """The one object an answer wraps the record in, named otherwise than for its noun, where it alone has an id
    field: Slack's `conversations.info` answers `{"ok": true, "channel": {"id": …}}`."""
    holding = [
        sub
        for name, sub in _properties(schema).items()
        if name not in _GENERIC_WRAPPERS and _is_object(sub) and not _is_array(sub) and _pick_id_field(sub, noun, None)
    ]
    return _flat(holding[0]) if len(holding) == 1 else None


# path segments that say who may reach a collection rather than which one it is: `/admin/users` and `/users`
_ACCESS_SEGMENTS = frozenset({"admin", "administration", "internal", "management", "private", "public"})


def _merge_same_collections(drafts: list[_Draft]) -> list[_Draft]:
    """Collections with the same noun, parents and record shape are one (admin and public paths). Parents are the
    parameters and what they name: Gitea's `/releases/{id}/assets` and `/issues/comments/{id}/assets` are two
    collections (one store held both, and deleting a comment's attachment deleted a release's). So are paths where
    each names something the other does not: Twilio's `/Auth/Calls/CredentialListMappings` and
    `/Auth/Registrations/CredentialListMappings`."""
    merged: dict[tuple[str, tuple[str, ...], tuple[str, ...], frozenset[str], str], list[_Draft]] = {}
    out: list[_Draft] = []
    for draft in drafts:
        key = (
            draft.noun,
            draft.parent_params,
            _parent_nouns(draft.collection_paths[0]),
            draft.record_keys,
            draft.scope,
        )
        kin = merged.setdefault(key, []) if draft.record_keys else []
        same = next(
            (d for d in kin if _one_path_adds_to_the_other(d.collection_paths[0], draft.collection_paths[0])), None
        )
        if same is None:
            kin.append(draft)
            out.append(draft)
            continue
        same.collection_paths.append(draft.collection_paths[0])
        same.item_path = same.item_path or draft.item_path
        for role, ops in draft.operations.items():
            held = same.operations.setdefault(role, [])
            held.extend(o for o in ops if o not in held)  # an item path both reach: each of its operations acts once
    return out


def _one_path_adds_to_the_other(one: str, other: str) -> bool:
    """Whether the literal segments of one path, but for access words, are the other's with some added."""
    words = [
        [s.lower() for s in _segments(path) if not is_path_parameter(s) and s.lower() not in _ACCESS_SEGMENTS]
        for path in (one, other)
    ]
    shorter, longer = sorted(words, key=len)
    remaining = iter(longer)
    return all(word in remaining for word in shorter)


def _readers(draft: _Draft) -> list[Operation]:
    """The operations that list or read back, update or delete what a draft's collection holds."""
    return [
        *draft.operations.get(LIST, []),
        *(o for r in (GET, REPLACE, UPDATE, DELETE) for o in draft.operations.get(r, [])),
    ]


def _parent_nouns(path: str) -> tuple[str, ...]:
    """The literal segment before each path parameter: what each parent parameter names."""
    segments = _segments(path)
    return tuple(segments[at - 1] for at, segment in enumerate(segments) if is_path_parameter(segment) and at > 0)


def _distinct_names(resources: list[Resource]) -> list[Resource]:
    """The resources with names of their own: collections of the same noun (DigitalOcean's `/v2/account/keys` and
    `/v2/spaces/keys`) each take the literal segments before the noun that tell them apart (`account_keys`,
    `spaces_keys`), else a number; one that has none keeps the name. Named alike, the later one took the earlier
    one's place, unreported."""
    by_name: dict[str, list[Resource]] = {}
    for resource in resources:
        by_name.setdefault(resource.name, []).append(resource)
    renamed: dict[int, str] = {}
    taken = set(by_name)

    def literals(resource: Resource, name: str) -> list[str]:
        # an RPC-style path names its noun before the verb (`/beacon/user/create`): the noun tells nothing apart
        return [
            s
            for s in _segments(resource.collection_path)[:-1]
            if not is_path_parameter(s) and spelling_key(s) != spelling_key(name)
        ]

    for name, alike in by_name.items():
        if len(alike) < 2:
            continue
        bare = [resource for resource in alike if not literals(resource, name)]
        for index, resource in enumerate(alike):
            if bare == [resource]:
                continue  # the one nothing tells apart keeps the name: `/groups.json` beside `/admin/groups.json`
            qualified = name
            for segment in reversed(literals(resource, name)):
                qualified = re.sub(r"[^A-Za-z0-9_]", "_", f"{segment}_{qualified}")
                if qualified not in taken:
                    break
            if qualified in taken:
                qualified = f"{name}_{index + 1}"
            taken.add(qualified)
            renamed[id(resource)] = qualified
    return [replace(r, name=renamed[id(r)]) if id(r) in renamed else r for r in resources]


def _resource_name(draft: _Draft) -> str:
    segments = _segments(draft.collection_paths[0])
    parents = []
    for index, segment in enumerate(segments[:-1]):
        if is_path_parameter(segment) and index > 0 and not is_path_parameter(segments[index - 1]):
            parents.append(singular(segments[index - 1]))
    return re.sub(r"[^A-Za-z0-9_]", "_", "_".join([*parents, draft.noun]))


# What a path parameter's schema may add to the record's id field, so an id minted for the record fits the path too.
_ID_CONSTRAINTS = ("format", "pattern", "minLength", "maxLength", "minimum", "maximum", "enum")


DIGITS = "^(0|[1-9][0-9]*)$"  # a text id a path reads as a number, as it writes it back: counted up as numbers


def _id_schema(field_schema: Any, parameter_schema: Any) -> Schema:
    """The ids the mock may mint: what the record's id field takes that the item path's parameter accepts too.
    NestJS-generated specs (immich) give the record `id: {type: string}` and the path `{id}` `format: uuid`: an id
    made to the record's schema alone (a suffixed `…-2`) was refused by the path it is read back at."""
    if not isinstance(parameter_schema, dict):
        return dict(field_schema) if isinstance(field_schema, dict) else {"type": "string"}
    if not isinstance(field_schema, dict):
        return dict(parameter_schema)  # a key the record does not declare (`_undeclared_id`): what the path reads
    schema = dict(field_schema)
    own, theirs = set(schema_types(schema)), set(schema_types(parameter_schema))
    if own == {"string"} and theirs and theirs <= {"integer", "number"} and not schema.get("pattern"):
        # Sentry's dashboards: `id: {type: string}` ("1") read back at `{dashboard_id}` of type integer: digits only
        return {**schema, "pattern": DIGITS}
    if own and theirs and not own & theirs:
        return schema  # the path reads the id as another type (text for a number): its constraints are of that type
    for key in _ID_CONSTRAINTS:
        if key in parameter_schema and key not in schema:
            schema[key] = parameter_schema[key]
    return schema


def _key_schema(field_schema: Any, parameter_schema: Any, address: Address | None, id_field: str) -> Schema:
    """The keys the mock may mint: the item path parameter's values where the key is the last part of the record's
    address (`abc` of `memos/abc`), else those of `_id_schema`."""
    if address is not None and address.field == id_field:
        if _holds_numbers_only(parameter_schema):  # Vimeo's `/albums/3706071` at `{album_id}`, a number: text of digits
            return {"type": "string", "pattern": DIGITS}
        return dict(parameter_schema) if isinstance(parameter_schema, dict) else {"type": "string"}
    return _id_schema(field_schema, parameter_schema)


def _is_the_record(schema: Any, record: Any) -> bool:
    """Whether an answer's schema is the record's own (a delete answering what it deleted: Spring PetClinic's)."""
    return schema is record or (isinstance(schema, dict) and schema == record)


def _twin_key(ops: Mapping[str, list[Operation]], item_path: str | None, record: Schema, id_field: str) -> str | None:
    """The record field another item path of the collection names the record by (Xero's `{ContactNumber}`)."""
    for role in (GET, REPLACE, UPDATE, DELETE):
        for operation in ops.get(role, []):
            twin = item_path is not None and operation.path != item_path and ends_in_parameter(operation.path)
            if twin and _path_shape(operation.path) == _path_shape(str(item_path)):
                found = _first_field([_params_of(operation.path)[-1]], list(_properties(record)))
                if found is not None and found != id_field:
                    return found
    return None


def _item_param_description(api: Api, ops: Mapping[str, list[Operation]], name: str) -> str:
    """What the item operations say of their path parameter `name` (the first that says anything)."""
    for role in (GET, REPLACE, UPDATE, DELETE):
        for operation in ops.get(role, []):
            said = _param_descriptions(api, operation, "path").get(name)
            if said:
                return said
    return ""


# "The id of the OAuth 2.0 Client.": what a path parameter's description says it is the id of
_ID_OF = re.compile(r"\b(?:id|identifier)\s+of\s+(?:the\s+|an?\s+)?(.+?)(?:\.(?:\s|$)|[,;:()]|$)", re.IGNORECASE)


def _key_the_parameter_describes(
    api: Api, ops: Mapping[str, list[Operation]], record: Schema, name: str | None
) -> str | None:
    """The record's key that its item path's parameter names by its description, where its name (`{id}`) names
    none: Ory Hydra's `/oauth2/register/{id}`, "The id of the OAuth 2.0 Client.", reads a client by `client_id`."""
    described = _ID_OF.search(_item_param_description(api, ops, name)) if name else None
    if described is None:
        return None
    thing = described.group(1).split()[-1]
    scalars = [field for field, sub in _properties(record).items() if not _is_object(sub) and not _is_array(sub)]
    return _first_field([f"{thing}_id", f"{thing}Id", f"{thing}ID"], scalars)


def _key_a_summary_names(
    id_field: str | None,
    record: Schema,
    list_schema: Any,
    items_path: str | None,
    noun: str,
    id_param: str | None,
    ops: Mapping[str, list[Operation]],
) -> str | None:
    """The key a list's summaries declare where the full record read declares none but its name: ijenko's places are
    listed as `PlaceItem {id, name}` and read as `Place {name, …}`, at `/places/{placeId}`; keyed by their names, every
    place listed held the one `id` of the example. None or the key picked, otherwise."""
    candidates = id_candidates(noun, id_param)
    if id_field is None or id_field in candidates or items_path is None or list_schema is None:
        return id_field
    listed = _item_schema(list_schema, items_path)
    if listed is None or listed is record:
        return id_field
    keyed = _pick_id_field(listed, noun, id_param, _path_parameter_schema(ops, id_param))
    return keyed if keyed in candidates and not holds_field(record, keyed) else id_field


def _key_field_schema(record: Schema, list_schema: Any, items_path: str | None, id_field: str) -> Any:
    """The schema of the record's key field: the record's own, else the listed summaries' (`_key_a_summary_names`)."""
    found = at_path(record, id_field)
    if found is None and list_schema is not None and items_path is not None:
        listed = _item_schema(list_schema, items_path)
        found = at_path(listed, id_field) if listed is not None else None
    return found


def _undeclared_id(record: Schema, noun: str, id_param: str | None) -> str | None:
    """`id` for a record read at a parameter named as its id (`{id}`, `{page_id}`) whose schema declares no key at
    all but admits more fields: dev.to's pages, `/api/pages/{id}`, whose examples hold the `id` their schema leaves
    out. The mock adds the key, of the parameter's schema; None where the schema closes its fields or names a key."""
    if not id_param or spelling_key(id_param) not in ("id", spelling_key(singular(noun)) + "id"):
        return None
    flat = _flat(record)
    if not _is_object(flat) or flat.get("additionalProperties") is False or flat.get("unevaluatedProperties") is False:
        return None
    if any(names_an_id(name) for name in _properties(flat)):
        return None
    return "id"


def _path_parameter_schema(ops: Mapping[str, list[Operation]], name: str | None) -> Any:
    """The schema the item operations declare for their path parameter `name` (the first that declares one)."""
    for role in (GET, REPLACE, UPDATE, DELETE):
        for operation in ops.get(role, []):
            for parameter in operation.parameters:
                if parameter.name == name and parameter.location == "path" and isinstance(parameter.schema, dict):
                    return parameter.schema
    return None


def _items_path_of(lister: Operation, noun: str, items_path: str) -> str:
    """Where one list operation's answer holds its array (else where the first list has it)."""
    found = locate_items(success_schema(lister), noun)
    return found if found is not None else items_path


def _body_as_query(operation: Operation) -> Operation:
    """A list that takes its paging, filters and order in its body (RPC-style `POST /documents.list {"limit": 25,
    "collectionId": …}`, a `POST /pets/search`), as though its body's fields were query parameters; a list
    without a body as it is. What the mock answers such a list reads the body's fields as its query too."""
    if operation.request_body is None:
        return operation
    taken = {parameter.name for parameter in operation.parameters if parameter.location == "query"}
    fields: dict[str, Any] = {}
    for media in operation.request_body.content.values():
        for name, schema in _properties(media.schema).items():
            if name not in taken and not _is_object(schema):
                fields.setdefault(name, schema)
    asked = tuple(Parameter(name, "query", False, _flat(schema), "form", True) for name, schema in fields.items())
    return replace(operation, parameters=(*operation.parameters, *asked)) if asked else operation


def _build(api: Api, draft: _Draft) -> Resource | str:
    """The resource a draft describes, or why it is none."""
    ops = draft.operations
    ops[LIST] = [_body_as_query(o) for o in ops.get(LIST, [])]
    lister = ops[LIST][0] if ops.get(LIST) else None
    getter = ops[GET][0] if ops.get(GET) else None
    creator = ops[CREATE][0] if ops.get(CREATE) else None
    list_schema = success_schema(lister) if lister else None
    items_path = _where_listed(list_schema, draft.noun, creator) if lister else None
    record = _record_schema(draft.noun, lister, items_path, getter, creator, held=draft.source == "rpc")
    id_param = _params_of(draft.item_path)[-1] if draft.item_path else None
    source = draft.source
    id_field = _pick_id_field(record, draft.noun, id_param, _path_parameter_schema(ops, id_param))
    id_field = _key_a_summary_names(id_field, record, list_schema, items_path, draft.noun, id_param, ops)
    address = _own_address(record, draft.item_path or "")
    if address is not None and id_field is None:
        id_field = address.field  # a record with no id but its address (Vimeo's `uri`) is keyed by it
    viewed = None if id_field else _viewed_record_id(_properties(record), draft.noun, id_param)
    id_field = id_field or viewed
    own_object = viewed.rpartition(".")[0] if viewed else ""  # where a view of the record holds its own fields
    create_id_path: str | None = None
    # Links from the create answer to a read of the item say where the new id is: they win.
    linked_record_path: str | None = None
    item_ids = {o.operation_id for role in (GET, REPLACE, UPDATE, DELETE) for o in ops.get(role, [])}
    for creator_op in ops.get(CREATE, []):
        for target, params in _links_from(api, creator_op):
            if target in item_ids and id_param and id_param in params:
                pointer = _body_pointer(params[id_param])
                if pointer is None:
                    continue
                source = "links"
                head, _, last = pointer.rpartition(".")
                if id_field is None or last == id_field or not _properties(record):
                    id_field = id_field if (id_field and last != id_field and _properties(record)) else last
                    linked_record_path = head
                else:
                    create_id_path = pointer  # the create answer names the id but is not the record
    if id_field is None:
        if draft.item_path is None:
            # a list/create-only collection: its records still need a key, their own where they have one (`gid`)
            id_field = _pick_id_field(record, draft.noun, None) or _short_id_field(record) or "id"
        else:
            id_field = _key_the_parameter_describes(api, ops, record, id_param) or _undeclared_id(
                record, draft.noun, id_param
            )
            if id_field is None:
                return f"no id field in the record matches {{{id_param}}}"
    # Other lists of the same records (`/pet/findByStatus`): where each holds them, whole (they have no paging).
    other_lists = {
        o.operation_id: found
        for o in ops.get(LIST, [])
        if o.path not in draft.collection_paths and (found := locate_items(success_schema(o), draft.noun)) is not None
    }
    ops[LIST] = [o for o in ops.get(LIST, []) if o.path in draft.collection_paths or o.operation_id in other_lists]
    # An operation at no item path (a write on the collection path, an RPC-style read) names its record in its body
    # or its query; without a field that names it, it is no read or write of it.
    names = _record_names(draft.noun, id_field, [*ops.get(CREATE, []), *ops.get(GET, [])], items_path)
    ops[CREATE], copies_named, acts_named = _copies_named_in_the_body(ops.get(CREATE, []), draft, names, id_field)
    ops[COPY] = [*ops.get(COPY, []), *copies_named]
    ops[ACTION] = [*ops.get(ACTION, []), *acts_named]
    record_named_by: dict[str, str] = {}
    for role in (GET, REPLACE, UPDATE, DELETE, ACTION, COPY):
        kept = []
        for operation in ops.get(role, []):
            # an action on an item path (`/articles/{slug}/favorite`) names its record there; one a segment below
            # the collection path (`/post/lock {"post_id": …}`) in its body
            at_item = ends_in_parameter(operation.path) or (
                role in (ACTION, COPY)
                and draft.source != "rpc"
                and parent_path(operation.path) not in draft.collection_paths
            )
            named_by = None if at_item else _naming_field(operation, names)
            if named_by is None and not at_item:
                continue
            if role == ACTION and named_by is not None and not _requires_field(operation, named_by):
                continue  # what may name a record is no action on it (`documents.answerQuestion {"documentId"?}`)
            kept.append(operation)
            if named_by is not None and named_by != id_field.split(".")[0]:
                record_named_by[operation.operation_id] = named_by
        ops[role] = kept
    # the field each write lists its records in, where it sends and answers them so (Xero's `{"Invoices": [...]}`)
    listed = {
        operation.operation_id: found
        for role in (CREATE, REPLACE, UPDATE, ACTION)
        for operation in ops.get(role, [])
        if (found := sends_listed(operation, draft.noun, id_field)) is not None
    }
    # a batch create's body is the list itself (`BATCH_BODY`) or holds it (`{"inputs": […]}`); its answer lists what
    # it made where a list answer would (Resend's `{"data": [{"id": …}]}`), else it is left out: it cannot say what
    # it made
    # (a list the record holds itself is its own field, not a batch: ElevenLabs' batch call sends and holds its
    # `recipients`)
    batches = {  # operation id -> (the batch create, the field its body lists its records in)
        o.operation_id: (o, field)
        for o in ops.get(CREATE, [])
        if o.path not in draft.collection_paths
        and (field := batch_field(o)) is not None
        and field not in _properties(record)
    }
    batch_records = {
        op_id: f"{where}.{LISTED_ALONE}" if where else LISTED_ALONE
        for op_id, (operation, _) in batches.items()
        if (where := locate_items(success_schema(operation), draft.noun)) is not None
        and holds_field(at_path(success_schema(operation), f"{where}.{LISTED_ALONE}"), id_field)
    }
    ops[CREATE] = [o for o in ops.get(CREATE, []) if o.operation_id not in batches or o.operation_id in batch_records]
    listed.update({op_id: batches[op_id][1] for op_id in batch_records})
    record_paths: dict[str, str] = dict(batch_records)
    for role in (CREATE, GET, REPLACE, UPDATE, ACTION, COPY, DELETE):
        for operation in ops.get(role, []):
            if operation.operation_id in batch_records:
                continue
            schema = success_schema(operation)
            if role == CREATE and linked_record_path is not None and create_id_path is None:
                record_paths[operation.operation_id] = linked_record_path
                continue
            where = _record_path(schema, role, draft.noun, id_field, record)
            if where is None and role in (CREATE, GET, REPLACE, UPDATE) and _answers_any_json(operation):
                where = ""  # any JSON is its answer: the record whole, as its example shows (dev.to's pages)
            if where is not None:
                record_paths[operation.operation_id] = where
    create_fields = _request_fields(ops.get(CREATE, []), listed)
    sends_key = id_field.split(".")[0] in create_fields  # also the object it sits in (Kubernetes' `metadata`)
    id_sent_as = None if sends_key else _field_named_as(id_param, create_fields, record)
    # Petstore's `{"id": 7, …}`, a username; a create at the item path names the record by its path
    id_asked_as = _key_asked_as(id_param, ops.get(CREATE, []), record) if draft.item_path else None
    client_ids = (
        sends_key
        or id_sent_as is not None
        or id_asked_as is not None
        or (creator is not None and creator.path == draft.item_path)
    )
    if creator is not None and creator.operation_id not in record_paths and create_id_path is None:
        create_schema = success_schema(creator)
        id_at = _find_id_path(create_schema, draft.noun, id_field)
        if id_at is None and _is_a_bare_key(create_schema, at_path(record, id_field)):
            id_at = ""  # the answer is the new id itself (SIGNL4's `POST /webhooks` answers `201 "3f2a…"`)
        if id_at is None and not client_ids:
            return f"the create answer ({creator.operation_id}) holds neither the record nor its id"
        create_id_path = id_at
    paging = infer_paging(api, lister, list_schema, items_path or "") if lister else Paging()
    # a list of the same records at another path pages by its own parameters (Hetzner's actions), and holds them
    # where its own answer does
    list_items_paths = {
        other.operation_id: own_items
        for other in ops.get(LIST, [])[1:]
        if (own_items := _items_path_of(other, draft.noun, items_path or "")) != (items_path or "")
    }
    list_paging = {
        other.operation_id: own
        for other in ops.get(LIST, [])[1:]
        if (
            own := infer_paging(
                api, other, success_schema(other), list_items_paths.get(other.operation_id, items_path or "")
            )
        )
        != paging
    }
    filtered = {  # query parameter -> (record property, the values its schema enumerates)
        parameter.name: (target, _enumerated(parameter.schema))
        for other in ops.get(LIST, [])
        for name, target in infer_filters(other, record, paging, draft.parent_params, own_object).items()
        for parameter in other.parameters
        if parameter.location == "query" and parameter.name == name
    }
    request_fields = _request_fields(ops.get(CREATE, []) + ops.get(REPLACE, []) + ops.get(UPDATE, []), listed)
    server_fields = tuple(
        name
        for name, schema in _properties(record).items()
        if (name == id_field and not client_ids)
        or (_flat(schema).get("readOnly") is True)
        or (name not in request_fields and stamp_of(name, schema) is not None)
    )
    return Resource(
        api=api.name,
        name=_resource_name(draft),
        collection_path=draft.collection_paths[0],
        item_path=draft.item_path,
        id_param=id_param,
        alternate_key=(
            _alternate_key(id_param, record, id_field, _item_param_description(api, ops, id_param))
            or _twin_key(ops, draft.item_path, record, id_field)
        )
        if id_param
        else None,
        id_field=id_field,
        id_schema=_key_schema(
            _key_field_schema(record, list_schema, items_path, id_field),
            _path_parameter_schema(ops, id_param),
            address,
            id_field,
        ),
        record_schema=record,
        parent_params=draft.parent_params,
        parent=None,
        operations={role: tuple(o.operation_id for o in ops.get(role, [])) for role in ROLES},
        record_paths=record_paths,
        create_id_path=create_id_path,
        items_path=items_path,
        other_lists=other_lists,
        paging=paging,
        list_paging=list_paging,
        list_items_paths=list_items_paths,
        filters={name: target for name, (target, _) in filtered.items()},
        sorting=infer_sorting(
            lister, {name: target for name, (target, _) in filtered.items()}, _param_descriptions(api, lister)
        )
        if lister is not None
        else Sorting(),
        choices=_choices(filtered, record),
        catch_alls={name: catch for name, (_, values) in filtered.items() if (catch := catch_all_values(values))},
        server_fields=server_fields,
        parent_fields=_parent_fields(record, draft.parent_params, draft.collection_paths[0], id_field),
        source=source,
        id_sent_as=id_sent_as,
        id_asked_as=id_asked_as,
        lifecycle=infer_lifecycle(draft.noun, record, server_fields) if ops.get(GET) and ops.get(CREATE) else None,
        cancellation=_cancels(record, ops, record_paths),
        record_named_by=record_named_by,
        own_object=own_object,
        sends_listed={
            operation.operation_id: listed[operation.operation_id]
            for role in (CREATE, REPLACE, UPDATE)
            for operation in ops.get(role, [])
            if operation.operation_id in listed
        },
        copies={
            operation.operation_id: Copying(
                tuple(sorted(create_fields - {id_field.split(".")[0], *server_fields})),
                source_field(record, operation.path),
            )
            for operation in ops.get(COPY, [])
        },
        address=address,
    )


# Answer wrappers that say nothing of what they hold: no request names a record after them.
_GENERIC_WRAPPERS = frozenset({"data", "item", "items", "result", "results", "record", "response", "payload"})


def _record_names(noun: str, id_field: str, answering: Iterable[Operation], items_path: str | None = None) -> list[str]:
    """The names a request may name a record by where no path does, most likely first: its id field (`PUT /pet
    {"id": 7}`, Outline's `documents.info {"id": …}`), then the noun's (Slack's `reminders.info?reminder=`,
    `user_id`), then those of the object its answers hold it in (Slack's `conversations.info?channel=` of
    `{"channel": {…}}`), then the one the list names its records by (Plaid's `entity_watchlist_screening_id` of
    `/watchlist_screening/entity/list`'s `{"entity_watchlist_screenings": […]}`)."""
    wrappers = []
    for operation in answering:
        where = locate_record(success_schema(operation), noun, id_field) or ""
        wrapper = where.split(".")[0]
        listed = where.endswith(f".{LISTED_ALONE}")  # `{"Invoices": [...]}`: the collection's, not one record's name
        if wrapper and not listed and wrapper not in _GENERIC_WRAPPERS and wrapper not in wrappers:
            wrappers.append(wrapper)
    listed_as = singular((items_path or "").split(".")[0])
    if listed_as and listed_as not in _GENERIC_WRAPPERS and listed_as not in (singular(noun), *wrappers):
        wrappers.append(listed_as)
    stems = [singular(noun), *wrappers]
    holder, _, own_name = id_field.rpartition(".")
    named = [id_field.split(".")[0], *(f"{stem}{suffix}" for stem in stems for suffix in ("", "_id", "Id"))]
    # the key's own name in the object it sits in, last: Lemmy's `GET /post?id=` names the post of `post.id`
    return [*named, own_name] if holder else named


def _copies_named_in_the_body(
    creates: list[Operation], draft: _Draft, names: list[str], id_field: str
) -> tuple[list[Operation], list[Operation], list[Operation]]:
    """(the creates, the copies, the actions) among a collection's creates: one a literal segment below the collection
    path whose body requires a field naming one of its records, by the noun's name rather than the key's own (OpenAI's
    `POST /videos/edits {"video": {"id": …}, "prompt": …}`), makes a new record from the one it names, or, named by a
    verb, does something to that record (`_names_what_it_makes`). A key sent
    under its own name (`{"id": …}`, Docker's `{"Name": …}`), or under a name the collection's own create sends too
    (Appwrite's `POST /users/argon2 {"userId": …}` beside `POST /users {"userId": …}`), is the new record's, chosen by
    the client."""
    own = {spelling_key(id_field.split(".")[0]), spelling_key(id_field.rpartition(".")[2])}
    own.update(spelling_key(name) for name in _request_fields([o for o in creates if o.path in draft.collection_paths]))
    naming = [name for name in names if spelling_key(name) not in own]
    kept, copies, acts = [], [], []
    for operation in creates:
        named = _naming_field(operation, naming) if parent_path(operation.path) in draft.collection_paths else None
        if operation.method != "POST" or named is None or not _requires_field(operation, named):
            kept.append(operation)
        elif _names_what_it_makes(operation):
            copies.append(operation)
        else:
            acts.append(operation)
    return kept, copies, acts


def _names_what_it_makes(operation: Operation) -> bool:
    """Whether a write that names a record in its body makes another from it: its last word is what it makes, a
    plural noun (OpenAI's `POST /videos/edits`, `/videos/extensions`), or says it copies (`duplicate`, `fork`). A
    verb does something to the record named (Intercom's `POST /conversations/redact {"conversation_id": …}` answers
    that conversation)."""
    word = _last_word(operation.path).lower()
    return singular(word) != word or _makes_another(operation)


def _naming_field(operation: Operation, names: Iterable[str]) -> str | None:
    """The first of `names` the operation takes in its body or its query, however it spells it; never a list, which
    names no one record (Casdoor's session sends `sessionId: [string]`), nor a file's bytes, which are the record's
    content (Together's `POST /files/upload` sends the file as `file`)."""
    lists = {
        name
        for media in (operation.request_body.content.values() if operation.request_body else ())
        for name, schema in _properties(media.schema).items()
        if _is_array(schema) or _holds_bytes(schema)
    }
    fields = [
        *(name for name in _request_fields([operation]) if name not in lists),
        *(p.name for p in operation.parameters if p.location == "query"),
    ]
    spelled = {spelling_key(name): name for name in reversed(fields)}
    return next((spelled[spelling_key(name)] for name in names if spelling_key(name) in spelled), None)


def _holds_bytes(schema: Any) -> bool:
    """A field of a file's bytes: `format: binary` or `byte` (OpenAPI 3.0), or a `contentMediaType` (3.1)."""
    flat = _flat(schema)
    return flat.get("format") in ("binary", "byte") or "contentMediaType" in flat


def _requires_field(operation: Operation, name: str) -> bool:
    """Whether every request of the operation sends `name`: its body requires it, or it is a required query
    parameter."""
    if any(p.location == "query" and p.name == name and p.required for p in operation.parameters):
        return True
    content = operation.request_body.content if operation.request_body else {}
    return any(name in _required_names(media.schema) for media in content.values())


def _required_names(schema: Any) -> frozenset[str]:
    """The fields every value of an object schema holds: those it requires, and those every option of its oneOf or
    anyOf requires (Intercom's redaction sends a part's or a source's, each requiring `conversation_id`)."""
    flat = _flat(schema)
    required = frozenset(name for name in flat.get("required") or () if isinstance(name, str))
    for key in ("oneOf", "anyOf"):
        options = [option for option in flat.get(key) or () if isinstance(option, dict)]
        if options:
            required |= frozenset.intersection(*(_required_names(option) for option in options))
    return required


def record_named_in(operation: Operation, name: str) -> str | None:
    """Where an operation sends the field `name` that names its record (`Resource.record_named_by`, else the id
    field): "body" (`PUT /pet {"id": 7}`, `POST /documents.info {"id": …}`), "query" (`GET /users/get?id=7`), or
    None where it sends none."""
    if name in _request_fields([operation]):
        return "body"
    if any(parameter.location == "query" and parameter.name == name for parameter in operation.parameters):
        return "query"
    return None


def _field_named_as(id_param: str | None, request_fields: set[str], record: Schema) -> str | None:
    """The request field spelt as the item path's parameter, where the record has no field of that name: the
    client names the new record's key as the path does (`{"username": …}` for `/users/{username}`)."""
    if id_param is None:
        return None
    key = spelling_key(id_param)
    if any(spelling_key(name) == key for name in _properties(record)):
        return None
    return next((name for name in sorted(request_fields) if spelling_key(name) == key), None)


def _key_asked_as(id_param: str | None, creates: Iterable[Operation], record: Schema) -> str | None:
    """The query parameter of a create spelt as the item path's parameter and `id`, where the record has no field of
    that name: the client names the new record's key in it (AIP's `POST /memos?memoId=abc` for `/memos/{memo}`)."""
    if id_param is None:
        return None
    wanted = spelling_key(id_param) + "id"
    if any(spelling_key(name) == wanted for name in _properties(record)):
        return None
    return next(
        (
            parameter.name
            for create in creates
            for parameter in create.parameters
            if parameter.location == "query" and spelling_key(parameter.name) == wanted
        ),
        None,
    )


def _parent_fields(record: Schema, parent_params: tuple[str, ...], path: str, id_field: str) -> dict[str, str]:
    """Record properties that repeat a parent parameter (`org_id` for `{orgId}`; `post_id` for the `{id}` of
    `/posts/{id}/comments`), never the record's own id: a parent named `{id}` wrote the post's id into every
    comment's, so each new comment replaced the last (Gitea's attachments under `/releases/{id}/assets`). Where the
    key sits in an object (`metadata.name`), the fields beside it count too: `{namespace}` is `metadata.namespace`."""
    properties = {spelling_key(name): name for name in _properties(record)}
    holder, _, _ = id_field.rpartition(".")
    if holder:
        beside = {spelling_key(name): f"{holder}.{name}" for name in _properties(at_path(record, holder))}
        properties = {**beside, **properties}
    segments = _segments(path)
    found = {}
    for param in parent_params:
        # A parent named like an own id (`{id}` of `/clients/{id}/roles`) is the parent's id, never a field called
        # `id` of the records under it: only `client_id`, `clientId` repeat it.
        keys = [] if names_own_id(param) else [spelling_key(param), spelling_key(param) + "id"]
        at = segments.index("{" + param + "}") if "{" + param + "}" in segments else -1
        if at > 0 and not is_path_parameter(segments[at - 1]):  # the noun it is the id of
            keys.append(spelling_key(singular(segments[at - 1])) + "id")
        name = next((properties[key] for key in keys if key in properties and properties[key] != id_field), None)
        if name is not None:
            found[param] = name
    return found


def _find_id_path(schema: Any, noun: str, id_field: str) -> str | None:
    """Where a create answer that is not the record holds its id: `<noun>_id`, or the record's id field, spelt its
    own way (Docker's configs are keyed `ID`, and `POST /configs/create` answers `{"Id": …}`)."""
    properties = _properties(schema)
    scalars = [name for name, sub in properties.items() if not _is_object(sub)]
    return _first_field([f"{singular(noun)}_id", f"{singular(noun)}Id", id_field], scalars)


# The formats that say what else a bare text or number is (a time, an address, a file), not a record's key.
_NOT_A_KEY_FORMATS = frozenset(
    {"date-time", "date", "time", "duration", "email", "idn-email", "uri", "url", "uri-reference", "iri", "hostname",
     "idn-hostname", "ipv4", "ipv6", "byte", "binary", "base64", "password", "json-pointer", "regex", "float", "double"}
)  # fmt: skip


def _is_a_bare_key(answer: Any, key: Any) -> bool:
    """Whether a create's whole answer, a scalar, can be the new record's key: text or an integer of the key's own
    type, not one of a few listed values (a status word), and in no format the key does not have (LUIS' custom
    domains are keyed by their culture, `en-US`, and their create answers a uuid) nor one that makes it something
    else (a time, an address)."""
    answer, key = _flat(answer), _flat(key)
    kinds = schema_types(answer)
    if len(kinds) != 1 or kinds[0] not in ("string", "integer") or "enum" in answer or "const" in answer:
        return False
    key_kinds, written = schema_types(key), answer.get("format")
    if key_kinds and kinds[0] not in key_kinds:
        return False
    if kinds[0] == "integer":
        return written not in _NOT_A_KEY_FORMATS
    return written is None or (written not in _NOT_A_KEY_FORMATS and written == key.get("format"))


def _request_fields(operations: list[Operation], listed_in: Mapping[str, str] = {}) -> set[str]:
    """The fields the requests send, also inside a one-field wrapper (`{"user": {...}}`) and in each record a body
    lists (`listed_in`: operation id -> the field, `sends_listed`; Xero's `{"Invoices": [...]}`)."""
    fields: set[str] = set()
    for operation in operations:
        listed = listed_in.get(operation.operation_id)
        for media in (operation.request_body.content if operation.request_body else {}).values():
            properties = _properties(media.schema)
            if listed == BATCH_BODY and _is_array(media.schema):
                properties = _properties(_flat(media.schema).get("items"))
            if listed is not None and listed in properties:
                properties.update(_properties(_flat(properties[listed]).get("items")))
            if len(properties) == 1:
                properties.update(_properties(next(iter(properties.values()))))
            fields.update(name for name, sub in properties.items() if _flat(sub).get("readOnly") is not True)
    return fields


def operations_below(api: Api, resources: Iterable[Resource], answered: set[str]) -> dict[str, Resource]:
    """Operation id -> the resource whose item path its path is or extends (the longest such), for each operation of
    `api` that `answered` (the operations rules answer) leaves out: it is about that resource's record. At the item
    path itself, a method no role took (Solidus' `POST /option_types/{id}`, documented as a delete) was answered
    200 for an option type never made, and its values then 404."""
    items = sorted(((_segments(r.item_path), r) for r in resources if r.item_path), key=lambda found: -len(found[0]))
    found: dict[str, Resource] = {}
    for operation in api.operations:
        if operation.operation_id in answered or operation.task_protocol is not None:
            continue
        segments = _segments(operation.path)
        for item, resource in items:
            if len(segments) >= len(item) and _shape(segments[: len(item)]) == _shape(item):
                found[operation.operation_id] = resource
                break
    return found


def _with_paths_by_id_alone(
    resources: list[Resource], items: dict[str, dict[str, Operation]], by_path: dict[str, dict[str, Operation]]
) -> list[Resource]:
    """The nested resources with the item paths that name their records by id alone (`Resource.by_id_alone`):
    Netlify reads, and deletes, a site's deploy at `/deploys/{deploy_id}` too; the mock answered it the static
    answer, a deploy deleted a moment before read 200. Such a path holds one parameter, the id, after the
    resource's own noun and names the record's id field; no collection took it; its read answers the resource's
    record; the resource's ids are the server's, unique across parents (not `keyed_within_parent`); and no other
    resource fits it as well."""
    claimed = {i for r in resources for ids in r.operations.values() for i in ids}
    found: dict[str, dict[str, list[Operation]]] = {}  # resource name -> role -> operations
    for path, ops in items.items():
        segments = _segments(path)
        getter = ops.get("GET")
        if (
            getter is None
            or len(segments) != 2
            or is_path_parameter(segments[0])
            or any(o.operation_id in claimed for o in ops.values())
        ):
            continue
        answer = success_schema(getter)
        fitting = [
            r
            for r in resources
            if r.parent_params
            and not r.keyed_within_parent
            and r.item_path is not None
            and _segments(r.item_path)[-2] == segments[0]
            and answer is not None
            and _answers_record(answer, segments[0], [frozenset(_properties(r.record_schema))])
            # its parameter names the record's id, not another key (GitHub's `/teams/{team_id}` beside
            # `/orgs/{org}/teams/{team_slug}`: a number where the collection keys by slug)
            and _pick_id_field(r.record_schema, segments[0], segments[1][1:-1]) == r.id_field
        ]
        if len(fitting) != 1:
            continue
        resource = fitting[0]
        roles = found.setdefault(resource.name, {})
        for method, operation in ops.items():
            if method in _ITEM_ROLES:
                role = _ITEM_ROLES[method]
                role = UPDATE if role == REPLACE and not _requires_fields(operation) else role
                roles.setdefault(role, []).append(operation)
        for operation in _actions_on(by_path, path, segments[0], resource.record_schema):
            roles.setdefault(ACTION, []).append(operation)
    return [
        replace(
            _with_operations_added(resource, found[resource.name]),
            by_id_alone=resource.by_id_alone | {o.operation_id for ops in found[resource.name].values() for o in ops},
        )
        if resource.name in found
        else resource
        for resource in resources
    ]


# A literal segment that names the field the next one finds a record by: `external_id`, `by_token`, `by-name`
_BY_PREFIX = re.compile(r"^by[_-]?", re.IGNORECASE)


def _with_reads_by_other_keys(resources: list[Resource], items: dict[str, dict[str, Operation]]) -> list[Resource]:
    """The resources with the reads that find a record by another of its fields (`Resource.found_by`): a path that
    is the collection's, then a literal naming a field of the record, then a parameter (WorkOS'
    `/organizations/external_id/{external_id}`, `/user_management/invitations/by_token/{token}`) whose read answers
    the record. The mock answered them the static answer: an organization made with an external id read as another."""
    by_shape = {_path_shape(r.collection_path): r for r in resources}
    claimed = {i for r in resources for ids in r.operations.values() for i in ids}
    found: dict[str, list[tuple[Operation, str]]] = {}  # resource name -> (read, the field it finds by)
    for path, ops in items.items():
        getter = ops.get("GET")
        segments = _segments(path)
        if getter is None or getter.operation_id in claimed or len(segments) < 3 or is_path_parameter(segments[-2]):
            continue
        resource = by_shape.get(_shape(segments[:-2]))
        if resource is None or resource.id_param is None:
            continue
        properties = _properties(resource.record_schema)
        named = spelling_key(_BY_PREFIX.sub("", segments[-2])) if segments[-2].lower() != "by" else ""
        field_name = next((name for name in properties if spelling_key(name) == named), None)
        answer = success_schema(getter)
        if (
            field_name is None
            or field_name == resource.id_field
            or _is_object(properties[field_name])
            or _is_array(properties[field_name])
            or answer is None
            or not _answers_record(answer, segments[-3], [frozenset(properties)])
        ):
            continue
        found.setdefault(resource.name, []).append((getter, field_name))
    return [
        replace(
            _with_operations_added(resource, {GET: [read for read, _ in found[resource.name]]}),
            found_by={**resource.found_by, **{read.operation_id: name for read, name in found[resource.name]}},
        )
        if resource.name in found
        else resource
        for resource in resources
    ]


def _with_operations_added(resource: Resource, added: Mapping[str, list[Operation]]) -> Resource:
    """The resource with more operations in these roles, each with where its answer holds the record."""
    record_paths = dict(resource.record_paths)
    noun = singular(resource.name)
    for role, made in added.items():
        for operation in made:
            where = _record_path(success_schema(operation), role, noun, resource.id_field, resource.record_schema)
            if where is not None:
                record_paths[operation.operation_id] = where
    operations = {
        **resource.operations,
        **{role: (*resource.operations.get(role, ()), *(o.operation_id for o in ops)) for role, ops in added.items()},
    }
    return replace(resource, operations=operations, record_paths=record_paths)


def _record_path(schema: Any, role: str, noun: str, id_field: str, record: Schema) -> str | None:
    """Where an operation of this role answers the record (`locate_record`), or None: it answers no record."""
    where = locate_record(schema, noun, id_field)
    if where is None and _is_the_record(schema, record):
        where = ""  # the record's own schema, which leaves out the key the mock adds (`_undeclared_id`)
    if where is None and role in (ACTION, COPY):
        where = locate_record(schema, noun, None)
    if where is not None and where.endswith(f".{LISTED_ALONE}") and role == DELETE:
        # a delete's answer lists what is left; a write's lists what it wrote, the one record it sent too (Xero's
        # `PUT /Accounts` of one account answers `{"Accounts": [it]}`)
        where = None
    if role == DELETE and where is not None and not _is_the_record(at_path(schema, where), record):
        return None  # a receipt of the deletion (Stripe's `{id, object, deleted}`), not the record it deleted
    return where


# The roles whose operations a path key fixing a query may join (`_with_query_twins`): those about one record.
_TWINNED_ROLES = (CREATE, GET, REPLACE, UPDATE, DELETE, ACTION, COPY)


def _with_query_twins(resources: list[Resource], api: Api) -> list[Resource]:
    """Each resource with the operations of a path key that fixes a query (OpenAI's `POST /responses?beta=true`,
    `GET /responses/{response_id}?beta=true`) in the role the plain path's operation of the same method plays, where
    it answers the record where that one does: one record, made, read and deleted at either (a response made at the
    plain path was read at the other as a made-up one, another status each time)."""
    twins: dict[tuple[str, str], list[Operation]] = {}
    for operation in api.operations:
        template, query = split_path_key(operation.path)
        if query:
            twins.setdefault((operation.method, template), []).append(operation)
    if not twins:
        return resources
    by_id = {operation.operation_id: operation for operation in api.operations}
    out = []
    for resource in resources:
        joined: dict[str, list[str]] = {}
        record_paths = dict(resource.record_paths)
        copies = dict(resource.copies)
        held = {operation_id for ids in resource.operations.values() for operation_id in ids}
        for role in _TWINNED_ROLES:
            for operation_id in resource.operations.get(role, ()):
                plain = by_id.get(operation_id)
                if plain is None:
                    continue
                for twin in twins.get((plain.method, plain.path), ()):
                    if twin.operation_id in held:
                        continue
                    where = resource.record_paths.get(operation_id)
                    if where is not None:
                        if not _same_record_at(success_schema(plain), success_schema(twin), where):
                            continue
                        record_paths[twin.operation_id] = where
                    if operation_id in resource.copies:
                        copies[twin.operation_id] = resource.copies[operation_id]
                    joined.setdefault(role, []).append(twin.operation_id)
        if not joined:
            out.append(resource)
            continue
        operations = {role: (*ids, *joined.get(role, ())) for role, ids in resource.operations.items()}
        out.append(replace(resource, operations=operations, record_paths=record_paths, copies=copies))
    return out


def _same_record_at(schema: Any, other: Any, where: str) -> bool:
    """Both answers hold a record of the same fields at `where`."""
    mine = at_path(schema, where) if where else schema
    theirs = at_path(other, where) if where else other
    return mine is not None and theirs is not None and frozenset(_properties(mine)) == frozenset(_properties(theirs))


def _with_count(resource: Resource, collections: dict[str, dict[str, Operation]]) -> Resource:
    """The resource with its count, where the API answers how many records its list holds at `<collection>/count`
    (Keycloak's `/users/count`, LoopBack's, Strapi's): a number, or an object of one integer field."""
    counter = (collections.get(resource.collection_path.rstrip("/") + "/count") or {}).get("GET")
    if counter is None or resource.operations.get(COUNT):
        return resource
    schema = success_schema(counter)
    if "integer" in schema_types(_flat(schema or {})):
        place = ""
    else:
        integers = [name for name, sub in _properties(schema).items() if "integer" in schema_types(_flat(sub))]
        if len(integers) != 1:
            return resource
        place = integers[0]
    return replace(
        resource,
        operations={**resource.operations, COUNT: (counter.operation_id,)},
        record_paths={**resource.record_paths, counter.operation_id: place},
    )


def _with_parents(resources: list[Resource]) -> list[Resource]:
    """Each nested resource names its parent; parents come first."""
    by_item = {_path_shape(r.item_path): r for r in resources if r.item_path}
    out = []
    for resource in resources:
        parent = by_item.get(_parent_shape(resource.collection_path))
        if parent is None or parent is resource:
            out.append(replace(resource, parent=None))
        else:
            out.append(replace(resource, parent=parent.name, parent_object=_parent_object(resource, parent)))
    children: dict[str, list[Resource]] = {}
    for resource in out:
        if resource.parent is not None:
            children.setdefault(resource.parent, []).append(resource)
    out = [
        replace(
            r,
            child_counts=_child_counts(r, children.get(r.name, [])),
            child_lists=_child_lists(r, children.get(r.name, [])),
            linked=linked,
            shares=shares,
            references=_references(r, out, by_address),
            references_by_address=frozenset(name for name, _ in by_address),
            embeds=_embeds(r, out),
        )
        for r, (linked, shares), by_address in (
            (r, _linked_or_shared(r, out), _references_by_address(r, out)) for r in out
        )
    ]
    sharers: dict[str, tuple[str, ...]] = {}
    for r in out:
        if r.shares is not None:
            sharers[r.shares] = (*sharers.get(r.shares, ()), r.name)
    out = [replace(r, shared_by=sharers[r.name]) if r.name in sharers else r for r in out]
    names = {r.name: r for r in out}

    def depth(resource: Resource) -> int:
        seen = 0
        while resource.parent and resource.parent in names and seen < len(names):
            resource = names[resource.parent]
            seen += 1
        return seen

    return sorted(out, key=depth)


# ---------------------------------------------------------------- links


def resource_links(resource: Resource) -> dict[str, dict[str, dict[str, Any]]]:
    """OpenAPI link objects from each create of `resource` to its item operations.

    `{create operationId: {link name: {"operationId": ..., "parameters": {...}}}}`: the new id comes from
    the create answer (`$response.body#/...`), parent parameters from the create request's path. Put a
    create's links under its success response's `links` to let a stateful test chain create -> read ->
    update -> delete. Empty for a resource without an item path.
    """
    if resource.id_param is None:
        return {}
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for create in resource.operations.get(CREATE, ()):
        if create in resource.record_paths:
            place = resource.record_paths[create]
            pointer = "/".join(p for p in (place.replace(".", "/"), resource.id_field.replace(".", "/")) if p)
        elif resource.create_id_path is not None:  # "": the answer is the id itself
            pointer = resource.create_id_path.replace(".", "/")
        else:
            continue
        parameters = {p: f"$request.path.{p}" for p in resource.parent_params}
        # the whole body where it is the id itself: `#/` would name a field called "" (RFC 6901)
        parameters[resource.id_param] = f"$response.body#/{pointer}" if pointer else "$response.body"
        links: dict[str, dict[str, Any]] = {}
        for role in (GET, REPLACE, UPDATE, DELETE):
            for target in resource.operations.get(role, ()):
                name = f"{role.capitalize()}{''.join(w.capitalize() for w in resource.name.split('_'))}"
                name = name if name not in links else f"{name}{target[0].upper()}{target[1:]}"
                links[name] = {"operationId": target, "parameters": dict(parameters)}
        out[create] = links
    return out


# ---------------------------------------------------------------- overrides

_OVERRIDABLE = {
    "id_field",
    "id_param",
    "items_path",
    "create_id_path",
    "filters",
    "parent_wildcard",
    "parent_fields",
    "record_paths",
    "server_fields",
    "collection_path",
    "item_path",
}


def _apply_overrides(
    api: Api,
    resources: list[Resource],
    overrides: list[ResourceOverride],
    left_out: dict[str, LeftOut],
    claimed: set[str],
) -> list[Resource]:
    by_name = {r.name: r for r in resources}
    known = {o.operation_id for o in api.operations}
    for override in overrides:
        if override.api != api.name:
            continue
        if override.exclude:
            dropped = by_name.pop(override.name, None)
            if dropped is not None:
                for ids in dropped.operations.values():
                    for operation_id in ids:
                        operation = next(o for o in api.operations if o.operation_id == operation_id)
                        left_out[operation_id] = LeftOut(
                            operation_id,
                            operation.method,
                            operation.path,
                            f"excluded by {override.where or 'override'}",
                        )
            continue
        base = by_name.get(override.name)
        values = dict(override.values)
        if base is None:
            base = _blank(api, override)
        changes: dict[str, Any] = {k: v for k, v in values.items() if k in _OVERRIDABLE}
        if "operations" in values:
            operations = dict(base.operations)
            for role, ids in values["operations"].items():
                ids = (ids,) if isinstance(ids, str) else tuple(ids)
                unknown = [i for i in ids if i not in known]
                if unknown:
                    raise ValueError(f"{override.where}: resource {override.name!r}: unknown operation {unknown[0]!r}")
                operations[role] = ids
            changes["operations"] = operations
        if "paging" in values:
            changes["paging"] = replace(base.paging, **values["paging"])
        if "record_paths" in values:
            changes["record_paths"] = {**base.record_paths, **values["record_paths"]}
        by_name[override.name] = replace(base, source="override", **changes)
    # an operation a later resource claims leaves the earlier one
    return list(by_name.values())


def _blank(api: Api, override: ResourceOverride) -> Resource:
    values = override.values
    collection_path = str(values.get("collection_path") or "")
    if not collection_path:
        raise ValueError(f"{override.where}: resource {override.name!r} is not inferred; give its collection_path")
    return Resource(
        api=api.name,
        name=override.name,
        collection_path=collection_path,
        item_path=values.get("item_path"),
        id_param=_params_of(values["item_path"])[-1] if values.get("item_path") else None,
        id_field=str(values.get("id_field") or "id"),
        id_schema={"type": "string"},
        record_schema={"type": "object"},
        parent_params=_params_of(collection_path),
        parent=None,
        operations={role: () for role in ROLES},
        record_paths={},
        create_id_path=None,
        items_path=None,
    )


__all__ = [
    "CREATE",
    "DELETE",
    "GET",
    "LIST",
    "REPLACE",
    "CLEAR",
    "ROLES",
    "UPDATE",
    "Inference",
    "LeftOut",
    "Paging",
    "Resource",
    "ResourceOverride",
    "explain_resources",
    "infer_resources",
    "record_named_in",
    "resource_links",
    "parent_path",
    "rpc_call",
]
