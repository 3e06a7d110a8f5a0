"""Loopback ports for the servers the tests and benchmarks start."""

from __future__ import annotations

import random
import socket
from pathlib import Path

__all__ = ["free_port"]

#: Linux's default range of ports it gives to ``bind(0)`` and to outgoing connections.
DEFAULT_EPHEMERAL = (32768, 60999)
_random = random.SystemRandom()
_given: set[int] = set()


def ephemeral_range() -> tuple[int, int]:
    """The ports the kernel picks from on its own (``net.ipv4.ip_local_port_range``)."""
    try:
        low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        return DEFAULT_EPHEMERAL
    return low, high


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A loopback TCP port nothing holds now, chosen outside the kernel's ephemeral range.

    A port chosen by binding to port 0 comes from the ephemeral range, which is also where
    every outgoing connection on the machine takes its source port. Between choosing such a
    port and a server binding it (seconds, for a hub that first starts its proxy), a
    database client, a browser or a kernel may take it, and the server fails with "address
    already in use". Nothing takes a port outside that range unless asked to, so one chosen
    there stays free. A port is not handed out twice by one process.
    """
    low, high = ephemeral_range()
    for _ in range(500):
        port = _random.randrange(10000, 65536)
        if low <= port <= high or port in _given:
            continue
        if _bindable(port):
            _given.add(port)
            return port
    # The range covers (nearly) every port: let the kernel choose, as before.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
