"""The listening sockets of `specmock serve`: one per worker, all on one port, and never a port in use."""

from __future__ import annotations

import socket

import pytest

from mock.listening import KERNEL_SPREADS_CONNECTIONS, listen, sockets_for

spreads = pytest.mark.skipif(
    not KERNEL_SPREADS_CONNECTIONS, reason="SO_REUSEPORT spreads connections over sockets on Linux only"
)


def ports(sockets: list[socket.socket]) -> set[int]:
    return {sock.getsockname()[1] for sock in sockets}


def test_workers_take_a_socket_each_only_where_the_kernel_spreads_connections(monkeypatch) -> None:
    assert sockets_for(1) == 1
    monkeypatch.setattr("mock.listening.KERNEL_SPREADS_CONNECTIONS", True)
    assert sockets_for(4) == 4
    monkeypatch.setattr("mock.listening.KERNEL_SPREADS_CONNECTIONS", False)  # macOS, Windows
    assert sockets_for(4) == 1


@spreads
def test_one_socket_per_worker_all_on_the_port_the_first_was_given() -> None:
    sockets = listen("127.0.0.1", 0, count=3)
    try:
        assert len(sockets) == 3 and len(ports(sockets)) == 1
        assert all(sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) for sock in sockets)
        # each accepts connections of its own: a client connecting reaches one of them
        with socket.create_connection(("127.0.0.1", sockets[0].getsockname()[1]), timeout=5):
            pass
    finally:
        for sock in sockets:
            sock.close()


def test_one_process_listens_without_sharing_its_port() -> None:
    (sock,) = listen("127.0.0.1", 0)
    try:
        assert not sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)
    finally:
        sock.close()


@spreads
@pytest.mark.parametrize("count", [1, 2])
@pytest.mark.parametrize("other_shares", [False, True])
def test_a_port_another_server_listens_on_is_refused(count: int, other_shares: bool) -> None:
    """Even a group another process of this user opened with SO_REUSEPORT: workers never join a stranger's."""
    (other,) = listen("127.0.0.1", 0, join=other_shares)
    try:
        with pytest.raises(OSError):
            listen("127.0.0.1", other.getsockname()[1], count=count)
    finally:
        other.close()


@spreads
def test_a_worker_added_later_joins_its_own_servers_group() -> None:
    sockets = listen("127.0.0.1", 0, count=2)
    try:
        (added,) = listen("127.0.0.1", sockets[0].getsockname()[1], join=True)
        sockets.append(added)
        assert len(ports(sockets)) == 1
    finally:
        for sock in sockets:
            sock.close()
