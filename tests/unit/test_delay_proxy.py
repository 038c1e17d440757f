"""The benchmark's delaying proxy (benchmarks/delay_proxy.py) against a local echo server.

Time is asserted one way only: a delay is at least what was asked (a clock never runs fast). How much
longer a loaded machine takes is not asserted; that connections are carried at once, not one after
another, is proven by an echo server that answers none of them until all have arrived (GatedEcho)."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.delay_proxy import DelayProxy

ONE_WAY_MS = 50


class EchoServer:
    """A threaded echo server on loopback: sends back every byte, half-closes when the client does."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.threads: list[threading.Thread] = []
        self.accepter = threading.Thread(target=self._accept, daemon=True)
        self.accepter.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            t = threading.Thread(target=self._echo, args=(conn,), daemon=True)
            t.start()
            self.threads.append(t)

    @staticmethod
    def _echo(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):  # a peer that reset the connection ends it as well
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while data := conn.recv(65536):
                conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self.accepter.join(5)
        for t in self.threads:
            t.join(5)


class GatedEcho(EchoServer):
    """Answers a message starting with b"conn " only once `n` of them are in, one per connection: a proxy
    carrying connections one at a time never gets all `n` through, and every client times out."""

    def __init__(self, n: int) -> None:
        self.gate = threading.Barrier(n, timeout=30)
        super().__init__()

    def _echo(self, conn: socket.socket) -> None:  # type: ignore[override]
        with conn:
            while data := conn.recv(65536):
                if data.startswith(b"conn "):
                    self.gate.wait()
                conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)


@pytest.fixture
def echo():
    server = EchoServer()
    yield server
    server.close()


def connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def round_trip(s: socket.socket, payload: bytes = b"ping") -> float:
    started = time.perf_counter()
    s.sendall(payload)
    got = b""
    while len(got) < len(payload):
        got += s.recv(65536)
    assert got == payload
    return time.perf_counter() - started


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_round_trip_takes_both_delays(echo):
    with DelayProxy("127.0.0.1", echo.port, ONE_WAY_MS, handshake=False) as proxy, connect(proxy.port) as s:
        times = [round_trip(s) for _ in range(3)]
    assert all(t >= 2 * ONE_WAY_MS / 1000 for t in times), times


def test_the_handshake_costs_one_more_round_trip(echo):
    """Like a VPN: the first answer comes two round trips after connecting, later ones after one."""
    with DelayProxy("127.0.0.1", echo.port, ONE_WAY_MS) as proxy:
        started = time.perf_counter()
        with connect(proxy.port) as s:
            round_trip(s)
            first = time.perf_counter() - started
            second = round_trip(s)
    assert first >= 4 * ONE_WAY_MS / 1000, first
    assert second >= 2 * ONE_WAY_MS / 1000, second


def test_a_megabyte_comes_back_in_order(echo):
    payload = os.urandom(1 << 20)
    with DelayProxy("127.0.0.1", echo.port, 5) as proxy, connect(proxy.port) as s:
        received = bytearray()

        def read() -> None:
            while chunk := s.recv(65536):
                received.extend(chunk)

        reader = threading.Thread(target=read)
        reader.start()
        for i in range(0, len(payload), 1000):  # many small chunks, each delayed on its own
            s.sendall(payload[i : i + 1000])
        s.shutdown(socket.SHUT_WR)  # the echo server half-closes back: the end arrives through the proxy
        reader.join(30)
    assert not reader.is_alive()
    assert bytes(received) == payload


def test_a_delayed_chunk_does_not_hold_back_the_next_by_more_than_its_own_delay(echo):
    """Chunks sent 20 ms apart each arrive one delay after they left, not one after another: with a long
    delay (0.4 s one way) the last of five comes back well before the two seconds a queue would take."""
    one_way_ms = 400
    with DelayProxy("127.0.0.1", echo.port, one_way_ms, handshake=False) as proxy, connect(proxy.port) as s:
        round_trip(s)
        sent, arrived = [], []
        for i in range(5):
            sent.append(time.perf_counter())
            s.sendall(bytes([i]))
            time.sleep(0.02)
        while len(arrived) < 5:
            data = s.recv(1)
            arrived.append((time.perf_counter(), data))
    assert [d for _, d in arrived] == [bytes([i]) for i in range(5)]
    for t0, (t1, _) in zip(sent, arrived, strict=False):
        # the recv loop starts only after the last send: the first ones may be read late, never early
        assert t1 - t0 >= 2 * one_way_ms / 1000
    queued = 5 * 2 * one_way_ms / 1000  # each chunk waiting for the one before it
    assert arrived[-1][0] - sent[0] < queued / 2


def test_twenty_connections_are_not_serialised():
    n = 20
    gated = GatedEcho(n)
    with DelayProxy("127.0.0.1", gated.port, ONE_WAY_MS, handshake=False) as proxy:
        sockets = [connect(proxy.port) for _ in range(n)]
        try:
            for s in sockets:  # every connection's upstream is open first
                round_trip(s)
            with ThreadPoolExecutor(n) as pool:  # answered only when all twenty are in flight at once
                times = list(pool.map(round_trip, sockets, [f"conn {i}".encode() for i in range(n)]))
        finally:
            for s in sockets:
                s.close()
            gated.close()
    assert len(times) == n and min(times) >= 2 * ONE_WAY_MS / 1000


def test_twenty_new_connections_at_once_are_carried_at_once():
    n = 20
    gated = GatedEcho(n)
    with DelayProxy("127.0.0.1", gated.port, ONE_WAY_MS) as proxy:

        def one(i: int) -> float:
            with connect(proxy.port) as s:
                return round_trip(s, f"conn {i}".encode())

        try:
            with ThreadPoolExecutor(n) as pool:
                times = list(pool.map(one, range(n)))
        finally:
            gated.close()
        assert proxy.connections == n
    assert min(times) >= 4 * ONE_WAY_MS / 1000  # the handshake's round trip, then the message's


def test_stop_leaves_no_thread_or_socket_behind(echo):
    threads, fds = set(threading.enumerate()), open_fds()
    proxy = DelayProxy("127.0.0.1", echo.port, ONE_WAY_MS).start()
    idle = connect(proxy.port)  # still open when the proxy stops: the proxy must close its ends
    busy = connect(proxy.port)
    busy.sendall(b"in flight")
    time.sleep(0.25)
    assert proxy.connections == 2
    proxy.stop()
    with contextlib.suppress(ConnectionResetError):
        assert idle.recv(10) == b""  # the proxy closed its end
    idle.close()
    busy.close()
    port = proxy.port
    assert set(threading.enumerate()) - threads <= {t for t in echo.threads}, threading.enumerate()
    for t in echo.threads:  # the echo server's ends are this process's too: let it close them (a loaded
        t.join(5)  # machine ran it after the count once) before the proxy's are counted
    assert open_fds() == fds
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_a_server_that_is_not_there_closes_the_client(echo):
    dead = socket.create_server(("127.0.0.1", 0))
    port = dead.getsockname()[1]
    dead.close()
    with DelayProxy("127.0.0.1", port, 5) as proxy, connect(proxy.port) as s:
        assert s.recv(10) == b""
