"""Per-request shortcuts of response generation give exactly what the full computation gives."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from mock.negotiation import _choose, negotiate
from mock.request_validation import ValidatedRequest
from mock.response_generation import request_seed, success_status
from mock.spec import load_apis
from tests.conftest import SPECS

APIS = load_apis(SPECS)
OPERATIONS = [operation for api in APIS.values() for operation in api.operations]


def digest(material: list[Any]) -> int:
    """The seed as it was always computed: a digest of every part of the request."""
    text = json.dumps(material, sort_keys=True, default=str).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def validated(path: dict[str, Any], query: dict[str, Any], body: Any) -> ValidatedRequest:
    return ValidatedRequest(path, query, {}, body, None, ())


@pytest.mark.parametrize(
    ("path", "query", "body"),
    [
        ({}, {}, None),
        ({"id": "7"}, {}, None),
        ({}, {"limit": 3}, None),
        ({}, {}, {}),
        ({}, {}, {"a": [1]}),
        ({}, {}, 0),
    ],
)
def test_the_seed_of_a_request_is_the_digest_of_all_it_says(
    path: dict[str, Any], query: dict[str, Any], body: Any
) -> None:
    for operation in OPERATIONS[:40]:
        status = success_status(operation)
        for seed in (0, 7):
            expected = digest([seed, operation.key, status, path, query, body])
            assert request_seed(seed, operation, status, validated(path, query, body)) == expected
            assert request_seed(seed, operation, status, None) == digest([seed, operation.key, status])


def test_the_success_status_is_the_lowest_2xx_or_3xx_declared() -> None:
    for operation in OPERATIONS:
        codes = sorted(int(code) for code in operation.responses if code.isdecimal())
        expected = next((code for code in codes if 200 <= code < 400), codes[0] if codes else 200)
        assert success_status(operation) == expected
        assert success_status(operation) == expected  # remembered, unchanged


ACCEPTS = [
    None,
    "",
    "*/*",
    "application/json",
    "application/xml, application/json;q=0.5",
    "text/*;q=0.2, */*;q=0.1",
    "image/png",
    "application/json;q=0",
    "x" * 300 + "/json",
]
OFFERS = [("application/json",), ("application/xml", "application/json"), ("text/plain", "image/png"), ()]


@pytest.mark.parametrize("accept", ACCEPTS)
def test_negotiation_remembered_or_not_chooses_alike(accept: str | None) -> None:
    for offered in OFFERS:
        assert negotiate(accept, offered) == _choose(accept, offered)
        assert negotiate(accept, iter(offered)) == _choose(accept, offered)  # any iterable, as before
