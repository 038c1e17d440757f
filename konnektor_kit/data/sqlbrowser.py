"""A named SQL Server instance's TCP port, asked of the SQL Server Browser ([MC-SQLR], UDP 1434).

Microsoft's ODBC Driver 18 fails a named instance without a Browser exactly as it fails a typo or a
stopped server (HYT00 "Login timeout expired" after the whole login timeout). Asking the Browser
ourselves tells them apart in milliseconds: not answering, no such instance (and which ones there
are), or an instance with TCP/IP disabled.

Protocol: CLNT_UCAST_INST = 0x04 + instance name (MBCS, NUL-terminated) is answered with SVR_RESP =
0x05 + RESP_SIZE (2 bytes, little-endian) + RESP_DATA, e.g. "ServerName;SRV01;InstanceName;LOGO;
IsClustered;No;Version;15.0.2000.5;tcp;49703;np;\\\\SRV01\\pipe\\...;;". A real Browser does not
answer CLNT_UCAST_INST for an instance it does not have; CLNT_UCAST_EX = 0x03 lists every instance
(records concatenated, each ending ";;"). Pure standard library.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import time
from dataclasses import dataclass
from typing import TypedDict

from ..domain.text import fold
from ..exceptions import BadInput, BrowserSilent, InstanceUnknown, ServerUnreachable
from ..i18n import t
from .dns import SocketAddress, getaddrinfo_within

BROWSER_PORT = 1434
CLNT_UCAST_EX = 0x03
CLNT_UCAST_INST = 0x04
SVR_RESP = 0x05
# Instance and server names are MBCS (the server's ANSI code page): Turkish Windows uses 1254.
ENCODING = "cp1254"
# How long the CLNT_UCAST_INST may go unanswered before we ask CLNT_UCAST_EX what is there.
INST_WAIT = 1.0
# Keys whose value spans several fields ("bv;item;group;org"); every other key has one value.
_MULTI = {"bv": 3}


class _Where(TypedDict):
    """The instance asked about: the messages' placeholders and the error's `extra`."""

    host: str
    instance: str
    port: int


@dataclass(frozen=True)
class Instance:
    server: str
    name: str
    version: str
    tcp_port: int | None


def parse_response(data: bytes) -> list[Instance]:
    """The instances in an SVR_RESP datagram (or in its bare RESP_DATA); keys in any case."""
    if data[:1] == bytes([SVR_RESP]) and len(data) >= 3:
        size = struct.unpack_from("<H", data, 1)[0]
        data = data[3 : 3 + size]
    text = data.decode(ENCODING, errors="replace").replace("\x00", "")
    tokens = text.split(";")
    records: list[dict[str, str]] = []
    current: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        key = tokens[i].strip().lower()
        if not key:  # ";;" ends a record
            if current:
                records.append(current)
                current = {}
            i += 1
            continue
        count = _MULTI.get(key, 1)
        value = ";".join(tokens[i + 1 : i + 1 + count])
        i += 1 + count
        if key == "servername" and "servername" in current:  # a record without its ";;"
            records.append(current)
            current = {}
        current.setdefault(key, value)
    if current:
        records.append(current)
    return [
        Instance(
            server=r.get("servername", ""),
            name=r["instancename"],
            version=r.get("version", ""),
            tcp_port=_port(r.get("tcp")),
        )
        for r in records
        if r.get("instancename")
    ]


def _port(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 65536 else None


def split_server(value: str) -> tuple[str, str | None, int | None]:
    """A SQL Server `Server=` value → (host, instance, port).

    `SRV01\\LOGO` → ("SRV01", "LOGO", None); `tcp:10.0.0.5,1433` → ("10.0.0.5", None, 1433); "." and
    "(local)" become "127.0.0.1". With both an instance and a port (`SRV01\\LOGO,1433`) the drivers use
    the port and never ask the Browser: the caller should do the same.
    """
    text = (value or "").strip()
    if text[:4].lower() == "tcp:":
        text = text[4:].strip()
    port: int | None = None
    if "," in text:
        text, port_text = text.rsplit(",", 1)
        port = _port(port_text)
        if port is None:
            raise BadInput(t("sqlbrowser.bad_server", typed=value))
    instance: str | None = None
    if "\\" in text:
        text, instance = text.split("\\", 1)
        instance = instance.strip()
        if not instance or "\\" in instance:
            raise BadInput(t("sqlbrowser.bad_server", typed=value))
    host = text.strip()
    if host.startswith("[") and host.endswith("]"):  # [::1],1433
        host = host[1:-1]
    if host.lower() in (".", "(local)", "(localhost)"):
        host = "127.0.0.1"
    if not host:
        raise BadInput(t("sqlbrowser.bad_server", typed=value))
    return host, instance, port


def instance_port(host: str, instance: str, deadline: float, port: int = BROWSER_PORT) -> int:
    """The TCP port of `host\\instance`, from the SQL Server Browser, within `deadline` seconds.

    Raises BrowserSilent (no answer, or UDP port closed), InstanceUnknown (the Browser lists other
    instances, named in its message) or ServerUnreachable itself (the instance has no TCP port; or the
    host name does not resolve): all kinds of ServerUnreachable.
    """
    end = time.monotonic() + max(deadline, 0.0)
    where = _Where(host=host, instance=instance, port=port)
    family, address = _resolve(host, port, end, deadline)
    wanted = fold(instance)
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(address)  # only the Browser's own answers; ICMP "port unreachable" is reported
            sock.send(bytes([CLNT_UCAST_INST]) + instance.encode(ENCODING, errors="replace") + b"\x00")
        except OSError as exc:
            raise ServerUnreachable(
                t("error.server_unreachable", where=host, detail=str(exc)),
                t("guidance.server_unreachable.sqlserver"),
            ) from exc
        listed_at = min(end, time.monotonic() + min(INST_WAIT, max(deadline, 0.0) / 2))
        asked_all = False
        while True:
            now = time.monotonic()
            if not asked_all and now >= listed_at:
                asked_all = _send_ex(sock)
                continue
            wait = (end if asked_all else listed_at) - now
            if asked_all and wait <= 0:
                raise BrowserSilent(
                    t("sqlbrowser.silent", seconds=_seconds(deadline), **where),
                    t("sqlbrowser.silent.guidance", **where),
                )
            sock.settimeout(max(wait, 0.001))
            try:
                data = sock.recv(65535 + 3)
            except TimeoutError:
                continue
            except ConnectionRefusedError as exc:
                raise BrowserSilent(t("sqlbrowser.refused", **where), t("sqlbrowser.silent.guidance", **where)) from exc
            except OSError:  # another ICMP error (host or network unreachable): as good as silent
                continue
            if data[:1] != bytes([SVR_RESP]):
                continue
            found = parse_response(data)
            match = next((i for i in found if fold(i.name) == wanted), None)
            if match is not None:
                if match.tcp_port is None:
                    raise ServerUnreachable(
                        t("sqlbrowser.no_tcp", host=host, instance=match.name),
                        t("sqlbrowser.no_tcp.guidance", instance=match.name),
                    )
                return match.tcp_port
            if asked_all:  # the list of everything there, and ours is not on it
                names = [i.name for i in found]
                raise InstanceUnknown(
                    t("sqlbrowser.unknown", known=", ".join(names) if names else t("sqlbrowser.none"), **where),
                    t("sqlbrowser.unknown.guidance"),
                )
            asked_all = _send_ex(sock)  # an answer without our instance: ask for the whole list


def _send_ex(sock: socket.socket) -> bool:
    with contextlib.suppress(OSError):
        sock.send(bytes([CLNT_UCAST_EX]))
    return True


def _resolve(host: str, port: int, end: float, deadline: float) -> tuple[socket.AddressFamily, SocketAddress]:
    """getaddrinfo, bounded by the deadline (a slow DNS must not hold the caller); IPv4 first."""
    try:
        ip = ipaddress.ip_address(host)
        return (socket.AF_INET if ip.version == 4 else socket.AF_INET6), (host, port)
    except ValueError:
        pass
    try:
        answer = getaddrinfo_within(host, port, socket.SOCK_DGRAM, end - time.monotonic())
    except (OSError, UnicodeError) as exc:
        raise ServerUnreachable(
            t("sqlbrowser.unresolved", host=host, detail=str(exc)),
            t("guidance.server_unreachable.sqlserver"),
        ) from None
    if answer is None:
        raise ServerUnreachable(
            t("sqlbrowser.unresolved", host=host, detail=t("sqlbrowser.resolve_slow", seconds=_seconds(deadline))),
            t("guidance.server_unreachable.sqlserver"),
        )
    if not answer:
        raise ServerUnreachable(
            t("sqlbrowser.unresolved", host=host, detail=str(answer)),
            t("guidance.server_unreachable.sqlserver"),
        )
    answer.sort(key=lambda info: info[0] != socket.AF_INET)
    family, _, _, _, address = answer[0]
    return family, address


def _seconds(value: float) -> str:
    return f"{round(max(value, 0.0), 1):g}"
