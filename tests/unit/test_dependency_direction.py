"""Which way dependencies point (ARCHITECTURE.md): importing a stage loads nothing it must not know about.

Each case imports one module in a fresh interpreter and lists what came with it, so a new import
that turns the direction around (or brings an HTTP framework into a pure stage) fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def modules_loaded_by(module: str) -> set[str]:
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return set(json.loads(result.stdout))


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        # the pure decision: no response generation, no envelopes, no HTTP framework
        ("mock.scenario.decision", {"mock.response_generation", "mock.envelopes", "mock.app", "starlette"}),
        # the socket endpoint is handed its answer; it never reaches back into the app
        ("mock.websocket", {"mock.app", "mock.cli"}),
        # the contract face reuses mock.spec, never the server or its CLI
        ("contract_tests.cli", {"mock.app", "mock.cli", "mock.scenario.engine"}),
    ],
)
def test_a_stage_does_not_load_what_it_must_not_know(module: str, forbidden: set[str]) -> None:
    assert not forbidden & modules_loaded_by(module)


def test_the_spec_package_imports_nothing_else_of_mock() -> None:
    loaded = {name for name in modules_loaded_by("mock.spec") if name.startswith("mock.")}
    assert loaded and all(name.startswith("mock.spec") for name in loaded), sorted(loaded)
