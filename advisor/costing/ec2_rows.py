"""The EC2-backed options (ECS on EC2, EKS on EC2) of many single-service rows at once.

A batch row is one service running `tasks` identical tasks for `hours` hours: one step of the
month with one kind of task, which the packer solves exactly (`packing.covers`).
Here that is done for whole arrays of rows: rows are grouped by what decides the usable types
(OS, architecture, CPU utilization for burstable baselines), each group's node tables are the
ones `estimate` uses (`node_types.node_parts`, memoized on the catalog), each distinct task size is
reduced to its frontier of types, and every row's fleet is found in one vector operation.

The monthly cost is then `hours × fleet $/h + fixed`, where the fleet's $/h already includes
each instance's root volume (and public IPv4 when that add-on is on) as the packer counts
them, and `fixed` is what does not depend on the fleet (EKS control plane, load balancers,
NAT). That is the engine's sum of line items, re-associated: equal to `estimate` to well
under a cent (tests/advisor/test_ec2_rows.py checks a sample).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import cast

import numpy as np
import pandas as pd

from advisor.costing.addons import addon_line_items
from advisor.costing.covers import covers, frontier, per_node_counts
from advisor.costing.ecs_ec2 import ecs_ec2_model
from advisor.costing.eks import eks_ec2_model
from advisor.costing.managed import managed_model
from advisor.costing.node_types import FleetModel, Pool, node_parts, percent_up, table_key, unknown_types
from advisor.costing.packing import CandidateTable
from advisor.model.prices import HOURS_PER_MONTH, NoPurchaseRate, PriceCatalog, PriceNotFound
from advisor.model.workload import OS, Arch, NetworkMode, Platform, Purchase, Service, Workload

MODELS: Mapping[Platform, Callable[[Workload, PriceCatalog], FleetModel]] = {
    Platform.ECS_EC2: lambda workload, _catalog: ecs_ec2_model(workload),
    Platform.EKS_EC2: eks_ec2_model,
    Platform.ECS_MANAGED_INSTANCES: lambda w, c: managed_model(w, c, Platform.ECS_MANAGED_INSTANCES),
    Platform.EKS_AUTO_MODE: lambda w, c: managed_model(w, c, Platform.EKS_AUTO_MODE),
}
"""The platforms priced here, and how each builds its fleet model."""

ROW_FIELDS = (
    "vcpu",
    "memory_gb",
    "tasks",
    "hours_per_month",
    "arch",
    "os",
    "cpu_util",
    "spot_ok",
    "network_mode",
)
"""What a row must give (parsed batch columns; `cpu_util` NaN where unknown)."""


def plain(values: Mapping[str, np.ndarray]) -> np.ndarray:
    """Rows priced here: no GPUs (their own pool) and not a daemon (one per node, no fleet)."""
    return (values["gpu_count"] == 0) & ~values["daemon"].astype(bool)


def _fixed_monthly(workload: Workload, catalog: PriceCatalog, model: FleetModel) -> float:
    """What the option costs whatever the fleet: control plane and fleet-independent add-ons."""
    items = (
        *model.fixed_items(),
        *addon_line_items(workload, catalog, public_ip_hours=0.0, public_ip_label="").items,
    )
    return float(sum(item.monthly_usd for item in items))


def monthly_usd(
    workload: Workload,
    catalog: PriceCatalog,
    platform: Platform,
    purchase: Purchase,
    values: Mapping[str, np.ndarray],
) -> np.ndarray:
    """Each plain row's monthly cost on (platform, purchase); NaN where `estimate` finds it infeasible.

    `workload` supplies assumptions, add-ons and the allow-list (its services are not read);
    `values` holds the ROW_FIELDS as arrays of equal length.
    """
    model = MODELS[platform](workload, catalog)
    count = len(values["vcpu"])
    out = np.full(count, np.nan)
    if not count or unknown_types(workload, catalog):  # estimate: infeasible
        return out
    try:
        fixed = _fixed_monthly(workload, catalog, model)
    except PriceNotFound:
        return out
    rows = np.flatnonzero(values["spot_ok"].astype(bool)) if purchase is Purchase.SPOT else np.arange(count)
    cpu_util = values["cpu_util"][rows].astype(float)
    kinds = pd.DataFrame(
        {
            "os": values["os"][rows],
            "arch": values["arch"][rows],
            "util": percent_up(np.where(np.isnan(cpu_util), 1.0, cpu_util)),  # as sustained_cpu_share
            "vcpu": values["vcpu"][rows].astype(float),
            "memory": values["memory_gb"][rows].astype(float),
            "network": values["network_mode"][rows],
        }
    )
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(kinds))
    k, p, has_table = _frontiers(workload, catalog, purchase, model, list(uniques))
    # `unsupported` reads only the OS and network mode: asked once per pair, not per row kind.
    pairs = {(kind[0], kind[5]) for kind in uniques}
    runs = {pair: model.unsupported(_pair_service(*pair)) is None for pair in pairs}
    supported = np.array([runs[kind[0], kind[5]] for kind in uniques], dtype=bool)
    tasks = values["tasks"][rows].astype(np.int64)
    hourly = np.where(tasks == 0, 0.0, _zoned_hourly(k, p, codes, tasks, workload))
    known = has_table[codes] & supported[codes] & np.isfinite(hourly)
    out[rows[known]] = fixed + _billed_hours(values["hours_per_month"][rows[known]], workload) * hourly[known]
    return out


def _pair_service(os: str, network: str) -> Service:
    """A task of this OS and network mode, for the platform's limits (`FleetModel.unsupported`)."""
    return Service("task", 1.0, 2.0, os=OS(os), network_mode=NetworkMode(network))


def _zoned_hourly(
    k: np.ndarray, p: np.ndarray, codes: np.ndarray, tasks: np.ndarray, workload: Workload
) -> np.ndarray:
    """$/h of each row's fleet with its tasks spread over min(tasks, zones) zones, as
    `timeline.zone_split` spreads them: n mod z zones hold one task more than the others.
    `k`, `p` are the kinds' frontiers, `codes` each row's kind."""
    zones = np.maximum(np.minimum(tasks, workload.assumptions.availability_zones), 1)
    low, more = tasks // zones, tasks % zones
    found = covers(k, p, int((low + 1).max(initial=0)))
    low_cost = found.hourly_usd(low, codes)
    high_cost = found.hourly_usd(low + 1, codes)
    with np.errstate(invalid="ignore"):
        return (zones - more) * low_cost + np.where(more > 0, more * high_cost, 0.0)


def _billed_hours(hours: np.ndarray, workload: Workload) -> np.ndarray:
    """A row's hours plus the scaling time when it does not run all month (`timeline.service_bands`)."""
    a = workload.assumptions
    scaling = (a.ec2_scale_out_seconds + a.ec2_scale_in_seconds) / 3600.0
    end = np.maximum(HOURS_PER_MONTH, hours)
    # The month's steps end at times rounded to 1e-9 h (`timeline.steps`), so these are too.
    return np.round(np.where(hours < end - 1e-9, np.minimum(end, hours + scaling), hours), 9)


Kind = tuple[str, str, float, float, float, str]
"""(os, arch, cpu_util, vcpu, memory GB, network mode): everything that decides which types a
task can use and how many of its tasks one node holds."""


def _frontiers(
    workload: Workload,
    catalog: PriceCatalog,
    purchase: Purchase,
    model: FleetModel,
    kinds: list[Kind],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """[kinds, width] tasks per node and $/h of each kind's frontier of types (memoized).

    The frontier of all types is the frontier of (the non-burstable types' frontier, which
    does not depend on utilization, plus the burstable types): each is computed once per
    task size, the second per utilization on a few dozen types. A kind with no usable table
    (no rate for the purchase, no type of that OS) is marked in the third array: infeasible
    even with no tasks.
    """
    # Keyed like the node tables they come from (per-node extras and add-ons included).
    bases = {
        (os, arch): (
            "ec2-row frontier",
            *table_key(workload, catalog, purchase, Pool(os, arch, False, ()), model),
        )
        for os, arch in {kind[:2] for kind in kinds}
    }
    found = [
        cast(tuple[np.ndarray, np.ndarray] | None, catalog.memo.get((*bases[kind[:2]], *kind[2:])))
        for kind in kinds
    ]
    missing: dict[tuple[str, str, float], list[int]] = {}
    for u, kind in enumerate(kinds):
        if found[u] is None:
            missing.setdefault(kind[:3], []).append(u)
    for (os, arch, cpu_util), members in missing.items():
        base = bases[os, arch]
        sample = Service("pool", 1.0, 1.0, os=OS(os), arch=Arch(arch), cpu_util=float(cpu_util))
        try:
            steady, burst = node_parts(workload, catalog, purchase, Pool(os, arch, False, (sample,)), model)
        except (NoPurchaseRate, PriceNotFound):
            steady = burst = None
        if steady is None and burst is None:
            for u in members:
                found[u] = catalog.memo[(*base, *kinds[u][2:])] = (np.zeros(0, dtype=np.int64), np.zeros(0))
            continue
        shapes = [kinds[u][3:] for u in members]
        needs = np.array([_task_resources(model.resources, shape) for shape in shapes], dtype=float)
        k, p = _steady_frontier(catalog, (*base, "steady"), steady, shapes, needs)
        if burst is not None:
            k = np.concatenate([k, per_node_counts(burst.capacity, needs)], axis=1)
            p = np.concatenate([p, np.broadcast_to(burst.price, (len(members), len(burst.types)))], axis=1)
        k, p = frontier(k, p)
        for row, u in enumerate(members):
            keep = p[row] < np.inf
            # A task that fits no type keeps one column that holds nothing: infeasible
            # unless the row has no tasks (then the fleet is empty, as `estimate` has it).
            found[u] = catalog.memo[(*base, *kinds[u][2:])] = (
                (k[row, keep], p[row, keep])
                if keep.any()
                else (np.zeros(1, dtype=np.int64), np.full(1, np.inf))
            )
    return _stacked([f for f in found if f is not None])


@functools.lru_cache(maxsize=65536)
def _task_resources(
    resources: Callable[[Service], tuple[float, ...]], shape: tuple[float, float, str]
) -> tuple[float, ...]:
    """What one task of this shape reserves on a node (a pure function of the shape: cached)."""
    vcpu, memory, network = shape
    return resources(Service("task", vcpu, memory, network_mode=NetworkMode(network)))


def _steady_frontier(
    catalog: PriceCatalog,
    base: tuple[object, ...],
    steady: CandidateTable | None,
    shapes: list[tuple[float, float, str]],
    needs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """[shapes, width] frontier of the non-burstable types for each task shape (memoized)."""
    fronts = [
        cast(tuple[np.ndarray, np.ndarray] | None, catalog.memo.get((*base, shape))) for shape in shapes
    ]
    todo = [i for i, f in enumerate(fronts) if f is None]
    if todo:
        if steady is None:
            k = np.zeros((len(todo), 1), dtype=np.int64)
            p = np.full((len(todo), 1), np.inf)
        else:
            k, p = frontier(per_node_counts(steady.capacity, needs[todo]), steady.price)
        for row, i in enumerate(todo):
            fronts[i] = catalog.memo[(*base, shapes[i])] = (k[row], p[row])
    return _stacked([f for f in fronts if f is not None])[:2]


def _stacked(fronts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Frontiers of different widths as padded arrays, and which ones have any type at all."""
    width = max(1, max((len(k) for k, _ in fronts), default=0))
    k_all = np.zeros((len(fronts), width), dtype=np.int64)
    p_all = np.full((len(fronts), width), np.inf)
    for u, (k, p) in enumerate(fronts):
        k_all[u, : len(k)] = k
        p_all[u, : len(p)] = p
    return k_all, p_all, np.array([len(k) > 0 for k, _ in fronts], dtype=bool)
