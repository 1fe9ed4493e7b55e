"""One service's Fargate line items, and which flavour a service of arch 'any' is priced on.

Fargate bills a task per second for vCPU, memory, the Windows OS licence and ephemeral storage
above the free 20 GB, at a valid task size. This module turns one service into those line items
on one flavour (Linux/x86, Linux/ARM, Windows), each usage band or run schedule on its own, and
prices arch 'any' on the cheaper of x86 and ARM. It is apart from `fargate`, which rules whole
options out and assembles the breakdown, because this is the arithmetic per service: every
quantity here is task-hours times a per-service coefficient.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from advisor.costing.addons import missing_rate_reason
from advisor.costing.fargate_sizes import (
    EKS_POD_OVERHEAD_GIB,
    FREE_EPHEMERAL_STORAGE_GB,
    MINIMUM_BILLED_SECONDS,
    TOLERANCE,
    fargate_size,
    gb_text,
)
from advisor.costing.purchase import EffectiveRate, service_rate
from advisor.model.costs import LineItem
from advisor.model.prices import NoPurchaseRate, PriceCatalog, PriceNotFound
from advisor.model.workload import OS, Arch, Platform, Purchase, Service, Workload

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
class PricedService:
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
) -> PricedService:
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
    return PricedService(tuple(items), (size_vcpu, size_memory), task_hours, tuple(warnings))


def _flavors(service: Service, platform: Platform) -> tuple[_Flavor, ...]:
    if service.os is OS.WINDOWS:
        return (_WINDOWS,)
    if platform is Platform.EKS_FARGATE or service.arch is Arch.X86_64:
        return (_LINUX_X86,)
    if service.arch is Arch.ARM64:
        return (_LINUX_ARM,)
    return (_LINUX_X86, _LINUX_ARM)


def price_cheapest(
    workload: Workload, catalog: PriceCatalog, service: Service, platform: Platform, purchase: Purchase
) -> PricedService:
    """Price the service; for arch `any`, on whichever of x86 and ARM is cheaper, and say so."""
    eks = platform is Platform.EKS_FARGATE
    flavors = _flavors(service, platform)
    priced: list[tuple[_Flavor, PricedService]] = []
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
        note = (
            f"{service.name}: arch 'any' priced on {flavor.label} only: {unpriced_reason(errors[0], catalog)}"
        )
        return PricedService(result.items, result.size, result.task_hours, (*result.warnings, note))
    (cheap_flavor, cheap), (_, dear) = sorted(priced, key=lambda fp: fp[1].monthly_usd)
    dear_flavor = next(f for f, p in priced if p is dear)
    note = (
        f"{service.name}: arch 'any' priced on {cheap_flavor.label}, the cheaper of Linux/x86 and "
        f"Linux/ARM (${dear.monthly_usd - cheap.monthly_usd:,.2f}/month less than {dear_flavor.label}); "
        "the image must be built for it"
    )
    return PricedService(cheap.items, cheap.size, cheap.task_hours, (*cheap.warnings, note))


def unpriced_reason(err: PriceNotFound | NoPurchaseRate, catalog: PriceCatalog) -> str:
    """Why a service could not be priced, in words users read (the rate's name, not its key)."""
    if isinstance(err, PriceNotFound):
        return missing_rate_reason(err, catalog, FARGATE_DIMENSIONS)
    return str(err)
