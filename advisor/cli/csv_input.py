"""Reading a batch CSV in chunks, with each row's field count checked against the header.

pandas alone cannot tell a row with one field too many (`web,1,2,3,`: a trailing comma from a
spreadsheet export) from a good one: it would take the first column as an index and shift
every value left, pricing the wrong sizes. So the input is read in blocks of lines, each
row's fields are counted (vectorized, outside quotes), and pandas parses the block with
exactly the header's columns. A row with more or fewer fields than the header is kept, with
its error (`Chunk.malformed`); it is never priced and never shifted.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import numpy as np
import pandas as pd

from advisor.batch.columns import BatchInputError

_QUOTE, _NEWLINE, _CR = ord('"'), ord("\n"), ord("\r")

_DECIMAL_COMMA = r"^\s*([+-]?\d+),(\d+)\s*$"
"""A cell that is only a number with a decimal comma (a semicolon-delimited file's '0,5')."""

SEMICOLON_HINT = (
    "; it was read as semicolon-delimited (its header has more ';' than ','): save it as CSV "
    "with one delimiter throughout"
)


def delimiter_of(header_line: str) -> str:
    """',' or ';': a semicolon-delimited file (the spreadsheet default where the comma is the
    decimal mark) has more semicolons than commas in its header."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


@dataclass(frozen=True, slots=True)
class Chunk:
    """Rows of the input as text cells ('' for empty), and the malformed ones' errors by
    row number (1-based, the header not counted)."""

    frame: pd.DataFrame
    malformed: dict[int, str]


def _field_counts(block: bytes, sep: str) -> np.ndarray:
    """Fields of each non-blank row of a block of whole CSV rows: delimiters and newlines
    count only outside double quotes (an escaped quote `""` toggles twice)."""
    data = np.frombuffer(block, dtype=np.uint8)
    quote = data == _QUOTE
    # Outside quotes where the quotes so far are even (a running parity: no counts kept).
    outside = ~np.logical_xor.accumulate(quote) if quote.any() else np.ones(len(data), dtype=bool)
    ends = np.flatnonzero((data == _NEWLINE) & outside)
    if not len(data) or data[-1] != _NEWLINE:
        ends = np.append(ends, len(data))
    starts = np.concatenate(([0], ends[:-1] + 1))
    delimiters = np.flatnonzero((data == ord(sep)) & outside)
    counts = np.searchsorted(delimiters, ends) - np.searchsorted(delimiters, starts) + 1
    carriage = (ends > starts) & (data[np.minimum(ends, len(data)) - 1] == _CR)
    lengths = ends - starts - carriage.astype(np.int64)
    return counts[lengths > 0]


def _exact_counts(text: str, sep: str) -> np.ndarray:
    """The same, by the csv module (slower): when the fast count disagrees with pandas."""
    return np.array([len(row) for row in csv.reader(io.StringIO(text), delimiter=sep) if row], dtype=np.int64)


def _whole_rows(handle: IO[bytes], lines: int) -> bytes:
    """Up to `lines` lines, extended until no quoted field is left open."""
    block = b"".join(itertools.islice(handle, lines))
    while block.count(b'"') % 2:
        more = handle.readline()
        if not more:
            break  # an unterminated quote: pandas reports it
        block += more
    return block


def _header(handle: IO[bytes]) -> tuple[list[str], str]:
    block = _whole_rows(handle, 1)
    try:
        text = block.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BatchInputError(f"the input is not UTF-8 text: {err.reason} at byte {err.start}") from err
    sep = delimiter_of(text.splitlines()[0] if text else "")
    header = next(csv.reader(io.StringIO(text), delimiter=sep), None)
    if not header:
        raise BatchInputError("the input is empty: the first line must name the columns")
    seen: dict[str, int] = {}
    names = []
    for name in header:  # repeated names as pandas spells them ('vcpu', 'vcpu.1'): columns reports them
        names.append(f"{name}.{seen[name]}" if name in seen else name)
        seen[name] = seen.get(name, 0) + 1
    return names, sep


def read_chunks(handle: IO[bytes], chunk_rows: int) -> Iterator[Chunk]:
    """The input chunk by chunk (about `chunk_rows` rows each); a header-only input gives one
    empty chunk. BatchInputError when the input cannot be read as CSV at all.

    A semicolon-delimited file is read as such, and its cells that are a number with a
    decimal comma as numbers ('0,5' → '0.5')."""
    header, sep = _header(handle)
    width = len(header)
    first_row = 1
    yielded = False
    while block := _whole_rows(handle, chunk_rows):
        try:
            frame = pd.read_csv(
                io.BytesIO(block),
                header=None,
                sep=sep,
                names=header,
                usecols=range(width),
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                encoding="utf-8",
            )
        except pd.errors.EmptyDataError:
            continue  # blank lines only
        except pd.errors.ParserError as err:
            detail = str(err).removeprefix("Error tokenizing data. C error: ").strip()
            hint = SEMICOLON_HINT if sep == ";" else ""
            raise BatchInputError(f"the input is not a well-formed CSV table: {detail}{hint}") from err
        except UnicodeDecodeError as err:
            raise BatchInputError(f"the input is not UTF-8 text: {err.reason}") from err
        if sep == ";":
            frame = frame.replace(_DECIMAL_COMMA, r"\1.\2", regex=True)
        counts = _field_counts(block, sep)
        if len(counts) != len(frame):
            counts = _exact_counts(block.decode("utf-8"), sep)
        if len(counts) != len(frame):
            raise BatchInputError(f"rows from row {first_row} on cannot be told apart (unbalanced quotes?)")
        malformed = {
            first_row + i: f"row {first_row + i}: has {counts[i]} fields but the header has {width} "
            f"(a stray or missing {'semicolon' if sep == ';' else 'comma'}?); not priced"
            for i in np.flatnonzero(counts != width).tolist()
        }
        yield Chunk(frame.set_axis(pd.RangeIndex(first_row - 1, first_row - 1 + len(frame))), malformed)
        first_row += len(frame)
        yielded = True
    if not yielded:
        yield Chunk(pd.DataFrame({name: pd.Series([], dtype=str) for name in header}), {})
