"""Cost per service (chargeback): every option's cost allocated to the workload's services.

The method is OpenCost's (the open specification Kubecost implements,
https://github.com/opencost/opencost/blob/develop/spec/opencost-specv01.md):

- **direct**: a line item that names a service of the workload (Fargate task hours, storage,
  rounding to a valid size, the per-pod Kubernetes memory) is that service's, as it is;
- **shared**: the EC2 fleet's hours allocated to tasks are split by each service's requested
  vCPU-hours and GiB-hours, each priced by the instance's CPU/RAM split. A node's price has no
  published CPU and memory parts, so, as the specification's Appendix A says, they are derived
  from a fixed CPU:RAM price ratio that adds up to the node's price; the ratio is OpenCost's
  default prices (`configs/default.json`: $0.031611 per vCPU-hour, $0.004237 per GB-hour, so
  one vCPU-hour weighs as much as 7.46 GiB-hours);
- **idle**: everything else — packing waste, scaling time, root volumes, the EKS control plane
  and its CoreDNS pods, add-ons (ALB, NAT, IPv4, logs) — is spread over the services in
  proportion to their direct and shared cost (the specification's "proportionate to a
  tenant's consumption" method), or to their requests when those are all zero.

Each service's parts add up to the option's total exactly; `reporting.payload` rounds them
to cents so they still do (largest remainder, `money.split_cents`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.workload import Service

OPENCOST_CPU_USD_PER_VCPU_HOUR = 0.031611
OPENCOST_RAM_USD_PER_GB_HOUR = 0.004237
CPU_TO_RAM_PRICE_RATIO = OPENCOST_CPU_USD_PER_VCPU_HOUR / OPENCOST_RAM_USD_PER_GB_HOUR
"""OpenCost's default CPU and RAM prices (configs/default.json), used only for their ratio."""

SHARED_MARK = "allocated to tasks"
"""The fleet line items whose hours the tasks occupy (`costing.fleet`)."""


@dataclass(frozen=True, slots=True)
class ServiceCost:
    """One service's part of an option's monthly cost, unrounded, in USD."""

    service: str
    direct_usd: float
    shared_usd: float
    idle_usd: float

    @property
    def cost_usd(self) -> float:
        return self.direct_usd + self.shared_usd + self.idle_usd


def request_weights(services: Sequence[Service]) -> list[float]:
    """Each service's requested vCPU-hours and GiB-hours, priced at the CPU:RAM ratio."""
    return [s.task_hours_per_month * (s.vcpu * CPU_TO_RAM_PRICE_RATIO + s.memory_gib) for s in services]


def _shares(weights: Sequence[float]) -> list[float]:
    total = sum(weights)
    if total > 0:
        return [w / total for w in weights]
    return [1.0 / len(weights)] * len(weights)


def item_shares(result: CostBreakdown, services: Sequence[Service]) -> list[tuple[LineItem, list[float]]]:
    """Each line item with the fraction of it each service carries (fractions add up to 1).

    The long batch layout lists a group's shared items on every member row with these
    fractions, so its lines add up to the allocation.
    """
    names = [s.name for s in services]
    position = {name: k for k, name in enumerate(names)}
    by_request = _shares(request_weights(services))
    direct = [0.0] * len(names)
    shared_total = 0.0
    for item in result.line_items:
        if item.service in position:
            direct[position[item.service]] += item.monthly_usd
        elif SHARED_MARK in item.item:
            shared_total += item.monthly_usd
    carried = [d + shared_total * f for d, f in zip(direct, by_request, strict=True)]
    by_cost = _shares(carried) if sum(carried) > 0 else by_request
    out = []
    for item in result.line_items:
        if item.service in position:
            fractions = [0.0] * len(names)
            fractions[position[item.service]] = 1.0
        elif SHARED_MARK in item.item:
            fractions = by_request
        else:
            fractions = by_cost
        out.append((item, fractions))
    return out


def allocate(result: CostBreakdown, services: Sequence[Service]) -> tuple[ServiceCost, ...]:
    """The option's cost per service: direct, shared and idle parts (see the module doc)."""
    if not result.feasible or not services:
        return ()
    position = {s.name: k for k, s in enumerate(services)}
    parts = [[0.0, 0.0, 0.0] for _ in services]
    for item, fractions in item_shares(result, services):
        kind = 0 if item.service in position else 1 if SHARED_MARK in item.item else 2
        for k, fraction in enumerate(fractions):
            parts[k][kind] += item.monthly_usd * fraction
    return tuple(ServiceCost(s.name, *p) for s, p in zip(services, parts, strict=True))
