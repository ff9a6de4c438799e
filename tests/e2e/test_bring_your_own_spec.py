"""`specmock serve --specs DIR` on a user's own specs, with no other flag, is a seeded CRUD backend.

The server runs from an empty folder (no ./specs, no ./scenarios), as a new user's would, so it uses
the scenarios bundled with specmock; every answer is self-checked against the spec.
"""

from __future__ import annotations

from pathlib import Path

from tests.specmock_server import SpecmockServer, checked_server, new_key, self_check_violations

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "specs"


def test_a_users_spec_gets_crud_and_seeded_data_with_no_other_flag(tmp_path: Path) -> None:
    with SpecmockServer("--specs", str(SAMPLES), cwd=tmp_path) as server, server.client(new_key()) as client:
        seeded = client.get("/petstore/v1/pets")
        assert seeded.status_code == 200 and seeded.json()[:2] == [
            {"id": 1, "name": "Rex", "tag": "dog"},  # the spec's own examples come first
            {"id": 2, "name": "Tom", "tag": "cat"},
        ]
        assert len(seeded.json()) == 5
        made = client.post("/petstore/v1/pets", json={"name": "Fido", "tag": "dog"})
        assert made.status_code == 201 and made.json() == {"id": 6, "name": "Fido", "tag": "dog"}
        assert client.get("/petstore/v1/pets/6").json() == made.json()
        assert client.put("/petstore/v1/pets/6", json={"name": "Max"}).json() == {"id": 6, "name": "Max"}
        assert client.delete("/petstore/v1/pets/6").status_code == 204
        gone = client.get("/petstore/v1/pets/6")
        assert gone.status_code == 404 and gone.json() == {"code": 404, "message": "No pet with id 6 exists"}
        book = client.post("/library/api/books", json={"title": "Dune", "author": "Frank Herbert"})
        assert book.status_code == 201 and book.json()["created_at"] == book.json()["updated_at"]
        problem = client.get("/library/api/books/00000000-0000-4000-8000-000000000000")
        assert problem.status_code == 404 and problem.headers["content-type"].startswith("application/problem+json")
        assert problem.json()["status"] == 404
        page = client.get("/events/events", params={"per_page": 2})
        assert len(page.json()) == 2 and 'rel="next"' in page.headers["link"]
    assert self_check_violations(server.stderr) == []


def test_bundled_apis_start_with_data() -> None:
    """The issue's first look: lists that were empty for a new user now hold records that read back."""
    with checked_server() as server, server.client(new_key()) as client:
        characters = client.get("/aeriox/v1/characters").json()["data"]
        nodes = client.get("/aeriox/v1/nodes").json()["nodes"]
        solutions = client.get("/runflow/v1/solutions").json()["items"]
        assert len(characters) == len(nodes) == len(solutions) == 5
        assert client.get(f"/aeriox/v1/characters/{characters[0]['id']}").json()["id"] == characters[0]["id"]
        assert client.get(f"/aeriox/v1/nodes/{nodes[0]['id']}").json()["node"]["id"] == nodes[0]["id"]
