"""`serve` answers before openapi-spec-validator has judged a new document; `--strict` still waits for it.

Each test has its own cache folder (XDG_CACHE_HOME), so the validator's verdict is not known yet.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.specmock_server import REPO, SpecmockServer

DATA = REPO / "tests" / "data" / "specs"
DONE = "specmock: spec check done: "


def _wait_for(server: SpecmockServer, text: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = server.log()
        if text in log:
            return log
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never logged:\n{server.log()}")


def test_warnings_arrive_after_serving_starts_and_the_next_start_knows_them(tmp_path):
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = ("--specs", str(DATA / "multifile"), "--scenario", "none", "--no-watch")
    with SpecmockServer(*args, env=cache) as first:
        with first.client() as http:
            assert http.get("/shelter/nodes/5").status_code == 200  # served, whatever the check says
        log = _wait_for(first, DONE)
    lines = log.splitlines()
    ready = next(i for i, line in enumerate(lines) if "specmock: ready in" in line)
    checking = next(i for i, line in enumerate(lines) if "checking shelter.yaml with openapi-spec-validator" in line)
    [summary] = [i for i, line in enumerate(lines) if "spec warning(s), served anyway" in line]
    assert ready < checking < summary
    assert lines[summary].startswith(DONE + "2 spec warning(s)")  # the two the validator finds in shelter.yaml
    with SpecmockServer(*args, env=cache) as second:  # the verdict is cached: reported at once, no check
        log = second.log()
    assert "checking " not in log and "specmock: 2 spec warning(s), served anyway" in log
    assert log.index("spec warning(s)") < log.index("specmock: ready in")


def test_strict_serve_waits_for_the_check_and_refuses_the_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mock.cli", "serve", "--strict", "--port", "0", "--specs", str(DATA / "multifile")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert result.returncode == 2
    assert "ready in" not in result.stderr
    lines = result.stderr.strip().splitlines()
    placed = "#/components/schemas/Node/required: ['name', 'name'] has non-unique elements"  # where the file says it
    assert any(line.endswith(placed) for line in lines), lines
    assert all(line.startswith(f"specmock: {DATA / 'multifile' / 'shelter.yaml'}: #") for line in lines), lines


def test_a_structural_error_is_fatal_before_serving_without_waiting_for_the_check(tmp_path):
    specs = tmp_path / "specs"
    specs.mkdir()
    schema = "{$ref: '#/components/schemas/Missing'}"
    (specs / "things.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: things, version: '1'}\npaths:\n  /things:\n    get:\n      responses:\n"
        f"        '200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mock.cli", "serve", "--port", "0", "--specs", str(specs)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    place = "#/paths/~1things/get/responses/200/content/application~1json/schema"
    assert line.startswith(f"specmock: {specs / 'things.yaml'}: {place}: ") and "points at nothing" in line, line
