"""Issue 13, "the page loads Font Awesome from a CDN": on a customer machine without internet every page
must render, icons and all, from `konnektor-kit serve` alone.

Every request a page makes is recorded; any that is not for this computer is refused (page.route), as
it would fail offline. No page may try one, and with them refused the form still renders and its
buttons' icons are drawn with Font Awesome's own font, fetched from Voila (the kit's template,
konnektor_kit/voila_template/).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import konnektor_kit

pytestmark = pytest.mark.browser

NOTEBOOKS = [
    "00_baslangic",
    "01_yeni_yil_gecisi",
    "02_istege_bagli_gecis",
    "03_konnektor_ici_degisiklik",
    "04_teshis",
    "05_egitim",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
FA_FAMILY = "Font Awesome 5 Free"
FA_SOLID = "/voila/templates/konnektor/static/fontawesome/webfonts/fa-solid-900.woff2"

#: every icon of a button on the page: its classes, its computed font-family, weight and ::before glyph
ICONS_JS = """() => [...document.querySelectorAll('button i.fa')].map(i => {
    const style = getComputedStyle(i), before = getComputedStyle(i, '::before');
    return {cls: i.className, family: style.fontFamily, weight: style.fontWeight, glyph: before.content};
})"""
#: Font Awesome's solid face (what `.fa` draws with), once the page's fonts have settled
FACES_JS = f"""async () => {{
    await document.fonts.ready;
    return [...document.fonts].filter(f => f.family.replace(/["']/g, '') === '{FA_FAMILY}')
                              .map(f => ({{weight: String(f.weight), status: f.status}}));
}}"""


def local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS


class Recorder:
    """Every request and WebSocket of a page, what it got back, and what was refused."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.failed: list[str] = []
        self.status: dict[str, int] = {}
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))
        page.on("response", lambda r: self.status.__setitem__(r.url, r.status))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.route("**/*", self.route)

    def route(self, route) -> None:
        if local(route.request.url):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort("internetdisconnected")

    def outside(self) -> list[str]:
        return sorted({u for u in self.requests if not local(u)})


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_page_asks_nothing_of_the_internet_and_draws_its_icons(shared_app, page, notebook):
    seen = Recorder(page)
    page.goto(shared_app.url(notebook))
    page.wait_for_selector(".kk-page")
    page.wait_for_selector(".kk-site input")  # the form rendered: the kernel ran, the widgets drew
    page.wait_for_selector("button i.fa")
    faces = page.evaluate(FACES_JS)
    icons = page.evaluate(ICONS_JS)

    assert seen.refused == [] and seen.outside() == [], f"requests off this computer: {seen.outside()}"
    assert any(urlsplit(u).path == FA_SOLID and s == 200 for u, s in seen.status.items()), (
        f"the Font Awesome font was not fetched from Voila: {sorted(seen.status)}"
    )
    assert {"weight": "900", "status": "loaded"} in faces, faces
    assert icons, "no button with an icon on the page"
    for icon in icons:
        assert FA_FAMILY in icon["family"] and icon["weight"] == "900", icon
        assert icon["glyph"] not in ("none", "normal", '""'), f"no Font Awesome glyph for {icon['cls']}"
    assert not [f for f in seen.failed if FA_SOLID in f or "/voila/" in f], seen.failed
    assert page.locator(".kk-messages .kk-msg-error").count() == 0


def kit_icons() -> list[str]:
    """Every `icon="..."` the forms give ipywidgets, read from their source (some are Font Awesome 4 names)."""
    ui = Path(konnektor_kit.__file__).parent / "ui"
    return sorted({m for f in ui.glob("*.py") for m in re.findall(r'icon="([\w-]+)"', f.read_text(encoding="utf-8"))})


def test_every_icon_the_kit_uses_is_in_the_local_font(shared_app, page):
    """Also those a page shows only later (staff actions, results): all.min.css + v4-shims.min.css have them."""
    names = kit_icons()
    assert {
        "list",
        "search",
        "save",
        "undo",
        "folder-open",
        "sign-in",
        "exclamation-triangle",
        "check",
        "thumbs-up",
        "file",
    } <= set(names), names
    Recorder(page)
    page.goto(shared_app.url("00_baslangic"))
    page.wait_for_selector("button i.fa")
    glyphs = page.evaluate(
        """names => Object.fromEntries(names.map(n => {
        const i = document.createElement('i');
        i.className = 'fa fa-' + n;
        document.body.appendChild(i);
        const glyph = getComputedStyle(i, '::before').content;
        i.remove();
        return [n, glyph];
    }))""",
        names,
    )
    missing = [n for n, g in glyphs.items() if g in ("none", "normal", '""')]
    assert missing == [], f"icons Font Awesome 5 (all.min.css + v4-shims.min.css) does not have: {missing}"
