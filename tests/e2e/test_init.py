"""`konnektor-kit init` on SQLite folders: a customer's first site file made from the Konnektör's own
server (here a sandbox customer's folders, real SQLite files), and every way it must refuse.

The same on live PostgreSQL and MariaDB: tests/live/test_live_init.py."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from konnektor_kit.cli import run
from konnektor_kit.services.init_site import MARK
from tests.conftest import YEAR, cli
from tests.helpers import site_neutral


@pytest.fixture
def customer(make_site) -> Path:
    """A customer's Konnektör folder: konnektor.sqlite, and its accounting databases in databases/."""
    return make_site("new-year").parent


def init(target: Path, *args: str, capsys) -> tuple[int, object, str]:
    return cli("init", str(target), *args, capsys=capsys)


def test_one_konnektor_database_found_and_the_written_site_works(customer, tmp_path, capsys):
    target = tmp_path / "acme"
    code, made, err = init(
        target, "--konnektor", str(customer), "--server", f"SRV01={customer / 'databases'}", capsys=capsys
    )
    assert code == 0, err
    site = target / "site.toml"
    assert made["site"] == str(site.resolve()) and made["database"] == "konnektor"
    assert made["found"] == ["konnektor"] and made["settings"] == 12
    assert made["servers"] == [
        {"name": "SRV01", "server": str(customer / "databases"), "assumed": False, "settings": 12}
    ]
    assert len(made["test"]) == 12 and made["next"].startswith("konnektor-kit new-year --site ")
    assert stat.S_IMODE(site.stat().st_mode) == 0o600
    assert site.read_text(encoding="utf-8").startswith(MARK)
    # the written site reads the same settings as the sandbox's own site file, and plans the same year
    _, mine, _ = cli("inspect", "--site", str(site), capsys=capsys)
    _, theirs, _ = cli("inspect", "--site", str(customer / "site.toml"), capsys=capsys)
    assert mine == theirs and len(mine) == 12
    code, plan, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    _, their_plan, _ = cli("new-year", "--site", str(customer / "site.toml"), "--year", str(YEAR), capsys=capsys)
    # the same moves for the same reasons; a caution's command names each its own site file
    mine_rows, theirs_rows = site_neutral(plan, site), site_neutral(their_plan, customer / "site.toml")
    assert code == 0 and mine_rows == theirs_rows and any(row["before"] != row["after"] for row in plan)
    code, checks, _ = cli("test", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert len(checks) == 12 and all(c["category"] != "database_missing" for c in checks), checks


def test_a_server_without_its_string_is_the_konnektors_own_and_said_so(customer, tmp_path, capsys):
    code, made, _ = init(tmp_path / "acme", "--konnektor", str(customer), capsys=capsys)
    assert code == 0
    assert made["servers"] == [{"name": "SRV01", "server": str(customer), "assumed": True, "settings": 12}]
    text = (tmp_path / "acme" / "site.toml").read_text(encoding="utf-8")
    assert "# assumed: the Konnektör's own server" in text
    code = run(["init", str(tmp_path / "tr"), "--konnektor", str(customer), "--lang", "tr"])
    out = capsys.readouterr().out
    assert code == 0 and "varsayıldı: SRV01" in out and "Sıradaki komut" in out


def test_several_found_writes_nothing_and_database_chooses(customer, tmp_path, capsys):
    shutil.copy(customer / "konnektor.sqlite", customer / "konnektor_yedek.sqlite")
    target = tmp_path / "acme"
    code, answer, err = init(target, "--konnektor", str(customer), capsys=capsys)
    assert code == 1 and answer["category"] == "ambiguous"
    assert "konnektor, konnektor_yedek" in err and "--database" in err
    assert not target.exists()  # nothing written, not even the folder
    code, made, err = init(target, "--konnektor", str(customer), "--database", "konnektor", capsys=capsys)
    assert code == 0 and made["database"] == "konnektor" and made["found"] == ["konnektor", "konnektor_yedek"]
    assert 'konnektor.sqlite"' in (target / "site.toml").read_text(encoding="utf-8")


def test_none_found_writes_nothing(customer, tmp_path, capsys):
    code, answer, err = init(tmp_path / "acme", "--konnektor", str(customer / "databases"), capsys=capsys)
    assert code == 1 and answer["category"] == "not_found" and "KONNEKTOR_MODUL_AYAR" in err
    assert not (tmp_path / "acme").exists()


def test_a_file_that_is_not_a_database_is_skipped_not_fatal(customer, tmp_path, capsys):
    (customer / "notlar.sqlite").write_text("not a database", encoding="utf-8")
    code, made, err = init(tmp_path / "acme", "--konnektor", str(customer), capsys=capsys)
    assert code == 0, err
    assert made["found"] == ["konnektor"] and "notlar" in made["skipped"]


def test_database_naming_another_database_is_bad_input(customer, tmp_path, capsys):
    code, _, err = init(
        tmp_path / "acme", "--konnektor", str(customer / "databases"), "--database", "LOGODB", capsys=capsys
    )
    assert code == 2 and "LOGODB" in err and not (tmp_path / "acme").exists()


@pytest.mark.parametrize("key", ["Pwd", "PASSWORD"])
def test_a_literal_password_is_refused_with_how_to_pass_it(key, tmp_path, capsys):
    odbc = f"Driver={{PostgreSQL Unicode}};Server=127.0.0.1;Port=1;Uid=kit;{key}=s3cr3t-pw"
    code, answer, err = init(tmp_path / "acme", "--konnektor", odbc, capsys=capsys)
    assert code == 2 and "s3cr3t-pw" not in err + str(answer)
    assert f"{key}=${{KONNEKTOR_PWD}}" in err and "export KONNEKTOR_PWD" in err
    assert not (tmp_path / "acme").exists()
    code, _, err = init(tmp_path / "acme", "--konnektor", str(tmp_path), "--server", f"S={odbc}", capsys=capsys)
    assert code == 2 and "s3cr3t-pw" not in err and not (tmp_path / "acme").exists()


def test_an_unset_variable_is_bad_input_and_nothing_is_written(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("KIT_INIT_UNSET", raising=False)
    odbc = "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=1;Uid=kit;Pwd=${KIT_INIT_UNSET}"
    code, _, err = init(tmp_path / "acme", "--konnektor", odbc, capsys=capsys)
    assert code == 2 and "KIT_INIT_UNSET" in err and not (tmp_path / "acme").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--konnektor", ""],
        ["--konnektor", "/no/such/folder"],
        ["--konnektor", "Server=127.0.0.1;Uid=kit"],  # no driver
        ["--konnektor", "Driver={PostgreSQL Unicode};Server=x;CommLog=1"],  # a driver log with the password
        ["--konnektor", "KONNEKTOR", "--server", "SRV01"],  # NAME=… expected
        ["--konnektor", "KONNEKTOR", "--server", "A=KONNEKTOR", "--server", "A=KONNEKTOR"],
        ["--konnektor", "KONNEKTOR", "--database", " "],
    ],
)
def test_bad_input_exits_2_and_writes_nothing(args, customer, tmp_path, capsys):
    args = [str(customer) if a == "KONNEKTOR" else a.replace("A=KONNEKTOR", f"A={customer}") for a in args]
    code, answer, err = init(tmp_path / "acme", *args, capsys=capsys)
    assert code == 2 and err.strip() and "Traceback" not in err, (args, err)
    assert not (tmp_path / "acme").exists()


def test_never_over_a_file_it_did_not_write(customer, tmp_path, capsys):
    target = tmp_path / "acme"
    target.mkdir()
    mine = target / "site.toml"
    mine.write_text('name = "written by hand"\n', encoding="utf-8")
    code, _, err = init(target, "--konnektor", str(customer), capsys=capsys)
    assert code == 2 and mine.read_text(encoding="utf-8") == 'name = "written by hand"\n'
    # its own file, untouched since, is written again; once the engineer edits it, never
    mine.unlink()
    assert init(target, "--konnektor", str(customer), capsys=capsys)[0] == 0
    assert (
        init(target, "--konnektor", str(customer), "--server", f"SRV01={customer / 'databases'}", capsys=capsys)[0] == 0
    )
    assert "databases" in mine.read_text(encoding="utf-8")
    edited = mine.read_text(encoding="utf-8") + '\n[staff]\ncredential = "scrypt$…"\n'
    mine.write_text(edited, encoding="utf-8")
    code, _, err = init(target, "--konnektor", str(customer), capsys=capsys)
    assert code == 2 and mine.read_text(encoding="utf-8") == edited
    # a link planted where the file goes is not followed
    mine.unlink()
    other = tmp_path / "other.toml"
    other.write_text("x = 1\n", encoding="utf-8")
    mine.symlink_to(other)
    code, _, _ = init(target, "--konnektor", str(customer), capsys=capsys)
    assert code == 2 and other.read_text(encoding="utf-8") == "x = 1\n"


def test_a_target_that_is_a_file_is_bad_input(customer, tmp_path, capsys):
    (tmp_path / "acme").write_text("", encoding="utf-8")
    code, _, err = init(tmp_path / "acme", "--konnektor", str(customer), capsys=capsys)
    assert code == 2 and (tmp_path / "acme").read_text(encoding="utf-8") == ""


def test_english(customer, tmp_path, capsys):
    code = run(["init", str(tmp_path / "en"), "--konnektor", str(customer), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0 and "Site file written" in out and "Next command" in out


@pytest.mark.parametrize(
    "typed",
    [
        "Driver={ODBC Driver 18 for SQL Server};Server=SRV01\\LOGO;Uid=sa;Pwd=${KONNEKTOR_PWD};Encrypt=yes",
        # braced, for a password holding `;`: the braces round ${VAR} are not the end of the value
        "Driver={ODBC Driver 18 for SQL Server};Server=SRV01,1433;Uid=sa;Pwd={${KONNEKTOR_PWD}};Encrypt=yes",
        "Driver={MariaDB Unicode};Server=db;Uid=kit;PASSWORD=${KONNEKTOR_PWD};Database=EFINANS",
    ],
)
def test_a_password_variable_is_kept_exactly_as_typed(typed):
    from konnektor_kit.services.init_site import parse_place

    kept = parse_place(typed, "--konnektor").odbc or ""
    assert kept == typed.replace(";Database=EFINANS", "")  # as typed, less the database the kit adds itself


def test_fuzzed_input_is_a_sentence_and_writes_nothing(customer, tmp_path, monkeypatch):
    """Hypothesis draws what an engineer might paste (half strings, braces, unset and literal passwords,
    odd server names, folders): every answer is exit 1 or 2 with a sentence, never an unexpected error,
    and nothing is written; the one well-formed draw (the customer's folder) writes and exits 0."""
    import contextlib
    import io

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    monkeypatch.delenv("KONNEKTOR_KIT_DEBUG", raising=False)
    monkeypatch.delenv("KIT_FUZZ_UNSET", raising=False)
    pieces = st.sampled_from(
        ["Driver={PostgreSQL Unicode}", "Driver={x", "DSN=", "Server=127.0.0.1", "Port=1", "Uid=kit", "Pwd=s3cr3t-fz",
         "Pwd=${KIT_FUZZ_UNSET}", "Pwd={${KIT_FUZZ_UNSET}}", "Pwd={a}}b}", "Database=", "DB={}", "CommLog=1",
         "TraceFile=/tmp/x", "=", ";", "{", "}", "İzmir", "\u202e", "", str(customer), "/nonexistent", "/etc/passwd"]
    )  # fmt: skip
    strings = st.lists(pieces, max_size=6).map(";".join) | st.text(max_size=30)
    names = st.sampled_from(["SRV01", "", "İZMİR", "a=b", " ", "x" * 200, "[s]"])

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(konnektor=strings, servers=st.lists(st.tuples(names, strings), max_size=2), database=st.none() | names)
    def one(konnektor, servers, database):
        target = tmp_path / "fuzz" / "acme"
        argv = ["init", str(target), "--konnektor", konnektor]
        argv += [a for name, odbc in servers for a in ("--server", f"{name}={odbc}")]
        argv += [] if database is None else ["--database", database]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(argv)
        said = out.getvalue() + err.getvalue()
        assert not any(word in said for word in ("Beklenmeyen", "unexpected error", "Traceback")), (argv, said)
        assert "s3cr3t-fz" not in said, (argv, said)  # a literal password is never repeated
        if code == 0:
            assert (target / "site.toml").is_file()
            shutil.rmtree(target.parent)
        else:
            assert code in (1, 2) and err.getvalue().strip(), (argv, code, said)
            assert not target.exists(), argv

    one()
