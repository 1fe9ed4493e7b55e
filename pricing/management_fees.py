"""The per-type management fees of ECS Managed Instances and EKS Auto Mode, read from the Price List.

Both are products of the container service offers a live refresh already fetches for a region
(`price_list_api.CONTAINER_SERVICE_CODES`, filtered by regionCode), one product per instance
type with an hourly OnDemand price, named by the usage type
`<region prefix>-<fee>:<instance type>-management-hours`, with no prefix in us-east-1 (as for
BoxUsage):

- **AmazonECS**, fee `ECS-Managed-Instances`: `ECS-Managed-Instances:g6e.48xlarge-management-hours`
  ($3.615744/h) in us-east-1 as public test code records the price dimension, and
  `APN1-ECS-Managed-Instances:<type>-management-hours` in the ap-northeast-1 offer as a public
  design note read it (github.com/k-k1/agent-fleet `docs/decisions/0071-self-hosted-inference-engines.md`,
  2026-09-06);
- **AmazonEKS**, fee `EKS-Auto`: `EKS-Auto:<type>-management-hours` in the us-east-1 offer and
  `APS7-EKS-Auto:<type>-management-hours` in ap-southeast-5 (github.com/SoongGuanLeong/de-platform
  `docs/research/22-aws-network-and-address-pricing.md`, AmazonEKS offers published
  2026-09-28; m7i.large $0.0121/h in us-east-1). The same products carry `eksproducttype`
  `AutoMode` and the type in `instancetype` (vantage-sh/ec2instances.info
  `scraper/aws/ec2/eks_auto_mode.go`), which the usage type already names.

Each becomes a service rate keyed `management_fee_key(<fee>, <type>)`, unit instance-hour, which
`advisor.costing.managed` bills as a price (not the `management_fee_fraction` assumption).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from advisor.model.prices import ECS_MANAGED_INSTANCES_FEE, EKS_AUTO_MODE_FEE, management_fee_key

UNIT = "instance-hour"

FEES: Mapping[str, tuple[str, str]] = {
    "ECS-Managed-Instances": ("AmazonECS", ECS_MANAGED_INSTANCES_FEE),
    "EKS-Auto": ("AmazonEKS", EKS_AUTO_MODE_FEE),
}
"""The fee's name in the usage type → (the offer that carries it, the catalog's fee key)."""

_USAGE_TYPE = re.compile(
    r"^(?:[A-Z]{2,4}[0-9]{0,2}-)?(?P<fee>ECS-Managed-Instances|EKS-Auto):(?P<type>.+)-management-hours$"
)
"""An optional region prefix, then the fee's own name: the prefix rule of
`normalize.usage_type_suffix` cannot be used, since it would take 'ECS-' or 'EKS-' for a prefix."""


def fee_key(service_code: str, usage_type: str) -> str | None:
    """The rate key of a management-fee product ('eks_auto_mode_fee:m7i.large'), None for others."""
    match = _USAGE_TYPE.match(usage_type)
    if match is None:
        return None
    offer, fee = FEES[match["fee"]]
    return management_fee_key(fee, match["type"]) if service_code == offer else None
