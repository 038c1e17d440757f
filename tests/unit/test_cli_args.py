"""The command line's parsing, apart from the services (papermill's habit): each verb's service is
replaced by a recorder (in cli/verbs.py, where the verbs call it), the CLI is run in-process, and the test
asserts the arguments the service got. Bad input must stop before any service is called, with exit 2 and
a sentence in the user's language.

The services' own behaviour is tested where they live; here only "what the engineer typed" →
"what the service was asked"."""

from __future__ import annotations

import argparse
import importlib
import json
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from konnektor_kit import cli
from konnektor_kit.batch import campaign, fleet
from konnektor_kit.cli import verbs
from konnektor_kit.cli.parser import build_parser
from konnektor_kit.domain.codes import parse_year
from konnektor_kit.domain.transition import Transition
from konnektor_kit.exceptions import BadInput, KitError
from konnektor_kit.i18n import t
from konnektor_kit.services import init_site

REACHED = 97  # the recorder's exit code: the service was called


class Reached(KitError):
    """Raised by a recorder once it has written down its arguments: the verb stops there."""

    exit_code = REACHED


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def stop(self, name: str):
        def service(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            raise Reached(t("usage", detail=name))

        return service

    def returns(self, name: str, value: Any):
        def service(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            return value

        return service

    @property
    def names(self) -> list[str]:
        return [name for name, _, _ in self.calls]

    def only(self, name: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
        found = [(a, k) for n, a, k in self.calls if n == name]
        assert len(found) == 1, self.calls
        return found[0]


class Site:
    """The workspace the services are handed: opened from --site, stood in for here (no damaged row)."""

    def stored_damage(self) -> list[Any]:
        return []


WS = Site()


@pytest.fixture
def services(monkeypatch):
    """Every service the verbs call, recorded; the workspace opened on --site stood in for."""
    recorder = Recorder()
    opened: list[str] = []
    # a verb's module the command line imports when it first runs (the campaign) binds the services it
    # names then: imported before the patches, it keeps the real ones for the tests that run it later
    importlib.import_module("konnektor_kit.batch.campaign")

    @contextmanager
    def open_workspace(site: str):
        opened.append(site)
        yield WS

    monkeypatch.setattr(verbs, "open_workspace", open_workspace)
    monkeypatch.setattr(verbs.discover, "discover", recorder.stop("discover"))
    monkeypatch.setattr(verbs.inspect, "inspect_settings", recorder.returns("inspect_settings", ["every setting"]))
    monkeypatch.setattr(verbs.inspect, "select_settings", recorder.returns("select_settings", ["chosen"]))
    monkeypatch.setattr(verbs, "check_settings", recorder.stop("check_settings"))
    monkeypatch.setattr(verbs.plan, "plan_new_year", recorder.stop("plan_new_year"))
    monkeypatch.setattr(verbs.plan, "plan_change", recorder.stop("plan_change"))
    monkeypatch.setattr(verbs.plan, "undo_change", recorder.stop("undo_change"))
    monkeypatch.setattr(verbs.readiness, "readiness", recorder.stop("readiness"))
    monkeypatch.setattr(verbs.sandbox, "create_sandbox", recorder.stop("create_sandbox"))
    recorder.opened = opened  # type: ignore[attr-defined]
    return recorder


def run(*argv: str) -> int:
    return cli.run(list(argv))


# ---- the year: one rule, in domain/codes.py, for the CLI and the forms ----------------------------
@pytest.mark.parametrize(
    "typed, year", [("2026", 2026), (" 2026", 2026), ("2026 ", 2026), (2031, 2031), ("2000", 2000)]
)
def test_a_year_is_four_digits_spaces_around_ignored(typed, year):
    assert parse_year(typed) == year


@pytest.mark.parametrize(
    "typed", ["02026", "26", "0", "1999", "2101", "٢٠٢٦", "２０２６", "20 26", "2026.0", "", "+2026"]
)
def test_anything_else_is_refused_in_both_languages(typed):
    with pytest.raises(BadInput) as refused:
        parse_year(typed)
    assert f'"{typed}"' in refused.value.message("tr") and "dört haneli" in refused.value.message("tr")
    assert "four-digit" in refused.value.message("en") and refused.value.exit_code == 2


@pytest.mark.parametrize("typed, year", [(" 2026", 2026), ("2027", 2027)])
def test_the_cli_reads_the_year_by_the_same_rule(services, typed, year):
    assert run("discover", "--site", "s.toml", "--module", "e-Fatura", "--year", typed) == REACHED
    args, _ = services.only("discover")
    assert args[3] == Transition(year, date(year, 1, 1))


@pytest.mark.parametrize("verb", ["discover", "test", "new-year", "ready"])
@pytest.mark.parametrize("typed", ["02026", "26", "2O26"])
def test_a_bad_year_stops_every_verb_before_its_service(services, capsys, verb, typed):
    extra = ["--module", "e-Fatura"] if verb == "discover" else []
    assert run(verb, "--site", "s.toml", *extra, "--year", typed) == 2
    assert services.calls == [] or services.names == ["inspect_settings", "select_settings"]
    assert f'Yıl "{typed}" geçersiz' in capsys.readouterr().err


def test_sandbox_and_campaign_read_the_year_by_the_same_rule(services, capsys):
    assert run("sandbox", "somewhere", "--year", " 2030") == REACHED
    assert services.only("create_sandbox") == (("somewhere", "new-year", 2030), {})
    assert run("sandbox", "somewhere", "--year", "02030") == 2
    assert run("campaign", "sites", "--verb", "ready", "--year", "02030") == 2
    assert services.names == ["create_sandbox"]


# ---- each verb: what was typed → what the service was asked ----------------------------------------
def test_discover_passes_module_branch_and_the_transition(services):
    code = run("discover", "--site", "s.toml", "--module", "efatura", "--branch", "İzmir Şube", "--year", "2026")
    assert code == REACHED and services.opened == ["s.toml"]
    assert services.only("discover") == ((WS, "efatura", "İzmir Şube", Transition(2026, date(2026, 1, 1))), {})


@pytest.mark.parametrize("typed", ["01.07.2026", "2026-07-01", " 01.07.2026 "])
def test_discover_a_fiscal_day_alone_gives_its_year(services, typed):
    assert run("discover", "--site", "s.toml", "--module", "e-Fatura", "--date", typed) == REACHED
    assert services.only("discover")[0][3] == Transition(2026, date(2026, 7, 1))


def test_discover_a_day_of_another_year_than_year_is_refused(services, capsys):
    assert run("discover", "--site", "s.toml", "--module", "e-Fatura", "--year", "2027", "--date", "01.07.2026") == 2
    assert services.calls == []
    assert run("discover", "--site", "s.toml", "--module", "e-Fatura", "--date", "31.02.2026") == 2
    assert run("discover", "--site", "s.toml", "--module", "e-Fatura", "--date", "01.07.1999") == 2
    assert services.calls == []


def test_discover_without_a_module_is_a_usage_error_before_any_site_is_opened(services, capsys):
    assert run("discover", "--site", "s.toml", "--year", "2026") == 2
    assert services.calls == [] and services.opened == []


def test_test_narrows_by_module_and_branch_then_checks_the_chosen(services):
    assert run("test", "--site", "s.toml", "--module", "e-Arşiv", "--branch", "Depo", "--year", "2026") == REACHED
    assert services.only("select_settings") == ((["every setting"], "e-Arşiv", "Depo"), {})
    assert services.only("check_settings") == ((WS, ["chosen"], Transition(2026, date(2026, 1, 1))), {})


def test_test_without_module_or_branch_checks_everything(services):
    assert run("test", "--site", "s.toml", "--year", "2026") == REACHED
    assert services.only("select_settings") == ((["every setting"], None, None), {})


def test_new_year_passes_the_transition_and_the_skipped_modules_as_stored_codes(services):
    code = run("new-year", "--site", "s.toml", "--year", "2026", "--skip", "edefter", "--skip", "E-ARŞİV")
    assert code == REACHED
    assert services.only("plan_new_year") == (
        (WS, Transition(2026, date(2026, 1, 1))),
        {"skip": ["e-Defter", "e-Arşiv"]},
    )


def test_new_year_needs_a_year_or_a_day(services, capsys):
    assert run("new-year", "--site", "s.toml") == 2
    assert services.calls == []


def test_new_year_an_unknown_skipped_module_stops_before_planning(services, capsys):
    assert run("new-year", "--site", "s.toml", "--year", "2026", "--skip", "e-Fax") == 2
    assert services.calls == [] and "e-Fax" in capsys.readouterr().err


def test_apply_passes_what_was_typed_and_leaves_the_rest_unchanged(services):
    assert run("apply", "--site", "s.toml", "--module", "e-Fatura", "--database", "LOGODB", "--firm", "2") == REACHED
    args, kwargs = services.only("plan_change")
    assert (args, kwargs) == ((WS, "e-Fatura", None, "LOGODB", "2", verbs.plan.UNCHANGED, None), {})  # no --server


def test_apply_an_empty_period_is_passed_on_as_typed_not_as_unchanged(services):
    assert run("apply", "--site", "s.toml", "--module", "e-Fatura", "--branch", "Merkez", "--period", "") == REACHED
    args, _ = services.only("plan_change")
    assert args == (WS, "e-Fatura", "Merkez", None, verbs.plan.UNCHANGED, "", None)


def test_ready_needs_the_year_and_passes_its_transition(services, capsys):
    assert run("ready", "--site", "s.toml", "--year", "2027") == REACHED
    assert services.only("readiness") == ((WS, Transition(2027, date(2027, 1, 1))), {})
    assert run("ready", "--site", "s.toml") == 2
    assert services.names == ["readiness"]


@pytest.mark.parametrize("typed, change", [(None, None), ("3", 3), ("12", 12)])
def test_undo_passes_the_change_number(services, typed, change):
    assert run("undo", "--site", "s.toml", *(["--change", typed] if typed else [])) == REACHED
    assert services.only("undo_change") == ((WS, change), {})


@pytest.mark.parametrize("typed", ["x", "-1", "3.0", "٣"])
def test_undo_a_change_that_is_not_a_number_stops_before_the_service(services, typed):
    assert run("undo", "--site", "s.toml", "--change", typed) == 2
    assert services.calls == []


def test_sandbox_passes_the_folder_scenario_and_year(services):
    assert run("sandbox", "here", "--scenario", "mikro", "--year", "2029") == REACHED
    assert services.only("create_sandbox") == (("here", "mikro", 2029), {})


def test_serve_passes_its_settings_and_leaves_the_pool_size_to_the_app(monkeypatch):
    from konnektor_kit import app

    recorder = Recorder()
    monkeypatch.setattr(app, "serve", recorder.stop("serve"))
    assert run("serve", "--site", "s.toml", "--port", "9000", "--lang", "en", "--sites", "a", "--sites", "b") == REACHED
    assert recorder.only("serve") == (
        ("s.toml", 9000, "en", ["a", "b"]),
        {"cull_idle": 600, "cull_interval": 60, "cull_connected": False},
    )
    assert run("serve", "--cull-idle", "0", "--cull-connected", "--pool-size", "0") == REACHED
    assert recorder.calls[-1][1:] == (
        (None, 8866, "tr", None),
        {"cull_idle": 0, "cull_interval": 60, "cull_connected": True, "pool_size": 0},
    )


@pytest.mark.parametrize("argv", [[], ["nothing"], ["discover"], ["serve", "--port", "x"], ["sandbox"]])
def test_a_usage_error_is_exit_2_in_turkish_first(services, capsys, argv):
    assert run(*argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Komut satırı hatalı: ") and "Traceback" not in err
    assert services.calls == []


def test_the_language_is_read_before_the_arguments_so_a_usage_error_speaks_it(services, capsys):
    assert run("discover", "--lang", "en") == 2
    english = capsys.readouterr().err
    assert run("discover", "--lang", "tr") == 2
    turkish = capsys.readouterr().err
    assert english.startswith("Command line error: ") and turkish.startswith("Komut satırı hatalı: ")


def test_json_is_asked_for_by_the_flag(services, capsys):
    assert run("undo", "--site", "s.toml", "--json") == REACHED
    out = capsys.readouterr().out
    assert '"exit_code": 97' in out and '"error"' in out


def test_no_file_is_written_by_parsing(services, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("new-year", "--site", "s.toml", "--year", "02026")
    run("discover", "--site", "s.toml", "--module", "e-Fax", "--year", "2026")
    assert list(tmp_path.iterdir()) == []


def test_apply_passes_the_server_to_move_to(services):
    assert run(
        "apply", "--site", "s.toml", "--module", "e-Fatura", "--database", "MAGAZA2027", "--server", "SRV02"
    ) == (REACHED)
    args, _ = services.only("plan_change")
    assert args == (WS, "e-Fatura", None, "MAGAZA2027", verbs.plan.UNCHANGED, verbs.plan.UNCHANGED, "SRV02")


# ---- new-year: the day from --year or --date, and --yes --------------------------------------------
@pytest.mark.parametrize(
    "typed, when",
    [
        (["--date", "01.07.2026"], Transition(2026, date(2026, 7, 1))),
        (["--year", "2026", "--date", "2026-07-01"], Transition(2026, date(2026, 7, 1))),
        (["--year", "2027"], Transition(2027, date(2027, 1, 1))),
    ],
)
def test_new_year_plans_for_the_day_of_year_or_date(services, typed, when):
    assert run("new-year", "--site", "s.toml", *typed) == REACHED
    assert services.only("plan_new_year") == ((WS, when), {"skip": []})


def test_new_year_applies_the_plan_it_made_only_with_yes(services, monkeypatch, capsys):
    made = SimpleNamespace(items=(), blocked=(), changes=())
    monkeypatch.setattr(verbs.plan, "plan_new_year", services.returns("plan_new_year", made))
    monkeypatch.setattr(verbs.plan, "apply_plan", services.stop("apply_plan"))
    assert run("new-year", "--site", "s.toml", "--year", "2026", "--json") == 0
    assert services.names == ["plan_new_year"] and json.loads(capsys.readouterr().out) == []
    assert run("new-year", "--site", "s.toml", "--year", "2026", "--skip", "edefter", "--yes") == REACHED
    assert services.calls[1] == ("plan_new_year", (WS, Transition(2026, date(2026, 1, 1))), {"skip": ["e-Defter"]})
    assert services.only("apply_plan") == ((WS, made), {})


# ---- apply: codes as typed (the service pads them: "2" is stored "002") -----------------------------
def test_apply_passes_firm_and_period_as_typed(services):
    assert run("apply", "--site", "s.toml", "--module", "e-Fatura", "--firm", "2", "--period", "1") == REACHED
    args, _ = services.only("plan_change")
    assert args == (WS, "e-Fatura", None, None, "2", "1", None)


def test_apply_firm_2_is_stored_002(make_site, capsys):
    """The one walk through the real service: the code typed short reaches the row as the Konnektör keeps it."""
    site = str(make_site("logo-firm-copy"))
    assert (
        run("apply", "--site", site, "--module", "e-Fatura", "--branch", "Merkez", "--firm", "2", "--yes", "--json")
        == 0
    )
    done = json.loads(capsys.readouterr().out)
    assert (done["before"]["firm"], done["after"]["firm"]) == ("211", "002")


# ---- the verbs without a site -----------------------------------------------------------------------
def test_campaign_passes_its_verb_year_and_options_as_one_job(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(campaign, "run_campaign", recorder.stop("run_campaign"))
    typed = ["--verb", "test", "--year", " 2027", "--jobs", "2", "--again", "--lang", "en"]
    assert run("campaign", "sites", *typed) == REACHED
    (job, _), _ = recorder.only("run_campaign")
    assert job == campaign.Campaign(Path("sites"), "test", 2027, 2, Path("sites/campaign-test-2027"), "en", True)
    assert run("campaign", "sites", "--verb", "diagnose", "--year", "2027", "--out", "o", "--notebooks") == REACHED
    job = recorder.calls[-1][1][0]
    assert (job.verb, job.out, job.jobs, job.again, job.notebooks) == ("diagnose", Path("o"), 4, False, True)


@pytest.mark.parametrize("typed", [["--verb", "apply"], ["--year", "2027"], ["--verb", "ready"]])
def test_campaign_an_unknown_or_missing_verb_or_year_is_exit_2(monkeypatch, typed):
    recorder = Recorder()
    monkeypatch.setattr(campaign, "run_campaign", recorder.stop("run_campaign"))
    assert run("campaign", "sites", *typed) == 2
    assert recorder.calls == []


def test_sandbox_many_passes_count_year_and_seed_to_the_fleet(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(fleet, "create_fleet", recorder.stop("create_fleet"))
    assert run("sandbox", "filo", "--many", "12", "--year", "2030", "--seed", "3") == REACHED
    assert recorder.only("create_fleet") == (("filo", 12, 2030, 3), {})
    assert run("sandbox", "filo", "--many", "2") == REACHED  # next year by default (the clock says 2026)
    assert recorder.calls[-1][1] == ("filo", 2, 2027, 0)
    assert run("sandbox", "filo", "--many", "2", "--scenario", "mikro") == 2
    assert len(recorder.calls) == 2


def test_init_passes_the_konnektor_its_database_and_every_server(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(init_site, "init_site", recorder.stop("init_site"))
    typed = ["--konnektor", "Driver=x;Pwd=${PW}", "--database", "KONN", "--server", "S2=Driver=y", "--server", "S3=z"]
    assert run("init", "yeni", *typed) == REACHED
    assert recorder.only("init_site") == (("yeni", "Driver=x;Pwd=${PW}", "KONN", ["S2=Driver=y", "S3=z"]), {})
    assert run("init", "yeni") == 2  # --konnektor is required
    assert len(recorder.calls) == 1


# ---- one table of verbs -----------------------------------------------------------------------------
def test_every_verb_the_parser_knows_is_dispatched_by_the_one_table():
    found = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(found) == 1 and set(found[0].choices) == set(verbs.VERBS)
