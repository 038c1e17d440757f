"""The turn of the year, on any day: the clock is set to 31 December and to 1 January and the pages, the
command line and a new sandbox follow it (konnektor_kit/clock.py), a July fiscal start included."""

from __future__ import annotations

import json

import pytest

from konnektor_kit.cli import run
from konnektor_kit.env import TODAY_ENV
from konnektor_kit.services.workspace import open_workspace
from konnektor_kit.training.sandbox import create_sandbox
from konnektor_kit.ui.new_year import NewYearPage
from konnektor_kit.ui.start import StartPage

EVE, NEW_YEARS_DAY = "2026-12-31", "2027-01-01"


def targets(site) -> dict[tuple[str, str], tuple]:
    with open_workspace(site) as ws:
        return {s.key: (s.database, s.firm, s.period) for s in ws.store.read_all()}


@pytest.mark.parametrize(("day", "year"), [(EVE, 2026), (NEW_YEARS_DAY, 2027)])
def test_the_pages_and_a_new_sandbox_take_the_clocks_year(tmp_path, monkeypatch, day, year):
    monkeypatch.setenv(TODAY_ENV, day)
    site = create_sandbox(tmp_path / "s")  # no year given: the clock's
    start = StartPage(site)
    assert start.year_value() == year
    assert start.readiness.year.value == str(year + 1)  # readiness looks at the year ahead
    page = NewYearPage(site)
    assert page.year_value() == year
    page.plan_button.click()
    assert len(page.row_checks) == 12
    page.update_button.click()
    moved = targets(site)
    assert len(moved) == 12
    assert moved[("e-MM", "İzmir Şube")] == (f"IZMIRSUBE{year}", None, None)


@pytest.mark.parametrize(("day", "year"), [(EVE, 2026), (NEW_YEARS_DAY, 2027)])
def test_the_command_lines_default_year_is_the_clocks(tmp_path, monkeypatch, capsys, day, year):
    monkeypatch.setenv(TODAY_ENV, day)
    site = create_sandbox(tmp_path / "s", "new-year", year)
    assert run(["test", "--site", str(site), "--json"]) == 1  # the sandbox starts a year behind
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 12 and {r["category"] for r in rows} == {"wrong_year"}, rows


def test_a_july_fiscal_start_keeps_the_period_holding_new_years_day(tmp_path, monkeypatch):
    """LOGO July–June periods: on 1 January the period that began last July holds the day."""
    monkeypatch.setenv(TODAY_ENV, NEW_YEARS_DAY)
    site = create_sandbox(tmp_path / "s", "logo-temmuz")
    page = NewYearPage(site)
    page.plan_button.click()
    page.update_button.click()
    assert set(targets(site).values()) == {("LOGODB", "005", "03")}


def test_an_unreadable_clock_setting_falls_back_to_the_system_day(monkeypatch):
    from datetime import date

    from konnektor_kit.clock import today

    monkeypatch.setenv(TODAY_ENV, "31.12.2026")
    assert today() == date.today()
    monkeypatch.setenv(TODAY_ENV, EVE)
    assert today() == date(2026, 12, 31)
