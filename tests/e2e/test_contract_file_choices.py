"""A multipart part that takes a file or its URL (`oneOf: [format: binary, format: uri]`) is tested, not an error.

Together's `POST /audio/transcriptions`: schemathesis drew its `Binary` for the file option, then counted the options
it met with a JSON validator that cannot read one ("Unsupported type: 'Binary'"), so every case was an error and the
operation went untested. The runner reads such a choice as `anyOf`, and a server that reads the spec's `oneOf` as
written (the mock: a URL is both a `binary` and a `uri` string) is not blamed for refusing a URL.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.specmock_server import checked_server, contract_run

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Audio", "version": "1"},
    "paths": {
        "/transcriptions": {
            "post": {
                "operationId": "transcribe",
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "file": {
                                        "oneOf": [
                                            {"type": "string", "format": "binary"},
                                            {"type": "string", "format": "uri", "example": "https://example.com/a.wav"},
                                        ]
                                    },
                                    "language": {"type": "string", "example": "en"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "text",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"text": {"type": "string"}}}
                            }
                        },
                    },
                    "400": {
                        "description": "invalid",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"error": {"type": "string"}}}
                            }
                        },
                    },
                },
            }
        }
    },
}


def test_a_file_or_url_part_is_tested_and_a_strict_reading_of_its_one_of_is_not_blamed(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    spec = folder / "audio.yaml"
    spec.write_text(yaml.safe_dump(SPEC))
    report = tmp_path / "report.json"
    with checked_server("--specs", str(folder)) as server:
        finished = contract_run(spec, server.url, "--max-examples", "10", "--seed", "1", "--report", str(report))
    data = json.loads(report.read_text())
    assert data["errors"] == [], data["errors"]
    assert data["failures"] == [], finished.stdout[-3000:]
    assert finished.returncode == 0
    tested = {row["operation"]: row["cases"] for row in data["operations"]}
    assert tested["POST /transcriptions"] > 10  # every phase's cases, none an error
