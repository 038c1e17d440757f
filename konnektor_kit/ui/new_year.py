"""01 — Yeni Yıl Geçiş Ayarları (section 1): every module and branch at once, or one by one.

"Planı hazırla" asks the kit's plan; "Firma / Dönem Ara" or "Veri tabanı Ara" opens the candidates
of one row, "Seç" picks one, "Tamam" puts it in the plan; the preview shows every change before
"GÜNCELLE" writes the chosen rows in one transaction; then each module is tested.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from ..access.sites import SiteStamp
from ..domain.decisions import Candidate
from ..domain.programs import profile_for
from ..exceptions import NeedsConfirmation
from ..i18n import t, word
from ..present import views
from ..present.page_frame import RULE
from ..services import plan as planning
from ..services.inspect import inspect_settings
from ..services.readiness import not_opened
from ..services.test import CheckResult, check_settings
from .page import Page
from .tables import severity_html, table_html

#: the plan table's columns: tick box, module, branch, before, after, status (its reason under it)
PLAN_COLUMNS = (
    "28px minmax(70px, max-content) minmax(80px, max-content) minmax(0, 1fr) minmax(0, 1fr) minmax(110px, max-content)"
)


class NewYearPage(Page):
    section = "new_year"

    def body(self) -> list[w.Widget]:
        self.plan: planning.Plan | None = None
        self.checked: tuple[Path | None, list[CheckResult]] | None = None  # GÜNCELLE's tests, for the site
        self.year = self.year_field()
        self.plan_button = self.button("ui.make_plan", "kk-plan", self.make_plan, icon="list", button_style="info")
        self.plan_stamp: SiteStamp | None = None  # the site (path, content) the plan was made for
        self.rows = w.GridBox(layout=w.Layout(grid_template_columns=PLAN_COLUMNS, grid_gap="2px 8px", width="100%"))
        self.rows.add_class("kk-rows")
        self.row_checks: dict[tuple[str, str], w.Checkbox] = {}
        # "Firma / Dönem Ara" / "Veri tabanı Ara" for one row
        self.search_row = w.Dropdown(layout=w.Layout(width="360px"))
        self.search_row.add_class("kk-search-row")
        self.search_button = w.Button(icon="search", layout=w.Layout(width="auto"))
        self.search_button.add_class("kk-search")
        self.search_button.on_click(lambda _: self.run(self.search))
        self.search_row.observe(lambda _: self.label_search(), names="value")
        self.candidates = w.HTML()
        self.candidates.add_class("kk-candidates")
        self.pick = w.RadioButtons(layout=w.Layout(width="auto"))
        self.pick.add_class("kk-pick")
        self.select_button = self.button("ui.select", "kk-select", self.select, icon="check")
        self.ok_button = self.button("ui.ok", "kk-ok", self.confirm, icon="thumbs-up")
        # a candidate that does not hold the transition day is taken only after this second click
        self.other_year_button = self.button(
            "ui.choose_anyway",
            "kk-choose-anyway",
            self.confirm_other_year,
            icon="exclamation-triangle",
            button_style="warning",
        )
        self.other_year_button.layout.display = "none"
        self.chosen: Candidate | None = None
        self._candidates: list[Candidate] = []
        self.chosen_text = w.HTML()
        self.search_box = w.VBox(
            [
                w.HBox([self.search_row, self.search_button]),
                self.candidates,
                self.pick,
                w.HBox([self.select_button, self.ok_button, self.other_year_button]),
                self.chosen_text,
            ],
            layout=w.Layout(display="none", border=f"1px solid {RULE}", padding="6px"),
        )
        self.preview = w.HTML()
        self.preview.add_class("kk-preview")
        self.update_button = self.button(
            "ui.update", "kk-update", self.update, icon="save", button_style="danger", disabled=True
        )
        self.result = w.HTML()
        self.result.add_class("kk-result")
        return [
            w.HBox([self.year, self.plan_button]),
            self.rows,
            self.search_box,
            self.preview,
            self.update_button,
            self.result,
        ]

    # plan ----------------------------------------------------------------------------------
    def make_plan(self) -> None:
        self.clear()
        self.result.value = ""
        self.plan_stamp = self.site_stamp()
        with self.workspace() as ws:
            settings = inspect_settings(ws)
            with self.busy(len(settings)) as step:
                leave_out = t("plan.edefter_leave_out.page")
                self.plan = planning.plan_new_year(ws, self.year_value(), settings, step, leave_out=leave_out)
        self.row_checks = {}
        for item in self.plan.items:
            box = w.Checkbox(value=item.changes, indent=False, layout=w.Layout(width="auto"))
            box.add_class("kk-row-check")
            box.observe(lambda _: self.draw_preview(), names="value")
            box.add_class(f"kk-row-{len(self.row_checks)}")
            self.row_checks[item.before.key] = box
        self.search_row.options = self.search_options()
        first_open = next((i for i in self.plan.items if not i.ok), self.plan.items[0] if self.plan.items else None)
        if first_open is not None:
            self.search_row.value = first_open.before.key
        self.label_search()
        self.search_box.layout.display = "flex"
        self.draw_rows()
        self.draw_preview()
        blocked = self.plan.blocked
        if blocked:
            # a year nothing was opened for yet is the accounting vendor's, said per program as `ready` says it
            said = [m.get(self.lang) for m in not_opened(blocked, self.plan.year or self.year_value())]
            open_rows = [i for i in blocked if i.status != "not_found"]
            if open_rows or not said:
                said.append(self.text("ui.plan_blocked", count=len(open_rows) or len(blocked)))
            self.tell(" ".join(said), "warning")

    def search_options(self) -> list[tuple[str, tuple[str, str]]]:
        items = self.plan.items if self.plan is not None else ()
        return [
            (f"{i.before.module} / {i.before.branch or word('branch.none', self.lang)}", i.before.key) for i in items
        ]

    def draw_rows(self) -> None:
        """The plan as a table, one row a module × branch: its tick box, where it points now and after,
        its status (the reason under it, opened on demand) and its caution on a line of its own."""
        if self.plan is None:
            self.rows.children = []
            return
        cell = "<div class='kk-cell {css}'>{text}</div>"
        heads = ("col.module", "col.branch", "col.before", "col.after", "col.ok")
        cells: list[w.Widget] = [w.HTML("")]
        cells += [w.HTML(cell.format(css="kk-plan-head", text=html.escape(word(h, self.lang)))) for h in heads]
        for item in self.plan.items:
            status = html.escape(word(f"status.{item.status}", self.lang))
            after = item.after.label if item.changes else word("word.unchanged", self.lang)
            if item.other_year:
                after += " ⚠ " + word("ui.other_year", self.lang)
            reason = (
                f"<span class='kk-badge kk-badge-{'ok' if item.ok else 'error'}'>{status}</span>"
                f"<details class='kk-reason'><summary>{html.escape(word('col.reason', self.lang))}</summary>"
                f"{html.escape(item.reason.get(self.lang))}</details>"
            )
            row = "kk-plan-move" if item.changes else "kk-plan-keep" if item.ok else "kk-plan-open"
            texts = (
                item.before.module,
                item.before.branch or word("branch.none", self.lang),
                item.before.label,
                after,
            )
            cells.append(self.row_checks[item.before.key])
            cells += [w.HTML(cell.format(css=row, text=html.escape(text))) for text in texts]
            cells.append(w.HTML(cell.format(css=row, text=reason)))
            if item.caution is not None:
                caution = w.HTML(
                    f"<div class='kk-msg kk-msg-warning kk-caution'>{html.escape(item.caution.get(self.lang))}</div>",
                    layout=w.Layout(grid_column="2 / -1"),
                )
                caution.add_class("kk-caution-row")
                cells.append(caution)
        self.rows.children = cells

    def chosen_items(self) -> list[planning.PlanItem]:
        if self.plan is None:
            return []
        return [i for i in self.plan.items if self.row_checks[i.before.key].value and i.ok]

    def draw_preview(self) -> None:
        """What GÜNCELLE will write, in one line under the table (the table itself is the preview)."""
        items = [i for i in self.chosen_items() if i.changes]
        said = self.text("ui.preview", count=len(items)) if items else self.text("ui.plan_changes_nothing")
        self.preview.value = f"<div class='kk-hint'>{html.escape(said)}</div>" if self.plan is not None else ""
        self.update_button.disabled = not items

    # "Firma / Dönem Ara" / "Veri tabanı Ara" ------------------------------------------------
    def current_item(self) -> planning.PlanItem | None:
        if self.plan is None or self.search_row.value is None:
            return None
        return next(i for i in self.plan.items if i.before.key == self.search_row.value)

    def label_search(self) -> None:
        item = self.current_item()
        if item is not None:
            self.search_button.description = views.search_button(profile_for(item.before.program).search, self.lang)
        self.candidates.value, self.pick.options, self.chosen, self.chosen_text.value = "", [], None, ""
        self.other_year_button.layout.display = "none"

    def search(self) -> None:
        item = self.current_item()
        if item is None:
            return
        candidates = list(item.candidates)
        if not candidates:
            self.tell(t("ui.no_candidates"), "warning")
        self.candidates.value = table_html(views.candidates(candidates, self.lang, numbered=True))
        self.pick.options = [
            (f"{n}. {views.candidate_line(c, self.lang, item.before.server)}", n - 1)
            for n, c in enumerate(candidates, start=1)
        ]
        self._candidates = candidates

    def select(self) -> None:
        if self.pick.value is None:
            self.tell(t("ui.pick_first"), "warning")
            return
        self.chosen = self._candidates[self.pick.value]
        item = self.current_item()
        c = self.chosen
        said = self.text(
            "ui.selected",
            server=item.before.server if item is not None else "—",
            database=c.database,
            firm=c.firm or "—",
            period=c.period or "—",
            dates=views.candidate_dates(c),
        )
        self.chosen_text.value = f"<div class='kk-msg kk-msg-info kk-chosen'>{html.escape(said)}</div>"

    def confirm(self, other_year: bool = False) -> None:
        item = self.current_item()
        if item is None or self.chosen is None or self.plan is None:
            self.tell(t("ui.pick_first"), "warning")
            return
        try:
            self.plan = planning.choose(self.plan, item.before.key, self.chosen, confirmed=other_year)
        except NeedsConfirmation as exc:
            self.other_year_button.layout.display = ""
            self.tell(exc.msg, "warning")
            return
        self.other_year_button.layout.display = "none"
        self.row_checks[item.before.key].value = True
        self.draw_rows()
        self.draw_preview()
        self.tell(t("ui.chosen_in_plan", row=self.search_row.label), "ok")

    def confirm_other_year(self) -> None:
        self.confirm(other_year=True)

    # GÜNCELLE --------------------------------------------------------------------------------
    def update(self) -> None:
        if self.plan is None:
            return
        if not self.plan_is_for_open_site():
            return
        keys = [i.before.key for i in self.chosen_items()]
        chosen = self.plan.only(keys)
        with self.workspace() as ws:
            record = planning.apply_plan(ws, chosen)
            written = [after for _, after in record.rows] if record else []
            ws.refresh()
            with self.busy(len(written)) as step:
                results = check_settings(ws, written, self.year_value(), step)
        self.update_button.disabled = True
        if record is None:
            self.tell(t("ui.nothing_to_write"), "info")
            return
        self.tell(t("ui.updated", count=len(record.rows), change=record.id), "ok")
        self.checked = (self.site_path, results)
        self.draw_result()
        self.drop_plan()

    # the plan belongs to the site it was made for ---------------------------------------------
    def drop_plan(self) -> None:
        self.plan, self.plan_stamp, self._candidates = None, None, []
        self.rows.children = []
        self.search_box.layout.display = "none"
        self.preview.value = ""
        self.update_button.disabled = True

    def plan_is_for_open_site(self) -> bool:
        """False (and the plan dropped, with a message) when the open site is not the one the plan
        was made for: another site opened, or its file edited since."""
        if self.plan is None:
            return False
        if self.plan_stamp is not None and self.site_stamp() == self.plan_stamp:
            return True
        made_for = self.plan_stamp[0] if self.plan_stamp else "—"
        self.drop_plan()
        self.tell(t("ui.plan_other_site", site=made_for), "warning")
        return False

    def site_changed(self) -> None:
        if self.plan is not None:
            self.plan_is_for_open_site()
        super().site_changed()

    def draw_result(self) -> None:
        """The test of each setting GÜNCELLE wrote, in the page's language; dropped on another site."""
        checked = self.checked
        if checked is None or checked[0] != self.site_path:
            self.checked, self.result.value = None, ""
            return
        results = checked[1]
        self.result.value = severity_html(views.checks(results, self.lang), views.check_severities(results))

    def refresh(self) -> None:
        """Redraw in the new language, keeping an open candidate table and the engineer's pick."""
        self.draw_result()
        if self.plan is not None:
            keep = self.search_row.value
            self.search_row.options = self.search_options()
            self.search_row.value = keep
        self.draw_rows()
        if self.plan is not None:
            self.draw_preview()
        was_open, picked, chosen = bool(self._candidates), self.pick.value, self.chosen
        self.label_search()
        if was_open:
            self.search()
            self.pick.value, self.chosen = picked, chosen
            if chosen is not None:
                self.select()


def show(site: str | None = None) -> NewYearPage:
    """The page in the notebook; under KONNEKTOR_KIT_STRICT=1 an unexpected error while it opens raises."""
    from .page import display_page

    return display_page(NewYearPage(site))
