"""The diagnosis report for a support ticket: one self-contained HTML page, no passwords in it.

Everything shown comes from the check results and the site's name, each escaped; connection strings
appear only masked, so the file can be attached to a ticket as it is. The page's frame and colours are
page_frame's; the file is written by report_file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..data.probe import Probe
from ..data.site import Site
from ..i18n import Lang, plural, t, word
from ..services.readiness import SiteReadiness
from ..services.test import CheckResult
from ..services.workspace import Workspace
from . import views
from .markup import esc, html_table
from .page_frame import PALETTE, stamp, standalone_page
from .report_file import write_report

if TYPE_CHECKING:  # a table's frame comes from views, which imports pandas when it builds one
    import pandas as pd


def coloured_table(frame: pd.DataFrame, severities: list[str]) -> str:
    """A view's table for the file, each row in its severity's colour."""
    return html_table(frame, row_styles=[f"background-color:{PALETTE[s]}" for s in severities])


def probe_text(probe: Probe, lang: Lang) -> str:
    """ " — TCP 10.0.0.5:1433 açık, 3 ms": what the pre-flight probe found, for the ticket."""
    state = word(f"probe.tcp.{probe.tcp or 'unresolved'}", lang)
    where = f"{probe.host}\\{probe.instance} → {probe.port}" if probe.instance else f"{probe.host}:{probe.port}"
    return f" — TCP {where} {state}, {probe.ms:.0f} ms"


def diagnosis_html(site: Site, results: list[CheckResult], lang: Lang = "tr", year: int | None = None) -> str:
    """A ticket attachment: what was checked, what failed and what to do, styled by severity."""
    table = coloured_table(views.checks(results, lang), views.check_severities(results))
    probes = {r.setting.server: r.probe for r in results if r.probe is not None}
    servers = "".join(
        f"<li>{esc(name)}: {esc(conf.shown)}{esc(probe_text(probes[name], lang)) if name in probes else ''}</li>"
        for name, conf in site.servers.items()
    )
    failed = sum(1 for r in results if not r.ok)
    summary = t("report.summary", total=plural(len(results), "plural.setting"), failed=failed).get(lang)
    return standalone_page(
        f"{word('report.title', lang)} — {site.name}",
        f'<p class="meta">{esc(stamp())} · {esc(word("report.year", lang))}: {year or "—"} · {esc(summary)}</p>'
        f'{table}<h2>{esc(word("report.servers", lang))}</h2><ul class="meta">{servers}</ul>'
        '<p class="meta">konnektor-kit</p>',
        lang,
    )


def readiness_html(site: Site, found: SiteReadiness, lang: Lang = "tr") -> str:
    """December's readiness of one site as a ticket attachment, styled as the diagnosis report."""
    table = coloured_table(views.readiness(found, lang), views.readiness_severities(found))
    return standalone_page(
        f"{word('ui.ready', lang)} — {site.name}",
        f'<p class="meta">{esc(stamp())} · {esc(found.summary().get(lang))}</p>'
        f'{table}<p class="meta">konnektor-kit</p>',
        lang,
    )


def save_diagnosis(
    ws: Workspace, results: list[CheckResult], lang: Lang = "tr", year: int | None = None
) -> tuple[Path, str]:
    """The open site's diagnosis report, written beside its site file: where it went and its HTML (page 04
    offers both)."""
    text = diagnosis_html(ws.site, results, lang, year)
    return write_report(ws.site, text), text
