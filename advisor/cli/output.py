"""Rendering rows for the terminal, CSV and JSON: shared by every CLI command."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from advisor.reporting.csv_writer import frame_to_csv_bytes


def _cell(value: Any, money: bool = False) -> str:
    if value is None:
        return ""
    if money and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:,.2f}"
    return str(value)


def render_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *, max_width: int = 60) -> str:
    """Left-aligned text columns, right-aligned numbers, long cells cut with '…'.

    Columns named `*_usd` are money: shown with two decimals and thousands separators.
    """
    cells = [[_cell(row.get(column), column.endswith("_usd")) for column in columns] for row in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in line] for line in cells]
    widths = [max([len(column)] + [len(line[i]) for line in cells]) for i, column in enumerate(columns)]
    numeric = [
        any(row.get(column) is not None for row in rows)
        and all(
            row.get(column) is None
            or (isinstance(row.get(column), int | float) and not isinstance(row.get(column), bool))
            for row in rows
        )
        for column in columns
    ]

    def fmt(line: Sequence[str]) -> str:
        return "  ".join(
            text.rjust(width) if is_num else text.ljust(width)
            for text, width, is_num in zip(line, widths, numeric, strict=True)
        ).rstrip()

    out = [fmt(list(columns)), fmt(["-" * w for w in widths])]
    out.extend(fmt(line) for line in cells)
    return "\n".join(out)


def render_csv(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *, money: Sequence[str] = ()
) -> str:
    """Rows as CSV through the reports' one writer (`advisor.reporting.csv_writer`): text
    that a spreadsheet would run as a formula is neutralized, `money` columns to the cent."""
    frame = pd.DataFrame.from_records(
        [{c: row.get(c) for c in columns} for row in rows], columns=list(columns)
    )
    return frame_to_csv_bytes(frame, money=money).decode()


def render_json(payload: Any) -> str:
    return json.dumps(payload, indent=2, default=str) + "\n"
