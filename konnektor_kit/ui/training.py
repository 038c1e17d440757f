"""05 — Eğitim: a trainer picks a sandbox scenario, resets it, trainees work through the guides,
and "Kontrol Et" grades every module against what the scenario expects."""
from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from ..domain.settings import target_label
from ..services.sandbox import create_sandbox, grade, read_sandbox, scenario_titles
from .common import DEFAULT_SANDBOX, Page, link, table_html
from .start import GUIDES

TRAINING_ROOT = DEFAULT_SANDBOX.parent / "egitim"


class TrainingPage(Page):
    title_key = "ui.title.training"
    notebook = "05_egitim"
    section = "training"

    def body(self) -> list[w.Widget]:
        self.scenario = self.say(w.Dropdown(layout=w.Layout(width="420px")), "description", "ui.scenario")
        self.label_scenarios()
        self.scenario.add_class("kk-scenario")
        self.year = self.year_field()
        self.reset_button = self.button("ui.reset", "kk-reset", self.reset, icon="refresh", button_style="warning")
        self.story = w.HTML()
        self.story.add_class("kk-story")
        self.guides = w.HTML()
        self.grade_button = self.button("ui.grade", "kk-grade", self.grade, icon="graduation-cap", button_style="success")
        self.grades = w.HTML()
        self.grades.add_class("kk-grades")
        return [w.HBox([self.scenario, self.year, self.reset_button]), self.story, self.guides,
                self.grade_button, self.grades]

    def label_scenarios(self) -> None:
        i = 1 if self.lang == "en" else 0
        keep = self.scenario.value
        self.scenario.options = [(f"{title[i]} ({name})", name) for name, title in scenario_titles().items()]
        if keep is not None:
            self.scenario.value = keep

    def reset(self) -> None:
        self.clear()
        folder = TRAINING_ROOT / self.scenario.value
        self.site_path = create_sandbox(folder, self.scenario.value, self.year_value())
        self.site_field.value = str(self.site_path)
        self.grades.value = ""
        self.site_changed()
        self.show(self.text("ui.reset_done", scenario=self.scenario.value), "ok")

    def refresh(self) -> None:
        self.label_scenarios()
        info = read_sandbox(self.site_path)
        if info is None:
            self.story.value = f"<div class='kk-msg kk-msg-warning'>{html.escape(self.text('ui.not_sandbox'))}</div>"
            self.guides.value = ""
            return
        if self.scenario.value != info.scenario:
            self.scenario.value = info.scenario
        i = 1 if self.lang == "en" else 0
        self.story.value = (f"<div class='kk-msg kk-msg-info'><b>{html.escape(info.title[i])}</b> ({info.year}): "
                            f"{html.escape(info.story[i])}</div>")
        self.guides.value = " · ".join(
            f"<a href='{link(nb, self.site_path, self.lang)}'>{html.escape(self.text(key))}</a>"
            for nb, key in GUIDES if nb != "05_egitim")

    def grade(self) -> None:
        info = read_sandbox(self.site_path)
        if info is None:
            self.show(self.text("ui.not_sandbox"), "warning")
            return
        with self.workspace() as ws:
            grades = grade(info, ws.store.read_all())
        done = sum(g.ok for g in grades)

        frame = pd.DataFrame([{self.text("col.module"): g.module, self.text("col.branch"): g.branch or "—",
                               self.text("ui.now"): target_label(*g.now), self.text("ui.expected"): target_label(*g.expected),
                               self.text("col.ok"): "✓" if g.ok else "✗"} for g in grades])
        classes = [[f"kk-cell-{'ok' if g.ok else 'error'}"] * len(frame.columns) for g in grades]
        self.grades.value = table_html(frame, classes)
        kind = "ok" if done == len(grades) else "warning"
        self.show(self.text("ui.graded", done=done, total=len(grades)), kind)


def show(site: str | None = None) -> TrainingPage:
    from IPython.display import display
    page = TrainingPage(site)
    display(page.root)
    return page
