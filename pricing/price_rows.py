"""Snapshot rows gathered from many Price List items, and the frames built from them.

Each price source reads items one at a time (`normalize` decides whether an item is a price we
keep and reads it); `Normalized` keeps the accepted ones as rows with their provenance, counts
what was skipped or rejected, and drops any key two items price differently, so a price is
never guessed. `drop_conflicts` applies the same rule when live sources are merged, and the
frame builders give every source the snapshot's exact columns and dtypes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pricing import schema
from pricing.normalize import (
    TERM,
    Ec2Target,
    Rejected,
    ServiceTarget,
    Unparsable,
    classify_product,
    csv_row_product,
    csv_row_terms,
    ondemand_usd,
)

PURCHASE_ON_DEMAND = "on-demand"
CONFIDENCE_PRICE_LIST = "high"


@dataclass(slots=True)
class Normalized:
    """Snapshot rows accumulated from many price items, with what was skipped and why.

    `skipped` counts items that did not parse; `rejected` counts filtered-out items by their
    first reason; `conflicts` counts keys for which two accepted items disagree on the price
    (both are dropped: a price is never guessed).
    """

    region: str
    ec2: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    conflicted: set[tuple[str, ...]] = field(default_factory=set)

    @property
    def conflicts(self) -> int:
        return len(self.conflicted)

    def add(self, product: object, ondemand_terms: object, *, origin: str, as_of: str) -> None:
        """Filter one product, read its on-demand price and keep the row; never raises."""
        try:
            if not isinstance(product, Mapping):
                raise Unparsable("product is not a mapping")
            target = classify_product(product, self.region)
            if isinstance(target, Rejected):
                self.rejected[target.reasons[0]] += 1
                return
            usd = ondemand_usd(ondemand_terms, ec2=isinstance(target, Ec2Target))
        except Unparsable:
            self.skipped += 1
            return
        self.add_price(target, usd, sku=str(product.get("sku", "")), origin=origin, as_of=as_of)

    def add_item(self, item: object, *, origin: str, as_of: str) -> None:
        """One GetProducts PriceList entry (after json.loads); its own version/date win."""
        if not isinstance(item, Mapping):
            self.skipped += 1
            return
        terms = item.get("terms")
        version = item.get("version")
        published = str(item.get("publicationDate") or "")
        self.add(
            item.get("product"),
            terms.get("OnDemand") if isinstance(terms, Mapping) else None,
            origin=f"{origin} version {version}" if version else origin,
            as_of=published[:10] or as_of,
        )

    def add_csv_row(self, row: Mapping[str, str], *, origin: str, as_of: str) -> None:
        """One bulk CSV row: Reserved rows (hourly or upfront fee) are rejected first."""
        if row.get("TermType") != "OnDemand":
            self.rejected[TERM] += 1
            return
        self.add(csv_row_product(row), csv_row_terms(row), origin=origin, as_of=as_of)

    def add_price(
        self, target: Ec2Target | ServiceTarget, usd: float, *, sku: str, origin: str, as_of: str
    ) -> None:
        source = f"{origin}, SKU {sku}" if sku else origin
        if isinstance(target, Ec2Target):
            self._keep(
                self.ec2,
                (target.instance_type, target.os),
                {
                    "instance_type": target.instance_type,
                    "region": self.region,
                    "os": target.os,
                    "purchase": PURCHASE_ON_DEMAND,
                    "usd_per_hour": usd,
                    "usage_type": target.usage_type,
                    "confidence": CONFIDENCE_PRICE_LIST,
                    "source": source,
                    "as_of": as_of,
                },
                price_column="usd_per_hour",
            )
        else:
            self._keep(
                self.services,
                target.dimension.key,
                {
                    "region": self.region,
                    "service_code": target.service_code,
                    "key": target.dimension.key,
                    "usage_type": target.usage_type,
                    "usd": usd,
                    "unit": target.dimension.unit,
                    "confidence": CONFIDENCE_PRICE_LIST,
                    "source": source,
                    "as_of": as_of,
                },
                price_column="usd",
            )

    def _keep(
        self, rows: dict[Any, dict[str, Any]], key: Any, row: dict[str, Any], price_column: str
    ) -> None:
        conflict_key = (key,) if isinstance(key, str) else tuple(key)
        if conflict_key in self.conflicted:
            return
        existing = rows.get(key)
        if existing is None:
            rows[key] = row
        elif existing[price_column] != row[price_column]:
            del rows[key]
            self.conflicted.add(conflict_key)

    def ec2_frame(self) -> pd.DataFrame:
        return ec2_price_frame(list(self.ec2.values()))

    def service_frame(self) -> pd.DataFrame:
        return service_rate_frame(list(self.services.values()))

    def problems(self) -> list[str]:
        """Human-readable notes on what was skipped (empty when nothing was)."""
        notes = []
        if self.skipped:
            notes.append(f"{self.skipped} price item(s) did not parse and were skipped")
        if self.conflicts:
            notes.append(f"{self.conflicts} price(s) dropped: two price items disagreed")
        return notes


def drop_conflicts(frame: pd.DataFrame, keys: list[str], price_column: str) -> tuple[pd.DataFrame, int]:
    """One row per key: exact duplicates collapse; keys whose prices disagree are dropped.

    Returns the frame and how many keys were dropped (a price is never guessed).
    """
    if frame.empty:
        return frame, 0
    prices_per_key = frame.groupby(keys, sort=False)[price_column].transform("nunique")
    conflicting = prices_per_key > 1
    dropped = int(frame.loc[conflicting, keys].drop_duplicates().shape[0])
    kept = frame.loc[~conflicting].drop_duplicates(subset=keys, keep="first")
    return kept.reset_index(drop=True), dropped


def ec2_price_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """EC2 price rows as a frame with the snapshot's columns and dtypes."""
    frame = pd.DataFrame(rows, columns=list(schema.EC2_PRICE_COLUMNS))
    return frame.astype(schema.EC2_PRICE_COLUMNS)


def service_rate_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Service rate rows as a frame with the snapshot's columns and dtypes."""
    frame = pd.DataFrame(rows, columns=list(schema.SERVICE_RATE_COLUMNS))
    return frame.astype(schema.SERVICE_RATE_COLUMNS)
