"""services/views.py: every table the CLI, the report and the forms show, with headers in the reader's
language and rows read from a real sandbox site (the new-year scenario: İzmir Şube on a database per
year, Merkez on LOGO firm 002 period 02, both still on 2025)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from konnektor_kit.data.store import ChangeRecord
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.i18n import word
from konnektor_kit.present import views
from konnektor_kit.services.discover import discover
from konnektor_kit.services.inspect import inspect_settings
from konnektor_kit.services.plan import PlanItem, apply_plan, history, plan_new_year, undo_change
from konnektor_kit.services.readiness import SiteReadiness, readiness
from konnektor_kit.services.test import check_settings
from konnektor_kit.services.workspace import open_workspace
from konnektor_kit.training.grading import grade
from konnektor_kit.training.sandbox import read_sandbox
from tests.conftest import YEAR

HEADERS = {
    "settings": (
        ["Modül", "Şube", "Program", "Sunucu", "Veri tabanı", "Firma", "Dönem", "Sürüm", "Güncelleme"],
        ["Module", "Branch", "Program", "Server", "Database", "Firm", "Period", "Version", "Updated"],
    ),
    "candidates": (
        ["Sunucu", "Veri tabanı", "Firma", "Dönem", "Tarih aralığı", "Belge", "Puan", "Neden"],
        ["Server", "Database", "Firm", "Period", "Dates", "Documents", "Score", "Reason"],
    ),
    "checks": (
        ["Modül", "Şube", "Program", "Bağlantı", "Durum", "Kategori", "Mesaj"],
        ["Module", "Branch", "Program", "Connection", "Status", "Category", "Message"],
    ),
    "plan": (
        ["Modül", "Şube", "Önce", "Sonra", "Durum", "Neden"],
        ["Module", "Branch", "Before", "After", "Status", "Reason"],
    ),
    "readiness": (
        [
            "Modül",
            "Şube",
            "Program",
            "Bağlantı",
            "Hazırlık",
            "Yeni yılın hedefi",
            "Kim yapmalı",
            "Yapılacak",
            "Neden",
        ],
        [
            "Module",
            "Branch",
            "Program",
            "Connection",
            "Readiness",
            "Next year's target",
            "Who must act",
            "To do",
            "Reason",
        ],
    ),
    "history": (
        ["No", "Zaman", "İşlem", "Ne değişti", "Kim", "Geri alan"],
        ["No", "Time", "Action", "What changed", "Who", "Undone by"],
    ),
    "grades": (
        ["Modül", "Şube", "Şu an", "Beklenen", "Durum"],
        ["Module", "Branch", "Now", "Expected", "Status"],
    ),
}


def no_blank_cell(frame: pd.DataFrame) -> None:
    """A view's cells are ready to show: never None nor NaN (nothing is "—")."""
    assert not frame.isna().any().any(), frame


@pytest.fixture
def ws(site):
    with open_workspace(site) as opened:
        yield opened


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_headers_in_both_languages_even_without_a_row(lang):
    i = 0 if lang == "tr" else 1
    frames = {
        "settings": views.settings([], lang),
        "candidates": views.candidates([], lang),
        "checks": views.checks([], lang),
        "plan": views.plan([], lang),
        "readiness": views.readiness(SiteReadiness("site.toml", YEAR, ()), lang),
        "history": views.history([], lang),
        "grades": views.grades([], lang),
    }
    for name, frame in frames.items():
        assert list(frame.columns) == HEADERS[name][i], name
        assert frame.empty, name
    assert list(views.plan([], lang, reasons=False).columns) == HEADERS["plan"][i][:4]
    assert list(views.candidates([], lang, numbered=True).columns) == ["#", *HEADERS["candidates"][i]]


def test_settings_rows_as_stored(ws):
    found = inspect_settings(ws)
    frame = views.settings(found, "tr")
    no_blank_cell(frame)
    assert len(frame) == len(found) == 12
    merkez = frame[frame["Şube"] == "Merkez"].iloc[0]
    assert (merkez["Program"], merkez["Veri tabanı"], merkez["Firma"], merkez["Dönem"]) == (
        "LOGO",
        "LOGODB",
        "002",
        "02",
    )
    izmir = frame[frame["Şube"] == "İzmir Şube"].iloc[0]
    assert (izmir["Firma"], izmir["Dönem"]) == ("—", "—")  # a database per year: no codes


def test_the_single_branch_is_named_in_words():
    single = ModuleSetting("e-Fatura", "", "LOGO", "SRV01", "LOGODB", "002", "03")
    assert views.settings([single], "tr")["Şube"].tolist() == ["(tek şube)"]
    assert views.settings([single], "en")["Branch"].tolist() == ["(single branch)"]


def test_checks_name_the_old_year_in_words_and_colour_it(ws):
    results = check_settings(ws, inspect_settings(ws), YEAR)
    for lang, status, category in (("tr", "Durum", "Kategori"), ("en", "Status", "Category")):
        frame = views.checks(results, lang)
        no_blank_cell(frame)
        assert len(frame) == 12
        assert set(frame[category]) == {word("category.wrong_year", lang)}
        assert set(frame[status]) == {word("severity.error", lang)}
    assert views.check_severities(results) == ["error"] * 12
    frame = views.checks(results, "tr")
    assert "SRV01 · LOGODB 002/02" in set(frame["Bağlantı"]) and "SRV01 · IZMIRSUBE2025" in set(frame["Bağlantı"])
    one = views.findings(results[0], "en")
    assert list(one.columns) == ["Status", "Category", "Message"] and len(one) == len(results[0].findings)
    assert views.finding_severities(results[0]) == [f.severity for f in results[0].findings]


def test_candidates_best_first_with_their_reasons(ws):
    found = discover(ws, "e-Fatura", "Merkez", YEAR)
    frame = views.candidates(found.decision.candidates, "en")
    no_blank_cell(frame)
    assert len(frame) == len(found.decision.candidates) > 0
    best = frame.iloc[0]
    assert (best["Database"], best["Firm"], best["Period"]) == ("LOGODB", "002", "03")
    assert best["Dates"] == "01.01.2026–31.12.2026" and best["Reason"]
    numbered = views.candidates(found.decision.candidates, "tr", numbered=True)
    assert numbered["#"].tolist() == list(range(1, len(frame) + 1))
    assert views.candidate_line(found.decision.candidates[0], "tr").startswith("LOGODB 002/03 · 01.01.2026–31.12.2026")


def test_plan_before_after_and_what_is_written(ws):
    p = plan_new_year(ws, YEAR)
    frame = views.plan(p.items, "tr")
    no_blank_cell(frame)
    merkez = frame[(frame["Şube"] == "Merkez") & (frame["Modül"] == "e-Fatura")].iloc[0]
    assert (merkez["Önce"], merkez["Sonra"], merkez["Durum"]) == ("LOGODB 002/02", "LOGODB 002/03", "taşınacak")
    defter = frame[(frame["Şube"] == "Merkez") & (frame["Modül"] == "e-Defter")].iloc[0]
    assert "e-Defter" in defter["Neden"] and " — " in defter["Neden"]  # the caution follows the reason
    brief = views.plan(p.items, "en", reasons=False)
    assert list(brief.columns) == ["Module", "Branch", "Before", "After"]
    kept = replace(p.items[0], after=p.items[0].before, status="keep")
    assert views.plan([kept], "en")["After"].tolist() == ["unchanged"]
    other = PlanItem(p.items[0].before, p.items[0].after, "move", p.items[0].reason, other_year=True)
    assert views.plan([other], "tr", reasons=False)["Sonra"].iloc[0].endswith("⚠ geçiş gününü kapsamıyor, teyit edildi")
    written = {p.items[0].before.key: p.items[0].before.pointing_at("ELSEWHERE", None, None)}
    assert views.plan(p.items[:1], "tr", written)["Sonra"].tolist() == ["ELSEWHERE"]


def test_readiness_next_years_targets(ws):
    found = readiness(ws, YEAR)
    frame = views.readiness(found, "en")
    no_blank_cell(frame)
    assert set(frame["Readiness"]) == {"ready"}
    assert set(frame["Next year's target"]) == {"IZMIRSUBE2026", "LOGODB 002/03"}
    assert set(frame["Who must act"]) == {"—"}
    assert all("konnektor-kit new-year" in todo for todo in frame["To do"])
    assert views.readiness_severities(found) == ["ok"] * 12


def test_history_in_words_the_order_given_and_damage_marked(ws):
    record = apply_plan(ws, plan_new_year(ws, YEAR))
    assert record is not None
    undo_change(ws)
    records = history(ws)
    frame = views.history(records, "tr")
    no_blank_cell(frame)
    assert frame["İşlem"].tolist() == [f"yeni yıl geçişi {YEAR}", f"{record.id} numaralı değişikliğin geri alınması"]
    assert "e-Fatura / Merkez: LOGODB 002/02 → LOGODB 002/03" in frame["Ne değişti"].iloc[0].splitlines()
    assert frame["Geri alan"].tolist() == [records[1].id, "—"]
    assert views.history(reversed(records), "en")["Action"].tolist() == [
        f"undo of change {record.id}",
        f"new-year transition {YEAR}",
    ]
    damaged = ChangeRecord(9, "2026-01-01 00:00:00", "apply", "apply", "eng", (), damaged="bad JSON")
    shown = views.history([damaged], "en")
    assert shown["What changed"].iloc[0] == "⚠ history record damaged, cannot be undone (bad JSON)"
    assert shown["Action"].iloc[0] == "one setting changed" and shown["Who"].iloc[0] == "eng"


def test_grades_and_the_matrix(site, ws):
    found = inspect_settings(ws)
    grades = grade(read_sandbox(site), found)
    frame = views.grades(grades, "tr")
    no_blank_cell(frame)
    assert len(frame) == 12 and set(frame["Durum"]) == {"✗"}
    assert views.grade_severities(grades) == ["error"] * 12
    matrix, severities = views.matrix(check_settings(ws, found, YEAR), "en")
    no_blank_cell(matrix)
    assert list(matrix.columns) == ["Module", "İzmir Şube", "Merkez"]
    assert matrix.iloc[0].tolist() == ["e-Fatura", "IZMIRSUBE2025 · old year", "LOGODB 002/02 · old year"]
    assert [row[0] for row in severities] == [""] * len(matrix) and severities[0][1:] == ["error", "error"]


def test_a_branch_named_like_a_header_keeps_its_own_column():
    from konnektor_kit.domain.decisions import Finding
    from konnektor_kit.i18n import t
    from konnektor_kit.services.test import CheckResult

    ok = (Finding("ok", "ok", t("check.ok", what="DB")),)
    results = [
        CheckResult(ModuleSetting("e-Fatura", "Modül", "GENERIC", "SRV01", "DB", None, None), ok),
        CheckResult(ModuleSetting("e-Fatura", "", "GENERIC", "SRV01", "DB2", None, None), ok),
        CheckResult(ModuleSetting("e-Arşiv", "(tek şube)", "GENERIC", "SRV01", "DB3", None, None), ok),
    ]
    frame, severities = views.matrix(results, "tr")
    assert list(frame.columns) == ["Modül", "(tek şube)", "(tek şube) (2)", "Modül (2)"]
    assert frame.iloc[0].tolist() == ["e-Fatura", "DB2 · uygun", "—", "DB · uygun"]
    assert severities[0] == ["", "ok", "", "ok"]
