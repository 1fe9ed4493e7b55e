"""Properties of the Fargate models that must hold for every input, not just worked examples."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.costing.fargate import price_fargate
from advisor.costing.fargate_sizes import FREE_EPHEMERAL_STORAGE_GB, fargate_size, valid_sizes
from advisor.model.prices import PriceCatalog
from advisor.model.workload import (
    OS,
    Arch,
    Assumptions,
    Platform,
    Purchase,
    RunSchedule,
    Service,
    UsageBand,
    Workload,
)

# Fixtures are session/function scoped and read-only here, so reuse across examples is safe.
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

vcpus = st.floats(min_value=0.01, max_value=16.0, allow_nan=False)
memories = st.floats(min_value=0.01, max_value=120.0, allow_nan=False)
rates = st.floats(min_value=1e-6, max_value=10.0, allow_nan=False)


@SETTINGS
@given(vcpu=vcpus, memory=memories, vcpu_rate=rates, memory_rate=rates)
def test_linux_size_holds_the_request_and_is_the_cheapest_that_does(
    vcpu: float, memory: float, vcpu_rate: float, memory_rate: float
) -> None:
    size = fargate_size(vcpu, memory, OS.LINUX)
    assert size in valid_sizes(OS.LINUX)
    assert size[0] >= vcpu
    assert size[1] >= memory
    fitting = [s for s in valid_sizes(OS.LINUX) if s[0] >= vcpu and s[1] >= memory]
    # no larger in either dimension than any size that fits, hence cheapest at any positive rates
    assert all(size[0] <= s[0] and size[1] <= s[1] for s in fitting)
    cost = size[0] * vcpu_rate + size[1] * memory_rate
    assert cost <= min(s[0] * vcpu_rate + s[1] * memory_rate for s in fitting)


@SETTINGS
@given(
    vcpu=st.floats(min_value=0.01, max_value=4.0),
    memory=st.floats(min_value=0.01, max_value=30.0),
    vcpu_rate=rates,
    memory_rate=rates,
)
def test_windows_size_holds_the_request_and_is_the_cheapest_that_does(
    vcpu: float, memory: float, vcpu_rate: float, memory_rate: float
) -> None:
    size = fargate_size(vcpu, memory, OS.WINDOWS)
    fitting = [s for s in valid_sizes(OS.WINDOWS) if s[0] >= vcpu and s[1] >= memory]
    assert size in fitting
    assert size[0] >= 1
    assert size[0] * vcpu_rate + size[1] * memory_rate <= min(
        s[0] * vcpu_rate + s[1] * memory_rate for s in fitting
    )


# --- cost is monotone ----------------------------------------------------------------------


@st.composite
def services(draw: st.DrawFn) -> Service:
    runs = draw(st.booleans())
    return Service(
        "svc",
        vcpu=draw(st.floats(min_value=0.1, max_value=6.0)),
        memory_gib=draw(st.floats(min_value=0.1, max_value=40.0)),
        bands=tuple(
            UsageBand(draw(st.integers(0, 20)), draw(st.floats(min_value=1.0, max_value=300.0)))
            for _ in range(draw(st.integers(1, 3)))
        ),
        runs=(
            RunSchedule(
                draw(st.floats(min_value=1, max_value=5000)), draw(st.floats(min_value=1, max_value=600))
            )
            if runs
            else None
        ),
        storage_gb=draw(st.floats(min_value=0, max_value=150)),
        arch=draw(st.sampled_from(list(Arch))),
        spot_ok=True,
    )


def _cost(
    service: Service, catalog: PriceCatalog, assumptions: Assumptions, platform: Platform, purchase: Purchase
) -> float:
    result = price_fargate(Workload((service,), catalog.region, assumptions), catalog, platform, purchase)
    assert result.feasible, result.reasons
    return result.monthly_usd


def _grow(service: Service, what: str, factor: float) -> Service:
    if what == "vcpu":
        return replace(service, vcpu=service.vcpu * factor)
    if what == "memory":
        return replace(service, memory_gib=service.memory_gib * factor)
    if what == "tasks":
        return replace(service, bands=tuple(replace(b, tasks=b.tasks + 1) for b in service.bands))
    if service.runs is not None:  # "hours": runs last longer
        return replace(
            service,
            runs=replace(service.runs, avg_duration_seconds=service.runs.avg_duration_seconds * factor),
        )
    return replace(
        service, bands=tuple(replace(b, hours_per_month=b.hours_per_month * factor) for b in service.bands)
    )


@SETTINGS
@given(
    service=services(),
    what=st.sampled_from(["vcpu", "memory", "tasks", "hours"]),
    factor=st.floats(min_value=1.0, max_value=2.0),
    platform=st.sampled_from([Platform.ECS_FARGATE, Platform.EKS_FARGATE]),
    purchase=st.sampled_from([Purchase.ON_DEMAND, Purchase.SPOT]),
)
def test_cost_never_decreases_when_the_workload_grows(
    *,
    us_east_1: PriceCatalog,
    assumptions: Assumptions,
    service: Service,
    what: str,
    factor: float,
    platform: Platform,
    purchase: Purchase,
) -> None:
    if platform is Platform.EKS_FARGATE:
        if purchase is Purchase.SPOT:
            purchase = Purchase.ON_DEMAND
        service = replace(service, arch=Arch.X86_64)
    grown = _grow(service, what, factor)
    before = _cost(service, us_east_1, assumptions, platform, purchase)
    after = _cost(grown, us_east_1, assumptions, platform, purchase)
    assert after >= before - 1e-9


# --- line items add up to the billed size ------------------------------------------------------


@SETTINGS
@given(service=services())
def test_line_items_sum_to_billed_task_hours_times_the_billed_size(
    us_east_1: PriceCatalog, assumptions: Assumptions, service: Service
) -> None:
    """Requested + rounding + minimum lines == billed hours × (vCPU, memory, storage) at the size.

    Independent arithmetic with the us-east-1 Linux/x86 rates ($0.04048/vCPU-hour,
    $0.004445/GB-hour, $0.000111/GB-hour of storage above 20 GB): nothing double-counted or lost.
    """
    service = replace(service, arch=Arch.X86_64)
    result = price_fargate(
        Workload((service,), "us-east-1", assumptions), us_east_1, Platform.ECS_FARGATE, Purchase.ON_DEMAND
    )
    vcpu, memory = fargate_size(service.vcpu, service.memory_gib)
    assert result.capacity.task_sizes == {"svc": (vcpu, memory)}
    if service.runs is not None:
        billed_hours = service.runs.runs_per_month * max(60.0, service.runs.avg_duration_seconds) / 3600
    else:
        billed_hours = sum(b.tasks * b.hours_per_month for b in service.bands)
    storage = max(0.0, service.storage_gb - FREE_EPHEMERAL_STORAGE_GB)
    expected = billed_hours * (vcpu * 0.04048 + memory * 0.004445 + storage * 0.000111)
    assert abs(sum(i.monthly_usd for i in result.line_items) - expected) < 1e-6 * max(1.0, expected)
    assert result.monthly_usd == sum(i.monthly_usd for i in result.line_items)
    assert all(i.quantity >= 0 for i in result.line_items)
