"""The rows of a batch report: the wide layout (one row per input row) and the long layout (one
row per line item), as CSV rows and as JSON Lines records."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from advisor.batch.columns import Columns
from advisor.batch.results import LONG_COLUMNS, ChunkResult
from advisor.model.money import cents
from advisor.reporting.csv_writer import csv_text, frame_to_csv_bytes, number_text

LAYOUTS = ("wide", "long")
WIDE_TAIL = (
    "recommended_platform",
    "recommended_purchase",
    "recommended_monthly",
    "recommended_annual",
    "savings_vs_fargate",
    "error",
    "notes",
)
WIDE_MONEY_TAIL = ("recommended_monthly", "recommended_annual", "savings_vs_fargate")


def option_column(option_id: str) -> str:
    """'ecs-fargate/on-demand' → 'monthly_ecs-fargate_on-demand' (the ids kept exactly)."""
    platform, purchase = option_id.split("/")
    return f"monthly_{platform}_{purchase}"


def check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ValueError(f"layout {layout!r} is unknown; allowed: {', '.join(LAYOUTS)}")


def _input_names(columns: Sequence[str], option_ids: Sequence[str]) -> list[str]:
    """Input column names as echoed; one that clashes with a report column gets 'input_'."""
    taken = {option_column(o) for o in option_ids} | set(WIDE_TAIL)
    return [f"input_{c}" if c in taken else c for c in columns]


def _text_column(cells: np.ndarray) -> pd.Series:
    """Text cells kept as the Python strings they are (a string column would copy each)."""
    return pd.Series(cells, dtype=object, copy=False)


def wide_frame(result: ChunkResult) -> pd.DataFrame:
    """Every input column as read, each option's monthly cost, the advice and the error."""
    data: dict[str, Any] = {}
    names = _input_names(list(result.source.columns), result.option_ids)
    for name, column in zip(names, result.source.columns, strict=True):
        cells = result.source[column]
        # Cells read as text stay in their column; any other column is echoed as text too.
        data[name] = cells.array if isinstance(cells.dtype, pd.StringDtype) else cells.to_numpy(dtype=object)
    for j, option in enumerate(result.option_ids):
        data[option_column(option)] = result.monthly[:, j]
    platforms = np.array([o.split("/")[0] for o in result.option_ids] + [""], dtype=object)
    purchases = np.array([o.split("/")[1] for o in result.option_ids] + [""], dtype=object)
    data["recommended_platform"] = _text_column(platforms[result.recommended])
    data["recommended_purchase"] = _text_column(purchases[result.recommended])
    data["recommended_monthly"] = result.recommended_monthly
    data["recommended_annual"] = result.recommended_annual
    data["savings_vs_fargate"] = result.savings
    data["error"] = _text_column(result.error)
    data["notes"] = _text_column(np.asarray(result.notes))
    return pd.DataFrame(data, columns=list(data))


def long_frame(result: ChunkResult) -> pd.DataFrame:
    """The long layout's lines of a chunk (priced with line items)."""
    if result.items is None:
        raise ValueError("the long layout needs results priced with line_items=True")
    return result.items


def wide_money_columns(option_ids: Sequence[str]) -> tuple[str, ...]:
    return (*(option_column(o) for o in option_ids), *WIDE_MONEY_TAIL)


def csv_rows(result: ChunkResult, layout: str, *, header: bool) -> bytes:
    """One chunk's rows (with the column header line for the first chunk)."""
    check_layout(layout)
    if layout == "wide":
        return frame_to_csv_bytes(
            wide_frame(result), money=wide_money_columns(result.option_ids), header=header
        )
    return frame_to_csv_bytes(long_frame(result), header=header)


def empty_csv_rows(columns: Columns, option_ids: Sequence[str], layout: str) -> bytes:
    """The column header line of a report without rows (a header-only input)."""
    check_layout(layout)
    if layout == "wide":
        names = [
            *_input_names(list(columns.source), option_ids),
            *(option_column(o) for o in option_ids),
            *WIDE_TAIL,
        ]
    else:
        names = list(LONG_COLUMNS)
    return (",".join(csv_text(n) for n in names) + "\n").encode()


def _none_if_nan(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _cents_or_none(value: float) -> float | None:
    return None if math.isnan(value) else cents(value)


def wide_records(result: ChunkResult) -> list[dict[str, Any]]:
    """One object per input row: the row, its input cells, each option, the advice, the error."""
    records = []
    source = result.source
    cells = [source[c].tolist() for c in source.columns]
    for r in range(len(result)):
        best = int(result.recommended[r])
        monthly = {o: _cents_or_none(result.monthly[r, j]) for j, o in enumerate(result.option_ids)}
        recommended = None
        if best >= 0:
            platform, purchase = result.option_ids[best].split("/")
            recommended = {
                "platform": platform,
                "purchase": purchase,
                "monthly_cost": cents(result.recommended_monthly[r]),
                "annual_cost": cents(np.asarray(result.recommended_annual)[r]),
            }
        records.append(
            {
                "row": int(result.row[r]),
                "name": result.name[r],
                "group": result.group[r] or None,
                "region": result.region[r],
                "input": {c: column[r] for c, column in zip(source.columns, cells, strict=True)},
                "monthly_cost": monthly,
                "recommended": recommended,
                "savings_vs_fargate": _cents_or_none(result.savings[r]),
                "error": result.error[r] or None,
                "notes": np.asarray(result.notes)[r] or None,
            }
        )
    return records


def long_records(result: ChunkResult) -> list[dict[str, Any]]:
    frame = long_frame(result)
    records = []
    for values in zip(*(frame[c].tolist() for c in frame.columns), strict=True):
        record = dict(zip(frame.columns, values, strict=True))
        for key in ("quantity", "rate", "cost"):
            value = _none_if_nan(record[key])
            record[key] = None if value is None else float(number_text(value))
        for key in ("group", "error"):
            record[key] = record[key] or None
        records.append(record)
    return records


def jsonl_bytes(records: Iterable[Mapping[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def jsonl_rows(result: ChunkResult, layout: str) -> bytes:
    check_layout(layout)
    return jsonl_bytes(wide_records(result) if layout == "wide" else long_records(result))
