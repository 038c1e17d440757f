"""Date-based period choice, for any set of non-overlapping LOGO periods: the chosen period holds the
transition day, or the message says why none does (no period, or a period whose tables are missing)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from konnektor_kit.domain.programs.logo.profile import LogoProfile
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.domain.transition import Transition
from tests.helpers import FakeCatalog, FakeTable

BASE = date(2015, 1, 1)


@st.composite
def periods(draw: st.DrawFn) -> list[tuple[int, date, date, bool]]:
    """(number, begin, end, tables created) — numbers shuffled: a period's number says nothing of its year."""
    count = draw(st.integers(1, 6))
    start = BASE + timedelta(days=draw(st.integers(0, 400)))
    spans = []
    for _ in range(count):
        length = draw(st.integers(27, 365 if count > 1 else 4000))
        spans.append((start, start + timedelta(days=length)))
        start = start + timedelta(days=length + 1 + draw(st.integers(0, 200)))
    numbers = list(range(1, count + 1))
    random.Random(draw(st.integers(0, 10_000))).shuffle(numbers)
    return [(n, b, e, draw(st.booleans()) or draw(st.booleans())) for n, (b, e) in zip(numbers, spans, strict=True)]


def catalog(spans: list[tuple[int, date, date, bool]]) -> FakeCatalog:
    tables = {
        "L_CAPIFIRM": FakeTable(["NR", "NAME", "DBNAME"], [(2, "ÖRNEK GIDA", "")]),
        "L_CAPIPERIOD": FakeTable(["FIRMNR", "NR", "BEGDATE", "ENDDATE"], [(2, n, b, e) for n, b, e, _ in spans]),
        "LG_002_CLCARD": FakeTable(["CODE"], [("120.01",)]),
    }
    for n, b, _, built in spans:
        if built:
            tables[f"LG_002_{n:02d}_INVOICE"] = FakeTable(["DATE_"], [(b,)])
            tables[f"LG_002_{n:02d}_STFICHE"] = FakeTable(["DATE_"], [(b,)])
    return FakeCatalog({"LOGODB": tables})


@settings(max_examples=300, deadline=None)
@given(spans=periods(), current=st.integers(1, 7), offset=st.integers(-100, 5000))
def test_the_chosen_period_holds_the_day_or_the_message_says_why(spans, current, offset):
    day = BASE + timedelta(days=offset)
    setting = ModuleSetting("e-Fatura", "", "LOGO", "SRV01", "LOGODB", "002", f"{current:02d}", 1)
    decision = LogoProfile().decide(setting, Transition.of(day.year, day), catalog(spans))
    holding = [(n, built) for n, b, e, built in spans if b <= day <= e]
    if decision.status in ("move", "keep"):
        target = decision.target
        assert target is not None and target.begin <= day <= target.end and target.fits
        assert (int(target.period), True) in holding or (decision.status == "keep" and int(target.period) == current)
        return
    assert decision.status == "not_found", decision.reason
    reason = decision.reason.get("en")
    if holding and (holding[0][0] != current):
        assert not holding[0][1] and "tables were not created" in reason, reason
    else:
        assert not holding
        assert "ENDDATE" in reason or "no period holding" in reason, reason
