"""Benchmark: one full single-service estimate (all options, full catalog) and a comparison.

Run on demand: `python bench/bench_estimate.py`. Prints medians and the ratio to the 5 ms
target for a warm single-service estimate (issue 3).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root, for `advisor`

from advisor.decision.recommend import compare
from advisor.engine import estimate
from advisor.model.assumptions import default_assumptions
from advisor.model.workload import Platform, Purchase, Service, UsageBand, Workload
from pricing import load_catalog

TARGET_MS = 5.0


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    catalog = load_catalog("snapshot", "us-east-1")
    workload = Workload(
        services=(Service("web", 1, 2, bands=(UsageBand(6),), spot_ok=True, cpu_util=0.35, mem_util=0.5),),
        region="us-east-1",
        assumptions=default_assumptions(),
        platforms=tuple(Platform),
        purchases=(Purchase.ON_DEMAND, Purchase.SPOT),
    )
    single = median_ms(lambda: estimate(workload, catalog), repeat=50)
    print(
        f"single-service estimate, {len(workload.platforms) * len(workload.purchases)} options: "
        f"median {single:.2f} ms (target {TARGET_MS} ms, ratio {single / TARGET_MS:.2f})"
    )
    full = median_ms(lambda: compare(workload, catalog), repeat=3)
    print(f"full comparison with break-evens, sensitivity and right-sizing: median {full:.0f} ms")


if __name__ == "__main__":
    main()
