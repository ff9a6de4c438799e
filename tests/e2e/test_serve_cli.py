"""`specmock` on the command line: version, ports, exit codes, listings."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import httpx

from tests.specmock_server import REPO

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def specmock(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock.cli", *args], cwd=REPO, env=ENV, capture_output=True, text=True, timeout=timeout
    )


def test_version():
    result = specmock("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"specmock \d+\.\d+\.\d+\S*\n", result.stdout)


def test_port_zero_prints_the_real_port_and_serves_there(tmp_path):
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mock.cli", "serve", "--port", "0", "--scenario", "none", "--no-watch"],
            cwd=REPO,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while "ready in" not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.05)
        text = log.read_text()
        ports = set(re.findall(r"http://127\.0\.0\.1:(\d+)/", text))
        assert len(ports) == 1 and "0" not in ports, text
        (port,) = ports
        assert f"on port {port}" in text
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_port_in_use_exits_3_before_printing_any_url():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = specmock("serve", "--port", str(port), "--scenario", "none", "--no-watch")
    assert result.returncode == 3
    assert "http://" not in result.stdout + result.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_specs_list_shows_each_full_path_once_and_counts_in_english():
    result = specmock("specs", "list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    runware = next(line for line in lines if line.startswith("runware "))
    assert "mounted at /runware/v1" in runware and "1 operation," in runware
    operation = lines[lines.index(runware) + 1]
    assert operation.split()[:2] == ["POST", "/runware/v1/"]
    assert "(1 operations)" not in result.stdout and "1 operations" not in result.stdout
    useapi_op = lines[next(i for i, line in enumerate(lines) if line.startswith("useapi ")) + 1]
    assert useapi_op.split()[1] == "/useapi/v1/runwayml/accounts"
