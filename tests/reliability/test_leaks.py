"""Campaign 6: a password given as `Pwd=${KIT_RELIABILITY_PWD}` never appears anywhere.

Every verb (inspect, discover, test, apply, new-year, history, undo, sandbox), with and without
--json, in Turkish and English, on success and on failure paths — bad input, a wrong password, a
closed port — runs as a real process on a PostgreSQL site whose login is a role of its own with a
distinctive password. Then every place a secret could end up is searched, in UTF-8 and UTF-16:
each process's stdout and stderr, the diagnosis reports, the history tables on the server, the
psqlODBC logs (Debian switches CommLog on) and every file created or changed under the temp folder
while the campaign ran.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from pathlib import Path

import pytest

from konnektor_kit.data.store import CHANGES, ROWS
from tests.conftest import YEAR

from .procs import psqlodbc_logs, remove_psqlodbc_logs
from .tally import count, note

pytestmark = pytest.mark.live
ENV = "KIT_RELIABILITY_PWD"
#: the tool machinery's own folders and the live servers' data files are not the kit's output
SKIP_DIRS = ("bash_jobs", "bash_tool")
MAX_SCAN_BYTES = 32 * 1024 * 1024


def site_text(server, user: str, port: int | None = None) -> str:
    odbc = f"Driver={{{server.driver}}};Server=127.0.0.1;Port={port or server.port};Uid={user};Pwd=${{{ENV}}}"
    return (
        f'name = "Sızıntı Testi A.Ş."\nlogin_timeout = 3\n\n[konnektor]\nodbc = "{odbc};Database=EFINANS"\n\n'
        f'[servers."SRV01"]\nodbc = "{odbc}"\n'
    )


def verbs(site: Path, sandbox_dir: Path) -> dict[str, list[list[str]]]:
    s = ["--site", str(site)]
    y = ["--year", str(YEAR)]
    ok = [
        ["inspect", *s],
        ["discover", *s, "--module", "e-Fatura", "--branch", "Merkez", *y],
        ["test", *s, *y],
        ["new-year", *s, *y],
        ["new-year", *s, *y, "--yes"],
        ["history", *s],
        ["undo", *s],
        ["apply", *s, "--module", "e-Fatura", "--branch", "Merkez", "--period", "3", "--yes"],
        ["undo", *s],
    ]
    bad = [
        ["apply", *s, "--module", "e-Fatura", "--branch", "Merkez", "--database", "YOK", "--yes"],
        ["discover", *s, "--module", "e-Posta"],
        ["undo", *s, "--change", "99"],
        ["apply", *s, "--module", "e-Fatura", "--branch", "Bursa", "--period", "3", "--yes"],
    ]
    dead = [
        ["inspect", *s],
        ["discover", *s, "--module", "e-Fatura", "--branch", "Merkez", *y],
        ["test", *s, *y],
        ["new-year", *s, *y, "--yes"],
        ["history", *s],
        ["undo", *s],
        ["apply", *s, "--module", "e-Fatura", "--branch", "Merkez", "--period", "3", "--yes"],
    ]
    return {
        "ok": ok,
        "bad input": bad,
        "dead": dead,
        "sandbox": [
            ["sandbox", str(sandbox_dir / "a"), "--scenario", "new-year"],
            ["sandbox", str(sandbox_dir / "a"), "--scenario", "nope"],
        ],
    }


def encodings(secret: str) -> list[bytes]:
    return [secret.encode("utf-8"), secret.encode("utf-16-le")]


def leaks_in(data: bytes, secrets_: list[str]) -> list[str]:
    return [s for s in secrets_ if any(e in data for e in encodings(s))]


def new_files(since: float, roots: list[Path]) -> list[Path]:
    """Files under the roots created or changed since `since` (the servers' data folders left out)."""
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [
                d
                for d in dirs
                if not d.startswith(SKIP_DIRS)
                and not (d == "data" and Path(folder).name.startswith(("kit-pg-", "kit-maria-")))
            ]
            for name in files:
                path = Path(folder) / name
                try:
                    st = path.lstat()
                except OSError:
                    continue
                if st.st_mtime >= since and path.is_file() and not path.is_symlink() and st.st_size <= MAX_SCAN_BYTES:
                    found.append(path)
    return found


def test_the_password_never_appears(zygote, postgres, tmp_path, monkeypatch):
    from konnektor_kit.data.site import load_site
    from konnektor_kit.present.report import diagnosis_html
    from konnektor_kit.present.report_file import write_report
    from konnektor_kit.services.test import check_settings
    from konnektor_kit.services.workspace import open_workspace
    from tests.live.deploy import deploy_scenario
    from tests.live.servers import free_port

    campaign = "leaks"
    started = time.time() - 1
    secret = f"KitRel{secrets.token_hex(10)}Pw"
    wrong = f"KitWrong{secrets.token_hex(10)}Pw"
    role = f"kit_rel_{secrets.token_hex(3)}"
    deploy_scenario(postgres, "new-year", tmp_path / "site", YEAR)
    with postgres.admin() as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{secret}'")
    site = tmp_path / "site" / "site.toml"
    site.write_text(site_text(postgres, role), encoding="utf-8")
    closed = tmp_path / "site" / "closed.toml"
    closed.write_text(site_text(postgres, role, port=free_port()), encoding="utf-8")
    sandbox_dir = tmp_path / "sandboxes"
    sandbox_dir.mkdir()
    runs = []
    plan = verbs(site, sandbox_dir)
    dead_closed = [[a if a != str(site) else str(closed) for a in argv] for argv in plan["dead"]]
    combos = [([], "tr"), (["--json"], "tr"), ([], "en"), (["--json"], "en")]
    work = (
        [(argv, secret, c) for c in combos for argv in plan["ok"]]
        + [(argv, secret, c) for c in combos[1:3] for argv in plan["bad input"]]
        + [(argv, wrong, c) for c in combos[1:3] for argv in plan["dead"]]
        + [(argv, secret, c) for c in combos[1:3] for argv in dead_closed]
        + [(argv, secret, c) for c in combos[:2] for argv in plan["sandbox"]]
    )
    try:
        for argv, password, (extra, lang) in work:
            child = zygote.run([*argv, *extra, "--lang", lang], env={ENV: password})
            runs.append(child)
            count(campaign, "runs")
            count(campaign, f"exit {child.code}")
        # the diagnosis report (page 04) for each site, written where the page writes it
        reports = []
        for path, password in ((site, secret), (site, wrong), (closed, secret)):
            monkeypatch.setenv(ENV, password)
            loaded = load_site(path)
            with open_workspace(loaded) as ws:
                try:
                    settings = ws.store.read_all()
                except Exception:  # noqa: BLE001 - a dead Konnektör database: the report says so
                    settings = []
                for lang in ("tr", "en"):
                    reports.append(
                        write_report(loaded, diagnosis_html(loaded, check_settings(ws, settings, YEAR), lang, YEAR))
                    )
        monkeypatch.setenv(ENV, secret)
        # where a secret could be: outputs, reports, the history on the server, driver logs, new temp files
        places: dict[str, bytes] = {}
        for child in runs:
            places[f"stdout of {child.pid}"] = child.stdout.read_bytes()
            places[f"stderr of {child.pid}"] = child.stderr.read_bytes()
        for report in reports:
            places[str(report)] = report.read_bytes()
        with postgres.admin("EFINANS") as admin:
            for table in (CHANGES, ROWS):
                rows = admin.execute(f'SELECT * FROM "{table}"').fetchall()
                places[f"table {table}"] = repr([tuple(r) for r in rows]).encode("utf-8")
        assert any(b"new-year" in v for k, v in places.items() if k.startswith("table")), "no history was written"
        logs = psqlodbc_logs([*zygote.pids, os.getpid()])
        for log in logs:
            places[str(log)] = log.read_bytes()
        note(campaign, "psqlODBC logs", len(logs))
        roots = sorted({Path(tempfile.gettempdir()), tmp_path})
        for path in new_files(started, roots):
            if str(path) not in places:
                try:
                    places[str(path)] = path.read_bytes()
                except OSError:
                    continue
        note(campaign, "places searched", len(places))
        leaked = {where: found for where, data in places.items() if (found := leaks_in(data, [secret, wrong]))}
        note(campaign, "secrets leaked", len(leaked))
        assert not leaked, leaked
        # the search itself finds a secret where one is: a planted UTF-16 copy in a new temp file
        planted = tmp_path / "planted" / "driver.log"
        planted.parent.mkdir()
        planted.write_bytes(b"Pwd=" + secret.encode("utf-16-le"))
        assert [p for p in new_files(started, [tmp_path]) if leaks_in(p.read_bytes(), [secret])] == [planted]
        planted.unlink()
        # the runs did what they should, so the search covered real work: successes and each failure kind
        codes = [c.code for c in runs]
        assert codes.count(0) >= len(plan["ok"]) * len(combos) - 4 and codes.count(1) and codes.count(2), codes
        assert any(
            "login" in c.err.lower() or "parola" in c.err.lower() or "password" in c.err.lower() for c in runs
        ), "no run met the wrong password"
    finally:
        remove_psqlodbc_logs([*zygote.pids])
        try:
            with postgres.admin() as admin:
                admin.execute(f"DROP OWNED BY {role}")
                admin.execute(f"DROP ROLE IF EXISTS {role}")
        except Exception:  # noqa: BLE001 - a role left on a throwaway server harms no other test
            pass
