"""What batch pricing returns: a chunk's priced rows, the long layout's line items, and the
running totals (`Summary`) a report states after its rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from advisor.decision.allocation import ServiceCost
from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.money import annual_array, cents_array
from advisor.model.prices import PriceSource

ITEM_FIELDS = (
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
"""The cells of one line item in the long layout, in order."""

LONG_COLUMNS = ("row", "name", "group", "region", *ITEM_FIELDS, "error")
"""The long layout: one row per (input row, option, line item), for pivot tables."""


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The priced rows of one chunk of input, aligned with it row for row.

    `monthly[r, j]` is option j's monthly cost in USD, unrounded (NaN: not feasible, not asked
    for, or the row failed); `recommended[r]` indexes `option_ids` (-1: none). For a grouped
    row the figures are its service's cost in the group's workload (`decision.allocation`),
    in cents that add up to the group's total. `items` holds the long layout's rows when line
    items were asked for.
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

    @property
    def annual(self) -> np.ndarray:
        """12 × each monthly cost as written (to the cent): the reconciliation rule."""
        return annual_array(self.monthly)

    @property
    def recommended_annual(self) -> np.ndarray:
        return annual_array(self.recommended_monthly)

    incomplete: np.ndarray | None = None
    """[rows, options]: priced without a rate the catalog lacks (`CostBreakdown.missing`)."""
    notes: np.ndarray | None = None
    """Per row: what its incomplete options leave out ('' when nothing)."""

    def __post_init__(self) -> None:
        if self.incomplete is None:
            object.__setattr__(self, "incomplete", np.zeros(self.monthly.shape, dtype=bool))
        if self.notes is None:
            object.__setattr__(self, "notes", np.full(len(self.row), "", dtype=object))

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


def _cent_sum(usd: np.ndarray) -> int:
    """The sum, in whole cents, of amounts as written (each rounded to the cent first)."""
    return int(np.rint(cents_array(usd) * 100).astype(np.int64).sum())


@dataclass(slots=True)
class Summary:
    """Totals over every row written so far (the report's trailer), in whole cents.

    Every total is the sum of the figures as written in the rows, so a spreadsheet's column
    sum equals it to the cent. `monthly` / `priced` cover every row where the option is
    priced; `same_rows` / `same_rows_monthly` only the rows where every option priced
    anywhere in the report is priced, so the options' totals compare like with like.
    """

    option_ids: tuple[str, ...]
    rows: int = 0
    failed: int = 0
    monthly: dict[str, int] = field(default_factory=dict)
    priced: dict[str, int] = field(default_factory=dict)
    incomplete: dict[str, int] = field(default_factory=dict)
    """Per option, how many of its priced rows are incomplete (a rate missing)."""
    recommended_monthly: int = 0
    recommended_rows: int = 0
    savings: int = 0
    regions: dict[str, int] = field(default_factory=dict)
    sources: dict[str, PriceSource] = field(default_factory=dict)
    groups: dict[str, GroupTotal] = field(default_factory=dict)
    patterns: dict[tuple[bool, ...], list[int]] = field(default_factory=dict)
    """Which options a row has priced → [rows, cents of each option]: the same-rows totals
    are known only once every chunk is in (the options priced anywhere)."""

    @property
    def _everywhere(self) -> tuple[bool, ...]:
        return tuple(any(p[j] for p in self.patterns) for j in range(len(self.option_ids)))

    @property
    def same_rows(self) -> int:
        """Rows where every option priced anywhere in the report is priced."""
        return self.patterns.get(self._everywhere, [0])[0] if any(self._everywhere) else 0

    def same_rows_monthly(self, option: str) -> int:
        """An option's total in cents over `same_rows` (0 for an option priced nowhere)."""
        found = self.patterns.get(self._everywhere) if any(self._everywhere) else None
        return 0 if found is None else found[1 + self.option_ids.index(option)]

    def add(self, result: ChunkResult) -> None:
        self.rows += len(result)
        self.failed += int((result.error != "").sum())
        has = ~np.isnan(result.monthly)
        # Each row's pattern as one integer (bit j: option j priced), so patterns are told
        # apart by a hash of integers rather than a sort of boolean rows.
        bits = has @ (1 << np.arange(has.shape[1], dtype=np.int64))
        codes, patterns = pd.factorize(bits)
        for k, pattern in enumerate(patterns.tolist()):
            rows = codes == k
            mask = tuple(bool(pattern >> j & 1) for j in range(has.shape[1]))
            entry = self.patterns.setdefault(mask, [0] * (1 + len(self.option_ids)))
            entry[0] += int(rows.sum())
            for j in np.flatnonzero(mask).tolist():
                entry[1 + j] += _cent_sum(result.monthly[rows, j])
        for j, option in enumerate(result.option_ids):
            column = result.monthly[:, j]
            priced = ~np.isnan(column)
            self.monthly[option] = self.monthly.get(option, 0) + _cent_sum(column[priced])
            self.priced[option] = self.priced.get(option, 0) + int(priced.sum())
            lower_bound = int((priced & np.asarray(result.incomplete)[:, j]).sum())
            self.incomplete[option] = self.incomplete.get(option, 0) + lower_bound
        chosen = ~np.isnan(result.recommended_monthly)
        self.recommended_monthly += _cent_sum(result.recommended_monthly[chosen])
        self.recommended_rows += int(chosen.sum())
        self.savings += _cent_sum(result.savings[~np.isnan(result.savings)])
        ok = result.error == ""
        regions, counts = np.unique(result.region[ok].astype(str), return_counts=True)
        for region, count in zip(regions.tolist(), counts.tolist(), strict=True):
            self.regions[region] = self.regions.get(region, 0) + count


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
    empty = (None,) * len(ITEM_FIELDS)
    body = [line for lines in items for line in (lines or [empty])]
    frame = pd.DataFrame(body, columns=list(ITEM_FIELDS)).astype(
        {c: np.float64 for c in ("quantity", "rate", "cost")}
    )
    return pd.DataFrame(
        {
            "row": row[at],
            "name": name[at],
            "group": group[at],
            "region": region[at],
            **{c: frame[c].to_numpy() for c in ITEM_FIELDS},
            "error": error[at],
        },
        columns=list(LONG_COLUMNS),
    )


SHARED_LINE = "share of the EC2 fleet hours allocated to tasks (by requested vCPU and memory)"
IDLE_LINE = "share of idle capacity, control plane and add-ons (in proportion to cost)"


def allocation_lines(
    option_id: str, share: ServiceCost, allocated: Sequence[ServiceCost]
) -> list[tuple[Any, ...]]:
    """A grouped row's shares of its option's pooled costs, as long-layout lines whose
    quantity (the share) × rate (the pool) is the cost (`decision.allocation`)."""
    lines = []
    for label, mine, pool in (
        (SHARED_LINE, share.shared_usd, sum(a.shared_usd for a in allocated)),
        (IDLE_LINE, share.idle_usd, sum(a.idle_usd for a in allocated)),
    ):
        if pool:
            source = "allocation of the option's line items"
            lines.append(
                (
                    *option_id.split("/"),
                    label,
                    mine / pool,
                    "share",
                    pool,
                    mine,
                    source,
                    "",
                    "",
                )
            )
    return lines


def item_lines(result: CostBreakdown, line_items: Sequence[LineItem] | None = None) -> list[tuple[Any, ...]]:
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


def incomplete_note(missing: Mapping[str, tuple[str, ...]]) -> str:
    """'incomplete, no rate for EBS gp3 root volumes: ecs-ec2/on-demand, eks-ec2/on-demand'.

    `missing` maps option ids to what they leave out; options missing the same rates share
    one clause.
    """
    by_items: dict[tuple[str, ...], list[str]] = {}
    for option, items in missing.items():
        if items:
            by_items.setdefault(items, []).append(option)
    return "; ".join(
        f"incomplete, no rate for {', '.join(items)}: {', '.join(options)}"
        for items, options in by_items.items()
    )
