"""The oracle for "no Turkish word left after the switch to English": the words of the catalogue's
Turkish sentences that no English sentence uses, less the site's own data (branch, firm and database
names people typed, which stay as they are in either language)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from konnektor_kit.i18n import MESSAGES, forms

WORD = re.compile(r"[^\W\d_]{3,}")
PLACEHOLDER = re.compile(r"\{[^}]*\}")
#: the language switch names each language in its own words
OWN_NAMES = {"türkçe"}


def fold(word: str) -> str:
    return word.replace("I", "ı").replace("İ", "i").lower()


def words(text: str) -> set[str]:
    return {fold(w) for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


@cache
def turkish_only() -> frozenset[str]:
    tr, en = set(), set()
    for templates in MESSAGES.values():
        for f in forms(templates[0]):
            tr |= words(f)
        for f in forms(templates[1]):
            en |= words(f)
    return frozenset(tr - en - OWN_NAMES)


def site_words(site: Path) -> set[str]:
    """What the site itself holds: its name, branches, programs, servers, databases, firms, and the
    sandbox's scenario file (the story of the training customer, its titles in both languages)."""
    from konnektor_kit.data.site import load_site
    from konnektor_kit.services.workspace import open_workspace
    from konnektor_kit.training.sandbox import scenario_titles

    found = words(site.read_text(encoding="utf-8")) | words(str(site))
    found |= words(" ".join(scenario_titles()))  # the scenarios' names, as `sandbox --scenario` takes them
    with open_workspace(load_site(site)) as ws:
        for s in ws.store.read_all():
            found |= words(" ".join(str(v) for v in (s.module, s.branch, s.program, s.server, s.database)))
            found |= words(" ".join(ws.catalog(s.server).databases()))
    return found


def turkish_left(text: str, site: Path) -> set[str]:
    """The Turkish words of the catalogue in `text` that are not the site's own data."""
    return (words(text) & turkish_only()) - site_words(site)
