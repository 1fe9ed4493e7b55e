"""What batch pricing returns: a chunk's priced rows, the long layout's line items, and the
running totals (`Summary`) a report states after its rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from advisor.model.costs import CostBreakdown, LineItem
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
