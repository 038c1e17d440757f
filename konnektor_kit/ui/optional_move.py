"""02 — İsteğe Bağlı Veri Tabanı Geçiş Ayarları (section 2), and the form section 3 builds on.

For one firm or branch ("Şube"): "Bağlantı Ayarları" (server, database, 3-digit firm code and
2-digit period code, blank allowed), "Bağlantınızı Test" on exactly what was typed, then "GÜNCELLE".
GÜNCELLE opens only after a test that found no error for the values now in the fields.
"""

from __future__ import annotations

import html
from dataclasses import replace

import ipywidgets as w

from ..access.sites import SiteStamp
from ..domain.codes import FirmCode, PeriodCode
from ..domain.settings import ModuleSetting
from ..exceptions import KitError
from ..i18n import t, word
from ..present import views
from ..present.page_frame import RULE
from ..services import plan as planning
from ..services.inspect import find_setting, inspect_settings
from ..services.test import CheckResult, check_setting
from .code_field import CodeField
from .page import Page
from .tables import severity_html

#: what the fields held when tested: module, branch, server, database, firm, period, year, and the site
#: (its path and content) the test was made on
Typed = tuple[str, str, str, str, str, str, int, SiteStamp | None]


class OptionalMovePage(Page):
    section = "optional_move"

    def body(self) -> list[w.Widget]:
        self.settings: list[ModuleSetting] = []
        self.tested: Typed | None = None
        self.checked: CheckResult | None = None  # the last test's findings, redrawn in the other language
        self.module = self.say(w.Dropdown(layout=w.Layout(width="320px")), "description", "col.module")
        self.module.add_class("kk-module")
        self.branch = self.say(w.Dropdown(layout=w.Layout(width="320px")), "description", "col.branch")
        self.branch.add_class("kk-branch")
        self.current = w.HTML()
        self.current.add_class("kk-current")
        self.connection_title = w.HTML()
        self.server = self.say(w.Dropdown(layout=w.Layout(width="320px")), "description", "col.server")
        self.server.add_class("kk-server")
        self.database = self.say(
            w.Combobox(ensure_option=False, layout=w.Layout(width="420px")), "description", "col.database"
        )
        self.database.add_class("kk-database")
        self.firm = CodeField(self, FirmCode, "ui.firm_code", "kk-firm")
        self.period = CodeField(self, PeriodCode, "ui.period_code", "kk-period")
        self.year = self.year_field()
        self.test_button = self.button("ui.test", "kk-test", self.test, icon="plug", button_style="info")
        self.update_button = self.button(
            "ui.update", "kk-update", self.update, icon="save", button_style="danger", disabled=True
        )
        self.findings = w.HTML()
        self.findings.add_class("kk-findings")
        self.module.observe(lambda _: self.run(self.module_changed), names="value")
        self.branch.observe(lambda _: self.run(self.load_current), names="value")
        self.server.observe(lambda _: self.run(self.list_databases), names="value")
        for field in (self.server, self.database, self.firm.text, self.period.text, self.year):
            field.observe(lambda _: self.values_changed(), names="value")
        connection = w.VBox(
            [self.connection_title, self.server, self.database, self.firm.box, self.period.box, self.year],
            layout=w.Layout(border=f"1px solid {RULE}", padding="6px"),
        )
        return [
            w.HBox([self.module, self.branch]),
            self.current,
            *self.chooser(),
            connection,
            w.HBox([self.test_button, self.update_button]),
            self.findings,
            *self.extras(),
        ]

    def chooser(self) -> list[w.Widget]:
        """Section 3 adds its module buttons here."""
        return []

    def extras(self) -> list[w.Widget]:
        return []

    def relabel(self) -> None:
        super().relabel()
        self.connection_title.value = f"<b>{html.escape(word('ui.connection_settings', self.lang))}</b>"
        self.firm.update()
        self.period.update()

    def relanguage(self) -> None:
        """Words only: what is typed and the last test's verdict stay."""
        keep = self.branch.value
        branches = [s.branch for s in self.settings if s.module == self.module.value]
        self.branch.options = [(b or word("branch.none", self.lang), b) for b in branches]
        self.branch.value = keep
        self.draw_current()
        if self.checked is not None:
            self.findings.value = severity_html(
                views.findings(self.checked, self.lang), views.finding_severities(self.checked)
            )

    # loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.workspace() as ws:
            self.settings = inspect_settings(ws)
            self.server.options = list(ws.site.servers)
        modules = list(dict.fromkeys(s.module for s in self.settings))
        keep = self.module.value if self.module.value in modules else (modules[0] if modules else None)
        self.module.options = modules
        self.module.value = keep
        self.module_changed()

    def module_changed(self) -> None:
        branches = [s.branch for s in self.settings if s.module == self.module.value]
        keep = self.branch.value if self.branch.value in branches else (branches[0] if branches else None)
        self.branch.options = [(b or word("branch.none", self.lang), b) for b in branches]
        self.branch.value = keep
        self.load_current()

    def setting(self) -> ModuleSetting | None:
        if self.module.value is None or self.branch.value is None:
            return None
        return find_setting(self.settings, self.module.value, self.branch.value)

    def load_current(self) -> None:
        setting = self.setting()
        if setting is None:
            return
        self.draw_current()
        if setting.server in self.server.options:
            self.server.value = setting.server
        self.list_databases()
        self.database.value = setting.database
        self.firm.text.value = setting.firm or ""
        self.period.text.value = setting.period or ""
        self.findings.value = ""
        self.checked = None
        self.values_changed()

    def draw_current(self) -> None:
        """ "Şu an": where the chosen module and branch point now, in the page's language."""
        setting = self.setting()
        if setting is None:
            self.current.value = ""
            return
        self.current.value = (
            f"<span class='kk-hint'>{html.escape(word('ui.now', self.lang))}: "
            f"{html.escape(views.program_text(setting.program, self.lang))} · "
            f"{html.escape(views.connection_label(setting))}</span>"
        )

    def list_databases(self) -> None:
        if not self.server.value:
            return
        with self.workspace() as ws:
            self.database.options = tuple(ws.catalog(self.server.value).databases())

    # test and update ------------------------------------------------------------------------
    def typed(self) -> Typed:
        return (
            self.module.value,
            self.branch.value,
            self.server.value,
            self.database.value.strip(),
            self.firm.text.value.strip(),
            self.period.text.value.strip(),
            self.year_value(),
            self.site_stamp(),
        )

    def values_changed(self) -> None:
        """Anything typed after a test, another site or an edited site file needs a new test before GÜNCELLE."""
        try:
            self.update_button.disabled = self.tested is None or self.tested != self.typed()
        except KitError:  # a year that is not one yet: no test holds for it
            self.update_button.disabled = True

    def site_changed(self) -> None:
        """A verdict belongs to the site it was made on: another site drops it (GÜNCELLE closes)."""
        if self.tested is not None and self.tested[-1] != self.site_stamp():
            self.tested = None
        super().site_changed()

    def proposed(self) -> ModuleSetting:
        setting = self.setting()
        assert setting is not None
        return replace(
            setting.pointing_at(self.database.value.strip(), self.firm.value, self.period.value),
            server=self.server.value,
        )

    def test(self) -> None:
        self.clear()
        self.tested = None
        proposed = self.proposed()  # a bad code stops here with its message
        typed = self.typed()  # the site as it is before the test reads it
        with self.workspace() as ws:
            result = check_setting(ws, proposed, self.year_value())
        self.checked = result
        self.findings.value = severity_html(views.findings(result, self.lang), views.finding_severities(result))
        if result.ok:
            self.tested = typed
            self.tell(t("ui.test_ok"), "ok")
        else:
            self.tell(t("ui.test_failed"), "error")
        self.values_changed()

    def update(self, tested_only: bool = True) -> None:
        if tested_only and self.tested != self.typed():
            stamp = self.tested[-1] if self.tested is not None else None
            if stamp is not None and stamp != self.site_stamp():
                self.tell(t("ui.test_other_site", site=stamp[0]), "warning")
            else:
                self.tell(t("ui.test_first"), "warning")
            self.tested = None
            self.values_changed()
            return
        self.clear()
        with self.workspace() as ws:
            change = planning.plan_change(
                ws,
                self.module.value,
                self.branch.value,
                self.database.value,
                self.firm.text.value,
                self.period.text.value,
                self.server.value,
            )
            record = planning.apply_plan(ws, change)
        if record is None:
            self.tell(t("apply.same", module=self.module.value, branch=self.branch.value or "—"), "info")
        else:
            before, after = record.rows[0]
            self.tell(
                t(
                    "ui.updated_one",
                    module=before.module,
                    branch=before.branch or t("branch.none"),
                    before=before.label,
                    after=after.label,
                    change=record.id,
                ),
                "ok",
            )
        self.tested = None
        self.refresh()


def show(site: str | None = None) -> OptionalMovePage:
    """The page in the notebook; under KONNEKTOR_KIT_STRICT=1 an unexpected error while it opens raises."""
    from .page import display_page

    return display_page(OptionalMovePage(site))
