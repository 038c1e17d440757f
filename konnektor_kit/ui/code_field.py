"""The firm and period fields: they show, as people type, the code that will be stored ("2" → "002"),
through the same parser the command line uses, so a form never stores a code the CLI would refuse.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..domain.codes import FirmCode, PeriodCode
from ..exceptions import InvalidCode
from ..i18n import word
from .page import Page


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
