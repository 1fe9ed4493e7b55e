"""Cost models for ECS on Fargate and EKS on Fargate.

Fargate bills each task (or pod) for a valid task size — a fixed table of vCPU and memory
combinations — per second, for vCPU, memory, the Windows OS licence and ephemeral storage
above the free 20 GB. What a request costs therefore depends on how far it rounds up, so the
rounding, the EKS pod overhead and the per-run minimum charge each get their own line items
instead of hiding inside an adjusted rate: a finance person can see what each one adds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from advisor.costing.addons import addon_line_items, incomplete_warning, missing_rate_reason
from advisor.costing.eks import control_plane_items, coredns_service
from advisor.costing.fargate_sizes import (
    EKS_MAX_EPHEMERAL_STORAGE_GB,
    EKS_POD_OVERHEAD_GIB,
    FREE_EPHEMERAL_STORAGE_GB,
    MINIMUM_BILLED_SECONDS,
    TOLERANCE,
    NoFargateSize,
    fargate_size,
    gb_text,
)
from advisor.costing.purchase import EffectiveRate, service_rate
from advisor.model.assumptions import citation
from advisor.model.costs import Capacity, CostBreakdown, LineItem, infeasible
from advisor.model.prices import Confidence, NoPurchaseRate, PriceCatalog, PriceNotFound
from advisor.model.workload import OS, Arch, NetworkMode, Platform, Purchase, Service, Workload

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
    return LineItem.at(label, quantity, unit, rate, service=service.name)


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
    size_label = f"{size_vcpu:g} vCPU / {gb_text(size_memory)}"
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
        if vcpu_rounding > TOLERANCE:
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
        if memory_rounding > TOLERANCE:
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
                f"{name}: {gb_text(service.storage_gb)} of ephemeral storage is above EKS on Fargate's "
                f"{gb_text(EKS_MAX_EPHEMERAL_STORAGE_GB)} per pod"
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
    for service in (*workload.services, coredns_service(workload)) if eks else workload.services:
        try:
            priced = _price_cheapest(workload, catalog, service, platform, purchase)
        except (PriceNotFound, NoPurchaseRate) as err:
            reasons.append(_reason(err, catalog))
            continue
        items.extend(priced.items)
        warnings.extend(priced.warnings)
        if service in workload.services:  # CoreDNS is the cluster's, not a workload size
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
    except PriceNotFound as err:
        reasons.append(_reason(err, catalog))
    if reasons:
        return infeasible(platform, purchase, *_dedupe(reasons))
    addons = addon_line_items(
        workload,
        catalog,
        public_ip_hours=public_ip_hours,
        public_ip_label=f"one per awsvpc task, {task_hours:,.1f} task-hours",
    )
    items.extend(addons.items)
    if addons.missing:
        warnings.append(incomplete_warning(addons.missing, catalog))

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
        missing=addons.missing,
    )


_SP_FIELD = {
    Purchase.SAVINGS_PLAN_1Y: "fargate_savings_plan_1y_discount",
    Purchase.SAVINGS_PLAN_3Y: "fargate_savings_plan_3y_discount",
}
