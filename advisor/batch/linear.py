"""The linear fast path of batch pricing: one engine evaluation prices every task-hours.

Fargate: every line item's quantity is `task_hours × coefficient` or a constant (the EKS
control plane), with `task_hours = tasks × hours_per_month`, so one evaluation at
`task_hours = 1` prices every task count and every number of hours. The products and the sum
are computed in the engine's order with IEEE float64, so the batch figures are the engine's
figures bit for bit, not approximately.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from advisor.model.costs import CostBreakdown
from advisor.model.workload import Platform

_FARGATE_FIELDS = (
    "vcpu",
    "memory_gb",
    "storage_gb",
    "arch",
    "os",
    "spot_ok",
    "gpu_count",
    "privileged",
    "daemon",
    "network_mode",
)
"""What `fargate.price_fargate` reads of a single-band service besides tasks × hours: not
cpu_util or mem_util (right-sizing is `recommend`'s, not the cost model's), not the name
(labels and warnings only)."""

TASK_HOURS = "task_hours"
HOURS = "hours"

LINEAR_MODELS: Mapping[Platform, tuple[str, tuple[str, ...]]] = {
    Platform.ECS_FARGATE: (TASK_HOURS, _FARGATE_FIELDS),
    Platform.EKS_FARGATE: (TASK_HOURS, _FARGATE_FIELDS),
}
"""Per platform: the scale its cost is linear in, and the fields the rest depends on.

Fargate (`fargate_service._price_service`): every per-service quantity is `task_hours × coefficient`
(requested vCPU and GB, the rounding to the task size, storage above 20 GB, the Windows
licence) with `task_hours = tasks × hours_per_month`; the EKS control plane is 730 h × the
cluster share, a constant; rule-outs and the choice between x86 and ARM for arch 'any' do not
depend on the task-hours (both flavours scale with them alike). The EC2 platforms are priced
by `ec2_rows` (rows with GPUs or daemons, and line-item reports, by the engine once per
distinct row)."""


@dataclass(frozen=True, slots=True)
class LinearModel:
    """One option's monthly cost as a function of one scale `s`, item by item.

    Item i costs `(s × coef[i]) × rate[i]` when `linear[i]`, else `coef[i] × rate[i]`; the
    option's cost is their sum in item order, as `CostBreakdown.monthly_usd` adds them. With
    `coef` read from the engine's own quantities at s = 1 (where s × c = c exactly), the
    products and the sum are the engine's, operation for operation.
    """

    feasible: bool
    linear: tuple[bool, ...] = ()
    coef: tuple[float, ...] = ()
    rate: tuple[float, ...] = ()
    reasons: tuple[str, ...] = ()


def linear_from(at_1: CostBreakdown, at_2: CostBreakdown) -> LinearModel | None:
    """The linear form of an option from the engine at s = 1 and s = 2; None if it is not one.

    A guard, not the proof (that is the reading of the cost model in LINEAR_MODELS): the same
    feasibility, the same items at the same rates, each quantity doubled or unchanged.
    """
    if at_1.feasible != at_2.feasible:
        return None
    if not at_1.feasible:
        return LinearModel(False, reasons=at_1.reasons) if at_1.reasons == at_2.reasons else None
    if len(at_1.line_items) != len(at_2.line_items):
        return None
    linear, coef, rate = [], [], []
    for one, two in zip(at_1.line_items, at_2.line_items, strict=True):
        if one.rate_usd != two.rate_usd or one.unit != two.unit:
            return None
        if two.quantity == one.quantity and one.quantity != 0:
            linear.append(False)
        elif two.quantity == 2.0 * one.quantity:
            linear.append(True)
        else:
            return None
        coef.append(float(one.quantity))
        rate.append(float(one.rate_usd))
    return LinearModel(True, tuple(linear), tuple(coef), tuple(rate))


def evaluate_rows(models: Sequence[LinearModel], which: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Each row's cost from its model (`which` indexes `models`); NaN where infeasible."""
    width = max((len(m.coef) for m in models), default=0)
    k = len(models)
    linear = np.zeros((k, width), dtype=bool)
    coef = np.zeros((k, width))
    rate = np.zeros((k, width))
    feasible = np.array([m.feasible for m in models], dtype=bool)
    for j, model in enumerate(models):
        n_items = len(model.coef)
        linear[j, :n_items] = model.linear
        coef[j, :n_items] = model.coef
        rate[j, :n_items] = model.rate
    total = np.zeros(len(which))
    for i in range(width):
        c = coef[which, i]
        quantity = np.where(linear[which, i], scale * c, c)
        # Padding items are 0 × 0 = 0.0, and x + 0.0 == x: the sum is unchanged by them.
        total = total + quantity * rate[which, i]
    return np.where(feasible[which], total, np.nan)


def scalar(value: Any) -> Any:
    """A plain Python value (a memo key part), whether it came from a numeric or object array."""
    return value.item() if isinstance(value, np.generic) else value
