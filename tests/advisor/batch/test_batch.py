"""Batch pricing: every row equals the single-service estimate, nothing is lost, groups add up.

Real rates from the embedded snapshot (us-east-1, Fargate Linux/x86 $0.04048 per vCPU-hour and
$0.004445 per GB-hour, from the price file behind AWS's Fargate pricing page, published 2025-10-27).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.batch.rows import BatchOptions
from advisor.batch.table import price_table
from advisor.decision.recommend import compare
from advisor.model.assumptions import default_assumptions
from advisor.model.money import cents
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Platform
from advisor.model.workload_file import workload_from_dict
from pricing import load_catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from generate_portfolio import portfolio

OPTIONS = BatchOptions(default_assumptions(), region="us-east-1")


@pytest.fixture(scope="module")
def catalogs() -> dict[str, PriceCatalog]:
    return {}


@pytest.fixture(scope="module")
def catalog_for(catalogs: dict[str, PriceCatalog]):
    def load(region: str) -> PriceCatalog:
        if region not in catalogs:
            catalogs[region] = load_catalog("snapshot", region)
        return catalogs[region]

    return load


def table(rows: list[dict[str, str]]) -> pd.DataFrame:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    return pd.DataFrame([{c: row.get(c, "") for c in columns} for row in rows], columns=columns, dtype=str)


def reference(row: dict[str, str], default_region: str = "us-east-1"):
    """The workload `estimate` prices for one row: the row's cells as a workload file's service."""
    service = {k: v for k, v in row.items() if k not in ("region", "group") and v.strip() != ""}
    return workload_from_dict({"region": row.get("region") or default_region, "services": [service]})


def column(report, option: str) -> np.ndarray:
    j = report.options.option_ids.index(option)
    return np.concatenate([c.monthly[:, j] for c in report.chunks])


def test_one_fargate_row_worked_by_hand(catalog_for) -> None:
    report = price_table(
        table([{"name": "web", "vcpu": "1", "memory_gb": "2", "tasks": "3"}]), OPTIONS, catalog_for
    )
    # 3 tasks × 730 h = 2190 task-hours: 2190 vCPU-h × 0.04048 + 4380 GB-h × 0.004445 = 88.6512 + 19.4691
    assert column(report, "ecs-fargate/on-demand")[0] == pytest.approx(108.1203, abs=1e-9)
    assert math.isnan(column(report, "ecs-fargate/spot")[0])  # not spot_ok: Spot is not an option
    assert report.summary.rows == 1
    assert report.summary.failed == 0


def _assert_rows_equal_estimate(frame: pd.DataFrame, report, catalog_for, every: int = 1) -> int:
    """Each sampled valid row's options and recommendation equal `compare` on its workload."""
    checked = 0
    chunk_rows = [(c, r) for c in report.chunks for r in range(len(c))]
    for i in range(0, len(frame), every):
        chunk, r = chunk_rows[i]
        if chunk.error[r] and "no option can be priced" not in chunk.error[r]:
            continue  # invalid input: no estimate to compare with
        row = {normalized: frame.iloc[i][original] for original, normalized in _names(frame)}
        workload = reference(row)
        comparison = compare(workload, catalog_for(workload.region), analyses=False)
        by_option = {result.option_id: result for result in comparison.results}
        for j, option in enumerate(chunk.option_ids):
            result = by_option.get(option)
            expected = result.monthly_usd if result is not None and result.feasible else math.nan
            got = chunk.monthly[r, j]
            # The batch adds a row's line items in another order: equal up to float noise.
            assert (math.isnan(expected) and math.isnan(got)) or got == pytest.approx(expected, abs=1e-9), (
                i + 1,
                option,
            )
            if not math.isnan(got):
                assert cents(got) == cents(expected)
        rec = comparison.recommendation
        best = chunk.recommended[r]
        assert (rec is None and best == -1) or chunk.option_ids[best] == f"{rec.platform}/{rec.purchase}"
        checked += 1
    return checked


def _names(frame: pd.DataFrame) -> list[tuple[str, str]]:
    from advisor.batch.columns import normalize_column

    return [(c, normalize_column(c)) for c in frame.columns]


def test_a_sample_of_a_realistic_portfolio_equals_the_single_service_estimate(catalog_for) -> None:
    frame = portfolio(3000, seed=11, invalid=0.01).astype(str)
    report = price_table(frame, OPTIONS, catalog_for, chunk_rows=700)
    assert report.summary.rows == 3000
    assert _assert_rows_equal_estimate(frame, report, catalog_for, every=10) > 200


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    vcpu=st.sampled_from(["0.25", "0.5", "1", "2", "4", "0.3", "3", "16"]),
    memory=st.sampled_from(["0.5", "1", "2", "3.5", "8", "30", "64"]),
    tasks=st.integers(0, 60).map(str),
    hours=st.sampled_from(["730", "1", "240", "0.5", "744", "100.25"]),
    storage=st.sampled_from(["", "20", "21", "200"]),
    arch=st.sampled_from(["", "x86_64", "arm64", "any"]),
    os=st.sampled_from(["linux", "linux", "windows"]),
    spot=st.sampled_from(["", "yes", "no"]),
    util=st.sampled_from(["", "0.05", "0.5", "0.95"]),
)
def test_any_single_row_equals_its_estimate(  # noqa: PLR0917 - hypothesis draws
    catalog_for, vcpu, memory, tasks, hours, storage, arch, os, spot, util
) -> None:
    if os == "windows" and arch == "arm64":
        arch = "x86_64"
    row = {
        "vcpu": vcpu,
        "memory_gb": memory,
        "tasks": tasks,
        "hours_per_month": hours,
        "storage_gb": storage,
        "arch": arch,
        "os": os,
        "spot_ok": spot,
        "cpu_util": util,
        "mem_util": util,
    }
    frame = table([row])
    report = price_table(frame, OPTIONS, catalog_for)
    assert report.chunks[0].error[0] in ("", *(e for e in report.chunks[0].error if "no option can" in e))
    assert _assert_rows_equal_estimate(frame, report, catalog_for) == 1


def test_invalid_rows_are_kept_in_input_order_with_their_error(catalog_for) -> None:
    rows = [
        {"name": "a", "vcpu": "1", "memory_gb": "2"},
        {"name": "b", "vcpu": "lots", "memory_gb": "2"},
        {"name": "c", "vcpu": "1", "memory_gb": "2", "region": "us-east-9"},
        {"name": "d", "vcpu": "1", "memory_gb": "2", "tasks": "-3"},
        {"name": "e", "vcpu": "2", "memory_gb": "4"},
    ]
    report = price_table(table(rows), OPTIONS, catalog_for)
    chunk = report.chunks[0]
    assert list(chunk.name) == ["a", "b", "c", "d", "e"]
    assert list(chunk.error) == [
        "",
        "row 2: vcpu: 'lots' is invalid; must be a number",
        "row 3: region: 'us-east-9' is invalid; not a region of the price catalog; did you mean us-east-2, "
        "us-east-1, us-west-2?",
        "row 4: tasks: -3 is invalid; must be at least 0",
        "",
    ]
    assert np.isnan(chunk.monthly[1:4]).all()
    assert (chunk.recommended[1:4] == -1).all()
    assert report.summary.failed == 3


def test_a_row_without_region_uses_the_default_and_fails_without_one(catalog_for) -> None:
    rows = [{"vcpu": "1", "memory_gb": "2"}]
    assert price_table(table(rows), OPTIONS, catalog_for).chunks[0].region[0] == "us-east-1"
    chunk = price_table(table(rows), BatchOptions(default_assumptions()), catalog_for).chunks[0]
    assert chunk.error[0] == "row 1: region: '' is invalid; is required: give a region column or --region"


def test_a_row_no_option_can_price_fails_with_the_reasons(catalog_for) -> None:
    rows = [{"vcpu": "1", "memory_gb": "2", "gpu_count": "1", "os": "windows"}]
    options = BatchOptions(default_assumptions(), region="us-east-1", platforms=(Platform.ECS_FARGATE,))
    chunk = price_table(table(rows), options, catalog_for).chunks[0]
    assert chunk.error[0].startswith(
        "row 1: no option can be priced: service: needs 1 GPU(s); Fargate has no GPUs"
    )


def test_names_default_to_the_row_number(catalog_for) -> None:
    chunk = price_table(table([{"vcpu": "1", "memory_gb": "2", "name": " "}]), OPTIONS, catalog_for).chunks[0]
    assert chunk.name[0] == "row-1"


def test_a_group_is_priced_as_one_workload_and_its_rows_add_up_to_it(catalog_for, us_east_1) -> None:
    rows = [
        {"name": "web", "vcpu": "1", "memory_gb": "2", "tasks": "4", "group": "shop"},
        {"name": "solo", "vcpu": "2", "memory_gb": "4"},
        {"name": "worker", "vcpu": "0.5", "memory_gb": "1", "tasks": "6", "group": "shop"},
    ]
    report = price_table(table(rows), OPTIONS, catalog_for, chunk_rows=1)
    workload = workload_from_dict(
        {
            "region": "us-east-1",
            "services": [
                {"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 4},
                {"name": "worker", "vcpu": 0.5, "memory_gb": 1, "tasks": 6},
            ],
        }
    )
    comparison = compare(workload, us_east_1, analyses=False)
    total = report.summary.groups["shop"]
    assert total.rows == (1, 3)
    for result in comparison.results:
        shares = column(report, result.option_id)[[0, 2]]
        if result.feasible:
            assert total.monthly[result.option_id] == result.monthly_usd
            assert round(shares.sum(), 2) == cents(result.monthly_usd)
        else:
            assert np.isnan(shares).all()
    rec = comparison.recommendation
    assert total.recommended == f"{rec.platform}/{rec.purchase}"
    assert total.recommended_monthly == rec.monthly_usd
    chunks = report.chunks
    assert chunks[0].recommended[0] == chunks[2].recommended[0] == OPTIONS.option_ids.index(total.recommended)
    assert chunks[1].group[0] == ""


@pytest.mark.parametrize(
    ("rows", "errors"),
    [
        (
            [
                {"name": "a", "vcpu": "1", "memory_gb": "2", "group": "g"},
                {"name": "b", "vcpu": "x", "memory_gb": "2", "group": "g"},
            ],
            [
                "row 1: group: 'g' is invalid; not priced: row(s) 2 of the group failed",
                "row 2: vcpu: 'x' is invalid; must be a number",
            ],
        ),
        (
            [
                {"name": "a", "vcpu": "1", "memory_gb": "2", "group": "g", "region": "us-east-1"},
                {"name": "b", "vcpu": "1", "memory_gb": "2", "group": "g", "region": "eu-west-1"},
            ],
            [
                "row 1: region: 'us-east-1' is invalid; group 'g' mixes regions eu-west-1, us-east-1; "
                "a group is one workload in one region",
                "row 2: region: 'eu-west-1' is invalid; group 'g' mixes regions eu-west-1, us-east-1; "
                "a group is one workload in one region",
            ],
        ),
        (
            [
                {"name": "a", "vcpu": "1", "memory_gb": "2", "group": "g"},
                {"name": "a", "vcpu": "1", "memory_gb": "2", "group": "g"},
            ],
            [
                "row 1: name: 'a' is invalid; names must be unique within group 'g'",
                "row 2: name: 'a' is invalid; names must be unique within group 'g'",
            ],
        ),
    ],
    ids=["invalid-member", "mixed-regions", "duplicate-names"],
)
def test_a_group_that_cannot_be_priced_fails_on_every_row(catalog_for, rows, errors) -> None:
    report = price_table(table(rows), OPTIONS, catalog_for)
    assert list(report.chunks[0].error) == errors
    assert report.summary.groups["g"].error == errors[0]


def test_long_layout_sums_equal_the_wide_figures(catalog_for) -> None:
    frame = portfolio(300, seed=5, groups=4, invalid=0.02).astype(str)
    wide = price_table(frame, OPTIONS, catalog_for)
    long = price_table(frame, OPTIONS, catalog_for, line_items=True)
    items = pd.concat([c.items for c in long.chunks])
    priced = items.dropna(subset=["cost"])
    sums = priced.groupby(["row", "platform", "purchase"])["cost"].sum()
    checked = 0
    for chunk in wide.chunks:
        for r in range(len(chunk)):
            for j, option in enumerate(chunk.option_ids):
                platform, purchase = option.split("/")
                value = chunk.monthly[r, j]
                key = (chunk.row[r], platform, purchase)
                if math.isnan(value):
                    assert key not in sums.index
                elif value != 0 or key in sums.index:
                    assert cents(sums[key]) == cents(value), key
                    checked += 1
    assert checked > 300
    for long_chunk, wide_chunk in zip(long.chunks, wide.chunks, strict=True):
        np.testing.assert_allclose(long_chunk.monthly, wide_chunk.monthly, rtol=0, atol=1e-9)
    assert items["row"].is_monotonic_increasing
    failed = items[items["error"] != ""]
    assert set(failed["row"]) == {int(r) for c in wide.chunks for r in c.row[c.error != ""]}


def test_fifty_thousand_rows_keep_every_row(catalog_for) -> None:
    """A 50,000-row file keeps every row; speed is measured in bench/bench_batch.py, not here."""
    sample = portfolio(500, seed=3, regions=("us-east-1", "eu-west-1"), weights=(3, 1)).astype(str)
    frame = pd.concat([sample] * 100, ignore_index=True)
    report = price_table(frame, OPTIONS, catalog_for)
    assert report.summary.rows == 50_000
    assert sum(len(c) for c in report.chunks) == 50_000
    errors = [e for c in report.chunks for e in c.error if e]
    assert report.summary.failed == len(errors)
    assert len(errors) % 100 == 0  # the same rows fail in every copy


def test_rows_priced_without_a_rate_are_noted_counted_and_not_recommended(us_east_1, without_rates) -> None:
    lacking = without_rates(us_east_1, "ebs_gp3_gb_month")
    rows = [
        {"name": "web", "vcpu": "1", "memory_gb": "2", "tasks": "20"},
        {"name": "pair", "vcpu": "1", "memory_gb": "2", "tasks": "20", "group": "g"},
        {"name": "mate", "vcpu": "0.5", "memory_gb": "1", "tasks": "2", "group": "g"},
    ]
    report = price_table(table(rows), OPTIONS, lambda region: lacking)
    (chunk,) = report.chunks
    ec2 = chunk.option_ids.index("ecs-ec2/on-demand")
    fargate = chunk.option_ids.index("ecs-fargate/on-demand")
    note = (
        "incomplete, no rate for EBS gp3 root volumes: ecs-ec2/on-demand, eks-ec2/on-demand, "
        "ecs-managed-instances/on-demand, eks-auto-mode/on-demand"
    )
    assert [n.split("; not asked")[0] for n in chunk.notes.tolist()] == [note, note, note]
    assert chunk.incomplete[:, ec2].tolist() == [True, True, True]
    assert chunk.incomplete[:, fargate].tolist() == [False, False, False]
    # 20 tasks of 1 vCPU / 2 GB are cheaper on EC2 even with their root volumes (see the
    # complete catalog), but without a gp3 rate the EC2 total is a lower bound: not recommended.
    complete = price_table(table(rows[:1]), OPTIONS, lambda region: us_east_1).chunks[0]
    assert complete.option_ids[complete.recommended[0]].startswith("ecs-ec2/")
    assert chunk.option_ids[chunk.recommended[0]] == "ecs-fargate/on-demand"
    assert report.summary.incomplete["ecs-ec2/on-demand"] == 3
    assert report.summary.incomplete["ecs-fargate/on-demand"] == 0
