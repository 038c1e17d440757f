"""Issue 12, "someone in who should not be": who may reach `konnektor-kit serve`, which site files its
pages may open, and that stopping it leaves nothing running.

Plain HTTP (urllib) where the page's HTML is enough; the browser where the words are drawn by widgets.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from konnektor_kit.access.sites import SitePolicy
from konnektor_kit.app import FILL_DELAY, loopback_host
from konnektor_kit.exceptions import SiteError
from konnektor_kit.training.sandbox import create_sandbox
from tests.conftest import YEAR

from .conftest import App, alive

SECRET_LINE = '\n[servers."SQL"]\nodbc = "Driver={FreeTDS};Server=sql.example;Uid=sa;Pwd=${KK_TEST_SECRET}"\n'


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    """Status, headers and body, without following a redirect and without raising on 4xx/5xx."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode("utf-8", "replace")


@contextlib.contextmanager
def kernels_alive(app: App) -> Iterator[set[int]]:
    """Every kernel that lives while the block runs, looked at every 50 ms: on a busy machine a fetched
    page's kernel can be culled (idle past --cull-idle) before the fetch that started it returns."""
    seen: set[int] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.update(p.pid for p in app.kernels())
            done.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield seen
    finally:
        done.set()
        watcher.join()
        seen.update(p.pid for p in app.kernels())


def wait_until(condition, timeout: float, step: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


def with_secret(site: Path) -> Path:
    site.write_text(site.read_text(encoding="utf-8") + SECRET_LINE, encoding="utf-8")
    return site


def renamed(site: Path, name: str) -> Path:
    """A sandbox site with a name of its own, to tell on the page which site was read."""
    text = site.read_text(encoding="utf-8").split("\n", 1)[1]
    site.write_text(f'name = "{name}"\n' + text, encoding="utf-8")
    return site


# ---- the rule itself, without a server ----------------------------------------------------------
def test_site_policy_resolves_before_it_compares(tmp_path):
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    inside = create_sandbox(allowed / "a", "new-year", YEAR)
    other = create_sandbox(outside / "b", "new-year", YEAR)
    (allowed / "link.toml").symlink_to(other)
    (allowed / "dir-link").symlink_to(outside, target_is_directory=True)
    policy = SitePolicy.of([allowed], startup=inside)
    assert policy.check(inside) == inside.resolve()
    assert policy.load(inside).name
    for refused in (
        other,
        allowed / "a" / ".." / ".." / "outside" / "b" / "site.toml",
        allowed / "link.toml",
        allowed / "dir-link" / "b" / "site.toml",
        Path("/etc/passwd"),
    ):
        with pytest.raises(SiteError) as exc:
            policy.load(refused)
        assert "izin verilen klasörlerin dışında" in exc.value.message("tr")
        assert "outside the allowed folders" in exc.value.message("en")
    with pytest.raises(SiteError, match=r"\.toml"):
        policy.check(allowed / "a" / "scenario.json")


def test_only_the_startup_site_reads_environment_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("KK_TEST_SECRET", "s3cret")
    startup = with_secret(create_sandbox(tmp_path / "sites" / "start", "new-year", YEAR))
    other = with_secret(create_sandbox(tmp_path / "sites" / "other", "new-year", YEAR))
    policy = SitePolicy.of([tmp_path / "sites"], startup=startup)
    assert "s3cret" in policy.load(startup).servers["SQL"].odbc
    with pytest.raises(SiteError) as exc:
        policy.load(other)
    assert "KK_TEST_SECRET" in exc.value.message("tr") and "sunucunun başlatıldığı" in exc.value.message("tr")


def test_loopback_host_names():
    assert all(loopback_host(h) for h in ("localhost:8866", "127.0.0.1:8866", "[::1]:8866", "LOCALHOST", "127.0.0.1"))
    assert not any(
        loopback_host(h)
        for h in (
            "evil.example",
            "evil.example:8866",
            "localhost.evil.example",
            "10.0.0.5:8866",
            "[::ffff:7f00:1]:8866",
        )
    )


# ---- who may come in -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def app(tmp_path_factory):
    a = App(tmp_path_factory.mktemp("secure"), "new-year")
    yield a
    a.stop()


@pytest.mark.browser
def test_the_printed_address_carries_a_fresh_token(app, tmp_path):
    assert len(app.token) >= 32
    status, _, body = get(app.address)
    assert status == 200 and "<html" in body.lower()
    second = App(tmp_path, "new-year")
    try:
        assert second.token != app.token
    finally:
        second.stop()


@pytest.mark.browser
def test_without_the_token_nobody_gets_in(app):
    before = app.settle()
    status, headers, _ = get(app.url("00_baslangic", token=False))
    assert status == 302 and "/login" in headers["Location"]
    status, headers, _ = get(app.url("01_yeni_yil_gecisi", token=False, site=str(app.site)))
    assert status == 302 and "/login" in headers["Location"]
    status, headers, _ = get(app.url("00_baslangic", token=False) + "?token=" + "0" * len(app.token))
    assert status == 302 and "/login" in headers["Location"]
    assert get(f"{app.base}/voila/tree")[0] == 302
    assert get(f"{app.base}/api/kernels/00000000-0000-0000-0000-000000000000")[0] == 403
    assert len(app.kernels()) == before  # no notebook ran for anyone of them


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/voila/render/00_baslangic.ipynb?token={token}",
        "/voila/tree?token={token}",
        "/login",
        "/voila/static/voila.js",
        "/api/kernels/00000000-0000-0000-0000-000000000000",
    ],
)
def test_a_foreign_host_name_is_refused(app, path):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 is still evil.example."""
    url = app.base + path.format(token=app.token)
    before = app.settle()
    for host in ("evil.example", f"evil.example:{app.port}", f"127.0.0.1.evil.example:{app.port}"):
        assert get(url, host=host)[0] == 403, host
    assert len(app.kernels()) == before
    if "render" in path or "tree" in path:  # the file list leads to the start page (test_served_app.py)
        for host in (f"localhost:{app.port}", f"127.0.0.1:{app.port}", f"[::1]:{app.port}"):
            assert get(url, host=host)[0] == (200 if "render" in path else 302), host


@pytest.mark.browser
def test_a_busy_port_is_skipped_and_the_printed_address_is_the_real_one(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        a = App(tmp_path, "new-year", port=taken)  # App fetches the printed address before it returns
        try:
            assert a.port != taken
            voila = a.voila()
            assert any(c.laddr.port == a.port and c.status == psutil.CONN_LISTEN for c in voila.net_connections())
            assert get(a.address)[0] == 200
        finally:
            a.stop()


# ---- stopping leaves nothing behind ----------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_voila_and_every_kernel(tmp_path, sig):
    a = App(tmp_path, "new-year", args=("--pool-size", "0"))  # a kernel per visit: each one counted
    try:
        for notebook in ("00_baslangic", "01_yeni_yil_gecisi", "04_teshis"):
            assert get(a.url(notebook))[0] == 200
        voila = a.voila()
        kernels = a.kernels()
        assert len(kernels) == 4  # the printed address App fetched, and these three
        assert os.getpgid(voila.pid) == voila.pid != os.getpgid(a.proc.pid)  # a process group of its own
        everything = a.track()
    finally:
        code = a.stop(sig)
    assert code == 0
    assert a.leftover == [], [p.pid for p in a.leftover]  # nothing the test itself had to kill
    assert not any(alive(p) for p in [voila, *kernels, *everything])
    assert "durdu" in a.output()


# ---- idle kernels ------------------------------------------------------------------------------------
#: Seconds without a message before the tests' servers cull a kernel. A kernel is idle, and cullable, from
#: its page's last cell until the tab's scripts connect to it. With 5 s one run of the whole suite saw a
#: tab's page never come, its cause not seen (a failing test now prints serve's log); the two failures
#: seen since were the kernel listing (kernels_of) and a 30 s ping (app.run_voila), both mended.
CULL_IDLE = 10


@pytest.mark.browser
def test_idle_kernels_are_culled_but_an_open_tab_keeps_its_own(tmp_path, browser):
    a = App(tmp_path, "new-year", args=("--cull-idle", str(CULL_IDLE), "--cull-interval", "1", "--pool-size", "0"))
    try:
        context = browser.new_context()
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        before = {p.pid for p in a.kernels()}
        tab.goto(a.url("02_istege_bagli_gecis"))
        tab.wait_for_selector(".kk-site input")
        (tabs_kernel,) = {p.pid for p in a.kernels()} - before
        fetched = set()
        for _ in range(4):  # pages fetched and left: like closed tabs, nothing is connected to them
            known = {p.pid for p in a.kernels()}
            with kernels_alive(a) as alive_meanwhile:
                assert get(a.url("00_baslangic"))[0] == 200
            fetched |= alive_meanwhile - known
        assert len(fetched) == 4
        assert wait_until(lambda: {p.pid for p in a.kernels()} == {tabs_kernel}, timeout=30), a.kernels()
        time.sleep(CULL_IDLE + 3)  # longer than the idle time: the open tab still has its kernel
        assert {p.pid for p in a.kernels()} == {tabs_kernel}
        context.close()  # the tab closes: its kernel goes the same way
        assert wait_until(lambda: a.kernels() == [], timeout=30), a.kernels()
        assert f"Culling kernels with idle durations > {CULL_IDLE} seconds" in a.output()
    finally:
        a.stop()


# ---- which sites the pages may open -------------------------------------------------------------------
@pytest.fixture(scope="module")
def sites_app(tmp_path_factory):
    """Started on sites/start with --sites sites; sites/other is allowed, outside/ is not."""
    root = tmp_path_factory.mktemp("sites")
    start = with_secret(create_sandbox(root / "sites" / "start", "new-year", YEAR))
    renamed(create_sandbox(root / "sites" / "other", "new-year", YEAR), "İzinli Diğer Firma")
    renamed(with_secret(create_sandbox(root / "sites" / "secret", "new-year", YEAR)), "Şifreli Firma")
    renamed(create_sandbox(root / "outside" / "b", "new-year", YEAR), "Dışarıdaki Firma")
    (root / "sites" / "link.toml").symlink_to(root / "outside" / "b" / "site.toml")
    a = App(root, site=start, env={"KK_TEST_SECRET": "s3cret"}, args=("--sites", str(root / "sites")))
    a.root = root
    yield a
    a.stop()


def open_start(page, app, site: str, lang: str = "tr") -> None:
    page.goto(app.url("00_baslangic", site=site, lang=lang))
    page.wait_for_selector(".kk-site input")
    page.wait_for_selector(".kk-messages .kk-msg-error, .kk-matrix table")


REFUSED = {
    "/etc/passwd": "/etc/passwd",
    "outside": "outside/b/site.toml",
    "dot-dot": "sites/start/../../outside/b/site.toml",
    "symlink": "sites/link.toml",
}


@pytest.mark.browser
@pytest.mark.parametrize("case", list(REFUSED))
def test_a_link_to_a_site_outside_the_folders_is_refused_and_nothing_is_read(sites_app, page, case):
    target = REFUSED[case] if case == "/etc/passwd" else str(sites_app.root / REFUSED[case])
    open_start(page, sites_app, target)
    text = page.inner_text(".kk-messages")
    assert "izin verilen klasörlerin dışında" in text and "Hiçbir şey okunmadı" in text and "--sites" in text
    assert page.locator(".kk-matrix table").count() == 0  # no module, no branch: nothing of any site
    shown = page.inner_text(".kk-page")
    assert "Dışarıdaki Firma" not in shown and "Örnek Gıda" not in shown and "root:" not in page.content()


@pytest.mark.browser
def test_the_refusal_speaks_english_when_asked(sites_app, page):
    open_start(page, sites_app, "/etc/passwd", lang="en")
    assert "outside the allowed folders" in page.inner_text(".kk-messages")


@pytest.mark.browser
def test_a_site_inside_the_folders_opens_but_not_its_environment_variables(sites_app, page):
    open_start(page, sites_app, str(sites_app.root / "sites" / "other" / "site.toml"))
    assert page.locator(".kk-matrix table").count() == 1 and "İzinli Diğer Firma" in page.inner_text(".kk-page")
    assert page.locator(".kk-messages .kk-msg-error").count() == 0
    open_start(page, sites_app, str(sites_app.root / "sites" / "secret" / "site.toml"))
    text = page.inner_text(".kk-messages")
    assert "KK_TEST_SECRET" in text and "sunucunun başlatıldığı site" in text
    assert page.locator(".kk-matrix table").count() == 0 and "Şifreli Firma" not in page.inner_text(".kk-page")


@pytest.mark.browser
def test_the_startup_site_reads_its_environment_variables(sites_app, page):
    page.goto(sites_app.url("00_baslangic"))
    page.wait_for_selector(".kk-matrix table")
    assert page.locator(".kk-messages .kk-msg-error").count() == 0


@pytest.mark.browser
def test_the_site_field_is_held_to_the_same_rule(sites_app, page):
    page.goto(sites_app.url("00_baslangic"))
    page.wait_for_selector(".kk-matrix table")
    field = page.locator(".kk-site input")
    field.fill(str(sites_app.root / "outside" / "b" / "site.toml"))
    field.press("Tab")
    page.locator(".kk-site").locator("..").locator("button").first.click()
    page.wait_for_selector(".kk-messages .kk-msg-error")
    assert "izin verilen klasörlerin dışında" in page.inner_text(".kk-messages")
    shown = page.inner_text(".kk-page")
    assert str(sites_app.site) in shown and "Dışarıdaki Firma" not in shown  # the startup site stays open


# ---- preheated kernels (serve's default) ---------------------------------------------------------------
@pytest.mark.browser
def test_a_preheated_page_takes_its_site_and_language_from_the_link_and_the_pool_never_grows(tmp_path, browser):
    """One kernel waits per page; the tab that takes it reads `?site=&lang=`; idle ones are culled, the pool stays."""
    sites = tmp_path / "sites"
    start = create_sandbox(sites / "start", "new-year", YEAR)
    renamed(create_sandbox(sites / "other", "new-year", YEAR), "Önceden Isınmış Firma")
    a = App(
        tmp_path,
        site=start,
        args=("--sites", str(sites), "--cull-idle", str(CULL_IDLE), "--cull-interval", "1"),
        preheat=True,
    )
    quiet_for = CULL_IDLE + 1 + FILL_DELAY + 2  # longer than idle + cull interval + refill: a count that stays, stays
    try:
        pages = len(list(Path(a.voila().cmdline()[3]).glob("*.ipynb")))
        assert pages == 6
        assert a.settle(quiet=quiet_for) == pages  # one waiting per page; the start page App fetched was culled
        context = browser.new_context()
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        tab.goto(a.url("02_istege_bagli_gecis", site=str(sites / "other" / "site.toml"), lang="en"))
        tab.wait_for_selector(".kk-site input")
        tab.wait_for_function("document.querySelector('.kk-page').innerText.includes('Önceden Isınmış Firma')")
        assert "Optional database transition settings" in tab.inner_text(".kk-page")  # lang=en reached it
        assert "Using pre-heated kernel" in a.output() and "02_istege_bagli_gecis" in a.output()
        nav = tab.locator(".kk-nav a").first.get_attribute("href") or ""
        assert "lang=en" in nav and "other" in nav  # the navigation keeps what the link said
        assert a.settle(quiet=quiet_for) == pages + 1  # the pool refilled; the open tab keeps its kernel
        for _ in range(3):
            assert get(a.url("00_baslangic"))[0] == 200
        assert a.settle(quiet=quiet_for) == pages + 1  # pages fetched and left are culled; the pool is never culled
        context.close()
        assert a.settle(quiet=quiet_for) == pages
    finally:
        code = a.stop()
    assert code == 0 and a.leftover == [], [p.pid for p in a.leftover]
    assert not any(alive(p) for p in a.seen.values())
