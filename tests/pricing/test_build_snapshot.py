"""The snapshot builder, run on the real source files in ../shared/data/aws."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from pricing import build_snapshot, schema

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "aws"
REPO_DATA = Path(__file__).resolve().parents[2] / "data"

pytestmark = pytest.mark.skipif(
    not SHARED.is_dir() and os.environ.get("CI") != "true",
    reason="../shared/data/aws is not beside this checkout (CI always has it)",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("snapshot")
    build_snapshot.build(SHARED, out)
    return out


def test_build_reproduces_the_committed_snapshot(built: Path) -> None:
    for name in (schema.INSTANCE_TYPES_FILE, schema.EC2_PRICES_FILE, schema.SERVICE_RATES_FILE):
        assert (built / name).read_bytes() == (REPO_DATA / name).read_bytes(), name


def test_manifest_lists_every_source_with_hash_date_and_rows(built: Path) -> None:
    manifest = json.loads((built / schema.MANIFEST_FILE).read_text())
    assert manifest["schema_version"] == schema.SCHEMA_VERSION
    files = {s["file"]: s for s in manifest["sources"]}
    assert set(files) >= {f.name for f in build_snapshot.SOURCE_FILES}
    for source in files.values():
        assert len(source["sha256"]) == 64
        assert source["rows"] > 0
        assert source["data_date"]
    assert {o["file"] for o in manifest["outputs"]} == {
        schema.INSTANCE_TYPES_FILE,
        schema.EC2_PRICES_FILE,
        schema.SERVICE_RATES_FILE,
    }


def test_max_pods_match_eni_max_pods_txt(built: Path) -> None:
    """Cross-check: every type's max pods equals AWS's eni-max-pods.txt, and the ENI formula."""
    published = build_snapshot.read_eni_max_pods(SHARED / "eni-max-pods.txt")
    types = pd.read_csv(built / schema.INSTANCE_TYPES_FILE)
    checked = 0
    for row in types.itertuples():
        if row.instance_type in published:
            assert row.max_pods == published[row.instance_type], row.instance_type
            checked += 1
    assert checked > 1300
    formula = types.apply(lambda r: build_snapshot.eni_max_pods(r.max_enis, r.ipv4_per_eni), axis=1)
    agree = (formula == types["max_pods"]).mean()
    assert agree > 0.95  # the few exceptions are types AWS lists with a lower published cap


@pytest.mark.parametrize(
    ("instance_type", "max_pods"),
    [("m5.large", 29), ("m5.xlarge", 58), ("c5.18xlarge", 737), ("t3.medium", 17), ("m6g.large", 29)],
    ids=["m5.large", "m5.xlarge", "c5.18xlarge", "t3.medium", "m6g.large"],
)
def test_common_max_pods_equal_aws_published_values(built: Path, instance_type: str, max_pods: int) -> None:
    types = pd.read_csv(built / schema.INSTANCE_TYPES_FILE).set_index("instance_type")
    assert types.loc[instance_type, "max_pods"] == max_pods


def test_prefix_delegation_caps_at_110_below_30_vcpu_and_250_above() -> None:
    assert build_snapshot.prefix_delegation_max_pods(3, 10, 2, nitro=True) == 110
    assert build_snapshot.prefix_delegation_max_pods(15, 50, 72, nitro=True) == 250
    assert build_snapshot.prefix_delegation_max_pods(1, 2, 1, nitro=True) == 18
    assert build_snapshot.prefix_delegation_max_pods(3, 10, 2, nitro=False) == 29


def test_zero_and_family_rows_are_left_out(built: Path) -> None:
    prices = pd.read_csv(built / schema.EC2_PRICES_FILE)
    assert (prices["usd_per_hour"] > 0).all()
    assert not prices["instance_type"].isin(["c5", "m5", "c3"]).any()
    assert ((prices["instance_type"] == "a1.metal") & (prices["region"] == "eu-west-1")).sum() == 0


def test_missing_source_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(build_snapshot.SnapshotBuildError, match="missing source files"):
        build_snapshot.build(tmp_path, tmp_path / "out")


def test_cli_exits_2_on_bad_source_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_snapshot.main(["--from", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "missing source files" in capsys.readouterr().err


def test_devices_generation_and_eks_allocatable_come_from_the_karpenter_specs(built: Path) -> None:
    types = pd.read_csv(built / schema.INSTANCE_TYPES_FILE, keep_default_na=False).set_index("instance_type")
    assert types.loc["g4dn.2xlarge", "gpu_manufacturer"] == "nvidia"
    assert types.loc["g4ad.2xlarge", "gpu_manufacturer"] == "amd"
    assert (types.loc["inf2.xlarge", "accelerator"], types.loc["inf2.xlarge", "accelerator_count"]) == (
        "inferentia2",
        1,
    )
    assert not types.loc["m1.small", "current_generation"]
    assert types.loc["m5.large", "current_generation"]
    # c6a.2xlarge: 16,384 MiB installed, 14,162 MiB allocatable on AL2023 (issue #12).
    assert (
        types.loc["c6a.2xlarge", "eks_allocatable_vcpu"],
        types.loc["c6a.2xlarge", "eks_allocatable_memory_mib"],
    ) == (
        7.91,
        14162.0,
    )


def test_us_east_1_prices_every_karpenter_type_with_specs(built: Path) -> None:
    prices = pd.read_csv(built / schema.EC2_PRICES_FILE)
    ondemand = prices[(prices["region"] == "us-east-1") & (prices["purchase"] == "on-demand")]
    assert len(ondemand) >= 1300
    assert {"m8i.large", "c8i.large", "r8i.large", "m8a.large", "i7i.large"} <= set(ondemand["instance_type"])
    assert (ondemand["as_of"] == "2026-07-20").all()


def test_spot_rows_carry_feed_source_date_and_band(built: Path) -> None:
    prices = pd.read_csv(built / schema.EC2_PRICES_FILE, dtype=str, keep_default_na=False)
    spot = prices[prices["purchase"] == "spot"]
    assert len(spot) > 10_000
    assert (spot["as_of"] == "2025-06-28").all()
    assert (spot["confidence"] == "medium").all()
    assert spot["interruption_band"].isin(["<5%", "5-10%", "10-15%", "15-20%", ">20%"]).all()
    assert (prices.loc[prices["purchase"] == "on-demand", "interruption_band"] == "").all()


def test_eks_control_plane_is_in_every_commercial_region_and_cites_aws(built: Path) -> None:
    rates = pd.read_csv(built / schema.SERVICE_RATES_FILE)
    regions = set(pd.read_csv(built / schema.EC2_PRICES_FILE)["region"])
    commercial = {r for r in regions if not r.startswith("us-gov-")}
    eks = rates[rates["key"] == "eks_cluster_standard_support"]
    assert set(eks["region"]) == commercial
    assert (eks["usd"] == 0.10).all()
    assert eks["source"].str.contains("https://aws.amazon.com/eks/pricing/", regex=False).all()
    surcharge = rates[rates["key"] == "eks_cluster_extended_support_surcharge"]
    assert set(surcharge["region"]) == commercial
    assert (surcharge["usd"] == 0.50).all()
