"""Lists paged by `page`/`per_page` whose answers give page addresses two containers deep, in `links.pages` (an
anyOf of `{last, next}` and `{first, prev}`, plain strings holding absolute URLs), and the count in
`meta.total`: DigitalOcean's shape (tests/data/nested_links). The addresses are this mock's own pages."""

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


@pytest.fixture
def cloud() -> Iterator[TestClient]:
    config = ServeConfig(
        specs_dir=ROOT / "tests" / "data" / "nested_links",
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS,
        scenarios_are_default=True,
    )
    client = TestClient(create_app(config))
    yield client
    assert client.app.state.server.violations_seen == 0


def _page_of(address: str) -> dict[str, list[str]]:
    parts = urlsplit(address)
    assert parts.scheme == "http" and parts.path == "/v2/droplets"  # this mock's own list, absolute like the examples
    return parse_qs(parts.query)


def test_following_links_pages_next_walks_every_droplet_once_and_stops(cloud):
    for n in range(5):
        assert cloud.post("/v2/droplets", json={"name": f"web-{n}"}).status_code == 202
    total = cloud.get("/v2/droplets").json()["meta"]["total"]
    seen: list[int] = []
    address = "/v2/droplets?per_page=2"
    for _ in range(20):
        answer = cloud.get(address).json()
        seen += [droplet["id"] for droplet in answer["droplets"]]
        following = (answer.get("links") or {}).get("pages", {}).get("next")
        if following is None:
            break
        assert _page_of(following)["per_page"] == ["2"]
        address = following
    assert len(seen) == len(set(seen)) == total >= 5


def test_the_middle_page_links_to_the_first_previous_and_last_pages(cloud):
    for n in range(5):
        cloud.post("/v2/droplets", json={"name": f"web-{n}"})
    answer = cloud.get("/v2/droplets", params={"per_page": 2, "page": 2}).json()
    pages = answer["links"]["pages"]
    last = -(-answer["meta"]["total"] // 2)
    assert _page_of(pages["first"])["page"] == ["1"] and _page_of(pages["prev"])["page"] == ["1"]
    assert _page_of(pages["next"])["page"] == ["3"] and _page_of(pages["last"])["page"] == [str(last)]
