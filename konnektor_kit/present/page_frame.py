"""The kit's one look: the palette as named colours, and the frame of a page that stands alone.

A diagnosis or readiness report is attached to a ticket and a campaign's index is opened from disk, so
each is one self-contained file (no internet asset) in the same frame and the same colours; the forms'
CSS takes its colours from PALETTE and `severity_css` too, so a warning is one yellow everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

from ..i18n import Lang
from .markup import esc

FONT = "Segoe UI,Arial,sans-serif"
INK = "#1d2733"  # the text
MUTED = "#5a6775"  # what is said beside it: a date, a path, a hint
TITLE = "#123a5c"  # a form's title, a guide's heading
LINK = "#1f5f99"
RULE = "#ccd3db"  # a table's lines, a box's border
HEAD = "#eef2f6"  # a table's header row
PANEL = "#f6f8fa"  # a box set apart (a form's guide)
ACTION = "#f57c00"  # a link drawn as a button that acts at once (training's "Kur / Sıfırla")

#: each severity's background: a report's row, a form's cell or message in that state
PALETTE: Mapping[str, str] = MappingProxyType(
    {"ok": "#e3f4e6", "warning": "#fff4d6", "suspect": "#ece1f7", "error": "#fbe2e2", "info": "#e8f0f8"}
)
#: the stronger colour of a severity that has one: a form message's side line
ACCENT: Mapping[str, str] = MappingProxyType({"ok": "#2e7d32", "warning": "#b7791f", "error": "#c62828", "info": LINK})
#: a severity's text on its own background (a form's badge)
ON_PALETTE: Mapping[str, str] = MappingProxyType({"ok": "#1b5e20", "error": "#b71c1c"})

#: what every standalone page shares; a page adds its own rules after these
CSS = (
    f"body{{font-family:{FONT};margin:2em;color:{INK}}}h1{{font-size:1.4em}}"
    "table{border-collapse:collapse;width:100%}"
    f"th,td{{border:1px solid {RULE};padding:.4em .6em;text-align:left;vertical-align:top;font-size:.9em}}"
    f"th{{background:{HEAD}}}.meta{{color:{MUTED};font-size:.9em}}"
)


def severity_css(selector: str, names: Mapping[str, str] | None = None) -> str:
    """One rule per severity with its background: `severity_css(".kk-cell-{}")` gives
    `.kk-cell-ok{background:#e3f4e6}…` for every severity of PALETTE; `names` gives classes of other
    names their severity instead (a campaign's `late` row is a warning)."""
    chosen = names if names is not None else {name: name for name in PALETTE}
    return "".join(f"{selector.format(name)}{{background:{PALETTE[tone]}}}" for name, tone in chosen.items())


def stamp(now: datetime | None = None) -> str:
    """When a page was made, as a Turkish reader writes it: "02.01.2027 09:30"."""
    return f"{now or datetime.now():%d.%m.%Y %H:%M}"


def standalone_page(title: str, body: str, lang: Lang, css: str = "", script: str = "") -> str:
    """A whole HTML file: doctype, charset, the title (text, escaped here) as the page's heading too,
    the shared CSS and the page's own, then `body` and `script`. `body`, `css` and `script` are markup
    the caller built, every value in them escaped already (markup.esc)."""
    return (
        f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{CSS}{css}</style></head><body><h1>{esc(title)}</h1>{body}"
        f"{f'<script>{script}</script>' if script else ''}</body></html>"
    )
