"""`python -m advisor prices`: columns, formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from advisor.cli import main


def test_ec2_csv_has_the_contract_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "ec2", "--region", "us-east-1", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {
        "instance_type",
        "vcpu",
        "memory_gib",
        "arch",
        "max_enis",
        "max_pods",
        "ondemand_usd_per_hour",
        "source",
        "as_of",
        "confidence",
    } <= set(rows[0])
    m5 = next(r for r in rows if r["instance_type"] == "m5.large")
    assert (m5["ondemand_usd_per_hour"], m5["max_pods"], m5["confidence"]) == ("0.096", "29", "high")


def test_fargate_json_carries_source_and_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "fargate", "--region", "us-east-1", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["pricing"]["region"] == "us-east-1"
    assert "snapshot" in payload["pricing"]["source"]
    vcpu = next(r for r in payload["rows"] if r["key"] == "fargate_linux_x86_vcpu")
    assert (vcpu["usd"], vcpu["unit"], vcpu["as_of"]) == (0.04048, "vCPU-hour", "2025-10-27")


def test_table_starts_with_the_source_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "eks", "--region", "us-east-1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Prices: embedded snapshot")
    assert any("eks_cluster_standard_support" in line and "0.1" in line for line in out)


def test_unknown_region_exits_2_with_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "ec2", "--region", "eu-wset-1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown region 'eu-wset-1'" in err
    assert "eu-west-1" in err


def test_region_without_platform_prices_says_not_in_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "eks", "--region", "us-gov-west-1"]) == 1
    assert "not in snapshot" in capsys.readouterr().err


def test_module_entry_point_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "prices" in result.stdout


def test_coverage_lists_every_region_with_dates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "coverage", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("region,ec2_on_demand,ec2_spot,fargate_x86")
    rows = {line.split(",")[0]: line for line in lines[1:]}
    assert len(rows) >= 30
    assert rows["us-east-1"].startswith("us-east-1,2026-07-20,2025-06-28,")
    assert "—" in rows["us-gov-west-1"]


def test_other_views_need_a_region(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "ec2"]) == 2
    assert "--region is required" in capsys.readouterr().err


def test_price_line_names_the_region_and_its_own_dates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "ec2", "--region", "us-east-1"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    # EKS 2024-04-01 (AWS's one global rate) to the EKS Auto Mode fees of 2026-09-28; not
    # eu-west-1's 2022-03-07 ALB rate
    assert first.endswith("as of 2024-04-01 to 2026-09-28, region us-east-1")


def test_fees_list_both_managed_platforms_labelled_assumption_offline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["prices", "fees", "--region", "us-east-1", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [
        "platform",
        "instance_type",
        "ondemand_usd_per_hour",
        "fee_usd_per_hour",
        "fee_pct_of_ondemand",
        "basis",
        "usage_type",
        "source",
        "as_of",
        "confidence",
    ]
    m5 = {r["platform"]: r for r in rows if r["instance_type"] == "m5.large"}
    assert set(m5) == {"ecs-managed-instances", "eks-auto-mode"}
    for fee in m5.values():  # 12 % of $0.096
        assert (fee["ondemand_usd_per_hour"], fee["fee_usd_per_hour"], fee["fee_pct_of_ondemand"]) == (
            "0.096",
            "0.01152",
            "12",
        )
        assert (fee["basis"], fee["as_of"]) == ("assumption", "2026-07-20")


def test_fees_json_and_table_carry_the_source_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "fees", "--region", "us-east-1", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert "snapshot" in payload["pricing"]["source"]
    basis = {(r["platform"], r["instance_type"]): r["basis"] for r in payload["rows"]}
    assert (basis["eks-auto-mode", "m7i.large"], basis["ecs-managed-instances", "m7i.large"]) == (
        "price",
        "assumption",
    )
    assert main(["prices", "fees", "--region", "us-east-1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Prices: embedded snapshot")
    assert any(line.startswith("eks-auto-mode") and " m5.large " in line for line in out)


def test_fees_for_windows_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "fees", "--region", "us-east-1", "--os", "windows"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Linux only" in err


def test_fees_list_the_published_auto_mode_fees_as_prices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prices", "fees", "--region", "ap-southeast-5", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    fees = {(r["platform"], r["instance_type"]): r for r in rows}
    auto = fees["eks-auto-mode", "m7i.large"]  # $0.01285 against $0.1071 on-demand
    assert (auto["fee_usd_per_hour"], auto["fee_pct_of_ondemand"], auto["basis"], auto["as_of"]) == (
        "0.01285",
        "12",
        "price",
        "2026-09-28",
    )
    assert auto["usage_type"] == "APS7-EKS-Auto:m7i.large-management-hours"
    assert fees["ecs-managed-instances", "m7i.large"]["basis"] == "assumption"
