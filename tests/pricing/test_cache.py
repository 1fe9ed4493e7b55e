"""The live-price cache: snapshot format on disk, TTL, atomic writes, corrupt caches ignored."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from pricing import cache, schema
from pricing.cache import DEFAULT_TTL, cache_dir, read_cache, write_cache
from pricing.normalize import PricingWarning
from pricing.snapshot import snapshot_tables

FETCHED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("ECS_ADVISOR_CACHE_DIR", str(root))
    return root


def region_tables(region: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A real slice of the snapshot, in the snapshot schema, standing in for live tables."""
    tables = snapshot_tables()
    ec2 = tables.ec2_prices[tables.ec2_prices["region"] == region].reset_index(drop=True)
    rates = tables.service_rates[tables.service_rates["region"] == region].reset_index(drop=True)
    types = tables.instance_types[tables.instance_types["instance_type"].isin(ec2["instance_type"])]
    return types.reset_index(drop=True), ec2, rates


def write(region: str = "us-east-1", fetched_at: datetime = FETCHED) -> Path:
    return write_cache(
        region, *region_tables(region), fetched_at=fetched_at, detail="no live Spot prices (test)"
    )


def test_cache_lives_under_the_env_dir_per_region(cache_root: Path) -> None:
    assert cache_dir("eu-west-1") == cache_root / "eu-west-1"


def test_default_cache_dir_is_under_the_home_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ECS_ADVISOR_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir("us-east-1") == tmp_path / ".cache" / "ecs-advisor" / "us-east-1"


def test_round_trip_keeps_every_column_and_value() -> None:
    folder = write()
    cached = read_cache("us-east-1")

    assert cached is not None
    types, ec2, rates = region_tables("us-east-1")
    pd.testing.assert_frame_equal(cached.ec2_prices, ec2)
    pd.testing.assert_frame_equal(cached.service_rates, rates)
    pd.testing.assert_frame_equal(cached.instance_types, types)
    assert (cached.fetched_at, cached.detail, cached.path) == (FETCHED, "no live Spot prices (test)", folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [schema.INSTANCE_TYPES_FILE, schema.EC2_PRICES_FILE, schema.SERVICE_RATES_FILE, schema.MANIFEST_FILE]
    )


def test_manifest_records_schema_version_time_and_hashes() -> None:
    folder = write()
    manifest = json.loads((folder / schema.MANIFEST_FILE).read_text())
    assert manifest["schema_version"] == schema.SCHEMA_VERSION
    assert manifest["fetched_at"] == "2026-11-23T09:00:00+00:00"
    assert {o["file"] for o in manifest["outputs"]} == {
        schema.INSTANCE_TYPES_FILE,
        schema.EC2_PRICES_FILE,
        schema.SERVICE_RATES_FILE,
    }


@pytest.mark.parametrize(
    ("age", "fresh"),
    [
        pytest.param(timedelta(hours=1), True, id="1h"),
        pytest.param(timedelta(hours=23, minutes=59), True, id="just-under-24h"),
        pytest.param(timedelta(hours=24), False, id="24h"),
        pytest.param(timedelta(days=3), False, id="3d"),
    ],
)
def test_ttl_defaults_to_24_hours(age: timedelta, fresh: bool) -> None:
    write()
    cached = read_cache("us-east-1")
    assert cached is not None
    assert DEFAULT_TTL.total_seconds() == 24 * 60 * 60
    assert cached.is_fresh(FETCHED + age) is fresh


def test_a_shorter_ttl_makes_the_cache_stale_sooner() -> None:
    write()
    cached = read_cache("us-east-1")
    assert cached is not None
    assert not cached.is_fresh(FETCHED + timedelta(hours=2), ttl=timedelta(hours=1))


def test_a_missing_cache_is_none_without_a_warning(recwarn: pytest.WarningsRecorder) -> None:
    assert read_cache("eu-west-1") is None
    assert not recwarn.list


def test_writes_leave_no_temporary_files_and_replace_old_ones() -> None:
    write(fetched_at=FETCHED)
    folder = write(fetched_at=FETCHED + timedelta(hours=5))
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]
    cached = read_cache("us-east-1")
    assert cached is not None
    assert cached.fetched_at == FETCHED + timedelta(hours=5)


def test_a_failed_write_leaves_the_previous_file_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write()
    before = (folder / schema.EC2_PRICES_FILE).read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write(fetched_at=FETCHED + timedelta(hours=1))

    assert (folder / schema.INSTANCE_TYPES_FILE).exists()
    assert (folder / schema.EC2_PRICES_FILE).read_bytes() == before
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(cache.os, "fsync", os.fsync)
    cached = read_cache("us-east-1")
    assert cached is not None
    assert cached.fetched_at == FETCHED  # the old manifest still matches the old files


def corrupt_manifest(folder: Path) -> None:
    (folder / schema.MANIFEST_FILE).write_text("{not json")


def truncate_prices(folder: Path) -> None:
    path = folder / schema.EC2_PRICES_FILE
    path.write_bytes(path.read_bytes()[:200])  # an interrupted write: the hash no longer matches


def drop_manifest(folder: Path) -> None:
    (folder / schema.MANIFEST_FILE).unlink()


def old_schema(folder: Path) -> None:
    manifest = json.loads((folder / schema.MANIFEST_FILE).read_text())
    (folder / schema.MANIFEST_FILE).write_text(json.dumps({**manifest, "schema_version": 0}))


def wrong_columns(folder: Path) -> None:
    path = folder / schema.SERVICE_RATES_FILE
    path.write_text("region,usd\nus-east-1,0.04048\n")
    manifest = json.loads((folder / schema.MANIFEST_FILE).read_text())
    for output in manifest["outputs"]:
        if output["file"] == schema.SERVICE_RATES_FILE:
            output["sha256"] = cache._sha256(path)
    (folder / schema.MANIFEST_FILE).write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(corrupt_manifest, "manifest unreadable", id="manifest-not-json"),
        pytest.param(truncate_prices, "does not match the manifest", id="partial-csv"),
        pytest.param(drop_manifest, "manifest missing", id="manifest-missing"),
        pytest.param(old_schema, "schema version", id="old-schema"),
        pytest.param(wrong_columns, "columns do not match", id="wrong-columns"),
    ],
)
def test_a_corrupt_cache_is_ignored_with_a_warning(damage: object, message: str) -> None:
    folder = write()
    damage(folder)  # type: ignore[operator]

    with pytest.warns(PricingWarning, match=message):
        assert read_cache("us-east-1") is None


def test_a_corrupt_cache_is_rebuilt_by_the_next_write() -> None:
    truncate_prices(write())
    with pytest.warns(PricingWarning):
        assert read_cache("us-east-1") is None
    write(fetched_at=FETCHED + timedelta(hours=1))
    cached = read_cache("us-east-1")
    assert cached is not None
    assert cached.fetched_at == FETCHED + timedelta(hours=1)


def _tamper(region: str, file: str, column: str, value: object) -> None:
    """A consistent tampered cache: the CSV changed and the manifest's sha256 updated to match."""
    folder = cache_dir(region)
    path = folder / file
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, column] = str(value)
    data = frame.to_csv(index=False, lineterminator="\n").encode()
    path.write_bytes(data)
    manifest = json.loads((folder / schema.MANIFEST_FILE).read_text())
    for output in manifest["outputs"]:
        if output["file"] == file:
            output["sha256"] = hashlib.sha256(data).hexdigest()
    (folder / schema.MANIFEST_FILE).write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("file", "column", "value", "message"),
    [
        (
            schema.EC2_PRICES_FILE,
            "usd_per_hour",
            "-50",
            "usd_per_hour has prices that are not positive finite",
        ),
        (
            schema.EC2_PRICES_FILE,
            "usd_per_hour",
            "nan",
            "usd_per_hour has prices that are not positive finite",
        ),
        (schema.SERVICE_RATES_FILE, "usd", "inf", "usd has prices that are not positive finite"),
        (schema.SERVICE_RATES_FILE, "as_of", "9999-01-01", "as_of dates in the future"),
    ],
    ids=["negative", "nan", "inf", "future-as-of"],
)
def test_issue_15_a_consistent_but_tampered_cache_is_ignored(
    file: str, column: str, value: str, message: str
) -> None:
    write()
    _tamper("us-east-1", file, column, value)
    with pytest.warns(PricingWarning, match=message):
        assert read_cache("us-east-1") is None


def test_issue_15_a_cache_fetched_in_the_future_is_ignored() -> None:
    write(fetched_at=datetime(9999, 1, 1, tzinfo=UTC))
    with pytest.warns(PricingWarning, match="fetched_at 9999-01-01T00:00:00\\+00:00 is in the future"):
        assert read_cache("us-east-1") is None


def test_issue_15_an_unreadable_cache_folder_warns_and_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    write()

    def denied(self: Path) -> bool:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "exists", denied)
    with pytest.warns(PricingWarning, match="cannot read it \\(Permission denied\\)"):
        assert read_cache("us-east-1") is None


def test_issue_15_a_writer_waits_for_the_lock_of_another_writer() -> None:
    folder = write()
    done = threading.Event()

    def refresh() -> None:
        write(fetched_at=FETCHED + timedelta(hours=1))
        done.set()

    with cache._locked(folder, exclusive=True):
        writer = threading.Thread(target=refresh)
        writer.start()
        assert not done.wait(timeout=0.5)  # blocked while the other refresh holds the lock
    writer.join(timeout=30)
    assert done.is_set()
    cached_prices = read_cache("us-east-1")
    assert cached_prices is not None
    assert cached_prices.fetched_at == FETCHED + timedelta(hours=1)


def test_issue_15_a_deeply_nested_manifest_is_a_corrupt_cache_not_a_recursion_error() -> None:
    folder = write()
    (folder / schema.MANIFEST_FILE).write_text("[" * 100_000 + "]" * 100_000)
    with pytest.warns(PricingWarning, match="nested deeper than 64 levels"):
        assert read_cache("us-east-1") is None
