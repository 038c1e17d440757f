"""Name resolution with a deadline: `socket.getaddrinfo` takes none, and a slow DNS must not hold the
probe or the SQL Server Browser lookup past the login timeout."""

from __future__ import annotations

import socket
import threading
from typing import Any


def getaddrinfo_within(host: str, port: int, kind: int, timeout: float) -> list[tuple[Any, ...]] | None:
    """The addresses of `host`, or None when the lookup did not finish in `timeout` seconds; a failed
    lookup raises its OSError (or UnicodeError for a name the IDNA codec refuses)."""
    result: list[Any] = []

    def lookup() -> None:
        try:
            result.append(socket.getaddrinfo(host, port, type=kind))
        except (OSError, UnicodeError) as exc:
            result.append(exc)

    worker = threading.Thread(target=lookup, name=f"resolve-{host}", daemon=True)
    worker.start()
    worker.join(max(timeout, 0.0))
    if not result:
        return None
    if isinstance(result[0], BaseException):
        raise result[0]
    return list(result[0])
