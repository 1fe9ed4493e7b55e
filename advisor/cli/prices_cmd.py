"""`python -m advisor prices {ec2|fargate|eks|fees|coverage}`: the catalog as the engine sees it.

`fees` is the management fee of ECS Managed Instances and EKS Auto Mode per Linux instance type,
labelled a price (the Price List's fee) or an assumption (`management_fee_fraction`).
`coverage` is the region × item matrix of what the catalog prices (every snapshot region, or
the one `--region`), each cell the as-of date of its rates or "—".
"""

from __future__ import annotations

import argparse
import sys

from advisor.cli.output import render_csv, render_json, render_table
from advisor.model.prices import PriceCatalog, SourceKind
from advisor.reporting.catalog_view import (
    EC2_COLUMNS,
    FEE_COLUMNS,
    RATE_COLUMNS,
    ec2_rows,
    fee_rows,
    rate_rows,
)
from advisor.reporting.coverage import COVERAGE_COLUMNS, coverage_row
from pricing import Source, load_catalog, load_offer_file, snapshot_regions

NAME = "prices"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help="show the price catalog for a region", description=__doc__)
    parser.add_argument("platform", choices=("ec2", "fargate", "eks", "fees", "coverage"))
    parser.add_argument("--region", help="required except for coverage (default: every snapshot region)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--source", choices=[s.value for s in Source], default=Source.SNAPSHOT.value)
    parser.add_argument("--refresh", action="store_true", help="ignore the live-price cache")
    parser.add_argument(
        "--os", choices=("linux", "windows"), default="linux", help="EC2 operating system (default linux)"
    )
    parser.add_argument(
        "--offer-file",
        metavar="PATH_OR_URL",
        help="read prices from an AWS Price List bulk offer file (JSON or CSV, local path or https "
        "URL) instead of --source; instance specs come from the snapshot",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.offer_file and args.source != Source.SNAPSHOT.value:
        print("error: --offer-file replaces --source; give one of them", file=sys.stderr)
        return 2
    if args.platform == "coverage":
        return _coverage(args)
    if not args.region:
        print(f"error: --region is required for prices {args.platform}", file=sys.stderr)
        return 2
    if args.platform == "fees" and args.os != "linux":
        print("error: ECS Managed Instances and EKS Auto Mode run Linux only; drop --os", file=sys.stderr)
        return 2
    catalog = _catalog(args, args.region)
    columns: tuple[str, ...]
    if args.platform == "ec2":
        rows, columns = ec2_rows(catalog, args.os), EC2_COLUMNS
    elif args.platform == "fees":
        rows, columns = fee_rows(catalog), FEE_COLUMNS
    else:
        rows, columns = rate_rows(catalog, args.platform), RATE_COLUMNS
    if not rows:
        hint = (
            "not in snapshot — refresh live (--source live)"
            if catalog.source.kind is SourceKind.SNAPSHOT
            else "the source has none for this region"
        )
        print(
            f"no {args.platform} prices for {args.region} in the {catalog.source.label}: {hint}",
            file=sys.stderr,
        )
        return 1
    if args.format == "json":
        sys.stdout.write(
            render_json(
                {
                    "pricing": {
                        "source": catalog.source.label,
                        "as_of": catalog.source.as_of,
                        "region": catalog.region,
                        "detail": catalog.source.detail,
                    },
                    "rows": rows,
                }
            )
        )
    elif args.format == "csv":
        sys.stdout.write(render_csv(rows, columns))
    else:
        print(f"{catalog.source.caption()}, region {catalog.region}")
        print(render_table(rows, columns))
    return 0


def _catalog(args: argparse.Namespace, region: str) -> PriceCatalog:
    if args.offer_file:
        return load_offer_file(args.offer_file, region)
    return load_catalog(args.source, region, refresh=args.refresh)


def _coverage(args: argparse.Namespace) -> int:
    """The coverage matrix of the asked regions (all snapshot regions by default)."""
    catalogs = [_catalog(args, region) for region in ([args.region] if args.region else snapshot_regions())]
    rows = [coverage_row(catalog) for catalog in catalogs]
    if args.format == "json":
        sources = sorted({c.source.label for c in catalogs})
        sys.stdout.write(render_json({"pricing": {"source": "; ".join(sources)}, "rows": rows}))
    elif args.format == "csv":
        sys.stdout.write(render_csv(rows, COVERAGE_COLUMNS))
    else:
        print(f"Price coverage: {catalogs[0].source.label}; each cell is the as-of date of its rates, — none")
        print(render_table(rows, COVERAGE_COLUMNS, max_width=24))
    return 0
