"""Default values of the editable assumptions, each with the public figure it comes from.

No offline source has real Savings Plans rates, and the Spot feed lacks some types, so the
advisor uses these discounts where the catalog has no real rate. They are shown, everywhere they are used,
labelled "assumption" with the citation below, and every one can be overridden.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from advisor.model.workload import Assumptions


@dataclass(frozen=True, slots=True)
class Citation:
    """Why a default has the value it has."""

    field: str
    label: str
    source: str


CITATIONS: tuple[Citation, ...] = (
    Citation(
        "ec2_spot_discount",
        "EC2 Spot discount vs on-demand, for types without a Spot rate",
        "fallback only: each type's own Spot rate comes from the AWS Spot Instance Advisor feed "
        "(https://aws.amazon.com/ec2/spot/instance-advisor/, 2025-06-28) or a live refresh. "
        "Default 0.65: the median of the feed's average savings over the prior month, Linux, "
        "all 33 regions (us-east-1 66 %, eu-west-1 55 %)",
    ),
    Citation(
        "spot_max_interruption_pct",
        "Highest Spot interruption frequency a Spot fleet may use (%)",
        "default 20: Spot fleets leave out types in the Spot Instance Advisor's '>20%' band "
        "(https://aws.amazon.com/ec2/spot/instance-advisor/: frequency of interruption over "
        "the prior month); 100 allows every band, 5 only '<5%'",
    ),
    Citation(
        "fargate_spot_discount",
        "Fargate Spot discount vs Fargate",
        "AWS Fargate pricing (https://aws.amazon.com/fargate/pricing/): Fargate Spot runs "
        "interruption-tolerant ECS tasks 'at up to a 70% discount off the regular Fargate price'",
    ),
    Citation(
        "savings_plan_1y_discount",
        "Compute Savings Plan 1-year no-upfront discount on EC2",
        "not set by default: no offline source has a real no-upfront rate. AWS Savings Plans "
        "FAQ (https://aws.amazon.com/savingsplans/faqs/): Compute Savings Plans 'reduce your "
        "costs by up to 66%' (3-year, all upfront being the deepest). Set it, or refresh live "
        "for DescribeSavingsPlansOfferingRates",
    ),
    Citation(
        "savings_plan_3y_discount",
        "Compute Savings Plan 3-year no-upfront discount on EC2",
        "not set by default (see savings_plan_1y_discount); AWS ceiling 'up to 66%'",
    ),
    Citation(
        "fargate_savings_plan_1y_discount",
        "Compute Savings Plan 1-year no-upfront discount on Fargate",
        "not set by default: no offline source has a real rate; third-party guides quote "
        "'up to 50%' on Fargate for the deepest commitment",
    ),
    Citation(
        "fargate_savings_plan_3y_discount",
        "Compute Savings Plan 3-year no-upfront discount on Fargate",
        "not set by default (see fargate_savings_plan_1y_discount)",
    ),
    Citation(
        "headroom",
        "Spare capacity kept on EC2 fleets (rolling deployments, target capacity < 100 %)",
        "default 0: ECS capacity providers default to targetCapacity 100 "
        "(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-auto-scaling.html)",
    ),
    Citation(
        "burstable_headroom",
        "How far below its CPU baseline a burstable type must run its tasks' average use",
        "20 %: a burstable instance at its baseline earns exactly the credits it spends, so any "
        "spike above the average is throttled; AWS advises a fixed-performance type when CPU "
        "stays near or above the baseline (https://docs.aws.amazon.com/ec2/latest/instancetypes/"
        "burstable-performance-instances.html). A warning names the utilization where each "
        "burstable type in a fleet would throttle",
    ),
    Citation(
        "ecs_os_memory_fraction",
        "Installed memory an ECS container instance does not register (kernel, platform)",
        "AWS ECS Developer Guide, Container instance memory management "
        "(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html, "
        "read 2026-12-01): an m4.large with 8192 MiB installed reports 8,373,026,816 bytes, "
        "which registers as 7985 MiB on Linux, 2.5 % less",
    ),
    Citation(
        "ecs_reserved_memory_mib",
        "ECS_RESERVED_MEMORY kept back per container instance for the agent and system processes",
        "256 MiB: the ECS Developer Guide says to reserve memory for the container agent and "
        "critical system processes and gives ECS_RESERVED_MEMORY=256 as its example "
        "(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html); "
        "the agent's own default is 0",
    ),
    Citation(
        "eni_trunking",
        "ECS awsvpcTrunking account setting on (more awsvpc tasks per container instance)",
        "default on: an account setting at no charge; per-type task limits from the ECS "
        "Developer Guide, Supported instances for increased container network interfaces "
        "(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/eni-trunking-supported-instance-types.html)",
    ),
    Citation(
        "previous_generation",
        "Let EC2 fleets use previous-generation instance types",
        "default off: EC2 marks them CurrentGeneration false and recommends current types "
        "(https://aws.amazon.com/ec2/previous-generation/); an allow-list naming a "
        "previous-generation type or family also admits it",
    ),
    Citation(
        "availability_zones",
        "Availability Zones each service's tasks spread over on EC2",
        "3: AWS recommends spreading workloads over multiple Availability Zones (Reliability "
        "Pillar, REL10-BP01, https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/"
        "rel_fault_isolation_multiaz_region_system.html) and the ECS console's default VPC has "
        "subnets in several; tasks are spread as the ECS spread strategy (attribute:ecs."
        "availability-zone) and Kubernetes topology spread constraints place them. 1 is allowed",
    ),
    Citation(
        "ec2_scale_out_seconds",
        "Launch and warm-up before new EC2 capacity runs tasks",
        "300 s: ECS managed scaling's default instanceWarmupPeriod "
        "(https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ManagedScaling.html)",
    ),
    Citation(
        "ec2_scale_in_seconds",
        "Scale-in delay before idle EC2 capacity is removed",
        "900 s: ECS cluster auto scaling's scale-in alarm waits for 15 minutes of "
        "CapacityProviderReservation below target (https://aws.amazon.com/blogs/containers/"
        "faster-scaling-in-for-amazon-ecs-cluster-auto-scaling/); the Kubernetes Cluster "
        "Autoscaler waits 10 minutes (scale-down-unneeded-time)",
    ),
    Citation(
        "ebs_root_gb",
        "EBS gp3 root volume per EC2 instance",
        "30 GiB: the default root volume of the ECS-optimized Amazon Linux 2023 AMI "
        "(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-optimized_AMI.html)",
    ),
    Citation(
        "management_fee_fraction",
        "ECS Managed Instances / EKS Auto Mode management fee, as a fraction of the On-Demand price",
        "offline only (a live refresh reads each type's fee from the Price List). Default 0.12: "
        "AWS publishes the fee per instance type (https://aws.amazon.com/eks/pricing/, "
        "https://aws.amazon.com/ecs/pricing/) at about 12 % of its On-Demand price, e.g. the "
        "AmazonEKS Price List's Auto Mode fee for m5.large in us-east-1 is $0.01152/h against "
        "$0.096 (as ec2instances.info reads it, 2026-07), m7i.large $0.0121/h against $0.1008 in the "
        "AmazonEKS us-east-1 offer of 2026-09-28 (usage type EKS-Auto:m7i.large-management-hours, "
        "as github.com/SoongGuanLeong/de-platform docs/research/22-aws-network-and-address-pricing.md "
        "reads it), and the ECS pricing page's example fee for "
        "c6a.2xlarge is $0.037/h against $0.306 (read 2026-09-20). Since 2026-07-01 the fee is "
        "35 % lower on G and 60 % lower on P and Trainium types (AWS What's New, 'Amazon ECS "
        "Managed Instances' GPU price reduction, the same for EKS Auto Mode); those reductions "
        "are applied to this fraction. Spot and Savings Plans never discount the fee",
    ),
    Citation(
        "eks_cluster_share",
        "Share of one EKS control plane this workload carries",
        "default 1 (a dedicated cluster); set lower when the cluster is shared",
    ),
)


def default_assumptions() -> Assumptions:
    """The documented defaults; callers override fields with `dataclasses.replace`."""
    return Assumptions(
        ec2_spot_discount=0.65,
        fargate_spot_discount=0.70,
    )


def citation(field_name: str) -> Citation:
    for item in CITATIONS:
        if item.field == field_name:
            return item
    raise KeyError(field_name)


ASSUMPTION_FIELDS = tuple(f.name for f in fields(Assumptions))
