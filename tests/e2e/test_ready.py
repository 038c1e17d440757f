"""`ready`: December's readiness for the coming year, for every program, on the sandbox scenarios.

A scenario made for YEAR holds YEAR's targets: `ready --year YEAR` finds them; `ready --year YEAR+1`
asks for a year nobody has created yet, unless the program moves by itself (devirsiz, dönemsiz)."""

from __future__ import annotations

import pytest

from konnektor_kit.contract import READY_JSON
from tests.conftest import YEAR, cli, konnektor_digest

# scenario, year, exit code, {program: states expected for every setting of that program}
CASES = [
    ("new-year", YEAR, 0, {"LOGO": {"ready"}, "GENERIC": {"ready"}}),
    ("new-year", YEAR + 1, 1, {"LOGO": {"missing"}, "GENERIC": {"missing"}}),
    ("logo-firm-copy", YEAR, 0, {"LOGO": {"ready"}}),
    ("logo-donemsiz", YEAR + 1, 0, {"LOGO": {"automatic"}}),
    ("logo-temmuz", YEAR + 1, 0, {"LOGO": {"ready"}}),
    ("netsis-devirli", YEAR, 0, {"NETSIS": {"ready"}}),
    ("netsis-devirli", YEAR + 1, 1, {"NETSIS": {"missing"}}),
    ("netsis-devirsiz", YEAR, 0, {"NETSIS": {"automatic"}}),
    ("netsis-devirsiz", YEAR + 1, 1, {"NETSIS": {"missing"}}),
    ("mikro", YEAR, 0, {"MIKRO": {"ready", "automatic"}}),
    ("mikro", YEAR + 1, 1, {"MIKRO": {"missing", "automatic"}}),
    ("eta", YEAR, 0, {"ETA": {"ready"}}),
    ("eta", YEAR + 1, 1, {"ETA": {"missing"}}),
]


@pytest.mark.parametrize(("scenario", "year", "code", "states"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_ready_per_program(make_site, capsys, scenario, year, code, states):
    site = make_site(scenario)
    before = konnektor_digest(site)
    got, rows, err = cli("ready", "--site", str(site), "--year", str(year), capsys=capsys)
    assert got == code, err
    assert isinstance(rows, list) and rows
    assert konnektor_digest(site) == before  # readiness writes nothing
    for row in rows:
        assert set(row) == set(READY_JSON)
        assert row["year"] == year
        assert row["state"] in states[row["program"]], row
        assert row["ready"] == (row["state"] in ("ready", "automatic"))
        assert row["automatic"] == (row["state"] == "automatic")
        if row["state"] == "missing":
            assert row["who"] == "vendor" and row["target"] is None and row["missing"]
            assert "Muhasebe Programcınızdan destek alabilirsiniz" in row["todo"]
        elif row["state"] == "ready":
            assert row["who"] is None and row["target"] is not None
            assert row["target"] != row["current"]
            assert f"new-year --site {site} --year {year} --yes" in row["todo"]
        elif row["state"] == "automatic":
            assert row["target"] == row["current"] and row["missing"] is None


def test_ready_targets_are_the_transitions_targets(make_site, capsys):
    """Ready rows point exactly where `new-year` would move them: one decision, two readings."""
    site = str(make_site("netsis-devirli"))
    _, ready, _ = cli("ready", "--site", site, "--year", str(YEAR), capsys=capsys)
    _, plan, _ = cli("new-year", "--site", site, "--year", str(YEAR), capsys=capsys)
    assert [r["target"] for r in ready] == [p["after"] for p in plan]


def test_ready_says_which_moves_are_automatic(make_site, capsys):
    site = str(make_site("logo-donemsiz"))
    code, rows, _ = cli("ready", "--site", site, "--year", str(YEAR + 1), "--lang", "en", capsys=capsys)
    assert code == 0
    assert all("automatic" in r["todo"] and "independent of fiscal periods" in r["todo"] for r in rows)


def test_a_free_named_devir_company_is_the_engineers_decision(make_site, capsys):
    """NETSIS's own example: the new year's company is called DEVIR; the kit offers it, the engineer confirms."""
    import sqlite3

    site = make_site("netsis-devirli")
    databases = site.parent / "databases"
    (databases / f"BEYAZGIDA{YEAR}.sqlite").rename(databases / "DEVIR.sqlite")
    with sqlite3.connect(databases / "NETSIS.sqlite") as conn:
        conn.execute("UPDATE SIRKETLER30 SET SIRKET = 'DEVIR' WHERE SIRKET = ?", (f"BEYAZGIDA{YEAR}",))
    code, rows, _ = cli("ready", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert code == 1
    assert {r["state"] for r in rows} == {"decide"} and all(r["who"] == "engineer" for r in rows)
    assert all("DEVIR" in r["reason"] and f"discover --site {site} --module" in r["todo"] for r in rows)


def test_ready_text_output_and_summary(make_site, capsys):
    from konnektor_kit.cli import run

    site = str(make_site("eta"))
    assert run(["ready", "--site", site, "--year", str(YEAR + 1)]) == 1
    out = capsys.readouterr().out
    assert "Muhasebe" in out and "Programcısı" in out and f"{YEAR + 1} için 8 ayar: 0 hazır" in out  # a wrapped cell


def test_ready_a_dead_server_is_broken_not_a_crash(make_site, capsys, monkeypatch):
    monkeypatch.setenv("READY_TEST_PWD", "gizli-Parola-42")
    site = make_site("eta")
    closed = 'odbc = "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=9;Uid=kit;Pwd=${READY_TEST_PWD}"'
    text = site.read_text(encoding="utf-8").replace('sqlite_dir = "databases"', closed)
    site.write_text(text, encoding="utf-8")
    code, rows, err = cli("ready", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert code == 1
    assert "gizli-Parola-42" not in repr(rows) + err
    assert {r["state"] for r in rows} == {"broken"} and all(r["who"] == "engineer" for r in rows)
    assert all(f"konnektor-kit test --site {site}" in r["todo"] for r in rows)


@pytest.mark.parametrize(
    "args",
    [
        ["--year", "27"],
        ["--year", "2027", "--date", "01.07.2026"],
        [],
    ],
)
def test_ready_bad_input_is_exit_2(site, capsys, args):
    code, payload, err = cli("ready", "--site", str(site), *args, capsys=capsys)
    assert code == 2 and payload["exit_code"] == 2 and err.strip()


def test_ready_missing_site_file_is_exit_2(tmp_path, capsys):
    code, payload, _ = cli("ready", "--site", str(tmp_path / "yok.toml"), "--year", str(YEAR), capsys=capsys)
    assert code == 2 and payload["error"]
