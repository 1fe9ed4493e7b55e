"""The dashboard's workload as a batch report: one row per service, as a batch file has them,
so its CSV download is written by the same code as `batch`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from advisor.batch.advice import baseline_index, savings_vs_baseline
from advisor.batch.columns import SERVICE_COLUMNS, resolve_columns
from advisor.batch.notes import option_notes, status_of_dict
from advisor.batch.results import (
    ChunkResult,
    GroupTotal,
    Summary,
    allocation_lines,
    incomplete_note,
    long_items,
)
from advisor.batch.rows import BatchOptions
from advisor.batch.table import BatchReport
from advisor.decision.allocation import ServiceCost
from advisor.model.money import cents, cents_array
from advisor.model.prices import PriceSource, SourceKind
from advisor.model.workload import KubernetesNeed, Platform, Purchase, default_purchases
from advisor.model.workload_file import assumptions_from_dict, choices_from, service_from_dict
from advisor.reporting.csv_writer import number_text

PAYLOAD_COLUMNS = SERVICE_COLUMNS[: SERVICE_COLUMNS.index("spot_ok") + 1]
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
        return number_text(value)
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
    A multi-service workload is one group, 'workload'; each row is its service's `allocation`
    in the payload (cost per service, in cents that add up to the option's total), as a batch
    run allocates it. The long layout's line items are the payload's (quantity to 6
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
    platforms = choices_from(workload["platforms"], Platform, "platforms")
    purchases = choices_from(workload["purchases"], Purchase, "purchases")
    service_objects = tuple(service_from_dict(s) for s in services)
    options = BatchOptions(
        assumptions=assumptions_from_dict(workload["assumptions"]),
        region=region,
        platforms=platforms,
        purchases=None if purchases == default_purchases(service_objects) else purchases,
        kubernetes=workload.get("kubernetes", KubernetesNeed.NOT_NEEDED),
    )
    option_ids = options.option_ids
    names = [s["name"] for s in services]
    position = {name: k for k, name in enumerate(names)}
    n, width = len(services), len(option_ids)
    monthly = np.full((n, width), np.nan)
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
            items[0].extend(lines)
            continue
        for item, line in zip(option["line_items"], lines, strict=True):
            if item["service"] in position:
                items[position[item["service"]]].append(line)
        allocated = [
            ServiceCost(a["service"], a["direct"], a["shared"], a["idle"]) for a in option["allocation"]
        ]
        for k, share in enumerate(allocated):
            items[k].extend(allocation_lines(option_id, share, allocated))
        monthly[:, j] = [a["cost"] for a in option["allocation"]]
        group_total.monthly[option_id] = float(option["monthly_cost"])
    rec = payload["recommendation"]
    best = -1 if rec is None else option_ids.index(f"{rec['platform']}/{rec['purchase']}")
    recommended = np.full(n, best, dtype=np.int64)
    recommended_monthly = np.full(n, np.nan)
    savings = np.full(n, np.nan)
    if best >= 0:
        if grouped:
            recommended_monthly = monthly[:, best].copy()
            group_total.recommended = option_ids[best]
            group_total.recommended_monthly = float(rec["monthly_cost"])
        else:
            recommended_monthly[0] = rec["monthly_cost"]
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
    by_option = {f"{o['platform']}/{o['purchase']}": o for o in payload["options"]}
    blank = [o for o in option_ids if o not in by_option or not by_option[o]["feasible"]]
    note = "; ".join(
        x
        for x in (
            incomplete_note(
                {o: tuple(d["missing"]) for o, d in by_option.items() if d["feasible"] and d["missing"]}
            ),
            option_notes(
                {o: status_of_dict(d) for o, d in by_option.items()},
                [o for o in option_ids if o in by_option],  # the batch's order, not the ranking's
                blank,
            ),
        )
        if x
    )
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
        notes=np.full(n, note, dtype=object),
        incomplete=np.array(
            [[bool(by_option.get(o, {}).get("missing")) and by_option[o]["feasible"] for o in option_ids]]
            * n,
            dtype=bool,
        ).reshape(n, len(option_ids)),
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
