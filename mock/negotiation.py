"""Content negotiation: which declared media type answers a request's `Accept` (RFC 9110 q-values).

A structured-syntax suffix (RFC 6839) names the format a vendor type is written in, so
`application/vnd.github+json` is JSON: a client asking for it is served by an answer the spec
declares as `application/json`, and the other way round. The same holds for XML
(`application/atom+xml`, `text/xml`, `application/xml`) and any other suffix.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable
from typing import Any

import orjson

from mock.form_bodies import multipart_boundary
from mock.spec.model import essence, syntax_of
from mock.spec.schemas import schema_types

# How specifically an Accept range names an offered type; more is better.
EXACT, SAME_FORMAT, SAME_TYPE, ANYTHING, NONE = 4, 3, 2, 1, 0

# RFC 9110's media range: `type/subtype`, each a token.
_MEDIA_RANGE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """(media range, q) pairs of an Accept header, parameters other than q dropped; absent or empty means anything.

    What is not a media range is disregarded (RFC 9110 lets a server disregard an Accept it cannot read), so
    one with none readable means anything too: schemathesis fills PagerDuty's `Accept` parameter with any text."""
    ranges: list[tuple[str, float]] = []
    for item in (header or "").split(","):
        media, *params = (piece.strip() for piece in item.split(";"))
        if not _MEDIA_RANGE.fullmatch(media):
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges or [("*/*", 1.0)]


# The subtype an answer declared only as `image/*` (or the like) is sent as: a Content-Type names one type.
_USUAL_SUBTYPES = {"image": "png", "audio": "mpeg", "video": "mp4", "font": "woff2", "model": "gltf-binary"}


def sent_media_type(media: str, body: bytes) -> str:
    """The Content-Type an answer goes out with: its media type, or, where the spec declares only a range (Homebox's
    export, `*/*`; an `image/*`), the one type of it the body is: JSON for an object or a list (`serialise` writes
    them so), UTF-8 text, or bytes. A `Content-Type: */*` names no type, and clients read such an answer as JSON."""
    if "*" not in media:
        if "multipart/" not in media or "boundary=" in media:  # spec keys are written in lower case
            return media
        boundary = multipart_boundary(body)  # the mock's multipart answers carry theirs in the body alone
        return f"{media}; boundary={boundary}" if boundary else media
    kind = essence(media).partition("/")[0]
    if kind in _USUAL_SUBTYPES:
        return f"{kind}/{_USUAL_SUBTYPES[kind]}"
    if kind != "text" and body[:1] in (b"{", b"["):
        try:
            orjson.loads(body)
            return "application/json"
        except orjson.JSONDecodeError:
            pass
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "application/octet-stream" if kind == "application" else "text/plain; charset=utf-8"


def holds_data(media: str) -> bool:
    """Whether a value of any type, objects and lists included, is written in this media type: JSON (and its
    streams), XML, YAML."""
    return syntax_of(media) in ("json", "xml", "yaml") or is_json_records(media)


# Streams of JSON texts, one a record: JSON Lines and NDJSON (each ends in a newline), RFC 7464's json-seq (each
# begins with RS, 0x1E). Docker's `/events`, Ollama's and Elastic's streams are declared so.
_JSON_RECORDS = frozenset({"x-ndjson", "ndjson", "jsonl", "x-jsonl", "jsonlines", "x-jsonlines", "json-seq"})


@functools.lru_cache(maxsize=1024)  # asked of every request body's type; few, bounded as `syntax_of`
def is_json_records(media: str) -> bool:
    """Whether the media type is a stream of JSON texts (`application/x-ndjson`, `application/jsonl`, `json-seq`)."""
    return essence(media).partition("/")[2] in _JSON_RECORDS


def json_record(media: str, text: bytes) -> bytes:
    """One JSON text framed as a record of the stream this media type is."""
    return (b"\x1e" + text + b"\n") if essence(media).endswith("json-seq") else text + b"\n"


def unframed(media: str, body: bytes | str) -> bytes | str:
    """The JSON text of one record of such a stream, without its framing."""
    return body.strip("\x1e\r\n\t ") if isinstance(body, str) else body.strip(b"\x1e\r\n\t ")


def records_in(media: str, body: bytes) -> list[bytes]:
    """The JSON texts of a stream in this media type, split where `json_record` frames them (RS for json-seq, else
    a newline); blank ones left out."""
    separator = b"\x1e" if essence(media).endswith("json-seq") else b"\n"
    return [text for text in body.split(separator) if unframed(media, text)]


class StreamReading(enum.Enum):
    """How a request body in a stream of JSON texts is read, by what its schema describes: the mock reads it so
    (`mock.request_validation`), and the contract runner sends it so."""

    TEXT = "text"  # the schema takes only a string: the stream is its text (a bulk body described as text)
    WHOLE = "whole"  # the schema describes a list and no record: the records are one list (Elasticsearch's `_bulk`)
    EACH = "each"  # the schema describes one record, as an answer's does: each record is judged by it


def stream_reading(schema: Any) -> StreamReading:
    kinds = schema_types(schema)
    if kinds == ("string",):
        return StreamReading.TEXT
    if "array" in kinds and "object" not in kinds:
        return StreamReading.WHOLE
    return StreamReading.EACH


def _matches(media_range: str, offered: str) -> int:
    """How specifically one Accept range names an offered type (EXACT ... NONE)."""
    offered = essence(offered)
    if media_range == offered:
        return EXACT
    range_type, _, range_subtype = media_range.partition("/")
    offered_type, _, offered_subtype = offered.partition("/")
    if range_subtype.startswith("*+"):  # `application/*+json`: any type written in that syntax
        return SAME_FORMAT if syntax_of(offered) == range_subtype[2:] and range_type in (offered_type, "*") else NONE
    if "*" not in media_range and "*" not in offered:
        syntax = syntax_of(media_range)
        if syntax is not None and syntax == syntax_of(offered):
            return SAME_FORMAT
    if range_subtype == "*" and range_type == offered_type:
        return SAME_TYPE
    if media_range == "*/*":
        return ANYTHING
    if offered_subtype == "*" and range_type == offered_type:  # the spec declares a range itself
        return SAME_TYPE
    return NONE


# Accept headers as clients send them are few and short: the choice for each is remembered.
_CACHED_HEADER_LENGTH = 256


def negotiate(header: str | None, offered: Iterable[str]) -> str | None:
    """The declared media type the client prefers most, JSON first among equals; None when it takes none."""
    offered = tuple(offered)
    if header is None or len(header) <= _CACHED_HEADER_LENGTH:
        return _remembered_choice(header, offered)
    return _choose(header, offered)


@functools.lru_cache(maxsize=1024)
def _remembered_choice(header: str | None, offered: tuple[str, ...]) -> str | None:
    return _choose(header, offered)


def _choose(header: str | None, offered: tuple[str, ...]) -> str | None:
    ranges = parse_accept(header)
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for position, media in enumerate(offered):
        quality, specificity = 0.0, NONE
        for media_range, q in ranges:
            level = _matches(media_range, media)
            if level > specificity:
                quality, specificity = q, level
        if specificity == NONE or quality <= 0:
            continue
        is_json = 1 if syntax_of(media) == "json" else 0
        rank = (quality, specificity, is_json, -position)
        if best is None or rank > best:
            best, chosen = rank, media
    return chosen
