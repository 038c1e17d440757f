"""The diagnosis report for a support ticket: one self-contained HTML file, no passwords in it.

Everything shown comes from the check results and the site's name; connection strings appear only
masked, so the file can be attached to a ticket as it is.
"""
from __future__ import annotations

import html
from datetime import datetime

import pandas as pd

from ..data.site import Site
from ..i18n import MESSAGES, Lang, t, word
from ..data.probe import Probe
from .check import CheckResult

STYLE = """
body{font-family:Segoe UI,Arial,sans-serif;margin:2em;color:#1d2733}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccd3db;padding:.4em .6em;text-align:left;vertical-align:top;font-size:.9em}
th{background:#eef2f6}
.meta{color:#5a6775;font-size:.9em}
"""

COLOURS = {"ok": "#e3f4e6", "warning": "#fff4d6", "error": "#fbe2e2"}


def category_word(category: str, lang: Lang) -> str:
    key = f"category.{category}"
    return word(key, lang) if key in MESSAGES else category


def severity(result: CheckResult) -> str:
    return result.worst.severity


def results_frame(results: list[CheckResult], lang: Lang) -> pd.DataFrame:
    rows = [{word("col.module", lang): r.setting.module,
             word("col.branch", lang): r.setting.branch or word("branch.none", lang),
             word("col.program", lang): r.setting.program,
             word("col.target", lang): _target(r),
             word("col.ok", lang): word(f"severity.{severity(r)}", lang),
             word("col.category", lang): category_word(r.category, lang),
             word("col.message", lang): r.message(lang)} for r in results]
    return pd.DataFrame(rows)


def _target(r: CheckResult) -> str:
    s = r.setting
    codes = "/".join(c or "—" for c in (s.firm, s.period)) if (s.firm or s.period) else ""
    return f"{s.server} · {s.database} {codes}".strip()


def probe_text(probe: Probe, lang: Lang) -> str:
    """" — TCP 10.0.0.5:1433 açık, 3 ms": what the pre-flight probe found, for the ticket."""
    state = word(f"probe.tcp.{probe.tcp or 'unresolved'}", lang)
    where = f"{probe.host}\\{probe.instance} → {probe.port}" if probe.instance else f"{probe.host}:{probe.port}"
    return f" — TCP {where} {state}, {probe.ms:.0f} ms"


def diagnosis_html(site: Site, results: list[CheckResult], lang: Lang = "tr", year: int | None = None) -> str:
    """A ticket attachment: what was checked, what failed and what to do, styled by severity."""
    frame = results_frame(results, lang)
    colours = [COLOURS[severity(r)] for r in results]
    body = (frame.style.format(escape="html").apply(lambda row: [f"background-color:{colours[row.name]}"] * len(row), axis=1)
            .hide(axis="index").to_html())
    probes = {r.setting.server: r.probe for r in results if r.probe is not None}
    servers = "".join(f"<li>{html.escape(name)}: {html.escape(conf.shown)}"
                      f"{html.escape(probe_text(probes[name], lang)) if name in probes else ''}</li>"
                      for name, conf in site.servers.items())
    failed = sum(1 for r in results if not r.ok)
    stamp = datetime.now().strftime("%d.%m.%Y %H:%M")
    return (f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(word('report.title', lang))} — {html.escape(site.name)}</title>"
            f"<style>{STYLE}</style></head><body>"
            f"<h1>{html.escape(word('report.title', lang))} — {html.escape(site.name)}</h1>"
            f"<p class=\"meta\">{html.escape(stamp)} · {html.escape(word('report.year', lang))}: {year or '—'} · "
            f"{html.escape(t('report.summary', total=len(results), failed=failed).get(lang))}</p>"
            f"{body}<h2>{html.escape(word('report.servers', lang))}</h2><ul class=\"meta\">{servers}</ul>"
            f"<p class=\"meta\">konnektor-kit</p></body></html>")
