"""What public vendor specs write, read as their clients read it (tests/data/specs/vendor, in-process ASGI).

Each case is one cause behind a failure of the corpus run (bench/corpus.py): Anthropic's beta path keys,
OpenAI's `nullable` beside a `$ref` and its nullable multipart fields, Train Travel's required `writeOnly`
card number, Petstore's `405: Invalid input`. Every answer is self-checked against the spec.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.spec import load_apis

VENDOR = Path(__file__).resolve().parents[1] / "data" / "specs" / "vendor"


@pytest.fixture(scope="module")
def app() -> Iterator[TestClient]:
    config = ServeConfig(specs_dir=VENDOR, self_check=True)
    application = create_app(config, load_apis(VENDOR))
    with TestClient(application, base_url="http://127.0.0.1") as client:
        yield client
    assert application.state.server.violations_seen == 0, "an answer did not validate against the spec"


def test_a_path_key_with_a_fixed_query_answers_the_requests_that_carry_it(app):
    beta = app.post("/v1/messages?beta=true", json={"model": "m"})
    plain = app.post("/v1/messages", json={"model": "m"})
    assert beta.status_code == plain.status_code == 200, (beta.text, plain.text)
    assert "latency_ms" in beta.json()["diagnostics"]  # the beta operation's schema, not the plain one's
    assert "diagnostics" not in plain.json()
    other_query = app.post("/v1/messages?beta=false", json={"model": "m"})
    assert other_query.status_code == 200 and "diagnostics" not in other_query.json()


def test_an_operation_that_exists_only_with_its_query_is_served_with_it_and_not_without(app):
    download = app.get("/v1/files/file_1/content?beta=true")
    assert download.status_code == 200 and download.headers["content-type"] == "application/octet-stream"
    assert app.get("/v1/files/file_1/content").status_code == 404


def test_nullable_beside_a_ref_admits_null_in_a_31_document(app):
    assert app.post("/v1/runs", json={"model": "m", "response_format": None}).status_code == 200
    assert app.post("/v1/runs", json={"model": "m", "response_format": "auto"}).status_code == 200
    assert app.post("/v1/runs", json={"model": "m", "response_format": 5}).status_code == 400


def test_a_multipart_field_that_admits_null_reads_the_word_null_as_null(app):
    image = {"image": ("image.png", b"\x89PNG\r\n\x1a\n\x00binary", "image/png")}
    accepted = app.post("/v1/images/variations", files=image, data={"size": "null", "stream": "null"})
    assert accepted.status_code == 200, accepted.text
    refused = app.post("/v1/images/variations", files=image, data={"size": "1024x1024"})
    assert refused.status_code == 400 and "size" in refused.headers["x-specmock-error"]


def test_a_required_write_only_field_is_required_in_requests_and_never_answered(app):
    card = {"object": "card", "number": "4242424242424242", "cvc": 123}
    answer = app.post("/v1/payments", json={"amount": 49.99, "source": card})
    assert answer.status_code == 200, answer.text
    assert "cvc" not in answer.json()["source"]  # the spec's example holds it, so generated data answers
    missing = app.post("/v1/payments", json={"amount": 1, "source": {"object": "card", "number": "4242"}})
    assert missing.status_code == 400


def test_a_bad_request_gets_the_client_error_the_operation_declares(app):
    refused = app.post("/v1/pets/1.5", data={"name": "Rex"})
    assert refused.status_code == 405 and "petId" in refused.headers["x-specmock-error"]
    accepted = app.post("/v1/pets/1", data={"name": "Rex"})  # 405 is all it declares, so it answers that too
    assert "Invalid request" not in accepted.headers.get("x-specmock-error", "")
