"""A campaign's row: the JSON shape scripts read from `campaign.json` (keys and their order), read back
from a stored result as it was written, and a stored result of the wrong shape read as none."""

from __future__ import annotations

import json

import pytest

from konnektor_kit.batch.campaign_row import CampaignRow

SHAPE = ["site", "name", "verb", "year", "programs", "ok", "late", "broken", "status", "first", "category"]
SHAPE += ["report", "notebook"]
ROW = CampaignRow(
    site="/sites/a/site.toml",
    name="İzmir",
    verb="diagnose",
    year=2027,
    programs=("LOGO", "NETSIS"),
    ok=3,
    late=1,
    status="late",
    first="e-Fatura / Merkez: geçen yıl",
    category="wrong_year",
    report="/sites/a/reports/teshis.html",
    seconds=0.25,
)


def test_the_json_keeps_its_keys_and_their_order():
    assert list(ROW.to_json()) == [*SHAPE, "seconds"]
    assert ROW.to_json()["programs"] == ["LOGO", "NETSIS"]
    unwritten = CampaignRow(site="x.toml", verb="ready", year=2027, report_error="salt okunur")
    assert list(unwritten.to_json()) == [*SHAPE, "report_error", "seconds"]
    assert unwritten.to_json()["status"] == "broken"  # nothing known yet: the site is broken


@pytest.mark.parametrize("row", [ROW, CampaignRow(site="x.toml", verb="test", year=2027, report_error="disk dolu")])
def test_a_stored_row_reads_back_as_it_was(row):
    assert CampaignRow.from_json(json.loads(json.dumps(row.to_json()))) == row


@pytest.mark.parametrize(
    "change",
    [
        {"status": "fine"},
        {"verb": "apply"},
        {"ok": "3"},
        {"ok": True},
        {"late": -1},
        {"broken": 2**31},
        {"year": 2027.0},
        {"programs": "LOGO"},
        {"programs": [1]},
        {"name": 5},
        {"report_error": ["x"]},
        {"seconds": "0.2"},
    ],
)
def test_a_stored_row_of_the_wrong_shape_is_none(change):
    assert CampaignRow.from_json(ROW.to_json() | change) is None


@pytest.mark.parametrize("key", [*SHAPE, "seconds"])
def test_a_stored_row_without_a_key_is_none(key):
    stored = ROW.to_json()
    del stored[key]
    assert CampaignRow.from_json(stored) is None
    assert CampaignRow.from_json([stored]) is None
