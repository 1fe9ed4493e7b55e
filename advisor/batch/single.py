"""Pricing single-service batch rows: the linear fast path, the EC2 closed form, the engine.

Each row's options are priced by the cheapest exact method that applies: Fargate by its
linear form (`linear`), plain EC2 rows by `ec2_rows`' closed form, and everything else
(GPUs, daemons, line-item reports) by `engine.estimate` once per distinct row, memoized.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from advisor.batch.linear import (
    HOURS,
    LINEAR_MODELS,
    TASK_HOURS,
    LinearModel,
    evaluate_rows,
    linear_from,
    scalar,
)
from advisor.batch.results import item_lines
from advisor.batch.rows import BatchOptions, service_of, unpriced_reason
from advisor.batch.validation import SERVICE_FIELDS
from advisor.costing import ec2_rows
from advisor.engine import estimate, price_option
from advisor.model.costs import CostBreakdown
from advisor.model.distinct import first_rows, row_codes
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Purchase, Service, UsageBand, Workload

EXACT_KEPT = 5_000
"""Engine results kept for reuse by identical rows (then the memo starts over): a portfolio of
mostly distinct rows priced line item by line item must not hold them all in memory."""

_REASON_BLIND = ("tasks", "hours_per_month", "cpu_util", "mem_util")
"""Fields that never change whether a row can be priced at all (bar tasks > 0, kept apart)."""

REFERENCE_NAME = "service"
"""The service name reference workloads use; names never change a cost."""


@dataclass(frozen=True, slots=True)
class SinglePriced:
    """Single-service rows priced: [rows, options] costs, line items, why a row has none."""

    monthly: np.ndarray
    items: list[list[tuple[Any, ...]]]
    unpriced: dict[int, str]
    incomplete: np.ndarray
    """[rows, options]: priced, but without a rate the region's catalog lacks."""
    requested: np.ndarray
    """[rows, options]: the options `estimate` prices for the row (Spot only when spot_ok)."""


class SinglePricer:
    """Prices single-service rows; engine results and linear forms are memoized across chunks.

    `catalog(region)` is the batch's memoized loader: a catalog, or why the region has none
    (rows of such regions have failed before they reach here).
    """

    def __init__(
        self,
        options: BatchOptions,
        catalog: Callable[[str], PriceCatalog | str],
        *,
        line_items: bool = False,
    ) -> None:
        self.options = options
        self.line_items = line_items
        self._catalog = catalog
        self._linear: dict[tuple[Any, ...], LinearModel | None] = {}
        self._exact: dict[tuple[Any, ...], dict[str, CostBreakdown]] = {}
        self._reasons: dict[tuple[Any, ...], str] = {}
        self._exact_items: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
        self._missing: dict[str, dict[str, tuple[str, ...]]] = {}
        self._option_ids = options.option_ids
        self._platforms = [p for p, _ in options.options]
        self._purchases = [q for _, q in options.options]

    def catalog(self, region: str) -> PriceCatalog:
        found = self._catalog(region)
        assert not isinstance(found, str)  # rows without a catalog failed before pricing
        return found

    def missing(self, region: str) -> dict[str, tuple[str, ...]]:
        """What each option leaves out in `region` (`CostBreakdown.missing`), memoized.

        Missing rates are the region's add-on and root-volume rates, the same for every row of
        the region, so one task of the reference service tells them for all.
        """
        if region not in self._missing:
            workload = self.options.workload((Service(REFERENCE_NAME, 1.0, 2.0, spot_ok=True),), region)
            self._missing[region] = {r.option_id: r.missing for r in estimate(workload, self.catalog(region))}
        return self._missing[region]

    def _requested(self, values: Mapping[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
        """[rows, options]: which options `estimate` prices for each single-service row."""
        mask = np.ones((len(rows), len(self._purchases)), dtype=bool)
        if self.options.purchases is None:
            spot = values["spot_ok"][rows]
            for j, purchase in enumerate(self._purchases):
                if purchase is Purchase.SPOT:
                    mask[:, j] = spot
        return mask

    def kind_results(
        self, values: Mapping[str, np.ndarray], i: int, region: str, options: list[str]
    ) -> dict[str, CostBreakdown]:
        """Row i's service priced by the engine on `options` (for the row's notes)."""
        workload = self._reference(values, i, region)
        catalog = self.catalog(region)
        return {
            o: price_option(workload, catalog, self._platforms[j], self._purchases[j])
            for j, o in enumerate(self._option_ids)
            if o in options
        }

    def _reference(
        self, values: Mapping[str, np.ndarray], i: int, region: str, band: UsageBand | None = None
    ) -> Workload:
        return self.options.workload((service_of(values, i, REFERENCE_NAME, band),), region)

    def _linear_model(
        self, j: int, values: Mapping[str, np.ndarray], i: int, region: str, key: tuple[Any, ...]
    ) -> LinearModel | None:
        if key in self._linear:
            return self._linear[key]
        catalog = self.catalog(region)
        platform, purchase = self._platforms[j], self._purchases[j]
        scale, _ = LINEAR_MODELS[platform]
        tasks = 1 if scale == TASK_HOURS else int(values["tasks"][i])
        at = [
            price_option(self._reference(values, i, region, UsageBand(tasks, h)), catalog, platform, purchase)
            for h in (1.0, 2.0)
        ]
        model = linear_from(*at)
        self._linear[key] = model
        return model

    def _full_key(self, values: Mapping[str, np.ndarray], regions: np.ndarray, i: int) -> tuple[Any, ...]:
        return (regions[i], *(scalar(values[f][i]) for f in SERVICE_FIELDS))

    def _reason_key(self, values: Mapping[str, np.ndarray], regions: np.ndarray, i: int) -> tuple[Any, ...]:
        """What decides why a row cannot be priced: not its hours or utilization, only whether
        it has tasks (the rule-outs are about sizes, OS, needs, Spot tolerance and prices)."""
        fields = (f for f in SERVICE_FIELDS if f not in _REASON_BLIND)
        return (regions[i], values["tasks"][i] > 0, *(scalar(values[f][i]) for f in fields))

    def _exact_results(
        self, values: Mapping[str, np.ndarray], regions: np.ndarray, i: int
    ) -> tuple[tuple[Any, ...], dict[str, CostBreakdown]]:
        key = self._full_key(values, regions, i)
        if key not in self._exact:
            if len(self._exact) >= EXACT_KEPT:
                self._exact.clear()
            catalog = self.catalog(regions[i])
            results = estimate(self._reference(values, i, regions[i]), catalog)
            self._exact[key] = {r.option_id: r for r in results}
        return key, self._exact[key]

    def price(self, rows: np.ndarray, values: Mapping[str, np.ndarray], regions: np.ndarray) -> SinglePriced:
        """Monthly costs of single-service rows (positions in the chunk), [rows, options]."""
        width = len(self._platforms)
        monthly = np.full((len(rows), width), np.nan)
        requested = self._requested(values, rows)
        exact = np.zeros((len(rows), width), dtype=bool)
        task_hours = values["tasks"][rows] * values["hours_per_month"][rows]
        hours = values["hours_per_month"][rows]
        linear_reasons: dict[int, tuple[np.ndarray, list[LinearModel]]] = {}
        kinds = None  # the EC2 rows' kinds, found with the first EC2 option
        for j, platform in enumerate(self._platforms):
            which = np.flatnonzero(requested[:, j])
            if not self.line_items and platform in ec2_rows.MODELS:
                plain = ec2_rows.plain({f: values[f][rows[which]] for f in ("gpu_count", "daemon")})
                vector = which[plain]
                exact[which[~plain], j] = True
                if kinds is None:
                    kinds = ec2_rows.kind_codes(values)
                monthly[vector, j] = self._ec2_monthly(j, values, regions, rows[vector], kinds)
                continue
            if self.line_items or platform not in LINEAR_MODELS:
                exact[which, j] = True
                continue
            scale, fields = LINEAR_MODELS[platform]
            at = rows[which]
            columns = [regions[at]] + [values[f][at] for f in fields]
            if scale == HOURS:
                columns.append(values["tasks"][at])
            codes = row_codes(columns)
            first = first_rows(codes)
            models: list[LinearModel] = []
            broken = np.zeros(len(first), dtype=bool)
            keys = zip(*(c[first].tolist() for c in columns), strict=True)
            for u, (pos, key_cells) in enumerate(zip(first.tolist(), keys, strict=True)):
                i = int(at[pos])
                key = (j, *key_cells)
                model = self._linear_model(j, values, i, regions[i], key)
                broken[u] = model is None
                models.append(model or LinearModel(False))
            monthly[which, j] = evaluate_rows(
                models, codes, task_hours[which] if scale == TASK_HOURS else hours[which]
            )
            exact[which[broken[codes]], j] = True
            model_of_row = np.full(len(rows), -1, dtype=np.int64)
            model_of_row[which] = codes
            linear_reasons[j] = (model_of_row, models)
        items: list[list[tuple[Any, ...]]] = [[] for _ in rows] if self.line_items else []
        exact_results: dict[int, Mapping[str, CostBreakdown]] = {}
        for r in np.flatnonzero(exact.any(axis=1)).tolist():
            key, results = self._exact_results(values, regions, int(rows[r]))
            exact_results[r] = results
            for j in np.flatnonzero(exact[r]).tolist():
                result = results[self._option_ids[j]]
                monthly[r, j] = float(result.monthly_usd) if result.feasible else np.nan
            if self.line_items:
                items[r] = self._items_of(key, results, requested[r])
        incomplete = np.zeros((len(rows), width), dtype=bool)
        for region, members in pd.Series(regions[rows]).groupby(regions[rows], sort=False).indices.items():
            missing = self.missing(str(region))
            flags = np.array([bool(missing.get(o)) for o in self._option_ids], dtype=bool)
            incomplete[members] = flags[None, :]
        for r, found in exact_results.items():
            incomplete[r] = [bool(found[o].missing) if o in found else False for o in self._option_ids]
        incomplete &= ~np.isnan(monthly)
        unpriced: dict[int, str] = {}
        for r in np.flatnonzero(np.isnan(monthly).all(axis=1)).tolist():
            reason_key = (self._reason_key(values, regions, int(rows[r])), tuple(requested[r].tolist()))
            if reason_key in self._reasons:
                unpriced[r] = self._reasons[reason_key]
                continue
            reasons: list[str] = []
            for j in np.flatnonzero(requested[r]).tolist():
                if exact[r, j] or j not in linear_reasons:  # the engine says why (EC2 options too)
                    if r not in exact_results:
                        exact_results[r] = self._exact_results(values, regions, int(rows[r]))[1]
                    reasons += exact_results[r][self._option_ids[j]].reasons
                else:
                    model_of_row, models = linear_reasons[j]
                    reasons += models[model_of_row[r]].reasons
            unpriced[r] = self._reasons[reason_key] = unpriced_reason(reasons)
        return SinglePriced(monthly, items, unpriced, incomplete, requested)

    def _ec2_monthly(
        self, j: int, values: Mapping[str, np.ndarray], regions: np.ndarray, at: np.ndarray, kinds: np.ndarray
    ) -> np.ndarray:
        """Option j (ECS or EKS on EC2) for plain single-service rows `at`, region by region
        (`kinds`: the chunk's `ec2_rows.kind_codes`)."""
        out = np.full(len(at), np.nan)
        for region, members in pd.Series(regions[at]).groupby(regions[at], sort=False).indices.items():
            catalog = self.catalog(str(region))
            reference = self._reference(values, int(at[members[0]]), str(region))
            subset = {f: values[f][at[members]] for f in ec2_rows.ROW_FIELDS}
            out[members] = ec2_rows.monthly_usd(
                reference, catalog, self._platforms[j], self._purchases[j], subset, kinds=kinds[at[members]]
            )
        return out

    def _items_of(
        self, key: tuple[Any, ...], results: Mapping[str, CostBreakdown], requested: np.ndarray
    ) -> list[tuple[Any, ...]]:
        cache_key = (*key, tuple(requested.tolist()))
        if cache_key not in self._exact_items:
            if len(self._exact_items) >= EXACT_KEPT:
                self._exact_items.clear()
            lines: list[tuple[Any, ...]] = []
            for j, option in enumerate(self._option_ids):
                if requested[j] and option in results:
                    lines.extend(item_lines(results[option]))
            self._exact_items[cache_key] = lines
        return self._exact_items[cache_key]
