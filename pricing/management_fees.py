"""The per-type management fees of ECS Managed Instances and EKS Auto Mode, read from the Price List.

Both are products of the container service offers a live refresh already fetches for a region
(`price_list_api.CONTAINER_SERVICE_CODES`, filtered by regionCode), one product per instance
type with an hourly OnDemand price:

- **AmazonECS**, usage type `<region prefix>-ECS-Managed-Instances:<instance type>-management-hours`
  (e.g. `APN1-ECS-Managed-Instances:<type>-management-hours` in the ap-northeast-1 offer, as a
  public deployment note read it on 2026-09-06; the price dimension of a g6e.48xlarge reads
  `ECS-Managed-Instances:g6e.48xlarge-management-hours`, $3.615744/h, in public test code);
- **AmazonEKS**, attribute `eksproducttype` = `AutoMode`, the type in `instancetype` (as the
  vantage-sh/ec2instances.info scraper reads the AmazonEKS offer, 2026-07; m5.large in us-east-1
  is $0.0115200000/h).

Each becomes a service rate keyed `management_fee_key(<fee>, <type>)`, unit instance-hour, which
`advisor.costing.managed` bills as a price (not the `management_fee_fraction` assumption).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from advisor.model.prices import ECS_MANAGED_INSTANCES_FEE, EKS_AUTO_MODE_FEE, management_fee_key

UNIT = "instance-hour"

_ECS_USAGE_TYPE = re.compile(
    r"^(?:[A-Z]{2,4}[0-9]{0,2}-)?ECS-Managed-Instances:(?P<type>.+)-management-hours$"
)
"""An optional region prefix, then the fee's own name: the prefix rule of
`normalize.usage_type_suffix` cannot be used, since it would take 'ECS-' for a prefix."""

EKS_AUTO_MODE_PRODUCT = "AutoMode"


def fee_key(service_code: str, attributes: Mapping[str, Any], usage_type: str) -> str | None:
    """The rate key of a management-fee product ('eks_auto_mode_fee:m5.large'), None for others."""
    if service_code == "AmazonECS":
        match = _ECS_USAGE_TYPE.match(usage_type)
        return management_fee_key(ECS_MANAGED_INSTANCES_FEE, match["type"]) if match else None
    if service_code == "AmazonEKS" and attributes.get("eksproducttype") == EKS_AUTO_MODE_PRODUCT:
        instance_type = attributes.get("instancetype")
        if isinstance(instance_type, str) and instance_type:
            return management_fee_key(EKS_AUTO_MODE_FEE, instance_type)
    return None
