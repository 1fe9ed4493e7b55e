"""Excel workbooks of an estimate or a batch: the same figures as the CSV and JSON, as sheets.

Sheets: Summary, Options, Line items, Cost per service, Assumptions & sources. Money is
written as numbers (rounded to the cent, as every surface shows it) with a currency format,
each sheet's header row is frozen, and text cells are neutralized as in the CSV
(`csv_writer.neutralize`); the writer is also told never to turn strings into formulas or
links. Written with XlsxWriter through pandas. `to_xlsx_bytes` in `report` is the one entry
point, so the CLI and the dashboard give the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from advisor.batch.layouts import long_frame, wide_frame, wide_money_columns
from advisor.batch.meta import meta_rows, totals_rows
from advisor.model.money import cents_array
from advisor.reporting.csv_writer import neutralize

FIXED_CREATED = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
MONEY_FORMAT = '"$"#,##0.00'
SHEETS = ("Summary", "Options", "Line items", "Cost per service", "Assumptions & sources")
EXCEL_MAX_ROWS = 1_048_576
"""Rows in one Excel sheet, the header included (Excel specifications and limits)."""


def _safe(frame: pd.DataFrame, money: Sequence[str]) -> pd.DataFrame:
    """Text neutralized, money rounded to the cent (as numbers)."""
    out: dict[str, Any] = {}
    for column in frame.columns:
        values = frame[column]
        if column in money:
            out[column] = cents_array(pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64))
        elif values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            out[column] = [neutralize(v) if isinstance(v, str) else v for v in values.tolist()]
        else:
            out[column] = values.to_numpy()
    return pd.DataFrame(out, columns=list(frame.columns))


def workbook_bytes(sheets: Mapping[str, tuple[pd.DataFrame, Sequence[str]]]) -> bytes:
    """An .xlsx of `sheets` (name → (frame, money columns)), in the order given."""
    buffer = io.BytesIO()
    options = {
        "options": {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False}
    }
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs=options) as writer:
        # a fixed creation date: the same report gives the same bytes (CLI and dashboard)
        writer.book.set_properties({"created": FIXED_CREATED})
        money_format = writer.book.add_format({"num_format": MONEY_FORMAT})
        for name, (frame, money) in sheets.items():
            if len(frame) >= EXCEL_MAX_ROWS:
                raise ValueError(
                    f"{name}: {len(frame):,} rows do not fit an Excel sheet ({EXCEL_MAX_ROWS - 1:,} rows)"
                )
            _safe(frame, money).to_excel(writer, sheet_name=name, index=False, freeze_panes=(1, 0))
            sheet = writer.sheets[name]
            for j, column in enumerate(frame.columns):
                width = min(60, max(10, len(str(column)) + 2))
                sheet.set_column(j, j, width, money_format if column in money else None)
    return buffer.getvalue()


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _cell(value: Any) -> Any:
    """A report cell as Excel should hold it: money and counts written as text become numbers."""
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return float(value)
    return value


def _pairs(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """`#`-line rows (key, cells…) as a key column and value columns."""
    width = max((len(r) for r in rows), default=1)
    names = ["key", *(f"value_{k}" for k in range(1, width))]
    body = [[_cell(c) for c in r] + [None] * (width - len(r)) for r in rows]
    return pd.DataFrame(body, columns=names, dtype=object)


def estimate_sheets(payload: Mapping[str, Any]) -> dict[str, tuple[pd.DataFrame, Sequence[str]]]:
    """The sheets of an `estimate_payload`."""
    pricing, rec = payload["pricing"], payload["recommendation"]
    summary: list[tuple[str, Any]] = [
        ("region", pricing["region"]),
        ("price source", pricing["source"]),
        ("prices as of", pricing["as_of"]),
    ]
    if rec is not None:
        summary += [
            ("recommended", f"{rec['platform']}/{rec['purchase']}"),
            ("monthly cost", rec["monthly_cost"]),
            ("annual cost", rec["annual_cost"]),
            *(("reason", r["message"]) for r in rec["reasons"]),
        ]
    summary += [("where it flips", b["description"]) for b in payload["break_even"]]
    options = pd.DataFrame(
        [
            {
                "option": f"{o['platform']}/{o['purchase']}",
                "feasible": o["feasible"],
                "monthly_cost": o["monthly_cost"],
                "annual_cost": o["annual_cost"],
                "completeness": o.get("completeness"),
                "interruption": o.get("interruption"),
                "reasons": "; ".join(o["reasons"] or o["warnings"]),
            }
            for o in payload["options"]
        ]
    )
    items = pd.DataFrame(
        [
            {"option": f"{o['platform']}/{o['purchase']}", **i}
            for o in payload["options"]
            for i in o["line_items"]
        ],
        columns=[
            "option",
            "item",
            "service",
            "quantity",
            "unit",
            "rate",
            "cost",
            "source",
            "as_of",
            "confidence",
        ],
    )
    allocation = pd.DataFrame(
        [
            {"option": f"{o['platform']}/{o['purchase']}", **a}
            for o in payload["options"]
            for a in o["allocation"]
        ],
        columns=["option", "service", "cost", "direct", "shared", "idle"],
    )
    assumptions = [("assumption", k, v) for k, v in payload["workload"]["assumptions"].items()]
    sources = sorted({(i["source"], i["as_of"]) for o in payload["options"] for i in o["line_items"]})
    return {
        "Summary": (pd.DataFrame(summary, columns=["key", "value"], dtype=object), ()),
        "Options": (options, ("monthly_cost", "annual_cost")),
        "Line items": (items, ("cost",)),
        "Cost per service": (allocation, ("cost", "direct", "shared", "idle")),
        "Assumptions & sources": (
            _pairs(
                [
                    ("price source", pricing["source"], pricing["as_of"], pricing["detail"]),
                    *assumptions,
                    *(("source", s, a) for s, a in sources),
                ]
            ),
            (),
        ),
    }


def batch_sheets(
    meta: Mapping[str, Any], totals: Mapping[str, Any], chunks: Sequence[Any]
) -> dict[str, tuple[pd.DataFrame, Sequence[str]]]:
    """The sheets of a batch report (`meta`, `totals` as `batch.meta` makes them)."""
    option_ids = tuple(meta["options"])
    wide = pd.concat([wide_frame(c) for c in chunks], ignore_index=True) if chunks else pd.DataFrame()
    money = wide_money_columns(option_ids)
    items = (
        pd.concat([long_frame(c) for c in chunks], ignore_index=True)
        if chunks and chunks[0].items is not None
        else pd.DataFrame({"note": ["line items: run the batch with --layout long"]})
    )
    per_service = pd.DataFrame(
        {
            "row": np.concatenate([c.row for c in chunks]) if chunks else [],
            "name": np.concatenate([c.name for c in chunks]) if chunks else [],
            "group": np.concatenate([c.group for c in chunks]) if chunks else [],
            **{m: wide[m].to_numpy() if m in wide else [] for m in money[: len(option_ids)]},
        }
    )
    return {
        "Summary": (_pairs(totals_rows(totals)), ()),
        "Options": (wide, money),
        "Line items": (items, ("cost",)),
        "Cost per service": (per_service, money[: len(option_ids)]),
        "Assumptions & sources": (_pairs(meta_rows(meta)), ()),
    }
