"""Accept negotiation alone: q-values, specificity, and structured-syntax suffixes (RFC 6839)."""

from __future__ import annotations

import pytest

from mock.negotiation import negotiate
from mock.spec.model import syntax_of


@pytest.mark.parametrize(
    ("accept", "offered", "chosen"),
    [
        # A vendor +json type is JSON: the declared application/json answers it, and the other way round.
        ("application/vnd.github+json", ["application/json"], "application/json"),
        ("application/vnd.github.v3+json; charset=utf-8", ["application/json"], "application/json"),
        ("application/vnd.github+json;q=0.8", ["application/xml", "application/json"], "application/json"),
        ("application/json", ["application/vnd.api+json"], "application/vnd.api+json"),
        ("application/json", ["application/problem+json"], "application/problem+json"),
        ("application/*+json", ["text/plain", "application/json"], "application/json"),
        ("application/*+json", ["application/hal+json"], "application/hal+json"),
        # Declared types with parameters still match.
        ("application/vnd.github+json", ["application/json; charset=utf-8"], "application/json; charset=utf-8"),
        # XML family: text/xml, application/xml, +xml.
        ("application/atom+xml", ["application/json", "application/xml"], "application/xml"),
        ("text/xml", ["application/xml"], "application/xml"),
        # The exact type beats a same-syntax one; q decides first.
        ("application/vnd.x+json", ["application/json", "application/vnd.x+json"], "application/vnd.x+json"),
        ("application/json;q=0.4, application/xml;q=0.9", ["application/json", "application/xml"], "application/xml"),
        (
            "application/vnd.github+json;q=0.4, application/xml",
            ["application/json", "application/xml"],
            "application/xml",
        ),
        # Wildcards and absent headers prefer JSON among equals.
        (None, ["application/xml", "application/json"], "application/json"),
        ("*/*", ["application/xml", "application/vnd.api+json"], "application/vnd.api+json"),
        ("application/*", ["text/plain", "application/xml"], "application/xml"),
    ],
)
def test_negotiate_chooses(accept: str | None, offered: list[str], chosen: str) -> None:
    assert negotiate(accept, offered) == chosen


@pytest.mark.parametrize(
    ("accept", "offered"),
    [
        ("text/csv", ["application/json"]),
        ("application/vnd.github+json", ["application/xml"]),  # different syntax
        ("application/json;q=0", ["application/json"]),
        ("application/json;q=0, application/vnd.x+json", ["application/json"]),  # the exact range says no
        ("application/*+xml", ["application/json"]),
        ("image/png", ["application/octet-stream"]),
    ],
)
def test_negotiate_refuses(accept: str, offered: list[str]) -> None:
    assert negotiate(accept, offered) is None


@pytest.mark.parametrize(
    ("media", "syntax"),
    [
        ("application/json", "json"),
        ("Application/Vnd.GitHub.raw+JSON", "json"),
        ("application/merge-patch+json; charset=utf-8", "json"),
        ("text/xml", "xml"),
        ("application/soap+xml", "xml"),
        ("text/plain", None),
        ("application/octet-stream", None),
        ("image/svg+xml", "xml"),
    ],
)
def test_syntax_of(media: str, syntax: str | None) -> None:
    assert syntax_of(media) == syntax
