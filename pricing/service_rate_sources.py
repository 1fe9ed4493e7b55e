"""Service rates of the snapshot (Fargate, EKS, add-ons): which source wins where.

Three project-owned tables in `pricing/sources/` (see its README for every source), each row
with a source a reader can open and a real date:
- `published_rates.csv`: region-specific rates quoted one by one (Price List offers, AWS bill
  lines), the newest or the only source for their region;
- `aws_price_files.csv`: Fargate, NAT gateway, EBS gp3 and CloudWatch Logs rates for every region
  of the catalog, read from the price files behind AWS's own pricing pages;
- `global_rates.csv`: rates AWS publishes as one figure for every commercial region (EKS control
  plane, public IPv4), written out for each commercial region of the catalog.
A row of an earlier table wins over a row of a later one for the same (region, key).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pricing import schema

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
PUBLISHED_RATES_FILE = SOURCES_DIR / "published_rates.csv"
PRICE_FILE_RATES_FILE = SOURCES_DIR / "aws_price_files.csv"
GLOBAL_RATES_FILE = SOURCES_DIR / "global_rates.csv"

NON_COMMERCIAL_PREFIXES = ("us-gov-", "cn-", "us-iso")
"""AWS GovCloud, China and isolated regions: separate partitions with their own price lists."""

REAL_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
"""An as-of date a reader can check: YYYY-MM-DD, or YYYY-MM when only the month is known."""


class ServiceRateError(ValueError):
    """A service-rate source failed validation; the message names the file and the problem."""


def commercial(regions: Iterable[str]) -> list[str]:
    """The regions of the commercial AWS partition, sorted."""
    return sorted(r for r in regions if not r.startswith(NON_COMMERCIAL_PREFIXES))


def read_rate_table(path: Path) -> pd.DataFrame:
    """One regional rate table, checked: one row per (region, key), each cited and dated."""
    table = schema.read_table(str(path), schema.SERVICE_RATE_COLUMNS)
    _check_cited_and_dated(table, path.name)
    duplicated = table.duplicated(["region", "key"])
    if duplicated.any():
        raise ServiceRateError(
            f"{path.name}: duplicate rates {table.loc[duplicated, ['region', 'key']].values.tolist()}"
        )
    return table


def global_rates(path: Path, regions: Iterable[str]) -> pd.DataFrame:
    """Each global rate written out once per commercial region."""
    table = pd.read_csv(path, dtype={"usd": float}, keep_default_na=False)
    _check_cited_and_dated(table, path.name)
    frames = [table.assign(region=region) for region in commercial(regions)]
    if not frames:
        return pd.DataFrame(columns=list(schema.SERVICE_RATE_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(schema.SERVICE_RATE_COLUMNS)]


def build_service_rates(
    regions: Iterable[str],
    published: Path = PUBLISHED_RATES_FILE,
    price_files: Path = PRICE_FILE_RATES_FILE,
    global_file: Path = GLOBAL_RATES_FILE,
) -> pd.DataFrame:
    """One rate per (region, key): published rows, then price-file rows, then global rows."""
    ranked = pd.concat(
        [read_rate_table(published), read_rate_table(price_files), global_rates(global_file, regions)],
        ignore_index=True,
    )
    frame = ranked.drop_duplicates(["region", "key"], keep="first")
    frame = frame.sort_values(["region", "key"], ignore_index=True)
    return frame.astype(schema.SERVICE_RATE_COLUMNS)


def _check_cited_and_dated(table: pd.DataFrame, name: str) -> None:
    uncited = table["source"].fillna("").str.strip() == ""
    if uncited.any():
        raise ServiceRateError(f"{name}: {int(uncited.sum())} rows without a source")
    undated = ~table["as_of"].fillna("").astype(str).str.fullmatch(REAL_DATE.pattern)
    if undated.any():
        raise ServiceRateError(
            f"{name}: as_of must be YYYY-MM-DD or YYYY-MM, got {sorted(set(table.loc[undated, 'as_of']))}"
        )
