"""Cost models for ECS on Fargate and EKS on Fargate.

Fargate bills each task (or pod) for a valid task size — a fixed table of vCPU and memory
combinations — per second, for vCPU, memory, the Windows OS licence and ephemeral storage
above the free 20 GB. What a request costs therefore depends on how far it rounds up, so the
rounding, the EKS pod overhead and the per-run minimum charge each get their own line items
instead of hiding inside an adjusted rate: a finance person can see what each one adds.

One service's line items come from `fargate_service`; this module decides whether an option
can run at all (the rule-outs) and assembles the services, EKS control plane and add-ons into
one breakdown.
"""

from __future__ import annotations

from advisor.costing.addons import addon_line_items, incomplete_warning
from advisor.costing.eks import control_plane_items, coredns_service
from advisor.costing.fargate_service import price_cheapest, unpriced_reason
from advisor.costing.fargate_sizes import (
    EKS_MAX_EPHEMERAL_STORAGE_GB,
    EKS_POD_OVERHEAD_GIB,
    NoFargateSize,
    fargate_size,
    gb_text,
)
from advisor.model.assumptions import citation
from advisor.model.costs import Capacity, CostBreakdown, LineItem, infeasible
from advisor.model.prices import Confidence, NoPurchaseRate, PriceCatalog, PriceNotFound
from advisor.model.workload import OS, Arch, NetworkMode, Platform, Purchase, Service, Workload

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
            priced = price_cheapest(workload, catalog, service, platform, purchase)
        except (PriceNotFound, NoPurchaseRate) as err:
            reasons.append(unpriced_reason(err, catalog))
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
        reasons.append(unpriced_reason(err, catalog))
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
