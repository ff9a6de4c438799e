"""Lists that page by an opaque offset token and say where the next page is in a `next_page` object (`offset`,
a relative `path`, an absolute `uri`), null on the last page: Asana's shape (tests/data/next_page_object).
A client that follows `next_page` must walk every record once and stop."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from mock.app import ServeConfig, create_app
from mock.scenario.engine import DEFAULT_SCENARIOS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "data" / "next_page_object"
BASE = "/api/1.0"  # the spec's server path, where the mock serves it


def _client(scenarios: tuple[str, ...]) -> TestClient:
    config = ServeConfig(
        specs_dir=SPECS,
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=scenarios,
        scenarios_are_default=not scenarios,
    )
    return TestClient(create_app(config))


@pytest.fixture
def boards() -> Iterator[TestClient]:
    client = _client(DEFAULT_SCENARIOS)
    yield client
    assert client.app.state.server.violations_seen == 0


def test_following_next_page_walks_every_record_once_and_stops(boards):
    made = {boards.post(f"{BASE}/tags", json={"data": {"name": f"tag {n}"}}).json()["data"]["gid"] for n in range(5)}
    seen: list[str] = []
    offset = None
    for _ in range(10):
        answer = boards.get(f"{BASE}/tags", params={"limit": 2, **({"offset": offset} if offset else {})}).json()
        seen += [tag["gid"] for tag in answer["data"]]
        following = answer["next_page"]
        if following is None:
            break
        offset = following["offset"]
        # the relative path and the absolute uri ask for the same next page
        assert parse_qs(urlsplit(following["path"]).query) == {"limit": ["2"], "offset": [offset]}
        assert urlsplit(following["uri"]).scheme == "http" and following["uri"].endswith(following["path"])
        assert urlsplit(following["path"]).path == f"{BASE}/tags"
    assert len(seen) == len(set(seen)) and made <= set(seen)
    assert answer["next_page"] is None and len(seen) == len(
        boards.get(f"{BASE}/tags", params={"limit": 100}).json()["data"]
    )


def test_the_path_of_the_next_page_is_the_page_it_names(boards):
    for n in range(3):
        boards.post(f"{BASE}/tags", json={"data": {"name": f"tag {n}"}})
    first = boards.get(f"{BASE}/tags", params={"limit": 1}).json()
    second = boards.get(first["next_page"]["path"]).json()
    assert second["data"] and second["data"][0]["gid"] != first["data"][0]["gid"]
