"""Synthetic, realistic service portfolios for `python -m advisor batch` and its benchmark.

    python bench/generate_portfolio.py --rows 1000000 -o /tmp/portfolio.csv [--seed 7]
        [--groups 0] [--invalid 0.001] [--regions us-east-1,eu-west-1,...]

The mix follows what container portfolios look like: mostly small Linux/x86 tasks on
standard Fargate sizes (plus some odd requests that round up), a long tail of task counts,
most services running all month and some only in business hours, a few ARM, 'any'-arch and
Windows services, utilization measured for part of the estate, a minority tolerant of Spot,
and a share of invalid cells (a finance spreadsheet always has some). Column headers are
written the way people type them ("Memory GB", "Hours per month"). Deterministic per seed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SIZES = (
    # (vCPU, memory GB, weight): standard Fargate sizes, then odd requests that round up.
    (0.25, 0.5, 6),
    (0.25, 1.0, 8),
    (0.25, 2.0, 3),
    (0.5, 1.0, 10),
    (0.5, 2.0, 10),
    (0.5, 4.0, 3),
    (1.0, 2.0, 14),
    (1.0, 4.0, 10),
    (1.0, 8.0, 3),
    (2.0, 4.0, 8),
    (2.0, 8.0, 7),
    (2.0, 16.0, 2),
    (4.0, 8.0, 4),
    (4.0, 16.0, 4),
    (4.0, 30.0, 1),
    (8.0, 16.0, 1),
    (8.0, 32.0, 1),
    (16.0, 64.0, 0.5),
    (0.3, 0.75, 1),
    (0.75, 1.5, 1),
    (1.5, 3.0, 1),
    (3.0, 6.0, 0.5),
)
HOURS = ((730, 70), (360, 8), (240, 12), (168, 6), (100, 4))
STORAGE = ((20, 80), (30, 8), (50, 7), (100, 4), (200, 1))
ARCH = (("x86_64", 75), ("arm64", 15), ("any", 10))
OS = (("linux", 97), ("windows", 3))
REGIONS = ("us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1")
REGION_WEIGHTS = (50, 20, 15, 10, 5)
INVALID_CELLS = (
    ("vCPU", "two"),
    ("Memory GB", "-1"),
    ("Tasks", "1.5"),
    ("Hours per month", "800"),
    ("Arch", "sparc"),
    ("CPU Util", "1.7"),
    ("Region", "us-east-9"),
)


def _choice(rng: np.random.Generator, table: tuple, n: int) -> np.ndarray:
    values = np.array([row[0] for row in table], dtype=object)
    weights = np.array([row[-1] for row in table], dtype=float)
    return values[rng.choice(len(table), size=n, p=weights / weights.sum())]


def _number_text(values: np.ndarray) -> np.ndarray:
    return np.array([f"{v:g}" for v in values.tolist()], dtype=object)


def portfolio(
    rows: int,
    *,
    seed: int = 7,
    groups: int = 0,
    invalid: float = 0.001,
    regions: tuple[str, ...] = REGIONS,
    weights: tuple[float, ...] = REGION_WEIGHTS,
) -> pd.DataFrame:
    """`rows` services as text cells, the way a spreadsheet export holds them."""
    rng = np.random.default_rng(seed)
    size = rng.choice(len(SIZES), size=rows, p=np.array([s[2] for s in SIZES]) / sum(s[2] for s in SIZES))
    vcpu = np.array([s[0] for s in SIZES])[size]
    memory = np.array([s[1] for s in SIZES])[size]
    # Task counts: log-normal, mostly 1-10, a tail into the hundreds.
    tasks = np.clip(np.rint(rng.lognormal(mean=1.0, sigma=1.0, size=rows)), 1, 400).astype(int)
    measured = rng.random(rows) < 0.6
    cpu = np.where(measured, np.round(rng.uniform(0.05, 0.95, rows), 2), np.nan)
    mem = np.where(measured, np.round(rng.uniform(0.10, 0.95, rows), 2), np.nan)
    os_ = _choice(rng, OS, rows)
    arch = np.where(os_ == "windows", "x86_64", _choice(rng, ARCH, rows))
    w = np.array(weights[: len(regions)], dtype=float)
    frame = pd.DataFrame(
        {
            "Name": [f"svc-{i:07d}" for i in range(1, rows + 1)],
            "Region": np.array(regions, dtype=object)[rng.choice(len(regions), size=rows, p=w / w.sum())],
            "vCPU": _number_text(vcpu),
            "Memory GB": _number_text(memory),
            "Tasks": tasks.astype(str).astype(object),
            "Hours per month": _choice(rng, HOURS, rows).astype(str),
            "Storage GB": _choice(rng, STORAGE, rows).astype(str),
            "Arch": arch.astype(object),
            "OS": os_,
            "CPU Util": np.where(measured, _number_text(np.nan_to_num(cpu)), ""),
            "Mem Util": np.where(measured, _number_text(np.nan_to_num(mem)), ""),
            "Spot OK": np.where(rng.random(rows) < 0.3, "yes", "no"),
        }
    )
    if groups:
        grouped = rng.random(rows) < 0.2
        frame["Group"] = np.where(grouped, [f"app-{g:04d}" for g in rng.integers(1, groups + 1, rows)], "")
    bad = np.flatnonzero(rng.random(rows) < invalid)
    for k, i in enumerate(bad.tolist()):
        column, value = INVALID_CELLS[k % len(INVALID_CELLS)]
        frame.loc[i, column] = value
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("-o", "--output", default="-", help="CSV file to write, '-' for stdout")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--groups", type=int, default=0, help="put ~20%% of rows into this many groups")
    parser.add_argument("--invalid", type=float, default=0.001, help="share of rows with one bad cell")
    parser.add_argument("--regions", default=",".join(REGIONS))
    args = parser.parse_args(argv)
    regions = tuple(r.strip() for r in args.regions.split(",") if r.strip())
    weights = REGION_WEIGHTS[: len(regions)] + (5,) * max(0, len(regions) - len(REGION_WEIGHTS))
    frame = portfolio(
        args.rows, seed=args.seed, groups=args.groups, invalid=args.invalid, regions=regions, weights=weights
    )
    if args.output == "-":
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        frame.to_csv(Path(args.output), index=False, lineterminator="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
