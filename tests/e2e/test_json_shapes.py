"""Every verb's `--json` has exactly the keys, in the order, that konnektor_kit/contract.py writes down:
a key added or renamed breaks a script, so it must be a change to the contract, made on purpose."""

from __future__ import annotations

from konnektor_kit.contract import (
    CANDIDATE_JSON,
    FINDING_JSON,
    HISTORY_JSON,
    INIT_JSON,
    PLAN_JSON,
    PROBE_JSON,
    READY_JSON,
    SETTING_JSON,
    TEST_JSON,
)
from konnektor_kit.data.probe import Probe
from tests.conftest import YEAR, cli
from tests.helpers import apply, discover


def keys(found: object) -> tuple[str, ...]:
    assert isinstance(found, dict), found
    return tuple(found)


def test_inspect_and_discover(site, capsys):
    code, rows, err = cli("inspect", "--site", str(site), capsys=capsys)
    assert code == 0 and len(rows) == 12, err
    assert {keys(r) for r in rows} == {SETTING_JSON}
    candidates = discover(site, capsys, branch="Merkez")
    assert len(candidates) >= 1 and {keys(c) for c in candidates} == {CANDIDATE_JSON}


def test_test_and_its_findings(site, capsys):
    code, results, err = cli("test", "--site", str(site), capsys=capsys)
    assert len(results) == 12, err
    assert {keys(r) for r in results} == {TEST_JSON}
    findings = [f for r in results for f in r["findings"]]
    assert len(findings) >= 12 and {keys(f) for f in findings} == {FINDING_JSON}
    assert keys(Probe("sql01", 1433, True, "open", 3.2, instance="LOGO").to_json()) == PROBE_JSON


def test_new_year_and_ready(site, capsys):
    code, items, err = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert code == 0 and len(items) == 12, err
    assert {keys(i) for i in items} == {PLAN_JSON}
    assert {keys(i["before"]) for i in items} == {SETTING_JSON}
    code, rows, err = cli("ready", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert len(rows) == 12, err
    assert {keys(r) for r in rows} == {READY_JSON}
    assert {keys(r["current"]) for r in rows} == {SETTING_JSON}


def test_history_and_undo(site, capsys):
    code, _, err = apply(site, capsys, period="3")
    assert code == 0, err
    code, history, err = cli("history", "--site", str(site), capsys=capsys)
    assert code == 0 and len(history) == 1, err
    assert keys(history[0])[: len(HISTORY_JSON)] == HISTORY_JSON
    code, undone, err = cli("undo", "--site", str(site), capsys=capsys)
    assert code == 0, err
    assert keys(undone)[: len(HISTORY_JSON)] == HISTORY_JSON


def test_init(site, tmp_path, capsys):
    code, made, err = cli("init", str(tmp_path / "acme"), "--konnektor", str(site.parent), capsys=capsys)
    assert code == 0, err
    assert keys(made) == INIT_JSON and {keys(r) for r in made["test"]} == {TEST_JSON}
