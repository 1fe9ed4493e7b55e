"""`python -m advisor estimate`: price one service (flags) or a workload file on every option."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from advisor.cli.files import check_output, output_stream
from advisor.cli.options import add_option_flags, add_service_flags, add_source_flags, workload_from_args
from advisor.cli.output import render_csv, render_json, render_table
from advisor.decision.recommend import compare
from advisor.model.checks import InvalidWorkload
from advisor.reporting.payload import estimate_payload
from advisor.reporting.report import to_xlsx_bytes
from pricing import load_catalog

NAME = "estimate"

LINE_ITEM_COLUMNS = (
    "platform",
    "purchase",
    "service",
    "item",
    "quantity",
    "unit",
    "rate",
    "cost",
    "source",
    "as_of",
    "confidence",
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help="price a workload on ECS/EKS, Fargate/EC2", description=__doc__)
    source = parser.add_argument_group("workload (flags for one service, or a file)")
    source.add_argument("--region")
    add_service_flags(source)
    add_option_flags(parser.add_argument_group("options"))
    output = parser.add_argument_group("output")
    output.add_argument(
        "--format", choices=("table", "json", "csv", "xlsx"), default="table", help="xlsx needs -o FILE"
    )
    output.add_argument(
        "-o", "--output", default="-", help="write to FILE instead of stdout (xlsx: required)"
    )
    add_source_flags(output)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.output == "-":
        raise InvalidWorkload("--format", "xlsx", "writes a binary workbook: give -o FILE.xlsx")
    check_output(args.output)
    workload = workload_from_args(args)
    catalog = load_catalog(args.source, workload.region, refresh=args.refresh)
    families = {spec.family for spec in catalog.instance_types.values()}
    for name in workload.instance_types:
        if name not in families:
            catalog.instance(name)  # UnknownInstanceType with close matches -> exit 2
    comparison = compare(workload, catalog)
    payload = estimate_payload(workload, catalog.source, comparison)
    if args.format == "xlsx":
        with output_stream(args.output) as out:
            out.write(to_xlsx_bytes(payload))
        return 0
    if args.output == "-":
        sys.stdout.write(_text(args.format, payload))
        return 0
    with output_stream(args.output) as out:
        out.write(_text(args.format, payload).encode())
    return 0


def _text(fmt: str, payload: dict[str, Any]) -> str:
    """The estimate as text in `fmt` (json, csv or table)."""
    if fmt == "json":
        return render_json(payload)
    if fmt == "csv":
        rows = []
        for option in payload["options"]:
            ids = {"platform": option["platform"], "purchase": option["purchase"]}
            rows += [{**ids, **item} for item in option["line_items"]]
            # What the option could not price is listed, with no cost, never as $0.
            rows += [{**ids, "item": name, "confidence": "missing"} for name in option["missing"]]
        return render_csv(rows, LINE_ITEM_COLUMNS, money=("cost",))
    return render_estimate_table(payload) + "\n"


def _incomplete_first(warnings: list[str]) -> list[str]:
    """An option's warnings with what it leaves out first, so a cut cell still says so."""
    return sorted(warnings, key=lambda w: not w.startswith("incomplete"))


def render_estimate_table(payload: dict[str, Any]) -> str:
    """The options cheapest first, with the source/date line, for people."""
    rows = []
    for option in payload["options"]:
        capacity = option["capacity"]
        if "instances" in capacity:
            shape = ", ".join(
                f"{i['count']} × {i['instance_type']}"
                + (f" (interruption {i['interruption_band']})" if "interruption_band" in i else "")
                for i in capacity["instances"]
            )
            if len(capacity.get("zones", [])) > 1:
                shape += f" over {len(capacity['zones'])} AZs"
        elif "services" in capacity:
            shape = ", ".join(
                f"{s['task_vcpu']:g} vCPU / {s['task_memory_gb']:g} GB" for s in capacity["services"]
            )
            if option["interruption"]:
                shape += f" (interruption {option['interruption']})"
        else:
            shape = ""
        rows.append(
            {
                "option": f"{option['platform']} / {option['purchase']}",
                "monthly_usd": option["monthly_cost"],
                "annual_usd": option["annual_cost"],
                "capacity": shape,
                "notes": "; ".join(option["reasons"] or _incomplete_first(option["warnings"])),
            }
        )
    pricing = payload["pricing"]
    header = f"Prices: {pricing['source']}, as of {pricing['as_of']}, region {pricing['region']}"
    if pricing["detail"]:
        header += f" ({pricing['detail']})"
    lines = [
        header,
        render_table(rows, ("option", "monthly_usd", "annual_usd", "capacity", "notes"), max_width=90),
    ]
    rec = payload["recommendation"]
    if rec is not None:
        lines += [
            "",
            f"Recommendation: {rec['platform']} / {rec['purchase']} at ${rec['monthly_cost']:,.2f}/month",
        ]
        lines += [f"  - {reason['message']}" for reason in rec["reasons"]]
    if payload["break_even"]:
        lines += ["", "Where the answer flips:"]
        lines += [f"  - {b['description']}" for b in payload["break_even"]]
    if payload["savings_plan"]:
        lines += ["", "Compute Savings Plan for the steady part (each service's lowest band, all month):"]
    for plan in payload["savings_plan"]:
        term = "1-year" if plan["term"].endswith("1y") else "3-year"
        if plan["feasible"]:
            lines.append(
                f"  - {term}: commit ${plan['hourly_commitment']:,.4f}/h for the steady part "
                f"({plan['steady']}) on {plan['platform']}; saves ${plan['annual_savings']:,.2f}/year "
                f"(${plan['monthly_savings']:,.2f}/month) at {plan['rate']}."
            )
        else:
            lines.append(f"  - {term}: not estimated, {plan['reason']}.")
    sizing = payload["rightsizing"]
    if sizing and sizing["recommended"]:
        saved = sizing["recommended"]
        per_service = ", ".join(
            f"{s['name']} ${s['savings']:,.2f}"
            for s in sizing["services"]
            if s["savings"] is not None and s["savings"] > 0
        )
        lines += [
            "",
            f"Right-sizing to {sizing['target_util']:.0%} utilization saves ${saved['savings']:,.2f}/month "
            f"on the recommended {saved['option']}" + (f" ({per_service})." if per_service else "."),
        ]
        lines += [
            f"  - {s['name']}: {s['vcpu']:g} vCPU / {s['memory_gb']:g} GB → EC2/EKS {s['new_vcpu']:g} vCPU / "
            f"{s['new_memory_gb']:g} GB"
            + (
                ""
                if s["fargate_vcpu"] is None
                else f", Fargate {s['fargate_vcpu']:g} vCPU / {s['fargate_memory_gb']:g} GB"
            )
            for s in sizing["services"]
            if (s["new_vcpu"], s["new_memory_gb"]) != (s["vcpu"], s["memory_gb"])
        ]
    return "\n".join(lines)
