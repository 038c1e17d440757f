"""Bad input exits 2 with a clear message in the user's language and leaves the settings untouched."""
from __future__ import annotations

import pytest

from tests.conftest import YEAR, cli, konnektor_digest

BAD = [
    (["apply", "--module", "e-Fatura", "--branch", "Merkez", "--firm", "2a", "--yes"], "Firma kodu \"2a\""),
    (["apply", "--module", "e-Fatura", "--branch", "Merkez", "--firm", "1000", "--yes"], "3 haneli"),
    (["apply", "--module", "e-Fatura", "--branch", "Merkez", "--period", "100", "--yes"], "2 haneli"),
    (["apply", "--module", "e-Fatura", "--branch", "Merkez", "--period", "٢", "--yes"], "Dönem kodu"),
    (["apply", "--module", "e-Fattura", "--branch", "Merkez", "--period", "3", "--yes"], "Modül \"e-Fattura\""),
    (["apply", "--module", "e-Fatura", "--branch", "Bursa", "--period", "3", "--yes"], "\"Bursa\" şubesi yok"),
    (["apply", "--module", "e-Fatura", "--period", "3", "--yes"], "--branch"),
    (["apply", "--module", "e-Fatura", "--branch", "İzmir Şube", "--database", "IZMIRSUBE2099", "--yes"],
     "\"IZMIRSUBE2099\" veri tabanı"),
    (["apply", "--module", "e-Fatura", "--branch", "İzmir Şube", "--database", "x]; DROP TABLE KONNEKTOR_MODUL_AYAR;--",
      "--yes"], "veri tabanı"),
    (["discover", "--module", "e-MM", "--branch", "Nowhere"], "şubesi yok"),
    (["new-year", "--year", "26"], "Yıl \"26\""),
    (["new-year", "--year", "two"], "Yıl"),
    (["undo", "--change", "abc"], "abc"),
    (["undo", "--change", "99"], "99"),
    (["test", "--module", "e-Posta"], "e-Posta"),
    (["frobnicate"], "frobnicate"),
]


@pytest.mark.parametrize("args, words", BAD, ids=[" ".join(a[:3]) for a, _ in BAD])
def test_bad_input_exits_2_and_changes_nothing(args, words, site, capsys):
    digest = konnektor_digest(site)
    argv = [args[0], "--site", str(site), *args[1:]] if args[0] != "frobnicate" else args
    code, payload, err = cli(*argv, capsys=capsys)
    assert code == 2
    assert words in err
    assert "Traceback" not in err
    assert konnektor_digest(site) == digest


def test_english_messages(site, capsys):
    code, payload, err = cli("apply", "--site", str(site), "--module", "e-Fatura", "--branch", "Merkez",
                             "--firm", "2a", "--yes", "--lang", "en", capsys=capsys)
    assert code == 2 and 'Firm code "2a" is invalid' in err and "3 digits" in err
    assert payload["category"] == "bad_code"


@pytest.mark.parametrize("content, words", [
    ("name = 'x'\n[konnektor\nsqlite = 'k'", "okunamadı"),
    ("name = 'x'\n", "[konnektor]"),
    ("[konnektor]\nsqlite = 'konnektor.sqlite'\n[servers.SRV01]\nport = 1\n", "SRV01"),
    ("[konnektor]\nodbc = 'Driver={X};Pwd=${KONNEKTOR_KIT_SURELY_UNSET}'\n", "KONNEKTOR_KIT_SURELY_UNSET"),
    ("login_timeout = -1\n[konnektor]\nsqlite = 'konnektor.sqlite'\n", "login_timeout"),
])
def test_malformed_site_file(content, words, site, capsys):
    bad = site.parent / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    digest = konnektor_digest(site)
    code, _, err = cli("new-year", "--site", str(bad), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 2 and words in err and "Traceback" not in err
    assert konnektor_digest(site) == digest


def test_missing_site_file(tmp_path, capsys):
    code, _, err = cli("inspect", "--site", str(tmp_path / "yok.toml"), capsys=capsys)
    assert code == 2 and "bulunamadı" in err


def test_site_with_unknown_server_is_reported_by_test(make_site, capsys):
    site = make_site("new-year")
    text = site.read_text(encoding="utf-8").replace('[servers."SRV01"]', '[servers."SRV02"]')
    site.write_text(text, encoding="utf-8")
    code, results, err = cli("test", "--site", str(site), capsys=capsys)
    assert code == 1
    assert all(not r["ok"] and r["category"] == "unknown_server" for r in results)


def test_sandbox_refuses_a_folder_that_is_not_a_sandbox(tmp_path, capsys):
    folder = tmp_path / "musteri"
    folder.mkdir()
    (folder / "önemli.txt").write_text("veri")
    code, _, err = cli("sandbox", str(folder), capsys=capsys)
    assert code == 2 and (folder / "önemli.txt").read_text() == "veri"
    code, _, err = cli("sandbox", str(tmp_path / "x"), "--scenario", "yok", capsys=capsys)
    assert code == 2 and "yok" in err
