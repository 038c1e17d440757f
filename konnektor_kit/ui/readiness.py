"""December's "Yeni yıla hazır mı?" as a section of a page (00_baslangic and 04_teshis): the
readiness service's answer for next year, one row per module and branch, coloured by state."""

from __future__ import annotations

import html

import ipywidgets as w

from ..clock import today
from ..domain.codes import parse_year
from ..present import views
from ..services.inspect import inspect_settings
from ..services.readiness import SiteReadiness, readiness
from .page import Page
from .tables import severity_html


class ReadinessSection:
    """A year (next year by default), a button, a summary and a table; it never touches SQL."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: SiteReadiness | None = None
        self.year = page.say(
            w.Text(value=str(today().year + 1), layout=w.Layout(width="240px")), "description", "ui.ready_year"
        )
        self.year.add_class("kk-ready-year")
        self.button = page.button("ui.ready", "kk-ready", self.check, icon="calendar-check")
        self.summary = w.HTML()
        self.table = w.HTML()
        self.table.add_class("kk-readiness")
        self.box = w.VBox([w.HBox([self.year, self.button]), self.summary, self.table])

    def check(self) -> None:
        year = parse_year(self.year.value)
        with self.page.workspace() as ws:
            settings = inspect_settings(ws)
            with self.page.busy(len(settings)) as step:
                self.found = readiness(ws, year, step)
        self.draw()

    def draw(self) -> None:
        """Redraw in the page's language; an answer for another site than the open one is dropped."""
        if self.found is not None and self.found.site_path != str(self.page.site_path):
            self.found = None
        if self.found is None:
            self.summary.value = self.table.value = ""
            return
        lang = self.page.lang
        self.table.value = severity_html(views.readiness(self.found, lang), views.readiness_severities(self.found))
        kind = "ok" if self.found.ready else "warning"
        self.summary.value = (
            f"<div class='kk-msg kk-msg-{kind} kk-ready-summary'>{html.escape(self.found.summary().get(lang))}</div>"
        )
