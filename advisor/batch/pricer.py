"""The batch pricer: validates chunks of rows, prices them and keeps the running totals.

Call `price_groups` with every row first when the input has a `group` column, then
`price_chunk` on the rows in order; single-service rows go to `single`, grouped rows to
`groups`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from advisor.batch.advice import recommend_rows, savings_vs_baseline
from advisor.batch.columns import GROUP_COLUMN, Columns
from advisor.batch.groups import GroupPricer
from advisor.batch.notes import RowNotes
from advisor.batch.results import ChunkResult, Summary, incomplete_note, long_items
from advisor.batch.rows import BatchOptions, ParsedRows
from advisor.batch.single import SinglePricer
from advisor.batch.validation import Validator
from advisor.model.checks import InvalidWorkload
from advisor.model.distinct import first_rows, row_codes
from advisor.model.prices import PriceCatalog, PricingError, UnknownRegion

CatalogFor = Callable[[str], PriceCatalog]
"""Loads a region's catalog (the CLI's loader); raises PricingError when it cannot."""


def _region_reason(err: PricingError) -> str:
    if isinstance(err, UnknownRegion):
        hint = f"; did you mean {', '.join(err.suggestions)}?" if err.suggestions else ""
        return f"not a region of the price catalog{hint}"
    return str(err)


def _joined(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Each row's two notes joined by '; ' (either may be ''), once per distinct pair: rows
    with the same words share one string, so a million rows hold a few thousand notes."""
    codes = row_codes([first, second])
    at = first_rows(codes)
    texts = ["; ".join(x for x in pair if x) for pair in zip(first[at], second[at], strict=True)]
    return np.array(texts, dtype=object)[codes]


class BatchPricer:
    """Prices a table of services chunk by chunk; engine results are memoized across chunks.

    Call `price_groups` with every row first when the input has a `group` column (a group's
    rows may be anywhere in the file), then `price_chunk` on the rows in order. `summary`
    holds the totals of every chunk priced so far.
    """

    def __init__(
        self, columns: Columns, options: BatchOptions, catalog_for: CatalogFor, *, line_items: bool = False
    ) -> None:
        self.columns = columns
        self.options = options
        self.line_items = line_items
        self.validator = Validator()
        self.summary = Summary(options.option_ids)
        self._catalog_for = catalog_for
        self._catalogs: dict[str, PriceCatalog | str] = {}
        self._single = SinglePricer(options, self.catalog, line_items=line_items)
        self._groups = GroupPricer(options, self.catalog)
        self._row_notes = RowNotes(options.option_ids, self._single.kind_results)
        self._platforms = [p for p, _ in options.options]
        self._purchases = [q for _, q in options.options]
        self._baseline = self._groups.baseline
        self._malformed: dict[int, str] = {}

    def reject_rows(self, errors: Mapping[int, str]) -> None:
        """Rows (by 1-based number) the reader found malformed: each keeps this error and is
        never priced. Call it before the chunk (or `price_groups`) that holds them."""
        self._malformed.update(errors)

    def catalog(self, region: str) -> PriceCatalog | str:
        """The region's catalog, or why it has none (memoized; loaded on first use)."""
        if region not in self._catalogs:
            try:
                catalog = self._catalog_for(region)
            except PricingError as err:
                self._catalogs[region] = _region_reason(err)
            else:
                self._catalogs[region] = catalog
                self.summary.sources[region] = catalog.source
        return self._catalogs[region]

    def _parse(self, chunk: pd.DataFrame, first_row: int) -> ParsedRows:
        """Validate a chunk; names (blank: 'row-<n>'), groups ('' none), regions and errors."""
        known = self.columns.renamed(chunk)
        row = np.arange(first_row, first_row + len(chunk), dtype=np.int64)
        values, errors = self.validator.validate(known, row)
        n = len(known)
        for number in [r for r in self._malformed if first_row <= r < first_row + n]:
            errors[number - first_row] = self._malformed[number]

        def text(column: str) -> np.ndarray:
            if column not in known.columns:
                return np.full(n, "", dtype=object)
            return known[column].astype(str).str.strip().to_numpy(dtype=object)

        names = text("name")
        blank = names == ""
        names[blank] = np.char.add("row-", row[blank].astype(str)).astype(object)
        groups = text(GROUP_COLUMN)
        region_codes, written = pd.factorize(text("region"))
        regions = np.array([r.lower() for r in written] + [""], dtype=object)[region_codes]  # each once
        default = (self.options.region or "").strip().lower()
        regions[regions == ""] = default
        codes, uniques = pd.factorize(regions)
        reasons = []
        for region in uniques:
            if not region:
                reasons.append("is required: give a region column or --region")
            else:
                found = self.catalog(region)
                reasons.append(found if isinstance(found, str) else "")
        for i in np.flatnonzero(errors == ""):
            reason = reasons[codes[i]]
            if reason:
                errors[i] = f"row {row[i]}: {InvalidWorkload('region', regions[i], reason)}"
        return ParsedRows(row, values, errors, names, groups, regions)

    def _notes(self, incomplete: np.ndarray, regions: np.ndarray) -> np.ndarray:
        """Each single row's note on what its incomplete options leave out ('' for none)."""
        out = np.full(len(regions), "", dtype=object)
        flagged = np.flatnonzero(incomplete.any(axis=1))
        if not len(flagged):
            return out
        weights = 1 << np.arange(incomplete.shape[1], dtype=np.int64)
        keys = pd.MultiIndex.from_arrays([regions[flagged], incomplete[flagged] @ weights])
        codes, uniques = pd.factorize(keys)
        texts = []
        for region, bits in uniques:
            missing = self._single.missing(str(region))
            texts.append(
                incomplete_note(
                    {
                        o: missing.get(o, ())
                        for j, o in enumerate(self.options.option_ids)
                        if int(bits) >> j & 1
                    }
                )
            )
        out[flagged] = np.array(texts, dtype=object)[codes]
        return out

    def price_groups(self, frame: pd.DataFrame, first_row: int = 1) -> None:
        """Price every group of the whole input (rows with a `group`), before `price_chunk`."""
        if not self.columns.has_group or not len(frame):
            return
        self._groups.price_all(self._parse(frame, first_row))
        self.summary.groups.update({name: g.total for name, g in self._groups.groups.items()})

    def price_chunk(self, chunk: pd.DataFrame, first_row: int) -> ChunkResult:
        """Price rows `first_row`, `first_row + 1`, … (1-based); one result per input row."""
        n = len(chunk)
        width = len(self._platforms)
        parsed = self._parse(chunk, first_row)
        row, values, errors, names, groups, regions = (
            parsed.row,
            parsed.values,
            parsed.errors,
            parsed.names,
            parsed.groups,
            parsed.regions,
        )
        monthly = np.full((n, width), np.nan)
        incomplete = np.zeros((n, width), dtype=bool)
        notes = np.full(n, "", dtype=object)
        recommended = np.full(n, -1, dtype=np.int64)
        savings = np.full(n, np.nan)
        items: list[list[tuple[Any, ...]]] = [[] for _ in range(n)] if self.line_items else []
        single = np.flatnonzero((errors == "") & (groups == ""))
        if len(single):
            priced = self._single.price(single, values, regions)
            monthly[single] = priced.monthly
            incomplete[single] = priced.incomplete
            notes[single] = self._notes(priced.incomplete, regions[single])
            ok = np.ones(len(single), dtype=bool)
            ok[list(priced.unpriced)] = False
            why = self._row_notes.notes(single[ok], values, regions, priced.monthly[ok], priced.requested[ok])
            notes[single[ok]] = _joined(notes[single[ok]], why)
            recommended[single] = recommend_rows(
                priced.monthly,
                self._platforms,
                self._purchases,
                self.options.kubernetes,
                complete=~priced.incomplete,
            )
            savings[single] = savings_vs_baseline(priced.monthly, recommended[single], self._baseline)
            for r, reason in priced.unpriced.items():
                errors[single[r]] = f"row {row[single[r]]}: {reason}"
            if self.line_items:
                for r, lines in zip(single.tolist(), priced.items, strict=True):
                    items[r] = lines
        for r in np.flatnonzero(groups != "").tolist():
            found = self._groups.of_row(int(row[r]))
            if found is None:
                raise RuntimeError(f"row {row[r]} is in group {groups[r]!r}: call price_groups first")
            priced_group, k = found
            errors[r] = priced_group.errors[k]
            monthly[r] = priced_group.monthly[k]
            incomplete[r] = [bool(priced_group.missing.get(o)) for o in self.options.option_ids]
            incomplete[r] &= ~np.isnan(monthly[r])
            incomplete_text = incomplete_note(
                {
                    o: priced_group.missing[o]
                    for j, o in enumerate(self.options.option_ids)
                    if incomplete[r, j]
                }
            )
            notes[r] = "; ".join(x for x in (incomplete_text, priced_group.note) if x and not errors[r])
            recommended[r] = priced_group.recommended if not errors[r] else -1
            savings[r] = priced_group.savings[k]
            if self.line_items:
                items[r] = priced_group.items[k]
        has = recommended >= 0
        recommended_monthly = np.full(n, np.nan)
        recommended_monthly[has] = monthly[np.flatnonzero(has), recommended[has]]
        result = ChunkResult(
            source=chunk,
            row=row,
            name=names,
            group=groups,
            region=regions,
            option_ids=self.options.option_ids,
            monthly=monthly,
            recommended=recommended,
            recommended_monthly=recommended_monthly,
            savings=savings,
            error=errors,
            items=long_items(items, row=row, name=names, group=groups, region=regions, error=errors)
            if self.line_items
            else None,
            incomplete=incomplete,
            notes=notes,
        )
        self.summary.add(result)
        return result
