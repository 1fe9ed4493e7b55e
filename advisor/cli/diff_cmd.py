"""`python -m advisor diff BASE HEAD`: what a change costs, for people, machines and pull requests.

BASE and HEAD are workload files or anything `import` reads (kind detected, or `--from-kind`).
Both are priced with the same price source (one catalog per region) and the same option flags.
Exit codes: 0; 1 when `--fail-above USD` is given and the recommended monthly cost rises by
more than USD (or cannot be compared: no feasible option on a side); 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from advisor.cli.diff_render import render_markdown, render_table
from advisor.cli.options import add_option_flags, add_source_flags, workload_from_mapping
from advisor.cli.output import render_json
from advisor.cli.sources import workload_mapping
from advisor.decision.recommend import compare
from advisor.importers.detect import KINDS
from advisor.model.checks import InvalidWorkload
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Workload
from advisor.reporting.diff import WorkloadDiff, diff
from advisor.reporting.payload import pricing_dict
from pricing import load_catalog

NAME = "diff"
EXIT_OVER_BUDGET = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME, help="monthly cost difference between two workloads (e.g. a pull request)", description=__doc__
    )
    parser.add_argument("base", metavar="BASE", help="workload file or anything `import` reads")
    parser.add_argument("head", metavar="HEAD", help="the changed version")
    parser.add_argument(
        "--from-kind", choices=KINDS, help="the kind of both files, when detection is ambiguous"
    )
    parser.add_argument("--region", help="price both in this region (default: each file's)")
    parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    parser.add_argument(
        "--fail-above",
        type=float,
        metavar="USD",
        help="exit 1 when the recommended monthly cost rises by more than USD (a CI budget guard)",
    )
    add_option_flags(parser.add_argument_group("options (applied to both)"))
    add_source_flags(parser.add_argument_group("prices"))
    parser.set_defaults(run=run)


def _workload(path: str, args: argparse.Namespace) -> Workload:
    return workload_from_mapping(workload_mapping(path, args.from_kind, args.region), args)


def diff_dict(result: WorkloadDiff, pricing: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON contract of `diff --format json`."""
    return {
        "pricing": pricing,
        "services": [
            {
                "name": c.name,
                "status": c.status,
                "changes": list(c.changes),
                "before": c.before,
                "after": c.after,
            }
            for c in result.services
        ],
        "settings": list(result.settings),
        "options": [
            {"option": o.option, "before": o.before, "after": o.after, "change": o.change, "note": o.note}
            for o in result.options
        ],
        "recommended": {
            "before": _rec(result.recommended_before),
            "after": _rec(result.recommended_after),
            "change": result.recommended_change,
        },
        "per_service": {option: dict(rows) for option, rows in result.per_service.items()},
    }


def _rec(rec: tuple[str, float] | None) -> dict[str, Any] | None:
    return None if rec is None else {"option": rec[0], "monthly_cost": rec[1]}


def run(args: argparse.Namespace) -> int:
    if args.fail_above is not None and not args.fail_above >= 0:
        raise InvalidWorkload("--fail-above", args.fail_above, "must be 0 or more (USD a month)")
    base, head = _workload(args.base, args), _workload(args.head, args)
    catalogs: dict[str, PriceCatalog] = {}
    for region in dict.fromkeys([base.region, head.region]):
        catalogs[region] = load_catalog(args.source, region, refresh=args.refresh)
    compared = [(w, compare(w, catalogs[w.region], analyses=False)) for w in (base, head)]
    result = diff(compared[0], compared[1])
    pricing = [pricing_dict(catalog.source, region) for region, catalog in catalogs.items()]
    if args.format == "json":
        sys.stdout.write(render_json(diff_dict(result, pricing)))
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(result, pricing, args.base, args.head))
    else:
        print(render_table(result, pricing))
    return _budget(result, args.fail_above)


def _budget(result: WorkloadDiff, limit: float | None) -> int:
    """0, or 1 with a line on stderr when the recommended cost rises by more than `limit`."""
    if limit is None:
        return 0
    change = result.recommended_change
    if change is None:
        print(
            "error: --fail-above: no feasible option on one side, the cost cannot be compared",
            file=sys.stderr,
        )
        return EXIT_OVER_BUDGET
    if change > limit:
        print(
            f"error: --fail-above: the recommended monthly cost rises by ${change:,.2f}, "
            f"more than ${limit:,.2f}",
            file=sys.stderr,
        )
        return EXIT_OVER_BUDGET
    return 0
