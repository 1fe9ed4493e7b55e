"""The month as steps of constant task counts, and each step's tasks spread over zones.

Time is a step function: each service's bands are sorted busiest first and laid end to end, and
the services' busiest bands are assumed to coincide (conservative: the fleet for the shared
peak is what must exist). Each step is packed and priced on its own.

EC2 capacity is not there the moment tasks need it: an instance launches and warms up before
a level of tasks can run, and cluster auto scaling removes it only after a scale-in delay.
So every level that does not run all month lasts `scaling_hours` longer on EC2 (once per
month: one scale-out and one scale-in per band). A run-based service needs capacity for its
peak concurrency during each group of concurrent runs, plus that same window per group:
runs ÷ peak concurrency × (duration + scaling time), capped at the month (runs closer
together than the window share warm capacity, which the cap and the grouping allow for).
Fargate bills from image pull to stop and is not priced here.

Tasks of a service spread evenly over min(tasks, zones) Availability Zones, as the ECS spread
placement strategy and Kubernetes topology spread constraints place them; each zone's tasks
need instances in that zone.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

from advisor.model.prices import HOURS_PER_MONTH
from advisor.model.workload import MAX_HOURS_PER_MONTH, Service


@dataclass(frozen=True, slots=True)
class Step:
    """`tasks[service]` tasks run together for `hours` hours of the month.

    `scaling` marks capacity held only for scaling time (an instance launching and warming up
    before its tasks, or waiting out the scale-in delay after them): priced as its own line.
    """

    hours: float
    tasks: dict[str, int]
    scaling: bool = False


Segment = tuple[int, float, bool]
"""(tasks, hours, scaling time?) of one service, in the order the month lays them out."""


def service_bands(service: Service, scaling_hours: float = 0.0) -> list[Segment]:
    """A service's levels busiest first, each followed by its scaling time where it has one.

    Levels are cumulative: the busiest runs for its band's hours, the next for both bands'
    hours, and so on. A level that ends before the month does (or before the service's own
    hours, if longer) keeps its capacity `scaling_hours` longer (one scale-out and one
    scale-in a month). Runs: each group of peak-concurrency runs holds the capacity for its
    duration plus the scaling time, capped at the month.
    """
    if service.runs is not None:
        runs = service.runs
        groups = runs.runs_per_month / runs.peak_concurrency
        busy = min(MAX_HOURS_PER_MONTH, groups * runs.avg_duration_seconds / 3600.0)
        total = min(MAX_HOURS_PER_MONTH, groups * (runs.avg_duration_seconds / 3600.0 + scaling_hours))
        return [(runs.peak_concurrency, busy, False), (runs.peak_concurrency, total - busy, True)]
    bands = sorted(((b.tasks, b.hours_per_month) for b in service.bands if b.tasks > 0), key=lambda b: -b[0])
    end = max(HOURS_PER_MONTH, sum(h for _, h in bands))
    out: list[Segment] = []
    level_end = reached = 0.0
    for count, hours in bands:
        level_end += hours
        if level_end > reached + 1e-9:
            out.append((count, level_end - reached, False))
            reached = level_end
        extended = min(end, level_end + scaling_hours)
        if extended > reached + 1e-9:
            out.append((count, extended - reached, True))
            reached = extended
    return [segment for segment in out if segment[1] > 1e-9]


def steps(services: list[Service], scaling_hours: float = 0.0) -> list[Step]:
    """The month as steps in which every service runs a constant number of tasks."""
    timelines = {s.name: service_bands(s, scaling_hours) for s in services}
    cuts = sorted(
        {0.0}
        | {
            round(sum(h for _, h, _ in segments[: i + 1]), 9)
            for segments in timelines.values()
            for i in range(len(segments))
        }
    )
    out = []
    for start, end in itertools.pairwise(cuts):
        tasks = {}
        scaling = []
        for name, segments in timelines.items():
            elapsed = 0.0
            for count, hours, extra in segments:
                if elapsed - 1e-9 <= start < elapsed + hours - 1e-9:
                    tasks[name] = count
                    scaling.append(extra)
                    break
                elapsed += hours
        if any(tasks.values()):
            out.append(Step(end - start, tasks, all(scaling)))
    return out


def zone_split(tasks: dict[str, int], zones: int) -> list[tuple[int, dict[str, int]]]:
    """(zones alike, tasks per service in each) for tasks spread evenly over the zones.

    A service with n tasks uses min(n, zones) zones, the first n mod that many taking one task
    more (the spread strategy balances to within one task). Identical zones are grouped so
    each distinct zone is packed once.
    """
    per_zone = []
    for zone in range(zones):
        here = {}
        for name, n in tasks.items():
            used = min(n, zones)
            if zone < used:
                here[name] = n // used + (1 if zone < n % used else 0)
        if any(here.values()):
            per_zone.append(tuple(sorted(here.items())))
    return [(alike, dict(key)) for key, alike in Counter(per_zone).items()]
