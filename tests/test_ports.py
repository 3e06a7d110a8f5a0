"""The test servers' ports stay free between being chosen and being bound."""

from __future__ import annotations

import socket

from tests.support.ports import ephemeral_range, free_port


def test_a_chosen_port_is_outside_the_range_outgoing_connections_take_theirs_from():
    low, high = ephemeral_range()
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == len(ports), "a port was handed out twice"
    for port in ports:
        assert not low <= port <= high, port
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))  # and it can be bound
