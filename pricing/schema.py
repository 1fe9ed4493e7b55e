"""Column names and dtypes of the snapshot files, shared by every source that writes them.

The embedded snapshot, the live-refresh disk cache and the bulk offer-file loader all write
these exact columns, so one reader turns any of them into a `PriceCatalog`.
"""

from __future__ import annotations

import pandas as pd

SCHEMA_VERSION = 3

INSTANCE_TYPES_FILE = "ec2_instance_types.csv"
EC2_PRICES_FILE = "ec2_prices.csv"
SERVICE_RATES_FILE = "service_rates.csv"
MANIFEST_FILE = "manifest.json"

INSTANCE_TYPE_COLUMNS: dict[str, str] = {
    "instance_type": "str",
    "family": "str",
    "generation": "int64",
    "vcpu": "int64",
    "memory_gib": "float64",
    "arch": "str",
    "burstable": "bool",
    "baseline_cpu_fraction": "float64",
    "gpu_count": "int64",
    "max_enis": "int64",
    "ipv4_per_eni": "int64",
    "trunking": "str",
    "branch_enis": "Int64",
    "max_pods": "int64",
    "max_pods_prefix": "int64",
    "bare_metal": "bool",
    "nitro": "bool",
    "gpu_manufacturer": "str",
    "accelerator": "str",
    "accelerator_count": "int64",
    "current_generation": "bool",
    "eks_allocatable_vcpu": "float64",
    "eks_allocatable_memory_mib": "float64",
    "source": "str",
    "as_of": "str",
}

EC2_PRICE_COLUMNS: dict[str, str] = {
    "instance_type": "str",
    "region": "str",
    "os": "str",
    "purchase": "str",
    "usd_per_hour": "float64",
    "usage_type": "str",
    "confidence": "str",
    "source": "str",
    "as_of": "str",
    "interruption_band": "str",
}
"""`interruption_band` is AWS's Spot interruption-frequency band of a `spot` row ('<5%' …
'>20%', from the Spot Instance Advisor feed); empty on other rows and on live Spot prices."""

SERVICE_RATE_COLUMNS: dict[str, str] = {
    "region": "str",
    "service_code": "str",
    "key": "str",
    "usage_type": "str",
    "usd": "float64",
    "unit": "str",
    "confidence": "str",
    "source": "str",
    "as_of": "str",
}


class SchemaError(ValueError):
    """A snapshot or cache file whose columns are not the ones this version reads."""


def check_columns(frame: pd.DataFrame, columns: dict[str, str], name: str) -> None:
    """Raise SchemaError unless `frame` has exactly `columns`, in order."""
    if list(frame.columns) != list(columns):
        missing = [c for c in columns if c not in frame.columns]
        extra = [c for c in frame.columns if c not in columns]
        raise SchemaError(
            f"{name}: columns do not match schema v{SCHEMA_VERSION} "
            f"(missing {missing or 'none'}, unexpected {extra or 'none'})"
        )


def read_table(path: str, columns: dict[str, str]) -> pd.DataFrame:
    """Read one snapshot-format CSV with its declared dtypes and check its columns."""
    header = pd.read_csv(path, nrows=0)
    check_columns(header, columns, path)
    return pd.read_csv(path, dtype=columns, keep_default_na=True)
