"""`konnektor-kit-singleuser`: the app as one engineer's single-user server under JupyterHub.

JupyterHub's spawners (LocalProcessSpawner on one machine, DockerSpawner or KubeSpawner on several)
start this command for each engineer who logs in (deploy/jupyterhub/jupyterhub_config.py). It is
`jupyterhub-singleuser` — jupyter_server with the hub's OAuth in front of every request — serving the
kit's notebooks through Voila's server extension (`/user/NAME/voila/render/…`), so everything the kit
needs is decided here, in the package, and the same on every spawner:

- the pages: the package's notebooks as the server's root, the start page as the default URL, the kit's
  Voila template (`konnektor`, Font Awesome served locally) first on JUPYTER_PATH, tracebacks hidden;
- which site files the pages may open (services/sites.py): the folders in KONNEKTOR_KIT_SITES (default
  `~/konnektor-sites` of the engineer's own home, made 0700 when missing) and the training sandboxes,
  exactly as `serve --sites` does; the startup site is the built-in sandbox unless KONNEKTOR_KIT_SITE
  names one. The rule reaches every kernel through the environment, as under `serve`;
- idle kernels culled as under `serve`; no terminals (the app needs none);
- the customers' local time (Europe/Istanbul) for the history and the reports, not the hub machine's;
- the REST API cut to what the pages need (`PagesOnly`, jupyter_server's Authorizer hook): no kernel,
  session or contents call of the engineer's own, no code sent to a page's kernel, nothing written into
  the package (docs/served-app.md says what that does and does not make of the staff gate).

What `serve` does itself and the hub does here instead: its token is the hub's login (the OAuth cookie
of this server alone), and its loopback Host check is the spawner's: a local server listens on
127.0.0.1 and is reached only through the hub's proxy.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from jupyter_server.auth import Authorizer

from .app import site_folders
from .env import HUB_ENV, LANG_ENV, NOTEBOOKS, SITE_ENV, SITES_ENV
from .exceptions import KitError
from .platform import private_folder, use_time_zone
from .training.sandbox import default_sandbox
from .voila_config import START, TEMPLATE_ROOT, as_args, hub_config

#: Each engineer's own folder of site files when the hub's configuration names none (in their home).
DEFAULT_SITES = "~/konnektor-sites"
#: The customers' clock. A change's time in the history and a report's stamp are local time, and a hub
#: machine often runs on UTC while every Konnektör runs in Türkiye: the single-user server and its
#: kernels take this zone unless the hub's configuration gives them a TZ of its own.
CUSTOMERS_ZONE = "Europe/Istanbul"
#: The page an engineer lands on after logging in (JupyterHub's Spawner.default_url says the same).
DEFAULT_URL = f"/voila/render/{START}"


def prepare() -> None:
    """Put the kit's template on the Jupyter path and the site policy in the environment, before the
    server reads them (the kernels it starts inherit the policy). A bad folder is bad input: exit 2."""
    env = os.environ
    use_time_zone(CUSTOMERS_ZONE)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, (str(TEMPLATE_ROOT), env.get("JUPYTER_PATH"))))
    folders = [f for f in env.get(SITES_ENV, DEFAULT_SITES).split(os.pathsep) if f]
    for folder in folders:
        # the engineer's own customers: private to them (the spawner runs this as their user)
        private_folder(Path(folder).expanduser())
    # KONNEKTOR_KIT_SITE, else the built-in sandbox (made on first use)
    site = Path(env[SITE_ENV]) if env.get(SITE_ENV) else default_sandbox()
    try:
        policy = site_folders(site, folders)
    except KitError as exc:
        print(exc.message("en" if env.get(LANG_ENV) == "en" else "tr"), file=sys.stderr, flush=True)
        sys.exit(2)
    env[SITE_ENV] = str(site.resolve())
    env[SITES_ENV] = policy.to_env()
    env[HUB_ENV] = "1"  # a refused site's advice: the engineer's own folder, not `serve --sites`
    env.setdefault("JUPYTERHUB_DEFAULT_URL", DEFAULT_URL)  # read by jupyterhub-singleuser when the hub set none


def server_args() -> list[str]:
    """jupyter_server and Voila settings of the app (voila_config.hub_config); the spawner's own `args`
    come after and may refine them."""
    return as_args(hub_config(NOTEBOOKS))


#: a page's own kernel: its model and its websocket (`/api/kernels/<id>`, `/api/kernels/<id>/channels`)
ONE_KERNEL = re.compile(r"/api/kernels/[0-9a-f-]{36}(/channels)?/?$")
#: what else a page's JavaScript reads of jupyter_server's REST API
PAGE_READS = {("api", "read"), ("kernelspecs", "read"), ("config", "read"), ("csp", "write")}


class PagesOnly(Authorizer):
    """jupyter_server's REST API as far as the pages need it, for the engineer the hub let in.

    Voila renders a page with its own kernel client; the browser then reads that kernel's model and talks
    to it over its websocket, where only the widgets' messages pass (voila_config.BROWSER_MESSAGES: no
    `execute_request`). Starting kernels (`POST /api/kernels`), sessions, contents (reading or writing the
    package's notebooks), nbconvert, the server's own shutdown: refused, 403.
    """

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        if resource == "kernels":
            return action in ("read", "execute") and ONE_KERNEL.search(handler.request.path) is not None
        return (resource, action) in PAGE_READS


def main(argv: list[str] | None = None) -> None:
    """The console script JupyterHub's Spawner.cmd names."""
    from jupyterhub.singleuser import main as singleuser  # type: ignore[import-untyped]

    prepare()
    # the hub's Spawner.notebook_dir would move the root away from the pages: the kit's notebooks stay it
    os.environ["JUPYTERHUB_ROOT_DIR"] = str(NOTEBOOKS)
    singleuser(argv=[*server_args(), *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
