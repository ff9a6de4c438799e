"""The sockets `specmock serve` listens on, and the supervisor that gives each worker process its own.

One socket shared by every worker lets whichever process wakes first take the connections: 32
connections opened one after another (a browser's, a connection pool's) all went to one worker, and
a benchmark's 32 opened at once split 29 to 3. With `--workers N` each worker listens on a socket of
its own, all bound to the same port with SO_REUSEPORT, and the kernel spreads new connections over
them by their addresses.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable

from uvicorn.supervisors.multiprocess import Multiprocess, Process

# Linux hands each new connection to one socket of a SO_REUSEPORT group, by a hash of its addresses. Elsewhere
# the option only lets sockets share a port (macOS gives one of them every connection) or does not exist
# (Windows): there the workers share one socket, as uvicorn's do.
KERNEL_SPREADS_CONNECTIONS = sys.platform.startswith("linux")


def sockets_for(workers: int) -> int:
    """How many listening sockets `workers` worker processes take: one each where the kernel spreads
    connections over them, else one for all."""
    return workers if workers > 1 and KERNEL_SPREADS_CONNECTIONS else 1


def run_workers(config: object, sockets: list[socket.socket]) -> None:
    """Supervise the worker processes (uvicorn's `config.workers` of them) until the server is stopped."""
    if len(sockets) > 1:
        OneSocketEach(config, sockets).run()
    else:
        Multiprocess(config, sockets).run()  # type: ignore[arg-type]


def listen(host: str, port: int, count: int = 1, join: bool = False) -> list[socket.socket]:
    """`count` listening sockets on one port, bound before anything is printed, so a port in use is said first.

    Several share the port through SO_REUSEPORT, which would also let them join a group another process
    of this user already listens with: a plain bind first proves the port free (and picks it, for port 0).
    Between that probe and the group's bind another process could take the port; the group's bind then
    fails or joins theirs, as any server's start racing another for one port does. `join`: add to our own
    group, already listening on the port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    shared = count > 1 or join
    if count > 1 and not join:
        probe = _bound(family, host, port, reuse_port=False)
        port = probe.getsockname()[1]
        probe.close()
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sockets.append(_bound(family, host, port, reuse_port=shared))
            port = sockets[0].getsockname()[1]
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    for sock in sockets:
        sock.listen(2048)
        sock.set_inheritable(True)
    return sockets


def _bound(family: socket.AddressFamily, host: str, port: int, reuse_port: bool) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


class OneSocketEach(Multiprocess):
    """uvicorn's worker supervisor (health checks, restarts, signals), with worker `i` on socket `i` only.

    uvicorn hands every worker all its sockets; here the list of sockets it hands out is narrowed to the
    slot a worker is started for, whether at start-up, after a crash or on a SIGHUP restart."""

    def __init__(self, config: object, sockets: list[socket.socket]) -> None:
        super().__init__(config, sockets)  # type: ignore[arg-type]
        self._each = sockets
        self.processes_num = len(sockets)

    def init_processes(self) -> None:
        for slot in range(self.processes_num):
            self.processes.append(self._started(slot))

    def keep_subprocess_alive(self) -> None:
        self._per_slot(super().keep_subprocess_alive)

    def restart_all(self) -> None:
        self._per_slot(super().restart_all)

    def handle_ttin(self) -> None:
        """One worker more (SIGTTIN), on a socket of its own that joins the port's group."""
        host, port = self._each[0].getsockname()[:2]
        self._each.append(listen(host, port, join=True)[0])
        self.processes_num += 1
        self.processes.append(self._started(len(self._each) - 1))

    def handle_ttou(self) -> None:
        """One worker fewer (SIGTTOU): the last, and its socket with it."""
        if self.processes_num > 1:
            super().handle_ttou()
            self._each.pop().close()

    def _started(self, slot: int) -> Process:
        process = Process(self.config, [self._each[slot]])
        process.start()
        return process

    def _per_slot(self, supervise: Callable[[], None]) -> None:
        """Run uvicorn's own loop over the workers one slot at a time, so that each replacement it starts
        gets the socket of the worker it replaces."""
        processes = self.processes
        try:
            for slot, process in enumerate(processes):
                self.processes = [process]
                self.sockets = [self._each[slot]]
                supervise()
                processes[slot] = self.processes[0]
                if self.should_exit.is_set():
                    break
        finally:
            self.processes, self.sockets = processes, self._each
