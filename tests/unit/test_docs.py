"""The README is a tour and docs/ the reference; these tests keep both true to the code, as sqlite-utils'
tests/test_docs.py does: every verb of the command line and every option it takes has its section in
docs/cli.md, every page its row in docs/app.md, and every link of the README and the docs leads to a file
that is there. A verb or a page added without its documentation fails here."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from konnektor_kit.cli.parser import build_parser
from konnektor_kit.env import NOTEBOOKS
from konnektor_kit.ui.guide import SECTIONS

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
#: the options every verb takes, documented once at the top of docs/cli.md
COMMON = {"--help", "--json", "--lang"}
#: the README's top section (everything before "## Reference") stays a tour
TOUR_LINES = 120
#: pages of docs/ another branch writes (linked from here before they land); empty once merged
WRITTEN_ELSEWHERE: set[str] = set()
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


def verbs() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def cli_sections() -> dict[str, str]:
    """docs/cli.md's `### `konnektor-kit VERB`` sections, each up to the next heading."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r"^### `konnektor-kit ([a-z-]+)`\n(.*?)(?=^#{1,3} )", text, re.M | re.S):
        found[match.group(1)] = match.group(2)
    return found


@pytest.mark.parametrize("verb", sorted(verbs()))
def test_every_verb_and_option_is_documented(verb):
    sections = cli_sections()
    assert verb in sections, f"docs/cli.md has no '### `konnektor-kit {verb}`' section"
    options = {o for a in verbs()[verb]._actions for o in a.option_strings if o.startswith("--")} - COMMON
    missing = sorted(o for o in options if not re.search(rf"{re.escape(o)}\b", sections[verb]))
    assert not missing, f"docs/cli.md's section on {verb} does not mention {missing}"


def test_no_section_documents_a_verb_that_is_not_there():
    assert set(cli_sections()) == set(verbs())


def test_the_common_options_are_documented_once():
    head = (DOCS / "cli.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert all(option in head for option in COMMON - {"--help"})


def test_every_page_has_its_row():
    pages = (DOCS / "app.md").read_text(encoding="utf-8")
    on_disk = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    assert sorted(SECTIONS.values()) == on_disk
    missing = [page for page in on_disk if not re.search(rf"^\| `{page}` \|", pages, re.M)]
    assert not missing, f"docs/app.md's table of pages has no row for {missing}"


def test_the_readme_is_a_tour():
    text = README.read_text(encoding="utf-8")
    tour = text.split("\n## Reference", 1)[0]
    assert len(tour.splitlines()) < TOUR_LINES, len(tour.splitlines())
    for needed in ("bash scripts/demo", "bash scripts/test", "00_baslangic.ipynb?token=", "Ctrl+C", "efinans-egitim"):
        assert needed in tour, needed
    assert (ROOT / "scripts" / "demo").is_file() and (ROOT / "scripts" / "test").is_file()
    (shot,) = re.findall(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", tour)
    assert (ROOT / shot).is_file()


def test_the_training_credential_is_the_one_the_sandboxes_use():
    from konnektor_kit.access.credentials import TRAINING_STAFF_CREDENTIAL

    assert TRAINING_STAFF_CREDENTIAL in README.read_text(encoding="utf-8")


def test_every_page_of_docs_is_linked_from_the_readme():
    linked = {(README.parent / m.group(1)).resolve() for m in LINK.finditer(README.read_text(encoding="utf-8"))}
    pages = {p.resolve() for p in DOCS.glob("*.md")}
    assert not pages - linked, sorted(str(p.relative_to(ROOT)) for p in pages - linked)


@pytest.mark.parametrize("page", ["README.md", *sorted(f"docs/{p.name}" for p in DOCS.glob("*.md"))])
def test_every_link_leads_somewhere(page):
    source = ROOT / page
    broken = []
    for match in LINK.finditer(source.read_text(encoding="utf-8")):
        target = match.group(1)
        if "://" in target or target.startswith("mailto:"):
            continue
        resolved = (source.parent / target).resolve()
        if str(resolved.relative_to(ROOT)) in WRITTEN_ELSEWHERE:
            continue
        if not resolved.exists():
            broken.append(target)
    assert not broken, f"{page}: {broken}"
