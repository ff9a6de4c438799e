"""The wheel is complete: built with `pip wheel .`, installed into a fresh virtualenv and started from an
empty directory, specmock serves every bundled API (its specs and scenarios travel as package data).

The fresh virtualenv takes its third-party dependencies from the test environment (a path entry, so
no download) but specmock itself only from the wheel; the build fetches setuptools like any PEP 517 build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import ROOT
from tests.specmock_server import free_port

AUTH = {"Authorization": "Bearer sk_live_wheel"}
BUILD_LEFTOVERS = (".git", ".venv", "build", "*.egg-info", "__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache",
                   ".mypy_cache", "bench")  # fmt: skip


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, timeout=240, **kwargs)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def test_installed_wheel_serves_every_bundled_api(tmp_path: Path) -> None:
    # built from a copy: an in-tree build would leave build/ and *.egg-info in the checkout
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*BUILD_LEFTOVERS))
    run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(tmp_path / "dist")])
    [wheel] = (tmp_path / "dist").glob("specmock-*.whl")
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    fresh_python = venv / "bin" / "python"
    fresh_site = Path(
        run([str(fresh_python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip()
    )
    # dependencies from this environment; specmock itself is not there (it is installed editable, by a finder
    # this path entry does not load), so the only `mock` the fresh venv can import is the wheel's
    (fresh_site / "test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    # outside the checkout and without PYTHONPATH, so pip cannot take the source tree for an installed specmock
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    install = [sys.executable, "-m", "pip", "--python", str(fresh_python), "install", "--no-deps", "--force-reinstall"]
    run([*install, "-q", str(wheel)], cwd=tmp_path, env=env)
    empty = tmp_path / "empty"
    empty.mkdir()
    where = run([str(fresh_python), "-c", "import mock; print(mock.__file__)"], cwd=empty, env=env).stdout
    assert where.startswith(str(venv)), where
    port = free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "specmock"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=empty,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()[1][-3000:]
            try:
                index = httpx.get(url + "/", timeout=2).json()
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the installed specmock did not answer within 60 s"
                time.sleep(0.3)
        assert {api["name"] for api in index["apis"]} == {"aeriox", "runware", "runflow", "useapi"}
        for api in index["apis"]:  # each API serves its document, overlays applied
            assert httpx.get(f"{url}/{api['name']}/openapi.json", timeout=10).status_code == 200
        assert httpx.get(url + "/aeriox/v1/models", headers=AUTH, timeout=10).status_code == 200
        tasks = [
            {
                "taskType": "accountManagement",
                "taskUUID": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                "operation": "getDetails",
            }
        ]
        assert httpx.post(url + "/runware/v1", json=tasks, headers=AUTH, timeout=10).status_code == 200
        wallet = httpx.get(url + "/aeriox/v1/wallet", headers=AUTH, timeout=10)  # the bundled wallet scenario is on
        assert wallet.status_code == 200 and wallet.headers.get("x-specmock-scenario"), wallet.text[:300]
        assert httpx.get(url + "/__specmock/scenarios", timeout=10).status_code == 200  # loopback: no token needed
        inspector = httpx.get(url + "/__specmock/ui", timeout=10)  # its page is package data too
        assert inspector.status_code == 200 and "<html" in inspector.text.lower(), inspector.text[:300]
    finally:
        server.terminate()
        server.wait(timeout=10)
