"""Live discovery against moto (ECS, CloudWatch, EC2): clusters → services → workload file.

No network: moto's `mock_aws` for the end-to-end path, botocore `Stubber` for pagination and
error translation on real clients with dummy credentials.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from advisor.importers.document import workload_document
from advisor.model.workload import Arch, NetworkMode, Platform, Purchase
from advisor.model.workload_file import workload_from_dict
from discovery.account import (
    MINIMAL_IAM_ACTIONS,
    RETRY_CONFIG,
    DiscoveredService,
    DiscoveryError,
    Utilization,
    current_option,
    discover,
    make_session,
    metric_period_seconds,
    service_metrics,
)

TASKDEFS = Path(__file__).resolve().parents[1] / "fixtures" / "taskdefs"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
REGION = "us-east-1"


def load_taskdef(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TASKDEFS / name).read_text())
    return data


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Dummy credentials only; no shared config, no instance metadata lookups."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)


def _register(ecs: Any, name: str) -> str:
    data = load_taskdef(name)
    response = ecs.register_task_definition(**data)
    return str(response["taskDefinition"]["taskDefinitionArn"])


def _put_metrics(cloudwatch: Any, cluster: str, service: str, metric: str, values: list[float]) -> None:
    """One value per hour, going back from NOW (inside the 14-day window)."""
    data = [
        {
            "MetricName": metric,
            "Dimensions": [
                {"Name": "ClusterName", "Value": cluster},
                {"Name": "ServiceName", "Value": service},
            ],
            "Timestamp": NOW - timedelta(hours=i + 1),
            "Value": value,
            "Unit": "Percent",
        }
        for i, value in enumerate(values)
    ]
    cloudwatch.put_metric_data(Namespace="AWS/ECS", MetricData=data)


@pytest.fixture
def account(aws_env: None) -> Iterator[boto3.Session]:
    """Two clusters: prod (a Fargate web service, an EC2 bridge service, an idle worker) and
    staging (another service called web)."""
    with mock_aws():
        session = boto3.Session(region_name=REGION)
        ecs = session.client("ecs")
        cloudwatch = session.client("cloudwatch")
        ec2 = session.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
        group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
        network = {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group]}}
        for cluster in ("prod", "staging"):
            ecs.create_cluster(clusterName=cluster)
        web = _register(ecs, "fargate_web.json")
        api = _register(ecs, "ec2_bridge.json")
        ecs.create_service(
            cluster="prod",
            serviceName="web",
            taskDefinition=web,
            desiredCount=3,
            launchType="FARGATE",
            networkConfiguration=network,
        )
        ecs.create_service(
            cluster="prod", serviceName="api", taskDefinition=api, desiredCount=2, launchType="EC2"
        )
        ecs.create_service(
            cluster="staging",
            serviceName="web",
            taskDefinition=web,
            desiredCount=1,
            launchType="FARGATE",
            networkConfiguration=network,
        )
        # 20 hourly points: CPU 10..48 % (avg 29, p95 46), memory flat 60 %.
        _put_metrics(cloudwatch, "prod", "web", "CPUUtilization", [10.0 + 2 * i for i in range(20)])
        _put_metrics(cloudwatch, "prod", "web", "MemoryUtilization", [60.0] * 20)
        # The EC2 service bursts above its CPU reservation (no task-level cpu): 150 %.
        _put_metrics(cloudwatch, "prod", "api", "CPUUtilization", [150.0] * 5)
        _put_metrics(cloudwatch, "prod", "api", "MemoryUtilization", [35.5] * 5)
        yield session


def _by_name(services: tuple[DiscoveredService, ...]) -> dict[str, DiscoveredService]:
    return {found.service.name: found for found in services}


def test_discovery_end_to_end_builds_a_workload_the_estimator_accepts(account: boto3.Session) -> None:
    discovery = discover(account, now=NOW)
    assert discovery.region == REGION
    assert (discovery.start, discovery.end, discovery.period_seconds) == (NOW - timedelta(days=14), NOW, 300)
    found = _by_name(discovery.services)
    # "web" runs in two clusters, so both carry their cluster; "api" is unique.
    assert set(found) == {"prod/web", "staging/web", "api"}

    web = found["prod/web"]
    assert (web.cluster, web.service_name, web.launch_type, web.desired_count) == (
        "prod",
        "web",
        "FARGATE",
        3,
    )
    assert web.cpu == Utilization(average_pct=29.0, p95_pct=46.0, datapoints=20)
    assert web.memory == Utilization(average_pct=60.0, p95_pct=60.0, datapoints=20)
    service = web.service
    assert (service.vcpu, service.memory_gib, service.arch, service.storage_gb) == (1.0, 2.0, Arch.ARM64, 30)
    assert service.bands[0].tasks == 3
    assert (service.cpu_util, service.mem_util) == (0.29, 0.6)

    api = found["api"]
    assert api.service.network_mode is NetworkMode.BRIDGE
    assert api.service.cpu_util == 1.0
    assert "capped at 1" in " ".join(api.notes)
    assert api.service.mem_util == 0.355

    staging = found["staging/web"]
    assert (staging.service.cpu_util, staging.service.mem_util) == (None, None)
    assert any("no CPUUtilization data" in note for note in staging.notes)

    document = workload_document(discovery.workload_services, discovery.region)
    workload = workload_from_dict(document)
    assert [s.name for s in workload.services] == [s.service.name for s in discovery.services]


def test_discovery_only_calls_the_documented_read_only_actions(account: boto3.Session) -> None:
    called: set[str] = set()

    def record(event_name: str, **_: Any) -> None:
        _, service, operation = event_name.split(".")
        called.add(f"{service}:{operation}")

    account.events.register("before-call.*.*", record)
    discover(account, now=NOW)
    assert called == set(MINIMAL_IAM_ACTIONS)


def test_readme_policy_lists_exactly_the_actions() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split("Minimal IAM policy for `discover`:", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    (statement,) = json.loads(block)["Statement"]
    assert statement["Effect"] == "Allow"
    assert sorted(statement["Action"]) == sorted(MINIMAL_IAM_ACTIONS)


def test_cluster_filter_limits_discovery(account: boto3.Session) -> None:
    discovery = discover(account, clusters=["staging"], now=NOW)
    assert [found.service.name for found in discovery.services] == ["web"]


def test_unknown_cluster_is_one_clear_error(account: boto3.Session) -> None:
    with pytest.raises(DiscoveryError, match="ClusterNotFoundException"):
        discover(account, clusters=["nope"], now=NOW)


def test_missing_credentials_is_one_clear_error(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(DiscoveryError, match=r"^no AWS credentials found .*pass --profile$"):
        discover(boto3.Session(region_name=REGION), now=NOW)


def test_unknown_profile_is_one_clear_error(aws_env: None) -> None:
    with pytest.raises(DiscoveryError, match="AWS profile 'ghost' not found"):
        make_session("ghost", REGION)


def test_no_region_is_one_clear_error(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(DiscoveryError, match="no AWS region: pass --region"):
        discover(boto3.Session(), now=NOW)


class _StubbedSession:
    """A session whose clients are real botocore clients under a Stubber (dummy credentials)."""

    region_name = REGION

    def __init__(self) -> None:
        self.clients = {
            name: boto3.client(
                name,
                region_name=REGION,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
                config=RETRY_CONFIG,
            )
            for name in ("ecs", "cloudwatch")
        }
        self.stubbers = {name: Stubber(client) for name, client in self.clients.items()}

    def client(self, name: str, config: Any = None) -> Any:
        return self.clients[name]


def test_access_denied_names_the_iam_action() -> None:
    session = _StubbedSession()
    stubber = session.stubbers["ecs"]
    stubber.add_client_error("list_clusters", "AccessDeniedException", "not authorized", 400)
    with stubber, pytest.raises(DiscoveryError, match=r"^AccessDeniedException: needs ecs:ListClusters"):
        discover(session, now=NOW)  # type: ignore[arg-type]
    stubber.assert_no_pending_responses()


def test_metric_pages_are_merged_by_query_id() -> None:
    session = _StubbedSession()
    cloudwatch = session.clients["cloudwatch"]
    stubber = session.stubbers["cloudwatch"]
    start, end = NOW - timedelta(days=1), NOW
    stamps = [NOW - timedelta(minutes=5 * i) for i in range(3)]
    stubber.add_response(
        "get_metric_data",
        {
            "MetricDataResults": [
                {"Id": "cpu0", "Values": [10.0, 20.0], "Timestamps": stamps[:2], "StatusCode": "PartialData"},
                {"Id": "mem0", "Values": [50.0], "Timestamps": stamps[:1], "StatusCode": "PartialData"},
            ],
            "NextToken": "page-2",
        },
    )
    stubber.add_response(
        "get_metric_data",
        {
            "MetricDataResults": [
                {"Id": "cpu0", "Values": [90.0], "Timestamps": stamps[2:], "StatusCode": "Complete"},
                {"Id": "mem0", "Values": [], "Timestamps": [], "StatusCode": "Complete"},
            ]
        },
        expected_params={
            "MetricDataQueries": [
                {
                    "Id": f"{prefix}0",
                    "MetricStat": {
                        "Metric": {
                            "Namespace": "AWS/ECS",
                            "MetricName": metric,
                            "Dimensions": [
                                {"Name": "ClusterName", "Value": "prod"},
                                {"Name": "ServiceName", "Value": "web"},
                            ],
                        },
                        "Period": 300,
                        "Stat": "Average",
                    },
                    "ReturnData": True,
                }
                for prefix, metric in (("cpu", "CPUUtilization"), ("mem", "MemoryUtilization"))
            ],
            "StartTime": start,
            "EndTime": end,
            "ScanBy": "TimestampAscending",
            "NextToken": "page-2",
        },
    )
    with stubber:
        metrics = service_metrics(cloudwatch, [("prod", "web")], start=start, end=end, period_seconds=300)
    stubber.assert_no_pending_responses()
    cpu, memory = metrics[("prod", "web")]
    assert cpu == Utilization(average_pct=40.0, p95_pct=90.0, datapoints=3)
    assert memory == Utilization(average_pct=50.0, p95_pct=50.0, datapoints=1)


@pytest.mark.parametrize(
    ("days", "period"),
    [
        pytest.param(14, 300, id="two-weeks-5-min"),
        pytest.param(63, 300, id="retention-edge"),
        pytest.param(90, 3600, id="hourly"),
    ],
)
def test_metric_period_follows_cloudwatch_retention(days: int, period: int) -> None:
    assert metric_period_seconds(days) == period


def _found(launch_type: str) -> DiscoveredService:
    return DiscoveredService(
        cluster="c",
        service_name="s",
        task_definition="td:1",
        launch_type=launch_type,
        desired_count=1,
        running_count=1,
        cpu=Utilization(None, None, 0),
        memory=Utilization(None, None, 0),
        service=None,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("launch_types", "option"),
    [
        pytest.param(["FARGATE", "FARGATE"], (Platform.ECS_FARGATE, Purchase.ON_DEMAND), id="fargate"),
        pytest.param(["FARGATE_SPOT"], (Platform.ECS_FARGATE, Purchase.SPOT), id="fargate-spot"),
        pytest.param(["EC2"], (Platform.ECS_EC2, Purchase.ON_DEMAND), id="ec2"),
        pytest.param(
            ["MANAGED_INSTANCES"],
            (Platform.ECS_MANAGED_INSTANCES, Purchase.ON_DEMAND),
            id="managed-instances",
        ),
        pytest.param(["FARGATE", "EC2"], None, id="mixed-services"),
        pytest.param(["FARGATE_SPOT,FARGATE"], None, id="mixed-providers"),
        pytest.param(["my-asg-provider"], None, id="asg-provider"),
    ],
)
def test_current_option_from_launch_types(launch_types: list[str], option: object) -> None:
    assert current_option([_found(t) for t in launch_types]) == option
