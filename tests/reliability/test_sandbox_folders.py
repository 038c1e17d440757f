"""Bad input: `sandbox DIR` (and `sandbox --many`) replaces only a folder the kit made — the marker's own
content proves it, not its name — and never deletes a file it did not write; a folder it cannot make
(/proc, a file in the way) is exit 2 in words. The real command line on real folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from konnektor_kit.cli import run
from konnektor_kit.env import SITE_FILE
from konnektor_kit.training.sandbox import MARKER
from tests.conftest import YEAR

from .tally import count


def sandbox(folder: Path, *extra: str, capsys) -> tuple[int, str]:
    code = run(["sandbox", str(folder), "--year", str(YEAR), *extra])
    _, err = capsys.readouterr()
    return code, err


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("marker", [MARKER, "fleet.json"])
def test_a_folder_with_a_marker_of_that_name_is_not_emptied(marker, tmp_path, capsys):
    project = tmp_path / "proj"
    (project / "src").mkdir(parents=True)
    (project / "thesis.txt").write_text("four years of work", encoding="utf-8")
    (project / "src" / "main.py").write_text("print(1)\n", encoding="utf-8")
    (project / marker).write_text(json.dumps({"scenario": "mine", "sites": []}), encoding="utf-8")
    before = tree(project)
    count("bad input", "tried")
    code, err = sandbox(project, *(["--many", "3"] if marker == "fleet.json" else []), capsys=capsys)
    assert code == 2 and str(project) in err and tree(project) == before
    count("bad input", "held")


def test_a_kit_sandbox_with_a_foreign_file_is_not_emptied(tmp_path, capsys):
    folder = tmp_path / "egitim"
    assert sandbox(folder, capsys=capsys)[0] == 0
    (folder / "notlarim.txt").write_text("my notes", encoding="utf-8")
    (folder / "databases" / "musteri-yedek.sqlite").write_bytes(b"a customer's copy")
    before = tree(folder)
    count("bad input", "tried")
    code, err = sandbox(folder, "--scenario", "logo-donemsiz", capsys=capsys)
    assert code == 2 and "2" in err and "hiçbir şey silinmedi" in err and tree(folder) == before
    count("bad input", "held")


def test_a_forged_file_list_cannot_reach_outside_the_folder(tmp_path, capsys):
    folder = tmp_path / "egitim"
    assert sandbox(folder, capsys=capsys)[0] == 0
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    record = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    (folder / MARKER).write_text(json.dumps({**record, "files": [*record["files"], "../outside.txt"]}))
    count("bad input", "tried")
    code, _ = sandbox(folder, capsys=capsys)
    assert code == 2 and outside.read_text() == "keep"
    count("bad input", "held")


def test_a_kit_sandbox_is_replaced_with_its_reports(tmp_path, capsys):
    """What the kit made, and the reports it wrote there since, go; the reset works as before."""
    folder = tmp_path / "egitim"
    assert sandbox(folder, capsys=capsys)[0] == 0
    (folder / "reports").mkdir(mode=0o700)
    (folder / "reports" / "teshis-20261207-101500.html").write_text("<html>", encoding="utf-8")
    code, err = sandbox(folder, "--scenario", "logo-donemsiz", capsys=capsys)
    assert code == 0, err
    assert (
        json.loads((folder / MARKER).read_text())["scenario"] == "logo-donemsiz" and not (folder / "reports").exists()
    )


def test_a_fleet_is_replaced_after_a_campaign_ran_in_it(tmp_path, capsys):
    folder = tmp_path / "filo"
    assert sandbox(folder, "--many", "4", capsys=capsys)[0] == 0
    assert run(["campaign", str(folder), "--verb", "ready", "--year", str(YEAR)]) in (0, 1)
    capsys.readouterr()
    assert (folder / f"campaign-ready-{YEAR}" / "index.html").is_file()
    code, err = sandbox(folder, "--many", "3", capsys=capsys)
    assert code == 0, err
    assert len(list(folder.glob(f"*/{SITE_FILE}"))) == 3 and not (folder / f"campaign-ready-{YEAR}").exists()


@pytest.mark.parametrize("where", ["/proc/kit-sandbox", "FILE/inside"])
def test_a_folder_that_cannot_be_made_is_bad_input(where, tmp_path, capsys):
    if where.startswith("FILE"):
        (tmp_path / "FILE").write_text("x", encoding="utf-8")
        where = str(tmp_path / where)
    count("bad input", "tried")
    code, err = sandbox(Path(where), capsys=capsys)
    assert code == 2 and where in err and "beklenmeyen" not in err.casefold()
    count("bad input", "held")
