"""`campaign`: one verb over a fleet of sandbox sites, resumable, with one HTML index and one JSON."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from konnektor_kit.batch.fleet import DEAD_PASSWORD, DEAD_TIMEOUT
from tests.conftest import YEAR, cli

EXPECTED_STATUS = {"ready": "ok", "not_ready": "late", "broken": "broken", "dead": "broken"}


@pytest.fixture
def fleet(tmp_path, capsys) -> tuple[Path, list[dict]]:
    folder = tmp_path / "sites"
    code, made, err = cli("sandbox", "--many", "12", str(folder), "--year", str(YEAR), "--seed", "5", capsys=capsys)
    assert code == 0, err
    return folder, made["sites"]


def every_output(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())


def test_ready_campaign_reports_every_site_as_its_state_says(fleet, tmp_path, capsys):
    folder, sites = fleet
    out = tmp_path / "out"
    start = time.monotonic()
    code, summary, err = cli(
        "campaign", str(folder), "--verb", "ready", "--year", str(YEAR), "--jobs", "4", "--out", str(out), capsys=capsys
    )
    took = time.monotonic() - start
    assert code == 1, err  # some sites are late or broken
    result = json.loads((out / "campaign.json").read_text(encoding="utf-8"))
    assert summary["sites"] == result["sites"] == 12 and summary["index"] == str(out.resolve() / "index.html")
    by_site = {Path(r["site"]).resolve(): r for r in result["results"]}
    for entry in sites:
        row = by_site[Path(entry["site"]).resolve()]
        assert row["status"] == EXPECTED_STATUS[entry["state"]], row
        if row["status"] != "ok":
            assert row["first"]
        if entry["state"] in ("ready", "not_ready"):
            assert Path(row["report"]).is_file() and row["programs"]
    dead = sum(1 for s in sites if s["state"] == "dead")
    assert took < 30 + dead * (DEAD_TIMEOUT + 1)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count("<tr class=") == 12 and "<script>" in page
    assert "http://" not in page and "https://" not in page  # self-contained: no asset from the internet
    reports = "\n".join(Path(r["report"]).read_text(encoding="utf-8") for r in result["results"] if r["report"])
    assert DEAD_PASSWORD not in every_output(out) + reports + json.dumps(summary) + err


def test_a_rerun_resumes_and_again_runs_everything(fleet, tmp_path, capsys):
    folder, _ = fleet
    out = tmp_path / "out"
    args = ["campaign", str(folder), "--verb", "test", "--year", str(YEAR), "--out", str(out)]
    cli(*args, capsys=capsys)
    stored = sorted((out / "sites").glob("*.json"))
    assert len(stored) == 12
    first = {p: p.read_text(encoding="utf-8") for p in stored}
    victim = stored[0]
    victim.unlink()  # as if the run had stopped before this site
    cli(*args, capsys=capsys)
    assert victim.is_file()
    assert all(p.read_text(encoding="utf-8") == first[p] for p in stored if p != victim)  # not run again
    cli(*args, "--again", capsys=capsys)
    assert any(p.read_text(encoding="utf-8") != first[p] for p in stored if p != victim)  # timings differ
    _, other_year, _ = cli(
        "campaign", str(folder), "--verb", "test", "--year", str(YEAR + 1), "--out", str(out), capsys=capsys
    )
    assert json.loads((out / "campaign.json").read_text(encoding="utf-8"))["year"] == YEAR + 1


def test_diagnose_links_each_site_report_and_test_writes_none(fleet, tmp_path, capsys):
    folder, _ = fleet
    cli("campaign", str(folder), "--verb", "diagnose", "--year", str(YEAR), "--out", str(tmp_path / "d"), capsys=capsys)
    rows = json.loads((tmp_path / "d" / "campaign.json").read_text(encoding="utf-8"))["results"]
    readable = [r for r in rows if r["name"] and r["category"] not in ("error", "database_missing")]
    assert readable and all(r["report"] and Path(r["report"]).is_file() for r in readable)
    page = (tmp_path / "d" / "index.html").read_text(encoding="utf-8")
    assert page.count(">rapor</a>") == sum(1 for r in rows if r["report"])
    cli("campaign", str(folder), "--verb", "test", "--year", str(YEAR), "--out", str(tmp_path / "t"), capsys=capsys)
    rows = json.loads((tmp_path / "t" / "campaign.json").read_text(encoding="utf-8"))["results"]
    assert all(r["report"] is None for r in rows)


def test_site_controlled_text_is_escaped_in_the_index(tmp_path, make_site, capsys):
    site = make_site("eta")
    text = site.read_text(encoding="utf-8").splitlines()
    text[0] = 'name = "<script>alert(1)</script> & Co"'
    site.write_text("\n".join(text) + "\n", encoding="utf-8")
    broken = tmp_path / "eta" / "zz.toml"
    broken.write_text('name = "<img src=x onerror=alert(2)>"\n[konnektor\n', encoding="utf-8")
    code, _, _ = cli("campaign", str(tmp_path / "eta"), "--verb", "ready", "--year", str(YEAR), capsys=capsys)
    assert code == 1  # the broken file is a broken row, the good site still reported
    out = tmp_path / "eta" / f"campaign-ready-{YEAR}"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page and "<img" not in page
    rows = json.loads((out / "campaign.json").read_text(encoding="utf-8"))["results"]
    assert [r["status"] for r in rows] == ["ok", "broken"]


@pytest.mark.parametrize(
    "args",
    [
        ["--verb", "ready", "--year", "27"],
        ["--verb", "nope", "--year", str(YEAR)],
        ["--verb", "ready", "--year", str(YEAR), "--jobs", "0"],
        ["--verb", "ready"],
    ],
)
def test_bad_input_is_exit_2(fleet, capsys, args):
    folder, _ = fleet
    code, payload, _ = cli("campaign", str(folder), *args, capsys=capsys)
    assert code == 2 and payload["exit_code"] == 2


def test_a_missing_or_empty_folder_is_exit_2(tmp_path, capsys):
    code, _, _ = cli("campaign", str(tmp_path / "yok"), "--verb", "ready", "--year", str(YEAR), capsys=capsys)
    assert code == 2
    (tmp_path / "empty").mkdir()
    code, payload, _ = cli("campaign", str(tmp_path / "empty"), "--verb", "ready", "--year", str(YEAR), capsys=capsys)
    assert code == 2 and ".toml" in payload["error"]


def test_notebooks_executes_the_diagnosis_notebook_per_site(make_site, tmp_path, capsys):
    site = make_site("eta")
    out = tmp_path / "nb"
    code, _, err = cli(
        "campaign",
        str(site.parent),
        "--verb",
        "diagnose",
        "--year",
        str(YEAR),
        "--out",
        str(out),
        "--notebooks",
        capsys=capsys,
    )
    assert code == 1, err  # a fresh sandbox still points at last year: late, and the notebook says why
    (row,) = json.loads((out / "campaign.json").read_text(encoding="utf-8"))["results"]
    notebook = json.loads(Path(row["notebook"]).read_text(encoding="utf-8"))
    shown = json.dumps(notebook["cells"][-1]["outputs"], ensure_ascii=False)
    assert "ETA_EDIS" in shown and "Traceback" not in shown
    assert "parameters" in notebook["cells"][0]["metadata"]["tags"]
