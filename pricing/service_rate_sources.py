"""Service rates of the snapshot (Fargate, EKS, add-ons): which source wins where.

Three inputs, each row with a source a reader can open and a date:
- `pricing/published_rates.csv`: region-specific rates found in public sources (Fargate,
  ALB, NAT gateway, EBS gp3, logs, …), one citation per row;
- `pricing/global_rates.csv`: rates AWS publishes as one figure for every commercial region
  (EKS control plane, public IPv4), written out for each commercial region of the catalog;
- shared/data/aws `fargate_eks_prices_snapshot.csv`: the compiled Fargate/EKS facts.
A region-specific published row wins over a global one, which wins over the compiled file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pricing import schema

HERE = Path(__file__).resolve().parent
PUBLISHED_RATES_FILE = HERE / "published_rates.csv"
GLOBAL_RATES_FILE = HERE / "global_rates.csv"
COMPILED_FILE = "fargate_eks_prices_snapshot.csv"

NON_COMMERCIAL_PREFIXES = ("us-gov-", "cn-", "us-iso")
"""AWS GovCloud, China and isolated regions: separate partitions with their own price lists."""

COMPILED_SOURCES = {
    "S1": "AWS Price List Bulk API as quoted in a public design note (read 2026-09-09)",
    "S2": "Vantage, AWS Fargate Pricing Explained (https://www.vantage.sh/blog/fargate-pricing)",
    "S3": "captured pricing:GetProducts AmazonECS us-east-1 response (publicationDate 2022-11-21)",
    "S4": "aws pricing get-products AmazonECS us-east-2, public repository note",
    "S5": "infracost golden test output, us-west-2",
    "S6": "public repository note listing eu-west-1 Fargate SKUs",
    "S7": "public repository rate table EUC1-Fargate-*, effective 2026-07-07",
    "S8": "public repository note, eu-west-2 EUW2-Fargate-*",
    "S9": "public repository test fixture, ap-northeast-1 APN1-Fargate-*",
    "S10": "github apoloferreira/basecode doc/custo02.md (sa-east-1, undated)",
    "S11": "AWS Containers blog, Amazon EKS extended support for Kubernetes versions pricing",
}


class ServiceRateError(ValueError):
    """A service-rate source failed validation; the message names the file and the problem."""


def commercial(regions: Iterable[str]) -> list[str]:
    """The regions of the commercial AWS partition, sorted."""
    return sorted(r for r in regions if not r.startswith(NON_COMMERCIAL_PREFIXES))


def _describe_sources(ids: str) -> str:
    return "; ".join(f"{i} {COMPILED_SOURCES[i]}" for i in ids.split(";"))


def compiled_rates(source_dir: Path) -> pd.DataFrame:
    """The compiled Fargate/EKS facts in the snapshot's service-rate columns."""
    raw = pd.read_csv(source_dir / COMPILED_FILE, dtype=str)
    unknown = {i for ids in raw["source_id"] for i in ids.split(";")} - set(COMPILED_SOURCES)
    if unknown:
        raise ServiceRateError(f"{COMPILED_FILE}: unknown sources {sorted(unknown)}")
    return pd.DataFrame(
        {
            "region": raw["region"],
            "service_code": raw["service_code"],
            "key": raw["dimension"],
            "usage_type": raw["usagetype_suffix"],
            "usd": raw["usd"].astype(float),
            "unit": raw["unit"],
            "confidence": raw["confidence"],
            "source": [_describe_sources(ids) for ids in raw["source_id"]],
            "as_of": raw["observed"],
        }
    )


def global_rates(path: Path, regions: Iterable[str]) -> pd.DataFrame:
    """Each global rate written out once per commercial region."""
    table = pd.read_csv(path, dtype={"usd": float}, keep_default_na=False)
    frames = [table.assign(region=region) for region in commercial(regions)]
    if not frames:
        return pd.DataFrame(columns=list(schema.SERVICE_RATE_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(schema.SERVICE_RATE_COLUMNS)]


def build_service_rates(
    source_dir: Path,
    regions: Iterable[str],
    published: Path = PUBLISHED_RATES_FILE,
    global_file: Path = GLOBAL_RATES_FILE,
) -> pd.DataFrame:
    """One rate per (region, key): published region rows, then global rows, then compiled facts."""
    curated = schema.read_table(str(published), schema.SERVICE_RATE_COLUMNS)
    duplicated = curated.duplicated(["region", "key"])
    if duplicated.any():
        raise ServiceRateError(
            f"{published.name}: duplicate rates {curated.loc[duplicated, ['region', 'key']].values.tolist()}"
        )
    ranked = pd.concat(
        [curated, global_rates(global_file, regions), compiled_rates(source_dir)], ignore_index=True
    )
    frame = ranked.drop_duplicates(["region", "key"], keep="first")
    frame = frame.sort_values(["region", "key"], ignore_index=True)
    return frame.astype(schema.SERVICE_RATE_COLUMNS)
