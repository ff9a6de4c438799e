"""Run the real `specmock serve` in a subprocess on a free loopback port, for HTTP tests.

The server runs with --self-check; stopping it returns its stderr, so a test can assert that
no response a scenario produced violated the spec.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SpecmockServer:
    def __init__(self, *args: str, cwd: Path = REPO) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.args = ["serve", "--port", str(self.port), "--host", "127.0.0.1", "--self-check", *args]
        self.cwd = cwd
        self.process: subprocess.Popen[str] | None = None
        self.stderr = ""

    def start(self, timeout: float = 30.0) -> "SpecmockServer":
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mock.cli", *self.args],
            cwd=self.cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"specmock serve exited {self.process.returncode}: {self.process.stderr.read()}")
            try:
                if httpx.get(self.base + "/__specmock/", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("specmock serve did not start in time")

    def stop(self) -> str:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                _, err = self.process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                _, err = self.process.communicate()
            self.stderr = err or ""
        return self.stderr

    def client(self, key: str = "sk_live_test", **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers={"Authorization": f"Bearer {key}"}, timeout=10, **kwargs)

    def admin(self) -> httpx.Client:
        return httpx.Client(base_url=self.base + "/__specmock", timeout=10)

    def __enter__(self) -> "SpecmockServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def self_check_violations(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "self-check:" in line and "violates the spec" in line]
