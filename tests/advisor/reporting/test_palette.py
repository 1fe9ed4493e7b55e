"""advisor.reporting.palette: every line item lands in a named category; colours never repeat."""

from __future__ import annotations

import pytest

import pricing
from advisor.engine import estimate
from advisor.model.costs import LineItem
from advisor.model.workload import Platform, Purchase
from advisor.model.workload_file import workload_from_dict
from advisor.reporting.palette import CATEGORY_COLOURS, category, option_colour, platform_colour


@pytest.mark.parametrize(
    ("item", "unit", "service", "expected"),
    [
        pytest.param(
            "Linux/x86 vCPU-hours as requested (3 tasks × 730 h)", "vCPU-hour", "web", "compute", id="vcpu"
        ),
        pytest.param(
            "m5.large instance-hours, allocated to tasks", "instance-hour", "", "compute", id="instance"
        ),
        pytest.param("Linux/x86 memory GB-hours as requested", "GB-hour", "web", "memory", id="memory"),
        pytest.param(
            "ephemeral storage GB-hours above the free 20 GB", "GB-hour", "web", "storage", id="ephemeral"
        ),
        pytest.param("EBS gp3 root volumes (30 GB per instance)", "GB-month", "", "storage", id="ebs"),
        pytest.param(
            "Windows OS licence vCPU-hours (1 vCPU / 2 GB)", "vCPU-hour", "w", "licences", id="licence"
        ),
        pytest.param("EKS control plane (standard support)", "cluster-hour", "", "control plane", id="eks"),
        pytest.param(
            "Linux/x86 vCPU-hours as requested", "vCPU-hour", "kube-system/coredns", "control plane", id="dns"
        ),
        pytest.param(
            "m5.large management fee (assumption 12% of on-demand)",
            "instance-hour",
            "",
            "management fee",
            id="fee",
        ),
        pytest.param("NAT gateway hours (1 × 730 h)", "NAT-gateway-hour", "", "add-ons", id="nat"),
        pytest.param("CloudWatch Logs ingestion", "GB", "", "add-ons", id="logs"),
        pytest.param(
            "m5.large instance-hours, unallocated (packing waste)",
            "instance-hour",
            "",
            "idle/waste",
            id="waste",
        ),
        pytest.param(
            "vCPU-hours added by rounding up to the 1 vCPU / 3 GB task size",
            "vCPU-hour",
            "w",
            "idle/waste",
            id="round",
        ),
        pytest.param("something new", "widget-hour", "", "other", id="unknown"),
    ],
)
def test_line_items_fall_in_their_category(item: str, unit: str, service: str, expected: str) -> None:
    assert category(LineItem(item, 1.0, unit, 1.0, service=service)) == expected


def test_every_item_of_a_broad_real_estimate_has_a_named_category() -> None:
    workload = workload_from_dict(
        {
            "region": "us-east-1",
            "services": [
                {"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 3, "storage_gb": 40},
                {"name": "api", "vcpu": 0.5, "memory_gb": 1, "bands": [{"tasks": 4, "hours_per_month": 425}]},
                {
                    "name": "job",
                    "vcpu": 2,
                    "memory_gb": 4,
                    "runs": {"runs_per_month": 30, "avg_duration_seconds": 30},
                },
            ],
            "addons": {
                "alb_count": 1,
                "alb_lcu_per_hour": 1,
                "nat_gateways": 1,
                "nat_gb_per_month": 10,
                "public_ipv4": True,
                "logs_gb_per_month": 5,
            },
        }
    )
    windows = workload_from_dict(
        {"region": "us-east-1", "services": [{"name": "win", "vcpu": 1, "memory_gb": 2, "os": "windows"}]}
    )
    catalog = pricing.load_catalog("snapshot", "us-east-1")
    items = [i for w in (workload, windows) for r in estimate(w, catalog) for i in r.line_items]
    assert items
    unknown = sorted({i.item for i in items if category(i) == "other"})
    assert unknown == []
    assert {category(i) for i in items} >= {
        "compute",
        "memory",
        "storage",
        "licences",
        "control plane",
        "management fee",
        "add-ons",
        "idle/waste",
    }


def test_each_option_and_category_has_its_own_colour() -> None:
    options = [option_colour(f"{p.value}/{b.value}") for p in Platform for b in Purchase]
    assert len(set(options)) == len(options)
    assert len(set(CATEGORY_COLOURS.values())) == len(CATEGORY_COLOURS)
    assert platform_colour(Platform.EKS_EC2) == option_colour("eks-ec2/on-demand")
