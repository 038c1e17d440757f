"""What every form shares: the language switch, the site line, messages instead of tracebacks,
progress, tables from pandas, and the code fields that normalise as people type.
"""

from __future__ import annotations

import html
import logging
import os
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qs, quote

import ipywidgets as w

from .. import logs
from ..access.sites import Site, SitePolicy, SiteStamp, load_allowed, stamp
from ..clock import today
from ..domain.codes import FirmCode, PeriodCode, parse_year
from ..env import HUB_ENV, LANG_ENV, PREHEAT_ENV, SITE_ENV, SITES_ENV, STRICT_ENV
from ..exceptions import InvalidCode, KitError, PageFailed, SiteError, internal_error, mask_secrets
from ..i18n import Lang, Msg, t, word
from ..present.markup import html_table
from ..services.inspect import inspect_settings
from ..services.test import CheckResult, check_settings
from ..services.workspace import Workspace, open_workspace
from .guide import SECTIONS, guide_html, nav_html

if TYPE_CHECKING:  # pandas is imported where a table is built (services/markup.py), not with the page
    import pandas as pd

log = logging.getLogger(__name__)

CSS = """
<style>
.kk-page{max-width:1100px}
.kk-title{font-size:1.5em;font-weight:600;color:#123a5c;margin:.2em 0 .4em}
.kk-msg{padding:.5em .8em;border-radius:4px;margin:.3em 0;font-size:.95em}
.kk-msg-ok{background:#e3f4e6;border-left:4px solid #2e7d32}
.kk-msg-warning{background:#fff4d6;border-left:4px solid #b7791f}
.kk-msg-error{background:#fbe2e2;border-left:4px solid #c62828}
.kk-msg-info{background:#e8f0f8;border-left:4px solid #1f5f99}
.kk-table table{border-collapse:collapse;font-size:.88em}
.kk-table th,.kk-table td{border:1px solid #ccd3db;padding:.25em .5em;text-align:left;vertical-align:top}
.kk-table th{background:#eef2f6}
.kk-cell-ok{background:#e3f4e6}.kk-cell-warning{background:#fff4d6}.kk-cell-suspect{background:#ece1f7}.kk-cell-error{background:#fbe2e2}
.kk-hint{color:#5a6775;font-size:.9em}
.kk-badge{padding:0 .4em;border-radius:3px;font-size:.85em}
.kk-badge-ok{background:#e3f4e6;color:#1b5e20}.kk-badge-error{background:#fbe2e2;color:#b71c1c}
.kk-nav{font-size:.9em;margin:.2em 0 .6em}.kk-nav a{color:#1f5f99;text-decoration:none}
.kk-guide{background:#f6f8fa;border:1px solid #ccd3db;border-radius:4px;padding:.4em .8em;margin-left:1em;font-size:.88em}
.kk-guide summary{font-weight:600;color:#123a5c;cursor:pointer}.kk-guide ol{margin:.2em 0 .4em 1.2em;padding:0}
.kk-guide p{margin:.2em 0 .5em}
.kk-notice{position:sticky;top:0;z-index:20;background:#fff}
:has(> .kk-notice),:has(.kk-notice){overflow:visible!important;contain:none!important}
.kk-rows .kk-cell{padding:.15em .35em;overflow-wrap:anywhere;font-size:.9em;height:100%;box-sizing:border-box}
.kk-plan-head{font-weight:600;background:#eef2f6}.kk-plan-move{background:#e3f4e6}.kk-plan-open{background:#fbe2e2}
.kk-reason summary{cursor:pointer;color:#1f5f99;font-size:.9em}
.kk-page .widget-label,.kk-page .widget-label-basic,.kk-page button{overflow:visible}
.kk-table td,.kk-table th{overflow-wrap:anywhere}.kk-table td{white-space:pre-line}
</style>
"""


_handed: list[bool] = []  # a preheated kernel is handed its address once: asking twice would wait forever
HANDOVER_RETRY = 60.0  # seconds a preheated kernel keeps asking Voila again after a failed hand-over


def query_string() -> str:
    """The page's query string: `?site=...&lang=en` links the notebooks.

    Voila puts it in QUERY_STRING for a kernel it starts for the request. A kernel it started ahead
    (VOILA_PREHEAT=True) has run the notebook's imports before anyone asked: it waits here, once, until a
    browser takes it and Voila hands it the address (ui/handover.py: one websocket message, the `serve`
    token shown; nothing of Voila's server is imported into the kernel). Anywhere else (nbval, Jupyter,
    tests) nothing waits.
    """
    if os.environ.get(PREHEAT_ENV) == "True" and not _handed:
        import time

        from .handover import HandoverRefused, wait_for_request

        def ask() -> dict[str, str] | None:
            try:
                return wait_for_request()
            except HandoverRefused:  # not this kernel's socket (yet): asked again until the deadline
                return None

        table_html(_pandas().DataFrame({"": [""]}))  # warm pandas' Styler before the visitor comes: it writes nothing
        os.environ.pop("QUERY_STRING", None)  # only what Voila hands over counts
        _handed.append(True)
        deadline = time.monotonic() + HANDOVER_RETRY
        # A dropped connection is asked again (Voila keeps the address until the kernel comes back); when
        # Voila itself stops, the kernel waits here until it is shut down, its cell never ending half-way.
        while (request := ask()) is None:
            if time.monotonic() > deadline:  # never open the server's site in the link's place
                raise RuntimeError("Voila did not hand this preheated kernel its page's address; reload the page")
            time.sleep(0.5)
        os.environ.update(request)
    return os.environ.get("QUERY_STRING", "")


def _pandas() -> Any:
    import pandas

    return pandas


def query_params() -> dict[str, str]:
    """The page's query string, the last value of each name."""
    parsed = parse_qs(query_string())
    return {k: v[-1] for k, v in parsed.items() if v}


def default_lang() -> Lang:
    chosen = query_params().get("lang") or os.environ.get(LANG_ENV, "tr")
    return "en" if chosen == "en" else "tr"


def site_policy() -> SitePolicy | None:
    """What the server allows the pages to open; None outside `konnektor-kit serve` (no limit)."""
    return SitePolicy.from_env(os.environ.get(SITES_ENV), os.environ.get(SITE_ENV), os.environ.get(HUB_ENV) == "1")


def default_site() -> Path:
    """The site the page opens with: the link's, the server's, else the built-in sandbox customer.

    A link's site is only named here; `Page.site_changed` checks it before anything is read.
    """
    chosen = query_params().get("site") or os.environ.get(SITE_ENV)
    if chosen:
        return Path(chosen)
    from ..training.sandbox import default_sandbox

    return default_sandbox()


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


def link(notebook: str, site: Path, lang: Lang) -> str:
    return f"{notebook}.ipynb?site={quote(str(site))}&lang={lang}"


def table_html(frame: pd.DataFrame, classes: list[list[str]] | None = None) -> str:
    """A DataFrame as an HTML table, everything escaped; `classes` colours cells (kk-cell-ok/warning/error)."""
    return f"<div class='kk-table'>{html_table(frame, classes)}</div>"


def severity_html(frame: pd.DataFrame, severities: Sequence[str] | Sequence[Sequence[str]]) -> str:
    """A view's table with each row (a severity per row) or each cell (a list per row) coloured by its
    severity: ok, warning, error, or "" for none."""
    cells = [[s] * len(frame.columns) if isinstance(s, str) else list(s) for s in severities]
    return table_html(frame, [[f"kk-cell-{c}" if c else "" for c in row] for row in cells])


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


class CodeField:
    """A firm or period field that shows, as people type, what will be stored ("2" → "002")."""

    def __init__(self, page: Page, parser: type[FirmCode | PeriodCode], key: str, css: str) -> None:
        self.parser = parser
        self.page = page
        self.text = page.say(w.Text(layout=w.Layout(width="320px")), "description", key)
        self.text.add_class(css)
        self.hint = w.HTML()
        self.hint.add_class(f"{css}-hint")
        self.text.observe(lambda _: self.update(), names="value")
        self.box = w.HBox([self.text, self.hint])

    def update(self) -> None:
        try:
            stored = self.parser.normalise(self.text.value)
        except InvalidCode as exc:
            self.hint.value = f"<span class='kk-msg-error kk-msg'>{html.escape(exc.msg.get(self.page.lang))}</span>"
            return
        shown = stored if stored is not None else word("ui.code_unused", self.page.lang)
        self.hint.value = f"<span class='kk-hint'>→ {html.escape(shown)}</span>"

    @property
    def value(self) -> str | None:
        """The stored form; raises InvalidCode for what cannot be stored."""
        return self.parser.normalise(self.text.value)
