"""04 — Teşhis: every check for a support ticket, each failure with its guidance, and a
self-contained HTML report (no passwords) to attach to the ticket."""

from __future__ import annotations

import base64
import html

import ipywidgets as w

from ..i18n import Lang, plural
from ..present import views
from ..present.markup import esc
from ..present.report import save_diagnosis
from ..services.test import CheckResult
from .page import Page
from .readiness import ReadinessSection
from .tables import severity_html


class DiagnosisPage(Page):
    section = "diagnosis"

    def body(self) -> list[w.Widget]:
        self.results: list[CheckResult] = []
        self.year = self.year_field()
        self.run_button = self.button(
            "ui.diagnose", "kk-diagnose", self.diagnose, icon="stethoscope", button_style="info"
        )
        self.report_button = self.button("ui.report", "kk-report", self.report, icon="file", disabled=True)
        self.summary = w.HTML()
        self.table = w.HTML()
        self.table.add_class("kk-diagnosis")
        self.download = w.HTML()
        self.download.add_class("kk-download")
        self.readiness = ReadinessSection(self)
        return [
            w.HBox([self.year, self.run_button, self.report_button]),
            self.summary,
            self.table,
            self.download,
            self.readiness.box,
        ]

    def diagnose(self) -> None:
        self.clear()
        self.download.value = ""
        self.results = self.check_all(self.year_value())
        self.draw()
        self.report_button.disabled = False

    def draw(self) -> None:
        if not self.results:
            return
        self.table.value = severity_html(views.checks(self.results, self.lang), views.check_severities(self.results))
        failed = sum(1 for r in self.results if not r.ok)
        kind = "error" if failed else "ok"
        self.summary.value = (
            f"<div class='kk-msg kk-msg-{kind}'>"
            f"{html.escape(self.text('report.summary', total=plural(len(self.results), 'plural.setting'), failed=failed))}</div>"
        )

    def report(self) -> None:
        """Written beside the site file (by the report service, into the kit's own `reports/`) and
        offered as a download: the page itself touches no file."""
        with self.workspace() as ws:
            path, text = save_diagnosis(ws, self.results, self.lang, self.year_value())
        data = base64.b64encode(text.encode("utf-8")).decode("ascii")
        self.download.value = (
            f"<a download='{esc(path.name)}' href='data:text/html;charset=utf-8;base64,{data}'>"
            f"⬇ {html.escape(self.text('ui.report_ready', path=str(path)))}</a>"
        )

    def refresh(self) -> None:
        self.draw()
        self.readiness.draw()


def show(
    site: str | None = None, year: int | None = None, lang: Lang | None = None, diagnose: bool = False
) -> DiagnosisPage:
    """The page in the notebook; under KONNEKTOR_KIT_STRICT=1 an unexpected error while it opens raises.

    `diagnose` (papermill's parameter, campaign --notebooks) runs every check at once and shows the
    summary and table as plain HTML too, so the executed notebook reads without a widget renderer."""
    from IPython.display import HTML, display

    from .page import display_page

    page = DiagnosisPage(site, lang)
    if year is not None:
        page.year.value = str(year)
    if diagnose:
        page.run(page.diagnose)
    display_page(page)
    if diagnose:
        shown = page.summary.value + page.table.value + "".join(m.value for m in page.messages.children)
        display(HTML(shown))
    return page
