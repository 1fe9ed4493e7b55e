"""Amazon EKS cost models: the control plane shared by both EKS paths, and EKS on EC2 nodes."""

from __future__ import annotations

from advisor.costs import LineItem
from advisor.prices import HOURS_PER_MONTH, PriceCatalog
from advisor.workload import SupportTier, Workload

CONTROL_PLANE_KEY = "eks_cluster_standard_support"
EXTENDED_SUPPORT_KEY = "eks_cluster_extended_support_surcharge"


def control_plane_items(workload: Workload, catalog: PriceCatalog) -> tuple[LineItem, ...]:
    """Cluster-hours of the control plane times this workload's share of the cluster.

    A cluster runs the whole month whatever the tasks do, so the quantity is the month's
    730 hours × `eks_cluster_share`; extended support adds its surcharge as its own line.
    Raises PriceNotFound when the region has no EKS rate in the catalog.
    """
    share = workload.assumptions.eks_cluster_share
    hours = HOURS_PER_MONTH * share
    keys = [CONTROL_PLANE_KEY]
    if workload.assumptions.eks_support is SupportTier.EXTENDED:
        keys.append(EXTENDED_SUPPORT_KEY)
    items = []
    for key in keys:
        rate = catalog.rate(key)
        label = (
            "EKS control plane (standard support)"
            if key == CONTROL_PLANE_KEY
            else "EKS extended support surcharge"
        )
        if share != 1:
            label += f", {share:.0%} cluster share"
        items.append(
            LineItem(
                item=label,
                quantity=hours,
                unit="cluster-hour",
                rate_usd=rate.usd,
                source=rate.source,
                as_of=rate.as_of,
                confidence=rate.confidence,
            )
        )
    return tuple(items)
