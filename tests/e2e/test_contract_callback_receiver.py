"""`specmock contract --callback-receiver` against the mock serving a spec that declares a callback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.specmock_server import REPO, SpecmockServer

JOBS = REPO / "tests" / "data" / "callbacks"


def _contract(base_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mock.cli",
            "contract",
            "--spec",
            str(JOBS / "specs" / "jobs.openapi.yaml"),
            "--base-url",
            base_url + "/v1",
            "--callback-receiver",
            "--callback-wait",
            "3",
            "--max-examples",
            "5",
            "--seed",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
    )


@pytest.mark.parametrize("delivers", [True, False], ids=["delivers", "never-calls-back"])
def test_the_receiver_checks_that_declared_callbacks_arrive(delivers: bool) -> None:
    scenarios = "jobs,job-callbacks" if delivers else "jobs"
    args = ["--specs", str(JOBS / "specs"), "--scenarios", str(JOBS / "scenarios"), "--scenario", scenarios]
    with SpecmockServer(*args, "--set", "jobs.initial=completed") as mock:
        run = _contract(mock.url)
    assert "receiving callbacks at http://127.0.0.1:" in run.stdout
    if delivers:
        assert run.returncode == 0, run.stdout + run.stderr
        received = int(run.stdout.split(" callback(s) received")[0].rsplit(" ", 1)[-1])
        assert received >= 1
    else:
        assert run.returncode == 1, run.stdout + run.stderr
        assert "callback_delivery_conformance" in run.stdout and "No callback delivered" in run.stdout
