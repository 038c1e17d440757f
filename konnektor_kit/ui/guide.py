"""The seed's guide beside every form — what you see, what to do, how to verify, what if it fails —
and the navigation bar that keeps the site and the language from page to page."""

from __future__ import annotations

from pathlib import Path

from ..i18n import Lang, word
from ..present.markup import esc

#: every page in the guide's order: its section, the one name it has in code (ui/<section>.py, the
#: keys ui.title.<section> and guide.<section>.*), and its notebook, the Turkish address people bookmark
SECTIONS = {
    "start": "00_baslangic",
    "new_year": "01_yeni_yil_gecisi",
    "optional_move": "02_istege_bagli_gecis",
    "inside": "03_konnektor_ici_degisiklik",
    "diagnosis": "04_teshis",
    "training": "05_egitim",
}
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
    for section, notebook in SECTIONS.items():
        label = f"{notebook[:2]} {word(f'ui.title.{section}', lang)}"
        if notebook == current:
            links.append(f"<b class='kk-nav-here'>{esc(label)}</b>")
        else:
            links.append(f"<a class='kk-nav-{notebook[:2]}' href='{esc(href(notebook, site, lang))}'>{esc(label)}</a>")  # type: ignore[operator]
    return f"<nav class='kk-nav'>{' · '.join(links)}</nav>"
