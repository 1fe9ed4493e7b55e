"""Price loaders: the only code that reads price files or talks to AWS.

One facade serves every source, as SkyPilot's catalog does:
`load_catalog(source, region, *, session=None) -> PriceCatalog`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from advisor.model.prices import PriceCatalog
from pricing.snapshot import load_snapshot_catalog, snapshot_rate_keys, snapshot_regions

if TYPE_CHECKING:
    import boto3


class Source(StrEnum):
    """Which price source the user asked for (CLI `--source`, app selector)."""

    SNAPSHOT = "snapshot"
    LIVE = "live"
    AUTO = "auto"


def load_catalog(
    source: str,
    region: str,
    *,
    session: boto3.Session | None = None,
    refresh: bool = False,
) -> PriceCatalog:
    """The price catalog for `region` from `source`.

    `snapshot` reads the embedded snapshot. `live` asks AWS (through the on-disk cache unless
    `refresh`) and raises PricingUnavailable when it cannot. `auto` tries live, then the cache,
    then the snapshot, and the returned catalog's `source.detail` says which answered and why.
    """
    chosen = Source(source)
    if chosen is Source.SNAPSHOT:
        return load_snapshot_catalog(region)
    from pricing.live import load_live_catalog  # boto3 is imported only when asked for

    return load_live_catalog(region, session=session, refresh=refresh, fallback=chosen is Source.AUTO)


def load_offer_file(location: str, region: str) -> PriceCatalog:
    """The catalog for `region` from a Price List bulk offer file (JSON or CSV).

    `location` is a local path or an https URL; the file is streamed, never loaded whole.
    Instance specs come from the snapshot; the source kind is OFFER_FILE.
    """
    from pricing.offer_files import load_offer_file_catalog

    return load_offer_file_catalog(location, region)


__all__ = ["Source", "load_catalog", "load_offer_file", "snapshot_rate_keys", "snapshot_regions"]
