"""An operation schemathesis cannot build a request for in any time is left out with a note, and the run goes on.

HubSpot's list filters and workflow actions hold their parts along so many paths that a walk of one request schema
visits over a million schemas; schemathesis walks them as a tree, and its phases built one request for many minutes,
past `--max-time`, which it reads only between requests: the run never reached the other operations.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.specmock_server import checked_server, contract_run

LEVELS = 22  # Node0 holds Node1 twice, and so on: 2**23 - 1 schemas on a walk of the tree


def _spec() -> dict:
    nodes = {
        f"Node{i}": {
            "type": "object",
            "properties": {
                "label": {"type": "string", "example": "oak"},
                "left": {"$ref": f"#/components/schemas/Node{i + 1}"},
                "right": {"$ref": f"#/components/schemas/Node{i + 1}"},
            },
        }
        for i in range(LEVELS)
    }
    nodes[f"Node{LEVELS}"] = {"type": "object", "properties": {"label": {"type": "string"}}}
    envelope = {"type": "object", "properties": {"error": {"type": "string"}}}
    planted = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Trees", "version": "1"},
        "paths": {
            "/trees": {
                "post": {
                    "operationId": "plantTree",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node0"}}},
                    },
                    "responses": {
                        "201": {"description": "planted", "content": {"application/json": {"schema": planted}}},
                        "400": {"description": "invalid", "content": {"application/json": {"schema": envelope}}},
                    },
                }
            },
            "/health": {
                "get": {
                    "operationId": "health",
                    "responses": {
                        "200": {
                            "description": "up",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "properties": {"ok": {"type": "boolean"}}}
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {"schemas": nodes},
    }


def test_an_operation_too_large_to_generate_is_named_and_the_others_are_tested(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    spec = folder / "trees.yaml"
    spec.write_text(yaml.safe_dump(_spec()))
    report = tmp_path / "report.json"
    with checked_server("--specs", str(folder)) as server:
        finished = contract_run(spec, server.url, "--max-examples", "5", "--seed", "1", "--report", str(report))
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-2000:]
    data = json.loads(report.read_text())
    assert data["failures"] == [] and data["errors"] == []
    assert [note for note in data["notes"] if note.startswith("not tested: POST /trees:")]
    assert "GET /health" in finished.stdout and "POST /trees" in finished.stdout  # the note is printed too
