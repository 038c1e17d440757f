"""Every table the command line prints fits 120 columns (issue 23 saw 478): long reasons wrap inside their
column; the only longer lines are whole commands, kept on a line of their own to be pasted; --json keeps
every text whole."""

from __future__ import annotations

import json

import pytest

from konnektor_kit.cli import run
from konnektor_kit.cli.output import TABLE_WIDTH, text_table
from konnektor_kit.training.sandbox import create_sandbox
from tests.conftest import YEAR

VERBS = [
    ("inspect",),
    ("test", "--year", str(YEAR)),
    ("ready", "--year", str(YEAR + 1)),
    ("ready", "--year", str(YEAR)),
    ("new-year", "--year", str(YEAR)),
    ("discover", "--module", "e-Fatura", "--branch", "Merkez", "--year", str(YEAR)),
    ("history",),
]


@pytest.fixture(scope="module")
def deep_site(tmp_path_factory):
    """A site in a deep folder, its history holding a whole new-year change."""
    site = create_sandbox(tmp_path_factory.mktemp("w") / ("klasör" * 12) / "müşteri", "new-year", YEAR)
    assert run(["new-year", "--site", str(site), "--year", str(YEAR), "--yes"]) == 0
    return site


@pytest.mark.parametrize("lang", ["tr", "en"])
@pytest.mark.parametrize("verb", VERBS, ids=lambda v: v[0] + ("-" + v[-1] if len(v) > 1 else ""))
def test_printed_tables_fit_120_columns(deep_site, capsys, monkeypatch, verb, lang):
    monkeypatch.delenv("COLUMNS", raising=False)  # a terminal of 120 or fewer columns
    capsys.readouterr()
    run([verb[0], "--site", str(deep_site), *verb[1:], "--lang", lang])
    out = capsys.readouterr().out
    wide = [line for line in out.splitlines() if len(line) > TABLE_WIDTH and not line.startswith("  konnektor-kit ")]
    assert out.strip() and not wide, "\n".join(wide)


def test_json_keeps_the_whole_reason(deep_site, capsys):
    capsys.readouterr()
    run(["new-year", "--site", str(deep_site), "--year", str(YEAR + 1), "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert any(len(r["reason"]) > 60 for r in rows) and all("\n" not in r["reason"] for r in rows)


def test_a_cell_keeps_its_own_lines_and_long_words_wrap():
    import pandas as pd

    frame = pd.DataFrame({"Ne değişti": ["a → b\nc → d"], "Neden": ["x" * 300]})
    lines = text_table(frame).splitlines()
    assert lines[1].startswith("a → b") and lines[2].startswith("c → d")
    assert max(len(line) for line in lines) <= TABLE_WIDTH
