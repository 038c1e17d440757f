"""The whole procedure from the command line, on every sandbox scenario: discover → plan → apply →
test → undo, with `inspect --json` before and after compared exactly."""

from __future__ import annotations

import json

import pytest

from konnektor_kit.training.sandbox import scenario_names
from tests.conftest import YEAR, cli, konnektor_digest
from tests.helpers import apply, discover, walk_scenario


@pytest.mark.parametrize("scenario", scenario_names())
def test_scenario_end_to_end(scenario, make_site, capsys):
    walk_scenario(str(make_site(scenario)), scenario, capsys, konnektor_digest)


def test_contract_json_fields(site, capsys):
    _, rows, _ = cli("inspect", "--site", str(site), capsys=capsys)
    assert set(rows[0]) >= {"module", "branch", "program", "server", "database", "firm", "period", "version"}
    cands = discover(site, capsys, branch="Merkez")
    assert set(cands[0]) >= {"database", "firm", "period", "year", "label", "score"}
    assert cands[0]["firm"] == "002" and cands[0]["period"] == "03"
    _, tests, _ = cli("test", "--site", str(site), "--module", "efatura", capsys=capsys)
    assert {r["branch"] for r in tests} == {"Merkez", "İzmir Şube"}
    assert set(tests[0]) >= {"module", "branch", "ok", "category", "message"}


def test_apply_one_change_then_undo(site, capsys):
    site = str(site)
    _, before, _ = cli("inspect", "--site", site, capsys=capsys)
    code, change, err = cli(
        "apply", "--site", site, "--module", "e-Fatura", "--branch", "Merkez", "--period", "3", "--yes", capsys=capsys
    )
    assert code == 0, err
    assert change["before"]["period"] == "02" and change["after"]["period"] == "03"
    assert change["after"]["version"] == change["before"]["version"] + 1
    code, _, _ = apply(site, capsys, module="e-Arşiv", branch="İzmir Şube", database="izmirsube2026")
    assert code == 0
    _, history, _ = cli("history", "--site", site, capsys=capsys)
    assert [h["kind"] for h in history] == ["apply", "apply"]
    code, _, _ = cli("undo", "--site", site, "--change", str(history[0]["id"]), capsys=capsys)
    assert code == 0
    # the latest entry is an undo: a bare undo refuses and names the change it would go on to
    code, refused, err = cli("undo", "--site", site, capsys=capsys)
    assert code == 2 and f"--change {history[1]['id']}" in err and refused["exit_code"] == 2
    code, _, _ = cli("undo", "--site", site, "--change", str(history[1]["id"]), capsys=capsys)
    assert code == 0
    _, restored, _ = cli("inspect", "--site", site, capsys=capsys)
    assert [{**r, "version": None} for r in restored] == [{**r, "version": None} for r in before]
    assert all(r["version"] >= b["version"] for r, b in zip(restored, before, strict=True))


def test_apply_without_yes_changes_nothing(site, capsys):
    digest = konnektor_digest(site)
    code, shown, _ = cli(
        "apply", "--site", str(site), "--module", "e-Fatura", "--branch", "Merkez", "--period", "03", capsys=capsys
    )
    assert code == 0 and shown["applied"] is False  # a preview: nothing written, nothing wrong
    assert konnektor_digest(site) == digest


def test_human_output_speaks_turkish_and_english(site, capsys):
    from konnektor_kit.cli import run

    assert run(["new-year", "--site", str(site), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "Önce" in out and "Sonra" in out and "taşınacak" in out
    assert run(["new-year", "--site", str(site), "--year", str(YEAR), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Before" in out and "After" in out
    assert "None" not in out


def test_sandbox_json_names_its_site(tmp_path, capsys):
    code, data, _ = cli("sandbox", str(tmp_path / "s"), "--scenario", "eta", "--year", "2026", capsys=capsys)
    assert code == 0 and data["site"].endswith("site.toml")
    text = (tmp_path / "s" / "site.toml").read_text(encoding="utf-8")
    assert "Ege Dağıtım" in text and json.loads((tmp_path / "s" / "scenario.json").read_text())["year"] == 2026


def test_the_undo_hint_is_a_complete_command_that_can_be_pasted(site, capsys):
    import shlex

    from konnektor_kit.cli import run

    assert (
        run(["apply", "--site", str(site), "--module", "e-Fatura", "--branch", "Merkez", "--period", "3", "--yes"]) == 0
    )
    hint = capsys.readouterr().out.strip().splitlines()[-1].split(": ", 1)[1]
    argv = shlex.split(hint)
    assert argv[:2] == ["konnektor-kit", "undo"] and "--site" in argv
    assert run(argv[1:]) == 0
    assert "geri alındı" in capsys.readouterr().out


def test_test_shows_categories_in_words(site, capsys):
    from konnektor_kit.cli import run

    run(["test", "--site", str(site), "--year", str(YEAR)])
    out = capsys.readouterr().out
    assert "eski yıl" in out and "wrong_year" not in out
