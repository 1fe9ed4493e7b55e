"""The reconciliation rule on every surface: annual = 12 × the monthly as displayed, and every
total equals the sum of the displayed figures it totals (README, "Reconciliation")."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from advisor.batch.rows import BatchOptions
from advisor.batch.table import price_table
from advisor.cli import main
from advisor.cli.estimate_cmd import render_estimate_table
from advisor.decision.recommend import compare
from advisor.model.assumptions import default_assumptions
from advisor.model.prices import PriceCatalog
from advisor.model.workload_file import workload_from_dict
from advisor.reporting.payload import estimate_payload
from advisor.reporting.report import to_csv_bytes, to_jsonl_bytes
from pricing import load_catalog

ROOT = Path(__file__).resolve().parents[3]
PORTFOLIO = ROOT / "tests" / "golden" / "batch_portfolio_input.csv"

WORKLOAD = {
    "region": "us-east-1",
    "addons": {"alb_count": 1},
    "services": [
        {"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 4, "spot_ok": True},
        {"name": "worker", "vcpu": 0.5, "memory_gb": 4, "tasks": 6, "spot_ok": True, "storage_gb": 30},
    ],
}


@pytest.fixture(scope="module")
def portfolio_report():
    frame = pd.read_csv(PORTFOLIO, dtype=str, keep_default_na=False)
    options = BatchOptions(assumptions=default_assumptions(), region="us-east-1")
    return price_table(frame, options, lambda region: load_catalog("snapshot", region))


def _cents(usd: float) -> int:
    return round(usd * 100)


@pytest.fixture(scope="module")
def payload(us_east_1: PriceCatalog) -> dict:
    workload = workload_from_dict(WORKLOAD)
    return estimate_payload(workload, us_east_1.source, compare(workload, us_east_1))


def test_json_annual_is_twelve_times_the_displayed_monthly_and_items_add_up(payload: dict) -> None:
    feasible = [o for o in payload["options"] if o["feasible"]]
    assert len(feasible) >= 6
    for option in feasible:
        assert _cents(option["annual_cost"]) == 12 * _cents(option["monthly_cost"])
        assert sum(_cents(i["cost"]) for i in option["line_items"]) == _cents(option["monthly_cost"])
        # each displayed item stays within a cent of quantity × rate
        for item in option["line_items"]:
            assert abs(item["cost"] - item["quantity"] * item["rate"]) < 0.0101
    rec = payload["recommendation"]
    assert _cents(rec["annual_cost"]) == 12 * _cents(rec["monthly_cost"])


def test_the_alb_line_is_rounded_to_make_the_column_add_up(payload: dict) -> None:
    # 730 h × $0.0225 = $16.425: a half cent, shown as 16.43 or 16.42 so each option's items
    # add up to its total; never further than a cent from quantity × rate
    albs = {
        item["cost"]
        for option in payload["options"]
        for item in option["line_items"]
        if item["item"].startswith("Application Load Balancer")
    }
    assert albs <= {16.42, 16.43}


def test_the_estimate_table_shows_twelve_times_the_monthly(payload: dict) -> None:
    table = render_estimate_table(payload)
    for option in payload["options"]:
        if option["feasible"]:
            line = next(
                x for x in table.splitlines() if x.startswith(f"{option['platform']} / {option['purchase']} ")
            )
            assert f"{option['monthly_cost']:,.2f}" in line
            assert f"{12 * option['monthly_cost']:,.2f}" in line


def test_the_estimate_csv_items_add_up_to_the_json_totals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: dict
) -> None:
    path = tmp_path / "w.json"
    path.write_text(json.dumps(WORKLOAD))
    assert main(["estimate", "--workload", str(path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    for option in payload["options"]:
        mine = [r for r in rows if (r["platform"], r["purchase"]) == (option["platform"], option["purchase"])]
        if option["feasible"]:
            assert sum(_cents(float(r["cost"])) for r in mine) == _cents(option["monthly_cost"])


def _totals(report: bytes) -> dict[str, list[str]]:
    lines = [
        x
        for x in report.decode("utf-8-sig").splitlines()
        if x.startswith("# total,") or x.startswith("# group")
    ]
    return {",".join(r[:3]): r for r in csv.reader(x[2:] for x in lines)}


def test_batch_totals_are_the_sums_of_the_written_cells(portfolio_report) -> None:
    data = to_csv_bytes(portfolio_report)
    wide = pd.read_csv(io.BytesIO(data), comment="#", dtype=str, keep_default_na=False)
    totals = _totals(data)
    money = [c for c in wide.columns if c.startswith("monthly_")]
    priced_somewhere = [c for c in money if wide[c].ne("").any()]
    every = wide[priced_somewhere].ne("").all(axis=1)  # eks-fargate/spot is priced nowhere
    for column in money:
        option = "/".join(column.removeprefix("monthly_").split("_"))
        cells = [_cents(float(x)) for x in wide[column] if x]
        line = totals[f"total,{option},monthly"]
        assert _cents(float(line[3])) == sum(cells)
        assert _cents(float(line[5])) == 12 * sum(cells)
        assert int(line[7]) == len(cells)
        same = [_cents(float(x)) for x in wide.loc[every, column] if x]
        assert _cents(float(line[9])) == sum(same)
        assert int(line[13]) == int(every.sum())
    rec = totals["total,recommended,monthly"]
    written = [_cents(float(x)) for x in wide["recommended_monthly"] if x]
    assert _cents(float(rec[3])) == sum(written)
    assert _cents(float(rec[5])) == 12 * sum(written)
    annual = [_cents(float(x)) for x in wide["recommended_annual"] if x]
    assert annual == [12 * m for m in written]
    saved = totals["total,savings_vs_fargate,monthly"]
    assert _cents(float(saved[3])) == sum(_cents(float(x)) for x in wide["savings_vs_fargate"] if x)
    # a group's totals are the sums of its members' cells
    members = wide[wide["Group"] == "shop"]
    assert len(members) > 1
    for key, line in totals.items():
        if key.startswith("group_total,shop,"):
            column = "monthly_" + "_".join(line[2].split("/"))
            assert _cents(float(line[4])) == sum(_cents(float(x)) for x in members[column])


def test_batch_json_lines_totals_match_the_rows(portfolio_report) -> None:
    records = [json.loads(x) for x in to_jsonl_bytes(portfolio_report).splitlines()]
    rows, totals = records[1:-1], records[-1]
    for entry in totals["options"]:
        cells = [
            r["monthly_cost"][entry["option"]] for r in rows if r["monthly_cost"][entry["option"]] is not None
        ]
        assert _cents(entry["monthly"]) == sum(map(_cents, cells))
        assert _cents(entry["annual"]) == 12 * _cents(entry["monthly"])
    for row in rows:
        if row["recommended"]:
            assert _cents(row["recommended"]["annual_cost"]) == 12 * _cents(
                row["recommended"]["monthly_cost"]
            )
