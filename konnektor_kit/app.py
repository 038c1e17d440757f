"""`konnektor-kit serve`: the Voila app on 127.0.0.1, on a site file or, without one, the sandbox.

Who may come in: only a browser on this computer that holds the address printed at start. Voila's
own token (jupyter_server's IdentityProvider, a new random one every start) is in that address; a
request without it is sent to the kit's own page saying where the address is (pages) or refused (API,
`/voila/query`: voila_handlers.py). The Host header must be a loopback name, so a web page that rebinds
its own name to 127.0.0.1 is refused as well. Only that one address is printed; the root and Voila's
file lists lead to the start page.

What the pages may open: a link's `?site=` and the page's site field open only site files inside the
`--sites` folders (by default the folder of the startup site), and only the startup site reads
`${VAR}` from the environment (services/sites.py); the rule reaches every kernel through the
environment, next to the site and the language.

Voila runs in a process group of its own; SIGINT/SIGTERM (and SIGHUP) to `serve` stop it and every
kernel it started, and on Linux Voila also gets SIGTERM when `serve` dies any other way (`kill -9`:
the parent-death signal). A closing tab's shutdown request stops its kernel at once (the page handler
sets the `_xsrf` cookie Voila 0.5.13 forgets); idle kernels are culled as well.

Every page has POOL_SIZE kernels started ahead (Voila's preheat): each has imported its form and waits,
in `ui.request.query_string` (ui/handover.py, the serve token shown), for the browser that takes it to
hand over `?site=&lang=`; only then is the
page built (nothing is read or written before). Voila tells those kernels its port before it binds it,
so with preheat the port is taken first and held (`KitVoila.start`): the kernels never ask another server.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import json
import logging
import os
import queue
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from .access.sites import SitePolicy, resolve
from .data.site import load_site
from .env import LANG_ENV, NOTEBOOKS, QUERY_TOKEN_ENV, SITE_ENV, SITES_ENV, TRAINING_ROOT
from .exceptions import BadInput
from .i18n import Lang, as_lang, t
from .platform import new_group, port_unavailable, stop_group
from .training.sandbox import default_sandbox
from .voila_config import (
    CULL_CONNECTED,
    CULL_IDLE,
    CULL_INTERVAL,
    FILL_DELAY,
    HOST,
    POOL_SIZE,
    START,
    TEMPLATE,
    TEMPLATE_ROOT,
    as_args,
    serve_config,
)

__all__ = [
    "CULL_CONNECTED",
    "CULL_IDLE",
    "CULL_INTERVAL",
    "FILL_DELAY",
    "HOST",
    "POOL_SIZE",
    "START",
    "TEMPLATE",
    "TEMPLATE_ROOT",
]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
READY = "konnektor-kit-voila-ready "  # the Voila process's one line on its stdout: the port and the token
START_TIMEOUT = 120.0
STOP_TIMEOUT = 15.0
TOKEN_ENV = ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE")  # a token inherited from a shell would not be random
MAX_POOL_SIZE = 4  # six pages × 4 kernels is already ~1.5 GB waiting
#: Voila's log lines that tell the engineer nothing they can act on: its own address (the kit prints the
#: one to open), notebook trust (Voila runs the package's pages whatever their signature) and the key it signs with
QUIET_LOG = ("Voilà is running at", "is not trusted", "notebook-signing key")


def voila_command(
    port: int,
    *,
    cull_idle: int = CULL_IDLE,
    cull_interval: int = CULL_INTERVAL,
    cull_connected: bool = CULL_CONNECTED,
    pool_size: int = POOL_SIZE,
) -> list[str]:
    """The Voila process `serve` starts: the kit's notebooks with `voila_config.serve_config`."""
    config = serve_config(
        port, cull_idle=cull_idle, cull_interval=cull_interval, cull_connected=cull_connected, pool_size=pool_size
    )
    return [
        sys.executable,
        "-c",
        "from konnektor_kit.app import run_voila; run_voila()",
        str(NOTEBOOKS),
        *as_args(config),
    ]


# ---- inside the Voila process ---------------------------------------------------------------
def loopback_host(host: str) -> bool:
    """Is a Host header this computer ("localhost", 127.x, [::1], with or without a port)?"""
    match = re.match(r"^(.*?)(:\d+)?$", host)
    name = match.group(1) if match else host
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name.lower() in LOOPBACK_NAMES


def run_voila(argv: list[str] | None = None) -> None:
    """Voila with the Host check on and a token it generated, whatever a Jupyter config file says."""
    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets
    from tornado.web import ErrorHandler
    from voila.app import Voila

    loopback = {
        "allow_remote_access": False,
        "local_hostnames": list(LOOPBACK_NAMES),
        # jupyter_server's kernel sockets wait 3 pings for a pong, which tornado refuses with a warning
        # the engineer can do nothing about ("websocket_ping_timeout … cannot be longer …"): one ping, as
        # long as jupyter_server's three (90 s). With 30 s a tab on a loaded machine lost its socket and
        # then its kernel to the culler while it was open.
        "ws_ping_interval": 90000,
        "ws_ping_timeout": 90000,
    }
    # Voila looks templates and their static files up on the Jupyter data path, each request anew
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, (str(TEMPLATE_ROOT), os.environ.get("JUPYTER_PATH"))))

    class KitVoila(Voila):  # type: ignore[misc]  # Voila ships no types: to mypy its base class is Any
        held: list[socket.socket] | None = None  # with preheat: the sockets of the port the kernels are told
        # Voila's traitlets this class assigns, declared for mypy (an annotation adds no class attribute)
        port: int
        tornado_settings: dict[str, Any]

        def start(self) -> None:
            if self.voila_configuration.preheat_kernel:
                # Voila gives its pooled kernels `self.port` before it listens: take that port now
                self.held = []  # none free: Voila finds no port either and says so
                for port in self.random_ports(self.port, self.port_retries + 1):
                    try:
                        self.held = bind_sockets(port, self.ip)
                    except OSError as exc:
                        if not port_unavailable(exc):  # taken, or in a range Windows reserved (WSAEACCES)
                            raise
                        continue
                    self.port = port
                    break
            super().start()

        def init_settings(self) -> dict[str, Any]:
            self.token = secrets.token_hex(24)  # Voila's own, whatever a Jupyter config file says
            # the kernels inherit it: a preheated one shows it to /voila/query (ui/handover.py)
            os.environ[QUERY_TOKEN_ENV] = self.token
            self.log.addFilter(Quiet())
            settings: dict[str, Any] = super().init_settings()
            # Voila itself sets allow_remote_access=True, then applies tornado_settings over it.
            self.tornado_settings = {**self.tornado_settings, **loopback}
            settings.update(loopback)
            if not self.identity_provider.token:
                print(t("serve.no_token").get(_lang()), file=sys.stderr, flush=True)
                sys.exit(2)
            return settings

        def init_handlers(self) -> list[Any]:
            from .voila_handlers import kit_handlers

            return kit_handlers(super().init_handlers(), self.server_url)

        def listen(self) -> None:
            app, route, bind = self.app, self.app.find_handler, self.app.listen

            def find_handler(request: Any, **kwargs: Any) -> Any:
                # jupyter_server checks the Host on its handlers; this covers Voila's static files too
                if not loopback_host(request.host):
                    return app.get_handler_delegate(request, ErrorHandler, {"status_code": 403})
                return route(request, **kwargs)

            def listen_and_tell(port: int, address: str = "", **kwargs: Any) -> Any:
                if self.held is not None:  # preheat: the port held in start(), never another
                    if port != self.port or not self.held:
                        raise OSError(errno.EADDRINUSE, "the preheated kernels were told another port")
                    server = HTTPServer(app, **kwargs)
                    server.add_sockets(self.held)
                else:
                    server = bind(port, address, **kwargs)  # raises EADDRINUSE: Voila tries its next port
                print(READY + json.dumps({"port": port, "token": self.identity_provider.token}), flush=True)
                return server

            app.find_handler, app.listen = find_handler, listen_and_tell
            super().listen()

    KitVoila.__name__ = KitVoila.__qualname__ = "Voila"  # the log lines say [Voila] as they always did
    KitVoila.launch_instance(sys.argv[1:] if argv is None else argv)


class Quiet(logging.Filter):
    """Drops Voila's log lines the engineer can do nothing about (QUIET_LOG)."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return not any(q in text for q in QUIET_LOG)


def _lang() -> Lang:
    return "en" if os.environ.get(LANG_ENV) == "en" else "tr"


# ---- serve ------------------------------------------------------------------------------------
def site_folders(site_path: Path, sites: list[str] | None) -> SitePolicy:
    """--sites, else the startup site's folder; the training page's own sandboxes always open."""
    for folder in sites or []:
        if not Path(folder).expanduser().is_dir() or os.pathsep in str(folder):
            raise BadInput(t("serve.bad_sites", path=str(folder)))
    chosen = sites or [str(site_path.resolve().parent)]
    return SitePolicy.of([*chosen, TRAINING_ROOT], site_path)


def _shown(policy: SitePolicy) -> str:
    return ", ".join(str(f) for f in policy.folders if f != resolve(TRAINING_ROOT)) or "—"


def serve(
    site: str | None,
    port: int,
    language: str,
    sites: list[str] | None = None,
    *,
    cull_idle: int = CULL_IDLE,
    cull_interval: int = CULL_INTERVAL,
    cull_connected: bool = CULL_CONNECTED,
    pool_size: int = POOL_SIZE,
) -> int:
    lang: Lang = as_lang(language) or "tr"  # --lang defaults to KONNEKTOR_KIT_LANG, unchecked: else Turkish
    if not 0 < port < 65536:
        raise BadInput(t("serve.bad_port", port=port))
    if not 0 <= pool_size <= MAX_POOL_SIZE:
        raise BadInput(t("serve.bad_pool_size", size=pool_size, most=MAX_POOL_SIZE))
    site_path = Path(site) if site else Path(os.environ.get(SITE_ENV) or default_sandbox())
    load_site(site_path)  # a bad site file is reported here, in words, before any server starts
    policy = site_folders(site_path, sites)
    env = {k: v for k, v in os.environ.items() if k not in TOKEN_ENV}
    env.update({SITE_ENV: str(site_path.resolve()), LANG_ENV: lang, SITES_ENV: policy.to_env()})
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _stop_signals()}
    server: VoilaProcess | None = None
    try:
        server = VoilaProcess(
            voila_command(
                port,
                cull_idle=cull_idle,
                cull_interval=cull_interval,
                cull_connected=cull_connected,
                pool_size=pool_size,
            ),
            env,
        )
        ready = server.wait_ready(stop, START_TIMEOUT)
        if ready is None:
            if stop.is_set():
                return 0
            code = server.proc.poll()
            message = (
                t("serve.failed", code=code) if code is not None else t("serve.timeout", seconds=int(START_TIMEOUT))
            )
            print(message.get(lang), file=sys.stderr, flush=True)
            return 1
        url = f"http://{HOST}:{ready['port']}/voila/render/{START}?token={ready['token']}"
        print(t("serve.ready", url=url, site=str(site_path), folders=_shown(policy)).get(lang), flush=True)
        while not stop.wait(1.0):
            if server.proc.poll() is not None:
                return server.proc.returncode or 0
            server.track()
        return 0
    finally:
        if server is not None:
            server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if stop.is_set():
            print(t("serve.stopped").get(lang), file=sys.stderr, flush=True)


def _stop_signals() -> list[signal.Signals]:
    names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
    return [getattr(signal, n) for n in names if hasattr(signal, n)]


class VoilaProcess:
    """Voila in a process group of its own (a new session on POSIX): one signal reaches all of it,
    and Ctrl+C in the terminal reaches `serve` alone, which then stops Voila and every kernel."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # Voila's log and its kernels' words pass through _read too
            text=True,
            encoding="utf-8",
            errors="replace",
            **new_group(die_with_parent=True),  # `kill -9` of serve: Voila gets SIGTERM, its kernels follow
        )
        self.ready: queue.Queue[dict[str, Any]] = queue.Queue()
        self.kernels: dict[int, Any] = {}  # every process Voila started, kept to be sure they end with it
        self.stopping = threading.Event()  # set by stop(): what Voila and its kernels say then is logged
        self.reader = threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True)
        self.reader.start()

    def _read(self, stream: IO[str]) -> None:
        """Voila's one READY line is ours; anything else a kernel writes goes on to stderr, but for what
        kernels say while they are being stopped (a socket closed under a message): that goes to the
        log, where a support ticket can find it, not to an engineer who can do nothing about it."""
        for line in stream:
            if line.startswith(READY):
                self.ready.put(json.loads(line[len(READY) :]))
            elif self.stopping.is_set():
                logging.getLogger(__name__).info("while stopping: %s", line.rstrip())  # the log masks it
            else:
                sys.stderr.write(line)
                sys.stderr.flush()

    def wait_ready(self, stop: threading.Event, timeout: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                return self.ready.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.ready.empty():
                    self.reader.join(1)
                    return self.ready.get_nowait() if not self.ready.empty() else None
        return None

    def track(self) -> None:
        """Note Voila's children while it lives: once it is gone, orphans no longer name it parent."""
        import psutil  # ipykernel depends on it

        try:
            for child in psutil.Process(self.proc.pid).children(recursive=True):
                self.kernels.setdefault(child.pid, child)
        except psutil.Error:
            pass

    def stop(self) -> None:
        """SIGTERM to Voila's group (Voila shuts its kernels down), then SIGKILL to whatever is left.

        Kernels run in sessions of their own (jupyter_client), so they are known by parentage: the
        psutil handles refuse to signal a process whose pid was reused since.
        """
        import psutil

        self.stopping.set()
        self.track()
        if self.proc.poll() is None:
            stop_group(self.proc)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.track()
                stop_group(self.proc, hard=True)
                self.proc.wait(5)
        _, alive = psutil.wait_procs(list(self.kernels.values()), timeout=5)
        for p in alive:
            with contextlib.suppress(psutil.Error):
                p.kill()
        psutil.wait_procs(alive, timeout=5)
        self.reader.join(2)
