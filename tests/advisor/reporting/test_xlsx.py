"""Excel workbooks, read back: sheets, money as numbers with a currency format, frozen header
rows, no formula from a text cell, and the same bytes from the CLI and `to_xlsx_bytes`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from advisor.decision.recommend import compare
from advisor.model.prices import PriceCatalog
from advisor.model.workload_file import workload_from_dict
from advisor.reporting.payload import estimate_payload
from advisor.reporting.report import to_xlsx_bytes
from advisor.reporting.xlsx import MONEY_FORMAT, SHEETS

ROOT = Path(__file__).resolve().parents[3]
WORKLOAD = {
    "region": "us-east-1",
    "platforms": ["ecs-fargate", "ecs-ec2"],
    "services": [
        {"name": '=HYPERLINK("http://x")', "vcpu": 1, "memory_gb": 2, "tasks": 4},
        {"name": "worker", "vcpu": 0.5, "memory_gb": 4, "tasks": 6},
    ],
}


def _rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[dict]:
    header, *body = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in body]


def _no_formulas(book: openpyxl.Workbook) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


@pytest.fixture(scope="module")
def payload(us_east_1: PriceCatalog) -> dict:
    workload = workload_from_dict(WORKLOAD)
    return estimate_payload(workload, us_east_1.source, compare(workload, us_east_1))


def test_the_estimate_workbook_reads_back(payload: dict) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(payload)))
    assert tuple(book.sheetnames) == SHEETS
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)
    options = _rows(book["Options"])
    by_id = {f"{o['platform']}/{o['purchase']}": o for o in payload["options"]}
    for row in options:
        assert row["monthly_cost"] == by_id[row["option"]]["monthly_cost"]
        assert row["annual_cost"] == by_id[row["option"]]["annual_cost"]
    assert book["Options"]["C2"].number_format == MONEY_FORMAT
    assert isinstance(book["Options"]["C2"].value, float)
    # cost per service adds up to each option's total, to the cent
    allocation = _rows(book["Cost per service"])
    for option, o in by_id.items():
        if o["feasible"]:
            mine = [round(r["cost"] * 100) for r in allocation if r["option"] == option]
            assert sum(mine) == round(o["monthly_cost"] * 100)
    names = {r["service"] for r in allocation}
    assert '\'=HYPERLINK("http://x")' in names  # neutralized as in the CSV
    _no_formulas(book)


def test_the_cli_writes_the_same_bytes_and_needs_a_file(tmp_path: Path, payload: dict) -> None:
    source = tmp_path / "w.json"
    source.write_text(json.dumps(WORKLOAD))
    out = tmp_path / "estimate.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "advisor",
            "estimate",
            "--workload",
            str(source),
            "--format",
            "xlsx",
            "-o",
            str(out),
        ],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == to_xlsx_bytes(payload)
    to_stdout = subprocess.run(
        [sys.executable, "-m", "advisor", "estimate", "--workload", str(source), "--format", "xlsx"],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert to_stdout.returncode == 2
    assert b"give -o FILE.xlsx" in to_stdout.stderr


def test_the_batch_workbook_holds_rows_totals_and_assumptions(tmp_path: Path) -> None:
    out = tmp_path / "batch.xlsx"
    portfolio = ROOT / "tests" / "golden" / "batch_portfolio_input.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "advisor",
            "batch",
            str(portfolio),
            "--region",
            "us-east-1",
            "--format",
            "xlsx",
            "-o",
            str(out),
        ],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # the portfolio has invalid rows on purpose
    book = openpyxl.load_workbook(out)
    assert tuple(book.sheetnames) == SHEETS
    rows = _rows(book["Options"])
    assert len(rows) == 12
    assert rows[0]["Team"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[0]["monthly_ecs-fargate_on-demand"] == 144.16
    column = next(c for c in book["Options"][1] if c.value == "monthly_ecs-fargate_on-demand").column_letter
    assert book["Options"][f"{column}2"].number_format == MONEY_FORMAT
    summary = {(r[0], r[1]): r for r in book["Summary"].iter_rows(values_only=True)}
    total = summary[("total", "ecs-fargate/on-demand")]
    assert total[3] == round(sum(r["monthly_ecs-fargate_on-demand"] or 0 for r in rows), 2)
    keys = [r[0] for r in book["Assumptions & sources"].iter_rows(values_only=True)]
    assert "assumption" in keys
    assert "price_source" in keys
    _no_formulas(book)


def test_the_managed_platforms_and_their_fee_lines_are_in_the_workbook(us_east_1: PriceCatalog) -> None:
    workload = workload_from_dict(
        {
            **WORKLOAD,
            "platforms": ["ecs-managed-instances", "eks-auto-mode"],
            "services": WORKLOAD["services"][1:],
        }
    )
    payload = estimate_payload(workload, us_east_1.source, compare(workload, us_east_1))
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(payload)))
    options = {row["option"]: row for row in _rows(book["Options"])}
    assert set(options) == {"ecs-managed-instances/on-demand", "eks-auto-mode/on-demand"}
    items = _rows(book["Line items"])
    for option in options:
        fees = [r for r in items if r["option"] == option and "management fee" in str(r["item"])]
        assert fees
        assert all(r["confidence"] == "assumption" for r in fees)
    assumptions = {row[1]: row[2] for row in book["Assumptions & sources"].iter_rows(values_only=True)}
    assert assumptions["management_fee_fraction"] == 0.12
