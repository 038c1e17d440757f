"""`sandbox --many N DIR`: a deterministic fleet of sandbox sites in every state a campaign meets."""

from __future__ import annotations

import json
import time
from pathlib import Path

from konnektor_kit.batch.fleet import DEAD_TIMEOUT, MANIFEST, plan_fleet
from tests.conftest import YEAR, cli


def test_the_same_seed_plans_the_same_fleet_and_every_state_appears():
    assert plan_fleet(50, 7) == plan_fleet(50, 7)
    assert plan_fleet(50, 7) != plan_fleet(50, 8)
    assert {state for _, state in plan_fleet(4, 1)} == {"ready", "not_ready", "broken", "dead"}
    assert len(plan_fleet(500, 0)) == 500


def test_each_state_answers_ready_as_its_name_says(tmp_path, capsys):
    folder = tmp_path / "fleet"
    code, made, err = cli("sandbox", "--many", "12", str(folder), "--year", str(YEAR), "--seed", "3", capsys=capsys)
    assert code == 0, err
    assert len(made["sites"]) == 12
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["seed"] == 3 and manifest["sites"] == made["sites"]
    names = set()
    for entry in made["sites"]:
        start = time.monotonic()
        code, rows, _ = cli("ready", "--site", entry["site"], "--year", str(YEAR), capsys=capsys)
        took = time.monotonic() - start
        state = entry["state"]
        if state == "ready":
            assert code == 0
        elif state == "not_ready":
            assert code == 1 and any(r["state"] == "missing" for r in rows)
        elif state == "dead":
            assert code == 1 and {r["state"] for r in rows} == {"broken"}
            assert took < DEAD_TIMEOUT + 10  # a hang guard: the timeout ended it
        else:
            assert code in (1, 2) and "error" in rows
        names.add(Path(entry["site"]).read_text(encoding="utf-8").splitlines()[0])
    assert len(names) == 12  # every copy has its own name


def test_same_seed_writes_the_same_folder_again_and_a_foreign_folder_is_refused(tmp_path, capsys):
    folder = tmp_path / "fleet"
    _, first, _ = cli("sandbox", "--many", "6", str(folder), "--year", str(YEAR), capsys=capsys)
    _, second, _ = cli("sandbox", "--many", "6", str(folder), "--year", str(YEAR), capsys=capsys)
    assert first == second and sorted(p.name for p in folder.iterdir())[0] == MANIFEST
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    code, payload, _ = cli("sandbox", "--many", "3", str(other), capsys=capsys)
    assert code == 2 and (other / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_bad_many_arguments_are_exit_2(tmp_path, capsys):
    for args in (["--many", "0"], ["--many", "x"], ["--many", "3", "--scenario", "eta"]):
        code, payload, _ = cli("sandbox", str(tmp_path / "f"), *args, capsys=capsys)
        assert code == 2 and payload["exit_code"] == 2
