"""Cost models for ECS on Fargate and EKS on Fargate.

Fargate bills each task (or pod) for a valid task size — a fixed table of vCPU and memory
combinations — per second, for vCPU, memory, the Windows OS licence and ephemeral storage
above the free 20 GB. What a request costs therefore depends on how far it rounds up, so the
rounding, the EKS pod overhead and the per-run minimum charge each get their own line items
instead of hiding inside an adjusted rate: a finance person can see what each one adds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from advisor.addons import addon_line_items, missing_rate_reason
from advisor.assumptions import citation
from advisor.costs import Capacity, CostBreakdown, LineItem, infeasible
from advisor.eks import control_plane_items
from advisor.prices import Confidence, NoPurchaseRate, PriceCatalog, PriceNotFound
from advisor.purchase import EffectiveRate, service_rate
from advisor.workload import OS, Arch, NetworkMode, Platform, Purchase, Service, Workload

# --- the Fargate task-size table ------------------------------------------------------------


def _steps(low_gb: int, high_gb: int, step_gb: int) -> tuple[float, ...]:
    return tuple(float(gb) for gb in range(low_gb, high_gb + 1, step_gb))


LINUX_TASK_SIZES: tuple[tuple[float, tuple[float, ...]], ...] = (
    (0.25, (0.5, 1.0, 2.0)),
    (0.5, _steps(1, 4, 1)),
    (1.0, _steps(2, 8, 1)),
    (2.0, _steps(4, 16, 1)),
    (4.0, _steps(8, 30, 1)),
    (8.0, _steps(16, 60, 4)),
    (16.0, _steps(32, 120, 8)),
)
"""Valid (vCPU, memory GB options) of a Linux Fargate task, smallest first.

Source: Amazon ECS Developer Guide, "Troubleshoot Amazon ECS task definition invalid CPU or
memory errors" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html,
read 2026-11-23): .25 vCPU → 0.5, 1, 2 GB; .5 → 1–4 GB; 1 → 2–8 GB; 2 → 4–16 GB and 4 → 8–30 GB
in 1 GB steps; 8 → 16–60 GB in 4 GB steps and 16 → 32–120 GB in 8 GB steps (platform 1.4.0+).
EKS on Fargate uses the same table (Amazon EKS User Guide, "Understand Fargate Pod configuration
details", https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html,
read 2026-11-23). GB here is GiB (1 GB = 1024 MiB in both tables).
"""

WINDOWS_VCPU_SIZES: frozenset[float] = frozenset({1.0, 2.0, 4.0})
"""vCPU sizes a Windows Fargate task may have: 1, 2 and 4 vCPU only.

Same page as LINUX_TASK_SIZES: its "operating systems supported" column lists Windows for the
1, 2 and 4 vCPU rows only (8 and 16 vCPU are Linux-only), and the RegisterTaskDefinition API
reference says "The CPU units cannot be less than 1 vCPU when you use Windows containers on
Fargate" (read 2026-11-23).
"""

WINDOWS_TASK_SIZES: tuple[tuple[float, tuple[float, ...]], ...] = tuple(
    row for row in LINUX_TASK_SIZES if row[0] in WINDOWS_VCPU_SIZES
)

TASK_SIZES: Mapping[OS, tuple[tuple[float, tuple[float, ...]], ...]] = MappingProxyType(
    {OS.LINUX: LINUX_TASK_SIZES, OS.WINDOWS: WINDOWS_TASK_SIZES}
)

# --- other published facts the models rely on -----------------------------------------------

FREE_EPHEMERAL_STORAGE_GB = 20.0
"""Ephemeral storage included with every task; only what is configured above it is billed.

Amazon ECS Developer Guide, "Fargate task ephemeral storage"
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html, read
2026-11-23): tasks on platform 1.4.0+ "receive a minimum of 20 GiB", increased "up to a maximum
of 200 GiB"; AWS Fargate pricing (https://aws.amazon.com/fargate/pricing/) bills the storage
configured above 20 GB.
"""

EKS_MAX_EPHEMERAL_STORAGE_GB = 175.0
"""Largest ephemeral storage an EKS Fargate pod can request (ECS tasks go up to 200 GB).

AWS Containers blog, "AWS Fargate adds support for larger ephemeral volumes"
(https://aws.amazon.com/blogs/containers/amazon-eks-fargate-adds-support-for-larger-ephemeral-volumes,
read 2026-11-23): "configurable up to a maximum of 175 GiB per pod"; "you're only billed for the
additional storage you allocate ... beyond the default 20 GiB".
"""

EKS_POD_OVERHEAD_GIB = 0.25
"""Memory EKS on Fargate adds to every pod for the Kubernetes components (256 MB).

Amazon EKS User Guide, "Understand Fargate Pod configuration details"
(https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html, read
2026-11-23): "Fargate adds 256 MB to each Pod's memory reservation for the required Kubernetes
components (kubelet, kube-proxy, and containerd)", then rounds up to a valid size.
"""

MINIMUM_BILLED_SECONDS: Mapping[OS, float] = MappingProxyType({OS.LINUX: 60.0, OS.WINDOWS: 900.0})
"""The shortest a task is billed for: one minute on Linux, 15 minutes on Windows.

AWS Fargate pricing (https://aws.amazon.com/fargate/pricing/): usage is "rounded up to the
nearest second" and, as AWS's Fargate pricing text has long said, "a minimum charge of 1 minute
applies". The 15-minute minimum for Windows tasks is from the same page's Windows note as it
stood when Windows on Fargate launched (2021); the stored copy read on 2026-11-23 did not show
that note, so check it when refreshing.
"""

SPOT_SUPPORT_NOTE = (
    "Fargate Spot runs ECS Linux tasks on x86_64 (platform 1.3.0+) and, today, ARM64/Graviton "
    "(platform 1.4.0+): Amazon ECS API Reference, CapacityProviderStrategyItem "
    "(https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html, "
    "read 2026-11-23), which supersedes older guide pages that said x86_64 only. Windows tasks "
    "cannot use it (ECS Developer Guide, fargate-capacity-providers.html), nor can EKS "
    "(Fargate pricing: 'Fargate Spot Pricing for Amazon ECS')."
)
"""Why Spot is ruled out for Windows and EKS but not for ARM."""

FARGATE_LIMITS_SOURCE = (
    "Amazon ECS Developer Guide, Amazon ECS task definition differences for Fargate "
    "(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html): "
    "gpu and privileged are not valid for Fargate tasks, and awsvpc is the only network mode; "
    "Amazon EKS User Guide, AWS Fargate considerations "
    "(https://docs.aws.amazon.com/eks/latest/userguide/fargate.html): no DaemonSets, no "
    "privileged containers, pods in private subnets only"
)
"""Where the rule-outs below come from."""

# --- rate keys --------------------------------------------------------------------------------

STORAGE_KEY = "fargate_ephemeral_storage_over_20gb"


@dataclass(frozen=True, slots=True)
class _Flavor:
    """One priced Fargate flavour: which rate keys it bills and what users call it."""

    label: str
    vcpu_key: str
    memory_key: str
    os_license_key: str | None = None


_LINUX_X86 = _Flavor("Linux/x86", "fargate_linux_x86_vcpu", "fargate_linux_x86_memory")
_LINUX_ARM = _Flavor("Linux/ARM", "fargate_linux_arm_vcpu", "fargate_linux_arm_memory")
_WINDOWS = _Flavor(
    "Windows/x86", "fargate_windows_vcpu", "fargate_windows_memory", "fargate_windows_os_license"
)

FARGATE_DIMENSIONS: Mapping[str, str] = MappingProxyType(
    {
        "fargate_linux_x86_vcpu": "Fargate Linux/x86 vCPU",
        "fargate_linux_x86_memory": "Fargate Linux/x86 memory",
        "fargate_linux_arm_vcpu": "Fargate Linux/ARM vCPU",
        "fargate_linux_arm_memory": "Fargate Linux/ARM memory",
        "fargate_windows_vcpu": "Fargate Windows vCPU",
        "fargate_windows_memory": "Fargate Windows memory",
        "fargate_windows_os_license": "Fargate Windows OS licence",
        STORAGE_KEY: "Fargate ephemeral storage",
        "eks_cluster_standard_support": "EKS control plane",
        "eks_cluster_extended_support_surcharge": "EKS extended support",
    }
)
"""What each rate key is called in the reasons users read."""

_EPS = 1e-9
"""Tolerance for comparing GiB and vCPU floats (0.1 + 0.2 must still fit a 0.5 GB size)."""


# --- task sizes -------------------------------------------------------------------------------


class NoFargateSize(ValueError):
    """No Fargate task size holds the request; the message says which limit it breaks."""


def _gb(value: float) -> str:
    return f"{value:g} GB"


def fargate_size(vcpu: float, memory_gib: float, os: OS = OS.LINUX) -> tuple[float, float]:
    """The smallest valid Fargate task size, (vCPU, memory GB), that holds the request.

    Smallest means fewest vCPU first, then least memory. Because every larger vCPU row starts
    at or above the smaller rows' memory and steps in multiples of their steps, that size is
    also no larger in memory than any other size that fits, so it is the cheapest at any
    positive vCPU and memory rates (a property test checks this against the whole table).
    Raises NoFargateSize above the largest size (16 vCPU / 120 GB; 4 vCPU / 30 GB on Windows).
    """
    if not (math.isfinite(vcpu) and math.isfinite(memory_gib)) or vcpu <= 0 or memory_gib <= 0:
        raise ValueError(f"vcpu and memory_gib must be positive numbers, not {vcpu!r}, {memory_gib!r}")
    table = TASK_SIZES[OS(os)]
    for size_vcpu, memories in table:
        if size_vcpu + _EPS < vcpu:
            continue
        for size_memory in memories:
            if size_memory + _EPS >= memory_gib:
                return size_vcpu, size_memory
    max_vcpu, max_memories = table[-1]
    largest = f"{max_vcpu:g} vCPU / {_gb(max_memories[-1])}"
    kind = "Windows Fargate" if OS(os) is OS.WINDOWS else "Fargate"
    if vcpu > max_vcpu + _EPS:
        raise NoFargateSize(f"{vcpu:g} vCPU is above the largest {kind} task size ({largest})")
    raise NoFargateSize(f"{_gb(memory_gib)} of memory is above the largest {kind} task size ({largest})")


def valid_sizes(os: OS = OS.LINUX) -> tuple[tuple[float, float], ...]:
    """Every valid (vCPU, memory GB) task size for `os`, smallest first."""
    return tuple((v, m) for v, memories in TASK_SIZES[OS(os)] for m in memories)


# --- usage ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Usage:
    """Task-hours of one usage segment (a band, or a run schedule) and how to describe them."""

    context: str
    task_hours: float
    minimum_task_hours: float = 0.0
    minimum_label: str = ""


def _usage(service: Service) -> tuple[_Usage, ...]:
    """Each band on its own; runs at their real duration plus the minimum charge's extra hours.

    A run schedule gives an average duration, so per-run rounding up to whole seconds is not
    knowable; each run is billed max(minimum, average duration).
    """
    if service.runs is not None:
        runs = service.runs
        minimum = MINIMUM_BILLED_SECONDS[service.os]
        extra_seconds = max(0.0, minimum - runs.avg_duration_seconds)
        minutes = "one-minute" if minimum == 60 else f"{minimum / 60:g}-minute"
        return (
            _Usage(
                context=f"{runs.runs_per_month:g} runs × {runs.avg_duration_seconds:g} s",
                task_hours=runs.runs_per_month * runs.avg_duration_seconds / 3600.0,
                minimum_task_hours=runs.runs_per_month * extra_seconds / 3600.0,
                minimum_label=(
                    f"{minutes} minimum: {runs.runs_per_month:g} runs of "
                    f"{runs.avg_duration_seconds:g} s billed as {minimum:g} s"
                ),
            ),
        )
    return tuple(
        _Usage(
            f"{band.tasks} task{'s' if band.tasks != 1 else ''} × {band.hours_per_month:g} h",
            band.tasks * band.hours_per_month,
        )
        for band in service.bands
        if band.tasks > 0
    )


# --- pricing one service ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Priced:
    """One service priced on one flavour."""

    items: tuple[LineItem, ...]
    size: tuple[float, float]
    task_hours: float
    warnings: tuple[str, ...]

    @property
    def monthly_usd(self) -> float:
        return sum(item.monthly_usd for item in self.items)


def _line(service: Service, item: str, quantity: float, unit: str, rate: EffectiveRate) -> LineItem:
    label = item if rate.note == "on-demand" else f"{item} [{rate.note}]"
    return LineItem(
        item=label,
        quantity=quantity,
        unit=unit,
        rate_usd=rate.usd,
        service=service.name,
        source=rate.source,
        as_of=rate.as_of,
        confidence=rate.confidence,
    )


def _ondemand(catalog: PriceCatalog, key: str) -> EffectiveRate:
    rate = catalog.rate(key)
    return EffectiveRate(rate.usd, "on-demand", rate.source, rate.as_of, rate.confidence, rate.usage_type)


def _os_license_rate(
    workload: Workload, catalog: PriceCatalog, key: str, purchase: Purchase
) -> EffectiveRate:
    """The Windows OS licence: on-demand unless a live rate for the purchase option exists.

    No AWS page we could read says Savings Plans discount the Fargate Windows licence fee; on
    EC2, Savings Plans leave Windows licence costs undiscounted. So without a real live rate the
    licence stays at its on-demand rate (Spot never applies: Windows cannot use Fargate Spot).
    """
    if purchase is not Purchase.ON_DEMAND and catalog.has_rate(f"{purchase.value}:{key}"):
        return service_rate(catalog, key, purchase, workload.assumptions)
    return _ondemand(catalog, key)


def _price_service(
    workload: Workload,
    catalog: PriceCatalog,
    service: Service,
    flavor: _Flavor,
    purchase: Purchase,
    *,
    eks: bool,
) -> _Priced:
    """Line items of one service on one flavour (raises PriceNotFound / NoPurchaseRate)."""
    overhead = EKS_POD_OVERHEAD_GIB if eks else 0.0
    requested_memory = service.memory_gib + overhead
    size_vcpu, size_memory = fargate_size(service.vcpu, requested_memory, service.os)
    size_label = f"{size_vcpu:g} vCPU / {_gb(size_memory)}"
    assumptions = workload.assumptions
    vcpu_rate = service_rate(catalog, flavor.vcpu_key, purchase, assumptions)
    memory_rate = service_rate(catalog, flavor.memory_key, purchase, assumptions)
    license_rate = (
        _os_license_rate(workload, catalog, flavor.os_license_key, purchase)
        if flavor.os_license_key
        else None
    )
    extra_storage = max(0.0, service.storage_gb - FREE_EPHEMERAL_STORAGE_GB)
    # Storage is never discounted: neither Fargate Spot nor Savings Plans cover it.
    storage_rate = _ondemand(catalog, STORAGE_KEY) if extra_storage > 0 else None
    vcpu_rounding = size_vcpu - service.vcpu
    memory_rounding = size_memory - requested_memory
    items: list[LineItem] = []

    def add(item: str, quantity: float, unit: str, rate: EffectiveRate) -> None:
        items.append(_line(service, item, quantity, unit, rate))

    for usage in _usage(service):
        hours, ctx = usage.task_hours, usage.context
        add(f"{flavor.label} vCPU-hours as requested ({ctx})", hours * service.vcpu, "vCPU-hour", vcpu_rate)
        if vcpu_rounding > _EPS:
            add(
                f"{flavor.label} vCPU-hours added by rounding up to the {size_label} task size ({ctx})",
                hours * vcpu_rounding,
                "vCPU-hour",
                vcpu_rate,
            )
        add(
            f"{flavor.label} memory GB-hours as requested ({ctx})",
            hours * service.memory_gib,
            "GB-hour",
            memory_rate,
        )
        if overhead:
            add(
                f"{flavor.label} memory GB-hours for the Kubernetes components, +256 MB per pod ({ctx})",
                hours * overhead,
                "GB-hour",
                memory_rate,
            )
        if memory_rounding > _EPS:
            add(
                f"{flavor.label} memory GB-hours added by rounding up to the {size_label} task size ({ctx})",
                hours * memory_rounding,
                "GB-hour",
                memory_rate,
            )
        if storage_rate is not None:
            add(
                f"ephemeral storage GB-hours above the free {FREE_EPHEMERAL_STORAGE_GB:g} GB "
                f"({service.storage_gb:g} GB per task; {ctx})",
                hours * extra_storage,
                "GB-hour",
                storage_rate,
            )
        if license_rate is not None:
            add(
                f"Windows OS licence vCPU-hours ({size_label}; {ctx})",
                hours * size_vcpu,
                "vCPU-hour",
                license_rate,
            )
        if usage.minimum_task_hours > 0:
            extra, label = usage.minimum_task_hours, usage.minimum_label
            add(f"{flavor.label} vCPU-hours billed by the {label}", extra * size_vcpu, "vCPU-hour", vcpu_rate)
            add(
                f"{flavor.label} memory GB-hours billed by the {label}",
                extra * size_memory,
                "GB-hour",
                memory_rate,
            )
            if storage_rate is not None:
                add(
                    f"ephemeral storage GB-hours billed by the {label}",
                    extra * extra_storage,
                    "GB-hour",
                    storage_rate,
                )
            if license_rate is not None:
                add(
                    f"Windows OS licence vCPU-hours billed by the {label}",
                    extra * size_vcpu,
                    "vCPU-hour",
                    license_rate,
                )
    warnings: list[str] = []
    if license_rate is not None and purchase is not Purchase.ON_DEMAND and license_rate.note == "on-demand":
        warnings.append(
            f"{service.name}: the Windows OS licence is priced on-demand under {purchase.value}; "
            "no published rate shows it discounted (refresh live for a real one)"
        )
    task_hours = sum(u.task_hours for u in _usage(service))
    return _Priced(tuple(items), (size_vcpu, size_memory), task_hours, tuple(warnings))


def _flavors(service: Service, platform: Platform) -> tuple[_Flavor, ...]:
    if service.os is OS.WINDOWS:
        return (_WINDOWS,)
    if platform is Platform.EKS_FARGATE or service.arch is Arch.X86_64:
        return (_LINUX_X86,)
    if service.arch is Arch.ARM64:
        return (_LINUX_ARM,)
    return (_LINUX_X86, _LINUX_ARM)


def _price_cheapest(
    workload: Workload, catalog: PriceCatalog, service: Service, platform: Platform, purchase: Purchase
) -> _Priced:
    """Price the service; for arch `any`, on whichever of x86 and ARM is cheaper, and say so."""
    eks = platform is Platform.EKS_FARGATE
    flavors = _flavors(service, platform)
    priced: list[tuple[_Flavor, _Priced]] = []
    errors: list[PriceNotFound | NoPurchaseRate] = []
    for flavor in flavors:
        try:
            priced.append((flavor, _price_service(workload, catalog, service, flavor, purchase, eks=eks)))
        except (PriceNotFound, NoPurchaseRate) as err:
            errors.append(err)
    if not priced:
        raise errors[0]
    if len(flavors) == 1:
        return priced[0][1]
    if len(priced) == 1:
        flavor, result = priced[0]
        note = f"{service.name}: arch 'any' priced on {flavor.label} only: {_reason(errors[0], catalog)}"
        return _Priced(result.items, result.size, result.task_hours, (*result.warnings, note))
    (cheap_flavor, cheap), (_, dear) = sorted(priced, key=lambda fp: fp[1].monthly_usd)
    dear_flavor = next(f for f, p in priced if p is dear)
    note = (
        f"{service.name}: arch 'any' priced on {cheap_flavor.label}, the cheaper of Linux/x86 and "
        f"Linux/ARM (${dear.monthly_usd - cheap.monthly_usd:,.2f}/month less than {dear_flavor.label}); "
        "the image must be built for it"
    )
    return _Priced(cheap.items, cheap.size, cheap.task_hours, (*cheap.warnings, note))


def _reason(err: PriceNotFound | NoPurchaseRate, catalog: PriceCatalog) -> str:
    if isinstance(err, PriceNotFound):
        return missing_rate_reason(err, catalog, FARGATE_DIMENSIONS)
    return str(err)


# --- rule-outs --------------------------------------------------------------------------------


def _service_rule_outs(service: Service, platform: Platform, purchase: Purchase) -> list[str]:
    """Why a service cannot run on this Fargate option at all (see FARGATE_LIMITS_SOURCE)."""
    eks = platform is Platform.EKS_FARGATE
    name = service.name
    reasons = []
    if service.gpu_count:
        reasons.append(f"{name}: needs {service.gpu_count} GPU(s); Fargate has no GPUs")
    if service.privileged:
        reasons.append(f"{name}: needs privileged containers, which Fargate does not allow")
    if service.daemon:
        what = "DaemonSets" if eks else "the DAEMON scheduling strategy"
        reasons.append(f"{name}: runs as a daemon (one per node); Fargate has no nodes and no {what}")
    if service.network_mode is NetworkMode.HOST:
        reasons.append(f"{name}: needs host networking; Fargate tasks use awsvpc only")
    if eks:
        if service.os is OS.WINDOWS:
            reasons.append(f"{name}: Windows pods cannot run on EKS on Fargate (Linux/x86 only)")
        if service.arch is Arch.ARM64:
            reasons.append(f"{name}: ARM64 pods cannot run on EKS on Fargate (Linux/x86 only)")
        if service.storage_gb > EKS_MAX_EPHEMERAL_STORAGE_GB:
            reasons.append(
                f"{name}: {_gb(service.storage_gb)} of ephemeral storage is above EKS on Fargate's "
                f"{_gb(EKS_MAX_EPHEMERAL_STORAGE_GB)} per pod"
            )
    if purchase is Purchase.SPOT and not eks:
        if service.os is OS.WINDOWS:
            reasons.append(f"{name}: Windows tasks cannot use Fargate Spot")
        if not service.spot_ok:
            reasons.append(f"{name}: not marked spot_ok, so it cannot run on interruptible Fargate Spot")
    if not (eks and service.os is OS.WINDOWS):
        overhead = EKS_POD_OVERHEAD_GIB if eks else 0.0
        try:
            fargate_size(service.vcpu, service.memory_gib + overhead, service.os)
        except NoFargateSize as err:
            extra = " including the 256 MB pod overhead" if eks else ""
            reasons.append(f"{name}: {err}{extra}")
    return reasons


def _dedupe(reasons: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(reasons))


# --- the model --------------------------------------------------------------------------------


def price_fargate(
    workload: Workload, catalog: PriceCatalog, platform: Platform, purchase: Purchase
) -> CostBreakdown:
    """Monthly cost of the workload on ECS on Fargate or EKS on Fargate under `purchase`.

    Every service is priced band by band at its rounded task size, with the rounding, the EKS
    pod overhead, storage above 20 GB, the Windows licence and the run minimum as their own line
    items; EKS adds its control plane and both add the workload's add-ons (public IPv4 per task
    on ECS). Anything that rules the option out — a size above the table, GPUs, privileged or
    daemon services, Spot where it cannot apply, a missing rate — becomes a reason on an
    infeasible result, never a dropped option or a guessed price.
    """
    if platform not in (Platform.ECS_FARGATE, Platform.EKS_FARGATE):
        raise ValueError(f"price_fargate prices Fargate platforms only, not {platform.value}")
    eks = platform is Platform.EKS_FARGATE
    reasons: list[str] = []
    if eks and purchase is Purchase.SPOT:
        reasons.append("EKS on Fargate has no Spot: Fargate Spot is for Amazon ECS tasks only")
    for service in workload.services:
        reasons.extend(_service_rule_outs(service, platform, purchase))
    if reasons:
        return infeasible(platform, purchase, *_dedupe(reasons))

    items: list[LineItem] = []
    warnings: list[str] = []
    sizes: dict[str, tuple[float, float]] = {}
    task_hours = 0.0
    for service in workload.services:
        try:
            priced = _price_cheapest(workload, catalog, service, platform, purchase)
        except (PriceNotFound, NoPurchaseRate) as err:
            reasons.append(_reason(err, catalog))
            continue
        items.extend(priced.items)
        warnings.extend(priced.warnings)
        sizes[service.name] = priced.size
        task_hours += priced.task_hours
        if service.network_mode is NetworkMode.BRIDGE:
            warnings.append(f"{service.name}: Fargate tasks use awsvpc networking; priced as awsvpc")

    public_ip_hours = 0.0
    if workload.addons.public_ipv4:
        if eks:
            warnings.append(
                "public IPv4: EKS on Fargate pods run in private subnets only, so no public IPv4 "
                "addresses are priced per pod"
            )
        else:
            public_ip_hours = task_hours
    try:
        if eks:
            items.extend(control_plane_items(workload, catalog))
        items.extend(
            addon_line_items(
                workload,
                catalog,
                public_ip_hours=public_ip_hours,
                public_ip_label=f"one per awsvpc task, {task_hours:,.1f} task-hours",
            )
        )
    except PriceNotFound as err:
        reasons.append(_reason(err, catalog))
    if reasons:
        return infeasible(platform, purchase, *_dedupe(reasons))

    if any(item.confidence is Confidence.ASSUMPTION for item in items):
        field = "fargate_spot_discount" if purchase is Purchase.SPOT else _SP_FIELD.get(purchase, "")
        if field:
            value = getattr(workload.assumptions, field)
            warnings.append(
                f"{purchase.value} rates are an assumption, not published prices: {field}={value:g} "
                f"off on-demand ({citation(field).source})"
            )
    return CostBreakdown(
        platform=platform,
        purchase=purchase,
        feasible=True,
        line_items=tuple(items),
        capacity=Capacity(task_sizes=sizes),
        warnings=_dedupe(warnings),
    )


_SP_FIELD = {
    Purchase.SAVINGS_PLAN_1Y: "fargate_savings_plan_1y_discount",
    Purchase.SAVINGS_PLAN_3Y: "fargate_savings_plan_3y_discount",
}
