"""Whole reports as bytes: the one place the CLI and the dashboard's downloads get them from.

`to_csv_bytes` and `to_jsonl_bytes` take a priced batch (`batch.BatchReport`) or an
`estimate_payload` (the dashboard's workload, one row per service); the CLI's `batch` command
streams the same head, rows and tail chunk by chunk, so both give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.batch.layouts import csv_rows, empty_csv_rows, jsonl_bytes, jsonl_rows
from advisor.batch.meta import batch_meta, batch_totals, csv_head, csv_tail
from advisor.batch.table import BatchReport
from advisor.reporting.payload_report import payload_report
from advisor.reporting.xlsx import batch_sheets, estimate_sheets, workbook_bytes


def to_csv_bytes(report: BatchReport | Mapping[str, Any], layout: str = "wide") -> bytes:
    """A whole report as CSV bytes: the one function the CLI and the dashboard both use.

    `report` is a `batch.BatchReport` or an `estimate_payload` (the dashboard's workload, one
    row per service; see `payload_report`). The CLI's `batch` command streams exactly these
    bytes, chunk by chunk.
    """
    if not isinstance(report, BatchReport):
        report = payload_report(report, line_items=layout == "long")
    out = [csv_head(batch_meta(report.options, report.columns, report.source, layout))]
    if report.chunks:
        out += [csv_rows(chunk, layout, header=i == 0) for i, chunk in enumerate(report.chunks)]
    else:
        out.append(empty_csv_rows(report.columns, report.options.option_ids, layout))
    out.append(csv_tail(batch_totals(report.summary)))
    return b"".join(out)


def to_jsonl_bytes(report: BatchReport | Mapping[str, Any], layout: str = "wide") -> bytes:
    """A whole report as JSON Lines: a meta record, one record per row, a totals record."""
    if not isinstance(report, BatchReport):
        report = payload_report(report, line_items=layout == "long")
    out = [jsonl_bytes([batch_meta(report.options, report.columns, report.source, layout)])]
    out += [jsonl_rows(chunk, layout) for chunk in report.chunks]
    out.append(jsonl_bytes([batch_totals(report.summary)]))
    return b"".join(out)


def to_xlsx_bytes(report: BatchReport | Mapping[str, Any]) -> bytes:
    """A whole report as an Excel workbook: an `estimate_payload` (the estimate's sheets) or a
    priced batch. The CLI's `--format xlsx` and the dashboard's download both call it."""
    if isinstance(report, BatchReport):
        meta = batch_meta(
            report.options, report.columns, report.source, "long" if report.line_items else "wide"
        )
        return workbook_bytes(batch_sheets(meta, batch_totals(report.summary), report.chunks))
    return workbook_bytes(estimate_sheets(report))
