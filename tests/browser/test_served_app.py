"""Issues 21 and 23, the served app: one address and every way in leads to the start page, the kit's own
words without the token, `/voila/query` behind the token, a closed tab's kernel stopped at once, pages
reopened near a preheated open, and `serve` taking Voila and its kernels with it however it dies.

One preheated server for the module (serve's default pool: a kernel waiting per page); the tests that stop
or kill `serve` start one of their own without a pool (`--pool-size 0`: no kernel until a visit).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sys
import time
from pathlib import Path

import pytest

from .conftest import App, alive
from .test_serve_security import get, wait_until

pytestmark = pytest.mark.browser

PAGES = [
    "00_baslangic",
    "01_yeni_yil_gecisi",
    "02_istege_bagli_gecis",
    "03_konnektor_ici_degisiklik",
    "04_teshis",
    "05_egitim",
]
START = "/voila/render/00_baslangic.ipynb"
NOT_ACTIONABLE = (
    "Voilà is running at",
    "is not trusted",
    "without encryption",
    "Traceback",
    "notebook-signing",
    "cannot be longer",
)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    a = App(tmp_path_factory.mktemp("served"), "new-year", preheat=True)
    yield a
    a.stop()


def new_tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="tr-TR")
    context.set_default_timeout(90_000)
    return context


def drawn(tab) -> None:
    tab.wait_for_selector(".kk-site input")


def timed_open(context, url: str):
    tab = context.new_page()
    started = time.perf_counter()
    tab.goto(url)
    drawn(tab)
    return tab, time.perf_counter() - started


def close(tab) -> None:
    """As a person closes a tab: the page's `beforeunload` runs (its shutdown request)."""
    tab.close(run_before_unload=True)


def kernel_ids(app: App) -> list[str]:
    """The ids of the kernels alive now, from their connection files (as `ps` shows every local user)."""
    found = []
    for p in app.kernels():
        match = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(p.cmdline()))
        if match:
            found.append(match.group(1))
    return found


def upgrade_status(port: int, path: str, headers: dict[str, str] | None = None) -> int:
    """The status a websocket handshake gets (101: the socket is open to whoever asked)."""
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
    ]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return int(s.recv(4096).split(b" ", 2)[1])


# ---- issue 23: one address, the start page, the kit's own words ----------------------------------------
def test_one_address_is_printed_and_every_way_in_leads_to_the_start_page(app, browser):
    printed = set(re.findall(r"https?://\S+", app.output()))
    assert printed == {app.address}, printed
    token = f"?token={app.token}"
    for path in ("/", "/voila", "/voila/", "/voila/tree", "/voila/tree/", "/voila/render/"):
        status, headers, _ = get(app.base + path + token)
        assert status == 302 and headers["Location"] == START + token, (path, status, headers.get("Location"))
    context = new_tab(browser)
    try:
        for url in (app.address, app.base + "/" + token):
            tab = context.new_page()
            tab.goto(url)
            drawn(tab)
            assert tab.url.startswith(app.base + START) and "Başlangıç" in tab.inner_text(".kk-title")
            close(tab)
    finally:
        context.close()
    said = app.output()
    assert not [w for w in NOT_ACTIONABLE if w in said], said[-3000:]


def test_without_the_token_the_kits_own_page_says_where_the_address_is(app):
    for lang, words in (("tr", "Komutu çalıştırdığınız pencereye"), ("en", "where you ran the command")):
        status, headers, _ = get(app.url("01_yeni_yil_gecisi", token=False, lang=lang))
        assert status == 302 and headers["Location"].startswith("/login?next=")
        status, _, body = get(app.base + headers["Location"])
        assert status == 200 and words in body and f"lang='{lang}'" in body, body
        assert "?token=" in body and app.base in body and app.token not in body
        assert "jupyter server list" not in body and "Password or token" not in body
    status, headers, _ = get(app.base + "/")  # the root without the token: the same page
    assert status == 302 and "/login" in headers["Location"]


# ---- issue 21: the request-info socket ---------------------------------------------------------------
def test_the_request_info_socket_wants_the_token_and_the_page_still_opens(app, browser):
    """Kernel ids are on every kernel's command line; without the token their sockets stay shut."""
    app.settle()
    ids = kernel_ids(app)
    assert len(ids) >= len(PAGES)  # every page's waiting kernel
    for kernel in ids:
        assert upgrade_status(app.port, f"/voila/query/{kernel}") == 403
        wrong = {"Authorization": "token " + "0" * len(app.token)}
        assert upgrade_status(app.port, f"/voila/query/{kernel}", wrong) == 403
        assert upgrade_status(app.port, f"/voila/query/{kernel}?token={app.token}") == 403  # the header only
    context = new_tab(browser)
    try:
        for notebook in ("04_teshis", "00_baslangic"):  # the kernels tried above still take their pages
            tab, _ = timed_open(context, app.url(notebook))
            close(tab)
    finally:
        context.close()


# ---- issue 23: kernels bounded by what is open; pages reopened near a preheated open -------------------
def test_closed_tabs_free_their_kernels_and_reloads_and_second_tabs_open_like_a_first(app, browser, capsys):
    before = app.settle()
    context = new_tab(browser)
    times: dict[str, list[float]] = {}
    visits = 0
    try:
        for notebook in [*PAGES, "00_baslangic", "01_yeni_yil_gecisi"]:
            tab, first = timed_open(context, app.url(notebook))
            started = time.perf_counter()
            tab.reload()
            drawn(tab)
            reload = time.perf_counter() - started
            second, again = timed_open(context, app.url(notebook))
            visits += 3
            times.setdefault(notebook, []).extend([first, reload, again])
            close(second)
            close(tab)
            if visits >= 20:
                break
        after = app.settle()
    finally:
        context.close()
    with capsys.disabled():
        print(f"\n{visits} visits; kernels before {before}, after {after} (pools {len(PAGES)})")
        for notebook, seconds in times.items():
            print(f"  {notebook:<28} first, reload, second tab: " + ", ".join(f"{s:.2f}s" for s in seconds))
    assert visits >= 20
    assert after <= len(PAGES) + 1 and after <= before + 1, (before, after)
    assert "Traceback" not in app.output()


# ---- stopping: nothing left, nothing to read ----------------------------------------------------------
def test_stopping_with_a_tab_open_prints_no_traceback(tmp_path, browser):
    a = App(tmp_path, "new-year")
    context = new_tab(browser)
    try:
        tab, _ = timed_open(context, a.url("02_istege_bagli_gecis"))  # its kernel connected to the tab
        kernels = a.kernels()
        assert kernels
    finally:
        code = a.stop(signal.SIGINT)
        context.close()
    said = a.output()
    assert code == 0 and a.leftover == [] and not any(alive(p) for p in kernels)
    assert not [w for w in ("Traceback", "zmq", *NOT_ACTIONABLE) if w in said], said[-3000:]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_kill_9_of_serve_takes_voila_and_its_kernels_with_it(tmp_path):
    a = App(tmp_path, "new-year")
    try:
        assert get(a.url("04_teshis"))[0] == 200
        voila, kernels = a.voila(), a.kernels()
        assert kernels
        os.kill(a.proc.pid, signal.SIGKILL)
        a.proc.wait(10)
        gone = wait_until(lambda: not any(alive(p) for p in [voila, *kernels]), timeout=30)
    finally:
        a.stop()
    assert gone, [p.pid for p in [voila, *kernels] if alive(p)]
    assert a.leftover == []
    assert Path(a.log_path).exists()
