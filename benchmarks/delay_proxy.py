"""A TCP proxy on loopback that delays every chunk in each direction, like a VPN to a customer's site.

    with DelayProxy("127.0.0.1", server_port, one_way_ms=10) as proxy:   # 20 ms round trip
        pyodbc.connect(f"...;Server=127.0.0.1;Port={proxy.port};...")

Each chunk read from one side is written to the other at `arrival + one_way_ms`: chunks keep their
order, a delayed chunk never holds back the next one by more than its own delay (reading goes on while
earlier chunks wait), and connections do not wait for each other (one asyncio loop, one task pair per
direction). The loop runs in a background thread started by `start()`/`__enter__` and stopped, with
every socket closed, by `stop()`/`__exit__`.

A real network also delays the TCP handshake, which the kernel completes here at once: with
`handshake=True` (the default) the proxy reaches the server only 1.5 round trips after accepting, when
a server across the VPN would see the client's first packet after its handshake, so a connection costs
the extra round trip it costs on a VPN. Bandwidth and packet loss are not simulated.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Awaitable


class DelayProxy:
    def __init__(
        self, host: str, port: int, one_way_ms: float, *, handshake: bool = True, listen_host: str = "127.0.0.1"
    ) -> None:
        self.target = (host, port)
        self.delay = max(0.0, one_way_ms) / 1000.0
        self.handshake = handshake
        self.listen_host = listen_host
        self.port = 0
        self.connections = 0  # accepted so far
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None
        self._tasks: set[asyncio.Task] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    # -- lifecycle (caller's thread) ----------------------------------------------------------------
    def start(self) -> DelayProxy:
        assert self._thread is None, "already started"
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._listen())
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                failure.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()

        self._loop = loop
        self._thread = threading.Thread(target=run, name=f"delay-proxy-{self.target[1]}", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            loop.close()
            self._thread = self._loop = None
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._thread is None or self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
        self._thread = self._loop = None

    def __enter__(self) -> DelayProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- inside the loop ----------------------------------------------------------------------------
    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, self.listen_host, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()  # no new connections; then end the open ones (3.12 waits for them)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        await self._server.wait_closed()
        await asyncio.sleep(0)  # let the transports' close callbacks run

    def _spawn(self, coro: Awaitable[None]) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _accept(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(client_w)
        self._spawn(self._serve(client_r, client_w))

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        accepted = loop.time()
        _nodelay(client_w)
        server_w = None
        # The client believes it is connected and may already send: read (and time-stamp) from now on.
        to_server: asyncio.Queue = asyncio.Queue()
        tasks = [self._spawn(self._read(client_r, to_server))]
        clean = False
        try:
            if self.handshake:
                await asyncio.sleep(max(0.0, accepted + 3 * self.delay - loop.time()))
            try:
                server_r, server_w = await asyncio.open_connection(*self.target)
            except OSError:
                return  # as if the far side refused: the client sees the connection close
            self._writers.add(server_w)
            _nodelay(server_w)
            to_client: asyncio.Queue = asyncio.Queue()
            tasks += [
                self._spawn(self._write(to_server, server_w)),
                self._spawn(self._read(server_r, to_client)),
                self._spawn(self._write(to_client, client_w)),
            ]
            await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            clean = all(t.done() and not t.cancelled() and t.exception() is None for t in tasks)
        finally:
            for task in tasks:
                task.cancel()
            ends = [w for w in (client_w, server_w) if w is not None]
            try:
                if clean:  # both streams ended: flush what is still buffered, then close
                    for w in ends:
                        w.close()
                    await asyncio.wait_for(asyncio.gather(*(w.wait_closed() for w in ends)), 5)
            except (TimeoutError, OSError):
                pass
            finally:
                for w in ends:
                    w.transport.abort()  # no-op once closed
                    self._writers.discard(w)

    async def _read(self, reader: asyncio.StreamReader, queue: asyncio.Queue) -> None:
        """Time-stamp each chunk as it arrives; None (at its own time) stands for the end of the stream."""
        loop = asyncio.get_running_loop()
        try:
            while data := await reader.read(65536):
                queue.put_nowait((loop.time() + self.delay, data))
        except OSError:
            pass
        queue.put_nowait((loop.time() + self.delay, None))

    async def _write(self, queue: asyncio.Queue, writer: asyncio.StreamWriter) -> None:
        """Deliver chunks in order, each at its own time; the end of the stream becomes a half-close."""
        loop = asyncio.get_running_loop()
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                if writer.can_write_eof() and not writer.is_closing():
                    with contextlib.suppress(OSError):
                        writer.write_eof()
                return
            writer.write(data)
            await writer.drain()


def _nodelay(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
