"""JupyterHub for a support centre: every engineer logs in and gets the konnektor-kit app in a server of their own.

Run it (as root on the machine that serves the centre; README, "Serving a support centre"):

    sudo KONNEKTOR_HUB_STATE=/var/lib/konnektor-hub .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

What each engineer gets, whatever the spawner:
- their own single-user server (`konnektor-kit-singleuser`, konnektor_kit/hub.py): jupyterhub-singleuser with
  Voila's server extension on the kit's notebooks and the kit's page template; they land on the start page
  (`/user/NAME/voila/render/00_baslangic.ipynb`), every page of the app with it;
- their own folder of site files, `~/konnektor-sites` in their own home: the pages open site files from
  there (and the training sandboxes) and refuse any other path, a link's `?site=` included, in words;
- the staff credential per site, as today: the `[staff] credential` hash in each site file.

Everything the kit needs is decided by `konnektor-kit-singleuser` inside the package; this file only says
who may log in, where servers run and where the hub keeps its state. Moving to several machines changes
the spawner below (DockerSpawner, KubeSpawner) and nothing of the kit's.

Settings read from the environment (all optional):
    KONNEKTOR_HUB_URL     where the hub listens (default http://127.0.0.1:8000: put a TLS reverse proxy
                          in front, or give https://0.0.0.0:443 with the two below)
    KONNEKTOR_HUB_SSL_CERT, KONNEKTOR_HUB_SSL_KEY   the hub's TLS certificate and key (PEM files)
    KONNEKTOR_HUB_STATE   folder of the hub's database, cookie secret and pid files (default /var/lib/konnektor-hub)
    KONNEKTOR_HUB_GROUP   the Unix group whose members may log in (default konnektor)
"""

# ruff: noqa: F821 - `get_config` is provided by JupyterHub when it loads this file

import os
import shutil
import sys
from pathlib import Path

c = get_config()  # type: ignore[name-defined]

REPO = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("KONNEKTOR_HUB_STATE", "/var/lib/konnektor-hub"))
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)

# ---- the hub ------------------------------------------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("KONNEKTOR_HUB_URL", "http://127.0.0.1:8000")
# TLS by the hub itself (or by a reverse proxy in front of 127.0.0.1:8000): engineers type their passwords here
if os.environ.get("KONNEKTOR_HUB_SSL_CERT"):
    c.JupyterHub.ssl_cert = os.environ["KONNEKTOR_HUB_SSL_CERT"]
    c.JupyterHub.ssl_key = os.environ["KONNEKTOR_HUB_SSL_KEY"]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Stopping the hub stops every engineer's server (and so every kernel): nothing is left running.
c.JupyterHub.cleanup_servers = True

# The proxy: configurable-http-proxy from npm, as scripts/setup installs it into .hub/ of this folder
# (else the one on PATH, e.g. `npm install -g configurable-http-proxy`).
chp = REPO / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(chp) if chp.exists() else shutil.which("configurable-http-proxy") or str(chp)]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# ---- who may log in -----------------------------------------------------------------------------
# The machine's own accounts (PAM): an engineer logs in with their Unix user and password, and the
# members of one group may. With the centre's single sign-on instead, use an OAuthenticator
# (`pip install oauthenticator`), e.g.
#     c.JupyterHub.authenticator_class = "azuread"        # or "generic-oauth", "github", "google", …
#     c.AzureAdOAuthenticator.tenant_id = "…"; c.AzureAdOAuthenticator.client_id = "…"
#     c.AzureAdOAuthenticator.client_secret = "…"; c.AzureAdOAuthenticator.allowed_groups = {"…"}
# (with LocalProcessSpawner each such user still needs a Unix account of the same name; with the
# container spawners below they do not).
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {os.environ.get("KONNEKTOR_HUB_GROUP", "konnektor")}
c.PAMAuthenticator.admin_users = set()  # nobody may enter another engineer's server

# ---- each engineer's server ---------------------------------------------------------------------
# LocalProcessSpawner: a process per engineer on this machine, running as their own Unix user in their
# home; their sites folder is theirs alone (0700), and so are their kernels.
c.JupyterHub.spawner_class = "localprocess"
# The kit's own single-user server, from the environment JupyterHub runs in (a container image has it
# on its PATH: there, "konnektor-kit-singleuser" alone).
c.Spawner.cmd = [str(Path(sys.executable).with_name("konnektor-kit-singleuser"))]
c.Spawner.default_url = "/voila/render/00_baslangic.ipynb"
c.Spawner.environment = {
    # the folders a page may open site files from (os.pathsep between several); `~` is each engineer's home
    "KONNEKTOR_KIT_SITES": "~/konnektor-sites",
    "KONNEKTOR_KIT_LANG": "tr",  # the pages start in Turkish; every page has the English switch
}
# What an engineer's ~/.jupyter could change (another template, an open kernel API) is not read.
c.Spawner.disable_user_config = True
# A server left without a request and without a kernel for an hour stops itself (kernels are culled
# after 10 idle minutes); the next visit starts it again in seconds.
c.Spawner.args = ["--ServerApp.shutdown_no_activity_timeout=3600"]
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120

# ---- on several machines (README: "From one machine to several") ---------------------------------
# The same image for every engineer (the kit installed with `pip install konnektor-kit[hub]`), each
# engineer's sites on a volume of their own mounted at ~/konnektor-sites:
#     c.JupyterHub.spawner_class = "docker"                      # pip install dockerspawner
#     c.DockerSpawner.image = "registry.example/konnektor-kit:2027.1"
#     c.DockerSpawner.cmd = ["konnektor-kit-singleuser"]
#     c.DockerSpawner.volumes = {"konnektor-sites-{username}": "/home/jovyan/konnektor-sites"}
#     c.JupyterHub.hub_ip = "0.0.0.0"                            # the containers call the hub back
# or on Kubernetes:
#     c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"     # pip install jupyterhub-kubespawner
#     c.KubeSpawner.image = "registry.example/konnektor-kit:2027.1"
#     c.KubeSpawner.cmd = ["konnektor-kit-singleuser"]
#     c.KubeSpawner.storage_pvc_ensure = True                    # a volume per engineer, at their home
#     c.KubeSpawner.mem_limit = "1G"
