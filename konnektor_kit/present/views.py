"""Results as tables: what the command line prints, the report attaches and the forms show, built once.

Each function takes a service's results and returns a pandas DataFrame with headers in the reader's
language (the words of i18n.py) and cells ready to be shown: words, numbers, "—" for nothing (never
None). A face only draws it: the command line as text, the report and the forms as an escaped HTML
table (`markup.html_table`), coloured where they colour by the `*_severities` of the same results.
JSON is built from the results themselves, never from these tables.

pandas is imported when a table is built, not with this module: `konnektor-kit --help` starts without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..data.store import ChangeRecord
from ..domain.decisions import Candidate
from ..domain.modules import Module
from ..domain.settings import ModuleSetting, target_label
from ..domain.text import invisible_codes, look_alike
from ..i18n import MESSAGES, Count, Lang, category_word, kind_word, t, tr_date, word
from ..services.plan import PlanItem
from ..services.readiness import SiteReadiness, State
from ..services.test import CheckResult
from ..training.grading import Grade

if TYPE_CHECKING:
    import pandas as pd

    from ..services.init_site import InitResult

NONE = "—"
#: the Konnektör's own button that lists a program's candidates, by its Profile.search
SEARCH_KEYS = {"firm_period": "ui.search.firm_period", "database": "ui.search.database"}


def init_summary(result: InitResult, lang: Lang) -> list[str]:
    """What `init` found and wrote, a line each, for the command line and the start page alike."""
    lines = [
        t("init.written", site=str(result.site)).get(lang),
        t("init.found", database=result.database, server=result.konnektor.shown).get(lang),
    ]
    if result.search.skipped:
        skipped = ", ".join(f"{n} ({why})" for n, why in sorted(result.search.skipped.items()))
        lines.append(t("init.skipped", skipped=skipped).get(lang))
    if assumed := [s.name for s in result.servers if s.assumed]:
        lines.append(t("init.assumed", servers=", ".join(assumed)).get(lang))
    if unused := [s.name for s in result.servers if not s.used_by]:
        lines.append(t("init.unused", servers=", ".join(unused)).get(lang))
    return lines


def search_button(search: str, lang: Lang) -> str:
    """The words of the Konnektör's search button the engineer presses for this program ("Firma/Dönem Ara")."""
    return word(SEARCH_KEYS[search], lang)


#: the colour of a readiness state, in the report and in the forms
STATE_SEVERITY: dict[State, str] = {
    "automatic": "ok",
    "ready": "ok",
    "suspect": "suspect",
    "missing": "error",
    "decide": "warning",
    "broken": "error",
}


def _frame(headers: Sequence[str], rows: Iterable[Sequence[Any]], lang: Lang) -> pd.DataFrame:
    """The one place a table is made: `headers` are message keys, a row a value for each."""
    import pandas as pd

    return pd.DataFrame([list(row) for row in rows], columns=[word(h, lang) for h in headers])


def _or_none(value: Any) -> Any:
    return NONE if value is None or value == "" else value


def branch_text(branch: str, lang: Lang) -> str:
    """A branch as shown: the single branch of a customer (stored as "") in words."""
    return branch or word("branch.none", lang)


def program_text(program: str, lang: Lang) -> str:
    """A program as the customer says it: LOGO, NETSIS, …; the kit's GENERIC rules in words."""
    key = f"program.{program.strip().upper()}"
    return word(key, lang) if key in MESSAGES else program


def name_text(name: str, lang: Lang) -> str:
    """A database name as a table shows it: the name itself, byte for byte, and a visible mark after
    it when it may pass for another (spaces at an end, invisible characters, fullwidth letters)."""
    reasons = look_alike(name)
    if not reasons:
        return name
    said = [
        t("name.odd.invisible", codes=invisible_codes(name)).get(lang)
        if r == "invisible"
        else t(f"name.odd.{r}").get(lang)
        for r in reasons
    ]
    return f"«{name}» ⚠ {'; '.join(said)}"


# ---- labels -----------------------------------------------------------------------------------
def connection_label(setting: ModuleSetting) -> str:
    """Where a setting connects: "SRV01 · LOGODB 002/03"."""
    return f"{setting.server} · {setting.label}"


def candidate_dates(c: Candidate) -> str:
    """ "01.07.2025–30.06.2026", marked ⚠ when it does not hold the transition day."""
    if c.begin is None and c.end is None:
        return NONE
    return f"{tr_date(c.begin)}–{tr_date(c.end)}" + (" ⚠" if c.fits is False else "")


def candidate_line(c: Candidate, lang: Lang = "tr", home: str | None = None) -> str:
    """One line an engineer can choose from: where (its server first when it is not `home`, the setting's
    own), which dates, how many documents."""
    docs = t("reason.docs", count=Count(c.documents)).get(lang) if c.documents is not None else ""
    server = c.server if c.server and home and c.server != home else ""
    return " · ".join(x for x in (server, target_label(c.database, c.firm, c.period), candidate_dates(c), docs) if x)


# ---- the tables ---------------------------------------------------------------------------------
#: which setting a row of `checks` and `readiness` is about, and where it connects
WHERE = ("col.module", "col.branch", "col.program", "col.connection")


def _where(setting: ModuleSetting, lang: Lang) -> tuple[str, ...]:
    return (
        setting.module,
        branch_text(setting.branch, lang),
        program_text(setting.program, lang),
        connection_label(setting),
    )


SETTINGS = (
    "col.module",
    "col.branch",
    "col.program",
    "col.server",
    "col.database",
    "col.firm",
    "col.period",
    "col.version",
    "col.updated",
)


def settings(found: Sequence[ModuleSetting], lang: Lang) -> pd.DataFrame:
    """`inspect`: every module and branch as stored."""
    rows = (
        (
            s.module,
            branch_text(s.branch, lang),
            program_text(s.program, lang),
            s.server,
            name_text(s.database, lang),
            _or_none(s.firm),
            _or_none(s.period),
            s.version,
            _or_none(s.updated),
        )
        for s in found
    )
    return _frame(SETTINGS, rows, lang)


CANDIDATES = (
    "col.server",
    "col.database",
    "col.firm",
    "col.period",
    "col.dates",
    "col.documents",
    "col.score",
    "col.reason",
)


def candidates(found: Sequence[Candidate], lang: Lang, numbered: bool = False) -> pd.DataFrame:
    """ "Firma/Dönem Ara" / "Veri tabanı Ara": the candidates, best first, with the reason of each rank;
    `numbered` puts the number the form's choice refers to in front."""
    rows = (
        (
            _or_none(c.server),
            name_text(c.database, lang),
            _or_none(c.firm),
            _or_none(c.period),
            candidate_dates(c),
            Count(c.documents).get(lang) if c.documents is not None else NONE,
            c.score,
            c.reason.get(lang),
        )
        for c in found
    )
    frame = _frame(CANDIDATES, rows, lang)
    if numbered:
        frame.insert(0, "#", range(1, len(frame) + 1))
    return frame


CHECKS = (*WHERE, "col.ok", "col.category", "col.message")


def checks(results: Sequence[CheckResult], lang: Lang) -> pd.DataFrame:
    """`test`, the diagnosis and the check after GÜNCELLE: each setting, its worst finding and what to do."""
    rows = (
        (
            *_where(r.setting, lang),
            word(f"severity.{r.worst.severity}", lang),
            NONE if r.category == "ok" else category_word(r.category, lang),  # "uygun" said once, not twice
            r.message(lang),
        )
        for r in results
    )
    return _frame(CHECKS, rows, lang)


def check_severities(results: Sequence[CheckResult]) -> list[str]:
    """The colour of each row of `checks`: ok, warning or error."""
    return [r.worst.severity for r in results]


FINDINGS = ("col.ok", "col.category", "col.message")


def findings(result: CheckResult, lang: Lang) -> pd.DataFrame:
    """One setting's test, finding by finding (section 2's "Bağlantınızı Test")."""
    rows = (
        (
            word(f"severity.{f.severity}", lang),
            NONE if f.category == "ok" else category_word(f.category, lang),
            f.message.get(lang) + (" " + f.guidance.get(lang) if f.guidance else ""),
        )
        for f in result.findings
    )
    return _frame(FINDINGS, rows, lang)


def finding_severities(result: CheckResult) -> list[str]:
    return [f.severity for f in result.findings]


PLAN = ("col.module", "col.branch", "col.before", "col.after", "col.ok", "col.reason")
#: what will be written, without the why: `apply`'s preview and the form's preview before GÜNCELLE
WRITES = PLAN[:4]


def plan_cautions(items: Sequence[PlanItem], lang: Lang) -> list[str]:
    """Each caution of a plan once, after the rows it is for: what a printed plan says under its table."""
    rows: dict[str, list[str]] = {}
    for item in items:
        if item.caution is not None:
            rows.setdefault(item.caution.get(lang), []).append(
                f"{item.before.module} / {branch_text(item.before.branch, lang)}"
            )
    return [f"⚠ {', '.join(where)}: {caution}" for caution, where in rows.items()]


def plan(
    items: Sequence[PlanItem],
    lang: Lang,
    written: dict[tuple[str, str], ModuleSetting] | None = None,
    reasons: bool = True,
    cautions: bool = True,
) -> pd.DataFrame:
    """A plan, before and after per setting (`written`: what `apply_plan` wrote instead, by key); without
    `reasons` only what will be written."""
    headers = PLAN if reasons else WRITES
    rows = []
    for item in items:
        after = (written or {}).get(item.before.key, item.after)
        moved = f"{after.server} · " if after.server != item.before.server else ""
        shown = moved + after.label + (" ⚠ " + word("ui.other_year", lang) if item.other_year else "")
        row = (
            item.before.module,
            branch_text(item.before.branch, lang),
            item.before.label,
            shown if item.changes else word("word.unchanged", lang),
            word(f"status.{item.status}", lang),
            item.explained(lang) if cautions else item.reason.get(lang),
        )
        rows.append(row[: len(headers)])
    return _frame(headers, rows, lang)


READINESS = (
    *WHERE,
    "ready.col.state",
    "ready.col.target",
    "ready.col.who",
    "ready.col.todo",
    "col.reason",
)


def readiness(found: SiteReadiness, lang: Lang) -> pd.DataFrame:
    """December's `ready`: per setting its state, next year's target, who must act and what to do."""
    rows = (
        (
            *_where(r.setting, lang),
            word(f"ready.state.{r.state}", lang),
            r.target.label if r.target is not None else NONE,
            word(f"ready.who.{r.who}", lang) if r.who else NONE,
            r.todo(found.site_path).get(lang),
            r.item.reason.get(lang),
        )
        for r in found.rows
    )
    return _frame(READINESS, rows, lang)


def readiness_severities(found: SiteReadiness) -> list[str]:
    return [STATE_SEVERITY[r.state] for r in found.rows]


HISTORY = ("col.change", "col.time", "col.kind", "col.what_changed", "col.who", "col.undone_by")


def change_line(before: ModuleSetting, after: ModuleSetting, lang: Lang) -> str:
    """One row of a change: "e-Fatura / Merkez: LOGODB 002/02 → LOGODB 002/03" (the server too when it moved)."""
    shown = connection_label if before.server != after.server else (lambda s: s.label)
    return f"{before.module} / {branch_text(before.branch, lang)}: {shown(before)} → {shown(after)}"


def change_lines(record: ChangeRecord, lang: Lang, undoing: bool = False) -> list[str]:
    """What a change did, row by row; `undoing`: what undoing it will do (after → before)."""
    return [change_line(a, b, lang) if undoing else change_line(b, a, lang) for b, a in record.rows]


def change_kind(record: ChangeRecord, lang: Lang) -> str:
    """The change in words: "yeni yıl geçişi 2026", "tek ayar değişikliği", "4 numaralı değişikliğin geri alınması"."""
    if record.kind == "undo" and record.undoes is not None:
        return t("history.undo_of", change=record.undoes).get(lang)
    year = record.note.split()[-1] if record.kind == "new-year" and record.note.split()[-1:] != ["new-year"] else ""
    return f"{kind_word(record.kind, lang)} {year}".strip()


def history(records: Iterable[ChangeRecord], lang: Lang) -> pd.DataFrame:
    """The audit trail in the order given: what each change did (module, branch, database), who made it;
    a damaged record marked."""
    rows = (
        (
            r.id,
            r.time,
            change_kind(r, lang),
            "\n".join(
                [
                    *change_lines(r, lang),
                    *([f"⚠ {t('history.damaged', detail=r.damaged).get(lang)}"] if r.damaged else []),
                ]
            ),
            r.user or NONE,
            _or_none(r.undone_by),
        )
        for r in records
    )
    return _frame(HISTORY, rows, lang)


GRADES = ("col.module", "col.branch", "ui.now", "ui.expected", "col.ok")


def grades(found: Sequence[Grade], lang: Lang) -> pd.DataFrame:
    """Training's "Kontrol Et": where each setting points against where the scenario expects it."""
    rows = (
        (g.module, branch_text(g.branch, lang), target_label(*g.now), target_label(*g.expected), "✓" if g.ok else "✗")
        for g in found
    )
    return _frame(GRADES, rows, lang)


def grade_severities(found: Sequence[Grade]) -> list[str]:
    return ["ok" if g.ok else "error" for g in found]


def matrix(results: Sequence[CheckResult], lang: Lang) -> tuple[pd.DataFrame, list[list[str]]]:
    """The start page's glance: modules down, branches across, each cell where the module points and its
    health in words; with the severity of each cell ("" where there is nothing to colour)."""
    import pandas as pd

    branches = sorted({r.setting.branch for r in results}, key=str.casefold)
    by_key = {(r.setting.module, r.setting.branch): r for r in results}
    known = [m.code for m in Module]
    modules = known + sorted({r.setting.module for r in results} - set(known))
    rows, severities = [], []
    for module in modules:
        row, colours = [module], [""]
        for branch in branches:
            r = by_key.get((module, branch))
            row.append(NONE if r is None else f"{r.setting.label} · {category_word(r.category, lang)}")
            colours.append("" if r is None else r.worst.severity)
        rows.append(row)
        severities.append(colours)
    columns = _unique([word("col.module", lang), *(branch_text(b, lang) for b in branches)])
    return pd.DataFrame(rows, columns=columns), severities


def _unique(headers: list[str]) -> list[str]:
    """Headers typed by people (branch names) made distinct: a branch called "Modül" stays a column of its own."""
    seen: dict[str, int] = {}
    unique = []
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
        unique.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return unique
