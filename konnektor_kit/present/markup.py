"""Every value that reaches HTML goes through here: the pages and the report build their tables and
messages with these helpers, so a branch named `<img src=x onerror=…>` is shown as text everywhere.

pandas' Styler escapes cells (`format(escape="html")`) but not column headers, and the start page's
headers are branch names typed by people: both are escaped here.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a table is built: a page's kernel starts without pandas
    import pandas as pd


def esc(value: Any) -> str:
    """Text for HTML content and quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def html_table(
    frame: pd.DataFrame, cell_classes: list[list[str]] | None = None, row_styles: list[str] | None = None
) -> str:
    """A DataFrame as an HTML table, headers and cells escaped; optional CSS classes per cell or a
    style per row (the report's colours)."""
    if frame.empty:
        return "<p class='kk-hint'>—</p>"
    import pandas as pd

    safe = frame.copy()
    safe.columns = pd.Index([esc(c) for c in frame.columns])
    safe.index = pd.RangeIndex(len(safe))
    styler = safe.style.hide(axis="index").format(escape="html")
    if cell_classes is not None:
        styler = styler.set_td_classes(pd.DataFrame(cell_classes, index=safe.index, columns=safe.columns))
    if row_styles is not None:
        styler = styler.apply(lambda row: [row_styles[row.name]] * len(row), axis=1)
    return styler.to_html()
