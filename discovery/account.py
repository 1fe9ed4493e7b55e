"""Live ECS account discovery: what runs today, how big it is and how busy → a workload.

Read-only. Lists clusters and services (paginated), reads each service's task definition,
desired/running counts and launch type, and CloudWatch `CPUUtilization` / `MemoryUtilization`
(namespace AWS/ECS, dimensions ClusterName + ServiceName) over the last N days with
`get_metric_data` (paginated). ECS reports both as a percentage of what the service's tasks
reserve, so average / 100 is the workload's `cpu_util` / `mem_util` (a fraction of the request)
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cloudwatch-metrics.html, read
2026-11). p95 is computed here from the per-period averages, so it is "p95 of
`period_seconds` averages", reported next to the workload, never in it.

The boto3 session is injected (`make_session` builds one from the standard credential chain
for the CLI); retries come from botocore's standard retry mode. Every AWS error becomes a
`DiscoveryError` with one line to show, naming the IAM action when access is denied.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
)

from advisor.importers.taskdef import import_taskdef, service_info
from advisor.model.checks import InvalidWorkload
from advisor.model.limits import MAX_DISCOVER_DAYS
from advisor.model.workload import Platform, Purchase, Service
from pricing.aws_errors import ACCESS_DENIED_CODES, client_error_reason

if TYPE_CHECKING:
    from mypy_boto3_cloudwatch.client import CloudWatchClient
    from mypy_boto3_ecs.client import ECSClient

T = TypeVar("T")

RETRY_CONFIG = Config(retries={"mode": "standard", "max_attempts": 8})
"""botocore's standard retry mode (throttling and transient errors, exponential backoff)."""

MINIMAL_IAM_ACTIONS = (
    "ecs:ListClusters",
    "ecs:ListServices",
    "ecs:DescribeServices",
    "ecs:DescribeTaskDefinition",
    "cloudwatch:GetMetricData",
)
"""Everything `discover` calls; the README's minimal IAM policy lists exactly these."""

DESCRIBE_SERVICES_BATCH = 10
"""DescribeServices takes "up to 10 services" per call (ECS API reference)."""

METRIC_QUERIES_PER_CALL = 500
"""GetMetricData: "You can include up to 500 MetricDataQuery structures" per call."""

FIVE_MINUTE_RETENTION_DAYS = 63
"""CloudWatch keeps 5-minute data points for 63 days, then 1-hour points for 455 days."""


def check_days(days: int) -> int:
    """`--days` in [1, 455]: CloudWatch keeps nothing older (hourly points, 15 months)."""
    if not 1 <= days <= MAX_DISCOVER_DAYS:
        raise DiscoveryError(f"--days must be 1 to {MAX_DISCOVER_DAYS} (CloudWatch's retention), got {days}")
    return days


_ACCESS_DENIED = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnrecognizedClientException",
}


class DiscoveryError(Exception):
    """Discovery could not run (no credentials or region, access denied, …): one line for users."""


def make_session(profile: str | None = None, region: str | None = None) -> boto3.Session:
    """A boto3 session from the standard credential chain (env, config/SSO profile, role)."""
    try:
        return boto3.Session(profile_name=profile, region_name=region)
    except ProfileNotFound as err:
        raise DiscoveryError(f"AWS profile {profile!r} not found in ~/.aws/config or credentials") from err


@dataclass(frozen=True, slots=True)
class Utilization:
    """A metric over the window, in percent of the reservation (None without data)."""

    average_pct: float | None
    p95_pct: float | None
    datapoints: int


@dataclass(frozen=True, slots=True)
class DiscoveredService:
    cluster: str
    service_name: str
    task_definition: str
    launch_type: str
    desired_count: int
    running_count: int | None
    cpu: Utilization
    memory: Utilization
    service: Service
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Discovery:
    """What one region's account runs, with the metric window used."""

    region: str
    start: datetime
    end: datetime
    period_seconds: int
    services: tuple[DiscoveredService, ...]
    notes: tuple[str, ...] = ()
    errors: tuple[str, ...] = field(default=())

    @property
    def workload_services(self) -> tuple[Service, ...]:
        return tuple(s.service for s in self.services)


def _action(call: Callable[[], T], action: str) -> T:
    """Run one AWS call, translating its errors into a one-line DiscoveryError."""
    try:
        return call()
    except (NoCredentialsError, PartialCredentialsError) as err:
        raise DiscoveryError(
            "no AWS credentials found (boto3's default chain: environment, ~/.aws profiles, SSO, "
            "instance or task role); configure them or pass --profile"
        ) from err
    except NoRegionError as err:
        raise DiscoveryError("no AWS region: pass --region or set AWS_REGION") from err
    except EndpointConnectionError as err:
        raise DiscoveryError(f"cannot reach AWS for {action}: {err}") from err
    except ClientError as err:
        reason = client_error_reason(err, action)
        if err.response.get("Error", {}).get("Code") in ACCESS_DENIED_CODES:
            reason += " (see the README's minimal IAM policy for discover)"
        raise DiscoveryError(reason) from err
    except BotoCoreError as err:
        raise DiscoveryError(f"{action} failed: {err}") from err


def _pages(pages: Iterable[T], action: str) -> list[T]:
    iterator = iter(pages)
    out: list[T] = []
    while True:
        try:
            page = _action(lambda: next(iterator), action)
        except StopIteration:
            return out
        out.append(page)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _name(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


def list_cluster_arns(ecs: ECSClient) -> list[str]:
    pages = _pages(ecs.get_paginator("list_clusters").paginate(), "ecs:ListClusters")
    return [arn for page in pages for arn in page.get("clusterArns", [])]


def list_service_arns(ecs: ECSClient, cluster: str) -> list[str]:
    pages = _pages(ecs.get_paginator("list_services").paginate(cluster=cluster), "ecs:ListServices")
    return [arn for page in pages for arn in page.get("serviceArns", [])]


def describe_services(ecs: ECSClient, cluster: str, arns: Sequence[str]) -> tuple[list[Any], list[Any]]:
    """(services, failures) of `arns`, 10 per DescribeServices call."""
    services: list[Any] = []
    failures: list[Any] = []
    for batch in _chunks(arns, DESCRIBE_SERVICES_BATCH):
        response = _action(
            partial(ecs.describe_services, cluster=cluster, services=list(batch)), "ecs:DescribeServices"
        )
        services += response.get("services", [])
        failures += response.get("failures", [])
    return services, failures


def _percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation): a value that was actually observed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _utilization(values: Sequence[float]) -> Utilization:
    if not values:
        return Utilization(None, None, 0)
    return Utilization(sum(values) / len(values), _percentile(values, 95), len(values))


def metric_period_seconds(days: int) -> int:
    """5-minute periods while CloudWatch keeps them, hourly beyond."""
    return 300 if days <= FIVE_MINUTE_RETENTION_DAYS else 3600


def service_metrics(
    cloudwatch: CloudWatchClient,
    services: Sequence[tuple[str, str]],
    *,
    start: datetime,
    end: datetime,
    period_seconds: int,
) -> dict[tuple[str, str], tuple[Utilization, Utilization]]:
    """(CPU, memory) utilization of each (cluster name, service name), paginated GetMetricData."""
    values: dict[str, list[float]] = {}
    queries = []
    for i, (cluster, name) in enumerate(services):
        dimensions = [{"Name": "ClusterName", "Value": cluster}, {"Name": "ServiceName", "Value": name}]
        for prefix, metric in (("cpu", "CPUUtilization"), ("mem", "MemoryUtilization")):
            queries.append(
                {
                    "Id": f"{prefix}{i}",
                    "MetricStat": {
                        "Metric": {"Namespace": "AWS/ECS", "MetricName": metric, "Dimensions": dimensions},
                        "Period": period_seconds,
                        "Stat": "Average",
                    },
                    "ReturnData": True,
                }
            )
    paginator = cloudwatch.get_paginator("get_metric_data")
    for batch in _chunks(queries, METRIC_QUERIES_PER_CALL):
        pages = paginator.paginate(
            MetricDataQueries=list(batch),  # type: ignore[arg-type]
            StartTime=start,
            EndTime=end,
            ScanBy="TimestampAscending",
        )
        for page in _pages(pages, "cloudwatch:GetMetricData"):
            for result in page.get("MetricDataResults", []):
                values.setdefault(result["Id"], []).extend(float(v) for v in result.get("Values", []))
    return {
        key: (_utilization(values.get(f"cpu{i}", [])), _utilization(values.get(f"mem{i}", [])))
        for i, key in enumerate(services)
    }


def util_fraction(utilization: Utilization, metric: str, notes: list[str]) -> float | None:
    """The average as a workload fraction in (0, 1]; None (with a note) when it can't be one."""
    if utilization.average_pct is None:
        notes.append(f"no {metric} data in the window: utilization left unset")
        return None
    fraction = round(utilization.average_pct / 100, 4)
    if fraction <= 0:
        notes.append(f"{metric} averaged 0%: utilization left unset")
        return None
    if fraction > 1:
        notes.append(
            f"{metric} averaged {utilization.average_pct:.0f}% of the reservation (bursting): capped at 1"
        )
        return 1.0
    return fraction


def discover(
    session: boto3.Session,
    *,
    clusters: Sequence[str] = (),
    days: int = 14,
    now: datetime | None = None,
) -> Discovery:
    """Every ACTIVE ECS service in the session's region (or in `clusters`) as workload services.

    A service whose task definition can't be imported is reported in `errors`; the others
    still come through.
    """
    check_days(days)
    region = session.region_name
    if not region:
        raise DiscoveryError("no AWS region: pass --region or set AWS_REGION")
    ecs: ECSClient = session.client("ecs", config=RETRY_CONFIG)
    cloudwatch: CloudWatchClient = session.client("cloudwatch", config=RETRY_CONFIG)
    end = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    start = end - timedelta(days=days)
    period = metric_period_seconds(days)

    notes: list[str] = []
    errors: list[str] = []
    cluster_arns = list(clusters) or list_cluster_arns(ecs)
    raw_services: list[tuple[str, Any]] = []
    for cluster in cluster_arns:
        arns = list_service_arns(ecs, cluster)
        described, failures = describe_services(ecs, cluster, arns)
        notes += [f"{_name(cluster)}: {f.get('arn')} {f.get('reason')}" for f in failures]
        for raw in described:
            if raw.get("status", "ACTIVE") != "ACTIVE":
                notes.append(
                    f"{_name(cluster)}/{raw.get('serviceName')}: skipped, status {raw.get('status')}"
                )
                continue
            raw_services.append((_name(cluster), raw))
    name_counts = Counter(str(raw.get("serviceName")) for _, raw in raw_services)

    metrics = service_metrics(
        cloudwatch,
        [(cluster, str(raw.get("serviceName"))) for cluster, raw in raw_services],
        start=start,
        end=end,
        period_seconds=period,
    )
    taskdefs: dict[str, Any] = {}
    found: list[DiscoveredService] = []
    for cluster, raw in raw_services:
        label = f"{cluster}/{raw.get('serviceName')}"
        try:
            info = service_info(raw, label)
            arn = info.task_definition
            if arn not in taskdefs:
                taskdefs[arn] = _action(
                    partial(ecs.describe_task_definition, taskDefinition=arn), "ecs:DescribeTaskDefinition"
                )
            name = label if name_counts[info.name] > 1 else info.name
            imported = import_taskdef(taskdefs[arn], name=name, service_info=info)
        except InvalidWorkload as err:
            errors.append(f"{label}: task definition {raw.get('taskDefinition')}: {err}")
            continue
        service_notes = list(imported.notes)
        if info.running_count is not None and info.running_count != info.desired_count:
            service_notes.append(f"running {info.running_count} of {info.desired_count} desired tasks")
        cpu, memory = metrics[(cluster, info.name)]
        service = replace(
            imported.service,
            cpu_util=util_fraction(cpu, "CPUUtilization", service_notes),
            mem_util=util_fraction(memory, "MemoryUtilization", service_notes),
        )
        found.append(
            DiscoveredService(
                cluster=cluster,
                service_name=info.name,
                task_definition=arn,
                launch_type=info.launch_type or "cluster default capacity provider",
                desired_count=info.desired_count,
                running_count=info.running_count,
                cpu=cpu,
                memory=memory,
                service=service,
                notes=tuple(service_notes),
            )
        )
    return Discovery(region, start, end, period, tuple(found), tuple(notes), tuple(errors))


_LAUNCH_OPTIONS = {
    "FARGATE": (Platform.ECS_FARGATE, Purchase.ON_DEMAND),
    "FARGATE_SPOT": (Platform.ECS_FARGATE, Purchase.SPOT),
    "EC2": (Platform.ECS_EC2, Purchase.ON_DEMAND),
    # The MANAGED_INSTANCES launch type (ECS API LaunchType, 2025-09) runs on ECS Managed Instances.
    "MANAGED_INSTANCES": (Platform.ECS_MANAGED_INSTANCES, Purchase.ON_DEMAND),
}


def current_option(services: Sequence[DiscoveredService]) -> tuple[Platform, Purchase] | None:
    """The (platform, purchase) all the services run on today; None when they differ, mix
    capacity providers (e.g. FARGATE_SPOT + FARGATE) or use one the advisor can't name (an EC2
    Auto Scaling group provider may be Spot or on-demand; EXTERNAL is not AWS capacity)."""
    options = set()
    for service in services:
        parts = {part.strip() for part in service.launch_type.split(",") if part.strip()}
        if len(parts) != 1 or next(iter(parts)) not in _LAUNCH_OPTIONS:
            return None
        options.add(_LAUNCH_OPTIONS[parts.pop()])
    return options.pop() if len(options) == 1 else None
