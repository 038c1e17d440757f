"""The kit's log file: a forced unexpected error leaves its traceback there and the CLI names the file;
a site whose password comes from `${VAR}` leaves no password in it, whatever the verb or the failure."""

from __future__ import annotations

import json
import logging
import socket

import pytest

from konnektor_kit import logs
from konnektor_kit.cli import run
from konnektor_kit.env import STATE_ENV
from konnektor_kit.services import inspect
from konnektor_kit.services.workspace import open_workspace
from tests.conftest import YEAR

PASSWORD = "Kit-Gizli-Parola-4711"  # known to this test only, given to the site through ${KIT_LOG_PWD}


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "state"))
    yield tmp_path / "state" / logs.LOG_FILE
    logs.configure()  # back to the session's folder (tests/conftest.py): later tests never write here


def boom(message: str):
    def fail(*_args, **_kwargs):
        raise ZeroDivisionError(message)

    return fail


def test_an_unexpected_error_is_logged_with_its_traceback_and_the_cli_names_the_log(
    site, log_file, monkeypatch, capsys
):
    monkeypatch.setattr(inspect, "inspect_settings", boom("forced on purpose"))
    assert run(["inspect", "--site", str(site)]) == 1  # the contract's code for a failure
    err = capsys.readouterr().err
    assert f"Bir şeyler ters gitti — ayrıntılar {log_file} dosyasında." in err
    assert "Beklenmeyen bir hata oldu (ZeroDivisionError)" in err and "Traceback" not in err
    assert run(["inspect", "--site", str(site), "--json", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert f"Something went wrong — details are in {log_file}." in json.loads(out)["error"]
    text = log_file.read_text(encoding="utf-8")
    assert text.count("Traceback (most recent call last)") == 2
    assert "ZeroDivisionError: forced on purpose" in text and "in fail" in text  # where it was raised
    assert f"konnektor-kit inspect --site {site}" in text and "inspect: exit 1" in text
    assert oct(log_file.stat().st_mode & 0o777) == "0o600"


def test_every_verb_is_logged_and_an_expected_error_is_a_line_not_a_traceback(site, log_file, capsys):
    assert run(["inspect", "--site", str(site)]) == 0
    assert run(["apply", "--site", str(site), "--module", "e-Fatura", "--branch", "Merkez", "--firm", "2a"]) == 2
    capsys.readouterr()
    text = log_file.read_text(encoding="utf-8")
    assert "inspect: exit 0" in text and "apply: exit 2" in text
    assert "InvalidCode (bad_code)" in text and "Traceback" not in text


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def odbc_site(site):
    """The sandbox with its server behind ODBC (a closed port) and the password from the environment."""
    text = site.read_text(encoding="utf-8").replace(
        'sqlite_dir = "databases"',
        f'odbc = "Driver={{PostgreSQL Unicode}};Server=127.0.0.1;Port={closed_port()};Uid=kit;Pwd=${{KIT_LOG_PWD}}"',
    )
    site.write_text(text, encoding="utf-8")
    return site


def test_no_password_in_the_log(site, log_file, monkeypatch, capsys):
    monkeypatch.setenv("KIT_LOG_PWD", PASSWORD)
    site = odbc_site(site)
    with open_workspace(site) as ws:
        expanded = ws.site.servers["SRV01"].odbc or ""
    assert PASSWORD in expanded  # the site really carries it, so the log could have leaked it
    for verb in (
        ["inspect"],
        ["test", "--year", str(YEAR)],
        ["discover", "--module", "e-Fatura", "--branch", "Merkez", "--year", str(YEAR)],
        ["new-year", "--year", str(YEAR), "--json"],
    ):
        run([verb[0], "--site", str(site), *verb[1:]])
    # a failure whose message carries the whole connection string, as a careless driver's would
    monkeypatch.setattr(inspect, "inspect_settings", boom(f"could not connect with {expanded}"))
    assert run(["inspect", "--site", str(site)]) == 1
    capsys.readouterr()
    text = log_file.read_text(encoding="utf-8")
    assert "server_unreachable" in text and "Traceback" in text and "Pwd=***" in text
    assert PASSWORD not in text


def test_the_log_is_set_up_by_the_faces_only_and_rotates(tmp_path, monkeypatch):
    """Importing the kit adds no handler (a library user's logging stays theirs); `configure` adds one,
    once per file: 1 MB × 5."""
    import subprocess
    import sys

    code = (
        "import logging, konnektor_kit.services.plan, konnektor_kit.services.test, konnektor_kit.data.store,"
        " konnektor_kit.logs; print(logging.getLogger('konnektor_kit').handlers)"
    )
    env = {**__import__("os").environ, STATE_ENV: str(tmp_path / "imported")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "[]" and not (tmp_path / "imported").exists()
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "state"))
    try:
        path = logs.configure()
        assert path == tmp_path / "state" / "konnektor-kit.log" and logs.configure() == path
        handlers = [
            h for h in logging.getLogger("konnektor_kit").handlers if isinstance(h, logs.PrivateRotatingFileHandler)
        ]
        assert len(handlers) == 1 and (handlers[0].maxBytes, handlers[0].backupCount) == (1024 * 1024, 5)
    finally:
        monkeypatch.undo()
        logs.configure()


def small_log(folder, max_bytes: int = 200, backups: int = 3) -> tuple[logging.Logger, logs.PrivateRotatingFileHandler]:
    """A handler of the kit's own class on a real file in `folder`, rolling over every few lines."""
    handler = logs.PrivateRotatingFileHandler(folder / logs.LOG_FILE, maxBytes=max_bytes, backupCount=backups)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.Logger("kit-rollover-test")
    logger.addHandler(handler)
    return logger, handler


def lines_in(folder) -> list[str]:
    return sorted(line for p in folder.iterdir() if p.is_file() for line in p.read_text().splitlines())


def test_a_rollover_that_cannot_rename_the_file_keeps_every_line_and_every_backup(tmp_path):
    """On Windows the rename fails while another kernel holds the file; here the name it moves to is taken
    by a folder, so the same os.replace really fails. Every line stays in the file, the backups as they were
    (the standard handler dropped every line after the first rollover and shifted the backups each time)."""
    for i in (1, 2):
        (tmp_path / f"{logs.LOG_FILE}.{i}").write_text(f"backup {i}\n")
    blocker = tmp_path / (logs.LOG_FILE + logs.ROLLING)
    blocker.mkdir()
    (blocker / "held").write_text("")
    logger, handler = small_log(tmp_path)
    try:
        sent = [f"line {n:03d} " + "x" * 40 for n in range(30)]
        for line in sent:
            logger.info(line)
        assert (tmp_path / logs.LOG_FILE).read_text().splitlines() == sent
        assert [(tmp_path / f"{logs.LOG_FILE}.{i}").read_text() for i in (1, 2)] == ["backup 1\n", "backup 2\n"]
        blocker.joinpath("held").unlink()
        blocker.rmdir()  # the other process let go: the next rollover works
        logger.info("after")
    finally:
        handler.close()
    assert (tmp_path / f"{logs.LOG_FILE}.1").read_text().splitlines() == sent
    assert (tmp_path / f"{logs.LOG_FILE}.2").read_text() == "backup 1\n"
    assert (tmp_path / logs.LOG_FILE).read_text() == "after\n"


def test_rollovers_keep_the_newest_lines_in_order(tmp_path):
    """Rolling over as it should: the newest backups kept, the oldest dropped, no line in two files; a
    backup name taken by a folder (the old handler failed on it and dropped every later line) moves on."""
    (tmp_path / f"{logs.LOG_FILE}.1").mkdir()
    logger, handler = small_log(tmp_path, max_bytes=120, backups=3)
    try:
        for n in range(40):
            logger.info("line %03d %s", n, "y" * 30)
    finally:
        handler.close()
    kept = [
        line
        for name in (f"{logs.LOG_FILE}.3", f"{logs.LOG_FILE}.2", f"{logs.LOG_FILE}.1", logs.LOG_FILE)
        if (tmp_path / name).is_file()
        for line in (tmp_path / name).read_text().splitlines()
    ]
    assert kept == [f"line {n:03d} {'y' * 30}" for n in range(40 - len(kept), 40)]
    assert len(kept) >= 4 and lines_in(tmp_path) == sorted(kept)
