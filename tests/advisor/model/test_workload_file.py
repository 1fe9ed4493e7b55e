"""The workload file format: parsing, strict keys with suggestions, round trip."""

from __future__ import annotations

import pytest

from advisor.model.checks import InvalidWorkload
from advisor.model.workload import Purchase, SupportTier
from advisor.model.workload_file import parse_workload_text, workload_from_dict, workload_to_dict

APP = """
region: us-east-1
platforms: [ecs-fargate, ecs-ec2]
instance_types: m7g, c7g.large
assumptions: {headroom: 0.1, eks_support: extended, savings_plan_1y_discount: 0.2}
addons: {alb_count: 1, alb_lcu_per_hour: 2, public_ipv4: yes}
services:
  - name: web
    vcpu: 1
    memory_gb: 2
    bands: [{tasks: 4, hours_per_month: 425}, {tasks: 10, hours_per_month: 305}]
    spot_ok: true
  - name: cron
    vcpu: 0.5
    memory_gb: 1
    runs: {runs_per_month: 3000, avg_duration_seconds: 45, peak_concurrency: 3}
"""


def test_full_file_parses() -> None:
    workload = parse_workload_text(APP)
    web, cron = workload.services
    assert [b.tasks for b in web.bands] == [4, 10]
    assert cron.runs is not None
    assert cron.runs.peak_concurrency == 3
    assert workload.instance_types == ("m7g", "c7g.large")
    assert workload.assumptions.headroom == 0.1
    assert workload.assumptions.eks_support is SupportTier.EXTENDED
    assert workload.addons.public_ipv4 is True
    assert workload.purchases == (Purchase.ON_DEMAND,)  # cron is not spot-tolerant


def test_round_trip() -> None:
    workload = parse_workload_text(APP)
    assert workload_from_dict(workload_to_dict(workload)) == workload


def test_json_is_accepted() -> None:
    text = '{"region": "eu-west-1", "services": [{"vcpu": 2, "memory_gb": 4, "tasks": 3, "spot_ok": true}]}'
    workload = parse_workload_text(text)
    assert workload.services[0].bands[0].tasks == 3
    assert workload.purchases == (Purchase.ON_DEMAND, Purchase.SPOT)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "region: x\nservices: [{vcpu: 1, memry_gb: 2}]",
            "services[0].memry_gb: 2 is invalid; unknown field; did you mean 'memory_gb'?",
        ),
        (
            "region: x\nservices: [{vcpu: 0, memory_gb: 2}]",
            "services[0].vcpu: 0.0 is invalid; must be greater than 0",
        ),
        ("region: x\nservices: [{vcpu: 1}]", "services[0].memory_gb: None is invalid; is required"),
        ("region: x\nservices: [{vcpu: 1, memory_gb: -2}]", "services[0].memory_gb"),
        (
            "region: x\nservices: [{vcpu: 1, memory_gb: 2, tasks: 1.5}]",
            "services[0].tasks: 1.5 is invalid; must be a whole number",
        ),
        (
            "region: x\nservices: [{vcpu: one, memory_gb: 2}]",
            "services[0].vcpu: 'one' is invalid; must be a number",
        ),
        (
            "region: x\nservices: [{vcpu: 1, memory_gb: 2, bands: [{tasks: 1, hours: 3}]}]",
            "services[0].bands[0].hours",
        ),
        (
            "region: x\nservices: [{vcpu: 1, memory_gb: 2}]\nassumptions: {headroom: 2}",
            "assumptions.headroom",
        ),
        ("region: x\nservices: [{vcpu: 1, memory_gb: 2}]\naddons: {alb_count: -1}", "addons.alb_count"),
        ("services: [{vcpu: 1, memory_gb: 2}]", "region: None is invalid; is required"),
        ("region: x\nservices: []", "services: [] is invalid"),
        ("[1", "not valid YAML"),
        ("- 1\n- 2", "must be a mapping"),
    ],
    ids=[
        "typo-suggests",
        "zero-vcpu",
        "missing-memory",
        "negative-memory",
        "fractional-tasks",
        "text-vcpu",
        "unknown-band-key",
        "bad-assumption",
        "bad-addon",
        "no-region",
        "no-services",
        "bad-yaml",
        "not-a-mapping",
    ],
)
def test_errors_name_the_path(text: str, message: str) -> None:
    with pytest.raises(InvalidWorkload) as info:
        parse_workload_text(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
