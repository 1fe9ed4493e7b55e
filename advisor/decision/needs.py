"""Stated needs that decide which options may be recommended: here, the need for Kubernetes.

EKS adds a control plane and scores worst on management and ease of use; its portability and
flexibility are worth something only to a team that needs the Kubernetes API. So the need is
stated (`Workload.kubernetes`), never inferred:

- `not-needed` (the default): EKS options are priced and shown, but an EKS option is not
  eligible when some feasible ECS option costs the same or less (compared to the cent);
- `required`: only EKS options are eligible;
- `preferred`: every option is eligible and EKS options get `PREFERENCE_WEIGHT` more weight in
  the score, scored 5 against ECS's 1 (as much as one of the main trade-off criteria).
"""

from __future__ import annotations

from collections.abc import Iterable

from advisor.model.costs import CostBreakdown
from advisor.model.money import cents
from advisor.model.workload import KubernetesNeed, Platform

EKS_PLATFORMS = frozenset({Platform.EKS_EC2, Platform.EKS_FARGATE, Platform.EKS_AUTO_MODE})
"""The platforms that run the Kubernetes API."""

PREFERENCE_WEIGHT = 1.0
"""Extra weight of the Kubernetes term in the score when Kubernetes is preferred."""

PREFERRED_SCORE = {True: 5.0, False: 1.0}
"""The Kubernetes term's 1–5 score: 5 for an EKS option, 1 for an ECS one."""


def preference(platform: Platform, need: KubernetesNeed) -> tuple[float, float]:
    """(weight, score) of the Kubernetes term in an option's weighted score (0, 0 unless preferred)."""
    if need is KubernetesNeed.PREFERRED:
        return PREFERENCE_WEIGHT, PREFERRED_SCORE[platform in EKS_PLATFORMS]
    return 0.0, 0.0


def cheapest_ecs_usd(results: Iterable[CostBreakdown]) -> float | None:
    """The monthly cost of the cheapest feasible ECS option (None: there is none)."""
    costs = [r.monthly_usd for r in results if r.feasible and r.platform not in EKS_PLATFORMS]
    return min(costs) if costs else None


def eligible(
    platform: Platform, monthly_usd: float, cheapest_ecs: float | None, need: KubernetesNeed
) -> bool:
    """Whether an option may be recommended under the stated Kubernetes need."""
    is_eks = platform in EKS_PLATFORMS
    if need is KubernetesNeed.REQUIRED:
        return is_eks
    if need is KubernetesNeed.NOT_NEEDED and is_eks and cheapest_ecs is not None:
        return cents(monthly_usd) < cents(cheapest_ecs)
    return True


TEMPLATES = {
    KubernetesNeed.REQUIRED: "Kubernetes is required: only EKS options were eligible.",
    KubernetesNeed.PREFERRED: "Kubernetes is preferred: EKS options carry {weight:g} extra weight "
    "in the score.",
    KubernetesNeed.NOT_NEEDED: "No Kubernetes need was stated (kubernetes: not-needed): EKS options "
    "are recommended only when they cost less than every ECS option.",
}
PASSED_OVER = (
    "No Kubernetes need was stated (kubernetes: not-needed), so {eks} (${eks_usd:,.2f}/month) is "
    "not recommended over {ecs} (${ecs_usd:,.2f}/month), which costs the same or less."
)
"""The reason when an EKS option would have scored best but an ECS option costs no more."""
