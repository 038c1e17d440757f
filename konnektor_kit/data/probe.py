"""The pre-flight probe: resolve the server's name and open a TCP connection before any driver is asked.

Microsoft's ODBC Driver 18 answers a stopped service, a typo in the server name and a firewall that
swallows the login with the same HYT00 "Login timeout expired", after the whole timeout. A TCP connect
of the kit's own takes milliseconds and tells them apart: name not resolved, refused, or accepted
(then the driver's login timeout means what it says). A named instance's port is asked of SQL Server
Browser first, so the driver is given `host,port` and never waits on the Browser itself.

On Windows, Microsoft's drivers reach a server on the same machine without TCP: shared memory for `.`,
`(local)`, `localhost` and the machine's own name (with or without `\\INSTANCE`), LocalDB for
`(localdb)\\…`, and whatever `lpc:` or `np:` (named pipes) asks for. SQL Server Express and Developer
install with TCP/IP and the Browser off, so such a name is given to the driver as it is, unprobed: the
probe would call a working connection refused. `tcp:` or a `,port` asks for TCP, and is probed.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from .. import platform
from ..exceptions import BadInput, ConnectionFailed, ServerUnreachable, TimedOut
from ..i18n import t
from . import odbc_strings
from .dns import SocketAddress, getaddrinfo_within

TcpState = Literal["open", "refused", "silent"]
DEFAULT_PORTS = {"sqlserver": 1433, "freetds": 1433, "postgresql": 5432, "mariadb": 3306}
SERVER_KEYS = ("Server", "Servername", "Address", "Addr", "Data Source", "Network Address", "Host")
#: the names Windows' SQL Server clients take for "this machine" (shared memory), besides its own name
LOCAL_HOSTS = frozenset({".", "(local)", "localhost"})


@dataclass(frozen=True)
class Endpoint:
    """Where a connection string leads: a host and a port, found through the Browser for an instance."""

    host: str
    port: int
    instance: str | None = None

    @property
    def shown(self) -> str:
        return f"{self.host}\\{self.instance} ({self.port})" if self.instance else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Probe:
    """What the probe found, as `test --json` and the diagnosis report show it."""

    host: str
    port: int | None
    resolved: bool
    tcp: TcpState | None
    ms: float
    instance: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "instance": self.instance,
            "resolved": self.resolved,
            "tcp": self.tcp,
            "ms": round(self.ms, 1),
        }


def endpoint_of(connection_string: str, deadline: float) -> Endpoint | None:
    """The host and port a server's connection string reaches; None when there is nothing to probe
    (a DSN, a local socket, an SQLite file)."""
    fam = odbc_strings.family(connection_string)
    if fam.name not in DEFAULT_PORTS:
        return None
    pairs = odbc_strings.parse(connection_string)
    value = odbc_strings.get(pairs, *SERVER_KEYS)
    if not value or odbc_strings.get(pairs, "DSN", "Socket") is not None:
        return None
    if fam is odbc_strings.MSSQL and platform.local_sql_transports() and reached_locally(value):
        return None  # shared memory, named pipes or LocalDB: the driver itself knows the way (Windows)
    if fam.dialect.name == "sqlserver" and windows_only(value) and not platform.local_sql_transports():
        raise BadInput(t("probe.windows_only", typed=value))
    if fam.dialect.name == "sqlserver":
        from .sqlbrowser import instance_port, split_server

        host, instance, port = split_server(value)
        if port is None and fam.name == "freetds" and (typed := odbc_strings.get(pairs, "Port")):
            port = _port(typed)
        if port is None and instance:
            port = instance_port(host, instance, deadline)
        return Endpoint(host, port or DEFAULT_PORTS[fam.name], instance)
    typed = odbc_strings.get(pairs, "Port")
    return Endpoint(value.strip(), _port(typed) if typed else DEFAULT_PORTS[fam.name])


def reached_locally(server: str, hostname: Callable[[], str] = socket.gethostname) -> bool:
    """Whether a SQL Server `Server=` value names a way Windows' clients take without TCP: `lpc:` (shared
    memory), `np:` (named pipes), `(localdb)\\…`, or this machine (`.`, `(local)`, `localhost`, its own
    name), alone or with `\\INSTANCE`; never with `tcp:` or a `,port`."""
    text = server.strip()
    lowered = text.casefold()
    if lowered.startswith(("lpc:", "np:")):
        return True
    if lowered.startswith("tcp:") or "," in text:
        return False
    host = lowered.split("\\", 1)[0].strip()
    if host == "(localdb)":
        return True
    own = hostname().casefold()
    return host in LOCAL_HOSTS or bool(own) and host in {own, own.split(".", 1)[0]}


def windows_only(server: str) -> bool:
    """A way to a SQL Server only Windows' clients have: `lpc:`, `np:` or `(localdb)\\…` (no TCP to probe)."""
    lowered = server.strip().casefold()
    return lowered.startswith(("lpc:", "np:")) or lowered.split("\\", 1)[0].strip() == "(localdb)"


def probe(endpoint: Endpoint, deadline: float) -> Probe:
    """Resolve and connect within `deadline` seconds; never raises, the caller decides what it means."""
    start = time.monotonic()
    addresses = _resolve(endpoint.host, endpoint.port, deadline)
    if not addresses:
        return Probe(endpoint.host, endpoint.port, False, None, _ms(start), endpoint.instance)
    state: TcpState = "refused"
    for family, kind, proto, address in addresses:
        left = deadline - (time.monotonic() - start)
        if left <= 0:
            state = "silent"
            break
        with socket.socket(family, kind, proto) as sock:
            sock.settimeout(left)
            try:
                sock.connect(address)
            except TimeoutError:
                state = "silent"
                continue
            except OSError:
                continue  # refused, or no route: try the next address of the name
            state = "open"
            break
    return Probe(endpoint.host, endpoint.port, True, state, _ms(start), endpoint.instance)


def preflight(connection_string: str, login_timeout: float) -> Probe | None:
    """Probe the server a connection string names (None: nothing to probe); Browser errors raise."""
    deadline = max(0.5, login_timeout)
    endpoint = endpoint_of(connection_string, deadline)
    return None if endpoint is None else probe(endpoint, deadline)


def unreachable(found: Probe, connection_string: str, login_timeout: float, *, server: str) -> ConnectionFailed | None:
    """The kit's error for a probe that did not reach the server, or None when TCP is open."""
    sqlserver = odbc_strings.family(connection_string).dialect.name == "sqlserver"
    params = {"where": server, "host": found.host, "port": found.port, "seconds": f"{max(0.5, login_timeout):g}"}
    if not found.resolved:
        return ServerUnreachable(t("probe.unresolved", **params), t("probe.unresolved.guidance"))
    if found.tcp == "refused":
        return ServerUnreachable(
            t("probe.refused", **params),
            t("probe.refused.guidance.sqlserver" if sqlserver else "probe.refused.guidance"),
        )
    if found.tcp == "silent":
        return TimedOut(t("probe.silent", **params), t("guidance.timeout"))
    return None


def with_endpoint(connection_string: str, endpoint: Probe) -> str:
    """The driver told the instance's port the Browser gave, so it never asks the Browser again."""
    if endpoint.instance is None or endpoint.port is None:
        return connection_string
    pairs = odbc_strings.parse(connection_string)
    if odbc_strings.family(connection_string).name == "freetds":
        pairs = odbc_strings.set_key(pairs, "Server", endpoint.host, *SERVER_KEYS)
        return odbc_strings.build(odbc_strings.set_key(pairs, "Port", str(endpoint.port)))
    return odbc_strings.build(
        odbc_strings.set_key(pairs, "Server", f"tcp:{endpoint.host},{endpoint.port}", *SERVER_KEYS)
    )


def _resolve(
    host: str, port: int, deadline: float
) -> list[tuple[socket.AddressFamily, socket.SocketKind, int, SocketAddress]]:
    try:
        found = getaddrinfo_within(host, port, socket.SOCK_STREAM, deadline)
    except (OSError, UnicodeError):
        return []
    return [(f, k, p, a) for f, k, p, _, a in found or []]


def _port(text: str) -> int:
    return int(text) if text.strip().isdigit() else 0


def _ms(start: float) -> float:
    return (time.monotonic() - start) * 1000
