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
from typing import Any

from .. import platform
from ..contract import CampaignVerb
from ..data.site import file_error, load_site
from ..domain.settings import ModuleSetting
from ..exceptions import KitError, UsageError, internal_error
from ..i18n import Lang, plural, t, word
from ..present.markup import esc
from ..present.page_frame import severity_css, stamp, standalone_page
from ..present.report import diagnosis_html, readiness_html
from ..present.report_file import write_report
from ..services.readiness import SiteReadiness, readiness
from ..services.test import CheckResult, check_settings
from ..services.workspace import open_workspace
from .campaign_row import STATUS_ORDER, CampaignRow

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


def run_site(campaign: Campaign, site_path: Path) -> CampaignRow:
    """The verb on one site; every failure becomes the site's "broken" row with the kit's message."""
    lang = campaign.lang
    start = time.monotonic()
    row = CampaignRow(site=str(site_path), verb=campaign.verb, year=campaign.year)
    try:
        site = load_site(site_path)
        row = replace(row, name=site.name)
        text: str | None = None  # the site's report: `ready`'s and `diagnose`'s, not `test`'s
        with open_workspace(site) as ws:
            if campaign.verb == "ready":
                found = readiness(ws, campaign.year)
                row, text = _ready(row, found, lang), readiness_html(site, found, lang)
            else:
                results = check_settings(ws, ws.store.read_all(), campaign.year)
                row = _checked(row, results, lang)
                text = diagnosis_html(site, results, lang, campaign.year) if campaign.verb == "diagnose" else None
        row = replace(row, status="broken" if row.broken else "late" if row.late else "ok")
        if text is not None:
            try:
                row = replace(row, report=str(write_report(site, text)))
            except KitError as exc:  # a read-only site folder: the verdict stands, the report is missing
                row = replace(row, report_error=exc.message(lang))
                if row.first is None:
                    row = replace(row, first=exc.message(lang), category=exc.category)
        if campaign.notebooks:
            row = replace(row, notebook=str(run_notebook(campaign, site_path)))
    except KitError as exc:
        row = replace(row, first=exc.message(lang), category=exc.category)
    except Exception as exc:  # one site's surprise is that site's row, never the end of the campaign
        err = internal_error(exc)
        row = replace(row, first=err.message(lang), category=err.category)
    return replace(row, seconds=round(time.monotonic() - start, 3))


def _ready(row: CampaignRow, found: SiteReadiness, lang: Lang) -> CampaignRow:
    """`ready`'s counts and the first thing not ready."""
    row = replace(
        row,
        programs=tuple(sorted({r.setting.program for r in found.rows})),
        ok=found.count("ready", "automatic"),
        late=found.count("suspect", "missing", "decide"),
        broken=found.count("broken"),
    )
    first = found.first()
    if first is not None and not first.ready:
        row = replace(row, first=_at(first.setting, first.todo(row.site).get(lang)), category=first.state)
    return row


def _checked(row: CampaignRow, results: list[CheckResult], lang: Lang) -> CampaignRow:
    """`test`'s and `diagnose`'s counts: a setting on last year is late, any other failure broken; the
    first broken one (else the first late one) is the thing to do."""
    failed = [r for r in results if not r.ok]
    row = replace(
        row,
        programs=tuple(sorted({r.setting.program for r in results})),
        ok=len(results) - len(failed),
        late=sum(1 for r in failed if r.category == "wrong_year"),
        broken=sum(1 for r in failed if r.category != "wrong_year"),
    )
    if not failed:
        return row
    worst = next((r for r in failed if r.category != "wrong_year"), failed[0])
    return replace(row, first=_at(worst.setting, worst.message(lang)), category=worst.category)


def _at(setting: ModuleSetting, said: str) -> str:
    """The first thing to do, with the module and branch it is about: "e-Fatura / Merkez: …"."""
    return f"{setting.module} / {setting.branch or '—'}: {said}"


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


def run_campaign(campaign: Campaign, progress: Callable[[int, int], None] | None = None) -> list[CampaignRow]:
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
) -> list[CampaignRow]:
    rows: dict[Path, CampaignRow] = {}
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
            _write_json(stored / f"{result_name(campaign.folder, site)}.json", row.to_json())
            rows[site] = row
            if progress:
                progress(len(rows), total)
    ordered = [rows[site] for site in sites]
    _write_json(campaign.out / SUMMARY, summary(campaign, ordered))
    _write_text(campaign.out / INDEX, index_html(campaign, ordered))
    return ordered


def _done(path: Path, campaign: Campaign) -> CampaignRow | None:
    """A result stored by an earlier run of the same verb and year (and notebooks, when asked)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    row = CampaignRow.from_json(stored)  # None when hand-edited, cut short, or of an older kit: it runs again
    if row is None or row.verb != campaign.verb or row.year != campaign.year:
        return None
    if campaign.notebooks and row.status != "broken" and not row.notebook:
        return None
    return row


def summary(campaign: Campaign, rows: list[CampaignRow]) -> dict[str, Any]:
    """`campaign.json`: the run, how many sites ended in each status, and every site's row."""
    counts: dict[str, int] = {status: sum(1 for r in rows if r.status == status) for status in STATUS_ORDER}
    return {
        "verb": campaign.verb,
        "year": campaign.year,
        "folder": str(campaign.folder),
        "sites": len(rows),
        **counts,
        "index": str(campaign.out / INDEX),
        "results": [r.to_json() for r in rows],
    }


def exit_code(rows: list[CampaignRow]) -> int:
    """0 when every site is ok, 1 when any is late or broken (bad input is exit 2 before any site runs)."""
    return 0 if all(r.status == "ok" for r in rows) else 1


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


def index_html(campaign: Campaign, rows: list[CampaignRow]) -> str:
    """The campaign's one page: every site, sortable by any column, every site-controlled text escaped."""
    lang = campaign.lang
    heads = ["campaign.col.site", "col.program", "campaign.col.ok", "campaign.col.late", "campaign.col.broken"]
    heads += ["campaign.col.status", "campaign.col.first", "campaign.col.report", "campaign.col.seconds"]
    head = "".join(f"<th>{esc(word(h, lang))}</th>" for h in heads)
    body = []
    for r in rows:
        links = [
            _link(campaign.out, target, word(f"campaign.link.{key}", lang))
            for key, target in (("report", r.report), ("notebook", r.notebook))
            if target
        ]
        cells = [
            (f"{r.name or ''} {r.site}", f"{esc(r.name or '—')}<br><span class='meta'>{esc(r.site)}</span>"),
            (", ".join(r.programs), esc(", ".join(r.programs) or "—")),
            (str(r.ok), esc(r.ok)),
            (str(r.late), esc(r.late)),
            (str(r.broken), esc(r.broken)),
            (str(STATUS_ORDER.index(r.status)), esc(word(f"campaign.status.{r.status}", lang))),
            (r.first or "", esc(r.first or "—")),
            ("", " · ".join(links) or esc(r.report_error or "—")),
            (str(r.seconds), esc(r.seconds)),
        ]
        tds = "".join(f"<td data-v='{esc(v)}'>{shown}</td>" for v, shown in cells)
        body.append(f"<tr class='{esc(r.status)}'>{tds}</tr>")
    counts = {s: sum(1 for r in rows if r.status == s) for s in STATUS_ORDER}
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
