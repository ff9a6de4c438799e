"""Edit while serving: `Reloader.reload()` swaps in edited specs and scenarios, keeps state, and refuses broken files.

The reloads are called directly (the watcher's part is proven on a real server in
tests/e2e/test_edit_while_serving.py), and requests go in-process to the same app object.
"""

from __future__ import annotations

import asyncio
import io
import shutil
from pathlib import Path

import httpx
import pytest

from mock.app import ServeConfig, create_app
from mock.reload import Reloader
from mock.request_log import LineWriter, RequestLog

LISTING = Path(__file__).resolve().parents[1] / "data" / "listing" / "listing.openapi.yaml"
SCENARIO = """\
scenarios:
  - name: fixed-items
    description: one item, always
    rules:
      - name: one
        match: {api: listing, operation: listItems}
        respond:
          body: [{id: ITEM}]
"""
NEW_PATH = """\
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: things
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"""


def get(app: object, path: str) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get(path)

    return asyncio.run(go())


class Mock:
    def __init__(self, root: Path) -> None:
        self.specs = root / "specs"
        self.scenarios = root / "scenarios"
        self.specs.mkdir()
        self.scenarios.mkdir()
        shutil.copy(LISTING, self.specs / LISTING.name)
        (self.scenarios / "fixed.yaml").write_text(SCENARIO.replace("ITEM", "first"))
        self.config = ServeConfig(specs_dir=self.specs, scenarios_dir=self.scenarios, scenarios=("fixed-items",))
        self.stream = io.StringIO()
        self.log = RequestLog(LineWriter(self.stream), requests=False)
        self.app = create_app(self.config, request_log=self.log)
        self.reloader = Reloader(self.app.state.dispatch, self.config, self.log)

    def get(self, path: str) -> httpx.Response:
        return get(self.app, path)

    def messages(self) -> str:
        assert self.log.writer is not None
        self.log.writer.close()
        return self.stream.getvalue()

    def add_path(self) -> None:
        spec = self.specs / LISTING.name
        spec.write_text(spec.read_text().replace("paths:\n", "paths:\n" + NEW_PATH, 1))


@pytest.fixture
def mock(tmp_path: Path) -> Mock:
    return Mock(tmp_path)


def test_an_added_path_answers_after_reload(mock):
    assert mock.get("/v1/things").status_code == 404
    mock.add_path()
    assert mock.reloader.reload([str(mock.specs / LISTING.name)])
    assert mock.get("/v1/things").status_code == 200
    assert "reloaded after a change to" in mock.messages()


def test_an_edited_scenario_answers_and_stays_active(mock):
    assert mock.get("/v1/items").json() == [{"id": "first"}]
    (mock.scenarios / "fixed.yaml").write_text(SCENARIO.replace("ITEM", "edited"))
    assert mock.reloader.reload()
    assert mock.get("/v1/items").json() == [{"id": "edited"}]
    assert mock.app.state.server.scenarios.active() == ["fixed-items"]


def test_state_journal_and_clock_survive_a_reload(mock):
    before = mock.app.state.server.scenarios
    with before.store.transaction() as tx:
        tx.put("wallets", "listing:k", {"balance_micros": 7})
    before.clock_offset = 42.0
    mock.get("/v1/items")
    mock.add_path()
    assert mock.reloader.reload()
    after = mock.app.state.server.scenarios
    assert after is not before
    assert after.store.snapshot("wallets") == {"listing:k": {"balance_micros": 7}}
    assert after.clock_offset == 42.0
    assert after.journal.query(operation="listItems")


def test_a_broken_spec_keeps_the_old_version_serving(mock):
    mock.add_path()
    assert mock.reloader.reload()
    spec = mock.specs / LISTING.name
    spec.write_text(spec.read_text() + "  broken: [unclosed\n")
    assert not mock.reloader.reload()
    assert mock.get("/v1/things").status_code == 200
    assert mock.get("/v1/items").status_code == 200
    message = mock.messages()
    assert f"reload failed, still serving the previous version: {spec}: line " in message


def test_a_broken_scenario_keeps_the_old_rules_and_names_file_and_line(mock):
    broken = mock.scenarios / "fixed.yaml"
    broken.write_text(SCENARIO.replace("operation: listItems", "operation: noSuchOperation"))
    assert not mock.reloader.reload()
    assert mock.get("/v1/items").json() == [{"id": "first"}]
    message = mock.messages()
    assert f"{broken}:" in message and "noSuchOperation" in message


OVERLAY = """\
overlay: 1.0.0
info: {title: recorded answers, version: 1.0.0}
actions:
  - target: "$.paths['/items'].get.responses['200'].content['application/json']"
    update:
      examples:
        recorded: {value: [{id: recorded-item}]}
"""


def test_a_reload_keeps_the_overlay_folders(tmp_path):
    """`serve --overlay DIR` (recorded examples) stays applied after a reload, and DIR is watched too."""
    specs, recorded = tmp_path / "specs", tmp_path / "recorded"
    specs.mkdir()
    recorded.mkdir()
    shutil.copy(LISTING, specs / LISTING.name)
    (recorded / "listing.recorded.yaml").write_text(OVERLAY)
    config = ServeConfig(specs_dir=specs, overlays=(recorded,))
    log = RequestLog(LineWriter(io.StringIO()), requests=False)
    app = create_app(config, request_log=log)
    reloader = Reloader(app.state.dispatch, config, log)
    assert get(app, "/v1/items").json() == [{"id": "recorded-item"}]
    spec = specs / LISTING.name
    spec.write_text(spec.read_text().replace("paths:\n", "paths:\n" + NEW_PATH, 1))
    assert reloader.reload([str(spec)])
    assert get(app, "/v1/things").status_code == 200
    assert get(app, "/v1/items").json() == [{"id": "recorded-item"}]
    assert recorded in reloader.paths


def test_a_document_that_does_not_load_does_not_stop_reloading_the_others(mock):
    broken = mock.specs / "other.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: {title: other, version: '1'}\npaths: [unclosed\n")
    mock.add_path()
    assert mock.reloader.reload([str(mock.specs / LISTING.name)])
    assert mock.get("/v1/things").status_code == 200
    assert f"not served: {broken}: " in mock.messages()
