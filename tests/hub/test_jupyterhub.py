"""deploy/jupyterhub on a real JupyterHub: two engineers log in, each gets the app in a server of their own
and sees only their own sites.

The hub runs deploy/jupyterhub/jupyterhub_config.py itself; the test's configuration, loaded on top of it,
changes only what a test must: loopback and free ports, a throwaway state folder, one password made for
this run (SharedPasswordAuthenticator, JupyterHub's successor of DummyAuthenticator's password) instead
of PAM, and SimpleLocalProcessSpawner with homes under tmp_path instead of LocalProcessSpawner (which
needs Unix accounts). configurable-http-proxy is the one scripts/setup installed into .hub/; Chromium is
Debian's, as in tests/browser.

The hub, its proxy, every single-user server and every kernel are known by their process groups while
they run; the hub is stopped as an administrator would (SIGTERM: it stops the servers and the proxy),
whatever is left is killed by group, and `ps` must then show none of those groups.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

from konnektor_kit.training.sandbox import create_sandbox
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import YEAR, unavailable
from tests.live.servers import free_port

pytestmark = pytest.mark.hub

REPO = Path(__file__).resolve().parents[2]
DEPLOY_CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
CHP = REPO / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"
START = "voila/render/00_baslangic.ipynb"
#: Each engineer's customer, with a name of its own to tell on the page which site was read.
CUSTOMERS = {"ayse": ("mikro", "Ayşe'nin Müşterisi"), "burak": ("eta", "Burak'ın Müşterisi")}


def renamed(site: Path, name: str) -> Path:
    text = site.read_text(encoding="utf-8").split("\n", 1)[1]
    site.write_text(f'name = "{name}"\n' + text, encoding="utf-8")
    return site


TEST_CONFIG = """\
c = get_config()
load_subconfig({deploy!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.authenticator_class = "shared-password"  # DummyAuthenticator with a password, as of JupyterHub 5.3
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.args = [*c.Spawner.args, *{args!r}]  # root (as CI runs) must say so to jupyter_server
"""


class Hub:
    """`jupyterhub -f` in a session of its own; every process it starts is noted with its group."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port, self.password = free_port(), secrets.token_urlsafe(16)
        self.base = f"http://127.0.0.1:{self.port}"
        homes = root / "home"
        self.sites: dict[str, Path] = {}
        for user, (scenario, name) in CUSTOMERS.items():
            site = create_sandbox(homes / user / "konnektor-sites" / "musteri", scenario, YEAR)
            self.sites[user] = renamed(site, name)
        config = root / "jupyterhub_config.py"
        config.write_text(
            TEST_CONFIG.format(
                deploy=str(DEPLOY_CONFIG),
                port=self.port,
                hub_port=free_port(),
                api_port=free_port(),
                password=self.password,
                users=set(CUSTOMERS),
                homes=str(homes),
                args=["--allow-root"] if os.geteuid() == 0 else [],
            ),
            encoding="utf-8",
        )
        config.chmod(0o600)  # the password of this run: in this file only, never printed
        self.log_path = root / "jupyterhub.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - open while the hub runs, closed in stop()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "KONNEKTOR_KIT_"))}
        env["KONNEKTOR_HUB_STATE"] = str(root / "state")
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(config)],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.hub = psutil.Process(self.proc.pid)
        self.seen: dict[int, tuple[psutil.Process, int]] = {}
        self.lines: dict[int, str] = {}  # each one's command line, read while it lived
        deadline = time.monotonic() + 60
        while not self.healthy():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(self.output()[-3000:])
            time.sleep(0.3)
        self.track()

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}/hub/health", timeout=5) as r:
                return bool(r.status == 200)
        except OSError:
            return False

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def track(self) -> None:
        """Note the hub's descendants (proxy, servers, kernels) and their process groups while they live."""
        with contextlib.suppress(psutil.Error):
            for p in [self.hub, *self.hub.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    self.seen.setdefault(p.pid, (p, os.getpgid(p.pid)))
                    self.lines.setdefault(p.pid, " ".join(p.cmdline()))

    def kinds(self) -> set[str]:
        found = set()
        for line in self.lines.values():
            for kind in ("configurable-http-proxy", "konnektor-kit-singleuser", "ipykernel"):
                if kind in line:
                    found.add(kind)
        return found

    def groups(self) -> set[int]:
        return {group for _, group in self.seen.values()}

    def stop(self) -> None:
        """SIGTERM to the hub (it stops every server and the proxy), then SIGKILL to any group left."""
        self.track()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        psutil.wait_procs([p for p, _ in self.seen.values()], timeout=10)
        self.leftover = [p.pid for p, _ in self.seen.values() if alive(p)]
        self.groups_left = self.groups() & ps_groups()  # what `ps` shows of them before anything is killed
        for group in self.groups():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        self.log.close()


def alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def ps_groups() -> set[int]:
    """The process groups alive now, as `ps` lists them."""
    out = subprocess.run(["ps", "-eo", "pgid=,stat="], capture_output=True, text=True, check=True).stdout
    return {int(pgid) for pgid, stat in (line.split() for line in out.splitlines() if line.strip()) if "Z" not in stat}


@pytest.fixture
def hub(tmp_path):
    if not Path(CHROMIUM).exists():
        unavailable("Debian's chromium is not installed (scripts/setup installs it)")
    if not CHP.exists():
        unavailable("configurable-http-proxy is not in .hub/ (scripts/setup installs it from npm)")
    if not Path(sys.executable).with_name("jupyterhub").exists():
        unavailable("jupyterhub is not installed (scripts/setup installs the `hub` extra)")
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError as exc:
        unavailable(f"playwright is not installed: {exc}")
    running = Hub(tmp_path)
    yield running
    running.stop()


def log_in(browser, hub: Hub, user: str):
    """A browser of the engineer's own: the hub's login form, then their server's default URL."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="tr-TR")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{hub.base}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/{START}**", timeout=90_000)  # spawned, then sent to the app
    return context, page


def open_site(page, hub: Hub, user: str, site: Path) -> str:
    page.goto(f"{hub.base}/user/{user}/{START}?site={site}")
    page.wait_for_selector(".kk-messages .kk-msg-error, .kk-matrix table")
    hub.track()
    return page.inner_text(".kk-page")


KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
#: a second socket to the page's own kernel, as an engineer's browser console could open it: code, then a
#: kernel_info_request; the shell channel answers in order, so an execute_reply would come first
SEND_CODE = """async ([url, code]) => {
  const ws = new WebSocket(url);
  await new Promise((ok, no) => { ws.onopen = ok; ws.onerror = no; });
  const got = [];
  const done = new Promise(ok => { ws.onmessage = e => {
    const type = JSON.parse(e.data).header.msg_type; got.push(type); if (type === 'kernel_info_reply') ok(); }; });
  const id = () => Math.random().toString(16).slice(2) + Date.now().toString(16);
  const msg = (type, content) => JSON.stringify({header: {msg_id: id(), username: '', session: 'probe',
    msg_type: type, version: '5.3', date: new Date().toISOString()}, parent_header: {}, metadata: {}, content,
    channel: 'shell', buffers: []});
  ws.send(msg('execute_request', {code, silent: false, store_history: false, user_expressions: {},
    allow_stdin: false, stop_on_error: true}));
  ws.send(msg('kernel_info_request', {}));
  await done; ws.close(); return got;
}"""


def refused_api_calls(page, hub: Hub, user: str) -> dict[str, int]:
    """Issue 21: what an engineer's browser could ask their own server beyond what the pages need."""
    base = f"{hub.base}/user/{user}"
    xsrf = next((c["value"] for c in page.context.cookies() if c["name"] == "_xsrf"), "")
    headers = {"X-XSRFToken": xsrf, "Content-Type": "application/json"} if xsrf else {}
    calls = {
        "start a kernel": lambda: page.request.post(f"{base}/api/kernels", headers=headers, data="{}"),
        "list kernels": lambda: page.request.get(f"{base}/api/kernels"),
        "sessions": lambda: page.request.get(f"{base}/api/sessions"),
        "read contents": lambda: page.request.get(f"{base}/api/contents"),
        "write contents": lambda: page.request.put(
            f"{base}/api/contents/planted.ipynb",
            headers=headers,
            data='{"type": "file", "format": "text", "content": "x"}',
        ),
        "shut the server down": lambda: page.request.post(f"{base}/api/shutdown", headers=headers),
    }
    return {name: call().status for name, call in calls.items()}


def test_every_engineer_gets_the_app_on_their_own_sites_only(hub):
    from playwright.sync_api import sync_playwright

    def engineers() -> None:
        # a thread of its own: the browser tests' session-wide Playwright keeps an asyncio loop running in
        # this one, and Playwright's sync API refuses to start beside it
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", *CHROMIUM_ARGS])
            try:
                sessions = {user: log_in(browser, hub, user) for user in CUSTOMERS}
                ayse = sessions["ayse"][1]
                # the default URL is the app's start page, in the kit's template (its own Font Awesome)
                styles: list[tuple[str, int]] = []
                ayse.on("response", lambda r: styles.append((r.url, r.status)) if "fontawesome" in r.url else None)
                ayse.reload()
                ayse.wait_for_selector(".kk-matrix table")
                assert "Başlangıç" in ayse.inner_text(".kk-title")
                assert any("/voila/templates/konnektor/static/fontawesome/" in u and s == 200 for u, s in styles), (
                    styles
                )

                # issue 21: no REST call beyond the pages' own, no code through a page's kernel socket
                statuses = refused_api_calls(ayse, hub, "ayse")
                assert set(statuses.values()) == {403}, statuses
                planted = hub.root / "home" / "ayse" / "planted-by-code"
                ws = f"{hub.base}/user/ayse/api/kernels/{ayse.evaluate(KERNEL_ID)}/channels".replace("http", "ws", 1)
                got = ayse.evaluate(SEND_CODE, [ws, f"open({str(planted)!r}, 'w').write('x')"])
                assert "kernel_info_reply" in got and "execute_reply" not in got and "execute_input" not in got, got
                assert not planted.exists()
                assert ayse.locator(".kk-matrix table").count() == 1  # the page itself still works

                for user, other in (("ayse", "burak"), ("burak", "ayse")):
                    page = sessions[user][1]
                    own, others = CUSTOMERS[user][1], CUSTOMERS[other][1]
                    text = open_site(page, hub, user, hub.sites[user])
                    assert own in text and page.locator(".kk-matrix table").count() == 1
                    hub.track()  # while the page is open: its kernel
                    assert page.locator(".kk-messages .kk-msg-error").count() == 0
                    # the other engineer's site, by its full path: refused in words, nothing of it read
                    text = open_site(page, hub, user, hub.sites[other])
                    said = page.inner_text(".kk-messages")
                    assert "izin verilen klasörlerin dışında" in said and "kendi site klasörünüze" in said, said
                    assert "serve --sites" not in said  # the advice of a hub's engineer, not serve's
                    assert others not in text and page.locator(".kk-matrix table").count() == 0
                    # nor is the other engineer's server open to them: the hub answers 403
                    response = page.goto(f"{hub.base}/user/{other}/{START}")
                    assert response is not None and response.status == 403
                for context, _ in sessions.values():
                    context.close()
            finally:
                browser.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(engineers).result()
    hub.track()
    assert hub.kinds() == {"configurable-http-proxy", "konnektor-kit-singleuser", "ipykernel"}, hub.kinds()
    hub.stop()
    assert hub.leftover == [], f"still running after the hub stopped: {hub.leftover}"
    assert hub.groups_left == set(), f"process groups of the hub's still in `ps`: {hub.groups_left}"
    assert hub.password not in hub.output()
