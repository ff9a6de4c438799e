"""A list answer that counts its pages and its records (Linode's `{data, page, pages, results}`): `pages` is how many
pages of the asked size the collection makes, `results` how many records it holds, whatever page is asked."""

from __future__ import annotations

import warnings
from pathlib import Path

from mock.app import ServeConfig, create_app
from mock.scenario.engine import DEFAULT_SCENARIOS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]


def test_pages_and_results_count_the_whole_collection():
    config = ServeConfig(
        specs_dir=ROOT / "tests" / "data" / "page_counts",
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS,
        scenarios_are_default=True,
    )
    client = TestClient(create_app(config))
    total = client.get("/boxes").json()["results"]
    for n in range(3):
        assert client.post("/boxes", json={"label": f"box {n}"}).status_code == 200
    seen = []
    for page in (1, 2, 3, 4, 5):
        answer = client.get("/boxes", params={"page": page, "page_size": 2}).json()
        assert (answer["page"], answer["results"]) == (page, total + 3)
        assert answer["pages"] == (total + 3 + 1) // 2
        seen += [box["id"] for box in answer["data"]]
    assert len(seen) == len(set(seen)) == total + 3
    assert client.get("/boxes").json()["pages"] == 1  # the default page size holds them all
    assert client.app.state.server.violations_seen == 0
