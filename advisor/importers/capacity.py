"""How many tasks an ECS service runs, as its infrastructure code says: the capacity provider
strategy's Fargate Spot share, and autoscaling bounds turned into usage bands.

- Capacity provider strategy (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/
  cluster-capacity-providers.html, read 2026-12): `base` tasks go to the one provider that sets
  a base first; the rest are split in proportion to `weight` ("if you specify a weight of 1 for
  capacityProviderA and a weight of 4 for capacityProviderB, then for every one task that's run
  using capacityProviderA, four tasks would use capacityProviderB").
- Autoscaling (`aws_appautoscaling_target`, `AWS::ApplicationAutoScaling::ScalableTarget`)
  gives the minimum and maximum task counts, not how long each lasts. The split is an editable
  assumption (`peak_hours`): the maximum during business hours, the minimum otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from advisor.model.checks import InvalidWorkload
from advisor.model.prices import HOURS_PER_MONTH
from advisor.model.workload import UsageBand

FARGATE_SPOT = "FARGATE_SPOT"

BUSINESS_HOURS_PER_WEEK = 50.0
"""Hours a week a business-hours schedule runs: AWS Prescriptive Guidance, "Optimize costs for
Microsoft workloads — Automate stop and start schedules"
(https://docs.aws.amazon.com/prescriptive-guidance/latest/optimize-costs-microsoft-workloads/
windows-ec2-schedules.html, read 2026-12): stopping outside business hours cuts a week's
running time "from 168 hours to 50 hours"."""

DEFAULT_PEAK_HOURS = round(HOURS_PER_MONTH * BUSINESS_HOURS_PER_WEEK / 168.0, 2)
"""Assumption: an autoscaled service runs its maximum for business hours (50 of 168 h a week,
217.26 of 730 h a month) and its minimum the rest of the month. Edit the bands or pass
`--peak-hours`."""


def scaling_note(peak_hours: float) -> str:
    """What the bands of an autoscaled service assume (with the citation of the default)."""
    if peak_hours == DEFAULT_PEAK_HOURS:
        return (
            f"assumption: max capacity {DEFAULT_PEAK_HOURS:g} h/month (business hours, 50 of 168 h "
            "a week: AWS Prescriptive Guidance, Automate stop and start schedules), min capacity "
            "the rest; edit the bands or pass --peak-hours"
        )
    return f"max capacity {peak_hours:g} h/month (--peak-hours), min capacity the rest"


def _whole(value: Any, path: str) -> int:
    if isinstance(value, bool):
        raise InvalidWorkload(path, value, "expected a whole number, 0 or more")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidWorkload(path, value, "expected a whole number, 0 or more") from None
    if not math.isfinite(number) or number < 0 or number != int(number) or number > 1e9:
        raise InvalidWorkload(path, value, "expected a whole number, 0 or more")
    return int(number)


def spot_share(strategy: Sequence[Any], desired_count: int, path: str = "capacityProviderStrategy") -> float:
    """The fraction of a service's tasks ECS places on FARGATE_SPOT (0 when it names none).

    `strategy` items are `{capacityProvider, weight, base}` (describe-services spelling).
    """
    items: list[tuple[str, int, int]] = []
    for i, item in enumerate(strategy):
        if not isinstance(item, Mapping):
            raise InvalidWorkload(f"{path}[{i}]", item, "expected {capacityProvider, weight, base}")
        items.append(
            (
                str(item.get("capacityProvider") or ""),
                _whole(item.get("weight") or 0, f"{path}[{i}].weight"),
                _whole(item.get("base") or 0, f"{path}[{i}].base"),
            )
        )
    total_weight = sum(weight for _, weight, _ in items)
    if not any(provider == FARGATE_SPOT for provider, _, _ in items):
        return 0.0
    if total_weight == 0:
        raise InvalidWorkload(f"{path}[].weight", 0, "at least one capacity provider needs a weight above 0")
    spot_weight = sum(weight for provider, weight, _ in items if provider == FARGATE_SPOT)
    if desired_count == 0:
        return spot_weight / total_weight
    left = desired_count
    spot_tasks = 0.0
    for provider, _, base in items:
        placed = min(base, left)
        left -= placed
        if provider == FARGATE_SPOT:
            spot_tasks += placed
    spot_tasks += left * spot_weight / total_weight
    return spot_tasks / desired_count


def spot_note(share: float) -> str:
    """Why a service with some Fargate Spot tasks is marked spot_ok."""
    return (
        f"capacity provider strategy runs {share:.1%} of the tasks on FARGATE_SPOT: marked spot_ok "
        "(the Spot options price every task on Spot)"
    )


def scaling_bands(
    min_capacity: Any, max_capacity: Any, peak_hours: float = DEFAULT_PEAK_HOURS, path: str = ""
) -> tuple[UsageBand, ...]:
    """Max capacity for `peak_hours` a month, min capacity for the rest (one band when equal)."""
    prefix = f"{path}." if path else ""
    low = _whole(min_capacity, f"{prefix}min_capacity")
    high = _whole(max_capacity, f"{prefix}max_capacity")
    if high < low:
        raise InvalidWorkload(f"{prefix}max_capacity", high, f"must be at least min_capacity ({low})")
    check_peak_hours(peak_hours)
    if low == high or peak_hours >= HOURS_PER_MONTH:
        return (UsageBand(high),)
    if peak_hours <= 0:
        return (UsageBand(low),)
    return (UsageBand(high, peak_hours), UsageBand(low, round(HOURS_PER_MONTH - peak_hours, 2)))


def check_peak_hours(peak_hours: float) -> float:
    """`--peak-hours` in [0, 730]."""
    if isinstance(peak_hours, bool) or not isinstance(peak_hours, int | float):
        raise InvalidWorkload(
            "--peak-hours", peak_hours, f"must be a number of hours in [0, {HOURS_PER_MONTH:g}]"
        )
    if not 0 <= peak_hours <= HOURS_PER_MONTH:
        raise InvalidWorkload("--peak-hours", peak_hours, f"must be in [0, {HOURS_PER_MONTH:g}] hours")
    return float(peak_hours)
