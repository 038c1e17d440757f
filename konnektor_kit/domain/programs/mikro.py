"""MIKRO (V14–V16, V17 "Desktop"): companies listed in the master database's VERI_TABANLARI.

A company's database is the master's name + "_" + DB_kod. Some sites open a company per year (the
year inside DB_kod), others keep several years in one company: then the document dates decide, and
a company of the same name whose documents start in the new year is its successor (company `20`
for 2020–2025, `26` from 2026).

A year inside a code (two or four digits, at its end or in its middle: `LIDER26`, `BKRC2020`,
`BEDIR_2017_TEST`, `2023`) makes a company per year only when a sibling company one year apart
exists, or the company's documents stay inside that year: a four-digit year is often just the year
the company was opened (`BKRC2020` still live in 2026). A company's year is a date range from its
fiscal start (`DB_maliyil_baslangic_ayi` / `_gunu`; `DB_maliyil_takvim_bitisyili` says whether the
year in the name is the start or the end year), and the company holding the transition day is the
answer, as LOGO's periods are decided. After the V16 → V17 upgrade (`MikroDB_V16` → `MikroDesktop`,
`MikroDB_V16_X` → `MikroDesktop_X`) a setting is followed to the same DB_kod in the master that exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ...i18n import Count, Joined, Msg, t, tr_date
from ..decisions import Candidate, Decision, Finding
from ..reader import CatalogReader, as_flag
from ..settings import ModuleSetting
from ..text import fold
from ..transition import Transition
from .base import (
    CONFIRM_AT_MOST,
    CURRENT_SCORE,
    conclude,
    documents_ok,
    edocs_listed,
    instead_of,
    keep,
    mismatch,
    no_documents,
    tables_missing,
    wrong_year,
)
from .peryear import PerYearProfile, real_of_copy
from .yearnames import DECOY, OTHER_NAME, OTHER_YEAR, SAME_STEM, YearName, is_decoy

MASTER = re.compile(r"^(MikroDB_V\d+|MikroDesktop)$", re.IGNORECASE)
#: a company database of any master, for following a setting whose master was renamed
COMPANY_DATABASE = re.compile(r"^(MikroDB_V\d+|MikroDesktop)_(.+)$", re.IGNORECASE)
COMPANIES = "VERI_TABANLARI"
FISCAL_COLUMNS = ("DB_maliyil_baslangic_ayi", "DB_maliyil_baslangic_gunu", "DB_maliyil_takvim_bitisyili")
DATED_TABLES = (("STOK_HAREKETLERI", "sth_tarih"), ("CARI_HESAP_HAREKETLERI", "cha_tarihi"))
SUCCESSOR = 85
#: at most this many same-named companies are opened when looking for a multi-year company's successor
SUCCESSORS_AT_MOST = 6
#: a year in a code: four digits anywhere (not inside a longer number), or two digits after a letter or
#: "_" at the end or before a non-digit ("LIDER26", "LIDER_25_A"); the last one found counts
YEAR4 = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
YEAR2 = re.compile(r"(?<=[A-Za-z_])(\d\d)(?!\d)")


def split_code(code: str) -> YearName | None:
    """The year a DB_kod carries, with the code around it ("BEDIR_2017_TEST" → "BEDIR_#_TEST", 2017)."""
    found = list(YEAR4.finditer(code))
    width = 4
    if not found:
        found, width = list(YEAR2.finditer(code)), 2
    if not found:
        return None
    last = found[-1]
    year = int(last.group()) if width == 4 else 2000 + int(last.group())
    return YearName(code[: last.start()] + "#" + code[last.end() :], year, width)


def _day(year: int, month: int, day: int) -> date:
    """A fiscal start day, the 29th of February and other impossible days taken back to the month's last."""
    for d in range(day, 27, -1):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, day)  # 27 or before: every month has it


def _number(value: object, low: int, high: int) -> int | None:
    try:
        n = int(str(value).strip())
    except ValueError:
        return None
    return n if low <= n <= high else None


@dataclass(frozen=True)
class Company:
    code: str
    name: str
    cancelled: bool = False
    #: the fiscal year's first month and day (DB_maliyil_baslangic_ayi / _gunu)
    start: tuple[int, int] = (1, 1)
    #: DB_maliyil_takvim_bitisyili: the year in the name is the fiscal year's end year
    named_by_end: bool = False

    @property
    def firm_key(self) -> str:
        """The company's name without years or punctuation: "Yıldız Makina 2020-2025" ~ "YILDIZ MAKİNA"."""
        return "".join(c for c in fold(self.name) if c.isalpha())

    def span(self, year: int) -> tuple[date, date]:
        """The days the company of `year` (the year in its code) holds."""
        month, day = self.start
        if (month, day) == (1, 1):
            return date(year, 1, 1), date(year, 12, 31)
        first = year - 1 if self.named_by_end else year
        return _day(first, month, day), _day(first + 1, month, day) - timedelta(days=1)

    def year_holding(self, day: date) -> int:
        """The year in the code of the company that would hold `day`."""
        month, first = self.start
        # against the start day as it falls that year: a 29 February start begins on the 28th in 2025
        starts = day.year if day >= _day(day.year, month, first) else day.year - 1
        return starts + 1 if self.named_by_end and (month, first) != (1, 1) else starts


@dataclass(frozen=True)
class Located:
    """Where a setting's database sits in Mikro: its master database, the companies listed there, its DB_kod
    (and, after an upgrade renamed the master, the database the setting still names)."""

    master: str
    companies: dict[str, Company]
    code: str
    moved_from: str | None = None

    @property
    def database(self) -> str:
        return f"{self.master}_{self.code}"

    @property
    def company(self) -> Company:
        return self.companies[self.code]


def siblings(code: str, codes: list[str]) -> bool:
    """A company one year apart with the same code around its year: "LIDER25" beside "LIDER26"."""
    parsed = split_code(code)
    if parsed is None:
        return False
    return any(
        (p := split_code(c)) is not None and p.key == parsed.key and abs(p.year - parsed.year) == 1
        for c in codes
        if c != code
    )


def master_rank(master: str) -> tuple[int, int]:
    """The newest master first: MikroDesktop (V17), then MikroDB_V16, V15…"""
    found = re.search(r"(\d+)$", master)
    return (1, 0) if fold(master) == fold("MikroDesktop") else (0, int(found.group(1)) if found else 0)


class MikroProfile(PerYearProfile):
    name = "MIKRO"
    required_tables = ("STOK_HAREKETLERI", "CARI_HESAP_HAREKETLERI")
    document_tables = DATED_TABLES

    def masters(self, reader: CatalogReader) -> list[str]:
        return sorted((d for d in reader.databases() if MASTER.match(d)), key=master_rank, reverse=True)

    def master_of(self, database: str, reader: CatalogReader) -> str | None:
        prefixed = [m for m in self.masters(reader) if fold(database).startswith(fold(m) + "_")]
        return max(prefixed, key=len) if prefixed else None

    def companies(self, master: str, reader: CatalogReader) -> dict[str, Company]:
        """Every company of VERI_TABANLARI but the cancelled ones (DB_iptal = 1), with its fiscal year."""
        present = reader.columns(master, COMPANIES)
        cancelled = "DB_iptal" in present
        fiscal = [c for c in FISCAL_COLUMNS if c in present]
        columns = ("DB_kod", "DB_isim", *(("DB_iptal",) if cancelled else ()), *fiscal)
        found = {}
        for row in reader.rows(master, COMPANIES, columns):
            values = dict(zip(columns, row, strict=True))
            month = _number(values.get("DB_maliyil_baslangic_ayi"), 1, 12) or 1
            day = _number(values.get("DB_maliyil_baslangic_gunu"), 1, 31) or 1
            company = Company(
                str(row[0]).strip(),
                str(row[1] or "").strip(),
                cancelled and as_flag(values["DB_iptal"]),
                (month, day),
                bool(_number(values.get("DB_maliyil_takvim_bitisyili"), 1, 9999)),
            )
            if not company.cancelled:
                found[company.code] = company
        return found

    def locate(self, setting: ModuleSetting, reader: CatalogReader) -> Located | Msg:
        """The setting's place in Mikro, or why the setting is not a Mikro company."""
        master = self.master_of(setting.database, reader)
        if master is None or not reader.has_database(setting.database):
            moved = self.follow(setting.database, reader)
            if moved is not None:
                return moved
        if master is None:
            return t("reason.mikro.no_master")
        if COMPANIES not in reader.tables(master):
            return t("reason.mikro.no_companies", master=master)
        companies = self.companies(master, reader)
        code = setting.database[len(master) + 1 :]
        listed = code if code in companies else {fold(c): c for c in companies}.get(fold(code))
        if listed is None:
            return t("reason.mikro.not_listed", database=setting.database, master=master)
        return Located(master, companies, listed)

    def follow(self, database: str, reader: CatalogReader) -> Located | None:
        """A database gone with its master's upgrade (`MikroDB_V16_X` → `MikroDesktop_X`): the same DB_kod
        in a master that lists it and whose company database exists, the newest master first."""
        named = COMPANY_DATABASE.match(database)
        if named is None:
            return None
        code = fold(named.group(2))
        for master in self.masters(reader):
            if fold(master) == fold(named.group(1)) or COMPANIES not in reader.tables(master):
                continue
            companies = self.companies(master, reader)
            listed = {fold(c): c for c in companies}.get(code)
            if listed is not None and reader.has_database(f"{master}_{listed}"):
                return Located(master, companies, listed, database)
        return None

    def yearly(self, found: Located, reader: CatalogReader) -> YearName | None:
        """The year in the company's code when the site opens a company per year: a sibling one year
        apart, or documents that stay inside that year; otherwise None (one company for several years)."""
        parsed = split_code(found.code)
        if parsed is None or siblings(found.code, list(found.companies)):
            return parsed
        database = found.database
        if not reader.has_database(database):
            return parsed
        first, last = self.first_document(reader, database), self.last_document(reader, database)
        begin, end = found.company.span(parsed.year)
        return parsed if first is None or last is None or (begin <= first and last <= end) else None

    def decide(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> Decision:
        found = self.locate(setting, reader)
        if isinstance(found, Msg):
            return mismatch(self.name, found)
        if found.moved_from is not None:
            moved = t("reason.mikro.master_moved", database=found.moved_from, target=found.database, code=found.code)
            return self.instead(setting, when, reader, found, moved)
        real = real_of_copy(replace(setting, database=found.code), when)
        listed = {fold(c): c for c in found.companies}.get(fold(real)) if real else None
        if listed is not None and reader.has_database(f"{found.master}_{listed}"):
            # a setting on a copy company ("FURPA2026_YEDEK"): decided as the company it copies, never kept
            instead = replace(found, code=listed)
            copied = t("reason.current_copy", database=setting.database, real=instead.database)
            return self.instead(setting, when, reader, instead, copied)
        return self.decide_located(setting, when, reader, found)

    def instead(
        self, setting: ModuleSetting, when: Transition, reader: CatalogReader, found: Located, why: Msg
    ) -> Decision:
        """The decision for the company `found` names in place of the setting's own database (a renamed
        master, a copy): where that company is the answer, the setting moves to it."""
        decision = self.decide_located(replace(setting, database=found.database), when, reader, found)
        return instead_of(decision, why, when.year)

    def decide_located(
        self, setting: ModuleSetting, when: Transition, reader: CatalogReader, found: Located
    ) -> Decision:
        parsed = self.yearly(found, reader)
        if parsed is None:
            return self.decide_multi_year(setting, when, reader, found)
        master, companies, listed = found.master, found.companies, found.code
        here = found.company
        begin, end = here.span(parsed.year)
        if begin <= when.day <= end and reader.has_database(found.database):
            why = t("reason.mikro.holds", code=listed, begin=tr_date(begin), end=tr_date(end), day=tr_date(when.day))
            current = self.candidate(setting, found.database, when, CURRENT_SCORE, reader, why, None, year=parsed.year)
            return keep(why, replace(current, begin=begin, end=end, fits=True))
        current_tables = reader.tables(setting.database) if reader.has_database(setting.database) else None
        ranked = []
        for code, company in companies.items():
            p = split_code(code)
            if p is None:
                continue
            first, last = company.span(p.year)
            fits = first <= when.day <= last
            same = p.key == parsed.key and not is_decoy(code)
            if fits:
                score, kind = (SAME_STEM, "same") if same else (DECOY, "decoy") if is_decoy(code) else (OTHER_NAME, "")
            elif p.key == parsed.key:
                score, kind = OTHER_YEAR, "other_year"
            else:
                continue
            ranked.append((score, fold(code), code, p.year, first, last, fits, kind))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        candidates = []
        for i, (score, _, code, year, first, last, fits, kind) in enumerate(ranked):
            database = f"{master}_{code}"
            label: Msg = t("reason.mikro.company", code=code, name=companies[code].name)
            if kind == "decoy":
                label = Joined([label, t("reason.decoy")])
            opened = i < CONFIRM_AT_MOST and fits and reader.has_database(database)
            c = self.candidate(
                setting,
                database,
                when,
                score,
                reader if opened else None,
                Joined([label, t("reason.mikro.span", begin=tr_date(first), end=tr_date(last))]),
                current_tables if opened else None,
                year=year,
            )
            candidates.append(replace(c, begin=first, end=last, fits=fits))
        wanted = parsed.with_year(here.year_holding(when.day))
        return conclude(when, candidates, t("reason.no_candidate_db", pattern=f"{master}_{wanted}"))

    def decide_multi_year(
        self, setting: ModuleSetting, when: Transition, reader: CatalogReader, found: Located
    ) -> Decision:
        """Keep one company for all years, unless it stopped and a same-named company took over this year."""
        code = found.code
        current = self.dated(setting, setting.database, when, reader, CURRENT_SCORE, found.companies[code], [])
        successors = self.successors(setting, when, reader, found)
        if current.documents:
            why = t("reason.mikro.multi_year", year=when.year, last=tr_date(current.end))
            return keep(why, current, successors)
        if successors:
            stopped = t("reason.mikro.stopped", code=code, last=tr_date(current.end))
            return conclude(when, successors, stopped, [stopped])
        why = t("reason.mikro.multi_year_waiting", year=when.year, last=tr_date(current.end))
        return keep(why, current)

    def successors(
        self, setting: ModuleSetting, when: Transition, reader: CatalogReader, found: Located
    ) -> list[Candidate]:
        """Same-named companies whose documents start in the transition year."""
        master, companies, code = found.master, found.companies, found.code
        mine = companies[code].firm_key
        taking_over = []
        others = [
            c for c in companies.values() if c.code != code and mine and c.firm_key == mine and not is_decoy(c.code)
        ]
        for company in others[:SUCCESSORS_AT_MOST]:
            database = f"{master}_{company.code}"
            if not reader.has_database(database) or set(self.required_tables) - reader.tables(database):
                continue
            starts = self.first_document(reader, database)
            if starts is None or starts < when.bounds[0]:
                continue
            reason = t("reason.mikro.successor", code=company.code, name=company.name, begin=tr_date(starts))
            taking_over.append(self.dated(setting, database, when, reader, SUCCESSOR, company, [reason]))
        return [c for c in taking_over if c.documents]

    def dated(
        self,
        setting: ModuleSetting,
        database: str,
        when: Transition,
        reader: CatalogReader,
        score: int,
        company: Company,
        notes: list[Msg],
    ) -> Candidate:
        """A company as a candidate with its first–last document dates and the year's documents."""
        tables = reader.tables(database)
        begin, end = self.first_document(reader, database), self.last_document(reader, database, tables)
        documents = self.count_documents(reader, database, tables, when)
        reason = Joined(
            [
                t("reason.mikro.company", code=company.code, name=company.name),
                *notes,
                t("reason.mikro.dates", begin=tr_date(begin), end=tr_date(end)),
                t("reason.docs_in_year", count=Count(documents or 0), year=when.year),
            ]
        )
        return Candidate(
            database,
            setting.firm,
            setting.period,
            when.year if documents else (end.year if end else None),
            f"{company.code} ({company.name})",
            score,
            reason,
            documents,
            begin,
            end,
            bool(documents),
        )

    def first_document(self, reader: CatalogReader, database: str) -> date | None:
        tables = reader.tables(database)
        dates = [reader.first_date(database, table, column) for table, column in DATED_TABLES if table in tables]
        return min((d for d in dates if d), default=None)

    def last_document(self, reader: CatalogReader, database: str, tables: frozenset[str] | None = None) -> date | None:
        tables = tables if tables is not None else reader.tables(database)
        dates = [reader.last_date(database, table, column) for table, column in DATED_TABLES if table in tables]
        return max((d for d in dates if d), default=None)

    def verify(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
        tables = reader.tables(setting.database)
        missing = set(self.required_tables) - tables
        if missing:
            return [tables_missing(self.name, setting.database, missing)]
        findings = self.verify_year(setting, when, reader)
        documents = self.count_documents(reader, setting.database, tables, when) or 0
        einvoice = sorted(tb for tb in tables if tb.upper().startswith("E_FATURA_"))
        if documents == 0:
            last = self.last_document(reader, setting.database, tables)
            findings.append(no_documents(setting.database, when.year, t("reason.docs_until", last=tr_date(last))))
        else:
            findings.append(documents_ok(documents))
        if einvoice:
            findings.append(edocs_listed({tb: reader.count(setting.database, tb) for tb in einvoice}))
        return findings

    def holder(self, found: Located, named: YearName, when: Transition, reader: CatalogReader) -> str | None:
        """The database of the sibling company that holds the transition day, when there is one."""
        for code, company in found.companies.items():
            p = split_code(code)
            if p is None or p.key != named.key or is_decoy(code):
                continue
            begin, end = company.span(p.year)
            if begin <= when.day <= end and reader.has_database(f"{found.master}_{code}"):
                return f"{found.master}_{code}"
        return None

    def verify_year(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
        found = self.locate(setting, reader)
        if isinstance(found, Msg):
            return [Finding("profile_mismatch", "error", found)]
        named = self.yearly(found, reader)
        if named is not None:
            begin, end = found.company.span(named.year)
            if begin <= when.day <= end:
                return []
            why: Msg = (
                t("reason.other_year", year=named.year)
                if (begin.month, begin.day) == (1, 1)
                else t("reason.mikro.span", begin=tr_date(begin), end=tr_date(end))
            )
            holder = self.holder(found, named, when, reader)
            if holder is not None:
                why = Joined([why, t("reason.holds_year", database=holder, year=when.year)], sep="; ")
            return [wrong_year(when.year, why)]
        decision = self.decide_multi_year(setting, when, reader, found)
        if decision.status != "keep":
            return [wrong_year(when.year, decision.reason)]
        return []
