"""Reliability: one bad stored row is reported and isolated, never fatal to every later run — a settings
row whose SURUM is no number, a history ID near 2^63 — and an empty firm or period for a program that
needs it is bad input (exit 2, nothing written). Real sandbox sites, the real command line."""

from __future__ import annotations

import sqlite3

import pytest

from konnektor_kit.data.store import CHANGES, TABLE
from tests.conftest import YEAR, cli, konnektor_digest
from tests.helpers import apply

from .tally import count


def konnektor(site) -> sqlite3.Connection:
    return sqlite3.connect(site.parent / "konnektor.sqlite")


@pytest.mark.parametrize("surum", ["x", "3.5", None])
def test_a_settings_row_whose_surum_is_no_number_is_said_and_left_out(surum, site, capsys):
    with konnektor(site) as conn:
        conn.execute("PRAGMA ignore_check_constraints = 1")
        if surum is None:  # NOT NULL in the contract's table: a copy without it
            conn.execute(f"UPDATE {TABLE} SET SURUM = '' WHERE MODUL = 'e-Arşiv' AND SUBE = 'Merkez'")
        else:
            conn.execute(f"UPDATE {TABLE} SET SURUM = ? WHERE MODUL = 'e-Arşiv' AND SUBE = 'Merkez'", (surum,))
    count("reliability", "tried")
    code, shown, err = cli("inspect", "--site", str(site), capsys=capsys)
    assert code == 0 and shown and all(s["module"] != "e-Arşiv" or s["branch"] != "Merkez" for s in shown)
    assert "e-Arşiv / Merkez" in err and "SURUM" in err
    code, checked, err = cli("test", "--site", str(site), "--module", "e-Fatura", capsys=capsys)
    assert code == 1 and checked and "e-Arşiv / Merkez" in err  # a site with an unreadable row is not all right
    code, changed, err = apply(site, capsys, period="3")
    assert code == 0 and changed["after"]["period"] == "03", err  # every other row works as before
    code, history, _ = cli("history", "--site", str(site), capsys=capsys)
    assert code == 0 and len(history) == 1
    count("reliability", "held")


def test_a_history_id_near_2_63_does_not_block_every_write(site, capsys):
    with konnektor(site) as conn:
        conn.execute(
            f'INSERT INTO {CHANGES} ("ID", "ZAMAN", "ISLEM", "ACIKLAMA", "KULLANICI") VALUES (?, ?, ?, ?, ?)',
            (2**63 - 1, f"{YEAR}-01-01 00:00:00", "apply", "elle", "biri"),
        )
    count("reliability", "tried")
    code, changed, err = apply(site, capsys, period="3")
    assert code == 0, err
    assert 0 < changed["change"] < 2**31
    code, history, _ = cli("history", "--site", str(site), capsys=capsys)
    assert code == 0 and {h["id"] for h in history} == {changed["change"], 2**63 - 1}
    assert next(h for h in history if h["id"] == 2**63 - 1)["damaged"]
    code, undone, err = cli("undo", "--site", str(site), "--change", str(changed["change"]), capsys=capsys)
    assert code == 0, err
    count("reliability", "held")


@pytest.mark.parametrize("flag", ["--firm", "--period"])
@pytest.mark.parametrize("blank", ["", "  "])
def test_an_empty_code_for_a_program_that_needs_it_is_bad_input(flag, blank, site, capsys):
    digest = konnektor_digest(site)
    count("bad input", "tried")
    code, shown, err = cli(
        "apply",
        "--site",
        str(site),
        "--module",
        "e-Fatura",
        "--branch",
        "Merkez",
        flag,
        blank,
        "--yes",
        capsys=capsys,
    )
    assert code == 2 and shown["exit_code"] == 2 and "LOGO" in err and "Hiçbir şey yazılmadı" in err
    assert konnektor_digest(site) == digest
    count("bad input", "held")
