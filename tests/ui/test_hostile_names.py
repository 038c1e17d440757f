"""Every page rendered with hostile names (branch, database, firm, site): no element and no event
handler is ever created from them — they are shown as text."""

from __future__ import annotations

import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as w

from konnektor_kit.services.workspace import open_workspace
from konnektor_kit.ui.diagnosis import DiagnosisPage
from konnektor_kit.ui.inside import InsidePage
from konnektor_kit.ui.new_year import NewYearPage
from konnektor_kit.ui.optional_move import OptionalMovePage
from konnektor_kit.ui.start import StartPage
from konnektor_kit.ui.training import TrainingPage

BRANCH = "<img src=x onerror=alert(1)>"
DATABASE = "IZMIR<script>alert(2)</script>2025"
FIRM = "<b onmouseover=alert(3)>ÖRNEK</b>"
SITE = "<svg onload=alert(4)>"
ALLOWED_TAGS = {
    "div",
    "span",
    "b",
    "a",
    "nav",
    "ol",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "style",
    "p",
    "hr",
    "br",
    "h1",
    "h2",
    "h3",
    "ul",
    "li",
    "i",
    "small",
    "details",
    "summary",
    "code",
    "strong",
    "em",
}


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def hostile_site(site: Path) -> Path:
    folder = Path(site).parent
    conn = sqlite3.connect(folder / "konnektor.sqlite")
    with conn:
        conn.execute("UPDATE KONNEKTOR_MODUL_AYAR SET SUBE = ? WHERE SUBE = 'İzmir Şube'", (BRANCH,))
        conn.execute(
            "UPDATE KONNEKTOR_MODUL_AYAR SET VERITABANI = ? WHERE MODUL = 'e-Fatura' AND SUBE = ?", (DATABASE, BRANCH)
        )
    conn.close()
    logo = sqlite3.connect(folder / "databases" / "LOGODB.sqlite")
    with logo:
        logo.execute("UPDATE L_CAPIFIRM SET NAME = ? WHERE NR = 3", (FIRM,))  # "another firm (NAME)"
    logo.close()
    text = site.read_text(encoding="utf-8").splitlines()
    text[0] = f'name = "{SITE}"'
    site.write_text("\n".join(text) + "\n", encoding="utf-8")
    return site


def markup(widget: w.Widget) -> list[str]:
    """Every piece of HTML a widget tree puts on the page."""
    found = []
    if isinstance(widget, (w.HTML, w.HTMLMath)):
        found.append(widget.value)
    if getattr(widget, "description_allow_html", False):
        found.append(widget.description)
    for child in getattr(widget, "children", ()):
        found += markup(child)
    return found


def assert_inert(page) -> None:
    parser = Elements()
    for piece in markup(page.root):
        parser.feed(piece)
    assert set(parser.tags) <= ALLOWED_TAGS, set(parser.tags) - ALLOWED_TAGS
    assert not parser.handlers, parser.handlers
    shown = " ".join(markup(page.root))
    assert "<img" not in shown and "<script" not in shown and "<svg" not in shown


def test_every_page_shows_hostile_names_as_text(site):
    site = hostile_site(site)
    start = StartPage(site)
    assert "&lt;img" in start.matrix.value, "the branch is on the page, as text"
    assert_inert(start)
    new_year = NewYearPage(site)
    new_year.plan_button.click()
    new_year.search_row.value = ("e-Fatura", "Merkez")
    new_year.search_button.click()
    assert "&lt;b onmouseover" in new_year.candidates.value
    assert_inert(new_year)
    new_year.search_row.value = ("e-Fatura", BRANCH)
    new_year.search_button.click()
    assert_inert(new_year)
    connection = OptionalMovePage(site)
    connection.module.value = "e-Fatura"
    connection.branch.value = BRANCH
    assert_inert(connection)
    assert_inert(InsidePage(site))
    diagnosis = DiagnosisPage(site)
    diagnosis.run_button.click()
    assert_inert(diagnosis)
    assert_inert(TrainingPage(site))


def test_the_report_shows_hostile_names_as_text(site):
    from konnektor_kit.present.report import diagnosis_html
    from konnektor_kit.services.test import check_settings

    site = hostile_site(site)
    with open_workspace(site) as ws:
        report = diagnosis_html(ws.site, check_settings(ws, ws.store.read_all(), 2026), "tr", 2026)
    parser = Elements()
    parser.feed(report)
    assert {"img", "script", "svg"}.isdisjoint(parser.tags) and not parser.handlers
    assert "&lt;img" in report and "&lt;svg" in report
