"""What a page was asked for: the query string Voila hands the kernel (`?site=...&lang=en`), the language
and the site it names, the sites the server allows, and the same address written back as a link. Apart
from the forms because a preheated kernel waits here for its address before any form is drawn.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from ..access.sites import SitePolicy
from ..env import HUB_ENV, LANG_ENV, PREHEAT_ENV, SITE_ENV, SITES_ENV
from ..i18n import MESSAGES, Lang
from .tables import table_html

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

        # before the visitor comes, what every page reads first: pandas' Styler (warmed, nothing written) and
        # the message catalogue (parsed once per process: 55 ms that would otherwise come after the click)
        table_html(_pandas().DataFrame({"": [""]}))
        len(MESSAGES)
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


def link(notebook: str, site: Path, lang: Lang) -> str:
    """Another page's address, keeping this one's site and language: what `query_params` reads back."""
    return f"{notebook}.ipynb?site={quote(str(site))}&lang={lang}"
