"""Where an API is served: the path of its first server URL, server variables at their defaults."""

from __future__ import annotations

from typing import Any

import pytest

from mock.spec.operations import base_path


@pytest.mark.parametrize(
    ("server", "path"),
    [
        ({"url": "https://api.example.com/v1"}, "/v1"),
        ({"url": "/api/v3/"}, "/api/v3"),
        # USPTO's Data Set API: a variable scheme; the path is /ds-api, not ://developer.uspto.gov/ds-api
        (
            {"url": "{scheme}://developer.uspto.gov/ds-api", "variables": {"scheme": {"default": "https"}}},
            "/ds-api",
        ),
        ({"url": "https://{region}.example.com/{version}", "variables": {"version": {"default": "v2"}}}, "/v2"),
        ({"url": "https://example.com"}, ""),
    ],
)
def test_base_path(server: dict[str, Any], path: str) -> None:
    assert base_path({"servers": [server]}) == path
