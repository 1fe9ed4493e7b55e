"""Live AWS prices for one region, through the on-disk cache, with an optional fallback chain.

`load_live_catalog(region, *, session=None, refresh=False, fallback=False)`:

- `live` (fallback=False): a fresh cache answers unless `refresh`; otherwise fetch EC2
  on-demand (Linux, Windows), Fargate and EKS from the Price List API, instance specs, Spot and
  Savings Plans, write the cache and answer. A failed fetch raises PricingUnavailable.
- `auto` (fallback=True): the same, but a failed fetch falls back to the cache (even stale),
  then to the embedded snapshot; the catalog's `source.kind` (LIVE, CACHE or SNAPSHOT) and
  `source.detail` say which answered and why.

The on-demand prices are the core: if they cannot be fetched, the live source is unavailable.
Spot, Savings Plans and instance-spec calls are extras: when one fails, the catalog keeps the
on-demand prices and the failure is noted in `source.detail` and warned about.

Every table ends in `catalog_from_frames`, like the snapshot, so the engine cannot tell the
sources apart; regions and instance types the live source lacks raise UnknownRegion and
PriceNotFound exactly as they do for the snapshot.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import boto3
import pandas as pd

from advisor.model.prices import PriceCatalog, PriceSource, PricingUnavailable, SourceKind, UnknownRegion
from pricing.aws_errors import translated
from pricing.cache import DEFAULT_TTL, CachedPrices, read_cache, write_cache
from pricing.catalog_frames import catalog_from_frames, instance_types_from_frame
from pricing.instance_specs import fetch_new_instance_types, instance_type_frame
from pricing.normalize import PricingWarning
from pricing.price_list_api import SOURCE as PRICE_LIST_SOURCE
from pricing.price_list_api import fetch_price_list, pricing_client
from pricing.price_rows import drop_conflicts, ec2_price_frame, service_rate_frame
from pricing.snapshot import load_snapshot_catalog, price_date_range, snapshot_regions, snapshot_tables
from pricing.spot_and_savings import (
    PurchaseRows,
    ec2_client,
    fetch_savings_plan_rows,
    fetch_spot_rows,
    savings_plans_client,
)

LIVE_LABEL = "live AWS prices (Price List, Spot and Savings Plans APIs)"
# AWS region names: "us-east-1", "us-gov-west-1", "ap-southeast-7", "eu-isoe-west-1", …
REGION_NAME = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]+")
EC2_PRICE_KEYS = ["instance_type", "os", "purchase"]


@dataclass(slots=True)
class LiveTables:
    """One region's live tables in the snapshot schema, and what the refresh lacked."""

    instance_types: pd.DataFrame
    ec2_prices: pd.DataFrame
    service_rates: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _age(delta: timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} d"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def fetch_live_tables(region: str, session: boto3.Session, *, now: datetime) -> LiveTables:
    """Everything a live refresh fetches, as snapshot-schema frames.

    Raises PricingUnavailable when the Price List API cannot answer, and UnknownRegion when it
    answers with no prices at all for `region`.
    """
    today = now.date().isoformat()
    prices = fetch_price_list(pricing_client(session), region, fetched_on=today)
    if not prices.ec2 and not prices.services:
        raise UnknownRegion(region, snapshot_regions())
    notes = prices.problems()

    snapshot_types = snapshot_tables().instance_types
    ec2 = ec2_client(session, region)
    try:
        new_types, incomplete = fetch_new_instance_types(
            ec2, region, set(snapshot_types["instance_type"]), as_of=today
        )
        if incomplete:
            notes.append(f"{incomplete} instance type(s) without complete specs were left out")
    except PricingUnavailable as err:
        new_types = instance_type_frame([])
        notes.append(f"instance specs from the snapshot only ({err.reason})")
    try:
        spot = fetch_spot_rows(ec2, region, now=now)
    except PricingUnavailable as err:
        spot = PurchaseRows()
        notes.append(f"no live Spot prices ({err.reason})")
    try:
        plans = fetch_savings_plan_rows(savings_plans_client(session), region, as_of=today)
    except PricingUnavailable as err:
        plans = PurchaseRows()
        notes.append(f"no live Savings Plans rates ({err.reason})")
    skipped = spot.skipped + plans.skipped
    if skipped:
        notes.append(f"{skipped} Spot/Savings Plans entr(ies) did not parse and were skipped")

    ec2_prices, ec2_conflicts = drop_conflicts(
        pd.concat([prices.ec2_frame(), ec2_price_frame(spot.ec2 + plans.ec2)], ignore_index=True),
        EC2_PRICE_KEYS,
        "usd_per_hour",
    )
    service_rates, service_conflicts = drop_conflicts(
        pd.concat([prices.service_frame(), service_rate_frame(plans.services)], ignore_index=True),
        ["key"],
        "usd",
    )
    if ec2_conflicts + service_conflicts:
        dropped = ec2_conflicts + service_conflicts
        notes.append(f"{dropped} Spot/Savings Plans price(s) dropped: entries disagreed")
    instance_types = pd.concat([snapshot_types, new_types], ignore_index=True)
    return LiveTables(
        instance_types=instance_types.sort_values("instance_type", ignore_index=True),
        ec2_prices=ec2_prices.sort_values(["instance_type", "os", "purchase"], ignore_index=True),
        service_rates=service_rates.sort_values("key", ignore_index=True),
        notes=notes,
    )


def _catalog(
    region: str,
    source: PriceSource,
    instance_types: pd.DataFrame,
    ec2_prices: pd.DataFrame,
    service_rates: pd.DataFrame,
) -> PriceCatalog:
    return catalog_from_frames(
        region, source, instance_types_from_frame(instance_types), ec2_prices, service_rates
    )


def _price_dates(ec2_prices: pd.DataFrame, service_rates: pd.DataFrame) -> str:
    return price_date_range(sorted(set(ec2_prices["as_of"]) | set(service_rates["as_of"])))


def cache_catalog(cached: CachedPrices, detail: str) -> PriceCatalog:
    """A catalog answered from the cache (source kind CACHE)."""
    source = PriceSource(
        kind=SourceKind.CACHE,
        as_of=_price_dates(cached.ec2_prices, cached.service_rates),
        label=f"live AWS prices cached {_stamp(cached.fetched_at)}",
        detail=detail,
    )
    return _catalog(cached.region, source, cached.instance_types, cached.ec2_prices, cached.service_rates)


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _fallback(
    region: str, err: PricingUnavailable, cached: CachedPrices | None, now: datetime, ttl: timedelta
) -> PriceCatalog:
    """After a failed refresh: the cache (even stale), else the snapshot, saying why."""
    failed = f"live refresh failed: {err.reason}"
    if cached is not None:
        staleness = "stale" if not cached.is_fresh(now, ttl) else "within its TTL"
        using = f"using the cache fetched {_age(cached.age(now))} ago ({staleness})"
        return cache_catalog(cached, _join(failed, using, cached.detail))
    return load_snapshot_catalog(region, detail=_join(failed, "no cached live prices", "using snapshot"))


def load_live_catalog(
    region: str,
    *,
    session: boto3.Session | None = None,
    refresh: bool = False,
    fallback: bool = False,
    ttl: timedelta = DEFAULT_TTL,
) -> PriceCatalog:
    """Live prices for `region` (see the module docstring for `live` and `auto`).

    `session` is the injected boto3 Session (default: a new one on boto3's default credential
    chain); `ttl` is how long a cache stays fresh (default 24 hours).
    """
    if not REGION_NAME.fullmatch(region):
        raise UnknownRegion(region, snapshot_regions())
    now = datetime.now(UTC)
    cached = None if refresh else read_cache(region)
    if cached is not None and cached.is_fresh(now, ttl):
        return cache_catalog(
            cached,
            _join(f"fetched {_age(cached.age(now))} ago, within the {_age(ttl)} cache TTL", cached.detail),
        )
    try:
        with translated(PRICE_LIST_SOURCE, "an AWS profile that exists"):
            active = session or boto3.Session()  # e.g. ProfileNotFound for a bad AWS_PROFILE
        tables = fetch_live_tables(region, active, now=now)
    except PricingUnavailable as err:
        if not fallback:
            raise
        return _fallback(region, err, read_cache(region) if refresh else cached, now, ttl)
    notes = list(tables.notes)
    try:
        write_cache(
            region,
            tables.instance_types,
            tables.ec2_prices,
            tables.service_rates,
            fetched_at=now,
            detail=_join(*tables.notes),
        )
    except OSError as err:
        notes.append(f"prices not cached ({err})")
    for note in notes:
        warnings.warn(f"{region}: {note}", PricingWarning, stacklevel=2)
    source = PriceSource(
        kind=SourceKind.LIVE,
        as_of=_price_dates(tables.ec2_prices, tables.service_rates),
        label=LIVE_LABEL,
        detail=_join(f"fetched {_stamp(now)}", *notes),
    )
    return _catalog(region, source, tables.instance_types, tables.ec2_prices, tables.service_rates)
