"""Undo is never one blind click: page 03 lists the changes that can be undone, shows what undoing the
chosen one puts back (module, branch, after → before) and waits for "Evet, geri al"; the history says what
each change did and who made it; the CLI's history table says the same."""

from __future__ import annotations

import getpass
import html

import pytest

from konnektor_kit.cli import run
from konnektor_kit.services.workspace import open_workspace
from konnektor_kit.training.sandbox import TRAINING_STAFF_CREDENTIAL
from konnektor_kit.ui.inside import InsidePage
from tests.conftest import konnektor_digest
from tests.ui.test_forms import sign_in, staff_world  # noqa: F401 - the fixture


def where(site) -> dict[tuple[str, str], tuple]:
    with open_workspace(site) as ws:
        return {s.key: (s.database, s.firm, s.period) for s in ws.store.read_all()}


def apply(site, module: str, branch: str, period: str) -> None:
    assert run(["apply", "--site", str(site), "--module", module, "--branch", branch, "--period", period, "--yes"]) == 0


@pytest.fixture
def two_changes(site, capsys):
    apply(site, "e-Fatura", "Merkez", "3")  # change 1
    apply(site, "e-Arşiv", "Merkez", "3")  # change 2
    capsys.readouterr()
    return site


def test_page03_undoes_the_chosen_change_after_showing_what_it_puts_back(two_changes, staff_world):  # noqa: F811
    site = two_changes
    page = InsidePage(site)
    sign_in(page, TRAINING_STAFF_CREDENTIAL)
    assert [value for _, value in page.undo_pick.options] == [2, 1], "the newest first, each undoable change"
    history = html.unescape(page.history.value)
    assert "e-Fatura / Merkez: LOGODB 002/02 → LOGODB 002/03" in history and getpass.getuser() in history
    assert "(apply)" not in history and "tek ayar değişikliği" in history
    page.undo_pick.value = 1  # the older change, not the latest
    digest = konnektor_digest(site)
    page.undo_button.click()
    assert konnektor_digest(site) == digest, "the first click only shows what will change"
    preview = html.unescape(page.undo_preview.value)
    assert "1 numaralı" in preview and "e-Fatura / Merkez: LOGODB 002/03 → LOGODB 002/02" in preview
    assert "e-Arşiv" not in preview
    page.undo_no.click()
    assert konnektor_digest(site) == digest and page.undo_confirm.layout.display == "none"
    page.undo_button.click()
    page.undo_yes.click()
    now = where(site)
    assert now[("e-Fatura", "Merkez")][2] == "02" and now[("e-Arşiv", "Merkez")][2] == "03"
    assert [value for _, value in page.undo_pick.options] == [2]
    assert "1 numaralı değişikliğin geri alınması" in html.unescape(page.history.value)


def test_page03_undo_speaks_english_after_the_switch(two_changes, staff_world):  # noqa: F811
    page = InsidePage(two_changes)
    sign_in(page, TRAINING_STAFF_CREDENTIAL)
    page.language.value = "en"
    assert page.undo_button.description == "Undo the chosen change (staff)"
    assert page.staff_area.children[0].description == "UPDATE without a test (staff)"
    assert "What changed" in page.history.value and "one setting changed" in page.history.value


def test_cli_history_says_what_changed_and_who(two_changes, capsys):
    assert run(["history", "--site", str(two_changes)]) == 0
    out = capsys.readouterr().out
    assert "e-Arşiv / Merkez: LOGODB 002/02 → LOGODB 002/03" in out and getpass.getuser() in out
    assert "(apply)" not in out


def test_cli_undo_says_what_it_put_back(two_changes, capsys):
    assert run(["undo", "--site", str(two_changes), "--change", "1"]) == 0
    out = capsys.readouterr().out
    assert "e-Fatura / Merkez: LOGODB 002/03 → LOGODB 002/02" in out and "e-Arşiv" not in out
