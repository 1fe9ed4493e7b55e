"""The dashboard (app.py) under AppTest, on the embedded snapshot.

Every number the page shows is checked against `advisor.decision.recommend.compare` run here on the
same input, and the JSON download against the CLI's `estimate --format json`.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import pricing
from advisor.cli import main as cli_main
from advisor.decision.recommend import Comparison, OpsEffort, Weights, compare, option_name
from advisor.model.money import annual_usd, cents
from advisor.model.prices import PriceCatalog, PricingUnavailable
from advisor.model.workload import Platform, Workload
from advisor.model.workload_file import workload_from_dict
from tests.app.conftest import ROOT, metric, submit, texts

DEFAULT = {"region": "us-east-1", "services": [{"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 3}]}
EDITOR = "services_editor_0"


def expected(data: dict[str, Any], **kw: Any) -> tuple[Workload, Comparison, PriceCatalog]:
    workload = workload_from_dict(data)
    catalog = pricing.load_catalog("snapshot", workload.region)
    return workload, compare(workload, catalog, **kw), catalog


def assert_shows(at: AppTest, comparison: Comparison, catalog: PriceCatalog) -> None:
    """The recommendation card shows exactly what compare() recommends, with its source."""
    assert not at.exception
    rec = comparison.recommendation
    assert rec is not None
    best = next(
        r.result
        for r in comparison.ranked
        if (r.result.platform, r.result.purchase) == (rec.platform, rec.purchase)
    )
    assert f"Recommended: {option_name(best)}" in texts(at.subheader)
    monthly = cents(rec.monthly_usd)
    assert metric(at, "Monthly cost") == f"${monthly:,.2f}"
    assert metric(at, "Annual cost") == f"${annual_usd(rec.monthly_usd):,.2f}"  # 12 × the monthly shown
    assert annual_usd(rec.monthly_usd) == cents(monthly * 12)
    others = [r.result for r in comparison.ranked if r.result is not best]
    if others:
        cheapest = min(others, key=lambda r: r.monthly_usd)
        gap = cents(cents(cheapest.monthly_usd) - monthly)
        shown_gap = f"${gap:,.2f}/month" if gap >= 0 else f"−${-gap:,.2f}/month"
        assert metric(at, "Savings vs cheapest alternative") == shown_gap
    shown = "\n".join(texts(at.markdown))
    for reason in rec.reasons:  # the core's sentences, not re-worded
        assert reason.message.replace("$", r"\$") in shown
    for flip in comparison.break_even:
        assert flip.description.replace("$", r"\$") in shown
    assert price_line(catalog) in texts(at.caption)


def price_line(catalog: PriceCatalog) -> str:
    return f"{catalog.source.caption()} · region {catalog.region}"


def test_default_render_recommends_what_compare_recommends(make_app) -> None:
    at = make_app().run()
    _, comparison, catalog = expected(DEFAULT)
    assert_shows(at, comparison, catalog)
    assert not at.error
    assert at.data_editor[0].value["name"].tolist() == ["web"]


def test_the_region_selector_shows_each_regions_gaps(make_app) -> None:
    at = make_app().run()
    labels = at.selectbox(key="region").options
    regions = pricing.snapshot_regions()
    assert [label.split(" · ")[0] for label in labels] == regions
    assert labels[regions.index("us-east-1")] == "us-east-1"  # every item priced
    assert any(" · no " in label and "EBS gp3" in label for label in labels)


def test_every_table_and_chart_carries_the_price_source_caption(make_app) -> None:
    at = make_app(chart="Sensitivity", show_calc="1").run()
    caption = price_line(pricing.load_catalog("snapshot", "us-east-1"))
    assert not at.exception
    # recommendation card, break-evens, options, ruled-out?, calculations, right-sizing?, chart
    assert texts(at.caption).count(caption) >= 4
    assert len(at.get("plotly_chart")) == 1
    wanted = {"item", "quantity", "unit", "rate", "cost", "source", "as_of"}
    assert any(wanted <= set(frame.value.columns) for frame in at.dataframe)


def test_changing_inputs_updates_numbers_and_recommendation(make_app) -> None:
    at = make_app().run()
    before = metric(at, "Monthly cost")
    at.selectbox(key="region").set_value("eu-west-1").run()
    at.session_state[EDITOR] = {
        "edited_rows": {0: {"tasks": 8, "cpu_util": 0.3, "mem_util": 0.4}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.pills(key="platforms").set_value(["ecs-fargate", "ecs-ec2"])
    at.number_input(key="addon_nat_gb_per_month").set_value(25.0)
    at.number_input(key="a_headroom").set_value(0.1)
    at.slider(key="w_cost").set_value(8.0)
    submit(at)
    _, comparison, catalog = expected(
        {
            "region": "eu-west-1",
            "services": [
                {"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 8, "cpu_util": 0.3, "mem_util": 0.4}
            ],
            "platforms": ["ecs-fargate", "ecs-ec2"],
            "addons": {"nat_gb_per_month": 25},
            "assumptions": {"headroom": 0.1},
        },
        weights=Weights(cost=8.0),
    )
    assert_shows(at, comparison, catalog)
    assert metric(at, "Monthly cost") != before
    assert at.query_params["region"] == "eu-west-1"
    assert "tasks=8" in at.query_params["svc"]


@pytest.mark.parametrize(
    ("svc", "message"),
    [
        pytest.param(
            "name=web;vcpu=0;memory_gb=2",
            "web: vCPU must be greater than 0 (row 1, entered 0)",
            id="zero-vcpu",
        ),
        pytest.param(
            "name=web;vcpu=1;memory_gb=2;bands=4 tasks",
            "web: Bands: write bands as TASKSxHOURS, comma-separated, e.g. 4x425,10x305 "
            "(row 1, entered 4 tasks)",
            id="bad-bands",
        ),
        pytest.param(
            "name=web;vcpu=1;memory_gb=2;cpu_util=1.5",
            "web: CPU util must be a fraction in (0, 1] (row 1, entered 1.5)",
            id="util-above-1",
        ),
    ],
)
def test_bad_service_input_shows_an_error_naming_the_service_and_column(
    make_app, svc: str, message: str
) -> None:
    at = make_app(svc=svc).run()
    assert not at.exception
    assert texts(at.error) == [message]
    assert not at.metric


def test_bad_cell_edit_shows_the_error_and_no_traceback(make_app) -> None:
    at = make_app().run()
    at.session_state[EDITOR] = {"edited_rows": {0: {"memory_gb": -2.0}}, "added_rows": [], "deleted_rows": []}
    submit(at)
    assert not at.exception
    assert texts(at.error) == ["web: Memory GB must be greater than 0 (row 1, entered -2)"]
    assert any("Stale" in w for w in texts(at.warning))  # the last valid results stay, marked


def test_all_weights_zero_is_an_input_error(make_app) -> None:
    params = {"w_cost": "0", **{f"w_{c}": "0" for c in Weights().criteria}}
    at = make_app(**params).run()
    assert not at.exception
    assert any(str(e.value).startswith("weights:") for e in at.error)


def test_unknown_instance_family_is_a_pricing_error_not_a_traceback(make_app) -> None:
    at = make_app(instance_types="zz9", platforms="ecs-ec2").run()
    assert not at.exception
    assert at.error or at.dataframe  # either refused as input or listed as ruled out, never a crash


def test_json_download_equals_the_cli_json(make_app, downloads, capsys, tmp_path) -> None:
    at = make_app().run()
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [
        "Download JSON",
        "Download CSV report",
        "Download Excel workbook",
    ]
    app_json = downloads[buttons[0].proto.deferred_file_id]()
    argv = ["estimate", "--region", "us-east-1", "--name", "web", "--vcpu", "1", "--memory-gb", "2"]
    assert cli_main([*argv, "--tasks", "3", "--source", "snapshot", "--format", "json"]) == 0
    assert app_json == capsys.readouterr().out
    csv = downloads[buttons[1].proto.deferred_file_id]()
    assert csv
    workbook = downloads[buttons[2].proto.deferred_file_id]()
    assert (
        cli_main(
            [
                *argv,
                "--tasks",
                "3",
                "--source",
                "snapshot",
                "--format",
                "xlsx",
                "-o",
                str(tmp_path / "w.xlsx"),
            ]
        )
        == 0
    )
    assert workbook == (tmp_path / "w.xlsx").read_bytes()  # the same bytes as the CLI


def test_json_download_follows_the_inputs(make_app, downloads, capsys) -> None:
    at = make_app(
        svc=["name=api;vcpu=2;memory_gb=4;tasks=2;spot_ok=1", "name=worker;vcpu=0.5;memory_gb=1"]
    ).run()
    assert not at.exception
    payload = json.loads(downloads[at.get("download_button")[0].proto.deferred_file_id]())
    assert [s["name"] for s in payload["workload"]["services"]] == ["api", "worker"]
    _workload, comparison, _ = expected(
        {
            "region": "us-east-1",
            "services": [
                {"name": "api", "vcpu": 2, "memory_gb": 4, "tasks": 2, "spot_ok": True},
                {"name": "worker", "vcpu": 0.5, "memory_gb": 1},
            ],
        }
    )
    assert payload["recommendation"]["monthly_cost"] == cents(comparison.recommendation.monthly_usd)


def test_url_reproduces_the_view(make_app) -> None:
    params = {
        "region": "us-west-2",
        "platforms": "ecs-fargate,eks-ec2",
        "purchases": "on-demand,spot",
        "a_headroom": "0.2",
        "a_eks_support": "extended",
        "addon_alb_count": "1",
        "chart": "Trade-offs",
        "svc": "name=api;vcpu=2;memory_gb=4;tasks=2;bands=2x730,4x200;spot_ok=1",
    }
    at = make_app(**params).run()
    assert not at.exception
    assert at.selectbox(key="region").value == "us-west-2"
    assert at.pills(key="platforms").value == ["ecs-fargate", "eks-ec2"]
    assert at.number_input(key="a_headroom").value == 0.2
    assert at.data_editor[0].value["bands"].tolist() == ["2x730,4x200"]
    assert len(at.get("plotly_chart")) == 1
    for key, value in params.items():  # the app writes the same state back into the URL
        assert at.query_params[key] == value, key


def test_invalid_url_values_are_reported_and_ignored(make_app) -> None:
    at = make_app(region="mars-north-1", a_headroom="lots").run()
    assert not at.exception
    errors = " ".join(texts(at.error))
    assert "region='mars-north-1' ignored" in errors
    assert "a_headroom='lots' ignored" in errors
    assert at.selectbox(key="region").value == "us-east-1"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"addon_alb_count": "-5"}, "URL parameter addon_alb_count='-5' ignored: alb_count: -5 is invalid"),
        ({"addon_nat_gb_per_month": "1e308"}, "addon_nat_gb_per_month='1e308' ignored: nat_gb_per_month"),
        ({"w_cost": "-100"}, "URL parameter w_cost='-100' ignored: a weight must be in [0, 100]"),
        ({"a_headroom": "1e30"}, "a_headroom='1e30' ignored: headroom"),
        ({"svc": "name=web;vcpu=1;memory_gb=2;tasks=100000000"}, "web: Tasks must be at most 5,000"),
        ({"svc": [f"name=s{i};vcpu=1;memory_gb=2" for i in range(300)]}, "give at most 20 per workload"),
    ],
    ids=["negative-alb", "huge-nat", "negative-weight", "huge-headroom", "huge-tasks", "300-services"],
)
def test_issue_15_bad_link_values_are_an_error_box_naming_the_parameter(
    make_app, params: dict[str, Any], message: str
) -> None:
    at = make_app(**params).run()
    assert not at.exception
    assert any(message in text for text in texts(at.error)), texts(at.error)


def test_live_prices_without_credentials_fall_back_to_the_snapshot_with_its_date(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pricing.load_catalog

    def no_credentials(source: str, region: str, **kw: Any) -> PriceCatalog:
        if source != "snapshot":
            raise PricingUnavailable(source, "NoCredentials: no AWS credentials found")
        return real(source, region, **kw)

    monkeypatch.setattr(pricing, "load_catalog", no_credentials)
    at = make_app(source="live").run()
    assert not at.exception
    snapshot = real("snapshot", "us-east-1").source
    [error] = [e.value for e in at.error]
    assert "live unavailable: NoCredentials" in error
    assert snapshot.as_of in error
    assert at.button(key="refresh")  # the refresh action is offered for live sources
    at.button(key="refresh").click().run()
    assert not at.exception
    _, comparison, catalog = expected(DEFAULT)
    assert_shows(at, comparison, catalog)


@pytest.fixture
def no_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """boto3's default chain finds no credentials, and any socket connect fails loudly."""
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("ECS_ADVISOR_CACHE_DIR", str(tmp_path / "price-cache"))

    def no_network(*args: Any, **kw: Any) -> None:
        raise AssertionError("the test tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)


@pytest.mark.usefixtures("no_aws")
def test_real_live_loader_without_credentials_says_so_and_shows_the_snapshot(make_app) -> None:
    at = make_app(source="live").run()
    assert not at.exception
    [error] = [str(e.value) for e in at.error]
    assert "NoCredentials" in error
    snapshot = pricing.load_catalog("snapshot", "us-east-1").source
    assert snapshot.caption() in error
    _, comparison, catalog = expected(DEFAULT)
    assert_shows(at, comparison, catalog)


@pytest.mark.usefixtures("no_aws")
def test_auto_source_without_credentials_warns_with_the_snapshot_date(make_app) -> None:
    at = make_app(source="auto").run()
    assert not at.exception
    assert not at.error
    [warning] = [str(w.value) for w in at.warning]
    assert "live refresh failed: NoCredentials" in warning
    assert pricing.load_catalog("snapshot", "us-east-1").source.as_of in warning
    assert at.metric


def test_upload_of_a_workload_file_fills_the_form(make_app) -> None:
    at = make_app().run()
    document = (
        "region: eu-central-1\n"
        "platforms: [ecs-fargate, ecs-ec2]\n"
        "assumptions: {headroom: 0.15}\n"
        "services:\n"
        "  - {name: api, vcpu: 0.5, memory_gb: 1, bands: [{tasks: 4, hours_per_month: 425}, {tasks: 1}]}\n"
        "  - {name: cron, vcpu: 1, memory_gb: 2, runs: {runs_per_month: 3000, avg_duration_seconds: 120}}\n"
    )
    at.file_uploader(key="upload").upload("workload.yaml", document.encode(), "application/yaml").run()
    assert not at.exception
    assert at.selectbox(key="region").value == "eu-central-1"
    assert at.data_editor[0].value["name"].tolist() == ["api", "cron"]
    _, comparison, catalog = expected(
        {
            "region": "eu-central-1",
            "platforms": ["ecs-fargate", "ecs-ec2"],
            "assumptions": {"headroom": 0.15},
            "services": [
                {
                    "name": "api",
                    "vcpu": 0.5,
                    "memory_gb": 1,
                    "bands": [{"tasks": 4, "hours_per_month": 425}, {"tasks": 1}],
                },
                {
                    "name": "cron",
                    "vcpu": 1,
                    "memory_gb": 2,
                    "runs": {"runs_per_month": 3000, "avg_duration_seconds": 120},
                },
            ],
        }
    )
    assert_shows(at, comparison, catalog)


def test_upload_of_an_ecs_task_definition_replaces_the_services(make_app) -> None:
    at = make_app().run()
    taskdef = (ROOT / "deploy" / "ecs-task-definition.json").read_bytes()
    at.file_uploader(key="upload").upload("taskdef.json", taskdef, "application/json").run()
    assert not at.exception
    assert at.data_editor[0].value["name"].tolist() == ["ecs-advisor-dashboard"]
    assert any("ECS task definition" in str(i.value) for i in at.info)
    _, comparison, catalog = expected(
        {"region": "us-east-1", "services": [{"name": "ecs-advisor-dashboard", "vcpu": 0.5, "memory_gb": 1}]}
    )
    assert_shows(at, comparison, catalog)


def test_upload_of_a_bad_file_shows_the_error_in_the_main_area_and_marks_results_stale(make_app) -> None:
    at = make_app().run()
    at.file_uploader(key="upload").upload(
        "w.yaml", b"region: us-east-1\nservices:\n  - {vcpu: 1, memroy_gb: 2}\n"
    )
    at.run()
    assert not at.exception
    assert not at.sidebar.error
    [error] = texts(at.main.error)
    assert "services[0].memroy_gb" in error
    assert "did you mean 'memory_gb'" in error
    assert any("Stale" in w for w in texts(at.warning))
    _, comparison, catalog = expected(DEFAULT)  # the form is left as it was
    assert_shows(at, comparison, catalog)
    submit(at)  # the form's valid input replaces the stale results
    assert not any("Stale" in w for w in texts(at.warning))


def test_broken_yaml_upload_names_the_line_with_a_hint(make_app) -> None:
    at = make_app().run()
    at.file_uploader(key="upload").upload("w.yaml", b"region: us-east-1\nservices:\n  - {name: a, vcpu: 1\n")
    at.run()
    [error] = texts(at.main.error)
    assert error.startswith("w.yaml: not valid YAML: expected ',' or '}'")
    assert "at line 4 column 1" in error
    assert "Hint: check the brackets, quotes and indentation on that line" in error


def test_infeasible_options_are_listed_with_their_reasons(make_app) -> None:
    at = make_app(svc="name=gpu;vcpu=4;memory_gb=16;gpu_count=1").run()
    assert not at.exception
    _, comparison, _ = expected(
        {"region": "us-east-1", "services": [{"name": "gpu", "vcpu": 4, "memory_gb": 16, "gpu_count": 1}]}
    )
    infeasible = [r for r in comparison.results if not r.feasible]
    assert infeasible
    ruled_out = next(d.value for d in at.dataframe if "why not" in d.value.columns)
    assert ruled_out["option"].tolist() == [option_name(r) for r in infeasible]
    assert ruled_out["why not"].tolist() == ["; ".join(r.reasons) for r in infeasible]


def test_rightsizing_suggestions_are_the_cores(make_app) -> None:
    at = make_app(svc="name=web;vcpu=2;memory_gb=4;tasks=3;cpu_util=0.2;mem_util=0.3").run()
    assert not at.exception
    data = {"region": "us-east-1", "services": [{"name": "web", "vcpu": 2, "memory_gb": 4, "tasks": 3}]}
    data["services"][0].update(cpu_util=0.2, mem_util=0.3)
    _, comparison, catalog = expected(data)
    assert_shows(at, comparison, catalog)
    sizing = comparison.rightsizing
    assert sizing is not None
    assert sizing.options
    suggestions = next(d.value for d in at.dataframe if "suggested_vcpu" in d.value.columns)
    [resize] = sizing.services
    assert suggestions.iloc[0]["suggested_vcpu"] == resize.new_vcpu
    assert suggestions.iloc[0]["suggested_memory_gb"] == resize.new_memory_gib
    savings = next(d.value for d in at.dataframe if "savings_usd" in d.value.columns)
    assert savings["savings_usd"].tolist() == [cents(o.savings_usd) for o in sizing.options]


@pytest.mark.parametrize("chart", ["Monthly cost", "Cost per service", "Sensitivity", "Trade-offs"])
def test_each_chart_renders(make_app, chart: str) -> None:
    at = make_app(chart=chart).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1


def test_ops_effort_adds_tco_to_the_reasons(make_app) -> None:
    at = make_app(**{"ops_ecs-ec2": "10", "ops_ecs-fargate": "2", "a_ops_hourly_usd": "100"}).run()
    ops = OpsEffort({p: {"ecs-ec2": 10.0, "ecs-fargate": 2.0}.get(p.value, 0.0) for p in Platform}, 100.0)
    _, comparison, catalog = expected({**DEFAULT, "assumptions": {"ops_hourly_usd": 100}}, ops=ops)
    assert_shows(at, comparison, catalog)
    assert any(r.code == "tco" for r in comparison.recommendation.reasons)


def test_readme_documents_the_dashboard() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "python3 -m streamlit run app.py" in readme
    assert "## Dashboard" in readme


def test_the_options_table_shows_a_dash_where_there_is_nothing_to_compare(make_app) -> None:
    at = make_app().run()
    options = next(d for d in at.dataframe if "cheaper_than_next_usd" in d.value.columns)
    assert options.value["cheaper_than_next_usd"].isna().iloc[-1]  # the last option: no next one
    assert options.proto.placeholder == "—"


def test_the_managed_platforms_are_selectable_and_priced_as_compare_prices_them(make_app) -> None:
    at = make_app().run()
    at.pills(key="platforms").set_value(["ecs-managed-instances", "eks-auto-mode"])
    at.number_input(key="a_management_fee_fraction").set_value(0.1)
    submit(at)
    _, comparison, catalog = expected(
        {
            **DEFAULT,
            "platforms": ["ecs-managed-instances", "eks-auto-mode"],
            "assumptions": {"management_fee_fraction": 0.1},
        }
    )
    assert_shows(at, comparison, catalog)
    assert {r.result.platform for r in comparison.ranked} == {
        Platform.ECS_MANAGED_INSTANCES,
        Platform.EKS_AUTO_MODE,
    }
    for platform in Platform:  # an operational-effort input for every platform
        assert at.number_input(key=f"ops_{platform.value}") is not None
