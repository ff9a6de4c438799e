"""A user's own multi-file spec, served with `specmock serve --specs DIR` and no other flag."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.specmock_server import REPO, SpecmockServer, checked_server

DATA = REPO / "tests" / "data" / "specs"


@pytest.fixture(scope="module")
def shelter() -> Iterator[SpecmockServer]:
    with checked_server("--specs", str(DATA / "multifile")) as running:
        yield running


def test_starts_with_the_default_scenarios_that_apply(shelter):
    # the bundled scenarios' rules for APIs this folder lacks stay idle rather than stopping start-up
    assert "scenarios active: stateful;" in shelter.log()
    # the warnings' summary: at start when the validator's verdict is cached, else when its check ends
    deadline = time.monotonic() + 120
    while "spec warning(s), served anyway" not in shelter.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "spec warning(s), served anyway" in shelter.log()


def test_recursive_schema_is_answered_and_validates(shelter):
    with shelter.client() as http:
        answer = http.get("/shelter/nodes/5")
    assert answer.status_code == 200, answer.text
    assert isinstance(answer.json()["name"], str)


def test_int32_bounds_are_enforced(shelter):
    with shelter.client() as http:
        assert http.get("/shelter/nodes/2147483647").status_code == 200
        refused = http.get(f"/shelter/nodes/{2**40}")
    assert refused.status_code in (400, 404), refused.text


def test_empty_query_values_follow_real_backends(shelter):
    with shelter.client() as http:
        assert http.get("/shelter/pets?tag=").status_code == 200
        assert http.get("/shelter/pets?cursor=").status_code == 400  # allowEmptyValue: false, explicitly
        assert http.get("/shelter/pets?name=").status_code == 400  # minLength: 1


def test_read_only_is_not_required_and_write_only_is_never_answered(shelter):
    with shelter.client() as http:
        created = http.post("/shelter/pets", json={"name": "Rex", "password": "hunter2"})
    assert created.status_code == 201, created.text
    assert "password" not in created.text


def test_specs_check_lists_warnings_and_strict_refuses_them():
    command = [sys.executable, "-m", "mock.cli", "specs", "check", "--specs", str(DATA / "multifile")]
    lenient = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO)
    assert lenient.returncode == 0, lenient.stderr
    assert "warning " in lenient.stdout and "#/" in lenient.stdout
    strict = subprocess.run([*command, "--strict"], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert strict.returncode == 2


def test_workers_load_as_leniently_as_one_process(tmp_path):
    """One document in the folder that does not load: every worker serves the rest, and it is reported."""
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "listing.openapi.yaml").write_text(
        (REPO / "tests" / "data" / "listing" / "listing.openapi.yaml").read_text()
    )
    (specs / "broken.yaml").write_text("openapi: 3.1.0\ninfo: {title: broken, version: '1'}\npaths: [unclosed\n")
    server = SpecmockServer("--specs", str(specs), "--workers", "2", "--scenario", "none", "--no-watch")
    server.start(timeout=180)
    try:
        with server.client() as http:
            statuses = {http.get("/v1/items", headers={"Connection": "close"}).status_code for _ in range(8)}
    finally:
        log = server.stop()
    assert statuses == {200}, log
    assert f"{specs / 'broken.yaml'}: " in log and "1 document(s) not served" in log
    assert "2 worker processes" in log and "Traceback" not in log
