"""Widget values → the core's inputs: the workload (via the workload file's dict form),
the trade-off weights and the operational effort.

Going through `advisor.model.workload_file.workload_from_dict` means the dashboard validates
exactly as `estimate --workload FILE` does, and the JSON download's `workload` section reads
like a workload file a colleague can run with the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.decision.recommend import OpsEffort, Weights
from advisor.decision.tradeoffs import CRITERIA
from advisor.model.assumptions import ASSUMPTION_FIELDS
from advisor.model.workload import InvalidWorkload, Platform, Workload
from advisor.model.workload_file import ADDON_KEYS, workload_from_dict
from ui.services import row_to_service_dict
from ui.state import ADDON_PREFIX, ASSUMPTION_PREFIX, OPS_PREFIX, WEIGHT_PREFIX


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
        data["purchases"] = list(state["purchases"])
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
