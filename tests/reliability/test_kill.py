"""Campaign 1: SIGKILL `new-year --yes` and `undo` at a random moment; the settings are all before or all
after, never partial, and the history records a change exactly when its rows moved.

Each run is a real process (forked from the zygote, or the `konnektor-kit` entry point itself); the
kill comes a random delay after it starts, between 0 and its measured run time. Half of the
new-year kills are aimed at the write (between the measured plan time and the run's end), where a
kill matters most; a rollback journal left behind proves a kill landed inside the transaction.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import YEAR

from .procs import entry_point, remove_psqlodbc_logs, wait_until
from .states import (
    add_branches,
    describe,
    dump_tables,
    hot_journal,
    konnektor_file,
    load_tables,
    new_year,
    other_sessions,
    outcome,
    plan_only,
    restore_file,
    snapshot,
    undo,
)
from .tally import count, note

SMALL_KILLS = 40  # 20 new-year + 20 undo, forked
ENTRY_POINT_KILLS = 4  # through the installed script, interpreter start included
BIG_KILLS = 20
BIG_EXTRA_BRANCHES = 498  # × 6 modules + the scenario's 12 rows = 3,000 settings rows
PG_KILLS = 20


class SqliteTarget:
    """A sandbox whose Konnektör file is put back from a saved copy before every run."""

    def __init__(self, site: Path, copies: Path | None = None) -> None:
        self.site = site
        self.db = konnektor_file(site)
        self.copies = copies or site.parent.parent / f"{site.parent.name}-copies"
        self.copies.mkdir(exist_ok=True)
        self.env: dict[str, str] = {}

    def lane(self, name: str) -> SqliteTarget:
        """Another sandbox like this one (the same saved copies), for a second kill at the same time."""
        folder = self.site.parent.with_name(f"{self.site.parent.name}-{name}")
        shutil.copytree(self.site.parent, folder)
        return SqliteTarget(folder / self.site.name, self.copies)

    def save(self, name: str) -> None:
        shutil.copyfile(self.db, self.copies / name)

    def reset(self, name: str) -> None:
        restore_file(self.copies / name, self.db)

    def settle(self) -> None:
        pass

    def mid_write(self) -> bool:
        return hot_journal(self.db)


class ServerTarget:
    """A live server's Konnektör database, its tables put back from a dump before every run."""

    def __init__(self, server, site: Path) -> None:
        self.server = server
        self.site = site
        self.dumps: dict[str, dict] = {}
        from tests.live.deploy import PASSWORD_ENV

        self.env = {PASSWORD_ENV: server.password}

    def save(self, name: str) -> None:
        self.dumps[name] = dump_tables(self.server)

    def reset(self, name: str) -> None:
        load_tables(self.server, self.dumps[name])

    def settle(self) -> None:
        """The killed client's session ends (and its transaction with it) before anything is read."""
        assert wait_until(lambda: other_sessions(self.server) == 0, timeout=15), "a killed session lingers"

    def mid_write(self) -> bool:
        return False  # not observable from outside; the tally counts outcomes instead


def kill_campaign(zygote, target, campaign: str, kills: int, rng: random.Random, lanes: int = 1) -> list[str]:
    """Half the kills on new-year, half on undo (batch by batch); returns the descriptions of partial states.

    The states between which every run must land are measured first, by running each verb to its
    end; with `lanes` > 1, as many sandboxes (copies of the first) are killed at the same time."""
    site = target.site
    before = snapshot(site)
    target.save("before")
    t_plan = zygote.run(plan_only(site), env=target.env).seconds
    done = zygote.run(new_year(site), env=target.env)
    assert done.code == 0, done.err
    t_new_year = done.seconds
    after = snapshot(site)
    assert after.history == snapshot(site, kit_history=True).history  # the raw reading is the kit's
    assert len(after.history) == len(before.history) + 1
    target.save("after")
    done = zygote.run(undo(site), env=target.env)
    assert done.code == 0, done.err
    t_undo = done.seconds
    undone = snapshot(site)
    note(campaign, "run ms", f"plan {t_plan * 1000:.0f} / new-year {t_new_year * 1000:.0f} / undo {t_undo * 1000:.0f}")
    targets = [target, *(target.lane(f"lane{j}") for j in range(1, lanes))]
    problems = []
    for first in range(0, kills, lanes):
        batch = []
        for i, lane in zip(range(first, min(first + lanes, kills)), targets, strict=False):
            if (first // lanes) % 2 == 0:  # a batch kills the same verb in every lane: their times match
                op, start_state, end_state, argv, t = "new-year", before, after, new_year(lane.site), t_new_year
                lane.reset("before")
                aimed = (first // lanes) % 4 == 0 or t_plan > 0.5  # a long plan (3,000 rows): aim every kill
                delay = rng.uniform(0.95 * t_plan, 1.05 * t) if aimed else rng.uniform(0, 1.1 * t)
            else:
                op, start_state, end_state, argv, t = "undo", after, undone, undo(lane.site), t_undo
                lane.reset("after")
                delay = rng.uniform(0, 1.1 * t)
            batch.append((i, lane, op, start_state, end_state, delay, zygote.spawn(argv, env=lane.env, hold=True)))
        started = time.monotonic()
        for *_, child in batch:
            child.go()
        for *_, delay, child in sorted(batch, key=lambda b: b[5]):
            time.sleep(max(0.0, started + delay - time.monotonic()))
            child.kill()
        for i, lane, op, start_state, end_state, delay, child in batch:
            code = child.wait()
            lane.settle()
            inside = lane.mid_write()
            state = snapshot(lane.site)
            got = outcome(state, start_state, end_state)
            count(campaign, "kills")
            count(campaign, f"{op} {got}")
            if inside:
                count(campaign, "inside the transaction")
            if code == 0:
                count(campaign, "finished first")
                if got != "after":
                    got = "partial"
            elif code != -9:
                problems.append(f"#{i} {op}: exit {code}: {child.err[-300:]}")
            if got == "partial":
                problems.append(
                    f"#{i} {op} killed after {delay * 1000:.1f} ms: {describe(state, start_state, end_state)}"
                )
    note(campaign, "partial", len([p for p in problems if "killed after" in p]))
    return problems


def test_kill_on_a_small_sqlite_sandbox(zygote, make_site):
    target = SqliteTarget(make_site("new-year"))
    problems = kill_campaign(zygote, target, "kill sqlite (12 rows)", SMALL_KILLS, random.Random(1), lanes=2)
    assert not problems, problems


def test_kill_through_the_entry_point(make_site):
    """The installed script, interpreter start and imports included: the delay spans the whole run."""
    site = make_site("new-year")
    target = SqliteTarget(site)
    before = snapshot(site)
    target.save("before")

    def timed(argv) -> float:
        start = time.monotonic()
        proc = entry_point(argv)
        proc.communicate(timeout=60)
        assert proc.returncode == 0
        return time.monotonic() - start

    plan = timed(plan_only(site))
    whole = timed(new_year(site))
    after = snapshot(site)
    rng = random.Random(2)
    partial = []
    for i in range(ENTRY_POINT_KILLS):
        target.reset("before")
        # the write is the last few per cent of the run (after the interpreter start and the plan):
        # half the kills go there, half anywhere
        delay = rng.uniform(0, whole) if i % 2 else rng.uniform(plan - 0.1, whole)
        proc = entry_point(new_year(site))
        time.sleep(delay)
        proc.kill()
        proc.communicate(timeout=60)
        inside = target.mid_write()
        got = outcome(snapshot(site), before, after)
        count("kill entry point", "kills")
        count("kill entry point", got)
        if inside:
            count("kill entry point", "inside the transaction")
        if got == "partial" or (proc.returncode == 0 and got != "after"):
            partial.append(f"#{i} after {delay:.3f} s")
    note("kill entry point", "partial", len(partial))
    assert not partial, partial


def test_kill_on_a_big_sqlite_sandbox(zygote, make_site):
    site = make_site("new-year")
    add_branches(site, BIG_EXTRA_BRANCHES)
    target = SqliteTarget(site)
    rows = len(snapshot(site).settings)
    assert rows == 3000, rows
    problems = kill_campaign(zygote, target, f"kill sqlite ({rows} rows)", BIG_KILLS, random.Random(3), lanes=2)
    assert not problems, problems


@pytest.mark.live
def test_kill_on_postgresql(zygote, postgres, tmp_path, monkeypatch):
    from tests.live.deploy import PASSWORD_ENV, deploy_scenario

    monkeypatch.setenv(PASSWORD_ENV, postgres.password)  # snapshot() reads the site in this process too
    site = deploy_scenario(postgres, "new-year", tmp_path / "pg", YEAR)
    target = ServerTarget(postgres, site)
    try:
        problems = kill_campaign(zygote, target, "kill postgresql", PG_KILLS, random.Random(4))
    finally:
        remove_psqlodbc_logs(zygote.pids)
    assert not problems, problems
