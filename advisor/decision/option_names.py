"""What users call each platform and purchase option, in every sentence and table.

Apart from `ranking` because the break-even, commitment and fee analyses and the dashboard
name options too, without ranking anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from advisor.model.costs import CostBreakdown
from advisor.model.workload import Platform, Purchase

PLATFORM_NAMES: Mapping[Platform, str] = MappingProxyType(
    {
        Platform.ECS_FARGATE: "ECS on Fargate",
        Platform.ECS_EC2: "ECS on EC2",
        Platform.EKS_EC2: "EKS on EC2",
        Platform.EKS_FARGATE: "EKS on Fargate",
        Platform.ECS_MANAGED_INSTANCES: "ECS Managed Instances",
        Platform.EKS_AUTO_MODE: "EKS Auto Mode",
    }
)
PURCHASE_NAMES: Mapping[Purchase, str] = MappingProxyType(
    {
        Purchase.ON_DEMAND: "on-demand",
        Purchase.SPOT: "Spot",
        Purchase.SAVINGS_PLAN_1Y: "1-year Compute Savings Plan",
        Purchase.SAVINGS_PLAN_3Y: "3-year Compute Savings Plan",
    }
)


def option_name(result: CostBreakdown) -> str:
    """'ECS on Fargate (Spot)': the option's platform and purchase as users read them."""
    return f"{PLATFORM_NAMES[result.platform]} ({PURCHASE_NAMES[result.purchase]})"
