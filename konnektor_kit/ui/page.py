"""The frame every form shares: title, language switch, site line, guide and navigation, messages instead
of tracebacks, progress; and `display_page`, each notebook's `show()`, which makes a broken page fail its
test (strict mode) while a person in Voila still gets a sentence. Forms subclass `Page` and fill its body.
"""

from __future__ import annotations

import html
import logging
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as w

from .. import logs
from ..access.sites import Site, SiteStamp, load_allowed, stamp
from ..clock import today
from ..domain.codes import parse_year
from ..env import PREHEAT_ENV, STRICT_ENV
from ..exceptions import KitError, PageFailed, SiteError, internal_error, mask_secrets
from ..i18n import Lang, Msg, t, word
from ..services.inspect import inspect_settings
from ..services.test import CheckResult, check_settings
from ..services.workspace import Workspace, open_workspace
from .guide import SECTIONS, guide_html, nav_html
from .request import default_lang, default_site, link, site_policy
from .style import CSS

log = logging.getLogger(__name__)

P = TypeVar("P", bound="Page")


def display_page(page: P) -> P:
    """Every module's `show()`: display the page; then, under KONNEKTOR_KIT_STRICT=1 outside Voila (nbval,
    Jupyter), raise if it met an unexpected error, so its notebook fails instead of passing on a sentence.

    Voila (which sets VOILA_PREHEAT in every kernel it starts) never raises here: a person gets the sentence.
    """
    from IPython.display import display

    display(page.root)
    if page.unexpected and os.environ.get(STRICT_ENV) == "1" and PREHEAT_ENV not in os.environ:
        raise PageFailed(f"{type(page).__name__} met an unexpected error:\n" + "\n".join(page.unexpected))
    return page


class Page:
    """The frame of every form; subclasses fill `body()` and redraw in `refresh()`.

    Words are registered with `self.say(widget, attribute, key)` so the TR/EN switch can re-label
    the whole form without losing anything typed; `refresh()` redraws the tables in the new language.
    """

    #: the page's one name (ui/guide.SECTIONS): its title, its part of the seed's guide, its notebook
    section = ""

    @property
    def notebook(self) -> str:
        return SECTIONS[self.section]

    def __init__(self, site: str | Path | None = None, lang: Lang | None = None) -> None:
        self.log_file = logs.configure()  # where an unexpected error's traceback goes (and the page says so)
        self.errors: list[str] = []  # every failure `run` turned into a message, as shown
        self.unexpected: list[str] = []  # the tracebacks of those that were not KitErrors (display_page)
        self.lang: Lang = lang or default_lang()
        self._labels: list[tuple[Any, str, str]] = []
        self.site_path: Path | None = Path(site) if site else default_site()  # None: a refused link
        self.title = w.HTML()
        self.language = w.ToggleButtons(
            options=[("Türkçe", "tr"), ("English", "en")], value=self.lang, style={"button_width": "80px"}
        )
        self.language.add_class("kk-lang")
        self.language.observe(self._switch_language, names="value")
        self.site_field = w.Text(value=str(self.site_path), layout=w.Layout(width="520px"))
        self.site_field.add_class("kk-site")
        self.site_button = w.Button(icon="folder-open")
        self.say(self.site_button, "description", "ui.open_site")
        self.site_button.on_click(lambda _: self.run(self.open_site))
        self.site_name = w.HTML()
        self.messages = w.VBox()
        self.messages.add_class("kk-messages")
        self.progress = w.IntProgress(min=0, max=1, value=0, layout=w.Layout(width="420px", visibility="hidden"))
        self.progress.add_class("kk-progress")
        self.nav = w.HTML()
        self.nav.add_class("kk-nav-bar")
        self.guide = w.HTML(layout=w.Layout(width="330px", min_width="330px"))
        self.guide.add_class("kk-guide-box")
        self.root = w.VBox()
        self.root.add_class("kk-page")
        # the latest message (and the progress) at the top of the form, kept in view while the page scrolls:
        # sticky, every box around it left unclipped (CSS .kk-notice), however far down the button was
        self.notice = w.VBox([self.progress, self.messages])
        self.notice.add_class("kk-notice")
        form = w.VBox([self.notice, *self.body()], layout=w.Layout(flex="1 1 auto", min_width="0"))
        self.root.children = [
            w.HTML(CSS),
            w.HBox([self.title, self.language], layout=w.Layout(justify_content="space-between")),
            self.nav,
            w.HBox([self.site_field, self.site_button]),
            self.site_name,
            w.HBox([form, self.guide], layout=w.Layout(align_items="flex-start")),
        ]
        self.relabel()
        self.run(self.site_changed)

    # words ---------------------------------------------------------------------------------
    def say(self, widget: Any, attribute: str, key: str) -> Any:
        self._labels.append((widget, attribute, key))
        if attribute == "description" and isinstance(widget, w.Button):
            widget.layout.width = "auto"  # the whole label in either language, never "GÜNCELLE (up…"
            widget.layout.min_width = "max-content"
        elif attribute == "description":
            widget.style.description_width = "initial"  # the whole label: "Ready for next year", "eFinans staff"
        setattr(widget, attribute, word(key, self.lang))
        return widget

    def text(self, key: str, **params: Any) -> str:
        return t(key, **params).get(self.lang)

    def button(self, key: str, css: str, action: Callable[[], Any], **options: Any) -> w.Button:
        """A button labelled in both languages whose click runs `action` through `run`."""
        button = self.say(w.Button(**options), "description", key)
        button.add_class(css)
        button.on_click(lambda _: self.run(action))
        return button

    def year_field(self) -> w.Text:
        """The target year: this year by default, as in January's transition; checked as the CLI does."""
        self.year = self.say(w.Text(value=str(today().year), layout=w.Layout(width="240px")), "description", "ui.year")
        self.year.add_class("kk-year")
        return self.year

    def year_value(self) -> int:
        """The year typed, or the same bad-input message as `--year` ("26" is not 2026, nor 2000)."""
        return parse_year(self.year.value)

    def relabel(self) -> None:
        title = word(f"ui.title.{self.section}", self.lang)
        self.title.value = f"<div class='kk-title'>{html.escape(title)}</div>"
        for widget, attribute, key in self._labels:
            setattr(widget, attribute, word(key, self.lang))
        self.draw_guide()

    def draw_guide(self) -> None:
        """The seed's guide of this section beside the form, and links to every page keeping site and language."""
        self.guide.value = guide_html(self.section, self.lang)
        if self.site_path is not None:
            self.nav.value = nav_html(self.notebook, self.site_path, self.lang, link)

    def _switch_language(self, change: dict[str, Any]) -> None:
        self.lang = change["new"]
        self.relabel()
        said = getattr(self, "_said", None)
        self.run(self.relanguage)
        if said is not None and getattr(self, "_said", None) is said:
            self.say_again()

    # messages ------------------------------------------------------------------------------
    def clear(self) -> None:
        self.messages.children = []

    def tell(self, msg: Msg | str, kind: str = "info", guidance: Msg | None = None) -> None:
        """Show one message (it replaces the last). Given as a Msg, it is said again in the other
        language when the language switches; a str is shown as it is."""
        text = msg.get(self.lang) if isinstance(msg, Msg) else msg
        if guidance is not None:
            text += " " + guidance.get(self.lang)
        box = w.HTML(f"<div class='kk-msg kk-msg-{kind}'>{html.escape(text)}</div>")
        box.add_class(f"kk-msg-{kind}")
        self.messages.children = [box]  # the current message replaces the last one: nothing piles up
        self._said = (box, msg, kind, guidance)

    def say_again(self) -> None:
        """The message on show, in the language now chosen (if nothing replaced it meanwhile)."""
        said = getattr(self, "_said", None)
        if said is not None and tuple(self.messages.children) == (said[0],) and isinstance(said[1], Msg):
            self.tell(*said[1:])

    def run(self, action: Callable[[], Any]) -> Any:
        """Every button goes through here: an expected failure is a message, never a traceback; an
        unexpected one is logged with its traceback and the message names the log file."""
        name = f"{type(self).__name__}.{getattr(action, '__name__', 'action')}"
        log.info("%s on %s", name, self.site_path)
        try:
            return action()
        except KitError as exc:
            log.info("%s: %s (%s): %s", name, type(exc).__name__, exc.category, exc.message("en"))
            self.errors.append(exc.message(self.lang))
            self.tell(exc.msg, "error", exc.guidance)
        except Exception as exc:  # an unexpected failure still ends in a sentence, and the log's path
            log.exception("unexpected error: %s on %s", name, self.site_path)
            err = internal_error(exc, self.log_file)
            self.errors.append(err.message(self.lang))
            self.unexpected.append(mask_secrets("".join(traceback.format_exception(exc))))
            self.tell(err.msg, "error", err.guidance)
        return None

    @contextmanager
    def busy(self, total: int) -> Iterator[Callable[[int, int, Any], None]]:
        self.progress.max, self.progress.value = max(total, 1), 0
        self.progress.layout.visibility = "visible"

        def step(done: int, _total: int, _item: Any) -> None:
            self.progress.value = done + 1

        try:
            yield step
        finally:
            self.progress.layout.visibility = "hidden"

    def check_all(self, year: int) -> list[CheckResult]:
        """`test` on every module and branch of the site, with the progress bar."""
        with self.workspace() as ws:
            settings = inspect_settings(ws)
            with self.busy(len(settings)) as step:
                return check_settings(ws, settings, year, step)

    # the site ------------------------------------------------------------------------------
    def open_path(self) -> Path:
        """The open site's path, for reading it or linking to it; a refused link leaves none open."""
        if self.site_path is None:
            raise SiteError(t("sites.none_open"))
        return self.site_path

    def site(self, path: Path | None = None) -> Site:
        """The open site (or `path`), read only if the server allows it, `${VAR}` only for its own."""
        return load_allowed(self.open_path() if path is None else path, site_policy())

    def workspace(self) -> Workspace:
        return open_workspace(self.site())

    def site_stamp(self) -> SiteStamp | None:
        """The open site as it is now (path and content): what a plan or a test verdict is bound to."""
        return stamp(self.site_path) if self.site_path is not None else None

    def open_site(self) -> None:
        chosen = Path(self.site_field.value.strip())
        self.clear()
        self.site(chosen)  # refused or unreadable: the message, and the open site stays open
        self.site_path = chosen
        self.site_changed()

    def site_changed(self) -> None:
        try:
            site = self.site()
        except SiteError:
            if site_policy() is not None:
                self.site_path = None  # a refused link's site is never read, by this page or its buttons
            self.site_name.value = ""
            raise
        self.site_name.value = (
            f"<b>{html.escape(site.name)}</b> <span class='kk-hint'>{html.escape(str(self.site_path))}</span>"
        )
        self.draw_guide()
        self.refresh()

    # for subclasses --------------------------------------------------------------------------
    def body(self) -> list[w.Widget]:
        return []

    def refresh(self) -> None:
        """Redraw what depends on the site or the language."""

    def relanguage(self) -> None:
        """Redraw in the language just chosen, keeping everything typed (by default: `refresh`)."""
        self.refresh()
