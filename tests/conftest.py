"""Shared fixtures: real specmock servers on loopback ports, spoken to over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mock.spec import load_apis
from tests.specmock_server import SpecmockServer, free_port, static_server

__all__ = ["ROOT", "SPECS", "free_port", "static_server"]

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"


@pytest.fixture(scope="session")
def apis():
    return load_apis(SPECS)


@pytest.fixture(scope="session")
def server() -> Iterator[SpecmockServer]:
    """Every API in specs/, each under /<name>, as the spec alone describes it (no scenarios)."""
    running = static_server("--seed", "7")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def client(server: SpecmockServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


@pytest.fixture
def start_server():
    started: list[SpecmockServer] = []

    def start(*args: str) -> SpecmockServer:
        running = static_server(*args)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()
