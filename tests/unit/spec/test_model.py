"""What a media type is, read in one place (mock.spec.model): every stage that asks "is this JSON?" gets one answer."""

from __future__ import annotations

import pytest

from mock.spec.model import MediaType, RequestBodySpec, ResponseSpec, is_json_media, syntax_of


@pytest.mark.parametrize(
    ("media", "json"),
    [
        ("application/json", True),
        ("application/json; charset=utf-8", True),
        ("Application/JSON", True),
        ("text/json", True),  # Swashbuckle's, beside application/json
        ("application/problem+json", True),
        ("application/vnd.github.v3+json", True),
        ("application/x-ndjson", False),  # a stream of JSON texts, not one: it ends in "json" all the same
        ("application/jsonl", False),
        ("application/json-seq", False),
        ("application/x-amz-json-1.1", False),
        ("application/xml", False),
        ("text/plain", False),
    ],
)
def test_is_json_media_says_whether_a_body_is_one_json_text(media: str, json: bool) -> None:
    assert is_json_media(media) is json
    assert is_json_media(media) is (syntax_of(media) == "json")


def test_a_body_finds_its_json_media_past_a_stream_of_json_texts() -> None:
    stream, text_json = MediaType("application/x-ndjson", {}, {}), MediaType("text/json", {}, {})
    content = {"application/x-ndjson": stream, "text/json": text_json}
    assert RequestBodySpec(required=True, content=content).json_media() is text_json
    assert ResponseSpec("200", "ok", {}, frozenset(), content).json_media() is text_json
    assert RequestBodySpec(required=True, content={"application/x-ndjson": stream}).json_media() is None
