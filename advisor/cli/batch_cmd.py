"""`python -m advisor batch`: price a CSV of services, one result per input row.

    python -m advisor batch services.csv -o report.csv [--layout wide|long] [--region R]
        [--platforms ...] [--purchases ...] [--format csv|json] [--source snapshot|live|auto]

The input streams through in chunks (memory stays flat however long the file is), except when
it has a `group` column: a group's rows may be anywhere in the file, so the file is then read
whole before pricing. Exit codes: 0 every row priced; 1 some rows failed (each has its error
in the report: a bad cell or a row with more or fewer fields than the header fails only
its row, never shifted); 2 the input cannot be used (missing file, no header, no vcpu or
memory_gb column, an unterminated quote, not UTF-8).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pandas as pd

from advisor.batch.columns import BatchInputError, Columns, resolve_columns
from advisor.batch.layouts import LAYOUTS, csv_rows, empty_csv_rows, jsonl_bytes, jsonl_rows
from advisor.batch.meta import batch_meta, batch_totals, csv_head, csv_tail
from advisor.batch.pricer import BatchPricer
from advisor.batch.results import ChunkResult
from advisor.batch.rows import BatchOptions
from advisor.batch.table import chunk_rows_for, header_source
from advisor.cli.csv_input import Chunk, read_chunks
from advisor.cli.files import check_output, output_stream
from advisor.cli.options import add_option_flags, add_source_flags
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import Platform, Purchase
from advisor.model.workload_file import assumptions_from_dict, choices_from
from advisor.reporting.xlsx import batch_sheets, workbook_bytes
from pricing import load_catalog

NAME = "batch"

EXIT_OK = 0
EXIT_ROWS_FAILED = 1
EXIT_UNUSABLE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="price a CSV of services (one result per row) for finance reports",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", help="CSV file of services, '-' for stdin")
    parser.add_argument("-o", "--output", default="-", help="report file, '-' for stdout (default)")
    parser.add_argument("--layout", choices=LAYOUTS, default="wide")
    parser.add_argument(
        "--format",
        choices=("csv", "json", "xlsx"),
        default="csv",
        help="json: JSON Lines; xlsx: an Excel workbook (needs -o FILE; up to 1,048,575 rows)",
    )
    parser.add_argument("--region", help="region of rows without one")
    add_option_flags(
        parser,
        workload=False,
        purchases_help=" (default: on-demand, and spot for spot_ok rows)",
        assume_help="override an assumption for every row, e.g. --assume savings_plan_1y_discount=0.2",
    )
    add_source_flags(parser)
    parser.add_argument("--chunk-rows", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: only when stderr is a terminal)",
    )
    parser.set_defaults(run=run)


def options_from_args(args: argparse.Namespace) -> BatchOptions:
    """What every row is priced on, from --platforms, --purchases, --assume and --region."""
    return BatchOptions(
        assumptions=assumptions_from_dict(dict(args.assume) or None),
        region=args.region.strip().lower() if args.region else None,
        platforms=choices_from(args.platforms, Platform, "--platforms") or tuple(Platform),
        purchases=choices_from(args.purchases, Purchase, "--purchases") or None,
        kubernetes=args.kubernetes,
    )


class _Counting(io.RawIOBase):
    """A binary input that counts the bytes read (for the progress bar's percentage)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)


class Progress:
    """A one-line progress bar on stderr, redrawn per chunk; silent unless enabled."""

    def __init__(self, stream: IO[str], enabled: bool, total_bytes: int | None) -> None:
        self.stream = stream
        self.enabled = enabled
        self.total_bytes = total_bytes
        self.started = time.perf_counter()
        self.drawn = False

    def update(self, rows: int, read_bytes: int) -> None:
        if not self.enabled:
            return
        rate = rows / max(time.perf_counter() - self.started, 1e-9)
        text = f"{rows:,} rows, {rate:,.0f} rows/s"
        if self.total_bytes:
            share = min(1.0, read_bytes / self.total_bytes)
            filled = int(share * 30)
            text = f"[{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} " + text
        self.stream.write("\r" + text)
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


class _Writer:
    """Writes a report's head, chunks and tail in the chosen format and layout."""

    def __init__(self, out: IO[bytes], fmt: str, layout: str) -> None:
        self.out = out
        self.fmt = fmt
        self.layout = layout
        self.chunks = 0
        self.kept: list[ChunkResult] = []
        self.meta: dict = {}

    def head(self, meta: dict) -> None:
        if self.fmt == "xlsx":
            self.meta = meta  # a workbook is written whole, at the end
            return
        self.out.write(csv_head(meta) if self.fmt == "csv" else jsonl_bytes([meta]))

    def rows(self, result: ChunkResult) -> None:
        if self.fmt == "xlsx":
            self.kept.append(result)
        elif self.fmt == "csv":
            self.out.write(csv_rows(result, self.layout, header=self.chunks == 0))
        else:
            self.out.write(jsonl_rows(result, self.layout))
        self.chunks += 1

    def tail(self, totals: dict, columns: Columns, option_ids: tuple[str, ...]) -> None:
        if self.fmt == "xlsx":
            self.out.write(workbook_bytes(batch_sheets(self.meta, totals, self.kept)))
        elif self.fmt == "csv":
            if self.chunks == 0:
                self.out.write(empty_csv_rows(columns, option_ids, self.layout))
            self.out.write(csv_tail(totals))
        else:
            self.out.write(jsonl_bytes([totals]))


def run(args: argparse.Namespace) -> int:
    options = options_from_args(args)
    if args.chunk_rows is None:
        args.chunk_rows = chunk_rows_for(args.layout)
    if args.chunk_rows < 1:
        raise InvalidWorkload("--chunk-rows", args.chunk_rows, "must be at least 1")
    if args.format == "xlsx" and args.output == "-":
        raise InvalidWorkload("--format", "xlsx", "writes a binary workbook: give -o FILE.xlsx")
    check_output(args.output)
    if args.output != "-" and args.input != "-" and Path(args.output).resolve() == Path(args.input).resolve():
        print("error: the output would overwrite the input; give another -o", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        raw: IO[bytes] = sys.stdin.buffer if args.input == "-" else open(args.input, "rb")  # noqa: SIM115
    except OSError as err:
        print(f"error: cannot read {args.input}: {err.strerror}", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        return _run(args, options, raw)
    except BatchInputError as err:
        print(f"error: {args.input}: {err}", file=sys.stderr)
        return EXIT_UNUSABLE
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()


def _frames(read: Iterator[Chunk], pricer: BatchPricer) -> Iterator[pd.DataFrame]:
    """The chunks' rows, each chunk's malformed rows handed to the pricer first."""
    for chunk in read:
        pricer.reject_rows(chunk.malformed)
        yield chunk.frame


def _run(args: argparse.Namespace, options: BatchOptions, raw: IO[bytes]) -> int:
    total = None if args.input == "-" else os.fstat(raw.fileno()).st_size
    counting = _Counting(raw)
    handle = io.BufferedReader(counting, buffer_size=1 << 20)
    read = read_chunks(handle, args.chunk_rows)
    first_chunk = next(read)
    columns = resolve_columns(list(first_chunk.frame.columns))

    def catalog_for(region: str) -> Any:
        return load_catalog(args.source, region, refresh=args.refresh)

    pricer = BatchPricer(columns, options, catalog_for, line_items=args.layout == "long")
    if options.region:
        found = pricer.catalog(options.region)
        if isinstance(found, str):
            print(f"error: --region {options.region!r}: {found}", file=sys.stderr)
            return EXIT_UNUSABLE
    pricer.reject_rows(first_chunk.malformed)
    first = first_chunk.frame
    chunks = _frames(read, pricer)
    if columns.has_group:
        # A group's rows can be anywhere: read the whole input, price the groups, then go on.
        whole = pd.concat([first, *chunks], ignore_index=True)
        pricer.price_groups(whole)
        chunks = (whole.iloc[i : i + args.chunk_rows] for i in range(0, len(whole), args.chunk_rows))
        first = next(chunks, whole.iloc[0:0])
    enabled = sys.stderr.isatty() if args.progress is None else args.progress
    progress = Progress(sys.stderr, enabled, total)
    with output_stream(args.output) as out:
        writer = _Writer(out, args.format, args.layout)
        result = pricer.price_chunk(first, 1) if len(first) else None
        writer.head(batch_meta(options, columns, header_source(pricer), args.layout))
        next_row = 1
        while result is not None:
            writer.rows(result)
            next_row += len(result)
            progress.update(next_row - 1, counting.read_bytes)
            chunk = next(chunks, None)
            result = pricer.price_chunk(chunk, next_row) if chunk is not None and len(chunk) else None
        writer.tail(batch_totals(pricer.summary), columns, options.option_ids)
    progress.close()
    return EXIT_ROWS_FAILED if pricer.summary.failed else EXIT_OK
