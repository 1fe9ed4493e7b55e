"""The notes column: why a cell is blank, and which prices rest on an assumption."""

from __future__ import annotations

import pandas as pd

from advisor.batch.rows import BatchOptions
from advisor.batch.table import price_table
from advisor.model.assumptions import default_assumptions
from advisor.model.workload import Platform
from pricing import load_catalog


def _notes(rows: list[dict[str, str]], **options: object) -> list[str]:
    frame = pd.DataFrame(rows, dtype=str).fillna("")
    batch = BatchOptions(default_assumptions(), region="us-east-1", **options)  # type: ignore[arg-type]
    report = price_table(frame, batch, lambda region: load_catalog("snapshot", region))
    return [str(n) for chunk in report.chunks for n in chunk.notes]


def test_each_blank_cell_and_assumption_is_explained() -> None:
    notes = _notes(
        [
            {"name": "steady", "vcpu": "1", "memory_gb": "2", "spot_ok": "no"},
            {"name": "arm", "vcpu": "1", "memory_gb": "2", "arch": "arm64", "spot_ok": "yes"},
            {"name": "big", "vcpu": "20", "memory_gb": "40"},
            {"name": "bigger", "vcpu": "24", "memory_gb": "48"},
        ],
        platforms=(Platform.ECS_FARGATE, Platform.ECS_EC2, Platform.EKS_FARGATE),
    )
    assert (
        notes[0] == "not asked: ecs-fargate/spot, ecs-ec2/spot, eks-fargate/spot (Spot only for spot_ok rows)"
    )
    assert "not feasible: eks-fargate/on-demand: service: ARM64 pods cannot run on EKS on Fargate" in notes[1]
    assert (
        "assumption: ecs-fargate/spot priced on fargate_spot_discount=0.7, not a published rate" in notes[1]
    )
    # a size named in a reason is the row's own
    assert "20 vCPU" in notes[2]
    assert "24 vCPU" in notes[3]
    assert "20 vCPU" not in notes[3]


def test_spot_not_asked_for_a_row_that_is_not_spot_ok_is_noted() -> None:
    assert _notes([{"vcpu": "1", "memory_gb": "2"}], platforms=(Platform.ECS_FARGATE,)) == [
        "not asked: ecs-fargate/spot (Spot only for spot_ok rows)"
    ]
    assert _notes(
        [{"vcpu": "1", "memory_gb": "2", "spot_ok": "no"}], platforms=(Platform.ECS_EC2,), purchases=None
    ) == ["not asked: ecs-ec2/spot (Spot only for spot_ok rows)"]
