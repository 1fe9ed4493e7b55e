"""Docker Compose files → the workload the equivalent one-container task definitions give."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from advisor.importers.compose import GLOBAL_NOTE, import_compose, import_compose_text, memory_mib
from advisor.importers.taskdef import service_from_taskdef
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import Service
from tests.advisor.importers.conftest import SameEstimate


def compose_text(fixtures: Path) -> str:
    return (fixtures / "compose" / "docker-compose.yml").read_text()


def taskdef(family: str, cpu: str, memory: str, **extra: Any) -> dict[str, Any]:
    """A one-container task definition, as register-task-definition input."""
    container: dict[str, Any] = {"name": family, "image": f"ghcr.io/example/{family}:2026.12.1"}
    container.update(extra.pop("container", {}))
    return {"family": family, "cpu": cpu, "memory": memory, "containerDefinitions": [container], **extra}


def equivalent_services() -> dict[str, Service]:
    """The task definitions an architect would register for the same Compose services."""
    arm = {"runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"}}
    gpu = {"container": {"resourceRequirements": [{"type": "GPU", "value": "1"}]}}
    agent = service_from_taskdef(taskdef("log-agent", "128", "128"))
    return {
        "web": service_from_taskdef(taskdef("web", "1 vCPU", "2 GB", **arm), desired_count=3),
        "worker": service_from_taskdef(taskdef("worker", "256", "512"), desired_count=4),
        "redis": service_from_taskdef(taskdef("redis", "512", "1024")),
        "log-agent": replace(agent, daemon=True),
        "inference": service_from_taskdef(taskdef("inference", "4 vCPU", "16 GB", **gpu), desired_count=2),
    }


def test_compose_gives_the_services_of_the_equivalent_task_definitions(fixtures: Path) -> None:
    result = import_compose_text(compose_text(fixtures))
    assert result.errors == ()
    expected = equivalent_services()
    assert [s.name for s in result.services] == ["web", "worker", "redis", "log-agent", "inference"]
    for service in result.services:
        assert service == expected[service.name], service.name
    assert result.notes == (f"services.log-agent: {GLOBAL_NOTE}",)


def test_compose_prices_the_same_as_the_task_definitions_to_the_cent(
    fixtures: Path, same_estimate: SameEstimate
) -> None:
    imported = tuple(s for s in import_compose_text(compose_text(fixtures)).services if not s.gpu_count)
    expected = equivalent_services()
    ours = same_estimate(imported, [expected[s.name] for s in imported])
    fargate = [r for r in ours if r.platform.value == "ecs-fargate"]
    assert fargate
    assert all(not r.feasible and any("log-agent: runs as a daemon" in x for x in r.reasons) for r in fargate)
    assert any(r.feasible and r.monthly_usd > 0 for r in ours)


def test_env_overrides_the_default_and_a_variable_without_one_is_an_error() -> None:
    text = "services:\n  w:\n    deploy:\n      replicas: ${N:-2}\n"
    text += '      resources: {limits: {memory: "${MEM}"}}\n'
    result = import_compose_text(text, env={"N": "5", "MEM": "1g"})
    assert [(s.bands[0].tasks, s.memory_gib) for s in result.services] == [(5, 1.0)]
    result = import_compose_text(text)
    assert result.errors == (
        "services.w.deploy.resources.limits.memory: ${MEM} is not set and has no default: pass "
        "--env MEM=VALUE (the environment and .env files are not read)",
    )


@pytest.mark.parametrize(
    ("value", "mib"),
    [("512m", 512.0), ("2g", 2048.0), ("1.5gb", 1536.0), ("2048M", 2048.0), ("1024kb", 1.0), (1048576, 1.0)],
)
def test_byte_values_are_binary_multiples(value: object, mib: float) -> None:
    assert memory_mib(value, "memory") == mib


@pytest.mark.parametrize(
    ("service", "error"),
    [
        ({"image": "x"}, "services.s.deploy.resources: missing; no memory"),
        (
            {"deploy": {"mode": "replicated-job", "resources": {"limits": {"memory": "1g"}}}},
            "services.s.deploy.mode: 'replicated-job' is invalid; expected replicated or global",
        ),
        (
            {"platform": "linux/arm/v7", "mem_limit": "1g"},
            "services.s.platform: 'linux/arm/v7' is invalid; expected one of linux/amd64",
        ),
        (
            {"deploy": {"resources": {"limits": {"memory": "1 GiB RAM"}}}},
            "services.s.deploy.resources.limits.memory: '1 GiB RAM' is invalid; expected a byte value",
        ),
        (
            {"deploy": {"resources": {"limits": {"cpus": "-1", "memory": "1g"}}}},
            "services.s.deploy.resources.limits.cpus: '-1' is invalid; expected a number of CPUs",
        ),
        (
            {"mem_limit": "1g", "deploy": {"replicas": "two"}},
            "services.s.deploy.replicas: 'two' is invalid; expected a whole number of replicas",
        ),
        (
            {
                "mem_limit": "1g",
                "deploy": {
                    "resources": {"reservations": {"devices": [{"capabilities": ["gpu"], "count": "all"}]}}
                },
            },
            "services.s.deploy.resources.reservations.devices[0].count: 'all' is invalid; expected a number",
        ),
    ],
    ids=["no-memory", "job", "platform", "unit", "cpus", "replicas", "gpu-all"],
)
def test_bad_services_are_errors_naming_the_key(service: dict[str, Any], error: str) -> None:
    result = import_compose({"services": {"s": service, "ok": {"mem_limit": "256m", "cpus": 0.25}}})
    assert [s.name for s in result.services] == ["ok"]
    (message,) = result.errors
    assert message.startswith(error)


def test_no_cpus_is_priced_at_the_smallest_task_with_a_note() -> None:
    result = import_compose({"services": {"s": {"mem_limit": "512m"}}})
    assert result.services[0].vcpu == 0.125
    assert result.notes[0].startswith("services.s: no cpus: priced at 0.125 vCPU")


def test_not_a_compose_file_is_one_error() -> None:
    with pytest.raises(InvalidWorkload, match="services: missing; expected a Compose file"):
        import_compose({"services": [{"name": "web"}]})
