"""Right-sizing from measured utilization, on real us-east-1 rates."""

from __future__ import annotations

from advisor.decision.rightsizing import rightsize
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions, Platform, Service, Workload


def test_rightsizing_never_goes_below_measured_use(web: Workload, us_east_1: PriceCatalog) -> None:
    sizing = rightsize(web, us_east_1, target=0.7)
    assert sizing is not None
    (service,) = sizing.services
    assert service.new_vcpu >= 1 * 0.3
    assert service.new_memory_gib >= 2 * 0.4
    assert service.new_vcpu == 0.5  # 0.3 / 0.7 = 0.43 -> 0.5 vCPU
    assert service.new_memory_gib == 1.25  # 0.8 / 0.7 = 1.14 -> 1.25 GiB
    assert all(option.savings_usd >= 0 for option in sizing.options)


def test_no_utilization_no_resize(assumptions: Assumptions, us_east_1: PriceCatalog) -> None:
    workload = Workload((Service("web", 1, 2),), "us-east-1", assumptions, platforms=(Platform.ECS_FARGATE,))
    sizing = rightsize(workload, us_east_1)
    assert sizing is not None
    assert sizing.options == ()
    assert sizing.services[0].note.startswith("no utilization data")
