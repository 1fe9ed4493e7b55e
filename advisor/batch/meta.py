"""What a batch report states around its rows: the price source, options and assumptions
before them, and the counts and totals after them (as records and as `#` CSV lines)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from advisor.batch.columns import Columns
from advisor.batch.layouts import check_layout
from advisor.batch.results import Summary
from advisor.batch.rows import BatchOptions
from advisor.model.money import annual_usd, cents
from advisor.model.prices import HOURS_PER_MONTH, PriceSource
from advisor.model.workload import Assumptions
from advisor.reporting.csv_writer import CSV_BOM, comment_lines, money_text

SAVINGS_NOTE = (
    "ECS on Fargate on-demand minus the recommended option, each rounded to the cent; where "
    "Fargate on-demand is not feasible, the cheapest other feasible option (the next best) "
    "minus the recommended; negative when the recommended option costs more for its trade-offs"
)
GROUP_NOTE = (
    "rows sharing a group are one workload priced together; each row carries its service's cost "
    "(chargeback): its own line items, its share of the EC2 fleet hours allocated to tasks (by "
    "requested vCPU-hours and GiB-hours at OpenCost's CPU:RAM price ratio) and of idle capacity, "
    "control plane and add-ons (in proportion to cost); the rows add up to the group's totals"
)
NOTES_NOTE = (
    "a row's options priced without a rate its region lacks in the price source (named); their "
    "costs leave those items out (never $0 for them), are counted as incomplete_rows in the totals "
    "and are recommended only where no complete option is eligible; why a cell is blank (not asked: "
    "Spot for a row that is not spot_ok; not feasible: the reason); options priced on an assumption "
    "rather than a published rate (named; EC2 Spot's ec2_spot_discount, used only for types without "
    "a feed rate, is stated with the assumptions above)"
)
KUBERNETES_NOTE = (
    "required: only EKS options are recommended; preferred: EKS options weigh more in the score; "
    "not-needed: EKS is recommended only where it costs less than every ECS option"
)
MONEY_NOTE = (
    "USD per month unless named annual; each figure rounded to the cent, annual = 12 x the monthly "
    "as written, every total = the sum of the written figures it totals"
)
SAME_ROWS_NOTE = (
    "same_rows_*: the option's total over only the rows where every option priced anywhere in the "
    "report is priced, so options compare like with like; monthly/annual/rows: every row where it is priced"
)
LONG_NOTE = (
    "one line per (row, option, line item); quantity, rate and cost are not rounded, so "
    "a pivot table's sum of cost per row and option equals the wide layout's monthly figure "
    "(a group's row: to within a cent, the wide figures being rounded to add up to the group); "
    "a group's rows carry their shares of pooled costs as 'share of …' lines (share x pool = cost)"
)


def batch_meta(
    report_options: BatchOptions, columns: Columns, source: PriceSource | None, layout: str
) -> dict:
    """What a batch report states before its rows: prices, options, assumptions, definitions."""
    check_layout(layout)
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
        "kubernetes": report_options.kubernetes.value,
        "assumptions": assumptions,
        "hours_per_month": HOURS_PER_MONTH,
        "money": MONEY_NOTE,
        "savings_vs_fargate": SAVINGS_NOTE,
        "same_rows": SAME_ROWS_NOTE,
        "notes": NOTES_NOTE,
        "ignored_columns": list(columns.ignored),
    }
    if columns.has_group:
        meta["groups"] = GROUP_NOTE
    if layout == "long":
        meta["long"] = LONG_NOTE
    return meta


def _usd(whole_cents: int) -> float:
    return whole_cents / 100.0 + 0.0


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
        "same_rows": summary.same_rows,
        "options": [
            {
                "option": option,
                "rows": summary.priced.get(option, 0),
                "incomplete_rows": summary.incomplete.get(option, 0),
                "monthly": _usd(summary.monthly.get(option, 0)),
                "annual": _usd(12 * summary.monthly.get(option, 0)),
                "same_rows_monthly": _usd(summary.same_rows_monthly(option)),
                "same_rows_annual": _usd(12 * summary.same_rows_monthly(option)),
            }
            for option in summary.option_ids
        ],
        "recommended": {
            "rows": summary.recommended_rows,
            "monthly": _usd(summary.recommended_monthly),
            "annual": _usd(12 * summary.recommended_monthly),
        },
        "savings_vs_fargate": {"monthly": _usd(summary.savings), "annual": _usd(12 * summary.savings)},
        "groups": [
            {
                "group": g.name,
                "region": g.region,
                "rows": len(g.rows),
                "recommended": g.recommended or None,
                "monthly": None if g.recommended_monthly is None else cents(g.recommended_monthly),
                "annual": None if g.recommended_monthly is None else annual_usd(g.recommended_monthly),
                "savings_vs_fargate": None if g.savings is None else cents(g.savings),
                "options": {
                    o: {"monthly": cents(usd), "annual": annual_usd(usd)} for o, usd in g.monthly.items()
                },
                "error": g.error or None,
            }
            for g in summary.groups.values()
        ],
    }


def meta_rows(meta: Mapping[str, Any]) -> list[list[Any]]:
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
        ["kubernetes", meta["kubernetes"], KUBERNETES_NOTE],
    ]
    rows += [
        ["assumption", name, "not set" if value is None else value]
        for name, value in meta["assumptions"].items()
    ]
    rows += [
        ["hours_per_month", meta["hours_per_month"], "AWS Pricing Calculator month"],
        ["money", meta["money"]],
        ["savings_vs_fargate", meta["savings_vs_fargate"]],
        ["same_rows", meta["same_rows"]],
        ["notes", meta["notes"]],
    ]
    for key in ("groups", "long"):
        if key in meta:
            rows.append([key, meta[key]])
    if meta["ignored_columns"]:
        rows.append(["ignored_columns", *meta["ignored_columns"]])
    return rows


def totals_rows(totals: Mapping[str, Any]) -> list[list[Any]]:
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
            "same_rows_monthly",
            money_text(o["same_rows_monthly"]),
            "same_rows_annual",
            money_text(o["same_rows_annual"]),
            "same_rows",
            totals["same_rows"],
            "incomplete_rows",
            o["incomplete_rows"],
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
    return CSV_BOM.encode() + comment_lines(meta_rows(meta))


def csv_tail(totals: Mapping[str, Any]) -> bytes:
    """The end of a CSV report: `#` lines with counts, regions and totals."""
    return comment_lines(totals_rows(totals))
