"""Shared fixtures: real specmock servers on loopback ports, spoken to over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from mock.spec_loading import load_apis

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningServer:
    """`specmock serve` in a subprocess; its stderr is kept for assertions on the log."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"specmock-test-{self.port}.log"
        self._log = self.log_path.open("w+")
        command = [sys.executable, "-m", "mock.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port), *args]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"specmock exited with {self.process.returncode}:\n{self.log()}")
            try:
                httpx.get(self.url + "/", timeout=0.5)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"specmock did not answer within 20 s:\n{self.log()}")

    def log(self) -> str:
        if self._log.closed:
            return ""
        self._log.flush()
        return self.log_path.read_text()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()
        self.log_path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def apis():
    return load_apis(SPECS)


@pytest.fixture(scope="session")
def server() -> Iterator[RunningServer]:
    """Every API in specs/, each under /<name>, with the response self-check on."""
    running = RunningServer("--self-check", "--seed", "7")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


@pytest.fixture
def start_server():
    started: list[RunningServer] = []

    def start(*args: str) -> RunningServer:
        running = RunningServer(*args)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()
