"""03 — Konnektör içinden veri tabanı değişikliği (section 3): product by product, as the running
Konnektör shows it, with the "eFinans Personeli" field.

Staff-only actions (GÜNCELLE without a passing test, the change history and undo) are not built
until the site's staff credential is given: before that they do not exist on the page at all.
"""
from __future__ import annotations

import ipywidgets as w
import pandas as pd

from ..data.site import load_site
from ..i18n import word
from ..services import plan as planning
from ..services.staff import StaffGate
from .common import table_html
from .connection import ConnectionPage


class InsidePage(ConnectionPage):
    title_key = "ui.title.inside"

    def chooser(self) -> list[w.Widget]:
        self.products = w.ToggleButtons(style={"button_width": "110px"})
        self.products.add_class("kk-products")
        self.products.observe(lambda change: self.pick_product(change["new"]), names="value")
        return [self.products]

    def extras(self) -> list[w.Widget]:
        self.gate: StaffGate | None = None
        self.staff_field = self.say(w.Password(layout=w.Layout(width="320px")), "description", "ui.staff")
        self.staff_field.add_class("kk-staff")
        self.staff_button = self.button("ui.enter", "kk-staff-enter", self.enter, icon="sign-in")
        self.staff_hint = w.HTML()
        self.staff_area = w.VBox()
        self.staff_area.add_class("kk-staff-area")
        return [w.HTML("<hr>"), w.HBox([self.staff_field, self.staff_button]), self.staff_hint, self.staff_area]

    def refresh(self) -> None:
        super().refresh()
        modules = list(self.module.options)
        self.products.options = modules
        if self.module.value in modules:
            self.products.value = self.module.value
        self.staff_hint.value = f"<span class='kk-hint'>{word('ui.staff_hint', self.lang)}</span>"
        if self.staff_area.children:
            self.draw_history()

    def pick_product(self, module: str | None) -> None:
        if module and module != self.module.value:
            self.module.value = module

    # eFinans Personeli -----------------------------------------------------------------------
    def enter(self) -> None:
        credential = self.staff_field.value
        self.staff_field.value = ""  # never kept in a widget's state longer than the check
        if self.gate is None or self.gate.site.path != self.site_path.resolve():
            self.gate = StaffGate(load_site(self.site_path))
        if not self.gate.configured:
            self.show(word("ui.staff_not_configured", self.lang), "warning")
            return
        if not self.gate.check(credential):
            self.show(word("ui.staff_refused", self.lang), "error")
            return
        self.show(word("ui.staff_ok", self.lang), "ok")
        self.build_staff_area()

    def build_staff_area(self) -> None:
        force = w.Button(description=word("ui.force_update", self.lang), icon="exclamation-triangle",
                         button_style="warning", layout=w.Layout(width="auto"))
        force.add_class("kk-force-update")
        force.on_click(lambda _: self.run(lambda: self.update(tested_only=False)))
        self.history = w.HTML()
        self.history.add_class("kk-history")
        self.undo_button = w.Button(description=word("ui.undo_last", self.lang), icon="undo")
        self.undo_button.add_class("kk-undo")
        self.undo_button.on_click(lambda _: self.run(self.undo))
        self.staff_area.children = [force, self.history, self.undo_button]
        self.draw_history()

    def draw_history(self) -> None:
        with self.workspace() as ws:
            records = ws.store.history()
        frame = pd.DataFrame([{word("col.change", self.lang): r.id, word("col.time", self.lang): r.time,
                               word("col.kind", self.lang): r.kind, word("col.note", self.lang): r.note,
                               word("col.rows", self.lang): len(r.rows),
                               word("col.undone_by", self.lang): r.undone_by or "—"} for r in reversed(records)])
        self.history.value = table_html(frame)

    def undo(self) -> None:
        with self.workspace() as ws:
            record = planning.undo_change(ws)
        self.show(self.text("undo.done", change=record.undoes, count=len(record.rows), undo=record.id),
                  "ok")
        self.refresh()


def show(site: str | None = None) -> InsidePage:
    from IPython.display import display
    page = InsidePage(site)
    display(page.root)
    return page
