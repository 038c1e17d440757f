"""The forms' tables: a view's DataFrame as escaped HTML in the pages' table style, its cells coloured by
severity. Every page shows its answers through these two, so a table looks and escapes the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..present.markup import html_table

if TYPE_CHECKING:  # pandas is imported where a table is built (present/markup.py), not with the page
    import pandas as pd


def table_html(frame: pd.DataFrame, classes: list[list[str]] | None = None) -> str:
    """A DataFrame as an HTML table, everything escaped; `classes` colours cells (kk-cell-ok/warning/error)."""
    return f"<div class='kk-table'>{html_table(frame, classes)}</div>"


def severity_html(frame: pd.DataFrame, severities: Sequence[str] | Sequence[Sequence[str]]) -> str:
    """A view's table with each row (a severity per row) or each cell (a list per row) coloured by its
    severity: ok, warning, error, or "" for none."""
    cells = [[s] * len(frame.columns) if isinstance(s, str) else list(s) for s in severities]
    return table_html(frame, [[f"kk-cell-{c}" if c else "" for c in row] for row in cells])
