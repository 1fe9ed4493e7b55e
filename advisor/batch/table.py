"""Batch estimates: a table of services in, one priced result per input row out.

The pure core of `python -m advisor batch` (the CLI reads and writes the files; nothing here
does I/O). A row is one service with the workload file's service keys as columns
(`advisor.model.workload_file.SERVICE_KEYS`, scalar ones only) plus `region` and an optional `group`;
rows that share a group are one workload, priced together (multi-service packing).

The steps live in their own modules: `columns` (the header), `validation` (rows
checked by `service_from_dict`, the function workload files use, once per distinct cell),
`rows` (options and per-row services), `single` and `linear` (single-service
rows), `groups` (grouped rows), `advice` (the advice per row), `results`
(what comes back, and the totals) and `pricer` (the chunk loop). This module prices a
whole table in memory.

Pricing is `engine.price_option`, memoized on the fields each cost model reads, and broadcast
to every row with numpy. Two exact identities make that cheap (see `linear`):

- Fargate: every line item's quantity is `task_hours × coefficient` or a constant (the EKS
  control plane), with `task_hours = tasks × hours_per_month`, so one evaluation at
  `task_hours = 1` prices every task count and every number of hours;
- EC2: the packed fleet depends on the peak task count, not on the hours, and every line item
  is `hours × coefficient` or a constant, so one evaluation per task count prices every hours.

The products and the sum are computed in the engine's order with IEEE float64, so the batch
figures are the engine's figures bit for bit, not approximately; tests check it row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from advisor.batch.columns import Columns, resolve_columns
from advisor.batch.pricer import BatchPricer, CatalogFor
from advisor.batch.results import ChunkResult, Summary
from advisor.batch.rows import BatchOptions
from advisor.model.prices import PriceSource

# --- a whole table in memory ------------------------------------------------------------------

DEFAULT_CHUNK_ROWS = 100_000
LONG_CHUNK_ROWS = 10_000
"""Rows per chunk in the long layout: each row makes a dozen or more line-item rows, so its
chunks are smaller to keep memory flat."""


def chunk_rows_for(layout: str) -> int:
    """Input rows priced and written at a time for a report layout ('wide' or 'long')."""
    return LONG_CHUNK_ROWS if layout == "long" else DEFAULT_CHUNK_ROWS


@dataclass(frozen=True, slots=True)
class BatchReport:
    """A whole table priced in memory: what `report.to_csv_bytes` writes.

    The CLI streams the same chunks to its output instead of keeping them, so a report built
    here and the CLI's output are the same bytes. `source` is the price source named in the
    report's header (the default region's, else the first region's priced).
    """

    options: BatchOptions
    columns: Columns
    source: PriceSource | None
    chunks: tuple[ChunkResult, ...]
    summary: Summary
    line_items: bool = False


def header_source(pricer: BatchPricer) -> PriceSource | None:
    """The price source a report's header names: the default region's, else the first seen."""
    sources = pricer.summary.sources
    default = (pricer.options.region or "").strip().lower()
    if default in sources:
        return sources[default]
    return next(iter(sources.values()), None)


def price_table(
    frame: pd.DataFrame,
    options: BatchOptions,
    catalog_for: CatalogFor,
    *,
    line_items: bool = False,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> BatchReport:
    """Price a table of text cells (as read with dtype=str) in chunks; one result per row."""
    columns = resolve_columns(list(frame.columns))
    pricer = BatchPricer(columns, options, catalog_for, line_items=line_items)
    if options.region:
        pricer.catalog(options.region)  # named in the header even when no row uses it, as the CLI does
    pricer.price_groups(frame)
    chunks = tuple(
        pricer.price_chunk(frame.iloc[start : start + chunk_rows], start + 1)
        for start in range(0, len(frame), chunk_rows)
    )
    return BatchReport(options, columns, header_source(pricer), chunks, pricer.summary, line_items)
