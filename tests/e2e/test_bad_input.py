"""Bad input exits 2 with a clear message in the user's language and leaves the settings untouched."""

from __future__ import annotations

import pytest

from tests.conftest import YEAR, cli, konnektor_digest
from tests.helpers import apply

BAD = [
    (["apply", "--module", "e-Fatura", "--branch", "Merkez", "--firm", "2a", "--yes"], 'Firma kodu "2a"'),
    (["apply", "--module", "e-Fatura", "--branch", "Merkez", "--firm", "1000", "--yes"], "3 haneli"),
    (["apply", "--module", "e-Fatura", "--branch", "Merkez", "--period", "100", "--yes"], "2 haneli"),
    (["apply", "--module", "e-Fatura", "--branch", "Merkez", "--period", "٢", "--yes"], "Dönem kodu"),
    (["apply", "--module", "e-Fattura", "--branch", "Merkez", "--period", "3", "--yes"], 'Modül "e-Fattura"'),
    (["apply", "--module", "e-Fatura", "--branch", "Bursa", "--period", "3", "--yes"], '"Bursa" şubesi yok'),
    (["apply", "--module", "e-Fatura", "--period", "3", "--yes"], "--branch"),
    (
        ["apply", "--module", "e-Fatura", "--branch", "İzmir Şube", "--database", "IZMIRSUBE2099", "--yes"],
        '"IZMIRSUBE2099" veri tabanı',
    ),
    (
        [
            "apply",
            "--module",
            "e-Fatura",
            "--branch",
            "İzmir Şube",
            "--database",
            "x]; DROP TABLE KONNEKTOR_MODUL_AYAR;--",
            "--yes",
        ],
        "veri tabanı",
    ),
    (["discover", "--module", "e-MM", "--branch", "Nowhere"], "şubesi yok"),
    (["new-year", "--year", "26"], 'Yıl "26"'),
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
    code, payload, err = apply(site, capsys, firm="2a", lang="en")
    assert code == 2 and 'Firm code "2a" is invalid' in err and "3 digits" in err
    assert payload["category"] == "bad_code"


@pytest.mark.parametrize(
    "content, words",
    [
        ("name = 'x'\n[konnektor\nsqlite = 'k'", "okunamadı"),
        ("name = 'x'\n", "[konnektor]"),
        ("[konnektor]\nsqlite = 'konnektor.sqlite'\n[servers.SRV01]\nport = 1\n", "SRV01"),
        ("[konnektor]\nodbc = 'Driver={X};Pwd=${KONNEKTOR_KIT_SURELY_UNSET}'\n", "KONNEKTOR_KIT_SURELY_UNSET"),
        ("login_timeout = -1\n[konnektor]\nsqlite = 'konnektor.sqlite'\n", "login_timeout"),
    ],
)
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


# ---- issue 12: every bad site file or --site is a sentence in both languages and exit 2 ----------
SITE_OK = "[konnektor]\nsqlite = 'konnektor.sqlite'\n"


def _write(folder, name, content):
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _fifo(folder):
    import os

    path = folder / "fifo.toml"
    os.mkfifo(path)
    return path


def _huge(folder):
    path = folder / "huge.toml"
    with open(path, "wb") as f:
        f.truncate(2 * 1024 * 1024)  # sparse: 2 MB of nothing, past the 1 MB limit
    return path


def _folder(folder):
    path = folder / "site-klasoru"
    path.mkdir()
    return path


BAD_SITES = {
    "timeout-inf": (
        lambda d: _write(d, "s.toml", "login_timeout = inf\n" + SITE_OK),
        "login_timeout sonlu ve en çok 300 saniye",
        "login_timeout must be finite and at most 300 seconds",
    ),
    "timeout-nan": (lambda d: _write(d, "s.toml", "login_timeout = nan\n" + SITE_OK), "yazılan: nan", "got: nan"),
    "timeout-1e308": (
        lambda d: _write(d, "s.toml", "login_timeout = 1e308\n" + SITE_OK),
        "en çok 300 saniye",
        "at most 300 seconds",
    ),
    "timeout-huge-int": (
        lambda d: _write(d, "s.toml", f"login_timeout = {10**30}\n" + SITE_OK),
        "en çok 300 saniye",
        "at most 300 seconds",
    ),
    "server-timeout-inf": (
        lambda d: _write(d, "s.toml", SITE_OK + "[servers.SRV01]\nsqlite_dir = '.'\nlogin_timeout = inf\n"),
        "login_timeout sonlu",
        "login_timeout must be finite",
    ),
    "nested-arrays": (
        lambda d: _write(d, "s.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n" + SITE_OK),
        "çok derin iç içe",
        "nests sections and lists too deeply",
    ),
    "nested-tables": (
        lambda d: _write(d, "s.toml", SITE_OK + "[" + ".".join(["a"] * 40) + "]\nx = 1\n"),
        "çok derin iç içe",
        "nests sections and lists too deeply",
    ),
    "not-utf8": (
        lambda d: _write(d, "s.toml", b"name = '\xfe\xff'\n" + SITE_OK.encode()),
        "UTF-8 değil",
        "is not UTF-8",
    ),
    "folder": (_folder, "bir klasör, site dosyası değil", "is a folder, not a site file"),
    "fifo": (_fifo, "sıradan bir dosya değil", "is not an ordinary file"),
    "dev-zero": (lambda d: "/dev/zero", "sıradan bir dosya değil", "is not an ordinary file"),
    "proc-self-mem": (lambda d: "/proc/self/mem", "Site dosyası okunamadı", "The site file could not be read"),
    "huge": (_huge, "çok büyük (en çok 1024 KB)", "too large for a site file (at most 1024 KB)"),
    "missing": (lambda d: d / "yok.toml", "Site dosyası bulunamadı", "Site file not found"),
    "commlog": (
        lambda d: _write(
            d, "s.toml", "[konnektor]\nodbc = 'Driver={PostgreSQL Unicode};Server=db;Uid=u;Pwd=gizli;CommLog=1'\n"
        ),
        '"CommLog" var',
        'has "CommLog"',
    ),
    "freetds-dump": (
        lambda d: _write(
            d,
            "s.toml",
            SITE_OK + "[servers.SRV01]\nodbc = 'Driver={FreeTDS};Server=db;Uid=sa;Pwd=gizli;DUMPFILE=/tmp/tds.log'\n",
        ),
        '[servers."SRV01"] bağlantı cümlesinde "DUMPFILE"',
        'has "DUMPFILE"',
    ),
}


@pytest.mark.parametrize("name", list(BAD_SITES))
def test_bad_site_file_exits_2_in_both_languages(name, site, tmp_path, capsys):
    make, tr_words, en_words = BAD_SITES[name]
    folder = tmp_path / "bad"
    folder.mkdir()
    bad = make(folder)
    digest = konnektor_digest(site)
    before = sorted(p.name for p in folder.iterdir())
    for lang, words in (("tr", tr_words), ("en", en_words)):
        code, payload, err = cli(
            "new-year", "--site", str(bad), "--year", str(YEAR), "--yes", "--lang", lang, capsys=capsys
        )
        assert code == 2, err
        assert words in err and words in payload["error"]
        assert "Traceback" not in err and "Beklenmeyen" not in err and "unexpected" not in err
        assert payload["exit_code"] == 2
    assert konnektor_digest(site) == digest
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written beside the bad file


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path, capsys):
    import time

    fifo = _fifo(tmp_path)
    started = time.monotonic()
    code, _, err = cli("inspect", "--site", str(fifo), capsys=capsys)
    assert code == 2 and "FIFO" in err and time.monotonic() - started < 5


def test_log_keys_that_arrive_through_the_environment_are_refused(site, monkeypatch, capsys):
    monkeypatch.setenv("KONNEKTOR_KIT_TEST_PW", "x;Debug=1")
    bad = site.parent / "env.toml"
    bad.write_text(
        "[konnektor]\nodbc = 'Driver={PostgreSQL Unicode};Server=db;Uid=u;Pwd=${KONNEKTOR_KIT_TEST_PW}'\n",
        encoding="utf-8",
    )
    from konnektor_kit.data import odbc_strings
    from konnektor_kit.data.site import load_site

    # read into the password only, the value stays one password: no key of it reaches the driver
    text = load_site(bad).konnektor_odbc or ""
    assert odbc_strings.get(odbc_strings.parse(text), "Pwd") == "x;Debug=1"
    assert odbc_strings.logging_keys(text) == [] and "Debug" not in dict(odbc_strings.parse(text))
    code, _, err = cli("inspect", "--site", str(bad), "--lang", "en", capsys=capsys)
    assert code in (1, 2) and "x;Debug=1" not in err


def test_site_opened_from_the_page_may_not_read_the_environment(site, monkeypatch):
    from konnektor_kit.data.site import load_site
    from konnektor_kit.exceptions import SiteError

    monkeypatch.setenv("KONNEKTOR_KIT_TEST_PW", "sunucunun-parolasi")
    odbc = site.parent / "page.toml"
    odbc.write_text(
        "[konnektor]\nodbc = 'Driver={FreeTDS};Server=evil;Uid=sa;Pwd=${KONNEKTOR_KIT_TEST_PW}'\n", encoding="utf-8"
    )
    assert load_site(odbc).konnektor_odbc.endswith("Pwd=sunucunun-parolasi")  # the server's own site: read
    with pytest.raises(SiteError) as refused:
        load_site(odbc, allow_env=False)
    assert "KONNEKTOR_KIT_TEST_PW" in refused.value.message("tr") and "sunucunun-parolasi" not in str(refused.value)
    assert "only for the site the server was started with" in refused.value.message("en")
    named = site.parent / "named.toml"
    named.write_text(SITE_OK + "name = '${HOME}'\n", encoding="utf-8")
    with pytest.raises(SiteError, match="HOME"):
        load_site(named, allow_env=False)
    assert load_site(site, allow_env=False).name  # a site without ${...} opens as before
