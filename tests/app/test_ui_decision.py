"""The dashboard's pure helpers for issue 14: messages, settings badges, the card, capacity."""

from __future__ import annotations

import pytest

import pricing
from advisor.decision.recommend import Comparison, Weights, recommend
from advisor.model.checks import InvalidWorkload
from advisor.model.costs import Capacity, CostBreakdown, FleetEntry, LineItem
from advisor.model.prices import Confidence
from advisor.model.workload import Platform, Purchase
from advisor.model.workload_file import workload_from_dict
from ui import decision, inputs, messages, services, settings, state, tables


def test_core_errors_become_service_column_and_one_based_row() -> None:
    err = InvalidWorkload("services[1].memory_gib", -2.0, "must be greater than 0")
    assert (
        messages.input_error(err, ["web", "api"])
        == "api: Memory GB must be greater than 0 (row 2, entered -2)"
    )
    missing = InvalidWorkload("services[0].vcpu", None, "is required")
    assert messages.input_error(missing, [""]) == "row 1: vCPU is required (row 1)"
    other = InvalidWorkload("assumptions.headroom", 2.0, "must be a fraction in [0, 0.95]")
    assert messages.input_error(other, ["web"]) == str(other)


def test_blank_names_get_a_free_generated_name_and_a_note() -> None:
    rows = [{"name": "service-2"}, {"name": None}, {"name": "  "}]
    named, notes = messages.name_blank_rows(rows)
    assert [r["name"] for r in named] == ["service-2", "service-3", "service-4"]
    assert notes[0].startswith("Row 2 had no name: it is priced as service-3.")
    assert len(notes) == 2


def test_sanity_warnings_for_no_tasks_and_impossible_sizes() -> None:
    catalog = pricing.load_catalog("snapshot", "us-east-1")
    largest = max(t.memory_gib for t in catalog.instance_types.values())
    workload = workload_from_dict(
        {
            "region": "us-east-1",
            "services": [
                {"name": "ok", "vcpu": 1, "memory_gb": 2},
                {"name": "idle", "vcpu": 1, "memory_gb": 2, "tasks": 0},
                {"name": "huge", "vcpu": 193, "memory_gb": largest + 1},
            ],
        }
    )
    warnings = messages.sanity_warnings(workload, catalog)
    assert [w.split(":")[0] for w in warnings] == ["idle", "huge", "huge"]
    assert "up to 192 vCPU" in warnings[1]


def test_only_non_default_settings_become_badges() -> None:
    values = state.defaults()
    assert settings.active_settings(values) == []
    changed = {
        **values,
        "addon_public_ipv4": True,
        "a_headroom": 0.2,
        "w_portability": 2.0,
        "ops_ecs-ec2": 5.0,
    }
    labels = [b.label for b in settings.active_settings(changed)]
    assert labels == ["Headroom: 0.2", "public IPv4: on", "portability: 2", "ECS on EC2 h/month: 5"] or (
        len(labels) == 4 and "public IPv4: on" in labels and "portability: 2" in labels
    )


def test_savings_plans_alone_are_compared_with_on_demand_and_name_their_missing_discounts() -> None:
    values = {**state.defaults(), "purchases": ["savings-plan-3y"]}
    assert inputs.purchases(values) == ["on-demand", "savings-plan-3y"]
    assert inputs.missing_discounts(values) == [
        "savings_plan_3y_discount",
        "fargate_savings_plan_3y_discount",
    ]
    values["a_savings_plan_3y_discount"] = 0.3
    assert inputs.missing_discounts(values) == ["fargate_savings_plan_3y_discount"]
    assert inputs.missing_discounts({**values, "source": "live"}) == []
    assert inputs.purchases({**values, "purchases": ["spot", "savings-plan-3y"]}) == [
        "spot",
        "savings-plan-3y",
    ]


def test_url_rows_leave_blank_cells_out() -> None:
    row = {
        **services.BLANK_ROW,
        "name": "api",
        "vcpu": 0.5,
        "memory_gb": 1.0,
        "arch": None,
        "hours_per_month": None,
    }
    assert services.encode_row(row) == "name=api;vcpu=0.5;memory_gb=1"


def _option(platform: Platform, purchase: Purchase, usd: float, **kw: object) -> CostBreakdown:
    return CostBreakdown(platform, purchase, True, line_items=(LineItem("x", 1.0, "vCPU-hour", usd, **kw),))


def test_card_annual_is_twelve_displayed_months_and_savings_reconcile() -> None:
    cheap = _option(Platform.ECS_EC2, Purchase.ON_DEMAND, 100.004)
    dear = _option(Platform.ECS_FARGATE, Purchase.ON_DEMAND, 150.0)
    ranked, rec = recommend((cheap, dear), Weights(cost=1.0, criteria={}))
    card = decision.card(Comparison((cheap, dear), ranked, rec), current="ecs-fargate/on-demand")
    assert card is not None
    assert (card.monthly_usd, card.annual_usd) == (100.0, 1200.0)
    assert [(d.label, d.value) for d in card.versus] == [
        ("Savings vs cheapest alternative", "$50.00/month"),
        ("Savings vs what runs today", "$50.00/month"),
    ]
    assert card.versus[0].note.startswith("$600.00/year less than ECS on Fargate")


ASSUMED = "assumption fargate_spot_discount=0.7 applied to: S1"


def test_badges_name_assumptions_medium_rates_and_warnings() -> None:
    result = CostBreakdown(
        Platform.ECS_FARGATE,
        Purchase.SPOT,
        True,
        line_items=(
            LineItem(
                "a",
                1.0,
                "vCPU-hour",
                3.0,
                source="assumption fargate_spot_discount=0.7 applied to: S1",
                confidence=Confidence.ASSUMPTION,
            ),
            LineItem("b", 1.0, "vCPU-hour", 1.0, source="Spot feed", confidence=Confidence.MEDIUM),
        ),
        warnings=("spot rates are an assumption",),
    )
    badges = decision.badges(result)
    assert [(b.label, b.color) for b in badges] == [
        ("complete", "green"),
        ("1 assumption", "orange"),
        ("25% on medium-confidence rates", "yellow"),
        ("1 warning", "red"),
    ]
    assert badges[1].help == "assumption fargate_spot_discount=0.7"


def test_an_incomplete_option_is_badged_as_a_lower_bound() -> None:
    result = CostBreakdown(Platform.ECS_EC2, Purchase.ON_DEMAND, True, missing=("EBS gp3 root volumes",))
    [badge, *_] = decision.badges(result)
    assert (badge.label, badge.color) == ("incomplete: a lower bound", "red")
    assert badge.help == "no rate in this price source for EBS gp3 root volumes"


@pytest.mark.parametrize(
    ("steady", "peak", "text"),
    [
        pytest.param((("m5a.large", 7),), (("m5a.large", 7),), "7 × m5a.large", id="no-scaling"),
        pytest.param(
            (("m5a.large", 7),),
            (("m5a.large", 7), ("c6a.large", 3)),
            "steady 7 × m5a.large (706 h); peak 7 × m5a.large + 3 × c6a.large",
            id="burst",
        ),
    ],
)
def test_capacity_gives_the_steady_fleet_then_the_peak(steady: tuple, peak: tuple, text: str) -> None:
    def fleet(entries: tuple) -> tuple[FleetEntry, ...]:
        return tuple(FleetEntry(name, count, 1.0, 0.5, 0.5) for name, count in entries)

    capacity = Capacity(fleet=fleet(peak), steady=fleet(steady), steady_hours=706.0)
    result = CostBreakdown(Platform.ECS_EC2, Purchase.ON_DEMAND, True, capacity=capacity)
    assert tables.capacity_text(result) == text


def test_fargate_capacity_gives_size_times_tasks_per_service() -> None:
    workload = workload_from_dict(
        {
            "region": "us-east-1",
            "services": [
                {
                    "name": "api",
                    "vcpu": 0.5,
                    "memory_gb": 1,
                    "bands": [{"tasks": 4, "hours_per_month": 425}, {"tasks": 10, "hours_per_month": 305}],
                }
            ],
        }
    )
    result = CostBreakdown(
        Platform.ECS_FARGATE, Purchase.ON_DEMAND, True, capacity=Capacity(task_sizes={"api": (0.5, 1.0)})
    )
    assert tables.capacity_text(result, workload) == "api: 0.5 vCPU / 1 GB × 4 tasks for 425 h, up to 10"


def test_source_links_come_from_the_source_text() -> None:
    assert tables.source_link("AWS, Amazon EKS pricing (https://aws.amazon.com/eks/pricing/), 2026") == (
        "https://aws.amazon.com/eks/pricing/"
    )
    assert tables.source_link("S1 AWS Price List Bulk API as quoted in a public design note") is None
