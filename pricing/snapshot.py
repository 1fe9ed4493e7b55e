"""Read the embedded price snapshot in `data/` (offline, fast, cached once per process)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from advisor.model.prices import InstanceType, PriceCatalog, PriceSource, SourceKind
from pricing import schema
from pricing.catalog_frames import catalog_from_frames, instance_types_from_frame, regions_of

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class SnapshotTables:
    """The three snapshot tables and the manifest, as read from disk."""

    instance_types: pd.DataFrame
    ec2_prices: pd.DataFrame
    service_rates: pd.DataFrame
    manifest: dict
    specs: dict[str, InstanceType]

    @property
    def regions(self) -> list[str]:
        return regions_of(self.ec2_prices, self.service_rates)


def read_tables(data_dir: Path) -> SnapshotTables:
    """Read and schema-check snapshot-format tables from a folder."""
    manifest = json.loads((data_dir / schema.MANIFEST_FILE).read_text())
    if manifest.get("schema_version") != schema.SCHEMA_VERSION:
        raise schema.SchemaError(
            f"{data_dir}: schema version {manifest.get('schema_version')}, "
            f"this code reads {schema.SCHEMA_VERSION}"
        )
    instance_types = schema.read_table(
        str(data_dir / schema.INSTANCE_TYPES_FILE), schema.INSTANCE_TYPE_COLUMNS
    )
    return SnapshotTables(
        instance_types=instance_types,
        ec2_prices=schema.read_table(str(data_dir / schema.EC2_PRICES_FILE), schema.EC2_PRICE_COLUMNS),
        service_rates=schema.read_table(
            str(data_dir / schema.SERVICE_RATES_FILE), schema.SERVICE_RATE_COLUMNS
        ),
        manifest=manifest,
        specs=instance_types_from_frame(instance_types),
    )


@functools.cache
def snapshot_tables() -> SnapshotTables:
    """The embedded snapshot, read once per process (it is immutable)."""
    return read_tables(DATA_DIR)


def snapshot_source(detail: str = "", region: str | None = None) -> PriceSource:
    """The snapshot as a price source; with `region`, dated by that region's own rates."""
    tables = snapshot_tables()
    if region is None:
        dates = list(tables.manifest["price_dates"])
    else:
        dates = sorted(
            set(tables.ec2_prices.loc[tables.ec2_prices["region"] == region, "as_of"])
            | set(tables.service_rates.loc[tables.service_rates["region"] == region, "as_of"])
        )
    return PriceSource(
        kind=SourceKind.SNAPSHOT,
        as_of=price_date_range(dates),
        label=f"embedded snapshot built {tables.manifest['built']}",
        detail=detail,
    )


def price_date_range(dates: list[str]) -> str:
    """'2025-03-02 to 2026-09-09' from the price dates a snapshot holds (ISO dates only)."""
    iso = sorted(d for d in dates if len(d) == 10 and d[4] == "-")
    if not iso:
        return "undated"
    return iso[0] if iso[0] == iso[-1] else f"{iso[0]} to {iso[-1]}"


def load_snapshot_catalog(region: str, detail: str = "") -> PriceCatalog:
    """The snapshot's catalog for one region (its price line dated by that region's rates);
    UnknownRegion with close matches otherwise."""
    tables = snapshot_tables()
    return catalog_from_frames(
        region, snapshot_source(detail, region), tables.specs, tables.ec2_prices, tables.service_rates
    )


def snapshot_regions() -> list[str]:
    return snapshot_tables().regions


def snapshot_rate_keys() -> dict[str, frozenset[str]]:
    """Each snapshot region's service-rate keys (Fargate, EKS, EBS, add-ons), without building
    a catalog per region: what the dashboard's region selector states as coverage."""
    rates = snapshot_tables().service_rates
    found = {str(region): frozenset(keys) for region, keys in rates.groupby("region")["key"]}
    return {region: found.get(region, frozenset()) for region in snapshot_regions()}
