"""Benchmark: server-side reruns of the dashboard (app.py) with three services.

Run on demand: `python bench/bench_dashboard.py`. The script runs under Streamlit's AppTest;
what is timed is the script run itself on the server (Streamlit's `ScriptRunner._run_script`:
the whole page, widgets, tables and charts serialized), not AppTest's polling, with the
script compiled once as the server does. Prints the
median of a rerun with nothing changed (a chart or toggle click, the common case), of a
rerun after an unapplied edit, and of an Estimate that re-prices, with their ratio to the
150 ms target (issue 14).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the repo root, for `advisor`

from streamlit.runtime.scriptrunner import script_runner  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1 import app_test as app_test_module  # noqa: E402

TARGET_MS = 150.0
REPEAT = 15
SERVICES = [
    "name=web;vcpu=1;memory_gb=2;tasks=3",
    "name=api;vcpu=0.5;memory_gb=1;bands=4x425,10x305",
    "name=worker;vcpu=2;memory_gb=4;tasks=2;spot_ok=1",
]


@contextmanager
def script_timer() -> Iterator[list[float]]:
    """Durations (ms) of every script run while active."""
    runs: list[float] = []
    original = script_runner.ScriptRunner._run_script

    def timed(self: Any, rerun_data: Any) -> None:
        start = time.perf_counter()
        try:
            original(self, rerun_data)
        finally:
            runs.append((time.perf_counter() - start) * 1000)

    script_runner.ScriptRunner._run_script = timed  # type: ignore[method-assign]
    try:
        yield runs
    finally:
        script_runner.ScriptRunner._run_script = original  # type: ignore[method-assign]


def median_run_ms(at: AppTest, step: Callable[[AppTest], object]) -> float:
    with script_timer() as runs:
        for _ in range(REPEAT):
            step(at)
    return statistics.median(runs)


def main() -> None:
    # The server compiles app.py once (one ScriptCache per runtime); AppTest makes a new cache
    # every run, which would time the compilation too. Share one, as the server does.
    shared = ScriptCache()
    app_test_module.ScriptCache = lambda: shared  # type: ignore[attr-defined,misc]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params.update({"source": "snapshot", "svc": SERVICES})
    at.run()
    at.run()  # warm: catalog cached, figures built once
    assert not at.exception, at.exception
    cases: dict[str, Callable[[AppTest], object]] = {
        "rerun, nothing changed": lambda a: a.run(),
        "rerun after an unapplied edit (weights)": lambda a: (
            a.slider(key="w_cost").set_value(5.0 if a.slider(key="w_cost").value != 5.0 else 4.5).run()
        ),
        "Estimate that re-prices (3 services, all analyses)": lambda a: (
            a.slider(key="w_cost").set_value(5.0 if a.slider(key="w_cost").value != 5.0 else 4.5),
            a.button(key="estimate").click().run(),
        ),
    }
    for name, step in cases.items():
        median = median_run_ms(at, step)
        print(f"{name}: median {median:.0f} ms (target {TARGET_MS:.0f} ms, ratio {median / TARGET_MS:.2f})")


if __name__ == "__main__":
    main()
