"""Conditional requests (RFC 9110 §8.8.3, §13.1.2): an `ETag` the answer declares names its body, and a `GET` whose
`If-None-Match` names it is answered 304 where the operation declares one.

A generated ETag was a random word that never changed: a browser's cache could not tell a changed record from an
unchanged one (Spring PetClinic declares both the header and the 304).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from typing import Any

from mock.response_generation import MockResponse
from mock.schema_validation import is_valid
from mock.spec.model import Operation


def entity_tagged(operation: Operation, method: str, if_none_match: str | None, response: MockResponse) -> MockResponse:
    """`response` with the `ETag` its status declares naming its body (a strong tag, quoted), or a 304 with that tag
    and no body where the request's `If-None-Match` names it (or `*`) and the operation declares 304."""
    tagged = _tagged(operation)
    if not tagged or response.status not in tagged:
        return response
    declared, schema = tagged[response.status]
    tag = '"' + hashlib.blake2b(response.body, digest_size=10).hexdigest() + '"'
    if isinstance(schema, dict) and not is_valid(schema, tag):
        return response  # a tag of the spec's own shape: the generated one stays
    headers = {name: value for name, value in response.headers.items() if name.lower() != "etag"}
    headers[declared] = tag
    if method in ("GET", "HEAD") and if_none_match and _names(if_none_match, tag) and "304" in operation.responses:
        return dataclasses.replace(response, status=304, body=b"", media_type=None, headers=headers)
    return dataclasses.replace(response, headers=headers)


@functools.lru_cache(maxsize=4096)
def _tagged(operation: Operation) -> dict[int, tuple[str, Any]]:
    """The success statuses whose answer declares an `ETag`: its name as declared and its schema (worked out once
    per operation: every answer asks)."""
    found: dict[int, tuple[str, Any]] = {}
    for status in range(200, 300):
        spec = operation.response_for(status)
        name = next((n for n in spec.headers if n.lower() == "etag"), None) if spec is not None else None
        if spec is not None and name is not None:
            found[status] = (name, spec.headers[name])
    return found


def _names(if_none_match: str, tag: str) -> bool:
    """Whether `If-None-Match` names the tag: `*`, or one of its comma-separated tags, weak ones too (`W/"…"`, as
    the weak comparison of §13.1.2 asks)."""
    listed = [item.strip() for item in if_none_match.split(",")]
    return "*" in listed or any(item.removeprefix("W/") == tag for item in listed)
