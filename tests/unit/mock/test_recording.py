"""Redaction before a recorded answer is written: secrets go, the example stays valid against its schema."""

from __future__ import annotations

from mock.recording import REDACTED, is_secret_name, redact
from mock.schema_validation import is_valid

SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "owner_id": {"type": "string", "format": "uuid"},
        "access_token": {"type": "string", "minLength": 20},
        "note": {"type": "string"},
        "items": {"type": "array", "items": {"type": "object", "properties": {"password": {"type": "string"}}}},
    },
}


def test_secret_names_are_found_in_any_spelling() -> None:
    for name in ("password", "apiKey", "api-key", "X_API_KEY", "refreshToken", "client_secret"):
        assert is_secret_name(name, frozenset()), name
    for name in ("tokens_used", "keyword", "id"):
        assert not is_secret_name(name, frozenset()), name
    assert is_secret_name("email", frozenset({"email"}))


def test_redaction_keeps_the_body_valid_and_the_rest_untouched() -> None:
    body = {
        "id": "job_1",
        "owner_id": "9d3c5b7a-3333-4000-8000-000000000003",
        "access_token": "at_" + "z" * 30,
        "note": "made with sk_live_mine by a test",
        "items": [{"password": "hunter2"}],
    }
    out = redact(body, SCHEMA, frozenset({"owner_id"}), ("sk_live_mine",))
    assert out["id"] == "job_1"
    assert out["note"] == REDACTED  # a string that carried the caller's credential
    assert out["items"] == [{"password": REDACTED}]
    assert out["access_token"] != body["access_token"] and len(out["access_token"]) >= 20  # `[redacted]` is too short
    assert out["owner_id"] != body["owner_id"]
    assert is_valid(SCHEMA, out)
