"""What every batch row is priced on (`BatchOptions`), a parsed chunk of rows and the Service
each row stands for."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from advisor.model.workload import (
    OS,
    Arch,
    Assumptions,
    KubernetesNeed,
    NetworkMode,
    Platform,
    Purchase,
    Service,
    UsageBand,
    Workload,
    default_purchases,
)

SPOT_DEFAULT_NOTE = "Spot is priced for rows marked spot_ok, as `estimate` does (default_purchases)"


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What every row is priced on: the options, the assumptions and the default region.

    `purchases=None` means each workload's default, as `estimate` uses it: on-demand, plus
    Spot when every service of the workload is spot_ok (`default_purchases`). The report's
    option columns are then on-demand and Spot, Spot left empty for the other rows.
    """

    assumptions: Assumptions
    region: str | None = None
    platforms: tuple[Platform, ...] = tuple(Platform)
    purchases: tuple[Purchase, ...] | None = None
    kubernetes: KubernetesNeed = KubernetesNeed.NOT_NEEDED

    def __post_init__(self) -> None:
        object.__setattr__(self, "kubernetes", KubernetesNeed(self.kubernetes))

    @property
    def column_purchases(self) -> tuple[Purchase, ...]:
        return self.purchases or (Purchase.ON_DEMAND, Purchase.SPOT)

    @property
    def options(self) -> tuple[tuple[Platform, Purchase], ...]:
        """The option columns, in the order `estimate` considers them (platforms × purchases)."""
        return tuple((p, q) for p in self.platforms for q in self.column_purchases)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(f"{p.value}/{q.value}" for p, q in self.options)

    def workload(self, services: Sequence[Service], region: str) -> Workload:
        """The workload `estimate` would price for these services (the batch's reference)."""
        return Workload(
            services=tuple(services),
            region=region,
            assumptions=self.assumptions,
            platforms=self.platforms,
            purchases=self.purchases or default_purchases(tuple(services)),
            kubernetes=self.kubernetes,
        )


def service_of(values: Mapping[str, np.ndarray], i: int, name: str, band: UsageBand | None = None) -> Service:
    """Row `i` of parsed values as the Service `service_from_dict` builds from the same cells
    (with `band` instead of the row's tasks and hours when given)."""
    cpu, mem = float(values["cpu_util"][i]), float(values["mem_util"][i])
    return Service(
        name=name,
        vcpu=float(values["vcpu"][i]),
        memory_gib=float(values["memory_gb"][i]),
        bands=(band or UsageBand(int(values["tasks"][i]), float(values["hours_per_month"][i])),),
        storage_gb=float(values["storage_gb"][i]),
        arch=Arch(values["arch"][i]),
        os=OS(values["os"][i]),
        cpu_util=None if math.isnan(cpu) else cpu,
        mem_util=None if math.isnan(mem) else mem,
        spot_ok=bool(values["spot_ok"][i]),
        gpu_count=int(values["gpu_count"][i]),
        privileged=bool(values["privileged"][i]),
        daemon=bool(values["daemon"][i]),
        network_mode=NetworkMode(values["network_mode"][i]),
    )


@dataclass(frozen=True, slots=True)
class ParsedRows:
    """A chunk of input, parsed: row numbers, service fields, identity columns and errors."""

    row: np.ndarray
    values: Mapping[str, np.ndarray]
    errors: np.ndarray
    names: np.ndarray
    groups: np.ndarray
    regions: np.ndarray


def unpriced_reason(reasons: Sequence[str]) -> str:
    """Why a row has no feasible option: its options' reasons, each once."""
    return "no option can be priced: " + "; ".join(dict.fromkeys(reasons))
