"""The month as steps of constant task counts, for the EC2 fleets.

Time is a step function: each service's bands are sorted busiest first and laid end to end, and
the services' busiest bands are assumed to coincide (conservative: the fleet for the shared
peak is what must exist). Each step is packed and priced on its own. A run-based service
needs capacity for its peak concurrency for as long as that capacity is busy: task-hours ÷
peak concurrency, capped at the month.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from advisor.model.workload import MAX_HOURS_PER_MONTH, Service


@dataclass(frozen=True, slots=True)
class Step:
    """`tasks[service]` tasks run together for `hours` hours of the month."""

    hours: float
    tasks: dict[str, int]


def service_bands(service: Service) -> list[tuple[int, float]]:
    """(tasks, hours) of a service busiest first; runs become their peak for their busy hours."""
    if service.runs is not None:
        runs = service.runs
        task_hours = runs.runs_per_month * runs.avg_duration_seconds / 3600.0
        hours = min(MAX_HOURS_PER_MONTH, task_hours / runs.peak_concurrency)
        return [(runs.peak_concurrency, hours)]
    return sorted(((b.tasks, b.hours_per_month) for b in service.bands if b.tasks > 0), key=lambda b: -b[0])


def steps(services: list[Service]) -> list[Step]:
    """The month as steps in which every service runs a constant number of tasks."""
    timelines = {s.name: service_bands(s) for s in services}
    cuts = sorted(
        {0.0}
        | {
            round(sum(h for _, h in bands[: i + 1]), 9)
            for bands in timelines.values()
            for i in range(len(bands))
        }
    )
    out = []
    for start, end in itertools.pairwise(cuts):
        tasks = {}
        for name, bands in timelines.items():
            elapsed = 0.0
            for count, hours in bands:
                if elapsed - 1e-9 <= start < elapsed + hours - 1e-9:
                    tasks[name] = count
                    break
                elapsed += hours
        if any(tasks.values()):
            out.append(Step(end - start, tasks))
    return out
