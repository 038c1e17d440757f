"""The pre-flight probe on real sockets: refused, open, silent (a full backlog drops the SYN, as a
firewall does) and unknown names, each told apart in milliseconds; one verdict per server per run."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest

from konnektor_kit.data.odbc import OdbcServer
from konnektor_kit.data.probe import Endpoint, endpoint_of, preflight, probe, unreachable, with_endpoint
from konnektor_kit.data.site import ServerConfig
from konnektor_kit.exceptions import ConnectionFailed

PG = "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port={port};Uid=kit;Pwd=geheim"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def listener() -> Iterator[int]:
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(8)
        yield srv.getsockname()[1]


@contextmanager
def silent_port() -> Iterator[int]:
    """A listener whose backlog is full and never accepted: new SYNs are dropped, like a firewall's."""
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(0)
        port = srv.getsockname()[1]
        fillers = []
        for _ in range(4):
            c = socket.socket()
            c.setblocking(False)
            with suppress(BlockingIOError):
                c.connect(("127.0.0.1", port))
            fillers.append(c)
        time.sleep(0.1)
        try:
            yield port
        finally:
            for c in fillers:
                c.close()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Driver={PostgreSQL Unicode};Server=db.example;Port=6543;Uid=u", Endpoint("db.example", 6543)),
        ("Driver={PostgreSQL Unicode};Server=db.example;Uid=u", Endpoint("db.example", 5432)),
        ("Driver={MariaDB Unicode};Server=10.0.0.7;Uid=u", Endpoint("10.0.0.7", 3306)),
        ("Driver={FreeTDS};Server=10.0.0.5;Port=1533;TDS_Version=7.4", Endpoint("10.0.0.5", 1533)),
        ("Driver={ODBC Driver 18 for SQL Server};Server=tcp:10.0.0.5,1433;Encrypt=yes", Endpoint("10.0.0.5", 1433)),
        ("Driver={ODBC Driver 18 for SQL Server};Server=SRV01;Encrypt=yes", Endpoint("SRV01", 1433)),
    ],
)
def test_the_endpoint_comes_from_the_connection_string(text, expected):
    assert endpoint_of(text, 1.0) == expected


@pytest.mark.parametrize(
    "text",
    [
        "DSN=LOGO;Uid=u",
        "Driver={SQLite3};Database=/tmp/x.sqlite",
        "Driver={MariaDB Unicode};Socket=/run/mysqld.sock;Uid=u",
    ],
)
def test_nothing_to_probe_is_not_probed(text):
    assert endpoint_of(text, 1.0) is None


def test_refused_open_silent_and_unknown_names_are_told_apart_quickly():
    start = time.monotonic()
    refused = probe(Endpoint("127.0.0.1", closed_port()), 30.0)
    with listener() as port:
        accepted = probe(Endpoint("127.0.0.1", port), 30.0)
    unknown = probe(Endpoint("no-such-host.invalid", 1433), 30.0)
    assert time.monotonic() - start < 30.0  # each answered before its deadline
    assert (refused.resolved, refused.tcp) == (True, "refused")
    assert (accepted.resolved, accepted.tcp) == (True, "open")
    assert (unknown.resolved, unknown.tcp) == (False, None)
    with silent_port() as port:
        start = time.monotonic()
        silent = probe(Endpoint("127.0.0.1", port), 0.6)
        assert silent.tcp == "silent" and 0.5 < time.monotonic() - start < 0.6 + 10
    assert set(silent.to_json()) >= {"resolved", "tcp", "ms"}


def test_each_outcome_has_its_own_message_and_guidance():
    sql = "Driver={ODBC Driver 18 for SQL Server};Server=tcp:127.0.0.1,{port};Encrypt=yes"
    refused = unreachable(preflight(sql.replace("{port}", str(closed_port())), 1), sql, 1, server="SRV01")
    assert refused.category == "server_unreachable" and "SQL Server Configuration Manager" in refused.message("en")
    assert "TCP/IP" in refused.message("tr")
    unknown = unreachable(
        preflight(PG.replace("127.0.0.1", "no-such-host.invalid").replace("{port}", "5432"), 1), PG, 1, server="SRV01"
    )
    assert unknown.category == "server_unreachable" and "no-such-host.invalid" in unknown.message("en")
    with silent_port() as port:
        silent = unreachable(preflight(PG.replace("{port}", str(port)), 0.5), PG, 0.5, server="SRV01")
    assert silent.category == "timeout"


def test_a_named_instance_is_given_to_the_driver_as_host_and_port():
    found = probe(Endpoint("10.0.0.5", 49703, "LOGO"), 0.01)
    text = with_endpoint("Driver={ODBC Driver 18 for SQL Server};Server=10.0.0.5\\LOGO;Encrypt=yes", found)
    assert "Server=tcp:10.0.0.5,49703" in text and "LOGO" not in text and "Encrypt=yes" in text


def test_a_dead_server_is_dialled_once_per_run():
    server = OdbcServer(ServerConfig("SRV01", odbc=PG.replace("{port}", str(closed_port())), login_timeout=2))
    with pytest.raises(ConnectionFailed) as first:
        server.databases()
    for database in ("LOGODB", "IZMIR2026", None):
        with pytest.raises(ConnectionFailed) as again:
            server.open(database)
        assert again.value is first.value
    assert server.counter == [0], "no driver was ever asked"
    assert server.probe_result is not None and server.probe_result.tcp == "refused"
    server.close()
    assert server.probe_result is None, "a new operation probes again"
    assert "geheim" not in first.value.message("tr") + first.value.message("en")
