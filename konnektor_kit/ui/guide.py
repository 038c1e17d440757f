"""The seed's guide beside every form — what you see, what to do, how to verify, what if it fails —
and the navigation bar that keeps the site and the language from page to page."""

from __future__ import annotations

from pathlib import Path

from ..i18n import Lang, word
from ..services.markup import esc

PAGES = [
    ("00_baslangic", "ui.title.start"),
    ("01_yeni_yil_gecisi", "ui.title.new_year"),
    ("02_istege_bagli_gecis", "ui.title.optional_move"),
    ("03_konnektor_ici_degisiklik", "ui.title.inside"),
    ("04_teshis", "ui.title.diagnosis"),
    ("05_egitim", "ui.title.training"),
]
PARTS = ("seen", "steps", "verify", "fails")


def guide_html(section: str, lang: Lang) -> str:
    """The section's guide: four short parts, the steps as a numbered list."""
    parts = []
    for part in PARTS:
        text = word(f"guide.{section}.{part}", lang)
        body = (
            "<ol>" + "".join(f"<li>{esc(step.strip())}</li>" for step in text.split("|")) + "</ol>"
            if part == "steps"
            else f"<p>{esc(text)}</p>"
        )
        parts.append(f"<div class='kk-guide-{part}'><b>{esc(word(f'guide.{part}', lang))}</b>{body}</div>")
    return (
        f"<details open class='kk-guide'><summary>{esc(word('guide.title', lang))}</summary>{''.join(parts)}</details>"
    )


def nav_html(current: str, site: Path, lang: Lang, href: object) -> str:
    """Links to every page with `?site=&lang=`, the current one marked."""
    links = []
    for notebook, key in PAGES:
        label = f"{notebook[:2]} {word(key, lang)}"
        if notebook == current:
            links.append(f"<b class='kk-nav-here'>{esc(label)}</b>")
        else:
            links.append(f"<a class='kk-nav-{notebook[:2]}' href='{esc(href(notebook, site, lang))}'>{esc(label)}</a>")  # type: ignore[operator]
    return f"<nav class='kk-nav'>{' · '.join(links)}</nav>"
