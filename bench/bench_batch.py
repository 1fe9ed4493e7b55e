"""Benchmark: `python -m advisor batch` on a synthetic portfolio, end to end.

    python bench/bench_batch.py [--rows 1000000] [--rows 250000 …] [--layout wide] [--input FILE]

For each size it writes a realistic portfolio (bench/generate_portfolio.py; not timed), then runs
the real CLI in a child process — reading the CSV, validating, pricing every row on all twelve
options, writing the report — and prints the wall time, rows per second and the child's peak
resident memory (getrusage ru_maxrss). Several sizes show whether memory stays flat as the input
grows. Targets (issue 6): 1,000,000 rows in at most 60 s and 4 GB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_ROWS = 1_000_000
TARGET_SECONDS = 60.0
TARGET_RSS_MB = 4096.0


_MEASURE = (
    "import resource, subprocess, sys; "
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True); "
    "sys.stderr.write(done.stderr); "
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)
"""Runs the command as the only child of a fresh process, so ru_maxrss is that command's peak
(a parent's RUSAGE_CHILDREN would also count the portfolio generator)."""


def run_once(input_path: Path, output: Path, layout: str) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one `advisor batch` run."""
    command = [
        sys.executable,
        "-m",
        "advisor",
        "batch",
        str(input_path),
        "-o",
        str(output),
        "--layout",
        layout,
    ]
    command += ["--region", "us-east-1", "--no-progress"]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    code, max_rss_kib = (int(v) for v in done.stdout.split())
    if code not in (0, 1):
        raise SystemExit(f"batch failed with exit code {code}: {done.stderr.strip()}")
    return elapsed, max_rss_kib / 1024.0, code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, action="append", help="portfolio size(s) (default 1,000,000)")
    parser.add_argument("--input", type=Path, help="an existing input CSV instead of a generated one")
    parser.add_argument("--layout", choices=("wide", "long"), default="wide")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = sorted(args.rows or [1_000_000])
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, layout {args.layout}")
    with tempfile.TemporaryDirectory() as tmp:
        runs = [(args.input, None)] if args.input else [(Path(tmp) / f"portfolio-{n}.csv", n) for n in sizes]
        for path, rows in runs:
            if rows is not None:
                generate = [sys.executable, str(HERE / "generate_portfolio.py"), "--rows", str(rows)]
                subprocess.run([*generate, "-o", str(path), "--seed", str(args.seed)], check=True)
            count = rows if rows is not None else sum(1 for _ in path.open()) - 1
            output = Path(tmp) / "report.csv"
            elapsed, rss_mb, code = run_once(path, output, args.layout)
            size_mb = output.stat().st_size / 1e6
            verdict = (
                f"{'within' if elapsed <= TARGET_SECONDS else 'OVER'} time target, "
                f"{'within' if rss_mb <= TARGET_RSS_MB else 'OVER'} memory target"
                if count >= TARGET_ROWS
                else f"targets are for {TARGET_ROWS:,} rows"
            )
            print(
                f"{count:>9,} rows: {elapsed:6.1f} s wall, {count / elapsed:9,.0f} rows/s, "
                f"peak RSS {rss_mb:7,.0f} MB, report {size_mb:6.1f} MB, exit {code} ({verdict})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
