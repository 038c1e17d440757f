"""One name per section: the page's form is ui/<section>.py, its notebook (the Turkish address) is
named once in ui/guide.SECTIONS and imports exactly that form, and its words are ui.title.<section>
and guide.<section>.*."""

from __future__ import annotations

import importlib
import json

from konnektor_kit.env import NOTEBOOKS
from konnektor_kit.i18n import MESSAGES
from konnektor_kit.ui.guide import PARTS, SECTIONS
from konnektor_kit.ui.page import Page


def test_every_section_has_its_form_its_notebook_and_its_words():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(SECTIONS.values())
    for section, notebook in SECTIONS.items():
        module = importlib.import_module(f"konnektor_kit.ui.{section}")
        pages = [
            c
            for c in vars(module).values()
            if isinstance(c, type) and issubclass(c, Page) and c.__module__ == module.__name__
        ]
        assert [p.section for p in pages] == [section], module
        cells = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
        *parameters, page = cells  # 04_teshis has papermill's parameters cell before its one cell
        assert all("parameters" in c["metadata"].get("tags", []) for c in parameters) and len(parameters) <= 1
        assert f"from konnektor_kit.ui.{section} import show" in "".join(page["source"])
        assert f"ui.title.{section}" in MESSAGES and all(f"guide.{section}.{p}" in MESSAGES for p in PARTS)
