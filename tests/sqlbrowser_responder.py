"""A tiny SQL Server Browser ([MC-SQLR]) on 127.0.0.1 for tests: real UDP, no mocks.

    with BrowserResponder({"LOGO": 49703, "SQLEXPRESS": None}) as browser:
        instance_port("127.0.0.1", "LOGO", 2.0, port=browser.port)  # → 49703

Like a real Browser it answers CLNT_UCAST_INST (0x04) only for an instance it has, and CLNT_UCAST_EX
(0x03, or the broadcast 0x02) with every instance; None as a port means TCP/IP is disabled (no
"tcp;" field). `silent=True` receives and never answers. `requests` records what was asked.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading


class BrowserResponder:
    def __init__(
        self,
        instances: dict[str, int | None],
        *,
        silent: bool = False,
        server: str = "SRV01",
        version: str = "15.0.2000.5",
        bind_port: int = 0,
    ) -> None:
        self.instances = dict(instances)
        self.bind_port = bind_port  # 1434 to stand where the kit asks, as a real Browser does
        self.silent = silent
        self.server = server
        self.version = version
        self.requests: list[bytes] = []
        self.port = 0
        self._sock: socket.socket | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> BrowserResponder:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", self.bind_port))
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name=f"sqlbrowser-responder-{self.port}", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._sock is not None:
            self._sock.close()

    def record(self, name: str, tcp_port: int | None) -> str:
        text = f"ServerName;{self.server};InstanceName;{name};IsClustered;No;Version;{self.version};"
        if tcp_port is not None:
            text += f"tcp;{tcp_port};"
        return text + f"np;\\\\{self.server}\\pipe\\MSSQL${name}\\sql\\query;;"

    def answer(self, request: bytes) -> bytes | None:
        """What a Browser sends back for `request`, or None when it stays silent."""
        if self.silent or not request:
            return None
        if request[0] in (0x02, 0x03):
            data = "".join(self.record(n, p) for n, p in self.instances.items())
        elif request[0] == 0x04:
            asked = request[1:].split(b"\x00", 1)[0].decode("cp1254", errors="replace").upper()
            name = next((n for n in self.instances if n.upper() == asked), None)
            if name is None:
                return None
            data = self.record(name, self.instances[name])
        else:
            return None
        body = data.encode("cp1254")
        return bytes([0x05]) + struct.pack("<H", len(body)) + body

    def _serve(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                request, client = self._sock.recvfrom(4096)
            except (TimeoutError, OSError):
                continue
            self.requests.append(request)
            reply = self.answer(request)
            if reply is not None:
                with contextlib.suppress(OSError):
                    self._sock.sendto(reply, client)
