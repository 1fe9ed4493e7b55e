"""On-disk cache of live prices, one folder per region, in the snapshot's own format.

Layout: `$ECS_ADVISOR_CACHE_DIR/<region>/` (default `~/.cache/ecs-advisor/<region>/`) holds
the three snapshot CSVs (`pricing.schema` columns) and a `manifest.json` with the schema
version, the UTC time the prices were fetched, a note on anything the refresh lacked, and
the sha256 and row count of each CSV.

Writes are atomic per file (temporary file in the same folder + `os.replace`), a refresh
holds an exclusive lock (`.<region>.lock` beside the folder; readers a shared one) so two
refreshes never interleave their files, values are checked on read (positive finite prices,
no date in the future) and an unreadable folder is skipped with a warning. The manifest is
replaced last: a reader that finds a CSV whose sha256 differs from the manifest
(a refresh interrupted half-way, or two refreshes racing) treats the cache as corrupt.

Freshness: a cache younger than its TTL (`DEFAULT_TTL`, 24 hours: AWS publishes new price
list versions at most a few times a month, and a day-old Spot sample is still indicative) is
served without calling AWS; an older one is *stale* and is used only as a fallback when a live
refresh fails. A missing cache is simply absent; a corrupt or partial one is ignored with a
`PricingWarning` and rebuilt by the next successful refresh.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from advisor.model.safe_load import decode_text, load_json
from pricing import schema
from pricing.normalize import PricingWarning

CACHE_DIR_ENV = "ECS_ADVISOR_CACHE_DIR"
DEFAULT_TTL = timedelta(hours=24)
CACHE_SOURCE = "live"

TABLES = (
    (schema.INSTANCE_TYPES_FILE, schema.INSTANCE_TYPE_COLUMNS),
    (schema.EC2_PRICES_FILE, schema.EC2_PRICE_COLUMNS),
    (schema.SERVICE_RATES_FILE, schema.SERVICE_RATE_COLUMNS),
)


class CorruptCache(ValueError):
    """A cache folder whose files are missing, unreadable or inconsistent."""


@dataclass(frozen=True, slots=True)
class CachedPrices:
    """The three tables of one region's cache, when they were fetched, and its note."""

    region: str
    instance_types: pd.DataFrame
    ec2_prices: pd.DataFrame
    service_rates: pd.DataFrame
    fetched_at: datetime
    detail: str
    path: Path

    def age(self, now: datetime) -> timedelta:
        return now - self.fetched_at

    def is_fresh(self, now: datetime, ttl: timedelta = DEFAULT_TTL) -> bool:
        return self.age(now) < ttl


def cache_root() -> Path:
    """`$ECS_ADVISOR_CACHE_DIR`, else `~/.cache/ecs-advisor`."""
    configured = os.environ.get(CACHE_DIR_ENV)
    return Path(configured) if configured else Path.home() / ".cache" / "ecs-advisor"


def cache_dir(region: str) -> Path:
    if not region or "/" in region or region.startswith("."):
        raise ValueError(f"not a region name: {region!r}")
    return cache_root() / region


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file next to `path`, fsync it, then `os.replace` it in."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


CLOCK_SKEW = timedelta(minutes=5)
"""How far in the future a cache's dates may be (clock differences), no more."""
PRICE_COLUMNS = ((schema.EC2_PRICES_FILE, "usd_per_hour"), (schema.SERVICE_RATES_FILE, "usd"))


@contextlib.contextmanager
def _locked(folder: Path, *, exclusive: bool) -> Iterator[None]:
    """An advisory lock on the region's folder (`.<region>.lock` beside it): writers
    exclusive (two refreshes never mix their files), readers shared (a reader never sees a
    refresh half-written). Without a lock file it can open (a read-only folder), a reader
    goes on unlocked."""
    try:
        fd = os.open(folder.parent / f".{folder.name}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        if exclusive:
            raise
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def write_cache(
    region: str,
    instance_types: pd.DataFrame,
    ec2_prices: pd.DataFrame,
    service_rates: pd.DataFrame,
    *,
    fetched_at: datetime,
    detail: str = "",
) -> Path:
    """Write one region's cache (CSVs first, manifest last) and return its folder."""
    folder = cache_dir(region)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder, exclusive=True):
        _write_locked(folder, region, (instance_types, ec2_prices, service_rates), fetched_at, detail)
    return folder


def _write_locked(
    folder: Path, region: str, frames: tuple[pd.DataFrame, ...], fetched_at: datetime, detail: str
) -> None:
    outputs = []
    for (name, columns), frame in zip(TABLES, frames, strict=True):
        schema.check_columns(frame, columns, name)
        data = frame.to_csv(index=False, lineterminator="\n").encode()
        _atomic_write(folder / name, data)
        outputs.append({"file": name, "rows": len(frame), "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {
        "schema_version": schema.SCHEMA_VERSION,
        "source": CACHE_SOURCE,
        "region": region,
        "fetched_at": fetched_at.astimezone(UTC).isoformat(timespec="seconds"),
        "detail": detail,
        "outputs": outputs,
    }
    _atomic_write(folder / schema.MANIFEST_FILE, (json.dumps(manifest, indent=2) + "\n").encode())


def _check_values(name: str, frame: pd.DataFrame, now: datetime) -> None:
    """A cache passes its checksums yet is still data from disk: prices must be positive and
    finite, dates not in the future (a tampered or broken cache is ignored, not priced)."""
    for file, column in PRICE_COLUMNS:
        if name == file:
            prices = frame[column].to_numpy(dtype=float)
            if not (np.isfinite(prices) & (prices > 0)).all():
                raise CorruptCache(f"{name}: {column} has prices that are not positive finite numbers")
    latest = (now + CLOCK_SKEW).date().isoformat()
    dates = frame["as_of"].dropna().astype(str)
    if (dates.str.slice(0, 10) > latest).any():
        raise CorruptCache(f"{name}: as_of dates in the future")


def _read(folder: Path, region: str) -> CachedPrices:
    try:
        path = folder / schema.MANIFEST_FILE
        manifest: dict[str, Any] = load_json(decode_text(path.read_bytes(), path.name), path.name)
    except (OSError, ValueError) as err:
        raise CorruptCache(f"manifest unreadable ({err})") from err
    if not isinstance(manifest, dict) or manifest.get("schema_version") != schema.SCHEMA_VERSION:
        raise CorruptCache(f"schema version is not {schema.SCHEMA_VERSION}")
    if manifest.get("region") != region:
        raise CorruptCache(f"manifest is for region {manifest.get('region')!r}")
    try:
        fetched_at = datetime.fromisoformat(str(manifest["fetched_at"]))
        expected = {str(o["file"]): str(o["sha256"]) for o in manifest["outputs"]}
    except (KeyError, TypeError, ValueError) as err:
        raise CorruptCache(f"manifest incomplete ({err!r})") from err
    if fetched_at.tzinfo is None:
        raise CorruptCache("fetched_at has no time zone")
    now = datetime.now(UTC)
    if fetched_at > now + CLOCK_SKEW:
        raise CorruptCache(f"fetched_at {fetched_at.isoformat()} is in the future")
    frames = []
    for name, columns in TABLES:
        path = folder / name
        try:
            actual = _sha256(path)
        except OSError as err:
            raise CorruptCache(f"{name} unreadable ({err})") from err
        if expected.get(name) != actual:
            raise CorruptCache(f"{name} does not match the manifest (partial or interrupted write)")
        try:
            frame = schema.read_table(str(path), columns)
        except (schema.SchemaError, ValueError) as err:
            raise CorruptCache(f"{name}: {err}") from err
        _check_values(name, frame, now)
        frames.append(frame)
    return CachedPrices(
        region=region,
        instance_types=frames[0],
        ec2_prices=frames[1],
        service_rates=frames[2],
        fetched_at=fetched_at,
        detail=str(manifest.get("detail", "")),
        path=folder,
    )


def read_cache(region: str) -> CachedPrices | None:
    """The region's cache (fresh or stale), None if absent; a corrupt one warns and is None."""
    folder = cache_dir(region)
    try:
        if not (folder / schema.MANIFEST_FILE).exists():
            if folder.is_dir() and any(folder.glob("*.csv")):
                warnings.warn(
                    f"ignoring the price cache in {folder}: manifest missing (partial write); "
                    "it will be rebuilt on the next live refresh",
                    PricingWarning,
                    stacklevel=2,
                )
            return None
        with _locked(folder, exclusive=False):
            return _read(folder, region)
    except OSError as err:  # e.g. a folder owned by another user
        warnings.warn(
            f"ignoring the price cache in {folder}: cannot read it ({err.strerror or err})",
            PricingWarning,
            stacklevel=2,
        )
        return None
    except CorruptCache as err:
        warnings.warn(
            f"ignoring the corrupt price cache in {folder}: {err}; "
            "it will be rebuilt on the next live refresh",
            PricingWarning,
            stacklevel=2,
        )
        return None
