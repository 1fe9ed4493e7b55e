"""Pricing a packed EC2 fleet over the month: shared by ECS on EC2 and EKS on EC2.

Each pool of services gets its node table (`node_types`), each step of the month
(`timeline`) is packed (`packing`) and priced, and the fleets become auditable line items.
A platform (ECS on EC2, EKS on EC2, and those that reuse their fleet) plugs in through a
`FleetModel`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from advisor.costing.addons import addon_line_items, incomplete_warning, missing_rate_reason
from advisor.costing.bins import CandidateTable, Demand, Node, Packing, Unplaceable
from advisor.costing.node_types import (
    EBS_KEY,
    EBS_ROOT_VOLUMES,
    FleetModel,
    device_text,
    node_table,
    pools,
    sustained_cpu_share,
    unknown_types,
)
from advisor.costing.packing import pack
from advisor.costing.purchase import EC2_DISCOUNT_FIELD, EffectiveRate, ec2_rate, with_interruption_bands
from advisor.costing.timeline import steps, zone_split
from advisor.model.assumptions import citation
from advisor.model.costs import Capacity, CostBreakdown, FleetEntry, LineItem, infeasible
from advisor.model.prices import (
    HOURS_PER_MONTH,
    Confidence,
    NoPurchaseRate,
    PriceCatalog,
    PriceNotFound,
    UnknownInstanceType,
)
from advisor.model.workload import Purchase, Service, Workload

FEE_LABEL = "management fee"
"""What a fee line item is called after its instance type ('m5.large management fee (…)')."""


@dataclass(frozen=True, slots=True)
class _RateBook:
    """The effective rate (with provenance) of the types a fleet uses, looked up on demand."""

    catalog: PriceCatalog
    os: str
    purchase: Purchase
    workload: Workload
    fee: Callable[[str, str], EffectiveRate] | None = None

    def rate(self, instance_type: str) -> EffectiveRate:
        return ec2_rate(self.catalog, instance_type, self.os, self.purchase, self.workload.assumptions)

    def fee_item(self, instance_type: str, hours: float, when: str) -> LineItem | None:
        """The management fee for `hours` of the type (managed platforms only): its own line,
        at the fee's rate whatever the purchase option, since Spot and Savings Plans discount
        only the instance hours."""
        if self.fee is None:
            return None
        fee = self.fee(instance_type, self.os)
        return LineItem.at(f"{instance_type} {FEE_LABEL} ({fee.note}){when}", hours, "instance-hour", fee)


@dataclass(frozen=True, slots=True)
class PricedFleet:
    items: tuple[LineItem, ...]
    fee_items: tuple[LineItem, ...]
    capacity: Capacity
    instance_hours: float
    warnings: tuple[str, ...]
    missing: tuple[str, ...] = ()


def price_fleet(  # noqa: PLR0917 - one internal caller, every argument required
    workload: Workload,
    catalog: PriceCatalog,
    services: list[Service],
    resources: Callable[[Service], tuple[float, ...]],
    table: CandidateTable,
    rates: _RateBook,
    utilization_dims: tuple[int, int],
    extra_dims: Mapping[str, int],
    cpu_per_vcpu: float,
) -> PricedFleet:
    """Pack every step, and turn the fleets into auditable line items.

    Each instance type's hours are split into the share the tasks' requests occupy (of the
    binding resource) and the unallocated rest, labelled packing waste, so waste is its own
    line while the two lines still add up to exactly the instance-hours billed. Raises
    Unplaceable when a task fits no type.
    """
    by_name = {s.name: s for s in services}
    a = workload.assumptions
    items: list[LineItem] = []
    fee_items: list[LineItem] = []
    peak: tuple[float, list[Packing]] | None = None
    longest: tuple[float, list[Packing]] | None = None
    instance_hours = 0.0
    month_steps = steps(services, (a.ec2_scale_out_seconds + a.ec2_scale_in_seconds) / 3600.0)
    many = len(month_steps) > 1
    for step in month_steps:
        zones: list[Packing] = []
        for alike, zone_tasks in zone_split(step.tasks, a.availability_zones):
            demands = [Demand(name, n, resources(by_name[name])) for name, n in zone_tasks.items()]
            zones.extend([pack(demands, table.types, table)] * alike)
        all_nodes = [node for zone in zones for node in zone.nodes]
        tasks_now = sum(step.tasks.values())
        if not step.scaling and (peak is None or tasks_now > peak[0]):
            peak = (tasks_now, zones)
        if not step.scaling and (longest is None or step.hours > longest[0]):
            longest = (step.hours, zones)
        when = f" ({step.hours:g} h step, {tasks_now} tasks)" if many else ""
        for name in sorted({n.node_type.name for n in all_nodes}):
            nodes = [n for n in all_nodes if n.node_type.name == name]
            rate = rates.rate(name)
            hours = len(nodes) * step.hours
            instance_hours += hours
            used = sum(_paid_share(n, utilization_dims) for n in nodes) / len(nodes)
            label = f"{name} instance-hours"
            if rate.note != "on-demand":
                label += f" [{rate.note}]"
            if step.scaling:
                parts = [("scaling time (launch and warm-up, scale-in delay)", hours)]
            else:
                parts = [("allocated to tasks", hours * used)]
                if used < 1 - 1e-9:
                    parts.append(("unallocated (packing waste)", hours * (1 - used)))
            items.extend(
                LineItem.at(f"{label}, {part}{when}", quantity, "instance-hour", rate)
                for part, quantity in parts
            )
            fee = rates.fee_item(name, hours, when)
            if fee is not None:
                fee_items.append(fee)
    warnings = _burstable_warnings(
        catalog, services, peak[1] if peak else [], utilization_dims[0], cpu_per_vcpu
    )
    gb = workload.assumptions.ebs_root_gb
    missing: list[str] = []
    if gb > 0 and instance_hours > 0:
        if catalog.has_rate(EBS_KEY):
            items.append(
                LineItem.at(
                    f"EBS gp3 root volumes ({gb:g} GB per instance)",
                    gb * instance_hours / HOURS_PER_MONTH,
                    "GB-month",
                    catalog.rate(EBS_KEY),
                )
            )
        else:
            missing.append(EBS_ROOT_VOLUMES)
    capacity = _capacity(peak[1] if peak else [], utilization_dims, extra_dims)
    if longest is not None:
        steady = _fleet_entries([node for zone in longest[1] for node in zone.nodes], utilization_dims)
        capacity = replace(capacity, steady=steady, steady_hours=longest[0])
    return PricedFleet(
        tuple(items),
        tuple(fee_items),
        capacity,
        instance_hours,
        tuple(warnings),
        tuple(missing),
    )


def _burstable_warnings(
    catalog: PriceCatalog, services: list[Service], zones: list[Packing], cpu_dim: int, cpu_per_vcpu: float
) -> list[str]:
    """For each burstable type in the busiest fleet, the average CPU use at which it throttles
    (none where even the full request stays below the baseline).

    Its tasks sustain requests × utilization (`sustained_cpu_share`); the fullest node of the
    type exhausts its CPU credits once that passes its baseline share of all its vCPUs.
    """
    nodes = [node for zone in zones for node in zone.nodes]
    share = sustained_cpu_share(tuple(services))
    warnings = []
    for name in sorted({n.node_type.name for n in nodes}):
        spec = catalog.instance(name)
        if not spec.burstable or spec.baseline_cpu_fraction is None:
            continue
        requested = max(n.used[cpu_dim] for n in nodes if n.node_type.name == name) / cpu_per_vcpu
        throttle = spec.baseline_cpu_fraction * spec.vcpu / requested
        if throttle >= 1:
            continue  # even tasks at their full request stay below the baseline
        warnings.append(
            f"{name} is burstable (baseline {spec.baseline_cpu_fraction:.0%} of its {spec.vcpu} vCPUs): "
            f"its tasks use {share:.0%} of their CPU request on average and would be throttled "
            f"above {throttle:.0%} (unlimited mode bills the surplus CPU credits instead)"
        )
    return warnings


def _paid_share(node: Node, dims: tuple[int, int]) -> float:
    """Share of an instance's CPU or memory (whichever is fuller) that tasks request.

    What is left is capacity paid for and idle — packing waste — even when another limit
    (ENIs, pods) is what stopped more tasks from landing there.
    """
    cap = node.node_type.capacity
    return min(1.0, max(node.used[d] / cap[d] for d in dims if cap[d] > 0))


def _fleet_entries(nodes: list[Node], dims: tuple[int, int]) -> tuple[FleetEntry, ...]:
    """Counts per type and the share of each type's CPU and memory that tasks request."""
    fleet = []
    for name in sorted({n.node_type.name for n in nodes}):
        same = [n for n in nodes if n.node_type.name == name]
        cap = same[0].node_type.capacity
        fleet.append(
            FleetEntry(
                instance_type=name,
                count=len(same),
                tasks_per_instance=sum(sum(n.counts) for n in same) / len(same),
                vcpu_utilization=sum(n.used[dims[0]] for n in same) / (cap[dims[0]] * len(same)),
                memory_utilization=sum(n.used[dims[1]] for n in same) / (cap[dims[1]] * len(same)),
            )
        )
    return tuple(fleet)


def _merged(entries: Iterable[FleetEntry]) -> tuple[FleetEntry, ...]:
    """The pools' fleets as one list, a line per type: pools never share a node, but a reader
    counts instances per type ("5 × m6g.medium", not "3 × …, 2 × …"); counts add up and each
    share is the count-weighted mean of the pools'."""
    by_type: dict[str, list[FleetEntry]] = {}
    for entry in entries:
        by_type.setdefault(entry.instance_type, []).append(entry)
    return tuple(same[0] if len(same) == 1 else _one_entry(same) for same in by_type.values())


def _one_entry(same: list[FleetEntry]) -> FleetEntry:
    count = sum(e.count for e in same)
    return FleetEntry(
        same[0].instance_type,
        count,
        sum(e.tasks_per_instance * e.count for e in same) / count,
        sum(e.vcpu_utilization * e.count for e in same) / count,
        sum(e.memory_utilization * e.count for e in same) / count,
    )


def _capacity(zones: list[Packing], dims: tuple[int, int], extra: Mapping[str, int]) -> Capacity:
    """The fleet at the busiest step, in all and per Availability Zone, and the share requested."""
    nodes = [node for zone in zones for node in zone.nodes]
    if not nodes:
        return Capacity()

    def share(dim: int) -> float | None:
        total = sum(n.node_type.capacity[dim] for n in nodes)
        if total <= 0 or total == float("inf"):
            return None
        return sum(n.used[dim] for n in nodes) / total

    return Capacity(
        fleet=_fleet_entries(nodes, dims),
        vcpu_utilization=share(dims[0]),
        memory_utilization=share(dims[1]),
        eni_utilization=share(extra["eni"]) if "eni" in extra else None,
        pod_utilization=share(extra["pods"]) if "pods" in extra else None,
        zones=tuple(_fleet_entries(list(zone.nodes), dims) for zone in zones),
    )


def price_platform(
    workload: Workload, catalog: PriceCatalog, purchase: Purchase, model: FleetModel
) -> CostBreakdown:
    """An EC2-backed option: pack each pool on the types it may use, price the fleets."""
    platform = model.platform
    reasons: list[str] = []
    if purchase is Purchase.SPOT:
        tolerant = [s.name for s in workload.services if not s.spot_ok]
        if tolerant:
            reasons.append(f"Spot needs interruption-tolerant services; not spot_ok: {', '.join(tolerant)}")
    reasons += [
        str(UnknownInstanceType(name, list(catalog.instance_types)))
        for name in unknown_types(workload, catalog)
    ]
    reasons += list(dict.fromkeys(r for s in workload.services if (r := model.unsupported(s)) is not None))
    if reasons:
        return infeasible(platform, purchase, *reasons)
    items: list[LineItem] = []
    fee_items: list[LineItem] = []
    warnings: list[str] = []
    fleets: list[Capacity] = []
    missing: list[str] = []
    instance_hours = 0.0
    try:
        for pool in pools(workload.services):
            table = node_table(workload, catalog, purchase, pool, model)
            rates = _RateBook(catalog, pool.os, purchase, workload, model.fee)
            if table is None:
                if not any((t, pool.os) in catalog.ec2_ondemand for t in catalog.instance_types):
                    raise PriceNotFound(f"EC2 {pool.os} on-demand", catalog.region, catalog.source.label)
                return infeasible(
                    platform,
                    purchase,
                    f"no allowed {pool.os}/{pool.arch} instance type "
                    f"{device_text(pool)}can run these services in {catalog.region}",
                )
            priced = price_fleet(
                workload,
                catalog,
                list(pool.services),
                model.resources,
                table,
                rates,
                model.utilization_dims,
                model.extra_dims,
                model.cpu_per_vcpu,
            )
            instance_hours += priced.instance_hours
            items.extend(priced.items)
            fee_items.extend(priced.fee_items)
            warnings.extend(priced.warnings)
            missing.extend(priced.missing)
            fleets.append(priced.capacity)
        addons = addon_line_items(
            workload,
            catalog,
            public_ip_hours=instance_hours if workload.addons.public_ipv4 else 0.0,
            public_ip_label=f"one per instance, {instance_hours:,.1f} instance-hours",
        )
        shared_items = [*model.fixed_items(), *addons.items]
        missing.extend(addons.missing)
    except Unplaceable as err:
        return infeasible(platform, purchase, str(err))
    except NoPurchaseRate as err:
        return infeasible(platform, purchase, str(err))
    except PriceNotFound as err:
        return infeasible(platform, purchase, missing_rate_reason(err, catalog, model.dimensions))
    field = EC2_DISCOUNT_FIELD.get(purchase)
    if field and any(i.confidence is Confidence.ASSUMPTION for i in items):
        warnings.append(
            f"{purchase.value} rates of the types marked 'assumption' are not published prices: "
            f"{field}={getattr(workload.assumptions, field):g} off on-demand ({citation(field).source})"
        )
    if any(i.confidence is Confidence.ASSUMPTION for i in fee_items):
        fraction = workload.assumptions.management_fee_fraction
        warnings.append(
            f"management fees marked 'assumption' are not published prices: management_fee_fraction="
            f"{fraction:g} of each type's on-demand price (AWS publishes a fee per type, about 12 %); "
            "refresh live for the real fees"
        )
    if missing:
        warnings.append(incomplete_warning(tuple(dict.fromkeys(missing)), catalog))
    capacity_out = with_interruption_bands(
        fleets[0]
        if len(fleets) == 1
        else Capacity(
            fleet=_merged(e for c in fleets for e in c.fleet),
            steady=_merged(e for c in fleets for e in c.steady),
        ),
        catalog,
        purchase,
    )
    return CostBreakdown(
        platform,
        purchase,
        True,
        line_items=(*items, *fee_items, *shared_items),
        capacity=capacity_out,
        warnings=tuple(dict.fromkeys(warnings)),
        missing=tuple(dict.fromkeys(missing)),
    )
