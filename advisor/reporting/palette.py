"""The charts' fixed vocabulary: cost categories with their colours, and one colour per option.

A line item's label says exactly what was counted ("c6a.large instance-hours, unallocated
(packing waste) (10 h step, 14 tasks)"), which is right for an audit and unreadable as a
legend. Charts group items into a few categories a finance reader knows, each with a colour
that never changes between charts or workloads, and colour every (platform, purchase)
option the same way wherever it appears (cost bars, sensitivity lines, radar).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from advisor.costing.fleet import FEE_LABEL
from advisor.model.costs import LineItem
from advisor.model.workload import Platform, Purchase

CATEGORY_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "compute": "#0072B2",
        "memory": "#56B4E9",
        "storage": "#009E73",
        "licences": "#CC79A7",
        "control plane": "#E69F00",
        "management fee": "#000000",
        "add-ons": "#F0E442",
        "idle/waste": "#D55E00",
        "other": "#999999",
    }
)
"""Stack order (bottom to top) and colour of each category (Okabe–Ito, colour-blind safe).
`other` only shows for an item no rule below knows: never hidden, never mislabelled."""

_WASTE = ("packing waste", "added by rounding", "billed by the", "scaling time")
_ADDON_UNITS = frozenset({"ALB-hour", "LCU-hour", "NAT-gateway-hour", "IP-hour", "GB"})


def category(item: LineItem) -> str:
    """The category of one line item, from its unit and the words its label is built from."""
    label = item.item.lower()
    if any(word in label for word in _WASTE):
        return "idle/waste"
    if "licence" in label or "license" in label:
        return "licences"
    if item.unit == "cluster-hour" or "control plane" in label or item.service.startswith("kube-system/"):
        return "control plane"
    if FEE_LABEL in label:  # ECS Managed Instances and EKS Auto Mode, per instance-hour
        return "management fee"
    if item.unit in _ADDON_UNITS:
        return "add-ons"
    if item.unit == "GB-month" or "storage" in label:
        return "storage"
    if item.unit == "GB-hour":
        return "memory"
    if item.unit in ("vCPU-hour", "instance-hour"):
        return "compute"
    return "other"


_SHADES: tuple[tuple[str, str, str, str], ...] = (
    ("#08519c", "#3182bd", "#6baed6", "#9ecae1"),  # blues
    ("#a63603", "#e6550d", "#fd8d3c", "#fdae6b"),  # oranges
    ("#006d2c", "#31a354", "#74c476", "#a1d99b"),  # greens
    ("#54278f", "#756bb1", "#9e9ac8", "#bcbddc"),  # purples
    ("#a50f15", "#de2d26", "#fb6a4a", "#fc9272"),  # reds
    ("#252525", "#636363", "#969696", "#bdbdbd"),  # greys
    ("#8c510a", "#bf812d", "#dfc27d", "#f6e8c3"),  # browns
    ("#01665e", "#35978f", "#80cdc1", "#c7eae5"),  # teals
)
"""One hue per platform (in `Platform` order), one shade per purchase option (in `Purchase`
order): an option keeps its colour in every chart, and a platform's options look related."""


def platform_colour(platform: Platform) -> str:
    return _SHADES[list(Platform).index(platform) % len(_SHADES)][0]


def option_colour(option_id: str) -> str:
    """The colour of `platform/purchase` (an option id), the same in every chart."""
    platform_id, _, purchase_id = option_id.partition("/")
    shades = _SHADES[list(Platform).index(Platform(platform_id)) % len(_SHADES)]
    return shades[list(Purchase).index(Purchase(purchase_id)) % len(shades)]
