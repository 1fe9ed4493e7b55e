"""Distinct rows of column arrays: codes in order of first appearance, and where each first is."""

from __future__ import annotations

import numpy as np

from advisor.model.distinct import first_rows, row_codes


def test_rows_equal_in_every_column_share_a_code_numbered_by_first_appearance() -> None:
    os_ = np.array(["linux", "windows", "linux", "linux", "windows"], dtype=object)
    vcpu = np.array([1.0, 1.0, 1.0, 2.0, 1.0])
    codes = row_codes([os_, vcpu])
    assert codes.tolist() == [0, 1, 0, 2, 1]
    assert first_rows(codes).tolist() == [0, 1, 3]


def test_first_rows_of_no_rows_and_of_one_repeated_row() -> None:
    assert first_rows(row_codes([np.array([], dtype=float)])).tolist() == []
    assert first_rows(row_codes([np.array([np.nan, np.nan, np.nan])])).tolist() == [0]
