"""Results as data for people and tools: JSON payloads, tables and CSV bytes.

One module, so the CLI, the batch reports and the dashboard's downloads produce the same
fields and the same bytes for the same inputs. Money is rounded to cents here, at export,
and nowhere earlier.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

import numpy as np
import pandas as pd

from advisor.decision.recommend import Comparison
from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.money import cents, cents_array
from advisor.model.prices import HOURS_PER_MONTH, PriceSource, SourceKind
from advisor.model.workload import Assumptions, Platform, Purchase, Workload, default_purchases
from advisor.model.workload_file import assumptions_from_dict, service_from_dict, workload_to_dict
from advisor.reporting.batch import (
    LONG_COLUMNS,
    BatchOptions,
    BatchReport,
    ChunkResult,
    Columns,
    GroupTotal,
    Summary,
    baseline_index,
    long_items,
    resolve_columns,
    savings_vs_baseline,
)


def line_item_dict(item: LineItem) -> dict[str, Any]:
    return {
        "item": item.item,
        "service": item.service,
        "quantity": round(float(item.quantity), 6),
        "unit": item.unit,
        "rate": float(item.rate_usd),
        "cost": cents(item.monthly_usd),
        "source": item.source,
        "as_of": item.as_of,
        "confidence": item.confidence.value,
    }


def capacity_dict(result: CostBreakdown) -> dict[str, Any]:
    """Fargate: task sizes after rounding; EC2 paths: the packed fleet and its utilization."""
    capacity = result.capacity
    out: dict[str, Any] = {}
    if capacity.task_sizes:
        sizes = list(capacity.task_sizes.items())
        if len(sizes) == 1:
            out["task_vcpu"], out["task_memory_gb"] = sizes[0][1]
        out["services"] = [
            {"name": name, "task_vcpu": vcpu, "task_memory_gb": memory} for name, (vcpu, memory) in sizes
        ]
    if capacity.fleet:
        out["instances"] = [
            {
                "instance_type": entry.instance_type,
                "count": entry.count,
                "tasks_per_instance": round(float(entry.tasks_per_instance), 3),
            }
            for entry in capacity.fleet
        ]
    for name in ("vcpu_utilization", "memory_utilization", "eni_utilization", "pod_utilization"):
        value = getattr(capacity, name)
        if value is not None:
            out[name] = round(float(value), 4)
    if capacity.max_pods is not None:
        out["max_pods"] = capacity.max_pods
    return out


def option_dict(result: CostBreakdown) -> dict[str, Any]:
    """One option as the JSON contract names it (platform, purchase, feasible, …)."""
    return {
        "platform": result.platform.value,
        "purchase": result.purchase.value,
        "feasible": result.feasible,
        "reasons": list(result.reasons),
        "warnings": list(result.warnings),
        "monthly_cost": cents(result.monthly_usd) if result.feasible else None,
        "annual_cost": cents(result.monthly_usd * 12) if result.feasible else None,
        "line_items": [line_item_dict(item) for item in result.line_items],
        "capacity": capacity_dict(result),
    }


def pricing_dict(source: PriceSource, region: str) -> dict[str, Any]:
    return {
        "source": source.label,
        "kind": source.kind.value,
        "as_of": source.as_of,
        "region": region,
        "detail": source.detail,
    }


def recommendation_dict(comparison: Comparison) -> dict[str, Any] | None:
    rec = comparison.recommendation
    if rec is None:
        return None
    return {
        "platform": rec.platform.value,
        "purchase": rec.purchase.value,
        "monthly_cost": cents(rec.monthly_usd),
        "annual_cost": cents(rec.monthly_usd * 12),
        "savings_vs_next": None if rec.savings_vs_next_usd is None else cents(rec.savings_vs_next_usd),
        "savings_vs_next_pct": None if rec.savings_vs_next_pct is None else round(rec.savings_vs_next_pct, 4),
        "score": round(rec.score, 3),
        "reasons": [{"code": r.code, "message": r.message, "value": r.value} for r in rec.reasons],
        "explanation": rec.explanation,
    }


def break_even_dicts(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "dimension": b.dimension,
            "value": round(b.value, 4),
            "below": b.below,
            "above": b.above,
            "description": b.description,
        }
        for b in comparison.break_even
    ]


def rightsizing_dict(comparison: Comparison) -> dict[str, Any] | None:
    sizing = comparison.rightsizing
    if sizing is None:
        return None
    return {
        "target_util": sizing.target_util,
        "services": [
            {
                "name": s.name,
                "vcpu": s.vcpu,
                "memory_gb": s.memory_gib,
                "new_vcpu": s.new_vcpu,
                "new_memory_gb": s.new_memory_gib,
                "note": s.note,
            }
            for s in sizing.services
        ],
        "options": [
            {
                "option": o.option,
                "current_monthly": cents(o.current_usd),
                "rightsized_monthly": cents(o.rightsized_usd),
                "savings": cents(o.savings_usd),
            }
            for o in sizing.options
        ],
    }


def ranking_dicts(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "option": r.result.option_id,
            "rank": r.rank,
            "monthly_cost": cents(r.result.monthly_usd),
            "delta_to_next": None if r.delta_to_next_usd is None else cents(r.delta_to_next_usd),
            "delta_to_next_pct": None if r.delta_to_next_pct is None else round(r.delta_to_next_pct, 4),
            "cost_score": round(r.cost_score, 3),
            "tradeoff_score": round(r.tradeoff_score, 3),
            "score": round(r.score, 3),
            "tco_monthly": None if r.tco_monthly_usd is None else cents(r.tco_monthly_usd),
        }
        for r in comparison.ranked
    ]


def estimate_payload(workload: Workload, source: PriceSource, comparison: Comparison) -> dict[str, Any]:
    """The `estimate --format json` object: pricing, workload, options and the advice."""
    return {
        "pricing": pricing_dict(source, workload.region),
        "workload": workload_to_dict(workload),
        "options": [option_dict(result) for result in comparison.results],
        "ranking": ranking_dicts(comparison),
        "recommendation": recommendation_dict(comparison),
        "break_even": break_even_dicts(comparison),
        "rightsizing": rightsizing_dict(comparison),
    }


# --- CSV reports: batch estimates and the dashboard's download ---------------------------------
#
# One writer for every CSV the advisor produces, so the CLI and the dashboard write the same
# bytes for the same inputs. It is safe to open in Excel (OWASP "CSV Injection"): a text cell
# that begins with =, +, -, @, a tab or a carriage return gets a leading single quote, so the
# spreadsheet shows it as text instead of running it as a formula; numbers stay numbers (a
# negative amount is written as -12.50, not as text). Reports begin with a UTF-8 byte-order mark
# so Excel reads the × and — in line item names, and carry their provenance in `#` comment
# lines (`pandas.read_csv(..., comment="#")` skips them; every cell containing '#' is quoted).

CSV_BOM = "\ufeff"
CSV_INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP CSV Injection)."""

_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NEEDS_QUOTES = re.compile(r'[,"\r\n#]')


def neutralize(text: str) -> str:
    """A text cell made safe for spreadsheets: formula-like text gets a leading single quote.

    Text that is a plain decimal number ('-5', '+1.5', '2e3') is a number, not a formula, and
    is left alone so that spreadsheets still read it as one.
    """
    if text and text[0] in CSV_INJECTION_PREFIXES and not _NUMBER_TEXT.fullmatch(text):
        return "'" + text
    return text


def csv_text(text: str) -> str:
    """One text cell as written: neutralized, then quoted when CSV syntax requires it."""
    safe = neutralize(text)
    if _NEEDS_QUOTES.search(safe):
        return '"' + safe.replace('"', '""') + '"'
    return safe


_NUMBER_FORMAT = "{:.15g}"
"""A number in 15 significant digits: 19.4304, not 19.430400000000002 (float noise)."""


def _number_text(value: float) -> str:
    return _NUMBER_FORMAT.format(value)


def _format_text_column(values: pd.Series) -> list[str]:
    """Each distinct text once (a column of a million repeated values costs a few calls)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    formatted = np.array(["" if v is None else csv_text(str(v)) for v in uniques] + [""], dtype=object)
    return formatted[codes].tolist()


def _format_column(values: pd.Series, money: bool) -> list[str]:
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return ["true" if v else "false" for v in values.tolist()]
    if pd.api.types.is_integer_dtype(dtype):
        return ["" if v is None or v is pd.NA else str(v) for v in values.astype(object).tolist()]
    if pd.api.types.is_float_dtype(dtype):
        floats = values.to_numpy(dtype=np.float64)
        # "+ 0.0" turns -0.0 into 0.0 so nothing prints as "-0" or "-0.00".
        if money:
            cells = list(map("{:.2f}".format, cents_array(floats).tolist()))
        else:
            cells = list(map(_NUMBER_FORMAT.format, (floats + 0.0).tolist()))
        for gap in np.flatnonzero(np.isnan(floats)).tolist():
            cells[gap] = ""
        return cells
    return _format_text_column(values.astype(object).where(values.notna(), None))


def frame_to_csv_bytes(frame: pd.DataFrame, *, money: Collection[str] = (), header: bool = True) -> bytes:
    """Rows of a report frame as CSV: text neutralized, money to the cent, numbers as numbers.

    Float columns named in `money` are written with two decimals (rounded like `cents`); other
    floats in their shortest exact form; NaN and None as empty cells; booleans as true/false.
    Lines end with '\\n'.
    """
    columns = [_format_column(frame[c], c in money) for c in frame.columns]
    lines = []
    if header:
        lines.append(",".join(csv_text(str(c)) for c in frame.columns))
    if len(frame):
        lines.append("\n".join(map(",".join, zip(*columns, strict=True))))
    text = "\n".join(lines)
    return (text + "\n").encode() if text else b""


def comment_lines(rows: Iterable[Sequence[Any]]) -> bytes:
    """`# key,value,…` lines: provenance and totals around a report's rows.

    The first cell is the key (plain words); the others are cells like any other, neutralized
    and quoted, money and numbers as numbers.
    """
    out = []
    for key, *cells in rows:
        parts = [f"# {key}"]
        for cell in cells:
            if cell is None:
                parts.append("")
            elif isinstance(cell, bool):
                parts.append("true" if cell else "false")
            elif isinstance(cell, int):
                parts.append(str(cell))
            elif isinstance(cell, float):
                parts.append(_number_text(cell + 0.0))
            else:
                parts.append(csv_text(str(cell)))
        out.append(",".join(parts))
    return ("\n".join(out) + "\n").encode() if out else b""


def money_text(usd: float | None) -> str:
    """Money as a report writes it: to the cent, two decimals ('' for none)."""
    if usd is None or math.isnan(usd):
        return ""
    return f"{cents(usd):.2f}"


# --- batch reports: wide and long layouts, CSV and JSON Lines ----------------------------------

LAYOUTS = ("wide", "long")
WIDE_TAIL = (
    "recommended_platform",
    "recommended_purchase",
    "recommended_monthly",
    "recommended_annual",
    "savings_vs_fargate",
    "error",
)
WIDE_MONEY_TAIL = ("recommended_monthly", "recommended_annual", "savings_vs_fargate")

SAVINGS_NOTE = (
    "ECS on Fargate on-demand minus the recommended option, each rounded to the cent; where "
    "Fargate on-demand is not feasible, the cheapest other feasible option (the next best) "
    "minus the recommended; negative when the recommended option costs more for its trade-offs"
)
GROUP_NOTE = (
    "rows sharing a group are one workload priced together; each line item is on the row of "
    "its service and shared items (EC2 fleet, EKS control plane) on the group's first row, so "
    "column sums are the group's totals"
)
MONEY_NOTE = "USD per month unless named annual (12 x monthly); rounded to the cent when written"
LONG_NOTE = (
    "one line per (row, option, line item); quantity, rate and cost are not rounded, so "
    "a pivot table's sum of cost per row and option equals the wide layout's monthly figure"
)


def option_column(option_id: str) -> str:
    """'ecs-fargate/on-demand' → 'monthly_ecs-fargate_on-demand' (the ids kept exactly)."""
    platform, purchase = option_id.split("/")
    return f"monthly_{platform}_{purchase}"


def _check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ValueError(f"layout {layout!r} is unknown; allowed: {', '.join(LAYOUTS)}")


def _input_names(columns: Sequence[str], option_ids: Sequence[str]) -> list[str]:
    """Input column names as echoed; one that clashes with a report column gets 'input_'."""
    taken = {option_column(o) for o in option_ids} | set(WIDE_TAIL)
    return [f"input_{c}" if c in taken else c for c in columns]


def wide_frame(result: ChunkResult) -> pd.DataFrame:
    """Every input column as read, each option's monthly cost, the advice and the error."""
    data: dict[str, Any] = {}
    names = _input_names(list(result.source.columns), result.option_ids)
    for name, column in zip(names, result.source.columns, strict=True):
        data[name] = result.source[column].to_numpy(dtype=object)
    for j, option in enumerate(result.option_ids):
        data[option_column(option)] = result.monthly[:, j]
    platforms = np.array([o.split("/")[0] for o in result.option_ids] + [""], dtype=object)
    purchases = np.array([o.split("/")[1] for o in result.option_ids] + [""], dtype=object)
    data["recommended_platform"] = platforms[result.recommended]
    data["recommended_purchase"] = purchases[result.recommended]
    data["recommended_monthly"] = result.recommended_monthly
    data["recommended_annual"] = result.recommended_annual
    data["savings_vs_fargate"] = result.savings
    data["error"] = result.error
    return pd.DataFrame(data, columns=list(data))


def long_frame(result: ChunkResult) -> pd.DataFrame:
    """The long layout's lines of a chunk (priced with line items)."""
    if result.items is None:
        raise ValueError("the long layout needs results priced with line_items=True")
    return result.items


def wide_money_columns(option_ids: Sequence[str]) -> tuple[str, ...]:
    return (*(option_column(o) for o in option_ids), *WIDE_MONEY_TAIL)


def batch_meta(
    report_options: BatchOptions, columns: Columns, source: PriceSource | None, layout: str
) -> dict:
    """What a batch report states before its rows: prices, options, assumptions, definitions."""
    _check_layout(layout)
    assumptions = {f.name: getattr(report_options.assumptions, f.name) for f in fields(Assumptions)}
    assumptions["eks_support"] = report_options.assumptions.eks_support.value
    meta: dict[str, Any] = {
        "record": "meta",
        "report": "ecs-advisor batch",
        "layout": layout,
        "pricing": None
        if source is None
        else {
            "source": source.label,
            "kind": source.kind.value,
            "as_of": source.as_of,
            "detail": source.detail,
        },
        "default_region": report_options.region or "",
        "options": list(report_options.option_ids),
        "purchases": "as given: " + ", ".join(p.value for p in report_options.purchases)
        if report_options.purchases
        else "per workload: on-demand, and spot where every service is spot_ok (as estimate)",
        "assumptions": assumptions,
        "hours_per_month": HOURS_PER_MONTH,
        "money": MONEY_NOTE,
        "savings_vs_fargate": SAVINGS_NOTE,
        "ignored_columns": list(columns.ignored),
    }
    if columns.has_group:
        meta["groups"] = GROUP_NOTE
    if layout == "long":
        meta["long"] = LONG_NOTE
    return meta


def batch_totals(summary: Summary) -> dict:
    """What a batch report states after its rows: counts, regions and totals per option."""
    return {
        "record": "totals",
        "rows": summary.rows,
        "failed": summary.failed,
        "regions": [
            {
                "region": region,
                "rows": count,
                "source": summary.sources[region].label if region in summary.sources else "",
                "as_of": summary.sources[region].as_of if region in summary.sources else "",
                "detail": summary.sources[region].detail if region in summary.sources else "",
            }
            for region, count in sorted(summary.regions.items())
        ],
        "options": [
            {
                "option": option,
                "rows": summary.priced.get(option, 0),
                "monthly": cents(summary.monthly.get(option, 0.0)),
                "annual": cents(summary.annual.get(option, 0.0)),
            }
            for option in summary.option_ids
        ],
        "recommended": {
            "rows": summary.recommended_rows,
            "monthly": cents(summary.recommended_monthly),
            "annual": cents(summary.recommended_annual),
        },
        "savings_vs_fargate": {"monthly": cents(summary.savings), "annual": cents(summary.savings * 12)},
        "groups": [
            {
                "group": g.name,
                "region": g.region,
                "rows": len(g.rows),
                "recommended": g.recommended or None,
                "monthly": None if g.recommended_monthly is None else cents(g.recommended_monthly),
                "annual": None if g.recommended_monthly is None else cents(g.recommended_monthly * 12),
                "savings_vs_fargate": None if g.savings is None else cents(g.savings),
                "options": {
                    o: {"monthly": cents(usd), "annual": cents(usd * 12)} for o, usd in g.monthly.items()
                },
                "error": g.error or None,
            }
            for g in summary.groups.values()
        ],
    }


def _meta_rows(meta: Mapping[str, Any]) -> list[list[Any]]:
    pricing = meta["pricing"] or {}
    rows: list[list[Any]] = [
        ["ecs-advisor batch report", meta["layout"]],
        ["price_source", pricing.get("source", "none: no row was priced")],
        ["price_kind", pricing.get("kind", "")],
        ["price_as_of", pricing.get("as_of", "")],
    ]
    if pricing.get("detail"):
        rows.append(["price_detail", pricing["detail"]])
    rows += [
        ["default_region", meta["default_region"]],
        ["options", *meta["options"]],
        ["purchases", meta["purchases"]],
    ]
    rows += [
        ["assumption", name, "not set" if value is None else value]
        for name, value in meta["assumptions"].items()
    ]
    rows += [
        ["hours_per_month", meta["hours_per_month"], "AWS Pricing Calculator month"],
        ["money", meta["money"]],
        ["savings_vs_fargate", meta["savings_vs_fargate"]],
    ]
    for key in ("groups", "long"):
        if key in meta:
            rows.append([key, meta[key]])
    if meta["ignored_columns"]:
        rows.append(["ignored_columns", *meta["ignored_columns"]])
    return rows


def _totals_rows(totals: Mapping[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [["rows", totals["rows"], "failed", totals["failed"]]]
    rows += [
        ["region", r["region"], "rows", r["rows"], r["source"], r["as_of"], r["detail"]]
        for r in totals["regions"]
    ]
    rows += [
        [
            "total",
            o["option"],
            "monthly",
            money_text(o["monthly"]),
            "annual",
            money_text(o["annual"]),
            "rows",
            o["rows"],
        ]
        for o in totals["options"]
    ]
    rec = totals["recommended"]
    rows.append(
        [
            "total",
            "recommended",
            "monthly",
            money_text(rec["monthly"]),
            "annual",
            money_text(rec["annual"]),
            "rows",
            rec["rows"],
        ]
    )
    saved = totals["savings_vs_fargate"]
    rows.append(
        [
            "total",
            "savings_vs_fargate",
            "monthly",
            money_text(saved["monthly"]),
            "annual",
            money_text(saved["annual"]),
        ]
    )
    for g in totals["groups"]:
        rows.append(
            [
                "group",
                g["group"],
                g["region"],
                "rows",
                g["rows"],
                "recommended",
                g["recommended"] or "",
                "monthly",
                money_text(g["monthly"]),
                "annual",
                money_text(g["annual"]),
                "savings_vs_fargate",
                money_text(g["savings_vs_fargate"]),
                "error",
                g["error"] or "",
            ]
        )
        rows += [
            [
                "group_total",
                g["group"],
                option,
                "monthly",
                money_text(v["monthly"]),
                "annual",
                money_text(v["annual"]),
            ]
            for option, v in g["options"].items()
        ]
    return rows


def csv_head(meta: Mapping[str, Any]) -> bytes:
    """The start of a CSV report: byte-order mark and the `#` provenance lines."""
    return CSV_BOM.encode() + comment_lines(_meta_rows(meta))


def csv_tail(totals: Mapping[str, Any]) -> bytes:
    """The end of a CSV report: `#` lines with counts, regions and totals."""
    return comment_lines(_totals_rows(totals))


def csv_rows(result: ChunkResult, layout: str, *, header: bool) -> bytes:
    """One chunk's rows (with the column header line for the first chunk)."""
    _check_layout(layout)
    if layout == "wide":
        return frame_to_csv_bytes(
            wide_frame(result), money=wide_money_columns(result.option_ids), header=header
        )
    return frame_to_csv_bytes(long_frame(result), header=header)


def empty_csv_rows(columns: Columns, option_ids: Sequence[str], layout: str) -> bytes:
    """The column header line of a report without rows (a header-only input)."""
    _check_layout(layout)
    if layout == "wide":
        names = [
            *_input_names(list(columns.source), option_ids),
            *(option_column(o) for o in option_ids),
            *WIDE_TAIL,
        ]
    else:
        names = list(LONG_COLUMNS)
    return (",".join(csv_text(n) for n in names) + "\n").encode()


def to_csv_bytes(report: BatchReport | Mapping[str, Any], layout: str = "wide") -> bytes:
    """A whole report as CSV bytes: the one function the CLI and the dashboard both use.

    `report` is a `batch.BatchReport` or an `estimate_payload` (the dashboard's workload, one
    row per service; see `payload_report`). The CLI's `batch` command streams exactly these
    bytes, chunk by chunk.
    """
    if not isinstance(report, BatchReport):
        report = payload_report(report, line_items=layout == "long")
    out = [csv_head(batch_meta(report.options, report.columns, report.source, layout))]
    if report.chunks:
        out += [csv_rows(chunk, layout, header=i == 0) for i, chunk in enumerate(report.chunks)]
    else:
        out.append(empty_csv_rows(report.columns, report.options.option_ids, layout))
    out.append(csv_tail(batch_totals(report.summary)))
    return b"".join(out)


# --- JSON Lines -------------------------------------------------------------------------------


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
            record[key] = None if value is None else float(_number_text(value))
        for key in ("group", "error"):
            record[key] = record[key] or None
        records.append(record)
    return records


def jsonl_bytes(records: Iterable[Mapping[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def jsonl_rows(result: ChunkResult, layout: str) -> bytes:
    _check_layout(layout)
    return jsonl_bytes(wide_records(result) if layout == "wide" else long_records(result))


def to_jsonl_bytes(report: BatchReport | Mapping[str, Any], layout: str = "wide") -> bytes:
    """A whole report as JSON Lines: a meta record, one record per row, a totals record."""
    if not isinstance(report, BatchReport):
        report = payload_report(report, line_items=layout == "long")
    out = [jsonl_bytes([batch_meta(report.options, report.columns, report.source, layout)])]
    out += [jsonl_rows(chunk, layout) for chunk in report.chunks]
    out.append(jsonl_bytes([batch_totals(report.summary)]))
    return b"".join(out)


# --- the dashboard's workload as a batch report -------------------------------------------------

PAYLOAD_COLUMNS = (
    "name",
    "region",
    "vcpu",
    "memory_gb",
    "tasks",
    "hours_per_month",
    "storage_gb",
    "arch",
    "os",
    "cpu_util",
    "mem_util",
    "spot_ok",
)
"""The input columns a workload's services are written with (a batch file's column names)."""

OPTIONAL_COLUMNS: Mapping[str, Any] = {
    "gpu_count": 0,
    "privileged": False,
    "daemon": False,
    "network_mode": "awsvpc",
}
"""Service keys written only when some service of the workload departs from the default."""

PAYLOAD_GROUP = "workload"
"""The group a multi-service workload's rows share in its report."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number_text(value)
    return str(value)


def _usage_cells(service: Mapping[str, Any]) -> tuple[str, str]:
    if "tasks" in service:
        return _cell(service["tasks"]), _cell(service["hours_per_month"])
    if "bands" in service:
        bands = service["bands"]
        return "; ".join(_cell(b["tasks"]) for b in bands), "; ".join(
            _cell(b["hours_per_month"]) for b in bands
        )
    runs = service["runs"]
    return (
        f"{_cell(runs['runs_per_month'])} runs of {_cell(runs['avg_duration_seconds'])} s, "
        f"peak {runs['peak_concurrency']}",
        "",
    )


def payload_report(payload: Mapping[str, Any], *, line_items: bool = False) -> BatchReport:
    """An `estimate_payload` as a batch report: one row per service, as a batch file has them.

    A single-service workload gives exactly the bytes `batch` writes for a one-row file with
    the PAYLOAD_COLUMNS (same cells, no --purchases when the workload's are the default).
    A multi-service workload is one group, 'workload'; its per-row shares are sums of the
    payload's line items, which the payload holds rounded to the cent, so they may differ from
    a batch run by a cent. The long layout's line items are the payload's (quantity to 6
    decimals, cost to the cent), where a batch run writes them unrounded.
    """
    workload = payload["workload"]
    services = list(workload["services"])
    region = workload["region"]
    grouped = len(services) > 1
    extra = [
        k for k, default in OPTIONAL_COLUMNS.items() if any(s.get(k, default) != default for s in services)
    ]
    rows = []
    for service in services:
        tasks, hours = _usage_cells(service)
        cells = {
            "name": service["name"],
            "region": region,
            "vcpu": _cell(service["vcpu"]),
            "memory_gb": _cell(service["memory_gb"]),
            "tasks": tasks,
            "hours_per_month": hours,
            **{key: _cell(service.get(key)) for key in (*PAYLOAD_COLUMNS[6:], *extra)},
        }
        if grouped:
            cells["group"] = PAYLOAD_GROUP
        rows.append(cells)
    source_frame = pd.DataFrame(
        rows, columns=[*PAYLOAD_COLUMNS, *extra, *(["group"] if grouped else [])], dtype=object
    )
    platforms = tuple(Platform(p) for p in workload["platforms"])
    purchases = tuple(Purchase(p) for p in workload["purchases"])
    service_objects = tuple(service_from_dict(s) for s in services)
    options = BatchOptions(
        assumptions=assumptions_from_dict(workload["assumptions"]),
        region=region,
        platforms=platforms,
        purchases=None if purchases == default_purchases(service_objects) else purchases,
    )
    option_ids = options.option_ids
    names = [s["name"] for s in services]
    position = {name: k for k, name in enumerate(names)}
    n, width = len(services), len(option_ids)
    monthly = np.full((n, width), np.nan)
    annual = np.full((n, width), np.nan)
    items: list[list[tuple[Any, ...]]] = [[] for _ in services]
    group_total = GroupTotal(PAYLOAD_GROUP, region, tuple(range(1, n + 1)))
    for option in payload["options"]:
        option_id = f"{option['platform']}/{option['purchase']}"
        j = option_ids.index(option_id)
        lines = _payload_lines(option)
        if not option["feasible"]:
            items[0].extend(lines)
            continue
        if not grouped:
            monthly[0, j] = option["monthly_cost"]
            annual[0, j] = option["annual_cost"]
            items[0].extend(lines)
            continue
        shares = np.zeros(n)
        for item, line in zip(option["line_items"], lines, strict=True):
            k = position.get(item["service"], 0)
            shares[k] += item["cost"]
            items[k].append(line)
        monthly[:, j] = shares
        annual[:, j] = shares * 12
        group_total.monthly[option_id] = float(option["monthly_cost"])
    rec = payload["recommendation"]
    best = -1 if rec is None else option_ids.index(f"{rec['platform']}/{rec['purchase']}")
    recommended = np.full(n, best, dtype=np.int64)
    recommended_monthly = np.full(n, np.nan)
    recommended_annual = np.full(n, np.nan)
    savings = np.full(n, np.nan)
    if best >= 0:
        if grouped:
            recommended_monthly = monthly[:, best].copy()
            recommended_annual = recommended_monthly * 12
            group_total.recommended = option_ids[best]
            group_total.recommended_monthly = float(rec["monthly_cost"])
        else:
            recommended_monthly[0] = rec["monthly_cost"]
            recommended_annual[0] = rec["annual_cost"]
        fargate = (Platform.ECS_FARGATE, Purchase.ON_DEMAND)
        baseline = options.options.index(fargate) if fargate in options.options else None
        if grouped:
            totals = np.array([group_total.monthly.get(o, np.nan) for o in option_ids])
            base = int(baseline_index(totals[None, :], np.array([best]), baseline)[0])
            if base >= 0:
                savings = cents_array(monthly[:, base]) - cents_array(monthly[:, best])
                group_total.savings = float(cents(totals[base]) - cents(totals[best]))
        else:
            savings = savings_vs_baseline(monthly, recommended, baseline)
    chunk = ChunkResult(
        source=source_frame,
        row=np.arange(1, n + 1, dtype=np.int64),
        name=np.array(names, dtype=object),
        group=np.array([PAYLOAD_GROUP if grouped else ""] * n, dtype=object),
        region=np.array([region] * n, dtype=object),
        option_ids=option_ids,
        monthly=monthly,
        recommended=recommended,
        recommended_monthly=recommended_monthly,
        savings=savings,
        error=np.full(n, "", dtype=object),
        items=long_items(
            items,
            row=np.arange(1, n + 1, dtype=np.int64),
            name=np.array(names, dtype=object),
            group=np.array([PAYLOAD_GROUP if grouped else ""] * n, dtype=object),
            region=np.array([region] * n, dtype=object),
            error=np.full(n, "", dtype=object),
        )
        if line_items
        else None,
        annual=annual,
        recommended_annual=recommended_annual,
    )
    pricing = payload["pricing"]
    source = PriceSource(SourceKind(pricing["kind"]), pricing["as_of"], pricing["source"], pricing["detail"])
    summary = Summary(option_ids)
    summary.sources[region] = source
    if grouped:
        summary.groups[PAYLOAD_GROUP] = group_total
    summary.add(chunk)
    columns = resolve_columns(list(source_frame.columns))
    return BatchReport(options, columns, source, (chunk,), summary, line_items)


def _payload_lines(option: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    platform, purchase = option["platform"], option["purchase"]
    if not option["feasible"]:
        why = "not feasible: " + "; ".join(option["reasons"])
        return [(platform, purchase, why, None, None, None, None, None, None, None)]
    return [
        (
            platform,
            purchase,
            item["item"],
            item["quantity"],
            item["unit"],
            item["rate"],
            item["cost"],
            item["source"],
            item["as_of"],
            item["confidence"],
        )
        for item in option["line_items"]
    ]
