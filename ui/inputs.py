"""Widget values → the core's inputs: the workload (via the workload file's dict form),
the trade-off weights and the operational effort.

Going through `advisor.model.workload_file.workload_from_dict` means the dashboard validates
exactly as `estimate --workload FILE` does, and the JSON download's `workload` section reads
like a workload file a colleague can run with the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.decision.recommend import PLATFORM_NAMES, PURCHASE_NAMES, OpsEffort, Weights
from advisor.decision.tradeoffs import CRITERIA
from advisor.model.assumptions import ASSUMPTION_FIELDS
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import Platform, Purchase, Workload
from advisor.model.workload_file import ADDON_KEYS, workload_from_dict
from ui.services import row_to_service_dict
from ui.state import ADDON_PREFIX, ASSUMPTION_PREFIX, OPS_PREFIX, WEIGHT_PREFIX

SAVINGS_PLANS = (Purchase.SAVINGS_PLAN_1Y.value, Purchase.SAVINGS_PLAN_3Y.value)
DISCOUNT_FIELDS = (
    "savings_plan_1y_discount",
    "savings_plan_3y_discount",
    "fargate_savings_plan_1y_discount",
    "fargate_savings_plan_3y_discount",
)
"""The Savings Plan discount assumptions, EC2 then Fargate (no default: no offline source)."""


def option_label(option_id: str) -> str:
    """`ecs-ec2/spot` → 'ECS on EC2 (Spot)', as the core names options."""
    platform, _, purchase = option_id.partition("/")
    return f"{PLATFORM_NAMES[Platform(platform)]} ({PURCHASE_NAMES[Purchase(purchase)]})"


def missing_discounts(state: Mapping[str, Any]) -> list[str]:
    """The discount assumptions a chosen Savings Plan needs and that are not set, with the
    snapshot as the price source (a live refresh brings real rates instead)."""
    chosen = [p for p in SAVINGS_PLANS if p in (state.get("purchases") or ())]
    if not chosen or state.get("source") == "live":
        return []
    terms = {"savings-plan-1y": "1y", "savings-plan-3y": "3y"}
    wanted = [f"{prefix}savings_plan_{terms[p]}_discount" for prefix in ("", "fargate_") for p in chosen]
    return [name for name in wanted if state.get(ASSUMPTION_PREFIX + name) is None]


def purchases(state: Mapping[str, Any]) -> list[str]:
    """The chosen purchase options; Savings Plans alone are compared with on-demand, so a
    plan without a rate still leaves options to compare."""
    chosen = list(state["purchases"] or ())
    if chosen and all(p in SAVINGS_PLANS for p in chosen):
        chosen = [Purchase.ON_DEMAND.value, *chosen]
    return chosen


def instance_type_list(text: str) -> list[str]:
    """`m7g, c7g.large` → ['m7g', 'c7g.large'] (blank → every type the region prices)."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def workload_dict(state: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The workload file mapping the widgets describe (validated later, by the core)."""
    if not state["platforms"]:
        raise InvalidWorkload("platforms", [], "choose at least one platform")
    data: dict[str, Any] = {
        "region": state["region"],
        "services": [row_to_service_dict(row, i) for i, row in enumerate(rows)],
        "platforms": list(state["platforms"]),
        "instance_types": instance_type_list(state["instance_types"]),
        "assumptions": {name: state[ASSUMPTION_PREFIX + name] for name in ASSUMPTION_FIELDS},
        "addons": {name: state[ADDON_PREFIX + name] for name in ADDON_KEYS},
    }
    if state["purchases"]:
        data["purchases"] = purchases(state)
    return data


def workload(state: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> Workload:
    """The validated Workload; InvalidWorkload names the field (e.g. `services[0].vcpu`)."""
    return workload_from_dict(workload_dict(state, rows))


def weights(state: Mapping[str, Any]) -> Weights:
    """The user's trade-off weights; InvalidWorkload("weights", …) when they are unusable
    (e.g. all 0: nothing to rank by), so the app shows it like any other input error."""
    cost = float(state[WEIGHT_PREFIX + "cost"])
    criteria = {c: float(state[WEIGHT_PREFIX + c]) for c in CRITERIA}
    try:
        return Weights(cost=cost, criteria=criteria)
    except ValueError as err:
        raise InvalidWorkload("weights", {"cost": cost, **criteria}, str(err)) from err


def ops_effort(state: Mapping[str, Any]) -> OpsEffort | None:
    """Hours per platform at the stated $/h, or None (no TCO) when no hours are given."""
    hours = {p: float(state[OPS_PREFIX + p.value]) for p in Platform}
    if not any(hours.values()):
        return None
    return OpsEffort(hours_per_month=hours, hourly_usd=float(state[ASSUMPTION_PREFIX + "ops_hourly_usd"]))


def state_from_workload(loaded: Workload) -> dict[str, Any]:
    """Widget values that reproduce an uploaded workload file (services excluded)."""
    values: dict[str, Any] = {
        "region": loaded.region,
        "platforms": [p.value for p in loaded.platforms],
        "purchases": [p.value for p in loaded.purchases],
        "instance_types": ", ".join(loaded.instance_types),
    }
    for name in ASSUMPTION_FIELDS:
        value = getattr(loaded.assumptions, name)
        values[ASSUMPTION_PREFIX + name] = value.value if name == "eks_support" else value
    for name in ADDON_KEYS:
        values[ADDON_PREFIX + name] = getattr(loaded.addons, name)
    return values
