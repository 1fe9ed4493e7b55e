"""`python -m advisor estimate`: price one service (flags) or a workload file on every option."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from advisor.cli.output import render_csv, render_json, render_table
from advisor.decision.recommend import compare
from advisor.model.workload import InvalidWorkload, Platform, Purchase, Workload
from advisor.model.workload_file import parse_mapping, workload_from_dict
from advisor.reporting.report import estimate_payload, line_item_dict
from pricing import Source, load_catalog

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


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value.strip()


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help="price a workload on ECS/EKS, Fargate/EC2", description=__doc__)
    source = parser.add_argument_group("workload (flags for one service, or a file)")
    source.add_argument("--workload", type=Path, metavar="FILE", help="YAML or JSON workload file")
    source.add_argument("--region")
    source.add_argument("--name", default="service")
    source.add_argument("--vcpu", type=float)
    source.add_argument("--memory-gb", type=float)
    source.add_argument("--tasks", type=int)
    source.add_argument("--hours-per-month", type=float)
    source.add_argument("--storage-gb", type=float)
    source.add_argument("--arch", choices=("x86_64", "arm64", "any"))
    source.add_argument("--os", choices=("linux", "windows"))
    source.add_argument("--cpu-util", type=float, help="average CPU use, fraction of the request")
    source.add_argument("--mem-util", type=float, help="average memory use, fraction of the request")
    source.add_argument("--spot-ok", action="store_true", help="the service tolerates interruption")
    source.add_argument("--network-mode", choices=("awsvpc", "bridge", "host"))
    source.add_argument("--gpu-count", type=int)
    options = parser.add_argument_group("options")
    options.add_argument("--instance-types", help="comma-separated allow-list of types or families")
    options.add_argument("--platforms", help=f"comma-separated, from {', '.join(p.value for p in Platform)}")
    options.add_argument("--purchases", help=f"comma-separated, from {', '.join(p.value for p in Purchase)}")
    options.add_argument(
        "--assume",
        action="append",
        type=_key_value,
        default=[],
        metavar="KEY=VALUE",
        help="override an assumption, e.g. --assume headroom=0.1 (repeatable)",
    )
    options.add_argument(
        "--addon",
        action="append",
        type=_key_value,
        default=[],
        metavar="KEY=VALUE",
        help="add-on, e.g. --addon alb_count=1 --addon public_ipv4=true (repeatable)",
    )
    output = parser.add_argument_group("output")
    output.add_argument("--format", choices=("table", "json", "csv"), default="table")
    output.add_argument("--source", choices=[s.value for s in Source], default=Source.SNAPSHOT.value)
    output.add_argument("--refresh", action="store_true", help="ignore the live-price cache")
    parser.set_defaults(run=run)


SERVICE_FLAGS = (
    "vcpu",
    "memory_gb",
    "tasks",
    "hours_per_month",
    "storage_gb",
    "arch",
    "os",
    "cpu_util",
    "mem_util",
    "network_mode",
    "gpu_count",
)


def workload_from_args(args: argparse.Namespace) -> Workload:
    """The workload the flags describe; flags given with --workload override the file."""
    data: dict[str, Any]
    if args.workload is not None:
        try:
            text = args.workload.read_text()
        except OSError as err:
            raise InvalidWorkload(
                "--workload", str(args.workload), f"cannot be read: {err.strerror}"
            ) from err
        data = parse_mapping(text, str(args.workload))
        if any(getattr(args, flag) is not None for flag in SERVICE_FLAGS) or args.spot_ok:
            raise InvalidWorkload("--workload", str(args.workload), "give service flags or a file, not both")
    else:
        service: dict[str, Any] = {"name": args.name}
        for flag in SERVICE_FLAGS:
            if getattr(args, flag) is not None:
                service[flag] = getattr(args, flag)
        if args.spot_ok:
            service["spot_ok"] = True
        if "vcpu" not in service:
            raise InvalidWorkload("--vcpu", None, "is required (or give --workload FILE)")
        if "memory_gb" not in service:
            raise InvalidWorkload("--memory-gb", None, "is required (or give --workload FILE)")
        data = {"services": [service]}
    if args.region:
        data["region"] = args.region
    if not data.get("region"):
        raise InvalidWorkload("--region", None, "is required")
    for key in ("platforms", "purchases", "instance_types"):
        if getattr(args, key):
            data[key] = getattr(args, key)
    if args.assume:
        data["assumptions"] = {**(data.get("assumptions") or {}), **dict(args.assume)}
    if args.addon:
        data["addons"] = {**(data.get("addons") or {}), **dict(args.addon)}
    return workload_from_dict(data)


def run(args: argparse.Namespace) -> int:
    workload = workload_from_args(args)
    catalog = load_catalog(args.source, workload.region, refresh=args.refresh)
    families = {spec.family for spec in catalog.instance_types.values()}
    for name in workload.instance_types:
        if name not in families:
            catalog.instance(name)  # UnknownInstanceType with close matches -> exit 2
    comparison = compare(workload, catalog)
    payload = estimate_payload(workload, catalog.source, comparison)
    if args.format == "json":
        sys.stdout.write(render_json(payload))
    elif args.format == "csv":
        rows = [
            {"platform": r.platform.value, "purchase": r.purchase.value, **line_item_dict(item)}
            for r in comparison.results
            for item in r.line_items
        ]
        sys.stdout.write(render_csv(rows, LINE_ITEM_COLUMNS))
    else:
        print(render_estimate_table(payload))
    return 0


def render_estimate_table(payload: dict[str, Any]) -> str:
    """The options cheapest first, with the source/date line, for people."""
    rows = []
    for option in payload["options"]:
        capacity = option["capacity"]
        if "instances" in capacity:
            shape = ", ".join(f"{i['count']} × {i['instance_type']}" for i in capacity["instances"])
        elif "services" in capacity:
            shape = ", ".join(
                f"{s['task_vcpu']:g} vCPU / {s['task_memory_gb']:g} GB" for s in capacity["services"]
            )
        else:
            shape = ""
        rows.append(
            {
                "option": f"{option['platform']} / {option['purchase']}",
                "monthly_usd": option["monthly_cost"],
                "annual_usd": option["annual_cost"],
                "capacity": shape,
                "notes": "; ".join(option["reasons"] or option["warnings"]),
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
    sizing = payload["rightsizing"]
    if sizing and sizing["options"]:
        best = max(sizing["options"], key=lambda o: o["savings"])
        lines += [
            "",
            f"Right-sizing to {sizing['target_util']:.0%} utilization saves up to "
            f"${best['savings']:,.2f}/month ({best['option']}).",
        ]
    return "\n".join(lines)
