"""Distinct rows of a table held as column arrays: the batch prices each distinct row once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def row_codes(columns: Sequence[np.ndarray]) -> np.ndarray:
    """One integer per row, equal for rows equal in every column (dense from 0, in order of
    first appearance)."""
    combined = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        combined, _ = pd.factorize(combined * len(uniques) + codes)
        combined = combined.astype(np.int64)
    return combined


def first_rows(codes: np.ndarray) -> np.ndarray:
    """Where each code of `row_codes` first appears: the row of code c is `first_rows(codes)[c]`.

    The codes number rows in order of first appearance, so a code first appears where their
    running maximum steps up (one pass, no sort).
    """
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    running = np.maximum.accumulate(codes)
    return np.flatnonzero(np.concatenate([[True], running[1:] > running[:-1]]))
