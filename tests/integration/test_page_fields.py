"""A list's page fields say the page: its number and size under the answer's own spelling of the parameters
(Twilio's `page_size` for `PageSize`), its first and last item (`start`, `end`) and its own address (`uri`).

Twilio's `GET …/Queues.json` with six queues answered `page: 277, page_size: 132, start: 445, end: 896` and a random
`uri`; only the next, previous and first page links were right."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import user_spec_client

SPEC = Path(__file__).resolve().parents[1] / "data" / "twilio_pages" / "things.yaml"


@pytest.fixture
def client(tmp_path):
    (tmp_path / "things.yaml").write_text(SPEC.read_text())
    return user_spec_client(tmp_path)


def test_page_fields_say_the_page(client):
    everything = client.get("/things.json", params={"PageSize": 100}).json()
    total = len(everything["things"])
    assert total >= 3
    first = client.get("/things.json", params={"PageSize": 2}).json()
    assert (first["page"], first["page_size"], first["start"], first["end"]) == (0, 2, 0, 1)
    assert len(first["things"]) == 2
    assert first["uri"].startswith("/things.json") and "PageSize=2" in first["uri"]
    second = client.get("/things.json", params={"PageSize": 2, "Page": 1}).json()
    assert (second["page"], second["page_size"], second["start"], second["end"]) == (1, 2, 2, 3)
    assert client.app.state.server.violations_seen == 0
