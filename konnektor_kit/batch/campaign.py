"""A campaign: one verb (ready, test, diagnose) over every site file under a folder, N at a time.

A support centre runs it in December (`ready`) and on 1 January (`test`, `diagnose`) over hundreds of
customers. Each site is opened in its own workspace and costs at most its own login timeout when its
server is dead; a site whose file does not parse is a "broken" row, never the end of the run. Every
site's result is stored under the output folder as soon as it is known, so a re-run resumes where the
last one stopped; the run ends in one self-contained HTML index (a sortable table, links to each
site's report written by present/report.py) and one JSON file. No password reaches any of them: only
the kit's own messages (which mask connection strings) and the site's name are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from .. import platform
from ..contract import CampaignVerb
from ..data.site import file_error, load_site
from ..exceptions import KitError, UsageError, internal_error
from ..i18n import Lang, plural, t, word
from ..present.markup import esc
from ..present.page_frame import severity_css, stamp, standalone_page
from ..present.report import diagnosis_html, readiness_html
from ..present.report_file import write_report
from ..services.readiness import readiness
from ..services.test import check_settings
from ..services.workspace import open_workspace

#: a site's outcome, worst first: it could not be read or reached; something is late; all is well
Status = Literal["broken", "late", "ok"]
STATUS_ORDER: tuple[Status, ...] = ("broken", "late", "ok")
RESULTS = "sites"
INDEX = "index.html"
SUMMARY = "campaign.json"
#: held (flock) while a campaign writes into its output folder
LOCK = ".campaign.lock"
MAX_JOBS = 64


@dataclass(frozen=True)
class Campaign:
    folder: Path
    verb: CampaignVerb
    year: int
    jobs: int
    out: Path
    lang: Lang = "tr"
    again: bool = False
    notebooks: bool = False


def site_files(folder: Path, out: Path) -> list[Path]:
    """Every site file (*.toml) under the folder, in a stable order; the output folder is not searched."""
    out = out.resolve()
    found = []
    for path in sorted(folder.rglob("*.toml")):
        resolved = path.resolve()
        if out == resolved.parent or out in resolved.parents:
            continue
        found.append(path)
    return found


def result_name(folder: Path, site: Path) -> str:
    """A file name of its own for each site: readable, and unique by a digest of its relative path."""
    relative = site.relative_to(folder).as_posix()
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "_", relative.removesuffix(".toml"))[-80:]
    return f"{readable}-{hashlib.sha256(relative.encode('utf-8')).hexdigest()[:10]}"


def run_site(campaign: Campaign, site_path: Path) -> dict[str, Any]:
    """The verb on one site; every failure becomes the site's "broken" row with the kit's message."""
    lang = campaign.lang
    start = time.monotonic()
    row: dict[str, Any] = {
        "site": str(site_path),
        "name": None,
        "verb": campaign.verb,
        "year": campaign.year,
        "programs": [],
        "ok": 0,
        "late": 0,
        "broken": 0,
        "status": "broken",
        "first": None,
        "category": None,
        "report": None,
        "notebook": None,
    }
    try:
        site = load_site(site_path)
        row["name"] = site.name
        text: str | None = None
        with open_workspace(site) as ws:
            if campaign.verb == "ready":
                found = readiness(ws, campaign.year)
                row["programs"] = sorted({r.setting.program for r in found.rows})
                row["ok"] = found.count("ready", "automatic")
                row["late"] = found.count("suspect", "missing", "decide")
                row["broken"] = found.count("broken")
                first = found.first()
                if first is not None and not first.ready:
                    row["first"] = f"{first.setting.module} / {first.setting.branch or '—'}: " + first.todo(
                        str(site_path)
                    ).get(lang)
                    row["category"] = first.state
                text = readiness_html(site, found, lang)
            else:
                results = check_settings(ws, ws.store.read_all(), campaign.year)
                row["programs"] = sorted({r.setting.program for r in results})
                row["ok"] = sum(1 for r in results if r.ok)
                row["late"] = sum(1 for r in results if not r.ok and r.category == "wrong_year")
                row["broken"] = sum(1 for r in results if not r.ok and r.category != "wrong_year")
                failed = [r for r in results if not r.ok]
                if failed:
                    worst = next((r for r in failed if r.category != "wrong_year"), failed[0])
                    row["first"] = f"{worst.setting.module} / {worst.setting.branch or '—'}: " + worst.message(lang)
                    row["category"] = worst.category
                text = diagnosis_html(site, results, lang, campaign.year) if campaign.verb == "diagnose" else None
        row["status"] = "broken" if row["broken"] else "late" if row["late"] else "ok"
        if text is not None:
            try:
                row["report"] = str(write_report(site, text))
            except KitError as exc:  # a read-only site folder: the verdict stands, the report is missing
                row["report_error"] = exc.message(lang)
                if row["first"] is None:
                    row["first"], row["category"] = exc.message(lang), exc.category
        if campaign.notebooks:
            row["notebook"] = str(run_notebook(campaign, site_path))
    except KitError as exc:
        row["first"], row["category"] = exc.message(lang), exc.category
    except Exception as exc:  # one site's surprise is that site's row, never the end of the campaign
        err = internal_error(exc)
        row["first"], row["category"] = err.message(lang), err.category
    row["seconds"] = round(time.monotonic() - start, 3)
    return row


def run_notebook(campaign: Campaign, site_path: Path) -> Path:
    """The diagnosis notebook executed for this site with papermill, kept under the output folder."""
    import papermill  # type: ignore[import-untyped]

    from ..env import NOTEBOOKS

    target = campaign.out / "notebooks" / f"{result_name(campaign.folder, site_path)}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(NOTEBOOKS / "04_teshis.ipynb"),
        str(target),
        parameters={"site": str(site_path), "year": campaign.year, "lang": campaign.lang, "diagnose": True},
        progress_bar=False,
        cwd=str(site_path.parent),
        kernel_name="python3",
    )
    return target


def run_campaign(campaign: Campaign, progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
    """Run the verb on every site (resuming a stopped run), write the index and the JSON; the rows."""
    campaign = replace(campaign, folder=campaign.folder.resolve(), out=campaign.out.resolve())
    if not campaign.folder.is_dir():
        raise UsageError(t("campaign.no_folder", path=str(campaign.folder)))
    if not 1 <= campaign.jobs <= MAX_JOBS:
        raise UsageError(t("campaign.jobs", jobs=campaign.jobs, most=MAX_JOBS))
    sites = site_files(campaign.folder, campaign.out)
    if not sites:
        raise UsageError(t("campaign.no_sites", path=str(campaign.folder)))
    stored = campaign.out / RESULTS
    try:
        stored.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file in the way, /proc, a read-only disk: bad input, no site has run
        detail = exc.strerror or type(exc).__name__
        raise UsageError(t("campaign.bad_out", path=str(campaign.out), detail=detail)) from None
    with out_lock(campaign.out):
        return _run(campaign, sites, stored, progress)


@contextlib.contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """One campaign per output folder at a time: a second one is refused (exit 2) instead of mixing its
    results into the first one's. The lock is the system's (flock): a campaign killed with -9 leaves a
    file behind, never a lock."""
    path = out / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        try:
            platform.lock_now(fd)
        except OSError:
            raise UsageError(t("campaign.busy", path=str(out))) from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _run(
    campaign: Campaign, sites: list[Path], stored: Path, progress: Callable[[int, int], None] | None
) -> list[dict[str, Any]]:
    rows: dict[Path, dict[str, Any]] = {}
    todo = []
    for site in sites:
        done = None if campaign.again else _done(stored / f"{result_name(campaign.folder, site)}.json", campaign)
        if done is not None:
            rows[site] = done
        else:
            todo.append(site)
    total = len(sites)
    if progress:
        progress(len(rows), total)
    with ThreadPoolExecutor(max_workers=min(campaign.jobs, max(1, len(todo)))) as pool:
        futures = {pool.submit(run_site, campaign, site): site for site in todo}
        for future in as_completed(futures):
            site = futures[future]
            row = future.result()
            _write_json(stored / f"{result_name(campaign.folder, site)}.json", row)
            rows[site] = row
            if progress:
                progress(len(rows), total)
    ordered = [rows[site] for site in sites]
    _write_json(campaign.out / SUMMARY, summary(campaign, ordered))
    _write_text(campaign.out / INDEX, index_html(campaign, ordered))
    return ordered


def _done(path: Path, campaign: Campaign) -> dict[str, Any] | None:
    """A result stored by an earlier run of the same verb and year (and notebooks, when asked)."""
    try:
        row = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(row, dict) or row.get("verb") != campaign.verb or row.get("year") != campaign.year:
        return None
    if not well_formed(row):  # hand-edited, cut short, or of an older kit: that site runs again
        return None
    if campaign.notebooks and row.get("status") != "broken" and not row.get("notebook"):
        return None
    return row


#: a stored site result's keys and the types each may hold (None where a row may have nothing)
ROW_SHAPE: dict[str, tuple[type, ...]] = {
    "site": (str,),
    "name": (str, type(None)),
    "verb": (str,),
    "year": (int,),
    "programs": (list,),
    "ok": (int,),
    "late": (int,),
    "broken": (int,),
    "status": (str,),
    "first": (str, type(None)),
    "category": (str, type(None)),
    "report": (str, type(None)),
    "notebook": (str, type(None)),
}


def well_formed(row: dict[str, Any]) -> bool:
    """Whether a stored result has every key of its kind with a value of its type, and counts ≥ 0."""
    for key, types in ROW_SHAPE.items():
        value = row.get(key)
        if key not in row or not isinstance(value, types) or isinstance(value, bool):
            return False
    return (
        row["status"] in STATUS_ORDER
        and all(isinstance(p, str) for p in row["programs"])
        and all(0 <= row[k] < 2**31 for k in ("ok", "late", "broken"))
        and isinstance(row.get("seconds", 0), (int, float))
    )


def summary(campaign: Campaign, rows: list[dict[str, Any]]) -> dict[str, Any]:
    counts: dict[str, int] = {status: sum(1 for r in rows if r["status"] == status) for status in STATUS_ORDER}
    return {
        "verb": campaign.verb,
        "year": campaign.year,
        "folder": str(campaign.folder),
        "sites": len(rows),
        **counts,
        "index": str(campaign.out / INDEX),
        "results": rows,
    }


def exit_code(rows: list[dict[str, Any]]) -> int:
    """0 when every site is ok, 1 when any is late or broken (bad input is exit 2 before any site runs)."""
    return 0 if all(r["status"] == "ok" for r in rows) else 1


SORT_JS = """
document.querySelectorAll('th').forEach(function(th, col){th.addEventListener('click', function(){
var body=th.closest('table').tBodies[0], rows=Array.from(body.rows), up=th.dataset.up!=='1';
rows.sort(function(a,b){var x=a.cells[col].dataset.v, y=b.cells[col].dataset.v, nx=parseFloat(x), ny=parseFloat(y);
var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,'tr');return up?c:-c;});
th.dataset.up=up?'1':'0';rows.forEach(function(r){body.appendChild(r);});});});
"""
#: each status's row in its severity's colour: a late site is a warning, a broken one an error
STATUS_SEVERITY: dict[str, str] = {"ok": "ok", "late": "warning", "broken": "error"}
STYLE = "th{cursor:pointer}" + severity_css("tr.{}", STATUS_SEVERITY)


def index_html(campaign: Campaign, rows: list[dict[str, Any]]) -> str:
    """The campaign's one page: every site, sortable by any column, every site-controlled text escaped."""
    lang = campaign.lang
    heads = ["campaign.col.site", "col.program", "campaign.col.ok", "campaign.col.late", "campaign.col.broken"]
    heads += ["campaign.col.status", "campaign.col.first", "campaign.col.report", "campaign.col.seconds"]
    head = "".join(f"<th>{esc(word(h, lang))}</th>" for h in heads)
    body = []
    for r in rows:
        links = [
            _link(campaign.out, r.get(key), word(f"campaign.link.{key}", lang))
            for key in ("report", "notebook")
            if r.get(key)
        ]
        cells = [
            (
                f"{r['name'] or ''} {r['site']}",
                f"{esc(r['name'] or '—')}<br><span class='meta'>{esc(r['site'])}</span>",
            ),
            (", ".join(r["programs"]), esc(", ".join(r["programs"]) or "—")),
            (str(r["ok"]), esc(r["ok"])),
            (str(r["late"]), esc(r["late"])),
            (str(r["broken"]), esc(r["broken"])),
            (str(STATUS_ORDER.index(r["status"])), esc(word(f"campaign.status.{r['status']}", lang))),
            (r["first"] or "", esc(r["first"] or "—")),
            ("", " · ".join(links) or esc(r.get("report_error") or "—")),
            (str(r.get("seconds", "")), esc(r.get("seconds", ""))),
        ]
        tds = "".join(f"<td data-v='{esc(v)}'>{shown}</td>" for v, shown in cells)
        body.append(f"<tr class='{esc(r['status'])}'>{tds}</tr>")
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in STATUS_ORDER}
    title = t("campaign.title", verb=t(f"campaign.verb.{campaign.verb}"), year=campaign.year).get(lang)
    line = t("campaign.summary", sites=plural(len(rows), "plural.site"), **counts).get(lang)
    return standalone_page(
        title,
        f"<p class='meta'>{esc(stamp())} · {esc(line)} · {esc(word('campaign.sort_hint', lang))}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>",
        lang,
        css=STYLE,
        script=SORT_JS,
    )


def _link(out: Path, target: str | None, label: str) -> str:
    if not target:
        return ""
    href = platform.link_href(target, out)  # a file: URI when the two are on different drives (Windows)
    return f"<a href='{esc(href)}'>{esc(label)}</a>"


def _write_json(path: Path, data: Any) -> None:
    _write_text(path, json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _write_text(path: Path, text: str) -> None:
    """Whole or not at all: a campaign stopped mid-write leaves the previous file, never half of one."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.{id(text)}.part")
    try:
        partial.write_text(text, encoding="utf-8")
        platform.replace(partial, path)
    except OSError as exc:  # a full disk: said with the file's name, and no .part left behind
        with contextlib.suppress(OSError):
            partial.unlink()
        said = file_error(exc, path)
        if said is None:
            raise
        raise said from None
