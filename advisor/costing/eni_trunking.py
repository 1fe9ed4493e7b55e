"""How many awsvpc tasks an ECS container instance runs with ENI trunking, per instance type.

Every awsvpc task takes an ENI and the instance keeps one, so without trunking a type runs
ENIs − 1 such tasks. With the `awsvpcTrunking` account setting (free) ECS attaches a trunk
ENI and gives each task a branch ENI, up to the per-type limit below.

Source: Amazon ECS Developer Guide, "Supported Amazon EC2 instance types" for ENI trunking
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/eni-trunking-supported-instance-types.html),
per-type table "Task limit with ENI trunking" as published in awsdocs/amazon-ecs-developer-guide
doc_source/container-instance-eni.md (commit a35b7671c57ce34babc04525a1d7b16fd4c9a8c6,
2023-04-18, the last published copy of the guide's source), read 2026-12-01. Every type of
every listed family is taken (general purpose, compute, memory, storage optimized and
accelerated, current generations m7g/c7g/r7g, c6in/m6in/r6in, i4i, g5, inf2, trn1 included);
types the table does not list (c5n, m5n's non-listed sizes, t3, and families launched after
2023-04 such as m7i or c7a) keep ENIs − 1. `i4i.large` is listed with a negative limit (a
typo in the guide) and is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from advisor.model.prices import InstanceType

_TABLE: tuple[tuple[str, str], ...] = (
    (
        "c6i c6id c6in m6i m6id m6idn m6in r6i r6id r6idn r6in",
        "large=10 xlarge=20 2xlarge=40 4xlarge=60 8xlarge=90 12xlarge=120 16xlarge=120 "
        "24xlarge=120 32xlarge=120 metal=120",
    ),
    (
        "c6g c6gd c7g m6g m6gd m7g r6g r6gd r7g",
        "medium=4 large=10 xlarge=20 2xlarge=40 4xlarge=60 8xlarge=60 12xlarge=60 16xlarge=120 metal=120",
    ),
    (
        "c5a m5 m5a m5ad r5a r5ad r5d",
        "large=10 xlarge=20 2xlarge=40 4xlarge=60 8xlarge=60 12xlarge=60 16xlarge=120 24xlarge=120",
    ),
    ("dl1 p4d p4de", "24xlarge=120"),
    (
        "c6a m6a r6a",
        "large=10 xlarge=20 2xlarge=40 4xlarge=60 8xlarge=90 12xlarge=120 16xlarge=120 "
        "24xlarge=120 32xlarge=120 48xlarge=120 metal=120",
    ),
    ("mac2 u-18tb1 u-24tb1", "metal=12"),
    ("c5 c5d", "large=10 xlarge=20 2xlarge=40 4xlarge=60 9xlarge=60 12xlarge=60 18xlarge=120 24xlarge=120"),
    ("c5ad r5", "large=10 xlarge=20 2xlarge=40 4xlarge=60 12xlarge=60 16xlarge=120 24xlarge=120"),
    ("r5b r5dn", "16xlarge=120"),
    ("u-3tb1 u-6tb1", "56xlarge=12"),
    ("a1", "medium=10 large=10 xlarge=20 2xlarge=40 4xlarge=60"),
    ("c6gn", "medium=4 large=10 xlarge=20 2xlarge=40 4xlarge=60 8xlarge=60 12xlarge=60 16xlarge=120"),
    ("g4ad", "xlarge=12 2xlarge=12 4xlarge=12 8xlarge=12 16xlarge=12"),
    ("g5", "xlarge=6 2xlarge=19 4xlarge=40 8xlarge=90 12xlarge=120 16xlarge=120 24xlarge=120 48xlarge=120"),
    ("g5g", "xlarge=20 2xlarge=40 4xlarge=60 8xlarge=60 16xlarge=120 metal=120"),
    ("hpc6a", "48xlarge=120"),
    ("hpc6id", "32xlarge=120"),
    ("i4i", "xlarge=8 2xlarge=28 4xlarge=58 8xlarge=118 16xlarge=248 32xlarge=498 metal=498"),
    ("im4gn", "large=10 xlarge=20 2xlarge=40 4xlarge=60 8xlarge=60 16xlarge=120"),
    ("inf2", "xlarge=20 8xlarge=90 24xlarge=120 48xlarge=120"),
    ("is4gen", "medium=4 large=10 xlarge=20 2xlarge=40 4xlarge=60 8xlarge=60"),
    (
        "m5d",
        "large=10 xlarge=20 2xlarge=40 4xlarge=60 8xlarge=60 12xlarge=60 16xlarge=120 24xlarge=120 metal=120",
    ),
    ("m5n", "large=10 xlarge=20 2xlarge=40 4xlarge=60 8xlarge=60 12xlarge=60 16xlarge=120"),
    ("m5zn", "large=14 xlarge=31 2xlarge=64 3xlarge=98 6xlarge=120"),
    ("p3", "2xlarge=40 8xlarge=60 16xlarge=120"),
    ("trn1", "2xlarge=19 32xlarge=120"),
    ("trn1n", "32xlarge=242"),
    ("vt1", "3xlarge=40 6xlarge=60 24xlarge=120"),
    (
        "x2gd",
        "medium=10 large=10 xlarge=20 2xlarge=40 4xlarge=60 8xlarge=60 12xlarge=60 16xlarge=120 metal=120",
    ),
    ("x2idn", "16xlarge=120 24xlarge=120 32xlarge=120 metal=120"),
    (
        "x2iedn",
        "xlarge=13 2xlarge=29 4xlarge=60 8xlarge=120 16xlarge=120 24xlarge=120 32xlarge=120 metal=120",
    ),
    ("x2iezn", "2xlarge=64 4xlarge=120 6xlarge=120 8xlarge=120 12xlarge=120 metal=120"),
)
"""(families, "size=limit …"): the guide's rows, families that share the same sizes grouped."""

TRUNKING_TASK_LIMITS: Mapping[str, int] = MappingProxyType(
    {
        f"{family}.{size}": int(limit)
        for families, sizes in _TABLE
        for family in families.split()
        for size, limit in (pair.split("=") for pair in sizes.split())
    }
)
"""awsvpc tasks per instance with ENI trunking, by instance type (see the module docstring)."""


def awsvpc_task_limit(spec: InstanceType, trunking: bool) -> int:
    """awsvpc tasks one instance can run: the ECS trunking limit where listed, else ENIs − 1."""
    if trunking and spec.name in TRUNKING_TASK_LIMITS:
        return TRUNKING_TASK_LIMITS[spec.name]
    return spec.max_enis - 1
