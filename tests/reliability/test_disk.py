"""Campaign 2: a full disk and a read-only Konnektör database on SQLite.

Full disk: `PRAGMA max_page_count` caps the kit's own connection to the Konnektör file at every size
between what the file holds and what the write needs (SQLITE_FULL, as a full disk gives it); as
root, where `mount -t tmpfs` works, a tiny tmpfs also runs out of real space (ENOSPC) at every
level. Read-only: the file 0444, its folder 0555, both (as root: run without the DAC override
capability, which would ignore the modes), and a read-only mount. After every failed write: exit 1
with a message of its own (never "unexpected error"), and the settings and history as before.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

import konnektor_kit.data.connect as connect_module
from konnektor_kit.cli import run
from tests.helpers import apply_args

from .procs import Zygote
from .states import add_branches, konnektor_file, new_year, outcome, restore_file, snapshot, undo
from .tally import TALLIES, count, note

MEDIUM_EXTRA_BRANCHES = 40  # 252 rows: the write needs 27 more pages, the undo 27 more again
UNEXPECTED = ("Beklenmeyen", "unexpected error", "Traceback")


def page_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()


class PageCap:
    """Every connection the kit opens to `db` is capped at `pages` pages (None: no cap)."""

    Connection = sqlite3.Connection
    Error = sqlite3.Error

    def __init__(self, db: Path) -> None:
        self.db = db.name
        self.pages: int | None = None

    def connect(self, database, *args, **kwargs):
        conn = sqlite3.connect(database, *args, **kwargs)
        if self.pages is not None and self.db in str(database):
            conn.execute(f"PRAGMA max_page_count = {int(self.pages)}")
        return conn


def judge(campaign: str, code: int, out: str, err: str, state, before, after, what: str, problems: list[str]) -> None:
    """One run's verdict: a success is the whole after-state; a failure exit 1, in words, nothing changed."""
    got = outcome(state, before, after)
    if code == 0:
        count(campaign, "succeeded")
        if got != "after":
            problems.append(f"{what}: exit 0 but {got}")
        return
    count(campaign, "failed writes")
    words = err.strip()
    category = (
        "disk_full"
        if ("disk" in words and ("full" in words or "dolu" in words))
        else "read_only"
        if ("read-only" in words or "salt okunur" in words)
        else "other"
    )
    count(campaign, f"said {category}")
    if code != 1:
        problems.append(f"{what}: exit {code}: {words[:300]}")
    if not words or any(u in err or u in out for u in UNEXPECTED):
        problems.append(f"{what}: not in words: {words[:300]}")
    if got != "before":
        count(campaign, "partial")
        problems.append(f"{what}: failed but {got}")


def in_process(argv: list[str], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run(argv)
    out, err = capsys.readouterr()
    return code, out, err


def levels(low: int, high: int, stride: int) -> list[int]:
    return sorted({*range(low, high, stride), high - 1, high})


def test_full_disk_at_every_page_count(make_site, monkeypatch, capsys):
    campaign = "disk full (max_page_count)"
    problems: list[str] = []
    for name, extra, stride in (("small", 0, 1), ("medium", MEDIUM_EXTRA_BRANCHES, 3)):
        site = make_site("new-year")
        if extra:
            add_branches(site, extra)
        db = konnektor_file(site)
        cap = PageCap(db)
        monkeypatch.setattr(connect_module, "sqlite3", cap)
        pristine = db.with_name("pristine.sqlite")
        shutil.copyfile(db, pristine)
        start, before = page_count(db), snapshot(site)
        assert in_process(new_year(site), capsys)[0] == 0
        moved, after = page_count(db), snapshot(site)
        moved_copy = db.with_name("moved.sqlite")
        shutil.copyfile(db, moved_copy)
        assert in_process(undo(site), capsys)[0] == 0
        undone_pages, undone = page_count(db), snapshot(site)
        runs = [
            ("new-year", new_year(site), pristine, before, after, start, moved),
            ("undo", undo(site), moved_copy, after, undone, moved, undone_pages),
        ]
        if name == "small":
            apply = apply_args(site, period="3", json=True)
            restore_file(pristine, db)
            assert in_process(apply, capsys)[0] == 0
            applied, applied_pages = snapshot(site), page_count(db)
            runs.append(("apply", apply, pristine, before, applied, start, applied_pages))
        for verb, argv, copy, first, last, low, high in runs:
            for n, pages in enumerate(levels(low, high, stride)):
                restore_file(copy, db)
                cap.pages = pages
                code, out, err = in_process([*argv, "--lang", ("tr", "en")[n % 2]], capsys)
                count(campaign, "levels")
                judge(
                    campaign, code, out, err, snapshot(site), first, last, f"{name} {verb} at {pages} pages", problems
                )
                cap.pages = None
            restore_file(copy, db)
    note(campaign, "partial", TALLIES[campaign].get("partial", 0))
    assert failed(campaign) > 0, "no level made the write fail: the campaign proved nothing"
    assert not problems, problems


def failed(campaign: str) -> int:
    return int(TALLIES[campaign].get("failed writes", 0))


@contextlib.contextmanager
def tmpfs(folder: Path, size_kb: int):
    """A tmpfs of `size_kb` at `folder`, or None where mounting is not possible (not root, no capability)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        yield None
        return
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)
        if os.path.ismount(folder):
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def free_bytes(folder: Path) -> int:
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize


def test_full_disk_on_a_tiny_tmpfs(make_site, tmp_path, capsys):
    campaign = "disk full (tmpfs ENOSPC)"
    problems: list[str] = []
    for name, extra, stride in (("small", 0, 4096), ("medium", MEDIUM_EXTRA_BRANCHES, 12 * 4096)):
        source = make_site("new-year")
        if extra:
            add_branches(source, extra)
        with tmpfs(tmp_path / f"tiny-{name}", 4096) as mounted:
            if mounted is None:
                note(campaign, "skipped", "needs root and mount -t tmpfs (max_page_count covers it)")
                pytest.skip("tmpfs needs root and a mount capability; the max_page_count campaign covers full disks")
            shutil.copytree(source.parent, mounted / "site")
            site = mounted / "site" / source.name
            db = konnektor_file(site)
            pristine = tmp_path / f"pristine-{name}.sqlite"
            shutil.copyfile(db, pristine)
            before = snapshot(site)
            assert in_process(new_year(site), capsys)[0] == 0
            after = snapshot(site)
            moved = tmp_path / f"moved-{name}.sqlite"
            shutil.copyfile(db, moved)
            assert in_process(undo(site), capsys)[0] == 0
            undone = snapshot(site)
            filler = mounted / "filler"
            for verb, argv, copy, first, last in (
                ("new-year", new_year(site), pristine, before, after),
                ("undo", undo(site), moved, after, undone),
            ):
                successes = 0
                for step in range(40):
                    slack = step * stride
                    filler.unlink(missing_ok=True)
                    restore_file(copy, db)
                    with open(filler, "wb") as f:
                        f.write(b"\0" * max(0, free_bytes(mounted) - slack))
                    code, out, err = in_process([*argv, "--lang", "en" if step % 2 else "tr"], capsys)
                    count(campaign, "levels")
                    filler.unlink()
                    judge(
                        campaign,
                        code,
                        out,
                        err,
                        snapshot(site),
                        first,
                        last,
                        f"{name} {verb} with {slack} bytes free",
                        problems,
                    )
                    successes += code == 0
                    if successes >= 2:
                        break
                assert successes, f"{name} {verb} never fitted"
    note(campaign, "partial", TALLIES[campaign].get("partial", 0))
    assert failed(campaign) > 0
    assert not problems, problems


def no_dac_zygote(folder: Path) -> Zygote | None:
    """As root the file modes mean nothing (CAP_DAC_OVERRIDE): the runs go through a zygote without it."""
    if os.geteuid() != 0:
        return Zygote(folder)
    if not shutil.which("setpriv"):
        return None
    caps = "-dac_override,-dac_read_search,-fowner"
    return Zygote(folder, prefix=("setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"))


READ_ONLY_CASES = {
    "file 0444": (0o444, 0o755),
    "folder 0555": (0o644, 0o555),
    "file 0444 in folder 0555": (0o444, 0o555),
}


def write_verbs(site: Path) -> list[tuple[str, list[str]]]:
    return [
        ("new-year", new_year(site)),
        (
            "apply",
            apply_args(site, period="3", json=True),
        ),
        ("undo", undo(site)),
    ]


def test_read_only_database(make_site, tmp_path, capsys):
    campaign = "read-only"
    zygote = no_dac_zygote(tmp_path / "zygote")
    if zygote is None:
        pytest.skip("running as root without setpriv: file modes cannot be made to apply")
    problems: list[str] = []
    try:
        site = make_site("new-year")
        db = konnektor_file(site)
        # a history to undo: e-Arşiv moved once, so undo has something to write
        assert (
            in_process(
                ["apply", "--site", str(site), "--module", "e-Arşiv", "--branch", "Merkez", "--period", "3", "--yes"],
                capsys,
            )[0]
            == 0
        )
        before = snapshot(site)
        for case, (file_mode, dir_mode) in READ_ONLY_CASES.items():
            os.chmod(db, file_mode)
            os.chmod(site.parent, dir_mode)
            try:
                for verb, argv in write_verbs(site):
                    for lang in ("tr", "en"):
                        child = zygote.run([*argv, "--lang", lang])
                        count(campaign, "runs")
                        judge(
                            campaign,
                            child.code,
                            child.out,
                            child.err,
                            snapshot(site),
                            before,
                            None,
                            f"{case}: {verb} {lang}",
                            problems,
                        )
                        if child.code == 0:
                            problems.append(f"{case}: {verb} wrote to a read-only database")
                inspect = zygote.run(["inspect", "--site", str(site), "--json"])
                count(campaign, "inspect still reads" if inspect.code == 0 else "inspect refused")
            finally:
                os.chmod(site.parent, 0o755)
                os.chmod(db, 0o644)
            if snapshot(site) != before:
                count(campaign, "partial")
                problems.append(f"{case}: the database changed")
        # a read-only mount: the same through EROFS, where the platform lets the test mount
        with tmpfs(tmp_path / "ro", 4096) as mounted:
            if mounted is None:
                note(campaign, "read-only mount", "skipped (needs root)")
            else:
                shutil.copytree(site.parent, mounted / "site")
                ro_site = mounted / "site" / site.name
                subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
                for verb, argv in write_verbs(ro_site):
                    code, out, err = in_process([*argv, "--lang", "en"], capsys)
                    count(campaign, "runs")
                    judge(campaign, code, out, err, snapshot(ro_site), before, None, f"ro mount: {verb}", problems)
                    if code == 0:
                        problems.append(f"ro mount: {verb} wrote")
    finally:
        zygote.close()
    note(campaign, "partial", TALLIES[campaign].get("partial", 0))
    assert not problems, problems
