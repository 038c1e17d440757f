"""Passwords never appear: every CLI verb, its errors, the diagnosis report and the log, on a live site."""

from __future__ import annotations

import pytest

from konnektor_kit import logs
from konnektor_kit.cli import run
from konnektor_kit.data.site import load_site
from konnektor_kit.env import STATE_ENV
from konnektor_kit.present.report import diagnosis_html
from konnektor_kit.services.test import check_settings
from konnektor_kit.services.workspace import open_workspace
from tests.conftest import YEAR

from .deploy import PASSWORD_ENV, deploy_scenario

pytestmark = pytest.mark.live


def test_no_verb_or_report_shows_the_password(live, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "state"))  # this test's own log file
    site = str(deploy_scenario(live, "netsis-devirli", tmp_path / "s", YEAR))
    verbs = [
        ["inspect"],
        ["discover", "--module", "e-Fatura", "--branch", "Merkez"],
        ["test"],
        ["new-year", "--year", str(YEAR)],
        ["new-year", "--year", str(YEAR), "--yes"],
        ["history"],
        ["undo"],
        ["apply", "--module", "e-Fatura", "--branch", "Merkez", "--database", "YOK", "--yes"],
    ]
    seen = []
    for verb in verbs:
        for extra in ([], ["--json"], ["--lang", "en"]):
            run([verb[0], "--site", site, *verb[1:], *extra])
            out, err = capsys.readouterr()
            seen.append(out + err)
    with open_workspace(site) as ws:
        seen.append(diagnosis_html(load_site(site), check_settings(ws, ws.store.read_all(), YEAR), "tr", YEAR))
    # a wrong password in the environment: the refusal must not echo what was tried either
    monkeypatch.setenv(PASSWORD_ENV, "yanlis-" + live.password)
    run(["test", "--site", site])
    out, err = capsys.readouterr()
    seen.append(out + err)
    text = "\n".join(seen)
    assert live.password not in text
    assert "Pwd=***" in seen[-2]  # the report names the servers, with the password masked
    logged = (tmp_path / "state" / logs.LOG_FILE).read_text(encoding="utf-8")
    assert all(f"konnektor-kit {verb[0]} --site {site}" in logged for verb in verbs)  # the log saw every verb
    assert live.password not in logged
    monkeypatch.undo()
    logs.configure()  # back to the session's log folder
