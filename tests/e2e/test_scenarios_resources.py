"""Stateful resources over HTTP: create → get → list (newest first, paginated) → delete → 404."""

from __future__ import annotations

import uuid

import pytest

from tests.specmock_server import checked_server, new_key


@pytest.fixture(scope="module")
def server():
    with checked_server("--seed-data", "0") as running:  # lifecycles from an empty start; seeding: tests/integration
        yield running


key = new_key


def test_character_lifecycle_follows_its_training_job(server):
    with server.client(key()) as client:
        created = client.post(
            "/aeriox/v1/characters", json={"name": "Nova", "image_urls": ["https://img.example/nova.png"]}
        )
        assert created.status_code == 202
        job = created.json()
        assert job["type"] == "character_train" and job["estimated_cost_usd"] == 1.5
        character_id = job["character_id"]
        first = client.get(f"/aeriox/v1/characters/{character_id}").json()
        assert first["id"] == character_id and first["name"] == "Nova" and first["status"] == "training"
        for _ in range(3):
            latest = client.get(f"/aeriox/v1/characters/{character_id}").json()
        assert latest["status"] == "ready"
        assert client.get(f"/aeriox/v1/jobs/{job['job_id']}").json()["status"] == "completed"
        assert client.delete(f"/aeriox/v1/characters/{character_id}").status_code == 204
        gone = client.get(f"/aeriox/v1/characters/{character_id}")
        assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"
        assert client.delete(f"/aeriox/v1/characters/{character_id}").status_code == 404


def test_characters_list_newest_first_with_cursor_pagination(server):
    with server.client(key()) as client:
        ids = [
            client.post(
                "/aeriox/v1/characters", json={"name": f"c{i}", "image_urls": ["https://img.example/x.png"]}
            ).json()["character_id"]
            for i in range(3)
        ]
        page = client.get("/aeriox/v1/characters", params={"limit": 2}).json()
        assert [c["id"] for c in page["data"]] == [ids[2], ids[1]] and page["next_cursor"]
        rest = client.get("/aeriox/v1/characters", params={"limit": 2, "cursor": page["next_cursor"]}).json()
        assert [c["id"] for c in rest["data"]] == [ids[0]] and rest["next_cursor"] is None
        stale = client.get("/aeriox/v1/characters", params={"cursor": "garbage"})
        assert stale.status_code == 200 and stale.json()["data"] == [] and stale.json()["next_cursor"] is None
    with server.client(key()) as other:  # another workspace sees none of them
        assert other.get("/aeriox/v1/characters").json()["data"] == []
        assert other.get(f"/aeriox/v1/characters/{ids[0]}").status_code == 404


def test_nodes_create_get_list_delete(server):
    with server.client(key()) as client:
        made = client.post(
            "/aeriox/v1/nodes", json={"name": "Moodboard", "card_type": "board", "edges": [{"edge_type": "refs"}]}
        )
        assert made.status_code == 201
        node = made.json()["node"]
        assert made.json()["card"] == node and node["name"] == "Moodboard"
        fetched = client.get(f"/aeriox/v1/nodes/{node['id']}").json()
        assert fetched["node"]["id"] == node["id"] and fetched["edges"] == [{"edge_type": "refs"}]
        client.post("/aeriox/v1/nodes", json={"name": "Other", "card_type": "note"})
        listed = client.get("/aeriox/v1/nodes", params={"limit": 10}).json()
        assert listed["count"] == 2 and listed["nodes"][1]["id"] == node["id"] and listed["cards"] == listed["nodes"]
        boards = client.get("/aeriox/v1/nodes", params={"type": "board"}).json()
        assert [n["id"] for n in boards["nodes"]] == [node["id"]]
        deleted = client.delete(f"/aeriox/v1/nodes/{node['id']}")
        assert deleted.status_code == 200 and deleted.json() == {"ok": True, "soft_deleted": True}
        assert client.get(f"/aeriox/v1/nodes/{node['id']}").status_code == 404
        assert client.get("/aeriox/v1/nodes").json()["count"] == 1


def test_runflow_solutions_docs_and_model_examples(server):
    with server.client(key()) as client:
        solution = client.post(
            "/runflow/v1/admin/solutions", json={"title": "Upscale", "slug": "upscale", "section_code": "image"}
        )
        assert solution.status_code == 201
        made = solution.json()
        assert made["slug"] == "upscale" and made["is_active"] is True
        listed = client.get("/runflow/v1/solutions").json()["items"]
        assert [s["id"] for s in listed] == [made["id"]]
        assert [s["id"] for s in client.get("/runflow/v1/admin/solutions").json()["items"]] == [made["id"]]
        doc = client.post(
            "/runflow/v1/docs", json={"slug": "intro", "title": "Intro", "section_code": "guide", "content": "# Hi"}
        )
        assert doc.status_code == 201 and doc.json()["slug"] == "intro"
        model_id = str(uuid.uuid4())
        example = client.post(
            f"/runflow/v1/admin/models/{model_id}/examples",
            json={"input": {"prompt": "a"}, "cost": 0.25, "title": "Ex"},
        )
        assert example.status_code == 201
        body = example.json()
        assert body["model_id"] == model_id and body["cost"] == "0.25"  # the response declares cost as a string
        public = client.get(f"/runflow/v1/models/{model_id}/examples/{body['id']}")
        assert public.status_code == 200 and public.json()["title"] == "Ex"
        assert client.get(f"/runflow/v1/models/{uuid.uuid4()}/examples/{body['id']}").status_code == 404
        examples = client.get(f"/runflow/v1/admin/models/{model_id}/examples").json()["items"]
        assert [e["id"] for e in examples] == [body["id"]]
