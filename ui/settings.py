"""Active settings at a glance: every add-on, assumption, weight or effort that differs from
its default, whatever set it (a widget, an uploaded file, a shared link).

Settings live in collapsed expanders; without these badges a value that came from a file or
a link would change the answer with no visible sign. Defaults come from `ui.state.FIELDS`,
the same ones the URL encoding compares against, so a badge shows exactly when a link
carries the parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.decision.option_names import PLATFORM_NAMES
from advisor.model.assumptions import CITATIONS
from advisor.model.workload import Platform
from ui.decision import Badge
from ui.state import ADDON_PREFIX, ASSUMPTION_PREFIX, FIELDS, OPS_PREFIX, WEIGHT_PREFIX

ADDON_LABELS: Mapping[str, str] = {
    "alb_count": "Application Load Balancers",
    "alb_lcu_per_hour": "LCUs per ALB",
    "nat_gateways": "NAT gateways",
    "nat_gb_per_month": "NAT GB/month",
    "public_ipv4": "public IPv4",
    "logs_gb_per_month": "CloudWatch Logs GB/month",
}
_ASSUMPTION_LABELS = {c.field: c.label for c in CITATIONS}
_GROUPS = (
    (ADDON_PREFIX, "add-on", "blue"),
    (ASSUMPTION_PREFIX, "assumption", "orange"),
    (WEIGHT_PREFIX, "weight", "violet"),
    (OPS_PREFIX, "ops effort", "gray"),
)


def _differs(value: Any, default: Any) -> bool:
    if isinstance(value, bool) or isinstance(default, bool) or value is None or default is None:
        return value != default
    if isinstance(value, int | float) and isinstance(default, int | float):
        return float(value) != float(default)
    return bool(value != default)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _label(prefix: str, name: str) -> str:
    if prefix == ADDON_PREFIX:
        return ADDON_LABELS.get(name, name)
    if prefix == OPS_PREFIX:
        return f"{PLATFORM_NAMES[Platform(name)]} h/month"
    return name.replace("_", " ")


def active_settings(values: Mapping[str, Any]) -> list[Badge]:
    """One badge per add-on, assumption, weight or effort that is not at its default."""
    badges = []
    for field in FIELDS:
        group = next((g for g in _GROUPS if field.key.startswith(g[0])), None)
        if group is None or field.key not in values or not _differs(values[field.key], field.default):
            continue
        prefix, kind, color = group
        name = field.key.removeprefix(prefix)
        value = values[field.key]
        default = "not set" if field.default is None else _shown(field.default)
        what = _ASSUMPTION_LABELS.get(name, kind) if prefix == ASSUMPTION_PREFIX else kind
        badges.append(Badge(f"{_label(prefix, name)}: {_shown(value)}", color, f"{what}; default {default}"))
    return badges
