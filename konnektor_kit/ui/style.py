"""The pages' one stylesheet: every form draws it first, so the kk-* classes the widgets, tables and
messages carry look the same on every page. Its colours are the reports' (present/page_frame): a
warning is one yellow on a page, in a report and in a campaign's index.
"""

from ..present.page_frame import ACCENT, HEAD, LINK, MUTED, ON_PALETTE, PALETTE, PANEL, RULE, TITLE, severity_css

_MESSAGES = "".join(
    f".kk-msg-{tone}{{background:{PALETTE[tone]};border-left:4px solid {ACCENT[tone]}}}"
    for tone in ("ok", "warning", "error", "info")
)
_BADGES = "".join(
    f".kk-badge-{tone}{{background:{PALETTE[tone]};color:{ON_PALETTE[tone]}}}" for tone in ("ok", "error")
)

CSS = f"""
<style>
.kk-page{{max-width:1100px}}
.kk-title{{font-size:1.5em;font-weight:600;color:{TITLE};margin:.2em 0 .4em}}
.kk-msg{{padding:.5em .8em;border-radius:4px;margin:.3em 0;font-size:.95em}}
{_MESSAGES}
.kk-table table{{border-collapse:collapse;font-size:.88em}}
.kk-table th,.kk-table td{{border:1px solid {RULE};padding:.25em .5em;text-align:left;vertical-align:top}}
.kk-table th{{background:{HEAD}}}
{severity_css(".kk-cell-{}", {name: name for name in ("ok", "warning", "suspect", "error")})}
.kk-hint{{color:{MUTED};font-size:.9em}}
.kk-badge{{padding:0 .4em;border-radius:3px;font-size:.85em}}
{_BADGES}
.kk-nav{{font-size:.9em;margin:.2em 0 .6em}}.kk-nav a{{color:{LINK};text-decoration:none}}
.kk-guide{{background:{PANEL};border:1px solid {RULE};border-radius:4px;padding:.4em .8em;margin-left:1em;font-size:.88em}}
.kk-guide summary{{font-weight:600;color:{TITLE};cursor:pointer}}.kk-guide ol{{margin:.2em 0 .4em 1.2em;padding:0}}
.kk-guide p{{margin:.2em 0 .5em}}
.kk-notice{{position:sticky;top:0;z-index:20;background:#fff}}
:has(> .kk-notice),:has(.kk-notice){{overflow:visible!important;contain:none!important}}
.kk-rows .kk-cell{{padding:.15em .35em;overflow-wrap:anywhere;font-size:.9em;height:100%;box-sizing:border-box}}
.kk-plan-head{{font-weight:600;background:{HEAD}}}.kk-plan-move{{background:{PALETTE["ok"]}}}.kk-plan-open{{background:{PALETTE["error"]}}}
.kk-reason summary{{cursor:pointer;color:{LINK};font-size:.9em}}
.kk-page .widget-label,.kk-page .widget-label-basic,.kk-page button{{overflow:visible}}
.kk-table td,.kk-table th{{overflow-wrap:anywhere}}.kk-table td{{white-space:pre-line}}
</style>
"""
