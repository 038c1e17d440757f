"""December's "Yeni yıla hazır mı?" as a section of a page (00_baslangic and 04_teshis): the
readiness service's answer for next year, one row per module and branch, coloured by state."""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as w
import pandas as pd

from ..domain.codes import parse_year
from ..i18n import word
from ..services.inspect import inspect_settings
from ..services.readiness import SiteReadiness, readiness
from .common import Page, table_html

CELL = {"automatic": "ok", "ready": "ok", "missing": "error", "decide": "warning", "broken": "error"}


class ReadinessSection:
    """A year (next year by default), a button, a summary and a table; it never touches SQL."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: SiteReadiness | None = None
        self.year = page.say(
            w.Text(value=str(date.today().year + 1), layout=w.Layout(width="240px")), "description", "ui.ready_year"
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
        rows = []
        for r in self.found.rows:
            target = r.item.after.label if r.state == "ready" else r.setting.label if r.automatic else "—"
            rows.append(
                {
                    word("col.module", lang): r.setting.module,
                    word("col.branch", lang): r.setting.branch or word("branch.none", lang),
                    word("col.program", lang): r.setting.program,
                    word("ready.col.state", lang): word(f"ready.state.{r.state}", lang),
                    word("ready.col.target", lang): target,
                    word("ready.col.who", lang): word(f"ready.who.{r.who}", lang) if r.who else "—",
                    word("ready.col.todo", lang): r.todo(self.found.site_path).get(lang),
                }
            )
        frame = pd.DataFrame(rows)
        classes = [[f"kk-cell-{CELL[r.state]}"] * len(frame.columns) for r in self.found.rows]
        self.table.value = table_html(frame, classes)
        kind = "ok" if self.found.ready else "warning"
        self.summary.value = (
            f"<div class='kk-msg kk-msg-{kind} kk-ready-summary'>{html.escape(self.found.summary().get(lang))}</div>"
        )
