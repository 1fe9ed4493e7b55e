"""The CSV writer every report uses: safe to open in Excel, numbers stay numbers, exact money."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from advisor.model.money import cents
from advisor.reporting.csv_writer import comment_lines, csv_text, frame_to_csv_bytes, money_text, neutralize


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("-5", "-5"),
        ("-12.50", "-12.50"),
        ("+1.5", "+1.5"),
        ("2e3", "2e3"),
        ("web-api", "web-api"),
        (" =1", " =1"),
        ("", ""),
    ],
    ids=[
        "formula",
        "hyperlink",
        "dde-plus",
        "minus-formula",
        "at",
        "tab",
        "carriage-return",
        "lone-minus",
        "negative-number",
        "negative-money",
        "signed-number",
        "exponent",
        "dash-inside",
        "leading-space",
        "empty",
    ],
)
def test_formula_like_text_is_neutralized_and_numbers_are_not(cell: str, written: str) -> None:
    assert neutralize(cell) == written


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("a,b", '"a,b"'),
        ('say "hi"', '"say ""hi"""'),
        ("two\nlines", '"two\nlines"'),
        ("svc#2", '"svc#2"'),
        ("=a,b", '"\'=a,b"'),
        ("plain", "plain"),
    ],
    ids=["comma", "quote", "newline", "hash-for-comment-readers", "neutralized-then-quoted", "plain"],
)
def test_cells_are_quoted_only_when_csv_needs_it(cell: str, written: str) -> None:
    assert csv_text(cell) == written


def test_a_frame_round_trips_with_numbers_as_numbers_and_money_to_the_cent() -> None:
    frame = pd.DataFrame(
        {
            "name": ["=evil()", "-7", "ok, fine", None],
            "monthly": [2.675, -3.2, np.nan, 0.125],
            "quantity": [0.1 + 0.2, 730.0, 1e-7, np.nan],
            "count": [1, 2, 3, 4],
            "flag": [True, False, True, False],
        }
    )
    data = frame_to_csv_bytes(frame, money=("monthly",))
    text = data.decode()
    assert text.splitlines()[1] == "'=evil(),2.68,0.3,1,true"  # 2.675: half a cent, rounded up
    assert text.splitlines()[2] == "-7,-3.20,730,2,false"
    back = list(csv.reader(io.StringIO(text)))
    assert back[3] == ["ok, fine", "", "1e-07", "3", "true"]
    assert back[4] == ["", "0.13", "", "4", "false"]  # half-up to the cent, as `cents`
    assert money_text(0.125) == f"{cents(0.125):.2f}"


def test_negative_zero_money_prints_as_zero() -> None:
    frame = pd.DataFrame({"savings": [-0.001, -0.0]})
    assert frame_to_csv_bytes(frame, money=("savings",)).decode().splitlines()[1:] == ["0.00", "0.00"]


def test_comment_lines_are_skipped_by_pandas_and_keep_values_safe() -> None:
    head = comment_lines([["price_source", "snapshot, built 2026"], ["note", "=1+1"], ["n", 3, 0.5, None]])
    body = frame_to_csv_bytes(pd.DataFrame({"name": ["a#1", "#b"], "v": [1, 2]}))
    text = (head + body).decode()
    assert text.splitlines()[:3] == ['# price_source,"snapshot, built 2026"', "# note,'=1+1", "# n,3,0.5,"]
    frame = pd.read_csv(io.StringIO(text), comment="#", dtype=str)
    assert frame.to_dict("list") == {"name": ["a#1", "#b"], "v": ["1", "2"]}


def test_an_empty_frame_writes_its_header_only() -> None:
    assert frame_to_csv_bytes(pd.DataFrame({"a": [], "b": []})) == b"a,b\n"
