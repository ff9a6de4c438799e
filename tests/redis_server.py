"""A real `redis-server` on a free loopback port, for the tests of shared state.

Started from Debian's `redis-server` package (`.ci/run` installs it). Where it cannot be had,
the tests that need it skip and say so.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis.connection

from mock.scenario.store import StateStore
from tests.specmock_server import free_port


@contextmanager
def running_redis() -> Iterator[str]:
    """Yields the URL of a fresh, empty Redis database; the server stops afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian package redis-server; .ci/run installs it)")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="specmock-redis-") as workdir:
        process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", workdir],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"redis-server did not start on port {port}") from None
                    time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


def command_counts(store: StateStore) -> dict[str, int]:
    """Calls per command the Redis server has run (`INFO commandstats`), e.g. {"watch": 3, "get": 7}."""
    stats = store._backend._client.info("commandstats")  # type: ignore[attr-defined]
    return {name.removeprefix("cmdstat_"): int(fields["calls"]) for name, fields in stats.items()}


def count_round_trips(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts what every Redis connection sends from now on, one packed send per round trip (a pipeline is one)."""
    sent = [0]
    send = redis.connection.AbstractConnection.send_packed_command

    def counted(connection: object, command: object, check_health: bool = True) -> None:
        sent[0] += 1
        send(connection, command, check_health)  # type: ignore[arg-type]

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    return sent
