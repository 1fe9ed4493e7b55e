"""The EC2-backed options (ECS on EC2, EKS on EC2) of many single-service rows at once.

A batch row is one service running `tasks` identical tasks for `hours` hours: one step of the
month with one kind of task, which the packer solves in closed form (`packing.cheapest_fleets`).
Here that is done for whole arrays of rows: rows are grouped by what decides the usable types
(OS, architecture, CPU utilization for burstable baselines), each group's node table is the
one `estimate` uses (`fleet.node_table`, memoized on the catalog), each distinct task size is
reduced to its frontier of types, and every row's fleet is found in one vector operation.

The monthly cost is then `hours × fleet $/h + fixed`, where the fleet's $/h already includes
each instance's root volume (and public IPv4 when that add-on is on) as the packer counts
them, and `fixed` is what does not depend on the fleet (EKS control plane, load balancers,
NAT). That is the engine's sum of line items, re-associated: equal to `estimate` to well
under a cent (tests/advisor/test_ec2_rows.py checks a sample).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import cast

import numpy as np
import pandas as pd

from advisor.addons import addon_line_items
from advisor.ecs_ec2 import ecs_ec2_model
from advisor.eks import eks_ec2_model
from advisor.fleet import FleetModel, Pool, node_table
from advisor.packing import cheapest_fleets, frontier, per_node_counts
from advisor.prices import NoPurchaseRate, PriceCatalog, PriceNotFound
from advisor.workload import OS, Arch, NetworkMode, Platform, Purchase, Service, Workload

MODELS: Mapping[Platform, Callable[[Workload, PriceCatalog], FleetModel]] = {
    Platform.ECS_EC2: lambda workload, _catalog: ecs_ec2_model(workload),
    Platform.EKS_EC2: eks_ec2_model,
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
        *addon_line_items(workload, catalog, public_ip_hours=0.0, public_ip_label=""),
    )
    return float(sum(item.monthly_usd for item in items))


def _usable(workload: Workload, catalog: PriceCatalog) -> bool:
    """False when the allow-list names a type the catalog does not know (estimate: infeasible)."""
    families = {t.family for t in catalog.instance_types.values()}
    return all(name in catalog.instance_types or name in families for name in workload.instance_types)


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
    if not count or not _usable(workload, catalog):
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
            "util": np.where(np.isnan(cpu_util), 1.0, cpu_util),
            "vcpu": values["vcpu"][rows].astype(float),
            "memory": values["memory_gb"][rows].astype(float),
            "network": values["network_mode"][rows],
        }
    )
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(kinds))
    k, p, has_table = _frontiers(workload, catalog, purchase, model, list(uniques))
    tasks = values["tasks"][rows].astype(np.int64)
    hourly = np.where(tasks == 0, 0.0, cheapest_fleets(k[codes], p[codes], tasks).hourly_usd)
    known = has_table[codes] & np.isfinite(hourly)
    out[rows[known]] = fixed + values["hours_per_month"][rows[known]] * hourly[known]
    return out


def _frontiers(
    workload: Workload,
    catalog: PriceCatalog,
    purchase: Purchase,
    model: FleetModel,
    kinds: list[tuple[str, str, float, float, float, str]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """[kinds, width] tasks per node and $/h of each kind's frontier of types (memoized).

    A kind is (os, arch, cpu_util, vcpu, memory GB, network mode): everything that decides
    which types a task can use and how many fit. A kind with no usable table (no rate for the
    purchase, no type of that OS) is marked in the third array: infeasible even with no tasks.
    """
    base = ("ec2-row frontier", model.capacity_key, purchase, workload.instance_types)
    found = [cast(tuple[np.ndarray, np.ndarray] | None, catalog.memo.get((*base, kind))) for kind in kinds]
    missing: dict[tuple[str, str, float], list[int]] = {}
    for u, kind in enumerate(kinds):
        if found[u] is None:
            missing.setdefault(kind[:3], []).append(u)
    for (os, arch, cpu_util), members in missing.items():
        sample = Service("pool", 1.0, 1.0, os=OS(os), arch=Arch(arch), cpu_util=float(cpu_util))
        try:
            _, table = node_table(workload, catalog, purchase, Pool(os, arch, False, (sample,)), model)
        except (NoPurchaseRate, PriceNotFound):
            table = None
        if table is None:
            for u in members:
                found[u] = (np.zeros(0, dtype=np.int64), np.zeros(0))
        else:
            needs = np.array(
                [
                    model.resources(
                        Service("task", kinds[u][3], kinds[u][4], network_mode=NetworkMode(kinds[u][5]))
                    )
                    for u in members
                ],
                dtype=float,
            )
            k, p = frontier(per_node_counts(table.capacity, needs), table.price)
            for row, u in enumerate(members):
                keep = p[row] < np.inf
                # A task that fits no type keeps one column that holds nothing: infeasible
                # unless the row has no tasks (then the fleet is empty, as `estimate` has it).
                found[u] = (
                    (k[row, keep], p[row, keep])
                    if keep.any()
                    else (np.zeros(1, dtype=np.int64), np.full(1, np.inf))
                )
        for u in members:
            catalog.memo[(*base, kinds[u])] = found[u]
    width = max(1, max((len(f[0]) for f in found if f is not None), default=0))
    k_all = np.zeros((len(kinds), width), dtype=np.int64)
    p_all = np.full((len(kinds), width), np.inf)
    has_table = np.zeros(len(kinds), dtype=bool)
    for u, f in enumerate(found):
        assert f is not None
        k_all[u, : len(f[0])] = f[0]
        p_all[u, : len(f[1])] = f[1]
        has_table[u] = len(f[0]) > 0
    return k_all, p_all, has_table
