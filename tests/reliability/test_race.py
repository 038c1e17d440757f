"""Campaign 3: pairs of `new-year --yes`, `apply --yes` and `undo` started at the same moment, on SQLite,
PostgreSQL and MariaDB: no lost update, no spurious failure.

Each pair is two real processes (forked from the zygote, released by one signal each within
microseconds) on a Konnektör database put back, before every pair, to the same prepared state: the
scenario's settings with one recorded change (e-Fatura / Merkez moved to period 03), so that undo
has something to undo. After the pair:

* history IDs are unique, and every record follows the one before it on each of its rows: its
  "before" is exactly the row as the previous record (or the prepared state) left it, and SURUM
  rises by one — a record written from a stale read is a lost update;
* the settings are exactly what the last record of each row says (a change that is not visible, or
  visible without a record, is a lost update);
* every process that said it wrote has its record (with its after-state), and no other record exists;
* a process that failed says why in the words of a concurrent change or a lock (or, for undo, that
  there is nothing left to undo), never "the connection broke" or "unexpected error".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import YEAR
from tests.helpers import apply_args

from .states import dump_tables, konnektor_file, load_tables, restore_file
from .tally import count, note

#: what a process that lost a race may say (English: every pair runs with --lang en)
ALLOWED = (
    "changed by someone else",
    "was deleted after the plan",
    "changed again after change",
    "locked by another session",
    "There is no change to undo",
    "was already undone",
    "is itself an undo",
)


def ops(site: Path) -> dict[str, list[str]]:
    s = ["--site", str(site)]
    tail = ["--json", "--lang", "en"]
    return {
        "new-year": ["new-year", *s, "--year", str(YEAR), "--yes", *tail],
        "apply e-Arşiv 03": [*apply_args(site, module="e-Arşiv", period="3"), *tail],
        "apply e-Arşiv 01": [*apply_args(site, module="e-Arşiv", period="1"), *tail],
        "apply İzmir": [*apply_args(site, branch="İzmir Şube", database=f"IZMIRSUBE{YEAR}"), *tail],
        "apply e-Fatura 01": [*apply_args(site, period="1"), *tail],
        "undo": ["undo", *s, *tail],
    }


PAIRS = [
    ("new-year", "new-year"),
    ("new-year", "apply e-Arşiv 01"),
    ("new-year", "undo"),
    ("apply e-Arşiv 03", "apply e-Arşiv 01"),
    ("apply e-Arşiv 03", "apply İzmir"),
    ("apply e-Fatura 01", "undo"),
    ("undo", "undo"),
    ("new-year", "apply İzmir"),
]


def read(site: Path) -> tuple[dict, list[dict], list[int]]:
    """Settings by key (SURUM included), history records (raw rows, in ID order) and the raw ID column."""
    from konnektor_kit.services.workspace import open_workspace

    from .states import _raw_history

    with open_workspace(site) as ws:
        settings = {(s.module, s.branch): s.to_json() for s in ws.store.read_all()}
        records = _raw_history(ws.store)
        q = ws.store.conn.dialect.quote
        ids = [int(r[0]) for r in ws.store.conn.query(f"SELECT {q('ID')} FROM {q('KONNEKTOR_KIT_DEGISIKLIK')}")]
        ws.store.conn.commit()
    return settings, records, ids


def wrote(op: str, code: int, payload) -> tuple[bool, int | None, list[dict]]:
    """Whether a process says it wrote, the change ID it names (None for new-year) and its after rows."""
    if code != 0 or payload is None:
        return False, None, []
    if op == "new-year":
        rows = [r["after"] for r in payload if r["changes"]]
        return bool(rows), None, rows
    if op == "undo":
        return True, payload["id"], [r["after"] for r in payload["rows"]]
    if "change" in payload:
        return True, payload["change"], [payload["after"]]
    return False, None, []  # "already so": nothing to write


def strip(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "updated"}


def check_pair(
    prepared: tuple[dict, list[dict]],
    after: tuple[dict, list[dict], list[int]],
    runs: list[tuple[str, int, str, str]],
    refusals: list[str] | None = None,
) -> tuple[list[str], list[str]]:
    """(lost updates, spurious failures) of one pair, in words; the reasons of refusals go to `refusals`."""
    refusals = [] if refusals is None else refusals
    start_settings, start_records = prepared
    settings, records, ids = after
    lost, spurious = [], []
    if len(ids) != len(set(ids)):
        lost.append(f"history IDs repeat: {sorted(ids)}")
    known = {r["id"] for r in start_records}
    new = [r for r in records if r["id"] not in known]
    current = {k: dict(v) for k, v in start_settings.items()}
    for record in new:
        for before, after_row in record["rows"]:
            key = (before["module"], before["branch"])
            if current.get(key) != before:
                lost.append(
                    f"change {record['id']} was written over a row it had not read: {key} "
                    f"was {current.get(key)}, it recorded {before}"
                )
            if after_row["version"] != before["version"] + 1:
                lost.append(f"change {record['id']}: SURUM {before['version']} → {after_row['version']}")
            current[key] = after_row
        if record["kind"] == "undo":
            target = next((r for r in records if r["id"] == record["undoes"]), None)
            if target is None or target["undone_by"] != record["id"]:
                lost.append(f"undo {record['id']} of {record['undoes']} is not marked on it")
    if current != settings:
        moved = [k for k in settings if settings[k] != current.get(k)]
        lost.append(f"the settings are not what the history says for {moved}")
    claimed_ids, new_years = [], 0
    for op, code, out, err in runs:
        try:
            payload = json.loads(out) if out.strip() else None
        except json.JSONDecodeError:
            payload = None
            spurious.append(f"{op}: stdout is not one JSON document: {out[:200]!r}")
        did, change, rows = wrote(op, code, payload)
        if did:
            if change is None:
                new_years += 1
                match = [r for r in new if r["kind"] == "new-year"]
            else:
                claimed_ids.append(change)
                match = [r for r in new if r["id"] == change]
            if not match:
                lost.append(f"{op} said it wrote (change {change}) but no such record exists")
            elif sorted(json.dumps(strip(a), sort_keys=True) for _, a in match[0]["rows"]) != sorted(
                json.dumps(strip(r), sort_keys=True) for r in rows
            ):
                lost.append(f"{op}: change {change} records other rows than it reported")
        elif code != 0:
            words = err.strip()
            reason = next((a for a in ALLOWED if a in words), None)
            if reason is None or "broke" in words or "unexpected" in words:
                spurious.append(f"{op} exit {code}: {words[:300]}")
            else:
                refusals.append(reason)
    recorded_new_years = sum(1 for r in new if r["kind"] == "new-year")
    others = sorted(r["id"] for r in new if r["kind"] != "new-year")
    if recorded_new_years != new_years or others != sorted(claimed_ids):
        lost.append(
            f"records {[(r['id'], r['kind']) for r in new]} do not match the processes that wrote "
            f"(new-year {new_years}, changes {claimed_ids})"
        )
    return lost, spurious


def prepare(site: Path, capsys) -> None:
    from tests.helpers import apply

    code, _, err = apply(site, capsys, period="3")
    assert code == 0, err


def race_campaign(zygote, site: Path, name: str, reps: int, reset, env: dict[str, str]) -> None:
    campaign = f"race {name}"
    argv = ops(site)
    prepared_full = read(site)
    prepared = prepared_full[:2]
    lost_all, spurious_all = [], []
    for _rep in range(reps):
        for a, b in PAIRS:
            reset()
            first = zygote.spawn(argv[a], env=env, hold=True)
            second = zygote.spawn(argv[b], env=env, hold=True)
            first.go()
            second.go()
            runs = []
            for op, child in ((a, first), (b, second)):
                child.wait()
                runs.append((op, child.code, child.out, child.err))
            refusals: list[str] = []
            lost, spurious = check_pair(prepared, read(site), runs, refusals)
            for reason in refusals:
                count(campaign, f'"{reason}"')
            count(campaign, "pairs")
            outcomes = sorted("ok" if c == 0 else "refused" for _, c, _, _ in runs)
            count(
                campaign,
                "both ok" if outcomes == ["ok", "ok"] else "one refused" if "ok" in outcomes else "both refused",
            )
            lost_all += [f"{a} + {b}: {x}" for x in lost]
            spurious_all += [f"{a} + {b}: {x}" for x in spurious]
    note(campaign, "lost updates", len(lost_all))
    note(campaign, "spurious failures", len(spurious_all))
    assert not lost_all and not spurious_all, {"lost": lost_all, "spurious": spurious_all}


def test_race_on_sqlite(zygote, make_site, capsys):
    site = make_site("new-year")
    prepare(site, capsys)
    db = konnektor_file(site)
    copy = db.with_name("prepared.sqlite")
    copy.write_bytes(db.read_bytes())
    race_campaign(zygote, site, "sqlite", 4, lambda: restore_file(copy, db), {})


@pytest.mark.live
def test_race_on_a_live_server(zygote, server, tmp_path, capsys, monkeypatch):
    from tests.live.deploy import PASSWORD_ENV, deploy_scenario

    from .procs import remove_psqlodbc_logs

    monkeypatch.setenv(PASSWORD_ENV, server.password)
    site = deploy_scenario(server, "new-year", tmp_path / server.kind, YEAR)
    prepare(site, capsys)
    dump = dump_tables(server)
    try:
        race_campaign(zygote, site, server.kind, 3, lambda: load_tables(server, dump), {PASSWORD_ENV: server.password})
    finally:
        remove_psqlodbc_logs(zygote.pids)


def test_the_race_check_sees_a_lost_update(make_site, capsys, monkeypatch):
    """The checks can fail: a write whose guard read a stale row, and a change made without a record."""
    from konnektor_kit.data.store import SettingsStore
    from konnektor_kit.services import plan
    from konnektor_kit.services.workspace import open_workspace

    site = make_site("new-year")
    prepare(site, capsys)
    prepared = read(site)[:2]
    with open_workspace(site) as ws:
        stale = plan.plan_change(ws, "e-Arşiv", "Merkez", period="1")
        plan.apply_plan(ws, plan.plan_change(ws, "e-Arşiv", "Merkez", period="3"))
        stale_row = stale.items[0].before
        monkeypatch.setattr(SettingsStore, "_read_one", lambda self, m, b: stale_row)  # a guard gone blind
        monkeypatch.setattr(
            SettingsStore,
            "_replace",
            lambda self, current, new: self.conn.execute(
                'UPDATE "KONNEKTOR_MODUL_AYAR" SET "DONEM_KODU" = ?, "SURUM" = ? WHERE "MODUL" = ? AND "SUBE" = ?',
                (new.period, new.version, new.module, new.branch),
            ),
        )
        plan.apply_plan(ws, stale)
    lost, _ = check_pair(prepared, read(site), [])
    assert any("had not read" in x for x in lost), lost
    monkeypatch.undo()
    site2 = make_site("half-done")
    prepare(site2, capsys)
    prepared = read(site2)[:2]
    with open_workspace(site2) as ws:
        ws.store.conn.execute('UPDATE "KONNEKTOR_MODUL_AYAR" SET "DONEM_KODU" = \'01\' WHERE "MODUL" = \'e-SMM\'')
    lost, _ = check_pair(prepared, read(site2), [])
    assert any("not what the history says" in x for x in lost), lost
