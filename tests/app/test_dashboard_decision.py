"""The dashboard's decision screen and its input handling (issue 14), under AppTest.

Each test pins one behaviour a reader relies on: the recommended row is marked, the card's
annual figure is 12 × the monthly shown, edits are flagged until Estimate applies them,
errors and warnings name the service, Savings Plans without a rate explain themselves, and
the active settings and provenance are on screen.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import pricing
from advisor.cli import main as cli_main
from advisor.decision.recommend import Weights, compare, option_name, tradeoff_score
from advisor.model.money import cents
from advisor.model.workload_file import workload_from_dict
from tests.app.conftest import metric, submit, texts

EDITOR = "services_editor_0"
THREE = [
    "name=web;vcpu=1;memory_gb=2;tasks=3",
    "name=api;vcpu=0.5;memory_gb=1;bands=4x425,10x305",
    "name=worker;vcpu=2;memory_gb=4;tasks=2",
]


def options(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "recommended" in d.value.columns)


def test_options_table_marks_the_recommended_row_and_puts_warnings_early(make_app) -> None:
    at = make_app().run()
    table = options(at)
    workload = workload_from_dict(
        {"region": "us-east-1", "services": [{"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 3}]}
    )
    comparison = compare(workload, pricing.load_catalog("snapshot", "us-east-1"))
    rec = comparison.recommendation
    marked = table[table["recommended"] != ""]
    assert marked["recommended"].tolist() == ["★ Recommended"]
    assert marked["option"].tolist() == [
        option_name(
            next(
                r.result
                for r in comparison.ranked
                if r.result.platform is rec.platform and r.result.purchase is rec.purchase
            )
        )
    ]
    assert table["price_rank"].tolist() == list(range(1, len(table) + 1))
    columns = table.columns.tolist()
    first = ["recommended", "option", "monthly_usd", "annual_usd", "price_rank", "score", "completeness"]
    assert columns[:8] == [*first, "warnings"]
    assert set(table["completeness"]) == {"complete"}
    # the score is the core's, and the trade-off part is the radar's number for the platform
    assert table["score"].tolist() == [round(r.score, 2) for r in comparison.ranked]
    assert table["tradeoff_score"].tolist() == [
        round(tradeoff_score(r.result.platform, Weights()), 2) for r in comparison.ranked
    ]
    assert table["annual_usd"].tolist() == [cents(m * 12) for m in table["monthly_usd"]]


def test_capacity_shows_the_steady_fleet_and_the_peak(make_app) -> None:
    at = make_app(svc=THREE, platforms="ecs-ec2").run()
    [capacity] = options(at)["capacity"].tolist()
    assert capacity.startswith("steady ")
    assert "; peak " in capacity


def test_card_compares_with_what_runs_today(make_app) -> None:
    at = make_app(current="eks-ec2/on-demand").run()
    rows = options(at).set_index("option")
    best = rows[rows["recommended"] != ""].iloc[0]
    today = rows.loc["EKS on EC2 (on-demand)"]
    gap = cents(today["monthly_usd"] - best["monthly_usd"])
    assert metric(at, "Savings vs what runs today") == f"${gap:,.2f}/month"
    assert at.query_params["current"] == "eks-ec2/on-demand"


def test_card_says_when_today_is_not_among_the_options(make_app) -> None:
    at = make_app(current="eks-ec2/spot").run()
    assert metric(at, "Savings vs what runs today") == "—"
    assert any("not among the options compared" in c for c in texts(at.caption))


def test_edits_are_flagged_until_estimate_applies_them(make_app) -> None:
    at = make_app().run()
    before = metric(at, "Monthly cost")
    at.session_state[EDITOR] = {"edited_rows": {0: {"tasks": 8}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert any("Unapplied changes" in m for m in texts(at.markdown))
    assert metric(at, "Monthly cost") == before
    assert "svc" not in at.query_params  # the link is the view's (the default), not the edit's
    submit(at)
    assert not any("Unapplied changes" in m for m in texts(at.markdown))
    assert metric(at, "Monthly cost") != before
    assert "tasks=8" in at.query_params["svc"]


def test_a_nameless_row_is_priced_under_a_generated_name_and_said_so(make_app, downloads) -> None:
    at = make_app().run()
    at.session_state[EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"vcpu": 0.5, "memory_gb": 1.0, "tasks": 1, "hours_per_month": 730.0}],
        "deleted_rows": [],
    }
    submit(at)
    assert not at.exception
    assert "Row 2 had no name: it is priced as service-2. Type a name in the Service column." in texts(
        at.info
    )
    payload = json.loads(downloads[at.get("download_button")[0].proto.deferred_file_id]())
    assert [s["name"] for s in payload["workload"]["services"]] == ["web", "service-2"]


def test_errors_name_the_service_and_its_one_based_row(make_app) -> None:
    at = make_app(svc=["name=web;vcpu=1;memory_gb=2", "name=api;vcpu=0;memory_gb=1"]).run()
    assert texts(at.error) == ["api: vCPU must be greater than 0 (row 2, entered 0)"]


@pytest.mark.parametrize(
    ("svc", "warning"),
    [
        pytest.param(
            "name=idle;vcpu=1;memory_gb=2;tasks=0", "idle: 0 tasks, so it costs nothing", id="no-tasks"
        ),
        pytest.param(
            "name=big;vcpu=500;memory_gb=1000", "big: 500 vCPU per task is more than any task", id="vcpu"
        ),
        pytest.param(
            "name=big;vcpu=1;memory_gb=100000",
            "big: 100,000 GB per task is more than the largest",
            id="memory",
        ),
    ],
)
def test_sanity_warnings_flag_likely_slips_without_blocking(make_app, svc: str, warning: str) -> None:
    at = make_app(svc=svc).run()
    assert not at.exception
    assert not at.error
    assert any(w.startswith(warning) for w in texts(at.warning)), texts(at.warning)


def test_savings_plan_without_a_rate_explains_in_place_and_keeps_other_options(make_app) -> None:
    at = make_app(purchases="savings-plan-1y").run()
    assert not at.exception
    assert any("A Savings Plan needs its discount" in i for i in texts(at.main.info))
    keys = [n.key for n in at.main.number_input]
    assert keys[:2] == ["a_savings_plan_1y_discount", "a_fargate_savings_plan_1y_discount"]
    assert set(options(at)["option"]) >= {"ECS on Fargate (on-demand)", "ECS on EC2 (on-demand)"}
    at.number_input(key="a_savings_plan_1y_discount").set_value(0.28)
    submit(at)
    assert "ECS on EC2 (1-year Compute Savings Plan)" in set(options(at)["option"])
    assert at.query_params["a_savings_plan_1y_discount"] == "0.28"


def test_active_settings_show_as_badges_and_links_carry_only_them(make_app) -> None:
    at = make_app(addon_alb_count="1", a_headroom="0.2", w_cost="6").run()
    badges = [m for m in texts(at.markdown) if "-badge[" in m]
    assert ":blue-badge[Application Load Balancers: 1]" in badges
    assert any(b.startswith(":orange-badge[") and ": 0.2]" in b for b in badges)
    assert ":violet-badge[cost: 6]" in badges
    params: dict[str, Any] = dict(at.query_params)
    assert set(params) == {"addon_alb_count", "a_headroom", "w_cost"}
    assert all(v != "" for v in params.values())


def test_links_carry_no_empty_service_cells(make_app) -> None:
    at = make_app().run()
    at.session_state[EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"name": "api", "vcpu": 0.5, "memory_gb": 1.0, "arch": None, "hours_per_month": None}],
        "deleted_rows": [],
    }
    submit(at)
    svc = at.query_params.get_all("svc") if hasattr(at.query_params, "get_all") else at.query_params["svc"]
    assert svc == ["name=web;vcpu=1;memory_gb=2;tasks=3", "name=api;vcpu=0.5;memory_gb=1"]


def test_price_line_and_line_items_give_region_dates_sources_and_links(make_app) -> None:
    at = make_app(show_calc="1", platforms="eks-ec2").run()
    line = next(c for c in texts(at.caption) if c.startswith("Prices:"))
    assert line.endswith("· region us-east-1")
    assert " as of " in line
    frame = next(d for d in at.dataframe if "link" in d.value.columns)
    items = frame.value
    assert {"source", "as_of", "confidence", "link"} <= set(items.columns)
    shown_first = ["option", "item", "cost", "link", "as_of", "confidence"]
    assert list(frame.proto.column_order)[:6] == shown_first
    assert set(frame.proto.column_order) == set(items.columns)  # reordered, nothing hidden
    control_plane = items[items["item"].str.startswith("EKS control plane")].iloc[0]
    assert control_plane["link"] == "https://aws.amazon.com/eks/pricing/"
    assert items["as_of"].str.len().min() >= 10


def test_csv_download_equals_the_cli_batch_report_of_the_same_services(make_app, downloads, tmp_path) -> None:
    at = make_app().run()
    csv = downloads[at.get("download_button")[1].proto.deferred_file_id]()
    rows = tmp_path / "services.csv"
    rows.write_text(
        "name,region,vcpu,memory_gb,tasks,hours_per_month,storage_gb,arch,os,cpu_util,mem_util,spot_ok\n"
        "web,us-east-1,1,2,3,730,20,x86_64,linux,,,false\n"
    )
    out = tmp_path / "report.csv"
    argv = [
        "batch",
        str(rows),
        "-o",
        str(out),
        "--region",
        "us-east-1",
        "--no-progress",
        "--source",
        "snapshot",
    ]
    assert cli_main(argv) == 0
    assert csv == out.read_bytes()


def test_radar_leaves_out_platforms_with_no_feasible_option(make_app) -> None:
    at = make_app(chart="Trade-offs", svc="name=gpu;vcpu=4;memory_gb=16;gpu_count=1").run()
    [chart] = at.get("plotly_chart")
    names = [trace["name"] for trace in json.loads(chart.proto.spec)["data"]]
    assert names
    assert not any("Fargate" in n for n in names)  # no GPUs on Fargate: ruled out, not drawn


def test_services_editor_gives_new_rows_defaults_and_shows_blank_cells_blank(make_app) -> None:
    at = make_app().run()
    editor = at.data_editor[0].proto
    columns = json.loads(editor.columns)
    defaults = {key: columns[key].get("default") for key in ("tasks", "hours_per_month", "storage_gb")}
    assert defaults == {"tasks": 1, "hours_per_month": 730.0, "storage_gb": 20.0}
    assert editor.placeholder == ""
    assert list(editor.column_order)[:6] == [
        "name",
        "vcpu",
        "memory_gb",
        "tasks",
        "hours_per_month",
        "spot_ok",
    ]
    assert not columns["name"].get("required")  # a nameless row is kept (and named), not dropped
