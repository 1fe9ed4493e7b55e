"""`python -m advisor compare-regions`: one workload priced in several or all regions.

    python -m advisor compare-regions --vcpu 1 --memory-gb 2 --tasks 4 [--regions all|R1,R2,…]
    python -m advisor compare-regions --workload app.yaml --regions eu-west-1,eu-central-1

The workload is given as for `estimate` (service flags or a workload file; its region is
replaced by each region compared). Regions are listed cheapest first by their cheapest feasible
option; regions priced only incompletely (a rate the snapshot lacks there, such as EBS gp3 or
an add-on's) follow apart, unranked, with what their totals leave out; regions where no
option can be priced come last, each with the reason. Exit codes: 0 at least one region
priced; 1 none; 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from advisor.batch.layouts import option_column
from advisor.cli.options import (
    SERVICE_FLAGS,
    add_option_flags,
    add_service_flags,
    add_source_flags,
    workload_from_args,
)
from advisor.cli.output import render_json, render_table
from advisor.decision.recommend import Comparison, compare
from advisor.model.checks import InvalidWorkload
from advisor.model.money import annual_usd, cents
from advisor.model.prices import PriceSource, PricingError
from advisor.model.workload import Workload
from advisor.reporting.csv_writer import frame_to_csv_bytes
from pricing import load_catalog, snapshot_regions

NAME = "compare-regions"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="price one workload in several or all regions, cheapest first",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--regions", default="all", help="comma-separated regions, or 'all' (every region of the catalog)"
    )
    add_service_flags(
        parser.add_argument_group("workload (as for estimate: flags for one service, or a file)")
    )
    add_option_flags(parser.add_argument_group("options"))
    output = parser.add_argument_group("output")
    output.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_source_flags(output)
    parser.set_defaults(run=run)


@dataclass(frozen=True, slots=True)
class RegionResult:
    """One region's comparison, or why the region could not be priced."""

    region: str
    comparison: Comparison | None
    source: PriceSource | None
    reason: str = ""

    @property
    def cheapest_usd(self) -> float | None:
        if self.comparison is None or not self.comparison.ranked:
            return None
        return self.comparison.ranked[0].result.monthly_usd

    @property
    def missing(self) -> tuple[str, ...]:
        """What the region's best-priced option leaves out (ranking puts complete options first)."""
        if self.comparison is None or not self.comparison.ranked:
            return ()
        return self.comparison.ranked[0].result.missing


def _regions(text: str) -> list[str]:
    if text.strip().lower() == "all":
        return snapshot_regions()
    regions = [r.strip().lower() for r in text.split(",") if r.strip()]
    if not regions:
        raise InvalidWorkload("--regions", text, "give region names separated by commas, or all")
    return list(dict.fromkeys(regions))


def _unpriced_reason(comparison: Comparison) -> str:
    reasons = dict.fromkeys(reason for r in comparison.results for reason in r.reasons)
    return "no option can be priced: " + "; ".join(reasons)


def price_regions(workload: Workload, regions: list[str], source: str, refresh: bool) -> list[RegionResult]:
    """Every region's comparison: complete ones cheapest first, then the incomplete ones
    (cheapest first among themselves), then the regions without one (by name)."""
    results = []
    for region in regions:
        try:
            catalog = load_catalog(source, region, refresh=refresh)
        except PricingError as err:
            results.append(RegionResult(region, None, None, str(err)))
            continue
        comparison = compare(replace(workload, region=region), catalog, analyses=False)
        reason = "" if comparison.ranked else _unpriced_reason(comparison)
        results.append(RegionResult(region, comparison, catalog.source, reason))
    priced = sorted(
        (r for r in results if r.cheapest_usd is not None),
        key=lambda r: (bool(r.missing), r.cheapest_usd, r.region),
    )
    lacking = sorted((r for r in results if r.cheapest_usd is None), key=lambda r: r.region)
    return priced + lacking


def region_rows(workload: Workload, results: list[RegionResult]) -> list[dict[str, Any]]:
    """One row per region: cheapest and recommended options, each option's cost, or the reason."""
    option_ids = [f"{p.value}/{q.value}" for p in workload.platforms for q in workload.purchases]
    best = next((r.cheapest_usd for r in results if r.cheapest_usd is not None and not r.missing), None)
    rows = []
    for rank, result in enumerate(results, start=1):
        comparable = result.cheapest_usd is not None and not result.missing
        row: dict[str, Any] = {
            "rank": rank if comparable else None,
            "region": result.region,
            "completeness": ""
            if result.cheapest_usd is None
            else ("incomplete" if result.missing else "complete"),
        }
        comparison = result.comparison
        by_option = {} if comparison is None else {r.option_id: r for r in comparison.results}
        if comparison is not None and comparison.ranked:
            cheapest = comparison.ranked[0].result
            rec = comparison.recommendation
            row.update(
                cheapest_option=cheapest.option_id,
                cheapest_monthly_usd=cents(cheapest.monthly_usd),
                cheapest_annual_usd=annual_usd(cheapest.monthly_usd),
                vs_cheapest_region_usd=None
                if best is None or not comparable
                else cents(cheapest.monthly_usd - best),
                recommended_option=None if rec is None else f"{rec.platform.value}/{rec.purchase.value}",
                recommended_monthly_usd=None if rec is None else cents(rec.monthly_usd),
            )
        for option in option_ids:
            found = by_option.get(option)
            row[option_column(option)] = (
                cents(found.monthly_usd) if found is not None and found.feasible else None
            )
        unpriced = [o for o in option_ids if row[option_column(o)] is None]
        row["price_as_of"] = "" if result.source is None else result.source.as_of
        notes = [f"incomplete, no rate here for {', '.join(result.missing)}"] if result.missing else []
        if unpriced:
            notes.append(f"not feasible here: {', '.join(unpriced)}")
        row["notes"] = result.reason or "; ".join(notes)
        rows.append(row)
    return rows


TABLE_COLUMNS = (
    "rank",
    "region",
    "completeness",
    "cheapest_option",
    "cheapest_monthly_usd",
    "cheapest_annual_usd",
    "vs_cheapest_region_usd",
    "recommended_option",
    "recommended_monthly_usd",
    "notes",
)


def run(args: argparse.Namespace) -> int:
    regions = _regions(args.regions)
    args.region = regions[0]
    files = (args.workload, args.from_file, args.taskdef)
    if all(f is None for f in files) and all(getattr(args, f) is None for f in SERVICE_FLAGS):
        raise InvalidWorkload("--vcpu", None, "is required (or give --workload FILE)")
    workload = workload_from_args(args)
    results = price_regions(workload, regions, args.source, args.refresh)
    rows = region_rows(workload, results)
    if args.format == "json":
        sys.stdout.write(
            render_json(
                {
                    "workload_regions": regions,
                    "pricing": {
                        r.region: None
                        if r.source is None
                        else {"source": r.source.label, "kind": r.source.kind.value, "as_of": r.source.as_of}
                        for r in results
                    },
                    "regions": rows,
                }
            )
        )
    elif args.format == "csv":
        frame = pd.DataFrame(rows).astype({"rank": "Int64"})
        money = [c for c in frame.columns if c.endswith("_usd") or c.startswith("monthly_")]
        sys.stdout.buffer.write(frame_to_csv_bytes(frame, money=money))
    else:
        source = next((r.source for r in results if r.source is not None), None)
        if source is not None:
            print(source.caption())
        print(render_table(rows, TABLE_COLUMNS, max_width=70))
    return 0 if any(r.cheapest_usd is not None for r in results) else 1
