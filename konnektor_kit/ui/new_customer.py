"""`konnektor-kit init` as the start page's first step, for engineers who live in the app: a new
customer's site file made from the server the Konnektör's settings are on (services/init_site.py).

The page never hands the server's environment to what is typed: the only `${VAR}` it fills is
`${KONNEKTOR_PWD}`, from the password field, for this one action (the file keeps `${KONNEKTOR_PWD}`).
Under `serve` the new site file and any SQLite folder typed must lie in the folders the pages may open.
"""

from __future__ import annotations

import html
import shlex
from pathlib import Path

import ipywidgets as w

from ..env import SITE_FILE
from ..exceptions import SiteError
from ..i18n import t, word
from ..present import views
from ..services.init_site import PASSWORD_VAR, InitResult, env_names, init_site
from .page import Page
from .request import site_policy
from .tables import severity_html


class NewCustomerSection:
    """A toggle, the fields of `init`, a button; the summary and the test of the written site."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.result: InitResult | None = None
        self.toggle = page.say(
            w.ToggleButton(value=False, icon="plus", layout=w.Layout(width="auto")), "description", "ui.init.toggle"
        )
        self.toggle.add_class("kk-init-toggle")
        self.toggle.observe(lambda _: self.show(), names="value")
        wide = w.Layout(width="640px")
        self.folder = page.say(w.Text(layout=wide), "description", "ui.init.folder")
        self.folder.add_class("kk-init-folder")
        self.konnektor = page.say(w.Text(layout=wide), "description", "ui.init.konnektor")
        self.konnektor.add_class("kk-init-konnektor")
        self.password = page.say(w.Password(layout=w.Layout(width="360px")), "description", "ui.init.password")
        self.password.add_class("kk-init-password")
        self.database = page.say(w.Text(layout=w.Layout(width="360px")), "description", "ui.init.database")
        self.database.add_class("kk-init-database")
        self.servers = page.say(
            w.Textarea(layout=w.Layout(width="640px", height="4em")), "description", "ui.init.servers"
        )
        self.servers.add_class("kk-init-servers")
        self.button = page.button("ui.init.create", "kk-init-create", self.create, icon="file", button_style="primary")
        self.button.layout.width = "auto"
        self.hint = w.HTML()
        self.summary = w.HTML()
        self.summary.add_class("kk-init-summary")
        self.fields = w.VBox(
            [self.hint, self.folder, self.konnektor, self.password, self.database, self.servers, self.button]
        )
        self.box = w.VBox([self.toggle, self.fields, self.summary])
        self.show()

    def show(self) -> None:
        self.fields.layout.display = None if self.toggle.value else "none"
        self.hint.value = f"<div class='kk-hint'>{html.escape(word('ui.init.hint', self.page.lang))}</div>"

    def create(self) -> None:
        self.page.clear()
        self.result = None
        self.summary.value = ""
        target = Path(self.folder.value.strip()).expanduser()
        if not self.folder.value.strip():
            raise SiteError(t("init.place_empty", option=word("ui.init.folder", self.page.lang)))
        servers = [line.strip() for line in self.servers.value.splitlines() if line.strip()]
        typed = [self.konnektor.value, *(line.partition("=")[2] for line in servers)]
        for text in typed:
            for name in env_names(text):
                if name != PASSWORD_VAR:
                    raise SiteError(t("ui.init.only_password_var", name=name, var=PASSWORD_VAR))
        policy = site_policy()
        if policy is not None:
            policy.check(target / SITE_FILE)  # the new site file lies where the pages may open it
            for text in typed:
                folder = text.strip()
                if folder and "=" not in folder:
                    policy.check(Path(folder) / SITE_FILE)  # a SQLite folder is read only there too
        env = {PASSWORD_VAR: self.password.value} if self.password.value else {}
        database = self.database.value.strip() or None
        self.result = init_site(target, self.konnektor.value, database, servers, env=env)
        self.draw()
        if env_names(self.result.site.read_text(encoding="utf-8")):
            # the page reads no variable from the server's environment: the site opens with serve's --site
            command = f"{PASSWORD_VAR}='…' konnektor-kit serve --site {shlex.quote(str(self.result.site))}"
            self.page.tell(t("ui.init.serve_with_password", site=str(self.result.site), command=command), "ok")
            return
        self.page.site_field.value = str(self.result.site)
        self.page.open_site()
        self.page.tell(t("init.written", site=str(self.result.site)), "ok")

    def draw(self) -> None:
        """The written site's summary and its test, in the page's language."""
        if self.result is None:
            self.summary.value = ""
            return
        lang, result = self.page.lang, self.result
        lines = views.init_summary(result, lang)
        ok = sum(r.ok for r in result.checks)
        lines.append(t("init.tested", ok=ok, count=len(result.checks)).get(lang))
        text = "".join(f"<div>{html.escape(line)}</div>" for line in lines)
        table = severity_html(views.checks(result.checks, lang), [r.worst.severity for r in result.checks])
        self.summary.value = f"<div class='kk-msg kk-msg-info'>{text}</div>{table}"
