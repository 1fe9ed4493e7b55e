"""Pricing the groups of a batch input: a group's rows are one workload, priced together.

A group's rows may be anywhere in the file, so every group is priced before the rows are
written; `compare` prices the workload (multi-service packing) and each line item goes to the
row of its service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from advisor.batch.advice import baseline_index
from advisor.batch.notes import option_notes, status_of
from advisor.batch.results import GroupTotal, allocation_lines, item_lines
from advisor.batch.rows import BatchOptions, ParsedRows, service_of, unpriced_reason
from advisor.decision.allocation import allocate
from advisor.decision.recommend import Comparison, compare
from advisor.model.checks import InvalidWorkload
from advisor.model.money import cents_array, split_cents
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Platform, Purchase, Service

_MAX_LISTED = 5
"""Failed rows named in a group's error before '…'."""


@dataclass(slots=True)
class GroupRows:
    """A priced group, spread over its rows (positions follow the group's input order)."""

    total: GroupTotal
    monthly: np.ndarray
    recommended: int
    savings: np.ndarray
    errors: list[str]
    items: list[list[tuple[Any, ...]]]
    note: str = ""
    """Why the group's blank options are blank, and which rest on an assumption (`notes`)."""
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per option id, what the group's priced option leaves out (`CostBreakdown.missing`)."""


class GroupPricer:
    """Prices every group of a parsed input and keeps each group's rows for the chunks.

    `catalog(region)` is the batch's memoized loader (a catalog, or why there is none).
    """

    def __init__(self, options: BatchOptions, catalog: Callable[[str], PriceCatalog | str]) -> None:
        self.options = options
        self._catalog = catalog
        self.groups: dict[str, GroupRows] = {}
        self._of_row: dict[int, tuple[str, int]] = {}
        self._option_ids = options.option_ids
        self._platforms = [p for p, _ in options.options]
        fargate = (Platform.ECS_FARGATE, Purchase.ON_DEMAND)
        self.baseline = options.options.index(fargate) if fargate in options.options else None

    def of_row(self, row: int) -> tuple[GroupRows, int] | None:
        """The priced group of input row `row` (1-based) and the row's position in it."""
        found = self._of_row.get(row)
        return None if found is None else (self.groups[found[0]], found[1])

    def price_all(self, rows: ParsedRows) -> None:
        """Price every group among `rows` (rows with group '' are not in one)."""
        codes, uniques = pd.factorize(rows.groups)
        for g, group in enumerate(uniques):
            if group == "":
                continue
            members = np.flatnonzero(codes == g)
            self.groups[group] = self._price_group(group, members, rows)
            for position, i in enumerate(members.tolist()):
                self._of_row[int(rows.row[i])] = (group, position)

    def _price_group(self, group: str, members: np.ndarray, parsed: ParsedRows) -> GroupRows:
        row, values, names, regions, errors = (
            parsed.row,
            parsed.values,
            parsed.names,
            parsed.regions,
            parsed.errors,
        )
        width = len(self._platforms)
        n = len(members)
        rows = tuple(int(row[i]) for i in members)
        member_errors = [str(errors[i]) for i in members]
        member_names = [str(names[i]) for i in members]
        member_regions = sorted({str(regions[i]) for i in members})
        region = member_regions[0]
        blank = GroupRows(
            GroupTotal(group, ",".join(member_regions), rows),
            np.full((n, width), np.nan),
            -1,
            np.full(n, np.nan),
            member_errors,
            [[] for _ in range(n)],
        )
        failed = [r for r, e in zip(rows, member_errors, strict=True) if e]
        duplicates = sorted({x for x in member_names if member_names.count(x) > 1})
        if len(member_regions) > 1 and not failed:
            for k, r in enumerate(rows):
                blank.errors[k] = f"row {r}: " + str(
                    InvalidWorkload(
                        "region",
                        str(regions[members[k]]),
                        f"group {group!r} mixes regions {', '.join(member_regions)}; "
                        "a group is one workload in one region",
                    )
                )
        elif duplicates and not failed:
            for k, r in enumerate(rows):
                blank.errors[k] = f"row {r}: " + str(
                    InvalidWorkload("name", member_names[k], f"names must be unique within group {group!r}")
                    if member_names[k] in duplicates
                    else InvalidWorkload("group", group, f"not priced: duplicate names {duplicates}")
                )
        elif failed:
            listed = ", ".join(map(str, failed[:_MAX_LISTED])) + (" …" if len(failed) > _MAX_LISTED else "")
            for k, r in enumerate(rows):
                if not blank.errors[k]:
                    blank.errors[k] = f"row {r}: " + str(
                        InvalidWorkload("group", group, f"not priced: row(s) {listed} of the group failed")
                    )
        if any(blank.errors):
            blank.total.error = next(e for e in blank.errors if e)
            return blank
        catalog = self._catalog(region)
        assert not isinstance(catalog, str)  # rows without a catalog failed before pricing
        services = [service_of(values, int(i), member_names[k]) for k, i in enumerate(members)]
        comparison = compare(self.options.workload(services, region), catalog, analyses=False)
        return self._spread(blank, comparison, services)

    def _spread(self, priced: GroupRows, comparison: Comparison, services: list[Service]) -> GroupRows:
        """Each row gets its service's cost (`decision.allocation`): its own line items, and its
        shares of the shared fleet hours and of the idle and overhead costs as two lines."""
        position = {s.name: k for k, s in enumerate(services)}
        by_option = {r.option_id: r for r in comparison.results}
        for j, option in enumerate(self._option_ids):
            result = by_option.get(option)
            if result is None:
                continue
            if not result.feasible:
                priced.items[0].extend(item_lines(result))
                continue
            allocated = allocate(result, services)
            for item in result.line_items:
                if item.service in position:
                    priced.items[position[item.service]].extend(item_lines(result, (item,)))
            for k, share in enumerate(allocated):
                priced.items[k].extend(allocation_lines(option, share, allocated))
            priced.monthly[:, j] = split_cents(result.monthly_usd, [a.cost_usd for a in allocated])
            priced.missing[option] = result.missing
            priced.total.monthly[option] = float(result.monthly_usd)
        asked = [o for o in self._option_ids if o in by_option]
        blank = [o for o in self._option_ids if o not in by_option or not by_option[o].feasible]
        priced.note = option_notes({o: status_of(r) for o, r in by_option.items()}, asked, blank)
        rec = comparison.recommendation
        if rec is None:
            reason = unpriced_reason([x for r in comparison.results for x in r.reasons])
            priced.errors = [f"row {r}: {reason}" for r in priced.total.rows]
            priced.total.error = priced.errors[0]
        else:
            best = self.options.options.index((rec.platform, rec.purchase))
            priced.recommended = best
            priced.total.recommended = self.options.option_ids[best]
            priced.total.recommended_monthly = float(rec.monthly_usd)
            totals = np.array([priced.total.monthly.get(o, np.nan) for o in self.options.option_ids])
            base = int(baseline_index(totals[None, :], np.array([best]), self.baseline)[0])
            if base >= 0:
                priced.savings = cents_array(priced.monthly[:, base]) - cents_array(priced.monthly[:, best])
                priced.total.savings = float(cents_array(totals[[base]])[0] - cents_array(totals[[best]])[0])
        return priced

    # -- chunks --
