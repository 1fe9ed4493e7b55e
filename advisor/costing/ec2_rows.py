"""The EC2-backed options (ECS on EC2, EKS on EC2) of many single-service rows at once.

A batch row is one service running `tasks` identical tasks for `hours` hours: one step of the
month with one kind of task, which the packer solves exactly (`covers`).
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
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from advisor.costing.addons import addon_line_items
from advisor.costing.bins import CandidateTable
from advisor.costing.covers import covers, frontier, per_node_counts
from advisor.costing.ecs_ec2 import ecs_ec2_model
from advisor.costing.eks import eks_ec2_model
from advisor.costing.managed import managed_model
from advisor.costing.node_types import FleetModel, Pool, node_parts, percent_up, table_key, unknown_types
from advisor.model.distinct import first_rows, row_codes
from advisor.model.prices import HOURS_PER_MONTH, NoPurchaseRate, PriceCatalog, PriceNotFound
from advisor.model.workload import OS, Arch, NetworkMode, Platform, Purchase, Service, Workload

MODELS: Mapping[Platform, Callable[[Workload, PriceCatalog], FleetModel]] = {
    Platform.ECS_EC2: lambda workload, _catalog: ecs_ec2_model(workload),
    Platform.EKS_EC2: eks_ec2_model,
    Platform.ECS_MANAGED_INSTANCES: lambda w, c: managed_model(w, c, Platform.ECS_MANAGED_INSTANCES),
    Platform.EKS_AUTO_MODE: lambda w, c: managed_model(w, c, Platform.EKS_AUTO_MODE),
}
"""The platforms priced here, and how each builds its fleet model."""

SHAPES_PER_BLOCK = 2048
"""Task shapes whose per-type counts are worked out at once: [shapes, types, resources] arrays
of a block stay within tens of MB however many distinct sizes a batch has."""

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


def _kind_columns(values: Mapping[str, np.ndarray], at: np.ndarray) -> list[np.ndarray]:
    """Rows `at` as the columns of `Kind`, CPU utilization taken up as `sustained_cpu_share` does."""
    cpu_util = values["cpu_util"][at].astype(float)
    return [
        values["os"][at],
        values["arch"][at],
        percent_up(np.where(np.isnan(cpu_util), 1.0, cpu_util)),
        values["vcpu"][at].astype(float),
        values["memory_gb"][at].astype(float),
        values["network_mode"][at],
    ]


def kind_codes(values: Mapping[str, np.ndarray]) -> np.ndarray:
    """One code per row, equal for rows of the same `Kind` (`row_codes`): what decides a row's
    frontier of types, which `monthly_usd` finds once per kind."""
    return row_codes(_kind_columns(values, np.arange(len(values["vcpu"]))))


def monthly_usd(
    workload: Workload,
    catalog: PriceCatalog,
    platform: Platform,
    purchase: Purchase,
    values: Mapping[str, np.ndarray],
    *,
    kinds: np.ndarray | None = None,
) -> np.ndarray:
    """Each plain row's monthly cost on (platform, purchase); NaN where `estimate` finds it infeasible.

    `workload` supplies assumptions, add-ons and the allow-list (its services are not read);
    `values` holds the ROW_FIELDS as arrays of equal length, `kinds` their `kind_codes` when
    the caller has them already (pricing the same rows on several options).
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
    codes = pd.factorize((kind_codes(values) if kinds is None else kinds)[rows])[0]
    columns = _kind_columns(values, rows[first_rows(codes)])
    uniques = cast(list[Kind], list(zip(*(c.tolist() for c in columns), strict=True)))
    k, p, has_table = _frontiers(workload, catalog, purchase, model, uniques)
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
    most = np.zeros(len(k), dtype=np.int64)
    np.maximum.at(most, codes, low + 1)  # the most tasks a zone of each kind holds
    found = covers(k, p, int(most.max(initial=0)), needed=most)
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

Shape = tuple[float, float, str]
"""(vCPU, memory GB, network mode) of one task."""

Rest = tuple[float, float, float, str]
"""A kind without its (os, arch): (cpu_util, vcpu, memory GB, network mode)."""


@dataclass(slots=True)
class _Known:
    """The frontiers found so far on one (os, arch)'s node tables (memoized on the catalog).

    Row `index[rest]` of `k` / `p` is that kind's frontier, padded with types that hold
    nothing (0 tasks, infinite price: `covers` finds the same fleets with or without them);
    `has_table` is False where the kind has no usable table (no rate for the purchase, no
    type of that OS): infeasible even with no tasks. `parts` holds `node_parts` by CPU
    utilization (None, None where a rate is missing).
    """

    index: dict[Rest, int] = field(default_factory=dict)
    k: np.ndarray = field(default_factory=lambda: np.zeros((0, 1), dtype=np.int64))
    p: np.ndarray = field(default_factory=lambda: np.zeros((0, 1)))
    has_table: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    widths: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Types on each kind's frontier (the rest of its row is padding)."""
    parts: dict[float, tuple[CandidateTable | None, CandidateTable | None]] = field(default_factory=dict)

    def add(self, rests: list[Rest], k: np.ndarray, p: np.ndarray, has_table: np.ndarray) -> None:
        width = max(self.k.shape[1], k.shape[1])
        self.index.update({rest: len(self.index) + i for i, rest in enumerate(rests)})
        self.k = np.concatenate([_padded(self.k, width, 0), _padded(k, width, 0)])
        self.p = np.concatenate([_padded(self.p, width, np.inf), _padded(p, width, np.inf)])
        self.has_table = np.concatenate([self.has_table, has_table])
        self.widths = np.concatenate([self.widths, (p < np.inf).sum(axis=1)])


def _padded(a: np.ndarray, width: int, fill: float) -> np.ndarray:
    """`a` widened to `width` columns of `fill` (types that hold nothing)."""
    if a.shape[1] >= width:
        return a
    return np.concatenate([a, np.full((len(a), width - a.shape[1]), fill, dtype=a.dtype)], axis=1)


def _frontiers(
    workload: Workload,
    catalog: PriceCatalog,
    purchase: Purchase,
    model: FleetModel,
    kinds: list[Kind],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """[kinds, width] tasks per node and $/h of each kind's frontier of types (memoized), and
    which kinds have a usable table at all.

    The frontier of all types is the frontier of (the non-burstable types' frontier, which
    does not depend on utilization, plus the burstable types for the kind's utilization);
    the kinds not met before are computed together, per (OS, architecture).
    """
    pairs: dict[tuple[str, str], list[int]] = {}
    for u, kind in enumerate(kinds):
        pairs.setdefault(kind[:2], []).append(u)
    found: list[tuple[list[int], _Known, np.ndarray]] = []
    for (os, arch), members in pairs.items():
        # Keyed like the node tables they come from (per-node extras and add-ons included).
        base = ("ec2-row frontier", *table_key(workload, catalog, purchase, Pool(os, arch, False, ()), model))
        known = cast(_Known, catalog.memo.setdefault(base, _Known()))
        rests = [cast(Rest, kinds[u][2:]) for u in members]
        at = [known.index.get(r, -1) for r in rests]
        if -1 in at:
            new = list(dict.fromkeys(r for r, i in zip(rests, at, strict=True) if i < 0))
            known.add(new, *_new_frontiers(workload, catalog, purchase, model, (os, arch), base, known, new))
            at = [known.index[r] for r in rests]
        found.append((members, known, np.array(at, dtype=np.int64)))
    width = max((int(known.widths[rows].max(initial=0)) for _, known, rows in found), default=0)
    width = max(width, 1)
    k = np.zeros((len(kinds), width), dtype=np.int64)
    p = np.full((len(kinds), width), np.inf)
    has_table = np.zeros(len(kinds), dtype=bool)
    for members, known, rows in found:
        w = min(width, known.k.shape[1])
        k[members, :w] = known.k[rows, :w]
        p[members, :w] = known.p[rows, :w]
        has_table[members] = known.has_table[rows]
    return k, p, has_table


def _new_frontiers(  # noqa: PLR0917 - one caller, all required
    workload: Workload,
    catalog: PriceCatalog,
    purchase: Purchase,
    model: FleetModel,
    pair: tuple[str, str],
    base: tuple[object, ...],
    known: _Known,
    rests: list[Rest],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The frontiers of kinds of one (OS, architecture) not met before, as `_Known.add` takes
    them: the steady types' frontier per task shape, the burstable types of each utilization
    after it, reduced together to one frontier per kind (a task that fits no type keeps a
    column that holds nothing: infeasible unless the row has no tasks)."""
    os, arch = pair
    for cpu_util in dict.fromkeys(r[0] for r in rests):
        if cpu_util not in known.parts:
            sample = Service("pool", 1.0, 1.0, os=OS(os), arch=Arch(arch), cpu_util=float(cpu_util))
            try:
                known.parts[cpu_util] = node_parts(
                    workload, catalog, purchase, Pool(os, arch, False, (sample,)), model
                )
            except (NoPurchaseRate, PriceNotFound):
                known.parts[cpu_util] = (None, None)
    has_table = np.array([known.parts[r[0]] != (None, None) for r in rests], dtype=bool)
    usable = np.flatnonzero(has_table)
    k = np.zeros((len(rests), 1), dtype=np.int64)
    p = np.full((len(rests), 1), np.inf)
    if not len(usable):
        return k, p, has_table
    shapes = [rests[i][1:] for i in usable.tolist()]
    needs = np.array([_task_resources(model.resources, shape) for shape in shapes], dtype=float)
    # The steady table does not depend on utilization: every usable kind has the same one.
    steady = known.parts[rests[int(usable[0])][0]][0]
    steady_k, steady_p = _steady_frontier(catalog, (*base, "steady"), steady, shapes, needs)
    burst_k, burst_p = _burstable(known, [rests[i][0] for i in usable.tolist()], needs)
    k_usable, p_usable = frontier(
        np.concatenate([steady_k, burst_k], axis=1), np.concatenate([steady_p, burst_p], axis=1)
    )
    k = _padded(k, k_usable.shape[1], 0)
    p = _padded(p, p_usable.shape[1], np.inf)
    k[usable], p[usable] = k_usable, p_usable
    return k, p, has_table


def _burstable(known: _Known, utils: list[float], needs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[kinds, width] tasks per node and $/h on the burstable types of each kind's utilization
    (padded with types that hold nothing); the tables of equal types are stacked, so this is a
    few vector operations however many utilizations there are."""
    tables: dict[tuple[int, bytes], list[float]] = {}
    for cpu_util in dict.fromkeys(utils):
        burst = known.parts[cpu_util][1]
        if burst is not None:
            tables.setdefault((len(burst.types), burst.price.tobytes()), []).append(cpu_util)
    width = max((n for n, _ in tables), default=0)
    k = np.zeros((len(utils), width), dtype=np.int64)
    p = np.full((len(utils), width), np.inf)
    for (n, _), same in tables.items():
        tables_of = [cast(CandidateTable, known.parts[u][1]) for u in same]
        capacity = np.stack([t.capacity for t in tables_of])  # [utilizations, types, resources]
        slot = {u: i for i, u in enumerate(same)}
        which = np.array([slot.get(u, -1) for u in utils], dtype=np.int64)
        rows = np.flatnonzero(which >= 0)
        for start in range(0, len(rows), SHAPES_PER_BLOCK):
            block = rows[start : start + SHAPES_PER_BLOCK]
            k[block, :n] = per_node_counts(capacity[which[block]], needs[block])
        p[rows, :n] = tables_of[0].price
    return k, p


@functools.lru_cache(maxsize=65536)
def _task_resources(resources: Callable[[Service], tuple[float, ...]], shape: Shape) -> tuple[float, ...]:
    """What one task of this shape reserves on a node (a pure function of the shape: cached)."""
    vcpu, memory, network = shape
    return resources(Service("task", vcpu, memory, network_mode=NetworkMode(network)))


def _steady_frontier(
    catalog: PriceCatalog,
    base: tuple[object, ...],
    steady: CandidateTable | None,
    shapes: list[Shape],
    needs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """[shapes, width] frontier of the non-burstable types for each task shape (memoized)."""
    fronts = cast(dict[Shape, tuple[np.ndarray, np.ndarray]], catalog.memo.setdefault(base, {}))
    todo = list(dict.fromkeys(shape for shape in shapes if shape not in fronts))
    if todo:
        at = {shape: i for i, shape in enumerate(shapes)}
        for start in range(0, len(todo), SHAPES_PER_BLOCK):
            block = todo[start : start + SHAPES_PER_BLOCK]
            if steady is None:
                k = np.zeros((len(block), 1), dtype=np.int64)
                p = np.full((len(block), 1), np.inf)
            else:
                k, p = frontier(per_node_counts(steady.capacity, needs[[at[s] for s in block]]), steady.price)
            for row, shape in enumerate(block):
                fronts[shape] = (k[row], p[row])
    width = max(len(fronts[shape][0]) for shape in shapes)
    k_all = np.zeros((len(shapes), width), dtype=np.int64)
    p_all = np.full((len(shapes), width), np.inf)
    for u, shape in enumerate(shapes):
        k, p = fronts[shape]
        k_all[u, : len(k)] = k
        p_all[u, : len(p)] = p
    return k_all, p_all
