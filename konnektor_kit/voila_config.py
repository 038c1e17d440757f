"""Voila's and jupyter_server's settings for the kit, written once as one traitlets configuration.

`konnektor-kit serve` (app.voila_command) runs Voila's own application with `serve_config()`; the hub's
single-user server (hub.server_args) runs jupyter_server with Voila's server extension and `hub_config()`.
What the two share — the template, the theme, hidden tracebacks, culling and the
messages a browser may send a kernel — is `shared_config()`; each adds only what its server needs.
`as_args` writes a configuration as `--Class.trait=value` arguments (nothing secret ever goes in one:
command lines are visible to every local user).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from traitlets.config import Config

#: The kit's Voila template ("konnektor": the lab template with Font Awesome served locally, no CDN),
#: package data too: a Jupyter data folder (voila/templates/konnektor/), put first on JUPYTER_PATH.
TEMPLATE, TEMPLATE_ROOT = "konnektor", Path(__file__).resolve().parent / "voila_template"
HOST = "127.0.0.1"
START = "00_baslangic.ipynb"  # the start page: the address `serve` prints, where the root leads
#: Idle kernels (no message for this long) are shut down; checked every CULL_INTERVAL seconds. A tab
#: still open keeps its kernel (CULL_CONNECTED False): a form left open over lunch must still work.
CULL_IDLE = 600
CULL_INTERVAL = 60
CULL_CONNECTED = False
#: Kernels kept started ahead for each page; 0 starts a kernel per request. Voila never culls a kernel
#: waiting in its pool, so an idle app holds one kernel per page and nothing more.
POOL_SIZE = 1
#: Seconds before a pool starts the kernel replacing the one a page took: after the page has drawn itself,
#: so the new kernel's imports do not compete with it for the CPU.
FILL_DELAY = 1.0
#: What a browser may send a page's kernel: the widgets' messages, never code (`execute_request`). Voila
#: runs the notebook through its own client, not through the browser's socket.
BROWSER_MESSAGES = [
    "comm_open",
    "comm_close",
    "comm_msg",
    "comm_info_request",
    "kernel_info_request",
    "shutdown_request",
]


def shared_config(
    *, cull_idle: int = CULL_IDLE, cull_interval: int = CULL_INTERVAL, cull_connected: bool = CULL_CONNECTED
) -> Config:
    c = Config()
    c.VoilaConfiguration.template = TEMPLATE
    c.VoilaConfiguration.theme = "light"
    c.VoilaConfiguration.show_tracebacks = False
    c.MappingKernelManager.cull_idle_timeout = cull_idle
    c.MappingKernelManager.cull_interval = cull_interval
    c.MappingKernelManager.cull_connected = cull_connected
    c.MappingKernelManager.allowed_message_types = BROWSER_MESSAGES
    return c


def serve_config(
    port: int,
    *,
    cull_idle: int = CULL_IDLE,
    cull_interval: int = CULL_INTERVAL,
    cull_connected: bool = CULL_CONNECTED,
    pool_size: int = POOL_SIZE,
) -> Config:
    """Voila's own application on 127.0.0.1, its token made at start (app.run_voila)."""
    c = shared_config(cull_idle=cull_idle, cull_interval=cull_interval, cull_connected=cull_connected)
    c.Voila.port = port
    c.Voila.ip = HOST
    c.Voila.open_browser = False
    c.Voila.auto_token = True
    # Unix sockets in Voila's private (0700) connection folder instead of TCP ports on 127.0.0.1 that any
    # local user could reach (and every kernel's warning about them in the log). Not under the hub: a
    # home's runtime folder can make a socket's path longer than Unix allows (108 bytes).
    c.KernelManager.transport = "ipc"
    if pool_size > 0:
        c.VoilaConfiguration.preheat_kernel = True
        c.VoilaConfiguration.default_pool_size = pool_size
        c.VoilaKernelManager.fill_delay = FILL_DELAY
    return c


def hub_config(notebooks: Path) -> Config:
    """jupyter_server under JupyterHub: the pages as its root, no terminals, the REST API the pages need only."""
    c = shared_config()
    c.ServerApp.root_dir = str(notebooks)
    c.ServerApp.terminals_enabled = False
    c.ServerApp.authorizer_class = "konnektor_kit.hub.PagesOnly"
    return c


def as_args(config: Config) -> list[str]:
    """`--Class.trait=value` for every setting (lists as one argument per item, as traitlets reads them)."""
    args: list[str] = []
    for section, traits in config.items():
        for name, value in traits.items():
            for item in value if isinstance(value, list) else [value]:
                args.append(f"--{section}.{name}={_text(item)}")
    return args


def _text(value: Any) -> str:
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, str):
        return value
    return json.dumps(value)
