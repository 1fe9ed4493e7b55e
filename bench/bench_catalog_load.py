"""Benchmark: loading the price catalog from the embedded snapshot (and from the live cache).

Run on demand: `python bench/bench_catalog_load.py [--repeat N]` (not part of pytest).

- cold: a fresh Python process imports `pricing` and loads one region's catalog from disk
  (CSV parsing, schema check, typed catalog), timed inside the process; the process's own
  start-up is reported separately;
- warm: in this process, after the first load, one catalog per region for a few regions
  (the snapshot tables are read once per process, as `pricing.snapshot` caches them);
- cache: a live-price cache folder (written here from snapshot tables, so the same size as a
  real refresh) read back into a catalog, which is what a fresh-cache `--source live` does.

Prints medians and the ratio to the 1-second budget of issue 2 ("the catalog loads in well
under a second").
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BUDGET_S = 1.0
REGIONS = ("us-east-1", "eu-west-1", "ap-northeast-1", "sa-east-1")

COLD = """
import time
start = time.perf_counter()
from pricing import load_catalog
catalog = load_catalog("snapshot", "us-east-1")
assert catalog.ondemand("m5.large").usd == 0.096
print(time.perf_counter() - start)
"""


def cold_seconds(repeat: int) -> tuple[float, float]:
    """Median in-process load time and median whole-process wall time of a fresh interpreter."""
    inside, whole = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", COLD], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
        whole.append(time.perf_counter() - start)
        inside.append(float(out.strip()))
    return statistics.median(inside), statistics.median(whole)


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(label: str, seconds: float) -> str:
    return f"{label:<58} median {seconds * 1000:8.1f} ms   ratio to 1 s budget {seconds / BUDGET_S:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from pricing import load_catalog
    from pricing.cache import write_cache
    from pricing.live import cache_catalog
    from pricing.snapshot import snapshot_tables

    inside, whole = cold_seconds(args.repeat)
    print(line("cold: import + load us-east-1 (fresh process)", inside))
    print(line("cold: whole process incl. interpreter start-up", whole))

    for region in REGIONS:
        seconds = median_seconds(lambda region=region: load_catalog("snapshot", region), args.repeat * 4)
        print(line(f"warm: snapshot catalog {region}", seconds))

    tables = snapshot_tables()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ECS_ADVISOR_CACHE_DIR"] = folder
        from pricing.cache import read_cache

        ec2 = tables.ec2_prices[tables.ec2_prices["region"] == "us-east-1"]
        rates = tables.service_rates[tables.service_rates["region"] == "us-east-1"]
        write_cache("us-east-1", tables.instance_types, ec2, rates, fetched_at=datetime.now(UTC))

        def from_cache() -> object:
            cached = read_cache("us-east-1")
            assert cached is not None
            return cache_catalog(cached, "bench")

        print(
            line("cache: read us-east-1 cache folder into a catalog", median_seconds(from_cache, args.repeat))
        )


if __name__ == "__main__":
    main()
