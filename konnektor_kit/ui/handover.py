"""The preheated kernel's half of Voila's hand-over, without Voila: one websocket message.

Voila (0.5) starts a page's kernel ahead of its visitor (`--preheat_kernel`); the kernel runs the
notebook's imports, then waits on `ws://IP:PORT/voila/query/<kernel id>` (Voila's
`RequestInfoSocketHandler`) until a browser takes it and Voila sends, as one JSON text message, the
request's `QUERY_STRING`, `SCRIPT_NAME`, `SERVER_NAME`, ... which go into the environment.

`voila.utils.get_query_string` does the same, but `import voila.utils` imports the whole Voila server
(jupyter_server, jupyterlab_server, jsonschema's format checks, lark: ~4 s of CPU in every kernel).
This client is the standard library alone: the RFC 6455 handshake, the `serve` token in an
`Authorization` header (the kit's Voila refuses the socket without it: app.py), text frames, pings.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import socket
import struct

from ..env import QUERY_TOKEN_ENV

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 §1.3
CONNECT_TIMEOUT = 5.0  # as Voila's own client (open_timeout=5)
TEXT, CLOSE, PING, PONG, CONTINUATION = 0x1, 0x8, 0x9, 0xA, 0x0


class HandoverRefused(RuntimeError):
    """Voila answered the socket with something else than 101 (a wrong token: 403)."""


def query_url() -> tuple[str, int, str]:
    """Host, port and path of this kernel's socket, from the variables Voila gives a preheated kernel."""
    env = os.environ
    base = env.get("VOILA_WS_BASE_URL") or env.get("VOILA_SERVER_URL") or "/"
    return (
        env.get("VOILA_APP_IP") or "127.0.0.1",
        int(env.get("VOILA_APP_PORT") or "8866"),
        f"{base}voila/query/{env.get('VOILA_KERNEL_ID', '')}",
    )


def wait_for_request(token: str | None = None) -> dict[str, str] | None:
    """Block until Voila hands this kernel its request; the request's variables, or None when the
    connection could not be made or was closed without a message (the caller asks again)."""
    host, port, path = query_url()
    token = os.environ.get(QUERY_TOKEN_ENV, "") if token is None else token
    try:
        sock = socket.create_connection((host, port), timeout=CONNECT_TIMEOUT)
    except OSError:
        return None
    try:
        reader = _Reader(sock, _handshake(sock, f"{host}:{port}", path, token))
        sock.settimeout(None)  # the visitor may come in an hour
        text = _read_message(reader)
        if text is None:
            return None
        with contextlib.suppress(OSError):
            sock.sendall(_frame(CLOSE, struct.pack("!H", 1000)))
        found = json.loads(text)
        return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else None
    except (OSError, ValueError):
        return None
    finally:
        sock.close()


def _handshake(sock: socket.socket, host: str, path: str, token: str) -> bytes:
    """Send the upgrade request, check the answer; the bytes read past it (a first frame may come with it)."""
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        *([f"Authorization: token {token}"] if token else []),
    ]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("closed during the handshake")
        head += chunk
        if len(head) > 65536:
            raise OSError("no end to the handshake")
    answer, rest = head.split(b"\r\n\r\n", 1)
    status, *fields = answer.decode("latin-1").split("\r\n")
    parts = status.split()
    if len(parts) < 2 or parts[1] != "101":
        raise HandoverRefused(status)
    headers = {k.strip().lower(): v.strip() for k, _, v in (f.partition(":") for f in fields)}
    accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()  # noqa: S324 - RFC 6455
    if headers.get("sec-websocket-accept") != accept:
        raise OSError("not a websocket answer")
    return rest


def _read_message(sock: _Reader) -> str | None:
    """The next text message (its fragments joined); pings answered; None on close."""
    parts: list[bytes] = []
    while True:
        b0, b1 = _exactly(sock, 2)
        opcode, length = b0 & 0x0F, b1 & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", _exactly(sock, 2))
        elif length == 127:
            (length,) = struct.unpack("!Q", _exactly(sock, 8))
        mask = _exactly(sock, 4) if b1 & 0x80 else b""
        payload = _exactly(sock, length)
        if mask:
            payload = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
        if opcode == CLOSE:
            return None
        if opcode == PING:
            sock.sendall(_frame(PONG, payload))
        elif opcode in (TEXT, CONTINUATION):
            parts.append(payload)
            if b0 & 0x80:  # FIN
                return b"".join(parts).decode("utf-8")


class _Reader:
    """The socket, with what the handshake read beyond its answer served first."""

    def __init__(self, sock: socket.socket, buffered: bytes) -> None:
        self.sock, self.buffered = sock, buffered

    def recv(self, n: int) -> bytes:
        if self.buffered:
            chunk, self.buffered = self.buffered[:n], self.buffered[n:]
            return chunk
        return self.sock.recv(n)

    def sendall(self, data: bytes) -> None:
        self.sock.sendall(data)


def _exactly(sock: _Reader, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise OSError("connection closed")
        data += chunk
    return data


def _frame(opcode: int, payload: bytes) -> bytes:
    """A client's frame: FIN, the opcode, masked (RFC 6455 §5.3); payloads under 126 bytes only."""
    mask = os.urandom(4)
    masked = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
    return bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked
