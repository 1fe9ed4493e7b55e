"""What a change to a workload does to its cost: services added, removed or changed, and the
monthly difference per option, per service and for the recommended option.

Every difference is computed from the rounded figures a reader sees, so the rows add up to
the totals to the cent: before and after are the totals `estimate` shows, a service's row is
the sum of its own line items as `estimate` displays them (`money.split_cents`), and the
shared row holds the line items no single service owns (EC2 instances of a packed fleet,
control planes, add-ons).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.decision.recommend import Comparison
from advisor.model.costs import CostBreakdown
from advisor.model.money import cents, split_cents
from advisor.model.workload import OS, Arch, Service, Workload
from advisor.model.workload_file import service_to_dict, workload_to_dict

SHARED = "(shared)"
"""The row of line items no single service owns: packed EC2 instances, control planes, add-ons."""


@dataclass(frozen=True, slots=True)
class ServiceChange:
    """One service that was added, removed or changed, and how (`vcpu 1 → 2`)."""

    name: str
    status: str
    changes: tuple[str, ...]
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class OptionDiff:
    """Monthly cost of one option before and after (None: infeasible or not priced)."""

    option: str
    before: float | None
    after: float | None
    note: str = ""

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else money(self.after - self.before)


@dataclass(frozen=True, slots=True)
class WorkloadDiff:
    """Everything `diff` reports. `per_service[option][service]` is the monthly change of the
    service's own line items (options priced on both sides, and `recommended`)."""

    services: tuple[ServiceChange, ...]
    settings: tuple[str, ...]
    options: tuple[OptionDiff, ...]
    recommended_before: tuple[str, float] | None
    recommended_after: tuple[str, float] | None
    per_service: Mapping[str, Mapping[str, float]]

    @property
    def recommended_change(self) -> float | None:
        if self.recommended_before is None or self.recommended_after is None:
            return None
        return money(self.recommended_after[1] - self.recommended_before[1])


def money(usd: float) -> float:
    """A difference of two cent amounts, without float noise (0.1 + 0.2)."""
    return round(usd, 2) + 0.0


def option_label(result: CostBreakdown) -> str:
    return f"{result.platform.value} / {result.purchase.value}"


def shape(service: Service) -> str:
    """`1 vCPU / 2 GB × 3 tasks`, with bands, runs, platform and daemon spelled out."""
    if service.runs is not None:
        count = f"{service.runs.runs_per_month:g} runs/month"
    elif service.daemon:
        count = "one per node"
    elif len(service.bands) == 1:
        count = f"{service.bands[0].tasks} tasks" + (
            f" × {service.bands[0].hours_per_month:g} h" if service.bands[0].hours_per_month != 730 else ""
        )
    else:
        count = ", ".join(f"{b.tasks} tasks × {b.hours_per_month:g} h" for b in service.bands)
    platform = (
        "" if (service.os, service.arch) == (OS.LINUX, Arch.X86_64) else f", {service.os}/{service.arch}"
    )
    return f"{service.vcpu:g} vCPU / {service.memory_gib:g} GB × {count}{platform}"


def _changes(before: Mapping[str, Any], after: Mapping[str, Any], prefix: str = "") -> list[str]:
    """`key old → new` for every key that differs (nested mappings flattened with dots)."""
    out: list[str] = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            out += _changes(old, new, f"{prefix}{key}.")
        elif old != new:
            out.append(f"{prefix}{key} {_text(old)} → {_text(new)}")
    return out


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_text(v)}" for k, v in value.items()) + "}"
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def service_changes(base: Workload, head: Workload) -> tuple[ServiceChange, ...]:
    """Services removed, changed and added (in BASE's order, then HEAD's new ones)."""
    before = {s.name: s for s in base.services}
    after = {s.name: s for s in head.services}
    out: list[ServiceChange] = []
    for name, old in before.items():
        new = after.get(name)
        if new is None:
            out.append(ServiceChange(name, "removed", (), shape(old), ""))
        elif new != old:
            changes = tuple(_changes(service_to_dict(old), service_to_dict(new)))
            out.append(ServiceChange(name, "changed", changes, shape(old), shape(new)))
    out += [ServiceChange(n, "added", (), "", shape(s)) for n, s in after.items() if n not in before]
    return tuple(out)


def setting_changes(base: Workload, head: Workload) -> tuple[str, ...]:
    """Workload-wide changes: region, options, assumptions, add-ons, Kubernetes need."""
    old, new = workload_to_dict(base), workload_to_dict(head)
    old.pop("services")
    new.pop("services")
    return tuple(_changes(old, new))


def service_costs(result: CostBreakdown | None, names: Sequence[str]) -> dict[str, float]:
    """Each service's line items and the shared rest, as the line items are displayed
    (`split_cents`: they add up to the option's displayed total)."""
    if result is None or not result.feasible:
        return {}
    shown = split_cents(result.monthly_usd, [item.monthly_usd for item in result.line_items])
    costs = dict.fromkeys([*names, SHARED], 0.0)
    for item, cost in zip(result.line_items, shown, strict=True):
        key = item.service if item.service in costs else SHARED
        costs[key] = money(costs[key] + cost)
    return costs


def _by_option(comparison: Comparison) -> dict[str, CostBreakdown]:
    return {option_label(r): r for r in comparison.results}


def _recommended(comparison: Comparison) -> tuple[str, float] | None:
    rec = comparison.recommendation
    if rec is None:
        return None
    label = f"{rec.platform.value} / {rec.purchase.value}"
    return label, cents(_by_option(comparison)[label].monthly_usd)


def _per_service(
    before: CostBreakdown | None, after: CostBreakdown | None, names: Sequence[str]
) -> dict[str, float]:
    old, new = service_costs(before, names), service_costs(after, names)
    return {name: money(new.get(name, 0.0) - old.get(name, 0.0)) for name in [*names, SHARED]}


def _why_not(result: CostBreakdown | None, side: str) -> str:
    if result is None:
        return f"not priced {side}"
    return f"infeasible {side}: {result.reasons[0]}" if result.reasons else f"infeasible {side}"


def diff(base: tuple[Workload, Comparison], head: tuple[Workload, Comparison]) -> WorkloadDiff:
    """The difference HEAD makes to BASE, option by option and service by service."""
    (base_workload, base_comparison), (head_workload, head_comparison) = base, head
    old, new = _by_option(base_comparison), _by_option(head_comparison)
    names = list(
        dict.fromkeys([*(s.name for s in base_workload.services), *(s.name for s in head_workload.services)])
    )
    options: list[OptionDiff] = []
    per_service: dict[str, dict[str, float]] = {}
    for label in dict.fromkeys([*new, *old]):
        before, after = old.get(label), new.get(label)
        before_usd = cents(before.monthly_usd) if before is not None and before.feasible else None
        after_usd = cents(after.monthly_usd) if after is not None and after.feasible else None
        note = ""
        if before_usd is None or after_usd is None:
            note = _why_not(before, "before") if before_usd is None else _why_not(after, "after")
        else:
            per_service[label] = _per_service(before, after, names)
        options.append(OptionDiff(label, before_usd, after_usd, note))
    rec_before, rec_after = _recommended(base_comparison), _recommended(head_comparison)
    if rec_before is not None and rec_after is not None:
        per_service["recommended"] = _per_service(old[rec_before[0]], new[rec_after[0]], names)
    return WorkloadDiff(
        services=service_changes(base_workload, head_workload),
        settings=setting_changes(base_workload, head_workload),
        options=tuple(options),
        recommended_before=rec_before,
        recommended_after=rec_after,
        per_service=per_service,
    )
