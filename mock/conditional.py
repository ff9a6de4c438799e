"""Conditional requests (RFC 9110 §8.8.3, §13.1.2): an `ETag` the answer declares names its body, and a `GET` whose
`If-None-Match` names it is answered 304 where the operation declares one.

A generated ETag was a random word that never changed: a browser's cache could not tell a changed record from an
unchanged one (Spring PetClinic declares both the header and the 304).
"""

from __future__ import annotations

import dataclasses
import hashlib

from mock.response_generation import MockResponse
from mock.schema_validation import is_valid
from mock.spec.model import Operation


def entity_tagged(operation: Operation, method: str, if_none_match: str | None, response: MockResponse) -> MockResponse:
    """`response` with the `ETag` its status declares naming its body (a strong tag, quoted), or a 304 with that tag
    and no body where the request's `If-None-Match` names it (or `*`) and the operation declares 304."""
    if not 200 <= response.status < 300:
        return response
    spec = operation.response_for(response.status)
    declared = next((name for name in spec.headers if name.lower() == "etag"), None) if spec is not None else None
    if declared is None:
        return response
    tag = '"' + hashlib.blake2b(response.body, digest_size=10).hexdigest() + '"'
    schema = spec.headers[declared] if spec is not None else None
    if isinstance(schema, dict) and not is_valid(schema, tag):
        return response  # a tag of the spec's own shape: the generated one stays
    headers = {name: value for name, value in response.headers.items() if name.lower() != "etag"}
    headers[declared] = tag
    if method in ("GET", "HEAD") and if_none_match and _names(if_none_match, tag) and "304" in operation.responses:
        return dataclasses.replace(response, status=304, body=b"", media_type=None, headers=headers)
    return dataclasses.replace(response, headers=headers)


def _names(if_none_match: str, tag: str) -> bool:
    """Whether `If-None-Match` names the tag: `*`, or one of its comma-separated tags, weak ones too (`W/"…"`, as
    the weak comparison of §13.1.2 asks)."""
    listed = [item.strip() for item in if_none_match.split(",")]
    return "*" in listed or any(item.removeprefix("W/") == tag for item in listed)
