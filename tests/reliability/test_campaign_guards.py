"""Campaign: a stored result of the wrong shape, two campaigns on one --out, folder names a browser reads
as something else, a site folder where no report can be written, a linked site file and a bad --out.
Each is a real campaign over real sandbox sites, run through the command line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from konnektor_kit.batch import campaign
from konnektor_kit.batch.campaign_row import CampaignRow
from konnektor_kit.cli import run
from konnektor_kit.training.sandbox import create_sandbox
from tests.conftest import YEAR

from .procs import ENTRY_POINT
from .tally import count


def sites(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "sites"
    for name in names:
        create_sandbox(folder / name, "new-year", YEAR)
    return folder


def kit_campaign(folder: Path, *extra: str, verb: str = "ready", capsys=None) -> tuple[int, dict | None, str]:
    code = run(["campaign", str(folder), "--verb", verb, "--year", str(YEAR), "--json", *extra])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_a_stored_result_of_the_wrong_shape_is_run_again_not_fatal(tmp_path, capsys):
    folder = sites(tmp_path, "a", "b")
    first, summary, _ = kit_campaign(folder, capsys=capsys)
    stored = sorted((folder / f"campaign-ready-{YEAR}" / campaign.RESULTS).glob("*.json"))
    assert len(stored) == 2
    bad_rows = [
        {"verb": "ready", "year": YEAR},  # cut short
        {**json.loads(stored[1].read_text()), "status": 5, "ok": "x"},  # hand-edited
    ]
    for bad in bad_rows:
        stored[0].write_text(json.dumps(bad), encoding="utf-8")
        count("campaign", "tried")
        again, result, err = kit_campaign(folder, capsys=capsys)
        assert again == first and "Traceback" not in err and "beklenmeyen" not in err.casefold(), err
        assert result is not None and result["sites"] == 2 and result["ok"] == summary["ok"]
        assert CampaignRow.from_json(json.loads(stored[0].read_text())) is not None  # the site ran again
        count("campaign", "held")


def test_two_campaigns_on_one_out_do_not_mix(tmp_path, capsys):
    folder = sites(tmp_path, "a")
    out = tmp_path / "out"
    out.mkdir()
    count("campaign", "tried")
    with campaign.out_lock(out):  # a campaign is writing there now
        second = subprocess.run(
            [str(ENTRY_POINT), "campaign", str(folder), "--verb", "ready", "--year", str(YEAR), "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert second.returncode == 2 and "kampanya" in second.stderr and str(out) in second.stderr
    assert not (out / campaign.SUMMARY).exists()
    code, _, _ = kit_campaign(folder, "--out", str(out), capsys=capsys)  # and once it has ended, it runs
    assert code in (0, 1) and (out / campaign.SUMMARY).exists()
    count("campaign", "held")


@pytest.mark.parametrize("name", ["a#b", "soru?mode=ro", "yüzde%20boşluk", "x y&z'q"])
def test_index_links_work_for_any_folder_name(name, tmp_path, capsys):
    folder = sites(tmp_path, name)
    count("campaign", "tried")
    kit_campaign(folder, verb="diagnose", capsys=capsys)
    out = folder / f"campaign-diagnose-{YEAR}"
    index = (out / campaign.INDEX).read_text(encoding="utf-8")
    hrefs = [h.replace("&#x27;", "'").replace("&amp;", "&") for h in re.findall(r"<a href='([^']*)'", index)]
    assert len(hrefs) == 1
    parts = urlsplit(hrefs[0])  # as a browser reads it: a # starts a fragment, a ? a query
    assert not parts.fragment and not parts.query
    assert (out / unquote(parts.path)).resolve().is_file()
    count("campaign", "held")


def test_a_site_folder_where_no_report_can_be_written_keeps_its_verdict(tmp_path, capsys):
    folder = sites(tmp_path, "a")
    (folder / "a" / "reports").write_text("not a folder", encoding="utf-8")  # as a read-only folder refuses it
    count("campaign", "tried")
    code, result, _ = kit_campaign(folder, verb="diagnose", capsys=capsys)
    row = json.loads(next((folder / f"campaign-diagnose-{YEAR}" / campaign.RESULTS).glob("*.json")).read_text())
    assert row["broken"] == 0 and row["status"] != "broken" and result["broken"] == 0
    assert row["report"] is None and row["report_error"]
    count("campaign", "held")


def test_a_linked_site_file_writes_its_report_where_its_data_is_read(tmp_path, capsys):
    real = create_sandbox(tmp_path / "real", "new-year", YEAR)
    linked = tmp_path / "sites" / "musteri"
    shutil.copytree(real.parent, linked)
    (linked / "site.toml").unlink()
    (linked / "site.toml").symlink_to(real)  # its relative paths are read beside the link
    count("campaign", "tried")
    kit_campaign(tmp_path / "sites", verb="diagnose", capsys=capsys)
    assert list((linked / "reports").glob("*.html")) and not (real.parent / "reports").exists()
    count("campaign", "held")


@pytest.mark.parametrize("out", ["/proc/kit-out", "FILE"])
def test_a_bad_out_is_bad_input(out, tmp_path, capsys):
    folder = sites(tmp_path, "a")
    if out == "FILE":
        out = str(tmp_path / "a-file")
        Path(out).write_text("x", encoding="utf-8")
    count("bad input", "tried")
    code, result, err = kit_campaign(folder, "--out", out, capsys=capsys)
    assert code == 2 and result["exit_code"] == 2 and "--out" in err and "beklenmeyen" not in err.casefold()
    count("bad input", "held")
