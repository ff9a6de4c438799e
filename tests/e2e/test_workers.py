"""`specmock serve --workers N`: every worker takes its share of the connections, and a worker that dies is
replaced on its own socket (connections the kernel hands to that socket are served, never left waiting)."""

from __future__ import annotations

import http.client
import os
import signal
import time
from pathlib import Path

import pytest

from tests.specmock_server import SpecmockServer

CONNECTIONS = 32
LINUX_PROC = Path("/proc/net/tcp")


def sockets_in_state(port: int, state: str) -> set[str]:
    """The inodes of the TCP sockets on local `port` in `state` (01 ESTABLISHED, 0A LISTEN), from /proc (Linux)."""
    found: set[str] = set()
    for line in LINUX_PROC.read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == state:
            found.add(fields[9])
    return found


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except (
            FileNotFoundError
        ):  # closed since the listing: a replacement worker still importing opens and closes files
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def established_by_process(port: int, pids: list[int]) -> dict[int, int]:
    """How many established connections to `port` each process holds."""
    established = sockets_in_state(port, "01")
    return {pid: len(socket_inodes(pid) & established) for pid in pids}


def assert_one_listening_socket_each(port: int, pids: list[int]) -> None:
    """Each worker listens on one socket of the port's group, and no two on the same one."""
    listening = sockets_in_state(port, "0A")
    held = [socket_inodes(pid) & listening for pid in pids]
    assert [len(inodes) for inodes in held] == [1] * len(pids), held
    assert len(set().union(*held)) == len(pids), held


def worker_pids(server: SpecmockServer) -> list[int]:
    assert server.process is not None
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()
    workers = []
    for pid in map(int, children):
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        if b"resource_tracker" not in command:  # multiprocessing's helper, not a worker
            workers.append(pid)
    return workers


def open_connections(port: int, count: int) -> list[http.client.HTTPConnection]:
    """`count` keep-alive connections, each having been answered once."""
    opened = []
    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        opened.append(connection)
    return opened


@pytest.fixture
def two_workers():
    if not LINUX_PROC.exists():
        pytest.skip("reads which process holds a connection from /proc/net/tcp: Linux only")
    server = SpecmockServer("--workers", "2", "--scenario", "none", "--no-watch", "--quiet")
    server.start(timeout=120)
    try:
        deadline = time.monotonic() + 60
        while len(worker_pids(server)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        yield server
    finally:
        server.stop()


def test_each_worker_takes_a_share_of_the_connections(two_workers: SpecmockServer) -> None:
    """One socket shared by both workers let the first to wake take them nearly all (29 of 32 seen)."""
    assert_one_listening_socket_each(two_workers.port, worker_pids(two_workers))
    connections = open_connections(two_workers.port, CONNECTIONS)
    try:
        held = established_by_process(two_workers.port, worker_pids(two_workers))
        assert sum(held.values()) == CONNECTIONS, held
        # The kernel spreads connections by their addresses: fewer than 4 of 32 on one socket has a
        # chance of about 1 in 400,000.
        assert min(held.values()) >= 4, held
    finally:
        for connection in connections:
            connection.close()


def test_a_worker_that_dies_is_replaced_on_its_socket(two_workers: SpecmockServer) -> None:
    before = worker_pids(two_workers)
    os.kill(before[0], signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = worker_pids(two_workers)
        if len(now) == 2 and before[0] not in now:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"no worker replaced {before[0]}: {worker_pids(two_workers)}")
    # The replacement listens on the socket of the worker it replaced: every socket is served.
    assert_one_listening_socket_each(two_workers.port, now)
    connections = open_connections(two_workers.port, CONNECTIONS)
    try:
        held = established_by_process(two_workers.port, now)
        assert sum(held.values()) == CONNECTIONS and min(held.values()) >= 4, held
    finally:
        for connection in connections:
            connection.close()


def test_a_restart_on_sighup_puts_each_new_worker_on_a_socket(two_workers: SpecmockServer) -> None:
    """uvicorn's rolling restart (SIGHUP to the parent) replaces the workers one by one; each replacement
    takes the socket of the worker it replaces, so every socket is still served afterwards."""
    assert two_workers.process is not None
    before = set(worker_pids(two_workers))
    os.kill(two_workers.process.pid, signal.SIGHUP)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        now = set(worker_pids(two_workers))
        if len(now) == 2 and not now & before:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"the workers {before} were not all replaced: {worker_pids(two_workers)}")
    assert_one_listening_socket_each(two_workers.port, sorted(now))
    connections = open_connections(two_workers.port, CONNECTIONS)
    try:
        held = established_by_process(two_workers.port, sorted(now))
        assert sum(held.values()) == CONNECTIONS and min(held.values()) >= 4, held
    finally:
        for connection in connections:
            connection.close()
