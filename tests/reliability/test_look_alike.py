"""Database names that pass for another in a table — a space at either end, fullwidth letters, a
right-to-left mark, a zero-width space — are shown marked (the name kept byte for byte, a visible mark
and its reason after it) by `inspect` and `discover`; JSON carries the name exactly as stored."""

from __future__ import annotations

import json
import sqlite3

import pytest

from konnektor_kit.cli import run
from konnektor_kit.data.store import TABLE

from .tally import count

LOOK_ALIKES = {
    "leading space": (" LOGODB", "başında boşluk"),
    "trailing space": ("LOGODB ", "sonunda boşluk"),
    "fullwidth": ("ＬＯＧＯＤＢ", "benzer görünen"),
    "right-to-left mark": ("LOGO\u200fDB", "U+200F"),
    "zero-width space": ("LOGO\u200bDB", "U+200B"),
    "bidi override": ("\u202eBDOGOL", "U+202E"),
}


@pytest.mark.parametrize("case", LOOK_ALIKES)
def test_a_look_alike_database_name_is_shown_marked(case, site, capsys):
    name, reason = LOOK_ALIKES[case]
    with sqlite3.connect(site.parent / "konnektor.sqlite") as conn:
        conn.execute(f"UPDATE {TABLE} SET VERITABANI = ? WHERE MODUL = 'e-Arşiv' AND SUBE = 'Merkez'", (name,))
    count("database names", "tried")
    assert run(["inspect", "--site", str(site)]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "e-Arşiv" in line and "Merkez" in line)
    # the row, and the lines its cells wrap onto (a table fits 120 columns) before the next row starts
    end = next((i for i in range(at + 1, len(lines)) if lines[i].startswith("e-")), len(lines))
    row = lines[at:end]
    shown = " ".join(row).split()
    assert f"«{name}» ⚠" in row[0] and all(any(word in s for s in shown) for word in reason.split()), row
    assert "⚠" not in "\n".join(lines[:at] + lines[end:])  # the plain names stay as they are
    assert run(["inspect", "--site", str(site), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["database"] for r in rows if r["module"] == "e-Arşiv" and r["branch"] == "Merkez"] == [name]
    count("database names", "held")
