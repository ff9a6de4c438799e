"""A real `specmock serve` picks up an edited spec by itself, unless told `--no-watch`."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import httpx

from tests.integration.test_reload import LISTING, NEW_PATH
from tests.specmock_server import SpecmockServer


def served_folders(root: Path) -> tuple[str, ...]:
    specs, scenarios = root / "specs", root / "scenarios"
    (specs / "overlays").mkdir(parents=True)
    scenarios.mkdir()
    shutil.copy(LISTING, specs / LISTING.name)
    return ("--specs", str(specs), "--scenarios", str(scenarios), "--scenario", "none")


def add_path(root: Path) -> None:
    spec = root / "specs" / LISTING.name
    spec.write_text(spec.read_text().replace("paths:\n", "paths:\n" + NEW_PATH, 1))


def status_within(url: str, wanted: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while True:
        status = httpx.get(url).status_code
        if status == wanted or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


def test_an_edited_spec_is_served_without_restart(tmp_path):
    with SpecmockServer(*served_folders(tmp_path)) as server:
        assert httpx.get(server.url + "/v1/things").status_code == 404
        add_path(tmp_path)
        assert status_within(server.url + "/v1/things", 200, 15) == 200
        # an overlay added beside the specs is a change too; a broken one keeps the last good version
        (tmp_path / "specs" / "overlays" / "listing.broken.yaml").write_text("overlay: [\n")
        time.sleep(2)
        assert httpx.get(server.url + "/v1/things").status_code == 200
        log = server.log()
    assert "reloaded after a change to" in log
    assert "reload failed, still serving the previous version:" in log and "listing.broken.yaml" in log


def test_no_watch_leaves_the_running_version_alone(tmp_path):
    with SpecmockServer(*served_folders(tmp_path), "--no-watch") as server:
        add_path(tmp_path)
        assert status_within(server.url + "/v1/things", 200, 2.5) == 404
        assert "watching" not in server.log()
