"""03 — Konnektör içinden veri tabanı değişikliği (section 3): module by module, as the running
Konnektör shows it, with the "eFinans Personeli" field.

Staff-only actions (GÜNCELLE without a passing test, the change history and undo) are not built
until the site's staff credential is given: before that they do not exist on the page at all.
The sign-in holds for the site it was made on only: another site in the site field, another site
opened, a reload or a new tab closes them again, and each staff action checks the site once more.
After a wrong try the field waits (the wait is the site's, on disk, shared by every tab) and the
button counts the seconds down.
"""

from __future__ import annotations

import asyncio
import html
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..access.sites import Site
from ..access.staff import DelayStore, StaffGate, seconds, site_key
from ..exceptions import KitError, StaffLocked
from ..i18n import plural, t, word
from ..present import views
from ..services import plan as planning
from ..services.plan import ChangeRecord
from .optional_move import OptionalMovePage
from .tables import table_html


def call_later(delay: float, action: Callable[[], None]) -> Any:
    """Run `action` after `delay` s: on the kernel's event loop when there is one, else on a timer thread."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        timer = threading.Timer(delay, action)
        timer.daemon = True
        timer.start()
        return timer
    return loop.call_later(delay, action)


class InsidePage(OptionalMovePage):
    section = "inside"

    def chooser(self) -> list[w.Widget]:
        self.module_buttons = w.ToggleButtons(style={"button_width": "auto"})
        self.module_buttons.add_class("kk-modules")
        self.module_buttons.observe(lambda change: self.pick_module(change["new"]), names="value")
        return [self.module_buttons]

    def extras(self) -> list[w.Widget]:
        self.gate: StaffGate | None = None
        self.records: dict[int, ChangeRecord] = {}
        self.delays = DelayStore()  # the site's wait after wrong tries, on disk, shared by every kernel
        self.schedule: Callable[[float, Callable[[], None]], Any] = call_later  # replaceable in tests
        self._tick = 0
        self.staff_field = self.say(w.Password(layout=w.Layout(width="320px")), "description", "ui.staff")
        self.staff_field.add_class("kk-staff")
        self.staff_button = self.button("ui.enter", "kk-staff-enter", self.enter, icon="sign-in")
        self.staff_hint = w.HTML()
        self.staff_area = w.VBox()
        self.staff_area.add_class("kk-staff-area")
        self.site_field.observe(lambda _: self.site_typed(), names="value")
        return [w.HTML("<hr>"), w.HBox([self.staff_field, self.staff_button]), self.staff_hint, self.staff_area]

    def refresh(self) -> None:
        super().refresh()
        modules = list(self.module.options)
        self.module_buttons.options = modules
        if self.module.value in modules:
            self.module_buttons.value = self.module.value
        self.redraw_staff()

    def relanguage(self) -> None:
        super().relanguage()
        self.redraw_staff()

    def redraw_staff(self) -> None:
        """The staff hint in the page's language; an open staff area redrawn while the gate still holds
        for this site, closed with a notice when it does not; the wait after wrong tries counted down."""
        self.staff_hint.value = f"<span class='kk-hint'>{word('ui.staff_hint', self.lang)}</span>"
        if self.staff_area.children:
            if self.staff_open():
                self.draw_history()
            else:
                self.lock_staff(notice=True)
        self.staff_countdown()

    def site_changed(self) -> None:
        if (self.gate is not None or self.staff_area.children) and not self.staff_open():
            self.lock_staff(notice=True)  # another site: the sign-in was for the one before
        self.staff_countdown()
        super().site_changed()

    def pick_module(self, module: str | None) -> None:
        if module and module != self.module.value:
            self.module.value = module

    # eFinans Personeli -----------------------------------------------------------------------
    def enter(self) -> None:
        credential = self.staff_field.value
        self.staff_field.value = ""  # never kept in a widget's state longer than the check
        self.clear()
        self.lock_staff()  # every try starts closed, for the site the page has open now
        if not self.field_is_site():
            raise StaffLocked(t("staff.locked", site=self.site_field.value.strip()))
        gate = StaffGate(self.site(), self.delays)  # the open site, read as the server allows
        verdict = gate.check(credential)
        kind = {"ok": "ok", "not_configured": "warning", "wait": "warning"}.get(verdict.reason, "error")
        self.tell(verdict.msg, kind)
        if verdict.ok:
            self.gate = gate
            self.build_staff_area()
        self.staff_countdown()

    # the sign-in holds for one site ----------------------------------------------------------
    def field_is_site(self) -> bool:
        """The site field still names the site the page has open."""
        if self.site_path is None:
            return False
        try:
            return Path(self.site_field.value.strip()).resolve() == Path(self.site_path).resolve()
        except (OSError, ValueError):
            return False

    def open_site_now(self) -> Site | None:
        """The open site as its file is now, or None when there is none the page may read."""
        try:
            return self.site() if self.site_path is not None else None
        except KitError:
            return None

    def staff_open(self) -> bool:
        return self.gate is not None and self.field_is_site() and self.gate.allows(self.open_site_now())

    def require_staff(self) -> None:
        """Asked by every staff action: refuses (and closes the staff actions) off the signed-in site."""
        try:
            site = self.open_site_now()
            if self.gate is None or site is None or not self.field_is_site():
                raise StaffLocked(t("staff.locked", site=str(self.site_path or "—")))
            self.gate.require(site)
        except StaffLocked:
            self.lock_staff()
            raise

    def lock_staff(self, notice: bool = False) -> None:
        """Close the staff actions: they leave the page as before the sign-in."""
        was_open = self.gate is not None or bool(self.staff_area.children)
        if self.gate is not None:
            self.gate.lock()
        self.gate = None
        self.staff_area.children = []
        if notice and was_open:
            self.clear()
            self.tell(t("staff.site_changed"), "info")

    def site_typed(self) -> None:
        if (self.gate is not None or self.staff_area.children) and not self.field_is_site():
            self.lock_staff(notice=True)

    # the wait after a wrong try ----------------------------------------------------------------
    def staff_countdown(self) -> None:
        """While the site's wait runs, the button is disabled and counts down; then it opens again."""
        self._tick += 1
        self._count(self._tick)

    def _count(self, tick: int) -> None:
        if tick != self._tick:
            return  # a newer countdown took over
        try:
            left = self.delays.wait_left(site_key(self.site_path)) if self.site_path is not None else 0.0
        except (OSError, ValueError):
            left = 0.0
        if left > 0:
            self.staff_button.disabled = True
            self.staff_button.description = self.text("staff.wait_button", seconds=seconds(left))
            step = max(left - (seconds(left) - 1), 0.05)  # wake when the shown second changes
            self.schedule(step, lambda: self._count(tick))
        else:
            self.staff_button.disabled = False
            self.staff_button.description = word("ui.enter", self.lang)

    # staff actions -----------------------------------------------------------------------------
    def build_staff_area(self) -> None:
        force = self.button(
            "ui.force_update", "kk-force-update", self.force_update, icon="exclamation-triangle", button_style="warning"
        )
        self.history = w.HTML()
        self.history.add_class("kk-history")
        self.undo_pick = self.say(w.Dropdown(layout=w.Layout(width="100%")), "description", "ui.undo_pick")
        self.undo_pick.add_class("kk-undo-pick")
        self.undo_pick.observe(lambda _: self.cancel_undo(quiet=True), names="value")
        self.undo_button = self.button("ui.undo_last", "kk-undo", self.ask_undo, icon="undo")
        self.undo_preview = w.HTML()
        self.undo_preview.add_class("kk-undo-preview")
        self.undo_yes = self.button("ui.undo_yes", "kk-undo-yes", self.undo, icon="check", button_style="danger")
        self.undo_no = self.button("ui.undo_no", "kk-undo-no", self.cancel_undo, icon="times")
        self.undo_confirm = w.VBox([self.undo_preview, w.HBox([self.undo_yes, self.undo_no])])
        self.undo_confirm.add_class("kk-undo-confirm")
        self.undo_confirm.layout.display = "none"
        self.staff_area.children = [force, self.history, self.undo_pick, self.undo_button, self.undo_confirm]
        self.draw_history()

    def draw_history(self) -> None:
        self.require_staff()
        with self.workspace() as ws:
            records = planning.history(ws)
        self.records = {r.id: r for r in records}
        self.history.value = table_html(views.history(reversed(records), self.lang))  # the newest first
        undoable = [r for r in reversed(records) if r.kind != "undo" and r.undone_by is None and r.damaged is None]
        keep = self.undo_pick.value
        self.undo_pick.options = [
            (
                self.text(
                    "ui.undo_option",
                    change=r.id,
                    time=r.time,
                    kind=views.change_kind(r, self.lang),
                    rows=plural(len(r.rows), "plural.setting"),
                    who=r.user or "—",
                ),
                r.id,
            )
            for r in undoable
        ]
        ids = [r.id for r in undoable]
        self.undo_pick.value = keep if keep in ids else (ids[0] if ids else None)
        self.undo_button.disabled = not ids
        if self.undo_confirm.layout.display != "none":
            self.ask_undo()

    def force_update(self) -> None:
        self.clear()
        self.update(tested_only=False)

    def update(self, tested_only: bool = True) -> None:
        if not tested_only:
            self.require_staff()
        super().update(tested_only)

    # undo: the change chosen, what it will put back, then a second click ----------------------------
    def ask_undo(self) -> None:
        """Show what undoing the chosen change puts back (module, branch, after → before) and wait for "Evet"."""
        self.require_staff()
        record = self.records.get(self.undo_pick.value) if self.undo_pick.value is not None else None
        if record is None:
            self.tell(t("ui.undo_none"), "info")
            return
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in views.change_lines(record, self.lang, undoing=True))
        said = html.escape(self.text("undo.confirm", change=record.id))
        self.undo_preview.value = f"<div class='kk-msg kk-msg-warning'>{said}<ul>{lines}</ul></div>"
        self.undo_confirm.layout.display = "flex"

    def cancel_undo(self, quiet: bool = False) -> None:
        self.undo_confirm.layout.display = "none"
        self.undo_preview.value = ""
        if not quiet:
            self.tell(t("ui.undo_cancelled"), "info")

    def undo(self) -> None:
        self.clear()
        self.require_staff()
        change = self.undo_pick.value
        self.cancel_undo(quiet=True)
        if change is None:
            self.tell(t("ui.undo_none"), "info")
            return
        with self.workspace() as ws:
            record = planning.undo_change(ws, change)
        self.tell(t("undo.done", change=record.undoes, count=len(record.rows), record=record.id), "ok")
        self.refresh()


def show(site: str | None = None) -> InsidePage:
    """The page in the notebook; under KONNEKTOR_KIT_STRICT=1 an unexpected error while it opens raises."""
    from .page import display_page

    return display_page(InsidePage(site))
