"""`python -m advisor discover` against moto: workload file, summary with p95, exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
import pytest
import yaml
from moto import mock_aws

from advisor.cli import main
from advisor.model.workload_file import parse_workload_text

TASKDEFS = Path(__file__).resolve().parents[2] / "fixtures" / "taskdefs"


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def account(aws_env: None) -> Iterator[None]:
    """One Fargate service with a day of hourly CPU/memory data (CPU 20..66 %, memory 50 %)."""
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        ecs = session.client("ecs")
        ecs.create_cluster(clusterName="prod")
        checkout = json.loads((TASKDEFS / "describe_checkout.json").read_text())["taskDefinition"]
        keys = ("family", "containerDefinitions", "networkMode", "requiresCompatibilities", "cpu", "memory")
        arn = ecs.register_task_definition(**{k: checkout[k] for k in keys})["taskDefinition"][
            "taskDefinitionArn"
        ]
        ecs.create_service(
            cluster="prod", serviceName="checkout", taskDefinition=arn, desiredCount=4, launchType="FARGATE"
        )
        now = datetime.now(UTC)
        dimensions = [{"Name": "ClusterName", "Value": "prod"}, {"Name": "ServiceName", "Value": "checkout"}]
        data = [
            {
                "MetricName": metric,
                "Dimensions": dimensions,
                "Timestamp": now - timedelta(hours=i + 1),
                "Value": value,
            }
            for i in range(24)
            for metric, value in (("CPUUtilization", 20.0 + 2 * i), ("MemoryUtilization", 50.0))
        ]
        session.client("cloudwatch").put_metric_data(Namespace="AWS/ECS", MetricData=data)
        yield


def test_discover_writes_a_workload_and_prints_p95(
    account: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "discovered.yaml"
    assert main(["discover", "--region", "us-east-1", "-o", str(out_file), "--no-cost"]) == 0
    err = capsys.readouterr().err
    assert "CloudWatch AWS/ECS us-east-1" in err
    header, _rule, row = err.splitlines()[1:4]
    assert header.split() == [
        "service", "cluster", "launch_type", "desired", "running", "vcpu", "memory_gb",
        "cpu_avg_pct", "cpu_p95_pct", "mem_avg_pct", "mem_p95_pct",
    ]  # fmt: skip
    assert row.split() == ["checkout", "prod", "FARGATE", "4", "0", "0.5", "1", "43", "64", "50", "50"]
    text = out_file.read_text()
    assert (
        "# checkout: FARGATE, desired 4, running 0; CPU avg 43.0% p95 64.0%; memory avg 50.0% p95 50.0%"
        in text
    )
    (service,) = parse_workload_text(text).services
    assert (service.name, service.bands[0].tasks, service.cpu_util, service.mem_util) == (
        "checkout",
        4,
        0.43,
        0.5,
    )
    assert "p95" not in json.dumps(yaml.safe_load(text))  # p95 stays in comments and the summary


def test_discover_compares_today_with_the_recommendation(
    account: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["discover", "--region", "us-east-1"]) == 0
    captured = capsys.readouterr()
    assert parse_workload_text(captured.out).services[0].name == "checkout"
    assert "today: ecs-fargate/on-demand ≈ $" in captured.err
    assert "recommended: " in captured.err


def test_empty_account_exits_1(aws_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    with mock_aws():
        assert main(["discover", "--region", "eu-west-1"]) == 1
    assert capsys.readouterr().err.strip() == "no ECS services found in eu-west-1"


def test_missing_credentials_is_one_line_and_exit_2(
    aws_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    assert main(["discover", "--region", "us-east-1"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("error: no AWS credentials found")


def test_unknown_profile_is_exit_2(aws_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", "--profile", "ghost", "--region", "us-east-1"]) == 2
    assert capsys.readouterr().err == "error: AWS profile 'ghost' not found in ~/.aws/config or credentials\n"


@pytest.mark.parametrize("days", ["0", "456", "1000000000"])
def test_issue_15_days_beyond_cloudwatch_retention_is_one_line_before_any_call(
    capsys: pytest.CaptureFixture[str], days: str
) -> None:
    assert main(["discover", "--days", days]) == 2  # no region, no credentials: not reached
    assert capsys.readouterr().err == f"error: --days must be 1 to 455 (CloudWatch's retention), got {days}\n"
