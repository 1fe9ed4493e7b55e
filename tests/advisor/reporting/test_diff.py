"""`advisor.reporting.diff`: a change's monthly difference per option and per service, to the cent."""

from __future__ import annotations

from dataclasses import replace

from advisor.decision.recommend import compare
from advisor.model.assumptions import default_assumptions
from advisor.model.money import cents
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Service, UsageBand, Workload, default_purchases
from advisor.reporting.diff import SHARED, diff, option_label

WEB = Service("web", 1.0, 2.0, bands=(UsageBand(3),))
API = Service("api", 0.5, 1.0, bands=(UsageBand(2),))


def workload(*services: Service) -> Workload:
    return Workload(services, "us-east-1", default_assumptions(), purchases=default_purchases(services))


def test_one_service_resized_shows_exactly_its_difference_per_option(us_east_1: PriceCatalog) -> None:
    base, head = workload(WEB, API), workload(replace(WEB, vcpu=2.0, memory_gib=4.0), API)
    before, after = compare(base, us_east_1, analyses=False), compare(head, us_east_1, analyses=False)
    result = diff((base, before), (head, after))
    (change,) = result.services
    assert (change.name, change.status, change.changes) == (
        "web",
        "changed",
        ("vcpu 1 → 2", "memory_gb 2 → 4"),
    )
    assert change.after == "2 vCPU / 4 GB × 3 tasks"
    old = {option_label(r): cents(r.monthly_usd) for r in before.results}
    expected = {option_label(r): round(cents(r.monthly_usd) - old[option_label(r)], 2) for r in after.results}
    assert {o.option: o.change for o in result.options} == expected
    # ECS on Fargate: 3 tasks × 730 h × (1 vCPU × $0.04048 + 2 GB × $0.004445) more.
    assert expected["ecs-fargate / on-demand"] == round(3 * 730 * (0.04048 + 2 * 0.004445), 2) == 108.12
    for option, rows in result.per_service.items():
        assert round(sum(rows.values()), 2) == (
            result.recommended_change if option == "recommended" else expected[option]
        ), option
        assert rows["api"] == 0.0, option
    fargate = result.per_service["ecs-fargate / on-demand"]
    assert (fargate["web"], fargate[SHARED]) == (108.12, 0.0)
    ec2 = result.per_service["ecs-ec2 / on-demand"]
    assert (ec2["web"], ec2[SHARED]) == (0.0, expected["ecs-ec2 / on-demand"])  # a packed fleet is shared


def test_added_and_removed_services_and_settings(us_east_1: PriceCatalog) -> None:
    base = workload(WEB)
    head = replace(workload(API), platforms=base.platforms[:1])
    result = diff(
        (base, compare(base, us_east_1, analyses=False)), (head, compare(head, us_east_1, analyses=False))
    )
    assert [(c.name, c.status) for c in result.services] == [("web", "removed"), ("api", "added")]
    assert result.services[0].before == "1 vCPU / 2 GB × 3 tasks"
    assert result.settings == (
        "platforms [ecs-fargate, ecs-ec2, eks-ec2, eks-fargate, ecs-managed-instances, eks-auto-mode]"
        " → [ecs-fargate]",
    )
    gone = [o for o in result.options if o.after is None]
    assert gone
    assert all(o.change is None and o.note == "not priced after" for o in gone)
