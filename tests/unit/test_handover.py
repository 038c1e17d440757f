"""The preheated kernel's hand-over (ui/handover.py) against the kit's `/voila/query` socket (voila_handlers.py),
both real: a tornado server in this process with the kit's QuerySocket in Voila's place, and the kernel's
client in a thread (or in a child process, to see what it imports).

Issue 21: Voila's socket answered anyone and a second connection took the page's query string (the token in
it) from the kernel waiting for it. Issue 23: the kernel imported the whole Voila server to ask for it.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from voila.request_info_handler import RequestInfoSocketHandler

from konnektor_kit.env import QUERY_TOKEN_ENV
from konnektor_kit.ui import handover
from konnektor_kit.voila_handlers import QuerySocket

TOKEN = "a" * 48
KERNEL = "0b5ad7f0-8f0e-4d4a-9d3b-6a4c1d2e3f40"
PAYLOAD = {"QUERY_STRING": "site=%2Ftmp%2Fx.toml&lang=en&token=" + TOKEN, "SCRIPT_NAME": "/voila/render/x.ipynb"}


class Server:
    """The socket as the kit's Voila serves it, on a port of its own, its loop in a thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        sockets = bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            app = tornado.web.Application(
                [(r"/voila/query/(?P<kernel_id>[\w-]+)", QuerySocket)],
                identity_provider=SimpleNamespace(token=TOKEN),
                kernel_manager={KERNEL},
            )
            self.http = HTTPServer(app)
            self.http.add_sockets(sockets)
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        ready.wait(10)

    def send(self, kernel_id: str, payload: dict[str, str]) -> None:
        """What Voila's page handler does when a browser takes the kernel."""
        done = threading.Event()

        def go() -> None:
            RequestInfoSocketHandler.send_updates({"kernel_id": kernel_id, "payload": payload})
            done.set()

        self.loop.call_soon_threadsafe(go)
        done.wait(10)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.http.stop)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def server(monkeypatch) -> Iterator[Server]:
    RequestInfoSocketHandler._waiters.clear()
    RequestInfoSocketHandler._cache.clear()
    s = Server()
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    monkeypatch.setenv("VOILA_APP_PORT", str(s.port))
    monkeypatch.setenv("VOILA_SERVER_URL", "/")
    monkeypatch.setenv("VOILA_KERNEL_ID", KERNEL)
    monkeypatch.setenv(QUERY_TOKEN_ENV, TOKEN)
    yield s
    s.stop()
    RequestInfoSocketHandler._waiters.clear()
    RequestInfoSocketHandler._cache.clear()


def waiting(kernel_id: str = KERNEL) -> bool:
    return kernel_id in RequestInfoSocketHandler._waiters


def ask(results: list, **kwargs) -> threading.Thread:
    thread = threading.Thread(target=lambda: results.append(handover.wait_for_request(**kwargs)), daemon=True)
    thread.start()
    return thread


def wait_for(condition, seconds: float = 10.0) -> bool:
    """Polls with time.sleep, never a timed Event.wait: under `faketime` (issue 20) libfaketime shifts the
    monotonic clock but not sem_clockwait, so a timed wait nobody ends would last the whole shift."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_a_request_sent_before_the_kernel_asks_arrives(server):
    """Voila keeps it until the kernel connects and sends it with the handshake's answer."""
    server.send(KERNEL, PAYLOAD)
    assert handover.wait_for_request() == PAYLOAD


def test_a_waiting_kernel_gets_the_request_when_a_browser_takes_it(server):
    results: list = []
    thread = ask(results)
    assert wait_for(waiting)
    server.send(KERNEL, PAYLOAD)
    thread.join(10)
    assert results == [PAYLOAD]


def test_without_the_token_nobody_reads_a_kernels_request(server):
    server.send(KERNEL, PAYLOAD)
    for wrong in ("", "b" * 48, TOKEN[:-1]):
        with pytest.raises(handover.HandoverRefused, match="403"):
            handover.wait_for_request(token=wrong)  # the handshake is refused: nothing is read
    assert handover.wait_for_request() == PAYLOAD  # the kernel itself still gets it


def test_a_second_connection_cannot_take_the_waiting_kernels_request(server):
    results: list = []
    thread = ask(results)
    assert wait_for(waiting)
    with pytest.raises(handover.HandoverRefused, match="409"):
        handover.wait_for_request()  # even with the token: the kernel is already waiting there
    server.send(KERNEL, PAYLOAD)
    thread.join(10)
    assert results == [PAYLOAD]


def test_an_unknown_kernel_is_refused(server, monkeypatch):
    monkeypatch.setenv("VOILA_KERNEL_ID", "ffffffff-0000-0000-0000-000000000000")
    with pytest.raises(handover.HandoverRefused, match="404"):
        handover.wait_for_request()


def test_a_preheated_kernel_asks_without_importing_voilas_server_or_pandas(server):
    """The page's own code path (ui.request.query_string) in a fresh interpreter, as a kernel runs it."""
    server.send(KERNEL, PAYLOAD)
    code = (
        "import sys, json\n"
        "import konnektor_kit.ui.start, konnektor_kit.ui.new_year, konnektor_kit.ui.training\n"
        "before = sorted(m for m in ('pandas', 'voila', 'jupyter_server', 'lark', 'jsonschema') if m in sys.modules)\n"
        "from konnektor_kit.ui.request import query_params\n"
        "params = query_params()\n"
        "after = sorted(m for m in ('voila', 'jupyter_server', 'lark', 'jsonschema') if m in sys.modules)\n"
        "print(json.dumps([before, params, after]))\n"
    )
    env = {**os.environ, "VOILA_PREHEAT": "True"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    before, params, after = json.loads(out.stdout.strip().splitlines()[-1])
    assert before == [] and after == []
    assert params["lang"] == "en" and params["site"] == "/tmp/x.toml"
