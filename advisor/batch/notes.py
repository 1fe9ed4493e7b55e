"""The `notes` cell of a batch row: why an option's cell is blank, and which prices rest on an
assumption rather than a published rate (incomplete options are noted by `results`).

Why an option is infeasible, and whether it is priced on an assumption, depends on the kind
of service (size, OS, architecture, GPUs, Spot tolerance, region), not on its hours or
utilization; so each kind is priced once by the engine and its words reused for every row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from advisor.costing.managed import MANAGED
from advisor.model.costs import CostBreakdown
from advisor.model.distinct import first_rows, row_codes
from advisor.model.prices import Confidence

EC2_SPOT = ("ecs-ec2/spot", "eks-ec2/spot")
"""Their assumption (a type without a feed rate) depends on the packing: not noted per row."""

_SIZE_WORDS = re.compile(r"\d(?:\.\d+)? ?(?:vCPU|GB|GiB|MiB)")
"""A reason that names a size (a task above Fargate's largest, a task no type holds)."""

KINDS_KEPT = 5_000
"""Kinds of service whose words are kept (then the memo starts over)."""

KIND_FIELDS = ("arch", "os", "spot_ok", "gpu_count", "privileged", "daemon")
"""With the region, whether the row has tasks and which options are blank, what the notes
depend on; a row with an infeasible option also keys on its size (the reasons name it)."""
SIZE_FIELDS = ("vcpu", "memory_gb", "storage_gb")

SIZE_BLIND_ASSUMPTIONS = ("ec2_spot_discount",)
"""Assumptions a fleet uses only for some instance types (those without a Spot feed rate),
so whether a row's option uses them depends on its packing: stated once in the report's
assumptions, not per row."""


OptionStatus = tuple[bool, Sequence[str], str]
"""An option's (feasible, reasons, assumptions it is priced on) as a note needs them."""


def _assumptions(sources: Iterable[str]) -> str:
    """'fargate_spot_discount=0.7' from the sources of an option's assumption-based items."""
    return ", ".join(
        sorted(
            {
                source.split(" applied to")[0].removeprefix("assumption ")
                for source in sources
                if source.startswith("assumption")
                and not any(f"assumption {a}=" in source for a in SIZE_BLIND_ASSUMPTIONS)
            }
        )
    )


def status_of(result: CostBreakdown) -> OptionStatus:
    assumed = _assumptions(i.source for i in result.line_items if i.confidence is Confidence.ASSUMPTION)
    return result.feasible, result.reasons, assumed


def status_of_dict(option: Mapping[str, Any]) -> OptionStatus:
    """The same from an option of the JSON payload (`reporting.payload.option_dict`)."""
    items = option["line_items"]
    return (
        option["feasible"],
        option["reasons"],
        _assumptions(i["source"] for i in items if i["confidence"] == "assumption"),
    )


def option_notes(status: Mapping[str, OptionStatus], asked: Sequence[str], blank: Sequence[str]) -> str:
    """The note of one row: options not asked for, not feasible (why), priced on assumptions."""
    clauses = []
    unasked = [o for o in blank if o not in asked]
    if unasked:
        clauses.append(f"not asked: {', '.join(unasked)} (Spot only for spot_ok rows)")
    for option in blank:
        if option in asked and option in status and not status[option][0]:
            clauses.append(f"not feasible: {option}: {'; '.join(status[option][1])}")
    for option in asked:
        if option not in blank and option in status and status[option][0] and status[option][2]:
            clauses.append(f"assumption: {option} priced on {status[option][2]}, not a published rate")
    return "; ".join(clauses)


class RowNotes:
    """Notes for single-service rows; `estimate_kind(values, i, region, options)` prices row i's
    kind of service with the engine on those options, returning results by option id. Only
    the options a note needs are priced: the blank ones asked for (why) and those whose rates
    may rest on an assumption (purchases other than on-demand, except EC2 Spot; every option of
    a managed platform, whose fee offline is `management_fee_fraction`)."""

    def __init__(
        self,
        option_ids: Sequence[str],
        estimate_kind: Callable[[Mapping[str, np.ndarray], int, str, list[str]], Mapping[str, CostBreakdown]],
    ) -> None:
        self.option_ids = tuple(option_ids)
        self._estimate_kind = estimate_kind
        self._kinds: dict[tuple[Any, ...], Mapping[str, CostBreakdown]] = {}

    def notes(
        self,
        rows: np.ndarray,
        values: Mapping[str, np.ndarray],
        regions: np.ndarray,
        monthly: np.ndarray,
        requested: np.ndarray,
    ) -> np.ndarray:
        """One note per row (`rows`: positions in `values`; `monthly`, `requested` per row)."""
        out = np.full(len(rows), "", dtype=object)
        if not len(rows):
            return out
        weights = 1 << np.arange(monthly.shape[1], dtype=np.int64)
        blank = np.isnan(monthly)
        kind = [
            regions[rows],
            values["tasks"][rows] > 0,
            *(values[f][rows] for f in KIND_FIELDS),
            blank @ weights,
            requested @ weights,
        ]
        sizes = [values[f][rows] for f in SIZE_FIELDS]
        codes = row_codes(kind)
        first = first_rows(codes)
        order = np.argsort(codes, kind="stable")  # rows grouped by kind, in row order
        bounds = np.searchsorted(codes[order], np.arange(len(first) + 1))
        for code, pos in enumerate(first.tolist()):
            context = {
                "rows": rows,
                "values": values,
                "regions": regions,
                "blank": blank,
                "requested": requested,
            }
            text, sized = self._text(kind, pos, **context)
            members = order[bounds[code] : bounds[code + 1]]
            if not sized:
                out[members] = text
                continue
            # the reasons name a size: every size of this kind gets its own words
            sub = row_codes([c[members] for c in sizes])
            sub_first = first_rows(sub)
            for s_code, s_pos in enumerate(sub_first.tolist()):
                p = int(members[s_pos])
                out[members[sub == s_code]] = self._text([*kind, *sizes], p, **context)[0]
        return out

    def _text(
        self,
        columns: Sequence[np.ndarray],
        pos: int,
        *,
        rows: np.ndarray,
        values: Mapping[str, np.ndarray],
        regions: np.ndarray,
        blank: np.ndarray,
        requested: np.ndarray,
    ) -> tuple[str, bool]:
        """The note of the row at `pos`, and whether its reasons name a size."""
        i = int(rows[pos])
        key = tuple(c[pos].item() if hasattr(c[pos], "item") else c[pos] for c in columns)
        if key not in self._kinds:
            if len(self._kinds) >= KINDS_KEPT:
                self._kinds.clear()
            discounted = np.array(
                [
                    (not o.endswith("/on-demand") and o not in EC2_SPOT) or o.split("/")[0] in MANAGED
                    for o in self.option_ids
                ]
            )
            needed = requested[pos] & (blank[pos] | discounted)
            wanted = [o for j, o in enumerate(self.option_ids) if needed[j]]
            self._kinds[key] = self._estimate_kind(values, i, str(regions[i]), wanted)
        results = {o: status_of(r) for o, r in self._kinds[key].items()}
        asked = [o for j, o in enumerate(self.option_ids) if requested[pos, j]]
        empty = [o for j, o in enumerate(self.option_ids) if blank[pos, j]]
        sized = any(_SIZE_WORDS.search(reason) for o in empty if o in results for reason in results[o][1])
        return option_notes(results, asked, empty), sized
