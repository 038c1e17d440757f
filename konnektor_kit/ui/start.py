"""00 — Başlangıç: open a site, see every module × branch at a glance, and go to the right guide."""

from __future__ import annotations

import html

import ipywidgets as w

from ..i18n import Lang, word
from ..present import views
from ..services.test import CheckResult
from .guide import SECTIONS
from .new_customer import NewCustomerSection
from .page import Page
from .readiness import ReadinessSection
from .request import link
from .tables import severity_html

#: the start page's links to the other pages: (section, its notebook), their words ui.guide.<section>
GUIDES = [(section, notebook) for section, notebook in SECTIONS.items() if section != "start"]


class StartPage(Page):
    section = "start"

    def body(self) -> list[w.Widget]:
        self.year = self.year_field()
        self.check_button = self.button("ui.check_all", "kk-check", self.refresh, icon="heartbeat", button_style="info")
        self.matrix = w.HTML()
        self.matrix.add_class("kk-matrix")
        self.advice = w.HTML()
        self.guides = w.HTML()
        self.guides.add_class("kk-guides")
        self.results: list[CheckResult] = []
        self.readiness = ReadinessSection(self)
        self.new_customer = NewCustomerSection(self)  # `init`: a new customer's site file, for the app's engineers
        return [
            w.HBox([self.year, self.check_button]),
            self.matrix,
            self.advice,
            self.guides,
            self.readiness.box,
            self.new_customer.box,
        ]

    def refresh(self) -> None:
        self.results = self.check_all(self.year_value())
        self.matrix.value = matrix_html(self.results, self.lang)
        self.advice.value = self.advice_html()
        self.guides.value = " · ".join(
            f"<a href='{link(nb, self.open_path(), self.lang)}' class='kk-guide-{nb[:2]}'>"
            f"{html.escape(word(f'ui.guide.{section}', self.lang))}</a>"
            for section, nb in GUIDES
        )
        self.readiness.draw()
        self.new_customer.show()
        self.new_customer.draw()

    def advice_html(self) -> str:
        """Point at the guide the state calls for: errors → diagnosis, old year → new-year transition."""
        if not self.results:
            return ""
        wrong_year = [r for r in self.results if r.category == "wrong_year"]
        other = [r for r in self.results if not r.ok and r.category != "wrong_year"]
        if other:
            key, nb = "ui.advice.diagnose", SECTIONS["diagnosis"]
        elif wrong_year:
            key, nb = "ui.advice.new_year", SECTIONS["new_year"]
        else:
            return f"<div class='kk-msg kk-msg-ok'>{html.escape(word('ui.advice.all_ok', self.lang))}</div>"
        text = self.text(key, count=len(other or wrong_year), year=self.year_value())
        return (
            f"<div class='kk-msg kk-msg-warning kk-advice'>{html.escape(text)} "
            f"<a href='{link(nb, self.open_path(), self.lang)}'>→</a></div>"
        )


def matrix_html(results: list[CheckResult], lang: Lang) -> str:
    """Modules down, branches across; each cell where the module points, coloured by its health."""
    return severity_html(*views.matrix(results, lang))


def show(site: str | None = None) -> StartPage:
    """The page in the notebook; under KONNEKTOR_KIT_STRICT=1 an unexpected error while it opens raises."""
    from .page import display_page

    return display_page(StartPage(site))
