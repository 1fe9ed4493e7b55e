"""The Fargate task-size table and the limits around it, with the AWS pages they come from.

Kept apart from the cost model (`fargate`) because right-sizing, importers and reports ask
"which Fargate size holds this request?" without pricing anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

from advisor.model.workload import OS

# --- the Fargate task-size table ------------------------------------------------------------


def _steps(low_gb: int, high_gb: int, step_gb: int) -> tuple[float, ...]:
    return tuple(float(gb) for gb in range(low_gb, high_gb + 1, step_gb))


LINUX_TASK_SIZES: tuple[tuple[float, tuple[float, ...]], ...] = (
    (0.25, (0.5, 1.0, 2.0)),
    (0.5, _steps(1, 4, 1)),
    (1.0, _steps(2, 8, 1)),
    (2.0, _steps(4, 16, 1)),
    (4.0, _steps(8, 30, 1)),
    (8.0, _steps(16, 60, 4)),
    (16.0, _steps(32, 120, 8)),
)
"""Valid (vCPU, memory GB options) of a Linux Fargate task, smallest first.

Source: Amazon ECS Developer Guide, "Troubleshoot Amazon ECS task definition invalid CPU or
memory errors" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html,
read 2026-11-23): .25 vCPU → 0.5, 1, 2 GB; .5 → 1–4 GB; 1 → 2–8 GB; 2 → 4–16 GB and 4 → 8–30 GB
in 1 GB steps; 8 → 16–60 GB in 4 GB steps and 16 → 32–120 GB in 8 GB steps (platform 1.4.0+).
EKS on Fargate uses the same table (Amazon EKS User Guide, "Understand Fargate Pod configuration
details", https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html,
read 2026-11-23). GB here is GiB (1 GB = 1024 MiB in both tables).
"""

WINDOWS_VCPU_SIZES: frozenset[float] = frozenset({1.0, 2.0, 4.0})
"""vCPU sizes a Windows Fargate task may have: 1, 2 and 4 vCPU only.

Same page as LINUX_TASK_SIZES: its "operating systems supported" column lists Windows for the
1, 2 and 4 vCPU rows only (8 and 16 vCPU are Linux-only), and the RegisterTaskDefinition API
reference says "The CPU units cannot be less than 1 vCPU when you use Windows containers on
Fargate" (read 2026-11-23).
"""

WINDOWS_TASK_SIZES: tuple[tuple[float, tuple[float, ...]], ...] = tuple(
    row for row in LINUX_TASK_SIZES if row[0] in WINDOWS_VCPU_SIZES
)

TASK_SIZES: Mapping[OS, tuple[tuple[float, tuple[float, ...]], ...]] = MappingProxyType(
    {OS.LINUX: LINUX_TASK_SIZES, OS.WINDOWS: WINDOWS_TASK_SIZES}
)

# --- other published facts the models rely on -----------------------------------------------

FREE_EPHEMERAL_STORAGE_GB = 20.0
"""Ephemeral storage included with every task; only what is configured above it is billed.

Amazon ECS Developer Guide, "Fargate task ephemeral storage"
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html, read
2026-11-23): tasks on platform 1.4.0+ "receive a minimum of 20 GiB", increased "up to a maximum
of 200 GiB"; AWS Fargate pricing (https://aws.amazon.com/fargate/pricing/) bills the storage
configured above 20 GB.
"""

EKS_MAX_EPHEMERAL_STORAGE_GB = 175.0
"""Largest ephemeral storage an EKS Fargate pod can request (ECS tasks go up to 200 GB).

AWS Containers blog, "AWS Fargate adds support for larger ephemeral volumes"
(https://aws.amazon.com/blogs/containers/amazon-eks-fargate-adds-support-for-larger-ephemeral-volumes,
read 2026-11-23): "configurable up to a maximum of 175 GiB per pod"; "you're only billed for the
additional storage you allocate ... beyond the default 20 GiB".
"""

EKS_POD_OVERHEAD_GIB = 0.25
"""Memory EKS on Fargate adds to every pod for the Kubernetes components (256 MB).

Amazon EKS User Guide, "Understand Fargate Pod configuration details"
(https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html, read
2026-11-23): "Fargate adds 256 MB to each Pod's memory reservation for the required Kubernetes
components (kubelet, kube-proxy, and containerd)", then rounds up to a valid size.
"""

MINIMUM_BILLED_SECONDS: Mapping[OS, float] = MappingProxyType({OS.LINUX: 60.0, OS.WINDOWS: 900.0})
"""The shortest a task is billed for: one minute on Linux, 15 minutes on Windows.

AWS Fargate pricing (https://aws.amazon.com/fargate/pricing/): usage is "rounded up to the
nearest second" and, as AWS's Fargate pricing text has long said, "a minimum charge of 1 minute
applies". The 15-minute minimum for Windows tasks is from the same page's Windows note as it
stood when Windows on Fargate launched (2021); the stored copy read on 2026-11-23 did not show
that note, so check it when refreshing.
"""

SPOT_SUPPORT_NOTE = (
    "Fargate Spot runs ECS Linux tasks on x86_64 (platform 1.3.0+) and, today, ARM64/Graviton "
    "(platform 1.4.0+): Amazon ECS API Reference, CapacityProviderStrategyItem "
    "(https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html, "
    "read 2026-11-23), which supersedes older guide pages that said x86_64 only. Windows tasks "
    "cannot use it (ECS Developer Guide, fargate-capacity-providers.html), nor can EKS "
    "(Fargate pricing: 'Fargate Spot Pricing for Amazon ECS')."
)
"""Why Spot is ruled out for Windows and EKS but not for ARM."""

FARGATE_LIMITS_SOURCE = (
    "Amazon ECS Developer Guide, Amazon ECS task definition differences for Fargate "
    "(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html): "
    "gpu and privileged are not valid for Fargate tasks, and awsvpc is the only network mode; "
    "Amazon EKS User Guide, AWS Fargate considerations "
    "(https://docs.aws.amazon.com/eks/latest/userguide/fargate.html): no DaemonSets, no "
    "privileged containers, pods in private subnets only"
)
"""Where the rule-outs below come from."""

TOLERANCE = 1e-9
"""Tolerance for comparing GiB and vCPU floats (0.1 + 0.2 must still fit a 0.5 GB size)."""


# --- task sizes -------------------------------------------------------------------------------


class NoFargateSize(ValueError):
    """No Fargate task size holds the request; the message says which limit it breaks."""


def gb_text(value: float) -> str:
    return f"{value:g} GB"


def fargate_size(vcpu: float, memory_gib: float, os: OS = OS.LINUX) -> tuple[float, float]:
    """The smallest valid Fargate task size, (vCPU, memory GB), that holds the request.

    Smallest means fewest vCPU first, then least memory. Because every larger vCPU row starts
    at or above the smaller rows' memory and steps in multiples of their steps, that size is
    also no larger in memory than any other size that fits, so it is the cheapest at any
    positive vCPU and memory rates (a property test checks this against the whole table).
    Raises NoFargateSize above the largest size (16 vCPU / 120 GB; 4 vCPU / 30 GB on Windows).
    """
    if not (math.isfinite(vcpu) and math.isfinite(memory_gib)) or vcpu <= 0 or memory_gib <= 0:
        raise ValueError(f"vcpu and memory_gib must be positive numbers, not {vcpu!r}, {memory_gib!r}")
    table = TASK_SIZES[OS(os)]
    for size_vcpu, memories in table:
        if size_vcpu + TOLERANCE < vcpu:
            continue
        for size_memory in memories:
            if size_memory + TOLERANCE >= memory_gib:
                return size_vcpu, size_memory
    max_vcpu, max_memories = table[-1]
    largest = f"{max_vcpu:g} vCPU / {gb_text(max_memories[-1])}"
    kind = "Windows Fargate" if OS(os) is OS.WINDOWS else "Fargate"
    if vcpu > max_vcpu + TOLERANCE:
        raise NoFargateSize(f"{vcpu:g} vCPU is above the largest {kind} task size ({largest})")
    raise NoFargateSize(f"{gb_text(memory_gib)} of memory is above the largest {kind} task size ({largest})")


def valid_sizes(os: OS = OS.LINUX) -> tuple[tuple[float, float], ...]:
    """Every valid (vCPU, memory GB) task size for `os`, smallest first."""
    return tuple((v, m) for v, memories in TASK_SIZES[OS(os)] for m in memories)
