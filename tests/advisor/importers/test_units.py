"""CPU and memory spellings: ECS task definitions and Kubernetes quantities."""

from __future__ import annotations

import pytest

from advisor.importers.units import (
    ecs_container_integer,
    ecs_cpu_units,
    ecs_memory_mib,
    k8s_cpu_vcpu,
    k8s_memory_gib,
)
from advisor.model.checks import InvalidWorkload


@pytest.mark.parametrize(
    ("value", "units"),
    [
        pytest.param(1024, 1024, id="json-integer"),
        pytest.param("1024", 1024, id="string-integer"),
        pytest.param("256", 256, id="quarter-vcpu-in-units"),
        pytest.param("1 vCPU", 1024, id="1-vCPU"),
        pytest.param("1 vcpu", 1024, id="1-vcpu-lowercase"),
        pytest.param("2vCPU", 2048, id="no-space"),
        pytest.param("0.25 vcpu", 256, id="fraction-vcpu"),
        pytest.param(".5 vCPU", 512, id="leading-dot"),
        pytest.param("4 vcpus", 4096, id="plural"),
        pytest.param(" 512 ", 512, id="whitespace"),
    ],
)
def test_ecs_cpu_spellings(value: object, units: float) -> None:
    assert ecs_cpu_units(value, "cpu") == units


@pytest.mark.parametrize(
    ("value", "mib"),
    [
        pytest.param(2048, 2048, id="json-integer"),
        pytest.param("2048", 2048, id="string-mib"),
        pytest.param("2 GB", 2048, id="2-GB"),
        pytest.param("2GB", 2048, id="2GB-no-space"),
        pytest.param("0.5 gb", 512, id="half-gb-lowercase"),
        pytest.param("512 MiB", 512, id="MiB"),
        pytest.param("3 GiB", 3072, id="GiB"),
    ],
)
def test_ecs_memory_spellings(value: object, mib: float) -> None:
    assert ecs_memory_mib(value, "memory") == mib


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        pytest.param(ecs_cpu_units, "2 cores", "expected CPU units", id="cpu-unknown-unit"),
        pytest.param(ecs_cpu_units, "-256", "must not be negative", id="cpu-negative-string"),
        pytest.param(ecs_cpu_units, -256, "must not be negative", id="cpu-negative-number"),
        pytest.param(ecs_cpu_units, True, "expected CPU units", id="cpu-bool"),
        pytest.param(ecs_memory_mib, "2 TB", "unknown unit 'TB'", id="memory-TB"),
        pytest.param(ecs_memory_mib, "2048 MB", "unknown unit 'MB'", id="memory-MB-ambiguous"),
        pytest.param(ecs_memory_mib, "lots", "expected MiB", id="memory-word"),
        pytest.param(ecs_memory_mib, "-1 GB", "must not be negative", id="memory-negative"),
    ],
)
def test_ecs_bad_spellings_name_path_and_expected(function: object, value: object, expected: str) -> None:
    with pytest.raises(InvalidWorkload, match=expected) as info:
        function(value, "taskDefinition.memory")  # type: ignore[operator]
    assert str(info.value).startswith("taskDefinition.memory: ")


def test_container_values_take_no_units() -> None:
    assert ecs_container_integer("128", "containerDefinitions[0].cpu", "CPU units") == 128
    with pytest.raises(InvalidWorkload, match=r"containerDefinitions\[0\]\.memory.*whole number of MiB"):
        ecs_container_integer("1 GB", "containerDefinitions[0].memory", "MiB")


@pytest.mark.parametrize(
    ("value", "vcpu"),
    [
        pytest.param("250m", 0.25, id="millicores"),
        pytest.param("1500m", 1.5, id="millicores-over-one"),
        pytest.param("0.5", 0.5, id="decimal-string"),
        pytest.param(0.5, 0.5, id="yaml-float"),
        pytest.param(1, 1.0, id="yaml-int"),
        pytest.param("2", 2.0, id="string-int"),
        pytest.param("100e-3", 0.1, id="exponent"),
        pytest.param("1k", 1000.0, id="kilo"),
    ],
)
def test_k8s_cpu_quantities(value: object, vcpu: float) -> None:
    assert k8s_cpu_vcpu(value, "cpu") == pytest.approx(vcpu)


@pytest.mark.parametrize(
    ("value", "gib"),
    [
        pytest.param("512Mi", 0.5, id="Mi"),
        pytest.param("1Gi", 1.0, id="Gi"),
        pytest.param("1048576Ki", 1.0, id="Ki"),
        pytest.param("1G", 1e9 / 2**30, id="decimal-G"),
        pytest.param("500M", 5e8 / 2**30, id="decimal-M"),
        pytest.param("1e9", 1e9 / 2**30, id="exponent-string"),
        pytest.param(1073741824, 1.0, id="plain-bytes"),
        pytest.param("1.5Gi", 1.5, id="fractional-Gi"),
        pytest.param("1Ti", 1024.0, id="Ti"),
    ],
)
def test_k8s_memory_quantities(value: object, gib: float) -> None:
    assert k8s_memory_gib(value, "memory") == pytest.approx(gib)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2 cores", "expected a Kubernetes quantity", id="words"),
        pytest.param("512MB", "expected a Kubernetes quantity", id="MB-is-not-a-suffix"),
        pytest.param("-1Gi", "must not be negative", id="negative"),
        pytest.param("1.2.3", "expected a Kubernetes quantity", id="two-dots"),
        pytest.param("512m", "did you mean '512Mi'", id="milli-bytes-typo"),
    ],
)
def test_k8s_bad_memory_quantities(value: object, expected: str) -> None:
    with pytest.raises(InvalidWorkload, match=expected):
        k8s_memory_gib(value, "spec.containers[0].resources.requests.memory")


@pytest.mark.parametrize(
    "text",
    ["1e999", "1e" + "9" * 5000, "9" * 5000, "1E400"],
    ids=["1e999", "5000-digit-exp", "5000-digits", "1E400"],
)
def test_issue_15_quantities_too_large_for_a_float_are_one_line_errors(text: str) -> None:
    with pytest.raises(InvalidWorkload, match="must be a finite number") as caught:
        k8s_cpu_vcpu(text, "cpu")
    assert "\n" not in str(caught.value)
