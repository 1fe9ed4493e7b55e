"""Pricing a packed EC2 fleet over the month: shared by ECS on EC2 and EKS on EC2.

Time is a step function: each service's bands are sorted busiest first and laid end to end, and
the services' busiest bands are assumed to coincide (conservative: the fleet for the shared
peak is what must exist). Each step is packed and priced on its own. A run-based service
needs capacity for its peak concurrency for as long as that capacity is busy: task-hours ÷
peak concurrency, capped at the month.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import cast

import numpy as np

from advisor.costing.addons import addon_line_items, missing_rate_reason
from advisor.costing.packing import (
    CandidateTable,
    Demand,
    Node,
    NodeType,
    Packing,
    Unplaceable,
    candidate_table,
    pack,
)
from advisor.costing.purchase import EffectiveRate, ec2_rate
from advisor.model.assumptions import citation
from advisor.model.costs import Capacity, CostBreakdown, FleetEntry, LineItem, infeasible
from advisor.model.prices import (
    HOURS_PER_MONTH,
    Confidence,
    InstanceType,
    NoPurchaseRate,
    PriceCatalog,
    PriceNotFound,
    UnknownInstanceType,
)
from advisor.model.workload import MAX_HOURS_PER_MONTH, Platform, Purchase, Service, Workload

EBS_KEY = "ebs_gp3_gb_month"


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


@dataclass(frozen=True, slots=True)
class _RateBook:
    """The effective rate (with provenance) of the types a fleet uses, looked up on demand."""

    catalog: PriceCatalog
    os: str
    purchase: Purchase
    workload: Workload

    def rate(self, instance_type: str) -> EffectiveRate:
        return ec2_rate(self.catalog, instance_type, self.os, self.purchase, self.workload.assumptions)


@dataclass(frozen=True, slots=True)
class PricedFleet:
    items: tuple[LineItem, ...]
    capacity: Capacity
    instance_hours: float
    warnings: tuple[str, ...]


def price_fleet(  # noqa: PLR0917 - one internal caller, every argument required
    workload: Workload,
    catalog: PriceCatalog,
    services: list[Service],
    resources: Callable[[Service], tuple[float, ...]],
    table: CandidateTable,
    rates: _RateBook,
    utilization_dims: tuple[int, int],
    extra_dims: Mapping[str, int],
) -> PricedFleet:
    """Pack every step, and turn the fleets into auditable line items.

    Each instance type's hours are split into the share the tasks' requests occupy (of the
    binding resource) and the unallocated rest, labelled packing waste, so waste is its own
    line while the two lines still add up to exactly the instance-hours billed. Raises
    Unplaceable when a task fits no type.
    """
    by_name = {s.name: s for s in services}
    items: list[LineItem] = []
    peak: tuple[float, Packing] | None = None
    instance_hours = 0.0
    month_steps = steps(services)
    many = len(month_steps) > 1
    for step in month_steps:
        demands = [Demand(name, n, resources(by_name[name])) for name, n in step.tasks.items()]
        packing = pack(demands, table.types, table)
        tasks_now = sum(step.tasks.values())
        if peak is None or tasks_now > peak[0]:
            peak = (tasks_now, packing)
        when = f" ({step.hours:g} h step, {tasks_now} tasks)" if many else ""
        for name in sorted({n.node_type.name for n in packing.nodes}):
            nodes = [n for n in packing.nodes if n.node_type.name == name]
            rate = rates.rate(name)
            hours = len(nodes) * step.hours
            instance_hours += hours
            used = sum(_paid_share(n, utilization_dims) for n in nodes) / len(nodes)
            label = f"{name} instance-hours"
            if rate.note != "on-demand":
                label += f" [{rate.note}]"
            parts = [("allocated to tasks", hours * used)]
            if used < 1 - 1e-9:
                parts.append(("unallocated (packing waste)", hours * (1 - used)))
            items.extend(
                LineItem(
                    item=f"{label}, {part}{when}",
                    quantity=quantity,
                    unit="instance-hour",
                    rate_usd=rate.usd,
                    source=rate.source,
                    as_of=rate.as_of,
                    confidence=rate.confidence,
                )
                for part, quantity in parts
            )
    warnings: list[str] = []
    gb = workload.assumptions.ebs_root_gb
    if gb > 0 and instance_hours > 0:
        if catalog.has_rate(EBS_KEY):
            ebs = catalog.rate(EBS_KEY)
            items.append(
                LineItem(
                    item=f"EBS gp3 root volumes ({gb:g} GB per instance)",
                    quantity=gb * instance_hours / HOURS_PER_MONTH,
                    unit="GB-month",
                    rate_usd=ebs.usd,
                    source=ebs.source,
                    as_of=ebs.as_of,
                    confidence=ebs.confidence,
                )
            )
        else:
            warnings.append(
                f"EBS root volumes not priced: no gp3 rate for {catalog.region} in "
                f"{catalog.source.label} — refresh live"
            )
    return PricedFleet(
        tuple(items),
        _capacity(peak[1] if peak else None, utilization_dims, extra_dims),
        instance_hours,
        tuple(warnings),
    )


def _paid_share(node: Node, dims: tuple[int, int]) -> float:
    """Share of an instance's CPU or memory (whichever is fuller) that tasks request.

    What is left is capacity paid for and idle — packing waste — even when another limit
    (ENIs, pods) is what stopped more tasks from landing there.
    """
    cap = node.node_type.capacity
    return min(1.0, max(node.used[d] / cap[d] for d in dims if cap[d] > 0))


def _capacity(packing: Packing | None, dims: tuple[int, int], extra: Mapping[str, int]) -> Capacity:
    """The fleet at the busiest step: counts per type and the share of capacity requested."""
    if packing is None or not packing.nodes:
        return Capacity()
    fleet = []
    for name in sorted({n.node_type.name for n in packing.nodes}):
        nodes = [n for n in packing.nodes if n.node_type.name == name]
        cap = nodes[0].node_type.capacity
        fleet.append(
            FleetEntry(
                instance_type=name,
                count=len(nodes),
                tasks_per_instance=sum(sum(n.counts) for n in nodes) / len(nodes),
                vcpu_utilization=sum(n.used[dims[0]] for n in nodes) / (cap[dims[0]] * len(nodes)),
                memory_utilization=sum(n.used[dims[1]] for n in nodes) / (cap[dims[1]] * len(nodes)),
            )
        )

    def share(dim: int) -> float | None:
        total = sum(n.node_type.capacity[dim] for n in packing.nodes)
        if total <= 0 or total == float("inf"):
            return None
        return sum(n.used[dim] for n in packing.nodes) / total

    return Capacity(
        fleet=tuple(fleet),
        vcpu_utilization=share(dims[0]),
        memory_utilization=share(dims[1]),
        eni_utilization=share(extra["eni"]) if "eni" in extra else None,
        pod_utilization=share(extra["pods"]) if "pods" in extra else None,
    )


# --- choosing and pricing the fleet for a platform -------------------------------------------


@dataclass(frozen=True, slots=True)
class Pool:
    """Services that can share instances: same OS, same architecture need, GPUs or not."""

    os: str
    arch: str
    gpu: bool
    services: tuple[Service, ...]


def pools(services: tuple[Service, ...]) -> list[Pool]:
    keys: dict[tuple[str, str, bool], list[Service]] = {}
    for s in services:
        if not s.daemon:
            keys.setdefault((s.os.value, s.arch.value, s.gpu_count > 0), []).append(s)
    return [Pool(os, arch, gpu, tuple(group)) for (os, arch, gpu), group in keys.items()]


def allowed(spec: InstanceType, pool: Pool, allow_list: tuple[str, ...]) -> bool:
    """Architecture, GPU need, bare metal and the user's allow-list (types or families)."""
    if allow_list and spec.name not in allow_list and spec.family not in allow_list:
        return False
    if pool.arch not in ("any", spec.arch):
        return False
    if (spec.gpu_count > 0) != pool.gpu:
        return False
    return not (spec.bare_metal and spec.name not in allow_list)


def _per_node_hourly_extras(workload: Workload, catalog: PriceCatalog) -> float:
    """What each extra instance adds per hour besides itself (root volume, public IPv4).

    The packer minimizes instance price plus these, so four small nodes do not beat one
    large node of the same price once their four root volumes are counted.
    """
    extra = 0.0
    if catalog.has_rate(EBS_KEY):
        extra += workload.assumptions.ebs_root_gb * catalog.rate(EBS_KEY).usd / HOURS_PER_MONTH
    if workload.addons.public_ipv4 and catalog.has_rate("public_ipv4_hour"):
        extra += catalog.rate("public_ipv4_hour").usd
    return extra


@dataclass(frozen=True, slots=True)
class FleetModel:
    """What sets ECS on EC2 and EKS on EC2 apart, for the fleet pricing they share.

    `capacity` is what one instance offers a pool's tasks (None: unusable); it may read the
    pool's services only through their CPU utilization, and only for burstable types (which
    `node_parts` relies on to reuse the other types across utilizations). `capacity_key`
    identifies everything `capacity` depends on besides the pool (platform, assumptions,
    daemons): node tables are memoized on the catalog under it.
    """

    platform: Platform
    capacity: Callable[[InstanceType, Pool], tuple[float, ...] | None]
    resources: Callable[[Service], tuple[float, ...]]
    utilization_dims: tuple[int, int]
    extra_dims: Mapping[str, int]
    capacity_key: Hashable
    fixed_items: Callable[[], tuple[LineItem, ...]] = tuple
    dimensions: Mapping[str, str] | None = None


def _node_types(  # noqa: PLR0917 - one caller, all required
    workload: Workload,
    catalog: PriceCatalog,
    purchase: Purchase,
    pool: Pool,
    model: FleetModel,
    specs: list[InstanceType],
) -> list[NodeType]:
    """Those of `specs` the pool can use, priced, with their usable capacity for the pool."""
    per_node_extra = _per_node_hourly_extras(workload, catalog)
    node_types: list[NodeType] = []
    for spec in specs:
        cap = model.capacity(spec, pool)
        if cap is None:
            continue
        hourly = (
            catalog.ec2_ondemand[spec.name, pool.os].usd
            if purchase is Purchase.ON_DEMAND
            else ec2_rate(catalog, spec.name, pool.os, purchase, workload.assumptions).usd
        )
        node_types.append(NodeType(spec.name, hourly + per_node_extra, cap))
    return node_types


def table_key(
    workload: Workload, catalog: PriceCatalog, purchase: Purchase, pool: Pool, model: FleetModel
) -> tuple[Hashable, ...]:
    """Everything a pool's node tables depend on but its services' CPU utilization (see
    `node_parts`): the key of anything memoized on the catalog that is derived from them."""
    return (
        "node-types",
        model.capacity_key,
        pool.os,
        pool.arch,
        pool.gpu,
        purchase,
        workload.instance_types,
        _per_node_hourly_extras(workload, catalog),
    )


def unknown_types(workload: Workload, catalog: PriceCatalog) -> list[str]:
    """Names in the workload's allow-list that are neither a type nor a family of the catalog."""
    if not workload.instance_types:
        return []
    families = {t.family for t in catalog.instance_types.values()}
    return [n for n in workload.instance_types if n not in catalog.instance_types and n not in families]


def percent_up(share: np.ndarray) -> np.ndarray:
    """A share taken up to the next whole percent (0.4373 → 0.44; 0.44 stays 0.44)."""
    return np.ceil(np.asarray(share, dtype=float) * 100 - 1e-9) / 100


def sustained_cpu_share(services: tuple[Service, ...]) -> float:
    """The highest average CPU use among services (1 where unknown): what a burstable must sustain.

    Taken up to the next whole percent (`percent_up`): a CloudWatch average is no more precise
    than that, the rounding only ever asks more of a burstable type, and a portfolio with a
    million distinct utilizations then needs at most a hundred burstable tables, not a million.
    """
    highest = max((s.cpu_util if s.cpu_util is not None else 1.0) for s in services) if services else 1.0
    return float(percent_up(np.array(highest)))


def node_parts(
    workload: Workload, catalog: PriceCatalog, purchase: Purchase, pool: Pool, model: FleetModel
) -> tuple[CandidateTable | None, CandidateTable | None]:
    """The pool's usable types in two tables (None when empty), memoized on the catalog.

    Only burstable types depend on the pool's CPU utilization (their baseline), so the others
    (the first table) are built once and shared by every utilization; the second holds the
    burstable types for this pool's utilization. A batch of rows with a thousand different
    utilizations costs a thousand small burstable tables, not a thousand full ones.
    """
    key = table_key(workload, catalog, purchase, pool, model)
    steady_key, specs_key = (*key, "steady"), (*key, "burstable types")
    if steady_key not in catalog.memo:
        specs: dict[bool, list[InstanceType]] = {False: [], True: []}
        for name, os in catalog.ec2_ondemand:
            spec = catalog.instance_types[name]
            if os == pool.os and allowed(spec, pool, workload.instance_types):
                specs[spec.burstable].append(spec)
        steady = _node_types(workload, catalog, purchase, pool, model, specs[False])
        catalog.memo[steady_key] = candidate_table(steady) if steady else None
        catalog.memo[specs_key] = specs[True]
    burst_key = (*key, "burstable", sustained_cpu_share(pool.services))
    if burst_key not in catalog.memo:
        burst = _node_types(
            workload, catalog, purchase, pool, model, cast(list[InstanceType], catalog.memo[specs_key])
        )
        catalog.memo[burst_key] = candidate_table(burst) if burst else None
    return cast(CandidateTable | None, catalog.memo[steady_key]), cast(
        CandidateTable | None, catalog.memo[burst_key]
    )


def node_table(
    workload: Workload, catalog: PriceCatalog, purchase: Purchase, pool: Pool, model: FleetModel
) -> CandidateTable | None:
    """Every type the pool can use, as the packer's table (None when there is none)."""
    key = (*table_key(workload, catalog, purchase, pool, model), "all", sustained_cpu_share(pool.services))
    if key not in catalog.memo:
        steady, burst = node_parts(workload, catalog, purchase, pool, model)
        catalog.memo[key] = steady.extended(burst.types) if steady and burst else steady or burst
    return cast(CandidateTable | None, catalog.memo[key])


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
    if reasons:
        return infeasible(platform, purchase, *reasons)
    items: list[LineItem] = []
    warnings: list[str] = []
    fleets: list[Capacity] = []
    instance_hours = 0.0
    try:
        for pool in pools(workload.services):
            table = node_table(workload, catalog, purchase, pool, model)
            rates = _RateBook(catalog, pool.os, purchase, workload)
            if table is None:
                if not any((t, pool.os) in catalog.ec2_ondemand for t in catalog.instance_types):
                    raise PriceNotFound(f"EC2 {pool.os} on-demand", catalog.region, catalog.source.label)
                return infeasible(
                    platform,
                    purchase,
                    f"no allowed {pool.os}/{pool.arch} instance type "
                    f"{'with GPUs ' if pool.gpu else ''}can run these services in {catalog.region}",
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
            )
            instance_hours += priced.instance_hours
            items.extend(priced.items)
            warnings.extend(priced.warnings)
            fleets.append(priced.capacity)
        items.extend(model.fixed_items())
        items.extend(
            addon_line_items(
                workload,
                catalog,
                public_ip_hours=instance_hours if workload.addons.public_ipv4 else 0.0,
                public_ip_label=f"one per instance, {instance_hours:,.1f} instance-hours",
            )
        )
    except Unplaceable as err:
        return infeasible(platform, purchase, str(err))
    except NoPurchaseRate as err:
        return infeasible(platform, purchase, str(err))
    except PriceNotFound as err:
        return infeasible(platform, purchase, missing_rate_reason(err, catalog, model.dimensions))
    if any(i.confidence is Confidence.ASSUMPTION for i in items):
        field = {
            Purchase.SPOT: "ec2_spot_discount",
            Purchase.SAVINGS_PLAN_1Y: "savings_plan_1y_discount",
            Purchase.SAVINGS_PLAN_3Y: "savings_plan_3y_discount",
        }.get(purchase)
        if field:
            warnings.append(
                f"{purchase.value} rates are an assumption, not published prices: "
                f"{field}={getattr(workload.assumptions, field):g} off on-demand "
                f"({citation(field).source})"
            )
    capacity_out = (
        fleets[0] if len(fleets) == 1 else Capacity(fleet=tuple(e for c in fleets for e in c.fleet))
    )
    return CostBreakdown(
        platform,
        purchase,
        True,
        line_items=tuple(items),
        capacity=capacity_out,
        warnings=tuple(dict.fromkeys(warnings)),
    )
