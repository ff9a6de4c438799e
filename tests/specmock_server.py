"""The real `specmock serve` in a subprocess on a free loopback port, for tests that talk HTTP to it.

Every server runs with --self-check; its log is kept in a file (a pipe could fill and stall the
server), so a test can read it while the server runs and assert that no answer violated the spec.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import yaml

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SpecmockServer:
    def __init__(self, *args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = ["serve", "--port", str(self.port), "--host", "127.0.0.1", "--self-check", *args]
        self.cwd = cwd
        self.env = env or {}  # added to this process's environment
        self.process: subprocess.Popen[bytes] | None = None
        self.stderr = ""
        # the server writes to this file for its whole life; stop() closes it
        self._log = tempfile.NamedTemporaryFile("w+", prefix="specmock-test-", suffix=".log", delete=False)  # noqa: SIM115

    def start(self, timeout: float = 30.0) -> SpecmockServer:
        env = {**os.environ, "PYTHONPATH": str(REPO), **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mock.cli", *self.args],
            cwd=self.cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"specmock serve exited {self.process.returncode}:\n{self.log()}")
            try:
                httpx.get(self.url + "/", timeout=1)
                return self
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"specmock serve did not answer within {timeout} s:\n{self.stderr}")

    def log(self) -> str:
        return Path(self._log.name).read_text() if not self._log.closed else self.stderr

    def stop(self) -> str:
        """Stop the server; returns (and keeps in `stderr`) everything it logged."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self._log.closed:
            self.stderr = self.log()
            self._log.close()
            Path(self._log.name).unlink(missing_ok=True)
        return self.stderr

    def client(self, key: str = "sk_live_test", **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {key}"}, timeout=10, **kwargs)

    def admin(self) -> httpx.Client:
        # X-Specmock-Admin: what a script sends and a cross-site page cannot (see mock/admin.py)
        return httpx.Client(base_url=self.url + "/__specmock", headers={"X-Specmock-Admin": "1"}, timeout=10)

    def __enter__(self) -> SpecmockServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def static_server(*args: str) -> SpecmockServer:
    """A started server without scenarios, unless the test names some: the spec-only mock."""
    if not any(a == "--scenario" or a.startswith("--scenario=") for a in args):
        args = (*args, "--scenario", "none")
    return SpecmockServer(*args).start()


def self_check_violations(log: str) -> list[str]:
    return [line for line in log.splitlines() if "self-check:" in line and "violates the spec" in line]


@contextmanager
def checked_server(*args: str) -> Iterator[SpecmockServer]:
    """A started server whose log must show no self-check violation once the tests are done with it."""
    with SpecmockServer(*args) as running:
        yield running
    violations = self_check_violations(running.stderr)
    assert not violations, "\n".join(violations)


def new_key() -> str:
    """A fresh API key: each key has its own wallet, rate bucket and resources."""
    return "sk_live_" + uuid.uuid4().hex


def contract_run(spec: Path, base_url: str, *options: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`specmock contract` on `spec` against `base_url`, in a process of its own: a run that never ends fails its test
    at `timeout` instead of holding the suite."""
    return subprocess.run(
        [sys.executable, "-m", "mock", "contract", "--spec", str(spec), "--base-url", base_url, *options],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def written_spec(tmp_path: Path, name: str, document: dict[str, Any]) -> Path:
    """`document` written as YAML to `tmp_path/specs/name`, the one spec of a folder `serve --specs` can start on."""
    folder = tmp_path / "specs"
    folder.mkdir(exist_ok=True)
    spec = folder / name
    spec.write_text(yaml.safe_dump(document))
    return spec


def contract_report(spec: Path, base_url: str, tmp_path: Path, *options: str) -> tuple[int, dict[str, Any]]:
    """`specmock contract` on `spec` against `base_url` in this process (seed 1): its exit code and its JSON report."""
    from contract_tests.cli import main

    report = tmp_path / "report.json"
    code = main(["--spec", str(spec), "--base-url", base_url, "--seed", "1", "--report", str(report), *options])
    return code, json.loads(report.read_text())


def assert_the_mock_passes(spec: Path, tmp_path: Path, *options: str) -> None:
    """The mock serving `spec`, self-checked, passes `specmock contract` on it: no failure, no error, exit 0."""
    with checked_server("--specs", str(spec.parent)) as server:
        code, report = contract_report(spec, server.url, tmp_path, *options)
    assert report["errors"] == []
    assert [(f["operation"], f["check"], f["message"]) for f in report["failures"]] == []
    assert code == 0
