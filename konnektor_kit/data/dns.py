"""Name resolution with a deadline: `socket.getaddrinfo` takes none, and a slow DNS must not hold the
probe or the SQL Server Browser lookup past the login timeout."""

from __future__ import annotations

import socket
import threading

#: what `connect` takes: (host, port) for IPv4, (host, port, flowinfo, scope) or a raw form for IPv6
SocketAddress = tuple[str, int] | tuple[str, int, int, int] | tuple[int, bytes]
#: one answer of `socket.getaddrinfo`: family, kind, protocol, canonical name, address
AddressInfo = tuple[socket.AddressFamily, socket.SocketKind, int, str, SocketAddress]


def getaddrinfo_within(host: str, port: int, kind: int, timeout: float) -> list[AddressInfo] | None:
    """The addresses of `host`, or None when the lookup did not finish in `timeout` seconds; a failed
    lookup raises its OSError (or UnicodeError for a name the IDNA codec refuses)."""
    result: list[list[AddressInfo] | OSError | UnicodeError] = []

    def lookup() -> None:
        try:
            result.append(list(socket.getaddrinfo(host, port, type=kind)))
        except (OSError, UnicodeError) as exc:
            result.append(exc)

    worker = threading.Thread(target=lookup, name=f"resolve-{host}", daemon=True)
    worker.start()
    worker.join(max(timeout, 0.0))
    if not result:
        return None
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]
