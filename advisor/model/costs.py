"""What a cost model returns: auditable line items per (platform, purchase) option.

Infracost-style: every cost is a line item (item, quantity, unit, rate, monthly cost) a finance
person can check with a calculator; the option's total is computed from them, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from advisor.model.prices import Confidence
from advisor.model.workload import Platform, Purchase


class PricedRate(Protocol):
    """What a line item takes from a rate: its price and provenance (a catalog `Rate`, or a
    purchase option's effective rate)."""

    @property
    def usd(self) -> float: ...
    @property
    def source(self) -> str: ...
    @property
    def as_of(self) -> str: ...
    @property
    def confidence(self) -> Confidence: ...


@dataclass(frozen=True, slots=True)
class LineItem:
    """One billable quantity times its rate. `monthly_usd` is quantity × rate, unrounded.

    `service` names the service it belongs to ('' for shared items such as the control plane).
    `source`, `as_of` and `confidence` say where the rate came from; an assumption-based
    adjustment (e.g. an assumed Spot discount) has confidence `assumption`.
    """

    item: str
    quantity: float
    unit: str
    rate_usd: float
    service: str = ""
    source: str = ""
    as_of: str = ""
    confidence: Confidence = Confidence.HIGH

    @property
    def monthly_usd(self) -> float:
        return self.quantity * self.rate_usd

    @classmethod
    def at(cls, item: str, quantity: float, unit: str, rate: PricedRate, service: str = "") -> LineItem:
        """`quantity` of `unit` at `rate`, carrying the rate's source, date and confidence."""
        return cls(item, quantity, unit, rate.usd, service, rate.source, rate.as_of, rate.confidence)


@dataclass(frozen=True, slots=True)
class FleetEntry:
    """Instances of one type in a packed EC2 fleet and what each one holds."""

    instance_type: str
    count: int
    tasks_per_instance: float
    vcpu_utilization: float
    memory_utilization: float
    interruption_band: str = ""
    """Spot only: AWS's interruption-frequency band of the type ('' when not Spot or unknown)."""


@dataclass(frozen=True, slots=True)
class Capacity:
    """What the option provisions: Fargate task sizes after rounding, or the EC2 fleet.

    For Fargate, `task_sizes` maps service name to (vCPU, memory GB) as billed. For EC2 paths,
    `fleet` lists instance types and counts; `vcpu_utilization` / `memory_utilization` are the
    share of the fleet's schedulable capacity that tasks request (1 − waste).
    """

    task_sizes: dict[str, tuple[float, float]] = field(default_factory=dict)
    fleet: tuple[FleetEntry, ...] = ()
    vcpu_utilization: float | None = None
    memory_utilization: float | None = None
    eni_utilization: float | None = None
    pod_utilization: float | None = None
    max_pods: int | None = None
    zones: tuple[tuple[FleetEntry, ...], ...] = ()
    """EC2 paths: the fleet in each Availability Zone the tasks are spread over."""
    steady: tuple[FleetEntry, ...] = ()
    """EC2 paths: the fleet of the step that runs longest in the month, where `fleet` is the
    busiest one; the two differ when the services scale (bands, runs)."""
    steady_hours: float | None = None
    """Hours per month the `steady` fleet runs (None when pools with their own steps merge)."""


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    """The priced result of one (platform, purchase) option for a workload.

    An infeasible option keeps its reasons and has no line items, so users see why it was
    ruled out instead of it silently disappearing. `warnings` name anything priced on an
    assumption. `missing` names what the option needs but could not price (e.g. "EBS gp3 root
    volumes" where the snapshot has no gp3 rate for the region): such an option is
    `incomplete`, its total a lower bound, never a missing rate counted as $0.
    """

    platform: Platform
    purchase: Purchase
    feasible: bool
    reasons: tuple[str, ...] = ()
    line_items: tuple[LineItem, ...] = ()
    capacity: Capacity = field(default_factory=Capacity)
    warnings: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def monthly_usd(self) -> float:
        return sum(item.monthly_usd for item in self.line_items)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def completeness(self) -> str:
        """`complete` or `incomplete` (a contract of the JSON and CSV reports)."""
        return "complete" if self.complete else "incomplete"

    @property
    def option_id(self) -> str:
        return f"{self.platform.value}/{self.purchase.value}"


def infeasible(platform: Platform, purchase: Purchase, *reasons: str) -> CostBreakdown:
    """An option ruled out, with the reasons users are shown."""
    return CostBreakdown(platform, purchase, feasible=False, reasons=tuple(reasons))
