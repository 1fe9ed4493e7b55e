"""A measured web service priced on Fargate and EC2, shared by the analyses' tests."""

from __future__ import annotations

import pytest

from advisor.model.workload import Assumptions, Platform, Service, UsageBand, Workload


@pytest.fixture
def web(assumptions: Assumptions) -> Workload:
    """4 tasks of 1 vCPU / 2 GB using 30 % of their CPU and 40 % of their memory, all month."""
    return Workload(
        (Service("web", 1, 2, bands=(UsageBand(4),), cpu_util=0.3, mem_util=0.4),),
        "us-east-1",
        assumptions,
        platforms=(Platform.ECS_FARGATE, Platform.ECS_EC2, Platform.EKS_EC2),
    )
