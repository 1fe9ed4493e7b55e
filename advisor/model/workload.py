"""The workload the advisor prices: services, how many tasks run when, and the assumptions.

Everything here is validated on construction (`InvalidWorkload` names the field, the value and
what is allowed), so the cost models never see a nonsensical input and the CLI, the app and
the batch reader all report bad input the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from advisor.model import checks, limits
from advisor.model.checks import InvalidWorkload
from advisor.model.prices import HOURS_PER_MONTH


class Platform(StrEnum):
    """Where the containers run. The values are a stable contract (CLI, JSON, CSV)."""

    ECS_FARGATE = "ecs-fargate"
    ECS_EC2 = "ecs-ec2"
    EKS_EC2 = "eks-ec2"
    EKS_FARGATE = "eks-fargate"
    ECS_MANAGED_INSTANCES = "ecs-managed-instances"
    EKS_AUTO_MODE = "eks-auto-mode"


class Purchase(StrEnum):
    """How the capacity is bought. The values are a stable contract (CLI, JSON, CSV)."""

    ON_DEMAND = "on-demand"
    SPOT = "spot"
    SAVINGS_PLAN_1Y = "savings-plan-1y"
    SAVINGS_PLAN_3Y = "savings-plan-3y"


class Arch(StrEnum):
    X86_64 = "x86_64"
    ARM64 = "arm64"
    ANY = "any"


class OS(StrEnum):
    LINUX = "linux"
    WINDOWS = "windows"


class NetworkMode(StrEnum):
    """ECS network mode: `awsvpc` gives each task an ENI (ENI limits apply), `bridge` shares."""

    AWSVPC = "awsvpc"
    BRIDGE = "bridge"
    HOST = "host"


class KubernetesNeed(StrEnum):
    """Whether the workload needs the Kubernetes API: a stated need, never a free point for EKS.

    `not-needed` (the default): EKS options are priced and shown, but recommended only when they
    cost less than every ECS option; `required`: only EKS options can be recommended;
    `preferred`: EKS options get extra weight in the score (`decision.ranking`).
    """

    REQUIRED = "required"
    PREFERRED = "preferred"
    NOT_NEEDED = "not-needed"


class SupportTier(StrEnum):
    """EKS Kubernetes version support tier, which sets the control-plane rate."""

    STANDARD = "standard"
    EXTENDED = "extended"


MAX_HOURS_PER_MONTH = 744.0
"""The longest calendar month (31 × 24 h): more hours than that cannot be billed in a month."""


@dataclass(frozen=True, slots=True)
class UsageBand:
    """`tasks` tasks running for `hours_per_month` hours each month (one autoscaling level)."""

    tasks: int
    hours_per_month: float = HOURS_PER_MONTH

    def __post_init__(self) -> None:
        checks.count("tasks", self.tasks, maximum=limits.MAX_TASKS)
        hours = checks.finite("hours_per_month", self.hours_per_month)
        if not 0 < hours <= MAX_HOURS_PER_MONTH:
            raise InvalidWorkload(
                "hours_per_month", self.hours_per_month, f"must be in (0, {MAX_HOURS_PER_MONTH:g}]"
            )


@dataclass(frozen=True, slots=True)
class RunSchedule:
    """Run-based usage (jobs, cron tasks): billed per second, Fargate's one-minute minimum.

    On EC2 such jobs need capacity for their peak concurrency, not their average, so the
    peak is part of the schedule.
    """

    runs_per_month: float
    avg_duration_seconds: float
    peak_concurrency: int = 1

    def __post_init__(self) -> None:
        checks.at_most(
            "runs_per_month",
            checks.positive("runs_per_month", self.runs_per_month),
            limits.MAX_RUNS_PER_MONTH,
        )
        checks.at_most(
            "avg_duration_seconds",
            checks.positive("avg_duration_seconds", self.avg_duration_seconds),
            limits.MAX_RUN_SECONDS,
            " s",
        )
        checks.count("peak_concurrency", self.peak_concurrency, minimum=1, maximum=limits.MAX_TASKS)


@dataclass(frozen=True, slots=True)
class Service:
    """One containerized service (or job) and its sizing, as requested per task.

    `bands` describes long-running tasks over the month; `runs`, when set, describes
    run-based usage instead. `cpu_util` / `mem_util` are average utilization as a fraction
    of what each task requests, used for right-sizing and burstable-instance checks.
    `gpu_count` GPUs go on NVIDIA types (what the ECS GPU-optimized and EKS accelerated AMIs
    support) unless `accelerator` names another device ('amd', 'inferentia2', 'trainium'…);
    then `gpu_count` counts devices of that accelerator.
    """

    name: str
    vcpu: float
    memory_gib: float
    bands: tuple[UsageBand, ...] = (UsageBand(1),)
    runs: RunSchedule | None = None
    storage_gb: float = 20.0
    arch: Arch = Arch.X86_64
    os: OS = OS.LINUX
    cpu_util: float | None = None
    mem_util: float | None = None
    spot_ok: bool = False
    gpu_count: int = 0
    privileged: bool = False
    daemon: bool = False
    network_mode: NetworkMode = NetworkMode.AWSVPC
    accelerator: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidWorkload("name", self.name, "must be a non-empty text")
        if len(self.name) > limits.MAX_NAME_CHARS:
            raise InvalidWorkload(
                "name", self.name[:40] + "…", f"must be at most {limits.MAX_NAME_CHARS} characters"
            )
        checks.sized("vcpu", self.vcpu, limits.MIN_VCPU, limits.MAX_VCPU, "one ECS CPU unit, 1/1024 vCPU")
        checks.sized("memory_gib", self.memory_gib, limits.MIN_MEMORY_GB, limits.MAX_MEMORY_GB, "1 MiB")
        storage = checks.finite("storage_gb", self.storage_gb)
        if not 0 <= storage <= 200:
            raise InvalidWorkload("storage_gb", self.storage_gb, "must be in [0, 200] GB")
        object.__setattr__(self, "arch", checks.enum_value(Arch, "arch", self.arch))
        object.__setattr__(self, "os", checks.enum_value(OS, "os", self.os))
        object.__setattr__(
            self, "network_mode", checks.enum_value(NetworkMode, "network_mode", self.network_mode)
        )
        checks.fraction("cpu_util", self.cpu_util)
        checks.fraction("mem_util", self.mem_util)
        checks.count("gpu_count", self.gpu_count, maximum=limits.MAX_GPUS)
        accelerator = str(self.accelerator).strip().lower()
        if accelerator and not accelerator.replace("-", "").isalnum():
            raise InvalidWorkload(
                "accelerator", self.accelerator, "must name an accelerator, e.g. inferentia2, amd, nvidia"
            )
        object.__setattr__(self, "accelerator", accelerator)
        object.__setattr__(self, "bands", tuple(self.bands))
        if len(self.bands) > limits.MAX_BANDS:
            raise InvalidWorkload("bands", len(self.bands), f"give at most {limits.MAX_BANDS} bands")
        if self.runs is None and not self.bands:
            raise InvalidWorkload("bands", self.bands, "give at least one usage band or a run schedule")
        if self.os is OS.WINDOWS and self.arch is Arch.ARM64:
            raise InvalidWorkload("arch", self.arch.value, "Windows containers run on x86_64 only")

    @property
    def task_hours_per_month(self) -> float:
        """Task-hours billed per month across all bands (or runs, at their real duration)."""
        if self.runs is not None:
            return self.runs.runs_per_month * self.runs.avg_duration_seconds / 3600.0
        return sum(band.tasks * band.hours_per_month for band in self.bands)

    @property
    def peak_tasks(self) -> int:
        """Tasks that run at the same time at the busiest moment: what EC2 must hold."""
        if self.runs is not None:
            return self.runs.peak_concurrency
        return max(band.tasks for band in self.bands)


@dataclass(frozen=True, slots=True)
class Assumptions:
    """Editable assumptions, used where no real offline rate or fact exists.

    Defaults and their citations live in `advisor.model.assumptions`. Spot discounts apply only when
    the catalog has no real live Spot rate. Savings Plans discounts default to None: no
    offline source has a real no-upfront rate, so those options stay infeasible until a live
    refresh supplies rates or the user sets a discount (then labelled as an assumption).
    """

    ec2_spot_discount: float
    fargate_spot_discount: float
    savings_plan_1y_discount: float | None = None
    savings_plan_3y_discount: float | None = None
    fargate_savings_plan_1y_discount: float | None = None
    fargate_savings_plan_3y_discount: float | None = None
    headroom: float = 0.0
    burstable_headroom: float = 0.2
    ecs_os_memory_fraction: float = 0.025
    ecs_reserved_memory_mib: int = 256
    eni_trunking: bool = True
    prefix_delegation: bool = False
    previous_generation: bool = False
    eks_cluster_share: float = 1.0
    eks_support: SupportTier = SupportTier.STANDARD
    ebs_root_gb: float = 30.0
    ops_hourly_usd: float = 0.0
    availability_zones: int = 3
    ec2_scale_out_seconds: float = 300.0
    ec2_scale_in_seconds: float = 900.0
    spot_max_interruption_pct: float = 20.0
    management_fee_fraction: float = 0.12

    def __post_init__(self) -> None:
        for name in DISCOUNT_FIELDS:
            value = checks.fraction(name, getattr(self, name), allow_zero=True)
            if value is not None and value >= 1:
                raise InvalidWorkload(name, value, "a discount must be below 1 (100 %)")
        for name in ("headroom", "burstable_headroom"):
            if not 0 <= checks.finite(name, getattr(self, name)) < 1:
                raise InvalidWorkload(name, getattr(self, name), "must be a fraction in [0, 1)")
        os_fraction = checks.finite("ecs_os_memory_fraction", self.ecs_os_memory_fraction)
        if not 0 <= os_fraction < 0.5:
            raise InvalidWorkload(
                "ecs_os_memory_fraction", self.ecs_os_memory_fraction, "must be a fraction in [0, 0.5)"
            )
        checks.count(
            "ecs_reserved_memory_mib", self.ecs_reserved_memory_mib, maximum=limits.MAX_RESERVED_MEMORY_MIB
        )
        checks.fraction("eks_cluster_share", self.eks_cluster_share)
        object.__setattr__(
            self, "eks_support", checks.enum_value(SupportTier, "eks_support", self.eks_support)
        )
        if not 0 <= checks.finite("ebs_root_gb", self.ebs_root_gb) <= 16384:
            raise InvalidWorkload("ebs_root_gb", self.ebs_root_gb, "must be in [0, 16384] GB")
        if checks.at_most("ops_hourly_usd", self.ops_hourly_usd, limits.MAX_OPS_HOURLY_USD, " USD") < 0:
            raise InvalidWorkload("ops_hourly_usd", self.ops_hourly_usd, "must be 0 or more")
        if not 1 <= checks.count("availability_zones", self.availability_zones) <= 6:
            raise InvalidWorkload("availability_zones", self.availability_zones, "must be 1 to 6")
        for name in ("ec2_scale_out_seconds", "ec2_scale_in_seconds"):
            if not 0 <= checks.finite(name, getattr(self, name)) <= 86400:
                raise InvalidWorkload(name, getattr(self, name), "must be in [0, 86400] seconds")
        if not 0 <= checks.finite("management_fee_fraction", self.management_fee_fraction) < 1:
            raise InvalidWorkload(
                "management_fee_fraction", self.management_fee_fraction, "must be a fraction in [0, 1)"
            )
        if not 5 <= checks.finite("spot_max_interruption_pct", self.spot_max_interruption_pct) <= 100:
            raise InvalidWorkload(
                "spot_max_interruption_pct",
                self.spot_max_interruption_pct,
                "must be in [5, 100] (% interruption frequency; 100 allows every band)",
            )


DISCOUNT_FIELDS = (
    "ec2_spot_discount",
    "fargate_spot_discount",
    "savings_plan_1y_discount",
    "savings_plan_3y_discount",
    "fargate_savings_plan_1y_discount",
    "fargate_savings_plan_3y_discount",
)


def default_purchases(services: tuple[Service, ...] | list[Service]) -> tuple[Purchase, ...]:
    """On-demand always; Spot too when every service tolerates interruption.

    Savings Plans are opt-in (`--purchases`): without a live rate they need a discount
    assumption the user has to set.
    """
    if services and all(service.spot_ok for service in services):
        return (Purchase.ON_DEMAND, Purchase.SPOT)
    return (Purchase.ON_DEMAND,)


@dataclass(frozen=True, slots=True)
class AddOns:
    """The rest of a container bill, priced as separate line items on every platform.

    Off by default. `public_ipv4` gives every Fargate task (awsvpc) or every EC2 instance a
    public IPv4 address, billed per IP-hour: a real difference between the platforms.
    `alb_lcu_per_hour` is the average LCUs each load balancer consumes.
    """

    alb_count: int = 0
    alb_lcu_per_hour: float = 0.0
    nat_gateways: int = 0
    nat_gb_per_month: float = 0.0
    public_ipv4: bool = False
    logs_gb_per_month: float = 0.0

    def __post_init__(self) -> None:
        checks.count("alb_count", self.alb_count, maximum=limits.MAX_ADDON_COUNT)
        checks.count("nat_gateways", self.nat_gateways, maximum=limits.MAX_ADDON_COUNT)
        maxima = {
            "alb_lcu_per_hour": limits.MAX_LCU_PER_HOUR,
            "nat_gb_per_month": limits.MAX_GB_PER_MONTH,
            "logs_gb_per_month": limits.MAX_GB_PER_MONTH,
        }
        for name, maximum in maxima.items():
            if checks.at_most(name, getattr(self, name), maximum) < 0:
                raise InvalidWorkload(name, getattr(self, name), "must be 0 or more")
        if not isinstance(self.public_ipv4, bool):
            raise InvalidWorkload("public_ipv4", self.public_ipv4, "must be true or false")

    @property
    def any(self) -> bool:
        return bool(
            self.alb_count
            or self.nat_gateways
            or self.nat_gb_per_month
            or self.public_ipv4
            or self.logs_gb_per_month
        )


@dataclass(frozen=True, slots=True)
class Workload:
    """A whole application to price: its services, region, and the options to consider.

    `instance_types` is an optional allow-list of EC2 instance types or families (e.g.
    'm7g.large' or 'm7g') for the EC2 paths; empty means every type the region prices.
    """

    services: tuple[Service, ...]
    region: str
    assumptions: Assumptions
    platforms: tuple[Platform, ...] = tuple(Platform)
    purchases: tuple[Purchase, ...] = (Purchase.ON_DEMAND,)
    instance_types: tuple[str, ...] = field(default=())
    addons: AddOns = field(default_factory=AddOns)
    kubernetes: KubernetesNeed = KubernetesNeed.NOT_NEEDED

    def __post_init__(self) -> None:
        object.__setattr__(self, "services", tuple(self.services))
        if not self.services:
            raise InvalidWorkload("services", (), "give at least one service")
        if len(self.services) > limits.MAX_SERVICES:
            raise InvalidWorkload(
                "services",
                f"{len(self.services)} services",
                f"give at most {limits.MAX_SERVICES} per workload",
            )
        levels = sum(
            service.runs.peak_concurrency if service.runs else sum(band.tasks for band in service.bands)
            for service in self.services
        )
        if levels > limits.MAX_WORKLOAD_TASKS:
            raise InvalidWorkload(
                "services",
                f"{levels:,} tasks",
                f"give at most {limits.MAX_WORKLOAD_TASKS:,} tasks summed over every band of every service",
            )
        names = [service.name for service in self.services]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise InvalidWorkload("services", duplicates, "service names must be unique")
        if not isinstance(self.region, str) or not self.region.strip() or len(self.region) > 64:
            raise InvalidWorkload("region", self.region, "must be a region name, e.g. us-east-1")
        object.__setattr__(
            self, "platforms", tuple(checks.enum_value(Platform, "platforms", p) for p in self.platforms)
        )
        object.__setattr__(
            self, "purchases", tuple(checks.enum_value(Purchase, "purchases", p) for p in self.purchases)
        )
        if not self.platforms:
            raise InvalidWorkload("platforms", (), "give at least one platform")
        if not self.purchases:
            raise InvalidWorkload("purchases", (), "give at least one purchase option")
        object.__setattr__(self, "instance_types", tuple(self.instance_types))
        if len(self.instance_types) > limits.MAX_INSTANCE_TYPES:
            raise InvalidWorkload(
                "instance_types",
                len(self.instance_types),
                f"give at most {limits.MAX_INSTANCE_TYPES:,} entries",
            )
        object.__setattr__(
            self, "kubernetes", checks.enum_value(KubernetesNeed, "kubernetes", self.kubernetes)
        )
