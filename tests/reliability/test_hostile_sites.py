"""Campaign: site files are data. A site file that a customer or a colleague wrote can load no native
code (a Driver= path, SQLite3 ODBC's LoadExt), name no file a driver reads keys from or runs at login,
read `${VAR}` only in the password (masked wherever shown), and carry no value that a driver would read
as more than one (FreeTDS ends a braced value at the first `}`: a database name `X};Port=…;A={` sends
the login to another port, `};DumpFile=…;A={` writes any file).

The native-code cases are real: a library whose constructor leaves a file is compiled here, and the
CLI runs in its own process, so "loaded" is a file on disk, not a guess.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from konnektor_kit.data import odbc_strings
from konnektor_kit.data.site import load_site
from konnektor_kit.exceptions import SiteError, mask_secrets
from tests.conftest import unavailable

from .procs import ENTRY_POINT
from .tally import count

EVIL_C = r"""
#include <stdio.h>
#include <stdlib.h>
__attribute__((constructor)) static void loaded(void) {
    FILE *f = fopen(MARK, "w");
    if (f) { fputs("loaded\n", f); fclose(f); }
}
int sqlite3_extension_init(void *db, char **err, const void *api) { return 0; }
"""


def kit(*argv: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ENTRY_POINT), *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def evil(tmp_path_factory) -> tuple[Path, Path]:
    """(a shared library that leaves `mark` when loaded, mark)."""
    if shutil.which("gcc") is None:
        unavailable("gcc, to build the library a hostile site file names")
    folder = tmp_path_factory.mktemp("evil")
    mark = folder / "LOADED"
    source = folder / "evil.c"
    source.write_text(EVIL_C, encoding="utf-8")
    lib = folder / "evil.so"
    subprocess.run(["gcc", "-shared", "-fPIC", f'-DMARK="{mark}"', "-o", str(lib), str(source)], check=True)
    return lib, mark


@pytest.fixture(scope="module")
def sqlite3_odbc() -> str:
    try:
        import pyodbc
    except ImportError as exc:
        unavailable(f"pyodbc needs unixODBC: {exc}")
    if "SQLite3" not in pyodbc.drivers() or "FreeTDS" not in pyodbc.drivers():
        unavailable("the SQLite3 ODBC and FreeTDS drivers (libsqliteodbc, tdsodbc) are not registered")
    return "SQLite3"


def rewrite(site: Path, old: str, new: str) -> None:
    text = site.read_text(encoding="utf-8")
    assert old in text
    site.write_text(text.replace(old, new, 1), encoding="utf-8")


NATIVE = {
    "Driver= a path (the Konnektör)": ("konnektor", "Driver={LIB};Database={KONNEKTOR}"),
    "Driver= a path, unbraced": ("konnektor", "Driver=LIB;Database={KONNEKTOR}"),
    "LoadExt (the Konnektör)": ("konnektor", "Driver={SQLite3};Database={KONNEKTOR};LoadExt=LIB"),
    "LoadExt (a server)": ("server", "Driver={SQLite3};LoadExt=LIB"),
    "Driver= a path (a server)": ("server", "Driver=LIB"),
}


@pytest.mark.live
@pytest.mark.parametrize("case", NATIVE)
def test_a_site_file_loads_no_native_code(case, evil, sqlite3_odbc, make_site):
    lib, mark = evil
    mark.unlink(missing_ok=True)
    site = make_site()
    where, odbc = NATIVE[case]
    odbc = odbc.replace("LIB", str(lib)).replace("{KONNEKTOR}", str(site.parent / "konnektor.sqlite"))
    if where == "konnektor":
        rewrite(site, 'sqlite = "konnektor.sqlite"', f"odbc = '{odbc}'")
    else:
        rewrite(site, 'sqlite_dir = "databases"', f"sqlite_dir = \"databases\"\nodbc = '{odbc}'")
    done = kit("test", "--site", str(site), "--year", "2026")
    count("site files", "tried")
    assert not mark.exists(), f"{case}: the library was loaded"
    assert done.returncode == 2, done.stderr
    key = "LoadExt" if "LoadExt" in case else "Driver"
    assert f'"{key}"' in done.stderr and "kod" in done.stderr and "Traceback" not in done.stderr
    count("site files", "held")


REFUSED_KEYS = [
    ("Driver={MariaDB Unicode};Server=x;Uid=u;Pwd=p;PLUGIN_DIR=/tmp/plugins", "PLUGIN_DIR"),
    ("Driver={MariaDB Unicode};Server=x;Uid=u;Pwd=p;DEFAULTAUTH=evil", "DEFAULTAUTH"),
    ("Driver={MariaDB Unicode};Server=x;Uid=u;Pwd=p;INITSTMT={DELETE FROM KONNEKTOR_MODUL_AYAR}", "INITSTMT"),
    ("Driver={MariaDB Unicode};Server=x;Uid=u;Pwd=p;USE_MYCNF=1", "USE_MYCNF"),
    ("Driver={PostgreSQL Unicode};Server=x;Uid=u;Pwd=p;ConnSettings={SET x=1}", "ConnSettings"),
    ("Driver={PostgreSQL Unicode};Server=x;Uid=u;Pwd=p;A6=x", "A6"),
    ("Driver={PostgreSQL Unicode};Server=x;Uid=u;Pwd=p;pqopt={passfile=/etc/shadow}", "pqopt"),
    ("Driver={FreeTDS};Server=x;Uid=u;Pwd=p;Setup=/tmp/x.so", "Setup"),
    ("Driver={ODBC Driver 18 for SQL Server};Server=x;Uid=u;Pwd=p;TraceDll=/tmp/x.so", "TraceDll"),
    ("FileDSN=/tmp/evil.dsn;Uid=u;Pwd=p", "FileDSN"),
    ("Driver=libtdsodbc.so;Server=x;Uid=u;Pwd=p", "Driver"),
    ("Driver={C:\\evil\\x.dll};Server=x", "Driver"),
    ("Driver={FreeTDS};Server=x;Uid=u;Pwd=p;DumpFile=/tmp/dump.log", "DumpFile"),
]


@pytest.mark.parametrize("odbc, key", REFUSED_KEYS)
@pytest.mark.parametrize("where", ["konnektor", "server"])
def test_keys_that_load_code_or_name_files_are_refused_by_name(odbc, key, where, tmp_path):
    site = tmp_path / "site.toml"
    server = f"odbc = '{odbc}'" if where == "server" else 'sqlite_dir = "databases"'
    konnektor = f"odbc = '{odbc}'" if where == "konnektor" else 'sqlite = "k.sqlite"'
    site.write_text(f"[konnektor]\n{konnektor}\n[servers.SRV01]\n{server}\n", encoding="utf-8")
    count("site files", "tried")
    with pytest.raises(SiteError) as refused:
        load_site(site)
    assert refused.value.exit_code == 2 and f'"{key}"' in refused.value.message("tr")
    assert f'"{key}"' in refused.value.message("en")
    count("site files", "held")


def test_harmless_keys_still_pass(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(
        "[konnektor]\nsqlite = 'k.sqlite'\n[servers.A]\n"
        "odbc = 'Driver={MariaDB Unicode};Server=x;Uid=u;Pwd={p;}}q};USE_MYCNF=0'\n"
        "[servers.B]\nodbc = 'DSN=Konnektor;Uid=u;Pwd=p'\n",
        encoding="utf-8",
    )
    assert set(load_site(site).servers) == {"A", "B"}


# ---- ${VAR}: only in the password, masked wherever shown ------------------------------------
def test_env_outside_the_password_is_refused_and_never_shown(make_site):
    site = make_site()
    rewrite(
        site,
        'sqlite_dir = "databases"',
        "odbc = 'Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=9;Uid=u-${KK_SECRET};"
        "ApplicationName=${KK_AWS};Pwd=x'",
    )
    secrets = {"KK_SECRET": "uid-Gizli-4711", "KK_AWS": "aws-Gizli-0815"}
    count("site files", "tried")
    done = kit("test", "--site", str(site), "--year", "2026", env=secrets)
    assert done.returncode == 2 and "Uid" in done.stderr and "Pwd" in done.stderr
    assert not any(v in done.stdout + done.stderr for v in secrets.values())
    count("site files", "held")


def test_an_expanded_password_is_masked_wherever_it_stands(tmp_path, monkeypatch):
    monkeypatch.setenv("KK_PW", "pw-Gizli-2718;x")
    site = tmp_path / "site.toml"
    site.write_text(
        "[konnektor]\nsqlite = 'k.sqlite'\n[servers.A]\n"
        "odbc = 'Driver={PostgreSQL Unicode};Server=127.0.0.1;Uid=u;Pwd=${KK_PW}'\n",
        encoding="utf-8",
    )
    count("site files", "tried")
    config = load_site(site).servers["A"]
    # the value is one password, whatever it holds (a `;` could otherwise add a key)
    assert odbc_strings.get(odbc_strings.parse(config.odbc or ""), "Pwd") == "pw-Gizli-2718;x"
    assert "pw-Gizli-2718" not in config.shown
    assert "pw-Gizli-2718" not in mask_secrets("driver said: login for pw-Gizli-2718;x failed")
    count("site files", "held")


# ---- values a driver would misread -----------------------------------------------------------
class Listener:
    """A loopback TCP port that counts who connects (and says nothing back)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self.conns.append(conn)

    def close(self) -> None:
        self.sock.close()
        for c in self.conns:
            c.close()


@pytest.fixture
def listeners():
    made = [Listener(), Listener()]
    yield made
    for listener in made:
        listener.close()


@pytest.mark.live
@pytest.mark.parametrize("kind", ["port", "dumpfile"])
def test_a_database_name_from_a_settings_row_cannot_redirect_freetds(
    kind, listeners, sqlite3_odbc, make_site, tmp_path
):
    server, elsewhere = listeners
    site = make_site()
    dump = tmp_path / "dump" / "tds.dump"
    dump.parent.mkdir()
    name = f"X}};Port={elsewhere.port};A={{" if kind == "port" else f"}};DumpFile={dump};A={{"
    rewrite(
        site,
        'sqlite_dir = "databases"',
        f"odbc = 'Driver={{FreeTDS}};Server=127.0.0.1;Port={server.port};Uid=sa;Pwd=Gizli-Tds-1'",
    )
    rewrite(site, "\n", "\nlogin_timeout = 1\n")
    with sqlite3.connect(site.parent / "konnektor.sqlite") as conn:
        conn.execute(
            "UPDATE KONNEKTOR_MODUL_AYAR SET VERITABANI = ? WHERE MODUL = 'e-Fatura' AND SUNUCU = 'SRV01'", (name,)
        )
    count("database names", "tried")
    done = kit("test", "--site", str(site), "--module", "e-Fatura", "--year", "2026", "--json")
    assert elsewhere.accepted == 0, "the login went to another port"
    assert not dump.exists(), "FreeTDS wrote a file the database name named"
    # the listener answers no login, so the server's own verdict (timeout) may come before the name's
    assert done.returncode == 1 and "Traceback" not in done.stderr and "Gizli-Tds-1" not in done.stdout + done.stderr
    # the name itself, opened as `test` opens it once the server answers: refused in words, nothing sent
    from konnektor_kit.data.odbc import open_odbc
    from konnektor_kit.exceptions import ConnectionFailed

    with pytest.raises(ConnectionFailed) as refused:
        open_odbc(load_site(site).servers["SRV01"].odbc or "", name, 1, server="SRV01")
    assert refused.value.category == "unsafe_value" and "süslü parantez" in refused.value.message("tr")
    assert elsewhere.accepted == 0 and not dump.exists()
    count("database names", "held")


@pytest.mark.parametrize(
    "database",
    ["X};Port=9212;A={", "};DumpFile=/any/path;A={", "a{b", "nul\0name", "line\nbreak"],
)
def test_every_source_of_a_name_meets_one_check(database):
    """Site file, settings row or a server's catalog: every database name goes through `target`."""
    count("database names", "tried")
    with pytest.raises(odbc_strings.UnsafeValue):
        odbc_strings.target("Driver={FreeTDS};Server=h;Uid=u;Pwd=p", database, 5)
    with pytest.raises(odbc_strings.UnsafeValue):
        odbc_strings.target("DSN=Konnektor;Uid=u;Pwd=p", database, 5)  # a DSN's driver is not known
    if "\0" not in database and "\n" not in database:  # drivers that read }} keep such names
        built = odbc_strings.target("Driver={ODBC Driver 18 for SQL Server};Server=h", database, 5)
        assert odbc_strings.get(odbc_strings.parse(built.connection_string), "Database") == database
    count("database names", "held")


def test_a_braced_value_in_a_freetds_site_string_is_refused(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(
        "[konnektor]\nsqlite = 'k.sqlite'\n[servers.A]\n"
        "odbc = 'Driver={FreeTDS};Server=h;Database={X}};Port=9212;A={};Uid=u;Pwd=p'\n",
        encoding="utf-8",
    )
    count("database names", "tried")
    with pytest.raises(SiteError) as refused:
        load_site(site)
    assert '"Database"' in refused.value.message("tr") and "9212" in refused.value.message("en")
    count("database names", "held")
