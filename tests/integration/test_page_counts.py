"""A list answer that counts its pages and its records (Linode's `{data, page, pages, results}`): `pages` is how many
pages of the asked size the collection makes, `results` how many records it holds, whatever page is asked."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.integration.conftest import user_spec_client


def test_pages_and_results_count_the_whole_collection():
    client = user_spec_client(ROOT / "tests" / "data" / "page_counts")
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
