"""Batch estimates: a table of services in, one priced result per input row out.

The pure core of `python -m advisor batch` (the CLI reads and writes the files; nothing here
does I/O). A row is one service with the workload file's service keys as columns
(`advisor.model.workload_file.SERVICE_KEYS`, scalar ones only) plus `region` and an optional `group`;
rows that share a group are one workload, priced together (multi-service packing).

Validation is `service_from_dict`, the function workload files use, so a batch row and a
file reject the same values with the same message. It runs once per distinct cell value per
column ("probes", memoized across chunks) rather than once per row; a row any probe rejects is
validated again whole, so its error is exactly the one a file would report.

Pricing is `engine.price_option`, memoized on the fields each cost model reads, and broadcast
to every row with numpy. Two exact identities make that cheap (see `_Linear`):

- Fargate: every line item's quantity is `task_hours × coefficient` or a constant (the EKS
  control plane), with `task_hours = tasks × hours_per_month`, so one evaluation at
  `task_hours = 1` prices every task count and every number of hours;
- EC2: the packed fleet depends on the peak task count, not on the hours, and every line item
  is `hours × coefficient` or a constant, so one evaluation per task count prices every hours.

The products and the sum are computed in the engine's order with IEEE float64, so the batch
figures are the engine's figures bit for bit, not approximately; tests check it row by row.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from advisor.costing import ec2_rows
from advisor.decision.recommend import Comparison, Weights, compare, recommend, tradeoff_score
from advisor.engine import estimate, price_option
from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.money import cents_array
from advisor.model.prices import PriceCatalog, PriceSource, PricingError, UnknownRegion
from advisor.model.workload import (
    OS,
    Arch,
    Assumptions,
    InvalidWorkload,
    NetworkMode,
    Platform,
    Purchase,
    Service,
    UsageBand,
    Workload,
    default_purchases,
)
from advisor.model.workload_file import service_from_dict

# --- columns ----------------------------------------------------------------------------------

SERVICE_COLUMNS = (
    "name",
    "region",
    "vcpu",
    "memory_gb",
    "tasks",
    "hours_per_month",
    "storage_gb",
    "arch",
    "os",
    "cpu_util",
    "mem_util",
    "spot_ok",
    "gpu_count",
    "privileged",
    "daemon",
    "network_mode",
)
"""The input columns a batch row may have: the workload file's scalar service keys, plus
`region`. `bands` and `runs` (lists and mappings) need a workload file."""

GROUP_COLUMN = "group"
KNOWN_COLUMNS = (*SERVICE_COLUMNS, GROUP_COLUMN)
REQUIRED_COLUMNS = ("vcpu", "memory_gb")
NESTED_COLUMNS = ("bands", "runs")

COLUMN_DEFAULTS: Mapping[str, str] = {
    "name": "row-<n> (the row number)",
    "region": "--region",
    "tasks": "1",
    "hours_per_month": "730",
    "storage_gb": "20",
    "arch": "x86_64",
    "os": "linux",
    "cpu_util": "unknown",
    "mem_util": "unknown",
    "spot_ok": "false",
    "gpu_count": "0",
    "privileged": "false",
    "daemon": "false",
    "network_mode": "awsvpc",
    "group": "none (the row is its own workload)",
}
"""What an empty or missing cell means (the README lists the same table)."""

_SEPARATORS = re.compile(r"[\s\-./]+")
_MANGLED = re.compile(r"(?P<base>.+)\.\d+")


class BatchInputError(ValueError):
    """The input cannot be used at all (no header, no vcpu column, …): exit code 2."""


def normalize_column(name: str) -> str:
    """'Memory GB' → 'memory_gb', ' CPU-Util ' → 'cpu_util': case- and space-tolerant names."""
    text = str(name).replace("\ufeff", "").strip().lower()
    return _SEPARATORS.sub("_", text).strip("_")


@dataclass(frozen=True, slots=True)
class Columns:
    """The input header and what each column means.

    `canonical[i]` is the known column input column `i` stands for, or None for a column the
    advisor does not read (it is still echoed in the wide layout and listed in the report
    header as ignored).
    """

    source: tuple[str, ...]
    canonical: tuple[str | None, ...]

    @property
    def ignored(self) -> tuple[str, ...]:
        return tuple(s for s, c in zip(self.source, self.canonical, strict=True) if c is None)

    @property
    def present(self) -> tuple[str, ...]:
        return tuple(c for c in self.canonical if c is not None)

    @property
    def has_group(self) -> bool:
        return GROUP_COLUMN in self.canonical

    def renamed(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The known columns of a chunk under their canonical names (ignored ones dropped)."""
        keep = {s: c for s, c in zip(self.source, self.canonical, strict=True) if c is not None}
        return frame.loc[:, list(keep)].set_axis(list(keep.values()), axis=1)


def resolve_columns(header: Sequence[str]) -> Columns:
    """Map an input header to the known columns; BatchInputError when it cannot be used.

    Unusable: no header at all, no `vcpu` or `memory_gb` column, two columns that mean the
    same, a nested `bands`/`runs` column, or an unknown column that is a near miss of a known
    one (a typo such as 'cpu_utl' would otherwise be silently ignored). Other unknown columns
    (team, cost centre, notes) are carried through untouched.
    """
    source = tuple(str(h) for h in header)
    if not source or all(not normalize_column(h) for h in source):
        raise BatchInputError("the input has no header row; the first line must name the columns")
    canonical: list[str | None] = []
    seen: dict[str, str] = {}
    for original in source:
        mangled = _MANGLED.fullmatch(original)
        if mangled and mangled["base"] in source:
            # pandas renames a repeated header 'vcpu' to 'vcpu.1'
            raise BatchInputError(f"column {mangled['base']!r} appears twice")
        name = normalize_column(original)
        if name in NESTED_COLUMNS:
            raise BatchInputError(
                f"column {original!r}: {name} cannot be given in a table; use a workload file "
                "(estimate --workload) for multi-band or run-based services"
            )
        if name in KNOWN_COLUMNS:
            if name in seen:
                raise BatchInputError(f"columns {seen[name]!r} and {original!r} both mean {name!r}")
            seen[name] = original
            canonical.append(name)
            continue
        close = difflib.get_close_matches(name, KNOWN_COLUMNS, n=1, cutoff=0.85)
        if close and close[0] not in {normalize_column(h) for h in source}:
            raise BatchInputError(
                f"column {original!r} is not a known column; did you mean {close[0]!r}? "
                f"known: {', '.join(KNOWN_COLUMNS)}"
            )
        canonical.append(None)
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            names = [normalize_column(h) for h in source]
            close = difflib.get_close_matches(required, names, n=1, cutoff=0.6)
            hint = f"; did you mean {source[names.index(close[0])]!r}?" if close else ""
            raise BatchInputError(f"no {required!r} column (it is required){hint}")
    return Columns(source, tuple(canonical))


# --- validation -------------------------------------------------------------------------------

_PROBE_BASE: Mapping[str, str] = {"vcpu": "1", "memory_gb": "1"}
_PROBED = tuple(c for c in SERVICE_COLUMNS if c not in ("name", "region"))
_FLOAT_FIELDS = ("vcpu", "memory_gb", "hours_per_month", "storage_gb", "cpu_util", "mem_util")
_INT_FIELDS = ("tasks", "gpu_count")
_BOOL_FIELDS = ("spot_ok", "privileged", "daemon")
_TEXT_FIELDS = ("arch", "os", "network_mode")


def _parsed(column: str, value: str) -> Any:
    """The value `service_from_dict` makes of one cell (raises InvalidWorkload).

    An empty utilization cell is NaN (unknown), every other empty cell its documented default.
    """
    service = service_from_dict({**_PROBE_BASE, column: value}, "row")
    if column == "vcpu":
        return service.vcpu
    if column == "memory_gb":
        return service.memory_gib
    if column == "tasks":
        return service.bands[0].tasks
    if column == "hours_per_month":
        return service.bands[0].hours_per_month
    if column in ("cpu_util", "mem_util"):
        parsed = getattr(service, column)
        return np.nan if parsed is None else parsed
    if column in _TEXT_FIELDS:
        return getattr(service, column).value
    return getattr(service, column)


_DTYPES: Mapping[str, Any] = {
    **dict.fromkeys(_FLOAT_FIELDS, np.float64),
    **dict.fromkeys(_INT_FIELDS, np.int64),
    **dict.fromkeys(_BOOL_FIELDS, np.bool_),
    **dict.fromkeys(_TEXT_FIELDS, object),
}


def row_error(err: InvalidWorkload, row: int) -> str:
    """The row number, then the file's message: "row 7: vcpu: 'x' is invalid; must be a number"."""
    return f"row {row}: {InvalidWorkload(err.field.removeprefix('row.'), err.value, err.allowed)}"


@dataclass(slots=True)
class Validator:
    """Validates chunks of rows with `service_from_dict`, once per distinct cell value.

    `parsed[column]` maps a cell's text to its parsed value and `valid[column]` to whether
    `service_from_dict` accepts it; both are kept across chunks, so a million rows with a few
    hundred distinct values per column cost a few hundred calls. The one rule that spans two
    columns (Windows runs on x86_64 only) is probed per distinct (arch, os) pair.
    """

    parsed: dict[str, dict[str, Any]] = field(default_factory=dict)
    valid: dict[str, dict[str, bool]] = field(default_factory=dict)
    pairs: dict[tuple[str, str], bool] = field(default_factory=dict)

    def _probe(self, column: str, value: str) -> None:
        try:
            self.parsed[column][value] = _parsed(column, value.strip())
            self.valid[column][value] = True
        except InvalidWorkload:
            self.parsed[column][value] = _parsed(column, _PROBE_BASE.get(column, ""))
            self.valid[column][value] = False

    def _column(self, column: str, cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """Parsed values and validity of a column of raw cells (probed per distinct text)."""
        parsed = self.parsed.setdefault(column, {})
        valid = self.valid.setdefault(column, {})
        codes, uniques = pd.factorize(cells)
        for value in uniques:
            if value not in parsed:
                self._probe(column, value)
        values = np.array([parsed[v] for v in uniques], dtype=_DTYPES[column])
        ok = np.array([valid[v] for v in uniques], dtype=bool)
        return values[codes], ok[codes]

    def _pair_ok(self, arch: str, os: str) -> bool:
        if (arch, os) not in self.pairs:
            try:
                service_from_dict({**_PROBE_BASE, "arch": arch, "os": os}, "row")
                self.pairs[arch, os] = True
            except InvalidWorkload:
                self.pairs[arch, os] = False
        return self.pairs[arch, os]

    def validate(self, chunk: pd.DataFrame, rows: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Parsed service fields of every row, and each row's error ('' when valid).

        `chunk` has canonical column names and text cells as read ('' = empty; surrounding
        spaces are ignored, as `service_from_dict` ignores them). Invalid rows hold defaults in
        the parsed arrays; only their error counts.
        """
        n = len(chunk)
        ok = np.ones(n, dtype=bool)
        values: dict[str, np.ndarray] = {}
        for column in _PROBED:
            if column in chunk.columns:
                values[column], column_ok = self._column(column, chunk[column])
                ok &= column_ok
            else:
                default, _ = self._column(column, pd.Series([""], dtype=object))
                values[column] = np.repeat(default, n)
        if "arch" in chunk.columns and "os" in chunk.columns:
            arch_codes, archs = pd.factorize(values["arch"])
            os_codes, oses = pd.factorize(values["os"])
            table = np.array([[self._pair_ok(a, o) for o in oses] for a in archs], dtype=bool)
            ok &= table[arch_codes, os_codes]
        errors = np.full(n, "", dtype=object)
        for i in np.flatnonzero(~ok).tolist():
            record = {c: str(chunk[c].iat[i]).strip() for c in chunk.columns if c in _PROBED}
            try:
                service_from_dict(record, "row")
            except InvalidWorkload as err:
                errors[i] = row_error(err, int(rows[i]))
            else:  # pragma: no cover - the probes and the whole row disagree: a bug here
                raise AssertionError(f"row {rows[i]}: probes rejected a row service_from_dict accepts")
        return values, errors


# --- options and per-row workloads -----------------------------------------------------------

SPOT_DEFAULT_NOTE = "Spot is priced for rows marked spot_ok, as `estimate` does (default_purchases)"


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What every row is priced on: the options, the assumptions and the default region.

    `purchases=None` means each workload's default, as `estimate` uses it: on-demand, plus
    Spot when every service of the workload is spot_ok (`default_purchases`). The report's
    option columns are then on-demand and Spot, Spot left empty for the other rows.
    """

    assumptions: Assumptions
    region: str | None = None
    platforms: tuple[Platform, ...] = tuple(Platform)
    purchases: tuple[Purchase, ...] | None = None

    @property
    def column_purchases(self) -> tuple[Purchase, ...]:
        return self.purchases or (Purchase.ON_DEMAND, Purchase.SPOT)

    @property
    def options(self) -> tuple[tuple[Platform, Purchase], ...]:
        """The option columns, in the order `estimate` considers them (platforms × purchases)."""
        return tuple((p, q) for p in self.platforms for q in self.column_purchases)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(f"{p.value}/{q.value}" for p, q in self.options)

    def workload(self, services: Sequence[Service], region: str) -> Workload:
        """The workload `estimate` would price for these services (the batch's reference)."""
        return Workload(
            services=tuple(services),
            region=region,
            assumptions=self.assumptions,
            platforms=self.platforms,
            purchases=self.purchases or default_purchases(tuple(services)),
        )


def service_of(values: Mapping[str, np.ndarray], i: int, name: str) -> Service:
    """Row `i` of parsed values as the Service `service_from_dict` builds from the same cells."""
    cpu, mem = float(values["cpu_util"][i]), float(values["mem_util"][i])
    return Service(
        name=name,
        vcpu=float(values["vcpu"][i]),
        memory_gib=float(values["memory_gb"][i]),
        bands=(UsageBand(int(values["tasks"][i]), float(values["hours_per_month"][i])),),
        storage_gb=float(values["storage_gb"][i]),
        arch=Arch(values["arch"][i]),
        os=OS(values["os"][i]),
        cpu_util=None if math.isnan(cpu) else cpu,
        mem_util=None if math.isnan(mem) else mem,
        spot_ok=bool(values["spot_ok"][i]),
        gpu_count=int(values["gpu_count"][i]),
        privileged=bool(values["privileged"][i]),
        daemon=bool(values["daemon"][i]),
        network_mode=NetworkMode(values["network_mode"][i]),
    )


# --- the linear fast path ---------------------------------------------------------------------

_SERVICE_FIELDS = _PROBED
"""Every parsed field of a row (the service keys except name and region)."""

_FARGATE_FIELDS = (
    "vcpu",
    "memory_gb",
    "storage_gb",
    "arch",
    "os",
    "spot_ok",
    "gpu_count",
    "privileged",
    "daemon",
    "network_mode",
)
"""What `fargate.price_fargate` reads of a single-band service besides tasks × hours: not
cpu_util or mem_util (right-sizing is `recommend`'s, not the cost model's), not the name
(labels and warnings only)."""

TASK_HOURS = "task_hours"
HOURS = "hours"

LINEAR_MODELS: Mapping[Platform, tuple[str, tuple[str, ...]]] = {
    Platform.ECS_FARGATE: (TASK_HOURS, _FARGATE_FIELDS),
    Platform.EKS_FARGATE: (TASK_HOURS, _FARGATE_FIELDS),
}
"""Per platform: the scale its cost is linear in, and the fields the rest depends on.

Fargate (`fargate._price_service`): every per-service quantity is `task_hours × coefficient`
(requested vCPU and GB, the rounding to the task size, storage above 20 GB, the Windows
licence) with `task_hours = tasks × hours_per_month`; the EKS control plane is 730 h × the
cluster share, a constant; rule-outs and the choice between x86 and ARM for arch 'any' do not
depend on the task-hours (both flavours scale with them alike). The EC2 platforms are priced
by `ec2_rows` (rows with GPUs or daemons, and line-item reports, by the engine once per
distinct row)."""

EXACT_KEPT = 5_000
"""Engine results kept for reuse by identical rows (then the memo starts over): a portfolio of
mostly distinct rows priced line item by line item must not hold them all in memory."""

_REASON_BLIND = ("tasks", "hours_per_month", "cpu_util", "mem_util")
"""Fields that never change whether a row can be priced at all (bar tasks > 0, kept apart)."""

REFERENCE_NAME = "service"
"""The service name reference workloads use; names never change a cost."""


@dataclass(frozen=True, slots=True)
class _Linear:
    """One option's monthly cost as a function of one scale `s`, item by item.

    Item i costs `(s × coef[i]) × rate[i]` when `linear[i]`, else `coef[i] × rate[i]`; the
    option's cost is their sum in item order, as `CostBreakdown.monthly_usd` adds them. With
    `coef` read from the engine's own quantities at s = 1 (where s × c = c exactly), the
    products and the sum are the engine's, operation for operation.
    """

    feasible: bool
    linear: tuple[bool, ...] = ()
    coef: tuple[float, ...] = ()
    rate: tuple[float, ...] = ()
    reasons: tuple[str, ...] = ()


def _linear_from(at_1: CostBreakdown, at_2: CostBreakdown) -> _Linear | None:
    """The linear form of an option from the engine at s = 1 and s = 2; None if it is not one.

    A guard, not the proof (that is the reading of the cost model in LINEAR_MODELS): the same
    feasibility, the same items at the same rates, each quantity doubled or unchanged.
    """
    if at_1.feasible != at_2.feasible:
        return None
    if not at_1.feasible:
        return _Linear(False, reasons=at_1.reasons) if at_1.reasons == at_2.reasons else None
    if len(at_1.line_items) != len(at_2.line_items):
        return None
    linear, coef, rate = [], [], []
    for one, two in zip(at_1.line_items, at_2.line_items, strict=True):
        if one.rate_usd != two.rate_usd or one.unit != two.unit:
            return None
        if two.quantity == one.quantity and one.quantity != 0:
            linear.append(False)
        elif two.quantity == 2.0 * one.quantity:
            linear.append(True)
        else:
            return None
        coef.append(float(one.quantity))
        rate.append(float(one.rate_usd))
    return _Linear(True, tuple(linear), tuple(coef), tuple(rate))


def _evaluate(models: Sequence[_Linear], which: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Each row's cost from its model (`which` indexes `models`); NaN where infeasible."""
    width = max((len(m.coef) for m in models), default=0)
    k = len(models)
    linear = np.zeros((k, width), dtype=bool)
    coef = np.zeros((k, width))
    rate = np.zeros((k, width))
    feasible = np.array([m.feasible for m in models], dtype=bool)
    for j, model in enumerate(models):
        n_items = len(model.coef)
        linear[j, :n_items] = model.linear
        coef[j, :n_items] = model.coef
        rate[j, :n_items] = model.rate
    total = np.zeros(len(which))
    for i in range(width):
        c = coef[which, i]
        quantity = np.where(linear[which, i], scale * c, c)
        # Padding items are 0 × 0 = 0.0, and x + 0.0 == x: the sum is unchanged by them.
        total = total + quantity * rate[which, i]
    return np.where(feasible[which], total, np.nan)


def _scalar(value: Any) -> Any:
    """A plain Python value (a memo key part), whether it came from a numeric or object array."""
    return value.item() if isinstance(value, np.generic) else value


def _codes(columns: Sequence[np.ndarray]) -> np.ndarray:
    """One integer per row, equal for rows equal in every column (dense, from 0)."""
    combined = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        combined, _ = pd.factorize(combined * len(uniques) + codes)
        combined = combined.astype(np.int64)
    return combined


# --- recommendation, vectorized ---------------------------------------------------------------


def _tradeoff_scores(platforms: Sequence[Platform], weights: Weights) -> np.ndarray:
    return np.array([tradeoff_score(p, weights) for p in platforms], dtype=np.float64)


def recommend_rows(
    monthly: np.ndarray, platforms: Sequence[Platform], purchases: Sequence[Purchase]
) -> np.ndarray:
    """Per row, the index of the option `recommend` picks from these costs (-1: none feasible).

    `monthly[r, j]` is option j's cost for row r, NaN when infeasible or not asked for. The
    scores are `recommend.rank`'s arithmetic, element by element. `recommend` compares scores
    rounded to 9 decimals, then the cost, then the order; where another option scores within
    2e-9 of the best (so rounding could decide), the row is settled by `recommend` itself.
    """
    weights = Weights()
    n, width = monthly.shape
    best = np.full(n, -1, dtype=np.int64)
    if n == 0 or width == 0:
        return best
    feasible = ~np.isnan(monthly)
    any_feasible = feasible.any(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cheapest = np.where(any_feasible, np.nanmin(np.where(feasible, monthly, np.inf), axis=1), np.nan)
        cost_score = np.where(monthly <= 0, 5.0, np.maximum(1.0, 5.0 * cheapest[:, None] / monthly))
    criteria_weight = sum(weights.criteria.values())
    total_weight = weights.cost + criteria_weight
    score = (
        weights.cost * cost_score + criteria_weight * _tradeoff_scores(platforms, weights)
    ) / total_weight
    score = np.where(feasible, score, -np.inf)
    top = score.max(axis=1)
    near = score >= (top - 2e-9)[:, None]
    # Among near-equal scores recommend prefers the cheaper, then the earlier option.
    cost_rank = np.where(near, monthly, np.inf)
    winner = np.argmin(cost_rank, axis=1)
    ambiguous = near.sum(axis=1) > 1
    best[any_feasible] = winner[any_feasible]
    for r in np.flatnonzero(any_feasible & ambiguous):
        best[r] = _recommend_one(monthly[r], platforms, purchases)
    return best


def _recommend_one(monthly: np.ndarray, platforms: Sequence[Platform], purchases: Sequence[Purchase]) -> int:
    """`recommend` on one row's costs (one line item each, so monthly_usd is the cost)."""
    results = tuple(
        CostBreakdown(p, q, True, line_items=(LineItem("total", 1.0, "month", float(m)),))
        for p, q, m in zip(platforms, purchases, monthly, strict=True)
        if not math.isnan(m)
    )
    _, rec = recommend(results)
    if rec is None:
        return -1
    return next(
        j
        for j, (p, q) in enumerate(zip(platforms, purchases, strict=True))
        if (p, q) == (rec.platform, rec.purchase)
    )


def baseline_index(monthly: np.ndarray, best: np.ndarray, fargate: int | None) -> np.ndarray:
    """Per row, the option savings are measured against (-1: none).

    ECS on Fargate on-demand when it is priced for the row; otherwise the cheapest other
    feasible option, "the next best" (the recommended one may then cost more than it, for its
    trade-offs, and the savings are negative).
    """
    n = len(best)
    out = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(best >= 0)
    if not len(rows):
        return out
    others = monthly[rows].copy()
    others[np.arange(len(rows)), best[rows]] = np.nan
    none = np.isnan(others).all(axis=1)
    next_best = np.argmin(np.where(np.isnan(others), np.inf, others), axis=1)
    base = np.where(none, -1, next_best)
    if fargate is not None:
        base = np.where(np.isnan(monthly[rows, fargate]), base, fargate)
    out[rows] = base
    return out


def savings_vs_baseline(monthly: np.ndarray, best: np.ndarray, fargate: int | None) -> np.ndarray:
    """Baseline cost minus the recommended cost per row, each rounded to the cent first.

    So `savings_vs_fargate` is exactly the difference of the two figures a reader sees in
    the report. NaN when the row has no recommendation or no baseline.
    """
    base = baseline_index(monthly, best, fargate)
    out = np.full(len(best), np.nan)
    rows = np.flatnonzero(base >= 0)
    if len(rows):
        out[rows] = cents_array(monthly[rows, base[rows]]) - cents_array(monthly[rows, best[rows]])
    return out + 0.0


# --- results ----------------------------------------------------------------------------------

LONG_COLUMNS = (
    "row",
    "name",
    "group",
    "region",
    "platform",
    "purchase",
    "item",
    "quantity",
    "unit",
    "rate",
    "cost",
    "source",
    "as_of",
    "confidence",
    "error",
)
"""The long layout: one row per (input row, option, line item), for pivot tables."""


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The priced rows of one chunk of input, aligned with it row for row.

    `monthly[r, j]` is option j's monthly cost in USD, unrounded (NaN: not feasible, not asked
    for, or the row failed); `recommended[r]` indexes `option_ids` (-1: none). For a grouped
    row the figures are its share of the group's workload: its own line items, plus the
    group's shared items (EC2 fleet, control plane) on the group's first row. `items` holds the
    long layout's rows when line items were asked for.
    """

    source: pd.DataFrame
    row: np.ndarray
    name: np.ndarray
    group: np.ndarray
    region: np.ndarray
    option_ids: tuple[str, ...]
    monthly: np.ndarray
    recommended: np.ndarray
    recommended_monthly: np.ndarray
    savings: np.ndarray
    error: np.ndarray
    items: pd.DataFrame | None = None
    annual: np.ndarray | None = None
    recommended_annual: np.ndarray | None = None

    def __post_init__(self) -> None:
        # Annual figures are 12 × the unrounded monthly ones, as `report.option_dict` has them;
        # a report rebuilt from a rounded payload passes its own (`report.payload_report`).
        if self.annual is None:
            object.__setattr__(self, "annual", self.monthly * 12)
        if self.recommended_annual is None:
            object.__setattr__(self, "recommended_annual", self.recommended_monthly * 12)

    def __len__(self) -> int:
        return len(self.row)


@dataclass(slots=True)
class GroupTotal:
    """A group's workload priced together: its rows, totals per option and the advice."""

    name: str
    region: str
    rows: tuple[int, ...]
    monthly: dict[str, float] = field(default_factory=dict)
    recommended: str = ""
    recommended_monthly: float | None = None
    savings: float | None = None
    error: str = ""


@dataclass(slots=True)
class Summary:
    """Totals over every row written so far (the report's trailer)."""

    option_ids: tuple[str, ...]
    rows: int = 0
    failed: int = 0
    monthly: dict[str, float] = field(default_factory=dict)
    annual: dict[str, float] = field(default_factory=dict)
    priced: dict[str, int] = field(default_factory=dict)
    recommended_monthly: float = 0.0
    recommended_annual: float = 0.0
    recommended_rows: int = 0
    savings: float = 0.0
    regions: dict[str, int] = field(default_factory=dict)
    sources: dict[str, PriceSource] = field(default_factory=dict)
    groups: dict[str, GroupTotal] = field(default_factory=dict)

    def add(self, result: ChunkResult) -> None:
        self.rows += len(result)
        self.failed += int((result.error != "").sum())
        annual = result.monthly * 12 if result.annual is None else result.annual
        for j, option in enumerate(result.option_ids):
            column = result.monthly[:, j]
            priced = ~np.isnan(column)
            self.monthly[option] = self.monthly.get(option, 0.0) + float(column[priced].sum())
            self.annual[option] = self.annual.get(option, 0.0) + float(annual[priced, j].sum())
            self.priced[option] = self.priced.get(option, 0) + int(priced.sum())
        chosen = ~np.isnan(result.recommended_monthly)
        self.recommended_monthly += float(result.recommended_monthly[chosen].sum())
        if result.recommended_annual is not None:
            self.recommended_annual += float(result.recommended_annual[chosen].sum())
        self.recommended_rows += int(chosen.sum())
        self.savings += float(np.nansum(result.savings))
        ok = result.error == ""
        regions, counts = np.unique(result.region[ok].astype(str), return_counts=True)
        for region, count in zip(regions.tolist(), counts.tolist(), strict=True):
            self.regions[region] = self.regions.get(region, 0) + count


# --- the pricer -------------------------------------------------------------------------------

CatalogFor = Callable[[str], PriceCatalog]
"""Loads a region's catalog (the CLI's loader); raises PricingError when it cannot."""

_MAX_LISTED = 5


def _region_reason(err: PricingError) -> str:
    if isinstance(err, UnknownRegion):
        hint = f"; did you mean {', '.join(err.suggestions)}?" if err.suggestions else ""
        return f"not a region of the price catalog{hint}"
    return str(err)


def unpriced_reason(reasons: Sequence[str]) -> str:
    """Why a row has no feasible option: its options' reasons, each once."""
    return "no option can be priced: " + "; ".join(dict.fromkeys(reasons))


@dataclass(frozen=True, slots=True)
class _SinglePriced:
    monthly: np.ndarray
    items: list[list[tuple[Any, ...]]]
    unpriced: dict[int, str]


@dataclass(frozen=True, slots=True)
class _Rows:
    """A chunk of input, parsed: row numbers, service fields, identity columns and errors."""

    row: np.ndarray
    values: Mapping[str, np.ndarray]
    errors: np.ndarray
    names: np.ndarray
    groups: np.ndarray
    regions: np.ndarray


@dataclass(slots=True)
class _GroupRows:
    """A priced group, spread over its rows (positions follow the group's input order)."""

    total: GroupTotal
    monthly: np.ndarray
    recommended: int
    savings: np.ndarray
    errors: list[str]
    items: list[list[tuple[Any, ...]]]


class BatchPricer:
    """Prices a table of services chunk by chunk; engine results are memoized across chunks.

    Call `price_groups` with every row first when the input has a `group` column (a group's
    rows may be anywhere in the file), then `price_chunk` on the rows in order. `summary`
    holds the totals of every chunk priced so far.
    """

    def __init__(
        self, columns: Columns, options: BatchOptions, catalog_for: CatalogFor, *, line_items: bool = False
    ) -> None:
        self.columns = columns
        self.options = options
        self.line_items = line_items
        self.validator = Validator()
        self.summary = Summary(options.option_ids)
        self._catalog_for = catalog_for
        self._catalogs: dict[str, PriceCatalog | str] = {}
        self._linear: dict[tuple[Any, ...], _Linear | None] = {}
        self._exact: dict[tuple[Any, ...], dict[str, CostBreakdown]] = {}
        self._reasons: dict[tuple[Any, ...], str] = {}
        self._exact_items: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
        self._group_of_row: dict[int, tuple[str, int]] = {}
        self._groups: dict[str, _GroupRows] = {}
        opts = options.options
        self._option_ids = options.option_ids
        self._platforms = [p for p, _ in opts]
        self._purchases = [q for _, q in opts]
        fargate = (Platform.ECS_FARGATE, Purchase.ON_DEMAND)
        self._baseline = opts.index(fargate) if fargate in opts else None

    # -- regions --

    def catalog(self, region: str) -> PriceCatalog | str:
        """The region's catalog, or why it has none (memoized; loaded on first use)."""
        if region not in self._catalogs:
            try:
                catalog = self._catalog_for(region)
            except PricingError as err:
                self._catalogs[region] = _region_reason(err)
            else:
                self._catalogs[region] = catalog
                self.summary.sources[region] = catalog.source
        return self._catalogs[region]

    def _parse(self, chunk: pd.DataFrame, first_row: int) -> _Rows:
        """Validate a chunk; names (blank: 'row-<n>'), groups ('' none), regions and errors."""
        known = self.columns.renamed(chunk)
        row = np.arange(first_row, first_row + len(chunk), dtype=np.int64)
        values, errors = self.validator.validate(known, row)
        n = len(known)

        def text(column: str) -> np.ndarray:
            if column not in known.columns:
                return np.full(n, "", dtype=object)
            return known[column].astype(str).str.strip().to_numpy(dtype=object)

        names = text("name")
        blank = names == ""
        names[blank] = np.char.add("row-", row[blank].astype(str)).astype(object)
        groups = text(GROUP_COLUMN)
        regions = text("region")
        regions = np.array([r.lower() for r in regions.tolist()], dtype=object) if n else regions
        default = (self.options.region or "").strip().lower()
        regions[regions == ""] = default
        codes, uniques = pd.factorize(regions)
        reasons = []
        for region in uniques:
            if not region:
                reasons.append("is required: give a region column or --region")
            else:
                found = self.catalog(region)
                reasons.append(found if isinstance(found, str) else "")
        for i in np.flatnonzero(errors == ""):
            reason = reasons[codes[i]]
            if reason:
                errors[i] = f"row {row[i]}: {InvalidWorkload('region', regions[i], reason)}"
        return _Rows(row, values, errors, names, groups, regions)

    def _requested(self, values: Mapping[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
        """[rows, options]: which options `estimate` prices for each single-service row."""
        mask = np.ones((len(rows), len(self._purchases)), dtype=bool)
        if self.options.purchases is None:
            spot = values["spot_ok"][rows]
            for j, purchase in enumerate(self._purchases):
                if purchase is Purchase.SPOT:
                    mask[:, j] = spot
        return mask

    # -- single-service rows --

    def _reference(self, values: Mapping[str, np.ndarray], i: int, region: str, **band: Any) -> Workload:
        service = service_of(values, i, REFERENCE_NAME)
        if band:
            service = replace(service, bands=(UsageBand(band["tasks"], band["hours"]),))
        return self.options.workload((service,), region)

    def _linear_model(
        self, j: int, values: Mapping[str, np.ndarray], i: int, region: str, key: tuple[Any, ...]
    ) -> _Linear | None:
        if key in self._linear:
            return self._linear[key]
        catalog = self.catalog(region)
        assert not isinstance(catalog, str)  # rows without a catalog failed before pricing
        platform, purchase = self._platforms[j], self._purchases[j]
        scale, _ = LINEAR_MODELS[platform]
        tasks = 1 if scale == TASK_HOURS else int(values["tasks"][i])
        at = [
            price_option(
                self._reference(values, i, region, tasks=tasks, hours=h), catalog, platform, purchase
            )
            for h in (1.0, 2.0)
        ]
        model = _linear_from(*at)
        self._linear[key] = model
        return model

    def _full_key(self, values: Mapping[str, np.ndarray], regions: np.ndarray, i: int) -> tuple[Any, ...]:
        return (regions[i], *(_scalar(values[f][i]) for f in _SERVICE_FIELDS))

    def _reason_key(self, values: Mapping[str, np.ndarray], regions: np.ndarray, i: int) -> tuple[Any, ...]:
        """What decides why a row cannot be priced: not its hours or utilization, only whether
        it has tasks (the rule-outs are about sizes, OS, needs, Spot tolerance and prices)."""
        fields = (f for f in _SERVICE_FIELDS if f not in _REASON_BLIND)
        return (regions[i], values["tasks"][i] > 0, *(_scalar(values[f][i]) for f in fields))

    def _exact_results(
        self, values: Mapping[str, np.ndarray], regions: np.ndarray, i: int
    ) -> tuple[tuple[Any, ...], dict[str, CostBreakdown]]:
        key = self._full_key(values, regions, i)
        if key not in self._exact:
            if len(self._exact) >= EXACT_KEPT:
                self._exact.clear()
            catalog = self.catalog(regions[i])
            assert not isinstance(catalog, str)
            results = estimate(self._reference(values, i, regions[i]), catalog)
            self._exact[key] = {r.option_id: r for r in results}
        return key, self._exact[key]

    def _price_single(
        self, rows: np.ndarray, values: Mapping[str, np.ndarray], regions: np.ndarray
    ) -> _SinglePriced:
        """Monthly costs of single-service rows (positions in the chunk), [rows, options]."""
        width = len(self._platforms)
        monthly = np.full((len(rows), width), np.nan)
        requested = self._requested(values, rows)
        exact = np.zeros((len(rows), width), dtype=bool)
        task_hours = values["tasks"][rows] * values["hours_per_month"][rows]
        hours = values["hours_per_month"][rows]
        linear_reasons: dict[int, tuple[np.ndarray, list[_Linear]]] = {}
        for j, platform in enumerate(self._platforms):
            which = np.flatnonzero(requested[:, j])
            if not self.line_items and platform in ec2_rows.MODELS:
                vector = which[ec2_rows.plain({f: values[f][rows[which]] for f in ("gpu_count", "daemon")})]
                exact[np.setdiff1d(which, vector), j] = True
                monthly[vector, j] = self._ec2_monthly(j, values, regions, rows[vector])
                continue
            if self.line_items or platform not in LINEAR_MODELS:
                exact[which, j] = True
                continue
            scale, fields = LINEAR_MODELS[platform]
            at = rows[which]
            columns = [regions[at]] + [values[f][at] for f in fields]
            if scale == HOURS:
                columns.append(values["tasks"][at])
            codes = _codes(columns)
            _, first = np.unique(codes, return_index=True)
            models: list[_Linear] = []
            broken = np.zeros(len(first), dtype=bool)
            for u, pos in enumerate(first.tolist()):
                i = int(at[pos])
                key = (j, *(_scalar(c[pos]) for c in columns))
                model = self._linear_model(j, values, i, regions[i], key)
                broken[u] = model is None
                models.append(model or _Linear(False))
            monthly[which, j] = _evaluate(
                models, codes, task_hours[which] if scale == TASK_HOURS else hours[which]
            )
            exact[which[broken[codes]], j] = True
            model_of_row = np.full(len(rows), -1, dtype=np.int64)
            model_of_row[which] = codes
            linear_reasons[j] = (model_of_row, models)
        items: list[list[tuple[Any, ...]]] = [[] for _ in rows]
        exact_results: dict[int, Mapping[str, CostBreakdown]] = {}
        for r in np.flatnonzero(exact.any(axis=1)).tolist():
            key, results = self._exact_results(values, regions, int(rows[r]))
            exact_results[r] = results
            for j in np.flatnonzero(exact[r]).tolist():
                result = results[self._option_ids[j]]
                monthly[r, j] = float(result.monthly_usd) if result.feasible else np.nan
            if self.line_items:
                items[r] = self._items_of(key, results, requested[r])
        unpriced: dict[int, str] = {}
        for r in np.flatnonzero(np.isnan(monthly).all(axis=1)).tolist():
            reason_key = (self._reason_key(values, regions, int(rows[r])), tuple(requested[r].tolist()))
            if reason_key in self._reasons:
                unpriced[r] = self._reasons[reason_key]
                continue
            reasons: list[str] = []
            for j in np.flatnonzero(requested[r]).tolist():
                if exact[r, j] or j not in linear_reasons:  # the engine says why (EC2 options too)
                    if r not in exact_results:
                        exact_results[r] = self._exact_results(values, regions, int(rows[r]))[1]
                    reasons += exact_results[r][self._option_ids[j]].reasons
                else:
                    model_of_row, models = linear_reasons[j]
                    reasons += models[model_of_row[r]].reasons
            unpriced[r] = self._reasons[reason_key] = unpriced_reason(reasons)
        return _SinglePriced(monthly, items, unpriced)

    def _ec2_monthly(
        self, j: int, values: Mapping[str, np.ndarray], regions: np.ndarray, at: np.ndarray
    ) -> np.ndarray:
        """Option j (ECS or EKS on EC2) for plain single-service rows `at`, region by region."""
        out = np.full(len(at), np.nan)
        for region, members in pd.Series(regions[at]).groupby(regions[at], sort=False).indices.items():
            catalog = self.catalog(str(region))
            assert not isinstance(catalog, str)  # rows without a catalog failed before pricing
            reference = self._reference(values, int(at[members[0]]), str(region))
            subset = {f: values[f][at[members]] for f in ec2_rows.ROW_FIELDS}
            out[members] = ec2_rows.monthly_usd(
                reference, catalog, self._platforms[j], self._purchases[j], subset
            )
        return out

    def _items_of(
        self, key: tuple[Any, ...], results: Mapping[str, CostBreakdown], requested: np.ndarray
    ) -> list[tuple[Any, ...]]:
        cache_key = (*key, tuple(requested.tolist()))
        if cache_key not in self._exact_items:
            if len(self._exact_items) >= EXACT_KEPT:
                self._exact_items.clear()
            lines: list[tuple[Any, ...]] = []
            for j, option in enumerate(self._option_ids):
                if requested[j] and option in results:
                    lines.extend(_item_lines(results[option]))
            self._exact_items[cache_key] = lines
        return self._exact_items[cache_key]

    # -- groups --

    def price_groups(self, frame: pd.DataFrame, first_row: int = 1) -> None:
        """Price every group of the whole input (rows with a `group`), before `price_chunk`."""
        if not self.columns.has_group or not len(frame):
            return
        rows = self._parse(frame, first_row)
        codes, uniques = pd.factorize(rows.groups)
        for g, group in enumerate(uniques):
            if group == "":
                continue
            members = np.flatnonzero(codes == g)
            priced = self._price_group(group, members, rows)
            self._groups[group] = priced
            for position, i in enumerate(members.tolist()):
                self._group_of_row[int(rows.row[i])] = (group, position)
            self.summary.groups[group] = priced.total

    def _price_group(self, group: str, members: np.ndarray, parsed: _Rows) -> _GroupRows:
        row, values, names, regions, errors = (
            parsed.row,
            parsed.values,
            parsed.names,
            parsed.regions,
            parsed.errors,
        )
        width = len(self._platforms)
        n = len(members)
        rows = tuple(int(row[i]) for i in members)
        member_errors = [str(errors[i]) for i in members]
        member_names = [str(names[i]) for i in members]
        member_regions = sorted({str(regions[i]) for i in members})
        region = member_regions[0]
        blank = _GroupRows(
            GroupTotal(group, ",".join(member_regions), rows),
            np.full((n, width), np.nan),
            -1,
            np.full(n, np.nan),
            member_errors,
            [[] for _ in range(n)],
        )
        failed = [r for r, e in zip(rows, member_errors, strict=True) if e]
        duplicates = sorted({x for x in member_names if member_names.count(x) > 1})
        if len(member_regions) > 1 and not failed:
            for k, r in enumerate(rows):
                blank.errors[k] = f"row {r}: " + str(
                    InvalidWorkload(
                        "region",
                        str(regions[members[k]]),
                        f"group {group!r} mixes regions {', '.join(member_regions)}; "
                        "a group is one workload in one region",
                    )
                )
        elif duplicates and not failed:
            for k, r in enumerate(rows):
                blank.errors[k] = f"row {r}: " + str(
                    InvalidWorkload("name", member_names[k], f"names must be unique within group {group!r}")
                    if member_names[k] in duplicates
                    else InvalidWorkload("group", group, f"not priced: duplicate names {duplicates}")
                )
        elif failed:
            listed = ", ".join(map(str, failed[:_MAX_LISTED])) + (" …" if len(failed) > _MAX_LISTED else "")
            for k, r in enumerate(rows):
                if not blank.errors[k]:
                    blank.errors[k] = f"row {r}: " + str(
                        InvalidWorkload("group", group, f"not priced: row(s) {listed} of the group failed")
                    )
        if any(blank.errors):
            blank.total.error = next(e for e in blank.errors if e)
            return blank
        catalog = self.catalog(region)
        assert not isinstance(catalog, str)
        services = [service_of(values, int(i), member_names[k]) for k, i in enumerate(members)]
        comparison = compare(self.options.workload(services, region), catalog, analyses=False)
        return self._spread(blank, comparison, member_names)

    def _spread(self, priced: _GroupRows, comparison: Comparison, names: list[str]) -> _GroupRows:
        """Each line item on the row of its service; shared items on the group's first row."""
        position = {name: k for k, name in enumerate(names)}
        by_option = {r.option_id: r for r in comparison.results}
        for j, option in enumerate(self._option_ids):
            result = by_option.get(option)
            if result is None:
                continue
            if not result.feasible:
                priced.items[0].extend(_item_lines(result))
                continue
            shares: list[list[float]] = [[] for _ in names]
            for item in result.line_items:
                k = position.get(item.service, 0)
                shares[k].append(item.monthly_usd)
                priced.items[k].extend(_item_lines(result, (item,)))
            priced.monthly[:, j] = [float(sum(s)) for s in shares]
            priced.total.monthly[option] = float(result.monthly_usd)
        rec = comparison.recommendation
        if rec is None:
            reason = unpriced_reason([x for r in comparison.results for x in r.reasons])
            priced.errors = [f"row {r}: {reason}" for r in priced.total.rows]
            priced.total.error = priced.errors[0]
        else:
            best = self.options.options.index((rec.platform, rec.purchase))
            priced.recommended = best
            priced.total.recommended = self.options.option_ids[best]
            priced.total.recommended_monthly = float(rec.monthly_usd)
            totals = np.array([priced.total.monthly.get(o, np.nan) for o in self.options.option_ids])
            base = int(baseline_index(totals[None, :], np.array([best]), self._baseline)[0])
            if base >= 0:
                priced.savings = cents_array(priced.monthly[:, base]) - cents_array(priced.monthly[:, best])
                priced.total.savings = float(cents_array(totals[[base]])[0] - cents_array(totals[[best]])[0])
        return priced

    # -- chunks --

    def price_chunk(self, chunk: pd.DataFrame, first_row: int) -> ChunkResult:
        """Price rows `first_row`, `first_row + 1`, … (1-based); one result per input row."""
        n = len(chunk)
        width = len(self._platforms)
        parsed = self._parse(chunk, first_row)
        row, values, errors, names, groups, regions = (
            parsed.row,
            parsed.values,
            parsed.errors,
            parsed.names,
            parsed.groups,
            parsed.regions,
        )
        monthly = np.full((n, width), np.nan)
        recommended = np.full(n, -1, dtype=np.int64)
        savings = np.full(n, np.nan)
        items: list[list[tuple[Any, ...]]] = [[] for _ in range(n)] if self.line_items else []
        single = np.flatnonzero((errors == "") & (groups == ""))
        if len(single):
            priced = self._price_single(single, values, regions)
            monthly[single] = priced.monthly
            recommended[single] = recommend_rows(priced.monthly, self._platforms, self._purchases)
            savings[single] = savings_vs_baseline(priced.monthly, recommended[single], self._baseline)
            for r, reason in priced.unpriced.items():
                errors[single[r]] = f"row {row[single[r]]}: {reason}"
            if self.line_items:
                for r, lines in zip(single.tolist(), priced.items, strict=True):
                    items[r] = lines
        for r in np.flatnonzero(groups != "").tolist():
            found = self._group_of_row.get(int(row[r]))
            if found is None:
                raise RuntimeError(f"row {row[r]} is in group {groups[r]!r}: call price_groups first")
            group, k = found
            priced_group = self._groups[group]
            errors[r] = priced_group.errors[k]
            monthly[r] = priced_group.monthly[k]
            recommended[r] = priced_group.recommended if not errors[r] else -1
            savings[r] = priced_group.savings[k]
            if self.line_items:
                items[r] = priced_group.items[k]
        has = recommended >= 0
        recommended_monthly = np.full(n, np.nan)
        recommended_monthly[has] = monthly[np.flatnonzero(has), recommended[has]]
        result = ChunkResult(
            source=chunk,
            row=row,
            name=names,
            group=groups,
            region=regions,
            option_ids=self.options.option_ids,
            monthly=monthly,
            recommended=recommended,
            recommended_monthly=recommended_monthly,
            savings=savings,
            error=errors,
            items=long_items(items, row=row, name=names, group=groups, region=regions, error=errors)
            if self.line_items
            else None,
        )
        self.summary.add(result)
        return result


_ITEM_FIELDS = (
    "platform",
    "purchase",
    "item",
    "quantity",
    "unit",
    "rate",
    "cost",
    "source",
    "as_of",
    "confidence",
)


def long_items(
    items: Sequence[Sequence[tuple[Any, ...]]],
    *,
    row: np.ndarray,
    name: np.ndarray,
    group: np.ndarray,
    region: np.ndarray,
    error: np.ndarray,
) -> pd.DataFrame:
    """The long layout of a chunk: each row's line items (a failed row: one line, its error).

    `items[r]` holds row r's lines as (platform, purchase, item, quantity, unit, rate, cost,
    source, as_of, confidence) tuples.
    """
    counts = np.array([len(lines) or 1 for lines in items], dtype=np.int64)
    at = np.repeat(np.arange(len(row)), counts)
    empty = (None,) * len(_ITEM_FIELDS)
    body = [line for lines in items for line in (lines or [empty])]
    frame = pd.DataFrame(body, columns=list(_ITEM_FIELDS)).astype(
        {c: np.float64 for c in ("quantity", "rate", "cost")}
    )
    return pd.DataFrame(
        {
            "row": row[at],
            "name": name[at],
            "group": group[at],
            "region": region[at],
            **{c: frame[c].to_numpy() for c in _ITEM_FIELDS},
            "error": error[at],
        },
        columns=list(LONG_COLUMNS),
    )


_ITEM_FIELDS = (
    "platform",
    "purchase",
    "item",
    "quantity",
    "unit",
    "rate",
    "cost",
    "source",
    "as_of",
    "confidence",
)


def _long(parsed: _Rows, items: list[list[tuple[Any, ...]]]) -> pd.DataFrame:
    """The long layout of a chunk: each row's line items (a failed row: one line, its error)."""
    counts = np.array([len(lines) or 1 for lines in items], dtype=np.int64)
    at = np.repeat(np.arange(len(parsed.row)), counts)
    empty = (None,) * len(_ITEM_FIELDS)
    body = [line for lines in items for line in (lines or [empty])]
    frame = pd.DataFrame(body, columns=list(_ITEM_FIELDS)).astype(
        {c: np.float64 for c in ("quantity", "rate", "cost")}
    )
    return pd.DataFrame(
        {
            "row": parsed.row[at],
            "name": parsed.names[at],
            "group": parsed.groups[at],
            "region": parsed.regions[at],
            **{c: frame[c].to_numpy() for c in _ITEM_FIELDS},
            "error": parsed.errors[at],
        },
        columns=list(LONG_COLUMNS),
    )


def _item_lines(result: CostBreakdown, line_items: Sequence[LineItem] | None = None) -> list[tuple[Any, ...]]:
    """Long-layout cells of an option's line items; an infeasible option is one line saying why."""
    platform, purchase = result.platform.value, result.purchase.value
    if not result.feasible:
        why = "not feasible: " + "; ".join(result.reasons)
        return [(platform, purchase, why, None, None, None, None, None, None, None)]
    return [
        (
            platform,
            purchase,
            item.item,
            float(item.quantity),
            item.unit,
            float(item.rate_usd),
            float(item.monthly_usd),
            item.source,
            item.as_of,
            item.confidence.value,
        )
        for item in (result.line_items if line_items is None else line_items)
    ]


# --- a whole table in memory ------------------------------------------------------------------

DEFAULT_CHUNK_ROWS = 100_000
LONG_CHUNK_ROWS = 10_000
"""Rows per chunk in the long layout: each row makes a dozen or more line-item rows, so its
chunks are smaller to keep memory flat."""


def chunk_rows_for(layout: str) -> int:
    """Input rows priced and written at a time for a report layout ('wide' or 'long')."""
    return LONG_CHUNK_ROWS if layout == "long" else DEFAULT_CHUNK_ROWS


@dataclass(frozen=True, slots=True)
class BatchReport:
    """A whole table priced in memory: what `report.to_csv_bytes` writes.

    The CLI streams the same chunks to its output instead of keeping them, so a report built
    here and the CLI's output are the same bytes. `source` is the price source named in the
    report's header (the default region's, else the first region's priced).
    """

    options: BatchOptions
    columns: Columns
    source: PriceSource | None
    chunks: tuple[ChunkResult, ...]
    summary: Summary
    line_items: bool = False


def header_source(pricer: BatchPricer) -> PriceSource | None:
    """The price source a report's header names: the default region's, else the first seen."""
    sources = pricer.summary.sources
    default = (pricer.options.region or "").strip().lower()
    if default in sources:
        return sources[default]
    return next(iter(sources.values()), None)


def price_table(
    frame: pd.DataFrame,
    options: BatchOptions,
    catalog_for: CatalogFor,
    *,
    line_items: bool = False,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> BatchReport:
    """Price a table of text cells (as read with dtype=str) in chunks; one result per row."""
    columns = resolve_columns(list(frame.columns))
    pricer = BatchPricer(columns, options, catalog_for, line_items=line_items)
    if options.region:
        pricer.catalog(options.region)  # named in the header even when no row uses it, as the CLI does
    pricer.price_groups(frame)
    chunks = tuple(
        pricer.price_chunk(frame.iloc[start : start + chunk_rows], start + 1)
        for start in range(0, len(frame), chunk_rows)
    )
    return BatchReport(options, columns, header_source(pricer), chunks, pricer.summary, line_items)
