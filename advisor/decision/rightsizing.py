"""Right-sizing: smaller requests from measured utilization, and what each option saves."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from advisor.costing.fargate_sizes import NoFargateSize, fargate_size
from advisor.decision.allocation import allocate
from advisor.engine import estimate
from advisor.model.costs import CostBreakdown
from advisor.model.money import cents
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Service, Workload


@dataclass(frozen=True, slots=True)
class ServiceResize:
    """A service's suggested request: `new_*` for EC2 and EKS (1/8 vCPU, 128 MiB steps) and
    `fargate_*`, the valid Fargate task size that request runs at (None above the largest).
    `current_usd` / `rightsized_usd`: the service's allocated cost on the recommended option
    before and after (`decision.allocation`), when that option saves anything."""

    name: str
    vcpu: float
    memory_gib: float
    new_vcpu: float
    new_memory_gib: float
    note: str
    fargate_vcpu: float | None = None
    fargate_memory_gib: float | None = None
    current_usd: float | None = None
    rightsized_usd: float | None = None


@dataclass(frozen=True, slots=True)
class OptionSavings:
    option: str
    current_usd: float
    rightsized_usd: float

    @property
    def savings_usd(self) -> float:
        return self.current_usd - self.rightsized_usd


@dataclass(frozen=True, slots=True)
class RightSizing:
    """Suggested sizes and what they save: `options` only those that save at least a cent,
    `recommended` the recommended option's savings (None when it saves nothing)."""

    target_util: float
    services: tuple[ServiceResize, ...]
    options: tuple[OptionSavings, ...]
    recommended: OptionSavings | None = None


def round_up(value: float, step: float) -> float:
    """`value` rounded up to a whole number of `step`s, at least one step."""
    return max(step, math.ceil(value / step - 1e-9) * step)


def _fargate(vcpu: float, memory_gib: float, service: Service) -> tuple[float | None, float | None]:
    try:
        return fargate_size(vcpu, memory_gib, service.os)
    except NoFargateSize:
        return None, None


def rightsize(
    workload: Workload,
    catalog: PriceCatalog,
    target: float = 0.7,
    current: tuple[CostBreakdown, ...] | None = None,
    recommended: str | None = None,
) -> RightSizing | None:
    """Smaller requests from measured utilization, and what each option saves with them.

    A service's new request is what its average use needs at the target utilization
    (use ÷ target, rounded up to 1/8 vCPU and 128 MiB), never below its measured use; services
    without utilization data, or already above the target, keep their size. The Fargate models
    round the new request up to a valid task size themselves.
    """
    if not 0 < target <= 1:
        raise ValueError(f"target utilization {target!r} must be in (0, 1]")
    resized = []
    services = []
    for s in workload.services:
        new_vcpu = round_up(s.vcpu * s.cpu_util / target, 0.125) if s.cpu_util else s.vcpu
        new_mem = round_up(s.memory_gib * s.mem_util / target, 0.125) if s.mem_util else s.memory_gib
        new_vcpu, new_mem = min(new_vcpu, s.vcpu), min(new_mem, s.memory_gib)
        if s.cpu_util is None and s.mem_util is None:
            note = "no utilization data: kept as requested"
        elif (new_vcpu, new_mem) == (s.vcpu, s.memory_gib):
            note = "already at or above the target utilization: kept"
        else:
            note = f"sized for {target:.0%} of the new request at the measured average use"
        resized.append(
            ServiceResize(
                s.name, s.vcpu, s.memory_gib, new_vcpu, new_mem, note, *_fargate(new_vcpu, new_mem, s)
            )
        )
        services.append(
            replace(
                s,
                vcpu=new_vcpu,
                memory_gib=new_mem,
                cpu_util=None if s.cpu_util is None else min(1.0, s.cpu_util * s.vcpu / new_vcpu),
                mem_util=None if s.mem_util is None else min(1.0, s.mem_util * s.memory_gib / new_mem),
            )
        )
    if all(r.vcpu == r.new_vcpu and r.memory_gib == r.new_memory_gib for r in resized):
        return RightSizing(target, tuple(resized), ())
    before = current if current is not None else estimate(workload, catalog)
    smaller = replace(workload, services=tuple(services))
    after = {r.option_id: r for r in estimate(smaller, catalog)}
    options = tuple(
        OptionSavings(r.option_id, r.monthly_usd, after[r.option_id].monthly_usd)
        for r in before
        if r.feasible and r.option_id in after and after[r.option_id].feasible
    )
    saving = tuple(o for o in options if cents(o.current_usd) - cents(o.rightsized_usd) >= 0.01)
    chosen = next((o for o in saving if o.option == recommended), None)
    if chosen is not None:
        was = {
            a.service: a.cost_usd
            for a in allocate(next(r for r in before if r.option_id == recommended), workload.services)
        }
        now = {a.service: a.cost_usd for a in allocate(after[chosen.option], smaller.services)}
        resized = [replace(r, current_usd=was[r.name], rightsized_usd=now[r.name]) for r in resized]
    return RightSizing(target, tuple(resized), saving, chosen)
