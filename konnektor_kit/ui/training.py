"""05 — Eğitim: a trainer picks a sandbox scenario, resets it, trainees work through the guides,
and "Kontrol Et" grades every module against what the scenario expects.

The site and the language live in the page's address, so they survive the links to 01–03, the
browser's Back button and a reload. "Kur / Sıfırla" is therefore a link, not a kernel button: it
opens this page again at `?site=<the scenario's training site>&lang=..&scenario=..&year=..&reset=<nonce>`,
and the page that opens resets the scenario only if that nonce was never used (services/training.py).
Coming back to that address later opens the same training site and keeps the exercise.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote, urlencode

import ipywidgets as w

from ..access.sites import resolve
from ..clock import today
from ..domain.codes import parse_year
from ..env import SITE_FILE, TRAINING_ROOT
from ..i18n import Lang, as_lang, plural, t
from ..present import views
from ..present.markup import esc
from ..present.page_frame import ACTION
from ..services.inspect import inspect_settings
from ..training.grading import Grade, grade
from ..training.reset_links import ResetNonces, new_nonce
from ..training.sandbox import build_scenario, create_sandbox, read_sandbox, scenario_titles
from .page import Page
from .request import link, query_params
from .start import GUIDES
from .tables import severity_html

RESET_STYLE = (
    f"display:inline-block;padding:.35em 1em;margin-left:.6em;background:{ACTION};color:#fff;"
    "border-radius:2px;text-decoration:none;font-size:.95em"
)


def training_site(scenario: str) -> Path:
    """Where the training page keeps a scenario's sandbox (allowed by `konnektor-kit serve`)."""
    return TRAINING_ROOT / scenario / SITE_FILE


class TrainingPage(Page):
    section = "training"

    def __init__(
        self, site: str | Path | None = None, lang: Lang | None = None, query: dict[str, str] | None = None
    ) -> None:
        """`query` is the page's address (Voila's query string unless given)."""
        self.query = query_params() if query is None else dict(query)
        self.nonce = new_nonce()  # this page's own "Kur / Sıfırla" link
        super().__init__(site or self.query.get("site") or None, lang or as_lang(self.query.get("lang")))

    def take_reset(self) -> None:
        """The address's reset, done once per nonce, before the page opens its site (from `body`):
        the site the page then opens is the one just reset."""
        nonce = self.query.get("reset")
        if not nonce:
            return
        name = self.query.get("scenario", "")
        year = parse_year(self.query.get("year") or str(today().year))
        build_scenario(name, year)  # an unknown name is its message, before any path is made of it
        site = training_site(name)
        asked = self.query.get("site")
        outcome = "invalid" if asked and resolve(asked) != resolve(site) else ResetNonces(TRAINING_ROOT).take(nonce)
        if outcome == "used":
            self.tell(t("training.reset_used"), "info")
        elif outcome == "invalid":
            self.tell(t("training.reset_invalid"), "warning")
        else:
            self.site_path = create_sandbox(site.parent, name, year)
            self.site_field.value = str(self.site_path)
            self.tell(t("ui.reset_done", scenario=name), "ok")

    def body(self) -> list[w.Widget]:
        self.graded: tuple[Path | None, list[Grade]] | None = None  # the last "Kontrol Et", for its site
        self.run(self.take_reset)  # Page.__init__ opens the site after body()
        self.scenario = self.say(w.Dropdown(layout=w.Layout(width="420px")), "description", "ui.scenario")
        self.label_scenarios()
        if self.query.get("scenario") in scenario_titles():
            self.scenario.value = self.query["scenario"]
        self.scenario.add_class("kk-scenario")
        self.year = self.year_field()
        if self.query.get("year"):
            self.year.value = self.query["year"]
        self.reset_link = w.HTML()
        self.reset_link.add_class("kk-reset")
        self.scenario.observe(lambda _: self.draw_reset_link(), names="value")
        self.year.observe(lambda _: self.draw_reset_link(), names="value")
        self.story = w.HTML()
        self.story.add_class("kk-story")
        self.guides = w.HTML()
        self.guides.add_class("kk-guides")
        self.grade_button = self.button(
            "ui.grade", "kk-grade", self.grade, icon="graduation-cap", button_style="success"
        )
        self.grades = w.HTML()
        self.grades.add_class("kk-grades")
        return [
            w.HBox([self.scenario, self.year, self.reset_link], layout=w.Layout(align_items="center")),
            self.story,
            self.guides,
            self.grade_button,
            self.grades,
        ]

    def reset_href(self) -> str:
        """This page at the chosen scenario's training site, with a nonce not used yet."""
        name = self.scenario.value
        query = urlencode(
            {
                "site": str(training_site(name)),
                "lang": self.lang,
                "scenario": name,
                "year": self.year.value.strip(),
                "reset": self.nonce,
            },
            quote_via=quote,
        )
        return f"{self.notebook}.ipynb?{query}"

    def draw_reset_link(self) -> None:
        self.reset_link.value = (
            f"<a class='kk-reset-link' style='{RESET_STYLE}' href='{esc(self.reset_href())}'>"
            f"&#10227; {esc(self.text('training.reset'))}</a>"
        )

    def relabel(self) -> None:
        super().relabel()
        self.draw_reset_link()  # the link keeps the language too

    def label_scenarios(self) -> None:
        i = 1 if self.lang == "en" else 0
        keep = self.scenario.value
        self.scenario.options = [(f"{title[i]} ({name})", name) for name, title in scenario_titles().items()]
        self.scenario.value = keep if keep is not None else self.scenario.options[0][1]

    def draw_grades(self) -> None:
        """The last "Kontrol Et" in the page's language; a grade of another site than the open one is dropped."""
        graded = self.graded
        if graded is None or graded[0] != self.site_path:
            self.graded, self.grades.value = None, ""
            return
        grades = graded[1]
        self.grades.value = severity_html(views.grades(grades, self.lang), views.grade_severities(grades))

    def refresh(self) -> None:
        self.draw_grades()
        self.label_scenarios()
        info = read_sandbox(self.open_path())
        if info is None:
            warning = html.escape(self.text("training.not_sandbox"))
            self.story.value = f"<div class='kk-msg kk-msg-warning'>{warning}</div>"
            self.guides.value = ""
            return
        if self.scenario.value != info.scenario:
            self.scenario.value = info.scenario
        i = 1 if self.lang == "en" else 0
        self.story.value = (
            f"<div class='kk-msg kk-msg-info'><b>{html.escape(info.title[i])}</b> ({info.year}): "
            f"{html.escape(info.story[i])}</div>"
        )
        self.guides.value = " · ".join(
            f"<a class='kk-guide-{nb[:2]}' href='{esc(link(nb, self.open_path(), self.lang))}'>"
            f"{html.escape(self.text(f'ui.guide.{section}'))}</a>"
            for section, nb in GUIDES
            if section != self.section
        )

    def grade(self) -> None:
        info = read_sandbox(self.open_path())
        if info is None:
            self.tell(t("training.not_sandbox"), "warning")
            return
        with self.workspace() as ws:
            grades = grade(info, inspect_settings(ws))
        done = sum(g.ok for g in grades)
        self.graded = (self.site_path, grades)
        self.draw_grades()
        kind = "ok" if done == len(grades) else "warning"
        self.tell(t("ui.graded", done=done, total=plural(len(grades), "plural.setting")), kind)


def show(site: str | None = None) -> TrainingPage:
    """The page in the notebook; under KONNEKTOR_KIT_STRICT=1 an unexpected error while it opens raises."""
    from .page import display_page

    return display_page(TrainingPage(site))
