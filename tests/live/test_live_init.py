"""`konnektor-kit init` on live PostgreSQL and MariaDB: the Konnektör's database found on the server by its
settings table, the site file written from it (0600, `${VAR}` kept, no password), and that file's
`inspect`, `test` and `new-year` plan the same as the hand-written site file of the same customer."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from konnektor_kit.data.odbc import open_odbc
from konnektor_kit.data.store import SettingsStore
from konnektor_kit.services.init_site import MARK
from tests.conftest import YEAR, cli
from tests.helpers import site_neutral

from .deploy import KONNEKTOR_DB, PASSWORD_ENV, deploy_scenario
from .servers import free_port

pytestmark = pytest.mark.live

#: the customer's Konnektör server as the engineer types it: the password stays a variable
AS_TYPED = "${" + PASSWORD_ENV + "}"


def konnektor_string(live) -> str:
    return live.odbc(password=AS_TYPED)


def second_konnektor(live, name: str) -> None:
    """Another database holding the settings table (a backup copy of the Konnektör's)."""
    live.create_database(name)
    conn = open_odbc(live.odbc(), name, 5)
    try:
        SettingsStore(conn).create_schema()
        conn.commit()
    finally:
        conn.close()


def unprobed(rows: list[dict]) -> list[dict]:
    """`test --json` rows without the pre-flight probe's timing (milliseconds differ run to run)."""
    return [{k: v for k, v in row.items() if k != "probe"} for row in rows]


def test_one_found_and_the_written_site_inspects_tests_and_plans(live, tmp_path, capsys):
    deployed = deploy_scenario(live, "new-year", tmp_path / "deployed", YEAR)
    target = tmp_path / "acme"
    code, made, err = cli("init", str(target), "--konnektor", konnektor_string(live), capsys=capsys)
    assert code == 0, err
    site = target / "site.toml"
    assert made["database"] == KONNEKTOR_DB and made["found"] == [KONNEKTOR_DB] and made["settings"] == 12
    assert [(s["name"], s["assumed"]) for s in made["servers"]] == [("SRV01", True)]
    assert len(made["test"]) == 12
    assert stat.S_IMODE(site.stat().st_mode) == 0o600
    text = site.read_text(encoding="utf-8")
    assert text.startswith(MARK) and live.password not in text and f"Pwd={AS_TYPED}" in text
    assert text.count(f"Database={KONNEKTOR_DB}") == 1  # the Konnektör's line only; servers get none
    # the written site file and the hand-written one of the same customer answer alike
    for verb in (["inspect"], ["new-year", "--year", str(YEAR)], ["test", "--year", str(YEAR)]):
        code, mine, _ = cli(verb[0], "--site", str(site), *verb[1:], capsys=capsys)
        their_code, theirs, _ = cli(verb[0], "--site", str(deployed), *verb[1:], capsys=capsys)
        assert (code, site_neutral(unprobed(mine), site)) == (their_code, site_neutral(unprobed(theirs), deployed)), (
            verb
        )
    _, plan, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert any(row["before"] != row["after"] for row in plan) and len(plan) == 12


def test_two_found_writes_nothing_and_database_chooses(live, tmp_path, capsys):
    deploy_scenario(live, "new-year", tmp_path / "deployed", YEAR)
    second_konnektor(live, "EFINANS_YEDEK")
    target = tmp_path / "acme"
    code, answer, err = cli("init", str(target), "--konnektor", konnektor_string(live), capsys=capsys)
    assert code == 1 and answer["category"] == "ambiguous", err
    assert "EFINANS, EFINANS_YEDEK" in err and not target.exists()
    assert live.password not in err
    code, made, err = cli(
        "init", str(target), "--konnektor", konnektor_string(live), "--database", KONNEKTOR_DB, capsys=capsys
    )
    assert code == 0 and made["database"] == KONNEKTOR_DB and made["settings"] == 12, err
    assert stat.S_IMODE((target / "site.toml").stat().st_mode) == 0o600
    # a Database= in the Konnektör's own string chooses the same way
    code, made, _ = cli(
        "init", str(tmp_path / "b"), "--konnektor", konnektor_string(live) + ";Database=EFINANS_YEDEK", capsys=capsys
    )
    assert code == 0 and made["database"] == "EFINANS_YEDEK" and made["settings"] == 0


def test_none_found_writes_nothing(live, tmp_path, capsys):
    live.drop_all()
    live.create_database("LOGODB")
    code, answer, err = cli("init", str(tmp_path / "acme"), "--konnektor", konnektor_string(live), capsys=capsys)
    assert code == 1 and answer["category"] == "not_found" and not (tmp_path / "acme").exists()


def test_an_unreachable_server_writes_nothing(live, tmp_path, capsys):
    deploy_scenario(live, "new-year", tmp_path / "deployed", YEAR)
    dead = live.odbc(password=AS_TYPED, port=free_port())
    code, _, err = cli(
        "init", str(tmp_path / "acme"), "--konnektor", konnektor_string(live), "--server", f"SRV01={dead}",
        capsys=capsys,
    )  # fmt: skip
    assert code == 1 and "SRV01" in err and not (tmp_path / "acme").exists()
    assert live.password not in err


def test_a_literal_password_is_refused(live, tmp_path, capsys):
    code, _, err = cli("init", str(tmp_path / "acme"), "--konnektor", live.odbc(), capsys=capsys)
    assert code == 2 and live.password not in err and "KONNEKTOR_PWD" in err
    assert not (tmp_path / "acme").exists()


def test_databases_the_login_may_not_open_are_skipped(postgres, tmp_path, capsys, monkeypatch):
    """PostgreSQL: a login without CONNECT on one database; the search names it and goes on."""
    live = postgres
    deploy_scenario(live, "new-year", tmp_path / "deployed", YEAR)
    live.revoke("LOGODB")
    with live.admin(KONNEKTOR_DB) as conn:
        conn.execute(f'GRANT SELECT ON "KONNEKTOR_MODUL_AYAR" TO {live.norights_user}')
    monkeypatch.setenv("KIT_INIT_PWD", live.norights_password)
    odbc = live.odbc(user=live.norights_user, password="${KIT_INIT_PWD}")
    code, made, err = cli("init", str(tmp_path / "acme"), "--konnektor", odbc, capsys=capsys)
    assert code == 0, err
    assert made["found"] == [KONNEKTOR_DB] and "LOGODB" in made["skipped"] and made["settings"] == 12
    assert live.norights_password not in Path(made["site"]).read_text(encoding="utf-8")


def test_the_start_page_makes_the_site_with_a_typed_password(live, site, tmp_path, monkeypatch):
    """The page's password field fills `${KONNEKTOR_PWD}` for this action only; the file keeps the variable,
    and the server's own environment is never read (the variable is not set here at all)."""
    import html

    from konnektor_kit.ui.start import StartPage

    monkeypatch.delenv("KONNEKTOR_PWD", raising=False)
    deploy_scenario(live, "new-year", tmp_path / "deployed", YEAR)
    page = StartPage(site, lang="en")
    section = page.new_customer
    section.toggle.value = True
    section.folder.value = str(tmp_path / "acme")
    section.konnektor.value = live.odbc(password="${KONNEKTOR_PWD}")
    section.password.value = live.password
    section.button.click()
    shown = html.unescape(" ".join(m.value for m in page.messages.children) + section.summary.value)
    written = tmp_path / "acme" / "site.toml"
    assert written.is_file(), shown
    text = written.read_text(encoding="utf-8")
    assert "Pwd=${KONNEKTOR_PWD}" in text and live.password not in text and live.password not in shown
    assert "12 settings" in shown or "/12 settings" in shown
    assert "KONNEKTOR_PWD='…' konnektor-kit serve --site" in shown  # how to open it: the page reads no variable
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


@pytest.mark.parametrize("where", ["closed-port", "unknown-host", "silent"])
def test_driver18_a_konnektor_server_that_cannot_be_reached_writes_nothing(where, tmp_path, capsys, monkeypatch):
    """Microsoft's ODBC Driver 18 (no SQL Server runs here): every failure before the login is the real
    driver's, classified by the kit; init says which and writes nothing, the password never shown."""
    from .servers import SilentServer
    from .test_driver18 import DRIVER18, UNKNOWN_HOST, registered

    registered(DRIVER18)
    secret = "Kit;D18-init-pw"
    monkeypatch.setenv("KIT_D18_INIT_PWD", secret)
    silent = SilentServer() if where == "silent" else None
    try:
        host, port = {
            "closed-port": ("127.0.0.1", free_port()),
            "unknown-host": (UNKNOWN_HOST, 1433),
            "silent": ("127.0.0.1", silent.port if silent else 0),
        }[where]
        odbc = (
            f"Driver={{{DRIVER18}}};Server={host},{port};Uid=sa;Pwd={{${{KIT_D18_INIT_PWD}}}};"
            "Encrypt=yes;TrustServerCertificate=yes"
        )
        code, answer, err = cli("init", str(tmp_path / "acme"), "--konnektor", odbc, capsys=capsys)
    finally:
        if silent:
            silent.close()
    assert code == 1 and answer["category"] in ("server_unreachable", "timeout"), err
    assert secret not in err and secret not in str(answer) and not (tmp_path / "acme").exists()
