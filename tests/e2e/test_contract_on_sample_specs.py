"""`specmock contract` passes against the default mock of each small public-style spec in tests/data/specs.

The mock serves them with the inferred CRUD behaviour (seeded, stateful) and the self-check on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract_tests.cli import main
from tests.specmock_server import checked_server

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "specs"
BASE_PATHS = {"petstore": "/v1", "library": "/api", "orgs": "", "feed": "", "events": ""}


@pytest.fixture(scope="module")
def mock_server():
    with checked_server("--specs", str(SAMPLES)) as server:
        yield server


def assert_contract_passes(spec: Path, base_url: str, report: Path, examples: int) -> None:
    code = main(
        ["--spec", str(spec), "--base-url", base_url, "--max-examples", str(examples), "--seed", "1"]
        + ["--report", str(report)]
    )
    data = json.loads(report.read_text())
    assert data["errors"] == []
    assert sorted({(f["operation"], f["check"]) for f in data["failures"]}) == []
    assert code == 0


@pytest.mark.parametrize("api", sorted(BASE_PATHS))
def test_sample_spec_mock_passes_its_contract(api: str, mock_server, tmp_path: Path) -> None:
    spec = SAMPLES / f"{api}.openapi.yaml"
    assert_contract_passes(spec, f"{mock_server.url}/{api}{BASE_PATHS[api]}", tmp_path / "report.json", 3)


def test_a_swagger_2_spec_mock_passes_its_contract_tuples_included(tmp_path: Path) -> None:
    # Swagger 2.0, upgraded to 3.1 on both sides; its Pet has a draft-04 tuple (`items: [...]`), which the
    # contract's response checks must compile as the 2020-12 `prefixItems` it became, not report as errors
    store = SAMPLES / "swagger2" / "store"
    with checked_server("--specs", str(store)) as server:
        assert_contract_passes(store / "petstore.swagger.yaml", f"{server.url}/v2", tmp_path / "report.json", 5)


def test_answers_no_value_could_meet_are_held_to_what_a_server_can_answer(tmp_path: Path) -> None:
    # Unkey's 400s (a closed base beside a part requiring `errors`): 156 failures on the mock, as on any server;
    # the run notes the schema instead, and still holds the answers to the rest of it
    folder = SAMPLES / "unmeetable"
    with checked_server("--specs", str(folder)) as server:
        assert_contract_passes(folder / "keys.yaml", server.url, tmp_path / "report.json", 5)
    notes = json.loads((tmp_path / "report.json").read_text())["notes"]
    assert any(note.startswith("no answer can conform to #/") and "(1 in all)" in note for note in notes), notes


def test_records_named_by_their_address_are_followed_by_their_last_part(tmp_path: Path) -> None:
    # AIP's `name: "shelves/fiction"`, read back at `/v1/shelves/{shelf}`: the link walk put the whole name in the
    # path (`/v1/shelves/shelves%2Ffiction`) and called each of Memos' memos lost, on the mock as on the real server
    folder = SAMPLES / "addresses"
    with checked_server("--specs", str(folder)) as server:
        assert_contract_passes(folder / "shelves.openapi.yaml", server.url, tmp_path / "report.json", 3)


def test_a_backend_that_loses_records_named_by_their_address_is_caught(tmp_path: Path) -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from tests.faulty_apps import serve

    async def shelves(request: Request) -> JSONResponse:
        if request.method == "POST":
            return JSONResponse({"name": "shelves/fiction", "theme": "novels"})
        return JSONResponse({"shelves": []})

    async def shelf(request: Request) -> JSONResponse:
        return JSONResponse({"code": 404, "message": "not found"}, status_code=404)  # made, and never found

    async def books(request: Request) -> JSONResponse:
        if request.method == "POST":
            return JSONResponse({"name": f"shelves/{request.path_params['shelf']}/books/1", "title": "Dune"})
        return JSONResponse({"books": []})

    app = Starlette(
        routes=[
            Route("/v1/shelves", shelves, methods=["GET", "POST"]),
            Route("/v1/shelves/{shelf}", shelf, methods=["GET", "PATCH", "DELETE"]),
            Route("/v1/shelves/{shelf}/books", books, methods=["GET", "POST"]),
            Route("/v1/shelves/{shelf}/books/{book}", shelf, methods=["GET"]),
        ]
    )
    report = tmp_path / "report.json"
    with serve(app) as base_url:
        code = main(
            ["--spec", str(SAMPLES / "addresses" / "shelves.openapi.yaml"), "--base-url", base_url]
            + ["--max-examples", "3", "--seed", "1", "--report", str(report)]
        )
    failures = json.loads(report.read_text())["failures"]
    lost = [f for f in failures if f["check"] == "resource_lifecycle_conformance"]
    assert code == 1 and lost, failures
    # the walk asked for the shelf at its last part, where the server said it was
    assert any("/v1/shelves/fiction" in json.dumps(f) for f in lost)
    assert not any("shelves%2Ffiction" in json.dumps(f) for f in failures)


UNFILLABLE = """
openapi: 3.0.3
info: {title: nested, version: "1"}
paths:
  /shelves/{shelf}/books:
    parameters: [{name: shelf, in: path, required: true, schema: {type: string, pattern: "^a$", minLength: 2}}]
    get:
      parameters: [{name: limit, in: query, schema: {type: integer}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {type: object, properties: {id: {type: string}}}}}}
"""


def test_a_list_whose_path_no_value_can_fill_is_noted_and_ends_no_phase(tmp_path: Path) -> None:
    # Grafeas' `/v1/{name_1}/notes`: no valid `name_1` was drawn, the lists phase sent a request schemathesis refused
    # ("Path parameter 'name_1' is not defined") and ended with a phase error
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "nested.yaml").write_text(UNFILLABLE)
    report = tmp_path / "report.json"
    with checked_server("--specs", str(folder)) as server:
        main(
            ["--spec", str(folder / "nested.yaml"), "--base-url", server.url, "--phases", "lists"]
            + ["--max-examples", "3", "--seed", "1", "--report", str(report)]
        )
    data = json.loads(report.read_text())
    assert data["errors"] == []
    assert any("these lists are not checked: GET /shelves/{shelf}/books" in note for note in data["notes"])


KINDS = """
openapi: 3.0.3
info: {title: iplists, version: "1"}
paths:
  /iplists/{type}:
    parameters: [{name: type, in: path, required: true, schema: {type: integer, enum: [1, 2, 3]}}]
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Entry"}}}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Entry"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Entry"}}}}
        "400": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /iplists/{type}/{ipornet}:
    parameters:
      - {name: type, in: path, required: true, schema: {type: integer, enum: [1, 2, 3]}}
      - {name: ipornet, in: path, required: true, schema: {type: string}}
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Entry"}}}}
        "400": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  schemas:
    Entry:
      type: object
      required: [ipornet]
      properties: {ipornet: {type: string}, description: {type: string}}
    Error: {type: object, properties: {message: {type: string}}}
"""


def test_an_unknown_id_is_asked_for_under_a_valid_kind(tmp_path: Path) -> None:
    # SFTPGo's `/iplists/{type}/{ipornet}`: the unknown-ids phase made `type` unknown too (2147482875, not 1, 2 or
    # 3), and the 400 such a request earns was reported as "an id nobody created was not answered 404"
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "iplists.yaml").write_text(KINDS)
    report = tmp_path / "report.json"
    with checked_server("--specs", str(folder)) as server:
        code = main(
            ["--spec", str(folder / "iplists.yaml"), "--base-url", server.url, "--phases", "unknown-ids"]
            + ["--max-examples", "3", "--seed", "1", "--report", str(report)]
        )
    data = json.loads(report.read_text())
    assert data["failures"] == [] and data["errors"] == [] and code == 0
    asked = {entry["operation"]: entry["cases"] for entry in data["operations"]}
    assert asked["GET /iplists/{type}/{ipornet}"] >= 1  # the phase did ask for an unknown one


UPLOADS = """
openapi: 3.0.3
info: {title: uploads, version: "1"}
paths:
  /files:
    post:
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                filenames: {type: array, items: {type: string, format: binary}, minItems: 1, uniqueItems: true}
      responses:
        "201": {description: stored}
        "400": {description: bad, content: {application/json: {schema: {type: object}}}}
"""


def test_a_list_of_unique_files_is_sent_and_judged_without_run_errors(tmp_path: Path) -> None:
    # SFTPGo's uploads: schemathesis could not check a list of its own files unique ("Unsupported type: 'Binary'", every
    # coverage case an error); once it may draw the same file twice, the server's refusal of that is the spec's own
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "uploads.yaml").write_text(UPLOADS)
    with checked_server("--specs", str(folder)) as server:
        assert_contract_passes(folder / "uploads.yaml", server.url, tmp_path / "report.json", 5)
