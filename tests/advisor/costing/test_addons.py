"""Add-on line items, checked to the cent against real us-east-1 snapshot rates.

Rates used (data/service_rates.csv, us-east-1): alb_hour $0.0225/ALB-hour and alb_lcu_hour
$0.008/LCU-hour (AWSELB offer 2026-08-31); nat_gateway_hour $0.045/h and nat_gateway_gb
$0.045/GB (AmazonEC2 offer 2026-08-31); public_ipv4_hour $0.005/IP-hour (AmazonVPC offer
2026-08-31); cloudwatch_logs_ingest_gb $0.50/GB (AmazonCloudWatch offer 2026-08-31).
"""

from __future__ import annotations

import pytest

from advisor.costing.addons import addon_line_items, incomplete_warning, missing_rate_reason
from advisor.model.costs import LineItem
from advisor.model.prices import PriceCatalog, PriceNotFound
from advisor.model.workload import AddOns, Assumptions, Service, Workload


def workload(assumptions: Assumptions, addons: AddOns, region: str = "us-east-1") -> Workload:
    return Workload((Service("web", 1, 2),), region, assumptions, addons=addons)


def items(wl: Workload, catalog: PriceCatalog, ip_hours: float = 0.0) -> tuple[LineItem, ...]:
    priced = addon_line_items(wl, catalog, public_ip_hours=ip_hours, public_ip_label="one per Fargate task")
    assert priced.missing == ()
    return priced.items


def test_no_items_when_every_addon_is_off(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    assert items(workload(assumptions, AddOns()), us_east_1, ip_hours=1460) == ()


def test_alb_hours_and_lcu_hours(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    hours, lcus = items(workload(assumptions, AddOns(alb_count=2, alb_lcu_per_hour=1.5)), us_east_1)
    # 2 ALBs × 730 h = 1460 ALB-hours × $0.0225 = $32.85
    assert (hours.quantity, hours.unit, hours.rate_usd) == (1460, "ALB-hour", 0.0225)
    assert hours.monthly_usd == pytest.approx(32.85, abs=0.005)
    # 2 ALBs × 1.5 LCU × 730 h = 2190 LCU-hours × $0.008 = $17.52
    assert (lcus.quantity, lcus.unit, lcus.rate_usd) == (2190, "LCU-hour", 0.008)
    assert lcus.monthly_usd == pytest.approx(17.52, abs=0.005)
    assert "AWSELB" in hours.source
    assert hours.as_of == "2026-08-31"


def test_alb_without_lcus_has_no_lcu_line(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    (only,) = items(workload(assumptions, AddOns(alb_count=1)), us_east_1)
    assert only.unit == "ALB-hour"


def test_nat_gateway_hours_and_data(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    hours, data = items(workload(assumptions, AddOns(nat_gateways=1, nat_gb_per_month=100)), us_east_1)
    # 1 gateway × 730 h × $0.045 = $32.85; 100 GB × $0.045 = $4.50
    assert hours.quantity == 730
    assert hours.monthly_usd == pytest.approx(32.85, abs=0.005)
    assert data.quantity == 100
    assert data.unit == "GB"
    assert data.monthly_usd == pytest.approx(4.50, abs=0.005)


def test_public_ipv4_uses_the_hours_the_caller_passes(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    (ip,) = items(workload(assumptions, AddOns(public_ipv4=True)), us_east_1, ip_hours=1460)
    # 2 tasks × 730 h = 1460 IP-hours × $0.005 = $7.30
    assert (ip.quantity, ip.unit, ip.rate_usd) == (1460, "IP-hour", 0.005)
    assert ip.monthly_usd == pytest.approx(7.30, abs=0.005)
    assert "one per Fargate task" in ip.item


def test_public_ipv4_needs_both_the_addon_and_hours(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    assert items(workload(assumptions, AddOns(public_ipv4=True)), us_east_1, ip_hours=0) == ()
    assert items(workload(assumptions, AddOns(public_ipv4=False)), us_east_1, ip_hours=1460) == ()


def test_cloudwatch_logs_ingestion(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    (logs,) = items(workload(assumptions, AddOns(logs_gb_per_month=50)), us_east_1)
    # 50 GB × $0.50 = $25.00
    assert logs.monthly_usd == pytest.approx(25.00, abs=0.005)


def test_a_missing_rate_is_named_not_priced_at_zero(
    us_east_1: PriceCatalog, assumptions: Assumptions, without_rates
) -> None:
    catalog = without_rates(us_east_1, "alb_hour", "nat_gateway_gb")
    wl = workload(assumptions, AddOns(alb_count=1, alb_lcu_per_hour=1, nat_gateways=1, nat_gb_per_month=10))
    priced = addon_line_items(wl, catalog, public_ip_hours=0.0, public_ip_label="")
    assert priced.missing == ("Application Load Balancer hour", "NAT gateway data processing")
    # What is priced stays: 730 LCU-hours × $0.008 = $5.84 and 730 NAT-hours × $0.045 = $32.85.
    assert [i.unit for i in priced.items] == ["LCU-hour", "NAT-gateway-hour"]
    assert sum(i.monthly_usd for i in priced.items) == pytest.approx(5.84 + 32.85, abs=0.005)


def test_incomplete_warning_names_region_source_and_items(us_east_1: PriceCatalog) -> None:
    assert incomplete_warning(("EBS gp3 root volumes", "NAT gateway hour"), us_east_1) == (
        "incomplete, no us-east-1 rate for EBS gp3 root volumes, NAT gateway hour in the snapshot — "
        "refresh live; the total leaves them out"
    )


def test_missing_rate_reason_names_the_rate(us_east_1: PriceCatalog) -> None:
    err = PriceNotFound("alb_hour", "us-east-1", us_east_1.source.label)
    assert missing_rate_reason(err, us_east_1) == (
        "no Application Load Balancer hour rate for us-east-1 in the snapshot — refresh live"
    )


def test_negative_ip_hours_are_a_programming_error(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    with pytest.raises(ValueError, match="public_ip_hours"):
        items(workload(assumptions, AddOns(public_ipv4=True)), us_east_1, ip_hours=-1)
