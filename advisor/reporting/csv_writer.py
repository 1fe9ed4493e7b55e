"""One writer for every CSV the advisor produces, so the CLI and the dashboard write the same
bytes for the same inputs.

It is safe to open in Excel (OWASP "CSV Injection"): a text cell that begins with =, +, -, @,
a tab or a carriage return gets a leading single quote, so the spreadsheet shows it as text
instead of running it as a formula; numbers stay numbers (a negative amount is written as
-12.50, not as text). Reports begin with a UTF-8 byte-order mark so Excel reads the × and — in
line item names, and carry their provenance in `#` comment lines
(`pandas.read_csv(..., comment="#")` skips them; every cell containing '#' is quoted).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from advisor.model.money import cents, cents_array

CSV_BOM = "\ufeff"
CSV_INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP CSV Injection)."""

_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NEEDS_QUOTES = re.compile(r'[,"\r\n#]')


def neutralize(text: str) -> str:
    """A text cell made safe for spreadsheets: formula-like text gets a leading single quote.

    Text that is a plain decimal number ('-5', '+1.5', '2e3') is a number, not a formula, and
    is left alone so that spreadsheets still read it as one.
    """
    if text and text[0] in CSV_INJECTION_PREFIXES and not _NUMBER_TEXT.fullmatch(text):
        return "'" + text
    return text


def csv_text(text: str) -> str:
    """One text cell as written: neutralized, then quoted when CSV syntax requires it."""
    safe = neutralize(text)
    if _NEEDS_QUOTES.search(safe):
        return '"' + safe.replace('"', '""') + '"'
    return safe


_NUMBER_FORMAT = "{:.15g}"
"""A number in 15 significant digits: 19.4304, not 19.430400000000002 (float noise)."""


def number_text(value: float) -> str:
    return _NUMBER_FORMAT.format(value)


def _format_text_column(values: pd.Series) -> list[str]:
    """Each distinct text once (a column of a million repeated values costs a few calls);
    missing values (None, NaN, NA) are empty cells."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    cells = ["" if v is None else csv_text(str(v)) for v in uniques.tolist()]
    formatted = np.array([*cells, ""], dtype=object)
    return formatted[codes].tolist()


def _format_column(values: pd.Series, money: bool) -> list[str]:
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return ["true" if v else "false" for v in values.tolist()]
    if pd.api.types.is_integer_dtype(dtype):
        return ["" if v is None or v is pd.NA else str(v) for v in values.astype(object).tolist()]
    if pd.api.types.is_float_dtype(dtype):
        # Each distinct amount formatted once (a report repeats most of them); NaN is empty.
        codes, distinct = pd.factorize(values.to_numpy(dtype=np.float64))
        # "+ 0.0" turns -0.0 into 0.0 so nothing prints as "-0" or "-0.00".
        if money:
            cells = list(map("{:.2f}".format, cents_array(distinct).tolist()))
        else:
            cells = list(map(_NUMBER_FORMAT.format, (distinct + 0.0).tolist()))
        return np.array([*cells, ""], dtype=object)[codes].tolist()
    return _format_text_column(values)


BLOCK_ROWS = 10_000
"""Rows formatted at a time: a block's cells are strings only until its bytes are made, so a
chunk of 100,000 rows never holds millions of cell strings at once."""


def frame_to_csv_bytes(frame: pd.DataFrame, *, money: Collection[str] = (), header: bool = True) -> bytes:
    """Rows of a report frame as CSV: text neutralized, money to the cent, numbers as numbers.

    Float columns named in `money` are written with two decimals (rounded like `cents`); other
    floats in their shortest exact form; NaN and None as empty cells; booleans as true/false.
    Lines end with '\\n'.
    """
    pieces = [",".join(csv_text(str(c)) for c in frame.columns).encode()] if header else []
    for start in range(0, len(frame), BLOCK_ROWS):
        block = frame.iloc[start : start + BLOCK_ROWS]
        columns = [_format_column(block[c], c in money) for c in frame.columns]
        pieces.append("\n".join(map(",".join, zip(*columns, strict=True))).encode())
    return b"\n".join(pieces) + b"\n" if pieces and pieces != [b""] else b""


def comment_lines(rows: Iterable[Sequence[Any]]) -> bytes:
    """`# key,value,…` lines: provenance and totals around a report's rows.

    The first cell is the key (plain words); the others are cells like any other, neutralized
    and quoted, money and numbers as numbers.
    """
    out = []
    for key, *cells in rows:
        parts = [f"# {key}"]
        for cell in cells:
            if cell is None:
                parts.append("")
            elif isinstance(cell, bool):
                parts.append("true" if cell else "false")
            elif isinstance(cell, int):
                parts.append(str(cell))
            elif isinstance(cell, float):
                parts.append(number_text(cell + 0.0))
            else:
                parts.append(csv_text(str(cell)))
        out.append(",".join(parts))
    return ("\n".join(out) + "\n").encode() if out else b""


def money_text(usd: float | None) -> str:
    """Money as a report writes it: to the cent, two decimals ('' for none)."""
    if usd is None or math.isnan(usd):
        return ""
    return f"{cents(usd):.2f}"
