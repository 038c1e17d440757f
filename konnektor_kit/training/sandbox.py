"""The built-in sandbox customer: a site folder with a Konnektör settings database and accounting
databases on the embedded SQLite default, for demos, training and tests.

A sandbox folder remembers its scenario (scenario.json), so it can be reset and graded.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..access.credentials import TRAINING_STAFF_CREDENTIAL, hash_credential
from ..clock import today
from ..data.connect import Connection
from ..data.dialects import SQLITE
from ..data.fixtures import write_tables
from ..data.store import SettingsStore
from ..env import DEFAULT_SANDBOX, SITE_FILE
from ..exceptions import UnknownScenario, UsageError
from ..i18n import plural, t
from .scenarios import SCENARIOS, SERVER, Scenario, stories

MARKER = "scenario.json"


def scenario_names() -> list[str]:
    return list(SCENARIOS)


@functools.cache
def scenario_titles() -> dict[str, tuple[str, str]]:
    """Each scenario's (Turkish, English) title, for pickers, from scenarios.toml (nothing is built)."""
    titles = {name: stories()[name]["title"] for name in SCENARIOS}
    return {name: (tr, en) for name, (tr, en) in titles.items()}


def build_scenario(name: str, year: int | None = None) -> Scenario:
    if name not in SCENARIOS:
        raise UnknownScenario(t("sandbox.unknown", typed=name, known=", ".join(SCENARIOS)))
    return SCENARIOS[name](year or today().year)


#: the stamp of a marker the kit wrote (scenario.json of a sandbox, fleet.json of a fleet)
KIT_STAMP = {MARKER: "konnektor-kit sandbox", "fleet.json": "konnektor-kit fleet"}
#: what the kit itself writes into a sandbox after making it: diagnosis reports, SQLite's journals
LATER_FILES = re.compile(r"^((.*/)?reports/teshis-[0-9-]+(-[0-9a-f]+)?\.html|.*\.sqlite-(journal|wal|shm))$")
#: a campaign's default output inside a fleet folder (services/campaign.py), and what it writes there
CAMPAIGN_FILES = re.compile(
    r"^campaign-(ready|test|diagnose)-[0-9]{4}/"
    r"(index\.html|campaign\.json|\.campaign\.lock|sites/[^/]+\.json|notebooks/[^/]+\.ipynb|\.[^/]+\.part)$"
)


def clear_own_folder(folder: Path, marker: str) -> None:
    """Empty `folder` for writing anew, but only if the kit made it and only of what the kit wrote.

    The marker proves it by its content (the kit's stamp and the list of files it wrote), not by its
    name; every file in the folder must be one of those or one the kit writes later (a report, a
    journal, a campaign's output). A folder with anything else is refused whole, naming what is there,
    and nothing is deleted; a link is never followed."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UsageError(t("sandbox.not_folder", path=str(folder)))
    if not folder.exists() or not any(folder.iterdir()):
        return
    own = _owned(folder, marker)
    found: list[Path] = []
    foreign: list[Path] = []
    for root, dirs, files in os.walk(folder):  # links are listed, never followed
        here = Path(root)
        for name in files + [d for d in dirs if (here / d).is_symlink()]:
            path = here / name
            relative = path.relative_to(folder).as_posix()
            kit_made = relative in own or LATER_FILES.match(relative) or CAMPAIGN_FILES.match(relative)
            (found if kit_made and not path.is_symlink() else foreign).append(path)
    if foreign:
        shown = str(foreign[0].relative_to(folder))
        raise UsageError(t("sandbox.foreign", path=str(folder), first=shown, files=plural(len(foreign), "plural.file")))
    for path in found:
        path.unlink()
    for root, dirs, _ in os.walk(folder, topdown=False):
        for name in dirs:
            with contextlib.suppress(OSError):  # only folders left empty go
                (Path(root) / name).rmdir()


def make_folder(folder: Path) -> None:
    """Make the folder (and its parents); one that cannot be made (/proc, a file in the way, no right)
    is bad input in words, before anything is written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            t("sandbox.cannot_make", path=str(folder), detail=exc.strerror or type(exc).__name__)
        ) from None


def _owned(folder: Path, marker: str) -> set[str]:
    """The files (relative, posix) the marker says the kit wrote; UsageError when it proves nothing."""
    refused = UsageError(t("sandbox.not_empty", path=str(folder)))
    record = _record(folder / marker, marker)
    if record is None:
        raise refused
    if marker == MARKER:
        return {marker, *record["files"]}
    own = {marker}
    for entry in record["sites"]:  # a fleet: each site folder it lists is a sandbox of its own
        site = entry.get("site") if isinstance(entry, dict) else None
        try:
            relative = Path(str(site)).parent.resolve().relative_to(folder.resolve())
        except (ValueError, OSError):
            raise refused from None
        if not relative.parts or ".." in relative.parts:
            raise refused
        inner = _record(folder / relative / MARKER, MARKER)
        names = {MARKER, *inner["files"]} if inner is not None else {MARKER, SITE_FILE}  # stopped half-way
        own |= {(relative / name).as_posix() for name in names}
    return own


def _record(path: Path, marker: str) -> dict[str, Any] | None:
    """The marker's record when it is the kit's: its stamp, and file names inside the folder only."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("kit") != KIT_STAMP[marker]:
        return None
    names = data.get("files" if marker == MARKER else "sites")
    if not isinstance(names, list):
        return None
    if marker == MARKER and not all(_inside(n) for n in names):
        return None
    return data


def _inside(name: object) -> bool:
    return isinstance(name, str) and bool(name) and not Path(name).is_absolute() and ".." not in Path(name).parts


def create_sandbox(folder: str | Path, scenario: str = "new-year", year: int | None = None) -> Path:
    """Write (or reset) a training site in `folder`; returns the site file's path."""
    sc = build_scenario(scenario, year)
    folder = Path(folder)
    clear_own_folder(folder, MARKER)
    for server in sc.servers:
        make_folder(folder / database_folder(server))
    for spec in sc.databases:
        with _sqlite(folder / database_folder(sc.server_of(spec.name)) / f"{spec.name}.sqlite") as conn:
            write_tables(conn, spec)
    with _sqlite(folder / "konnektor.sqlite") as conn:
        store = SettingsStore(conn)
        store.create_schema()
        for setting in sc.settings:
            store.insert(setting)
        conn.commit()
    site = folder / SITE_FILE
    site.write_text(
        f"name = {json.dumps(sc.site_name, ensure_ascii=False)}\n"
        f'# konnektor-kit sandbox, scenario "{sc.name}", year {sc.year}\n\n'
        '[konnektor]\nsqlite = "konnektor.sqlite"\n\n'
        + "".join(f'[servers."{server}"]\nsqlite_dir = "{database_folder(server)}"\n\n' for server in sc.servers)
        + ignore_section(sc)
        + own_database_section(sc)
        + '# "eFinans Personeli" for training: the credential is TRAINING_STAFF_CREDENTIAL, kept only as a hash\n'
        f'[staff]\ncredential = "{hash_credential(TRAINING_STAFF_CREDENTIAL)}"\n',
        encoding="utf-8",
    )
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    record = {"kit": KIT_STAMP[MARKER], **scenario_record(sc), "files": written}
    (folder / MARKER).write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return site


def default_sandbox() -> Path:
    """The built-in sandbox customer's site file, made the first time it is asked for (never reset)."""
    site = DEFAULT_SANDBOX / SITE_FILE
    if not site.is_file():
        create_sandbox(DEFAULT_SANDBOX, "new-year")
    return site


def database_folder(server: str) -> str:
    """The sandbox folder of a server's SQLite databases: "databases" for the first, "databases-SRV02"…"""
    return "databases" if server == SERVER else f"databases-{server}"


def own_database_section(sc: Scenario) -> str:
    """The site file's [own_database]: modules the engineer says really read a database of their own."""
    if not sc.own_database:
        return ""
    lines = "".join(
        f"{json.dumps(b, ensure_ascii=False)} = {json.dumps(m, ensure_ascii=False)}\n"
        for b, m in sc.own_database.items()
    )
    return f"# modules that really read another database than their branch's others\n[own_database]\n{lines}\n"


def ignore_section(sc: Scenario) -> str:
    """The site file's [ignore] list of the scenario's test copies, or nothing."""
    if not (sc.ignore_firms or sc.ignore_databases):
        return ""
    return (
        "# test copies the kit must never propose\n[ignore]\n"
        f"firms = {json.dumps(sc.ignore_firms)}\ndatabases = {json.dumps(sc.ignore_databases)}\n\n"
    )


def scenario_record(sc: Scenario) -> dict[str, Any]:
    return {
        "scenario": sc.name,
        "year": sc.year,
        "title": list(sc.title),
        "story": list(sc.story),
        "expected": [
            {"module": m, "branch": b, "database": d, "firm": f, "period": p}
            for (m, b), (d, f, p) in sc.expected.items()
        ],
    }


@dataclass(frozen=True)
class SandboxInfo:
    scenario: str
    year: int
    title: tuple[str, str]
    story: tuple[str, str]
    expected: dict[tuple[str, str], tuple[str, str | None, str | None]]


def read_sandbox(site_path: str | Path) -> SandboxInfo | None:
    """The scenario a sandbox site was made from, or None for a real customer's site."""
    marker = Path(site_path).parent / MARKER
    if not marker.is_file():
        return None
    data = json.loads(marker.read_text(encoding="utf-8"))
    expected = {(e["module"], e["branch"]): (e["database"], e["firm"], e["period"]) for e in data["expected"]}
    return SandboxInfo(data["scenario"], int(data["year"]), tuple(data["title"]), tuple(data["story"]), expected)


class _sqlite:
    """A fresh SQLite file opened for writing (the sandbox creates files; the kit never does elsewhere)."""

    def __init__(self, path: Path) -> None:
        self.conn = Connection(sqlite3.connect(path, isolation_level=None), SQLITE, path.stem)
        # no fsync while a file is built: a sandbox cut short by a crash has no marker yet and is made
        # again whole; what costs a training page's "Kur / Sıfırla" is the disk's flush, not the rows
        self.conn.raw.execute("PRAGMA synchronous = OFF")

    def __enter__(self) -> Connection:
        self.conn.raw.execute("BEGIN")
        return self.conn

    def __exit__(self, *exc: object) -> None:
        if self.conn.raw.in_transaction:
            self.conn.raw.commit()
        self.conn.close()
