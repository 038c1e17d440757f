"""The pages' one stylesheet: every form draws it first, so the kk-* classes the widgets, tables and
messages carry look the same on every page. Kept apart so a colour changes without opening the forms.
"""

CSS = """
<style>
.kk-page{max-width:1100px}
.kk-title{font-size:1.5em;font-weight:600;color:#123a5c;margin:.2em 0 .4em}
.kk-msg{padding:.5em .8em;border-radius:4px;margin:.3em 0;font-size:.95em}
.kk-msg-ok{background:#e3f4e6;border-left:4px solid #2e7d32}
.kk-msg-warning{background:#fff4d6;border-left:4px solid #b7791f}
.kk-msg-error{background:#fbe2e2;border-left:4px solid #c62828}
.kk-msg-info{background:#e8f0f8;border-left:4px solid #1f5f99}
.kk-table table{border-collapse:collapse;font-size:.88em}
.kk-table th,.kk-table td{border:1px solid #ccd3db;padding:.25em .5em;text-align:left;vertical-align:top}
.kk-table th{background:#eef2f6}
.kk-cell-ok{background:#e3f4e6}.kk-cell-warning{background:#fff4d6}.kk-cell-suspect{background:#ece1f7}.kk-cell-error{background:#fbe2e2}
.kk-hint{color:#5a6775;font-size:.9em}
.kk-badge{padding:0 .4em;border-radius:3px;font-size:.85em}
.kk-badge-ok{background:#e3f4e6;color:#1b5e20}.kk-badge-error{background:#fbe2e2;color:#b71c1c}
.kk-nav{font-size:.9em;margin:.2em 0 .6em}.kk-nav a{color:#1f5f99;text-decoration:none}
.kk-guide{background:#f6f8fa;border:1px solid #ccd3db;border-radius:4px;padding:.4em .8em;margin-left:1em;font-size:.88em}
.kk-guide summary{font-weight:600;color:#123a5c;cursor:pointer}.kk-guide ol{margin:.2em 0 .4em 1.2em;padding:0}
.kk-guide p{margin:.2em 0 .5em}
.kk-notice{position:sticky;top:0;z-index:20;background:#fff}
:has(> .kk-notice),:has(.kk-notice){overflow:visible!important;contain:none!important}
.kk-rows .kk-cell{padding:.15em .35em;overflow-wrap:anywhere;font-size:.9em;height:100%;box-sizing:border-box}
.kk-plan-head{font-weight:600;background:#eef2f6}.kk-plan-move{background:#e3f4e6}.kk-plan-open{background:#fbe2e2}
.kk-reason summary{cursor:pointer;color:#1f5f99;font-size:.9em}
.kk-page .widget-label,.kk-page .widget-label-basic,.kk-page button{overflow:visible}
.kk-table td,.kk-table th{overflow-wrap:anywhere}.kk-table td{white-space:pre-line}
</style>
"""
