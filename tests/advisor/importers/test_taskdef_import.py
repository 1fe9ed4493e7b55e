"""ECS task definitions → Service: sizes, platform, storage, network, GPUs, desired counts."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from advisor.importers.taskdef import (
    import_taskdef,
    match_service,
    parse_json_text,
    service_from_taskdef,
    services_from_describe,
    unwrap,
)
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import OS, Arch, NetworkMode

TASKDEFS = Path(__file__).resolve().parents[2] / "fixtures" / "taskdefs"


def load_taskdef(name: str) -> Any:
    return json.loads((TASKDEFS / name).read_text())


def test_fargate_web_service_reads_every_platform_field() -> None:
    service = service_from_taskdef(load_taskdef("fargate_web.json"), desired_count=3)
    assert (service.name, service.vcpu, service.memory_gib) == (
        "storefront-web",
        1.0,
        2.0,
    )  # "1 vCPU", "2 GB"
    assert service.bands[0].tasks == 3
    assert (service.arch, service.os, service.network_mode) == (Arch.ARM64, OS.LINUX, NetworkMode.AWSVPC)
    assert service.storage_gb == 30
    assert (service.gpu_count, service.privileged, service.daemon, service.spot_ok) == (
        0,
        False,
        False,
        False,
    )


def test_ec2_bridge_without_task_size_sums_container_reservations() -> None:
    result = import_taskdef(load_taskdef("ec2_bridge.json"))
    service = result.service
    # cpu: 128 + 512 + 64 units; memory: nginx reserves 128 (soft) of 256, api 1024 (hard only),
    # statsd 64 (soft): what the scheduler reserves on the instance.
    assert service.vcpu == pytest.approx(704 / 1024)
    assert service.memory_gib == pytest.approx((128 + 1024 + 64) / 1024)
    assert service.network_mode is NetworkMode.BRIDGE
    assert service.privileged is True  # the statsd sidecar
    assert service.storage_gb == 20  # Fargate's included storage when none is asked for
    assert result.compatibilities == ("EC2",)
    assert result.notes == ()


def test_windows_task_is_windows_x86() -> None:
    service = service_from_taskdef(load_taskdef("windows.json"))
    assert (service.os, service.arch, service.vcpu, service.memory_gib) == (OS.WINDOWS, Arch.X86_64, 2.0, 4.0)


def test_gpu_task_counts_gpus_and_reads_lowercase_units() -> None:
    service = service_from_taskdef(load_taskdef("gpu.json"), name="inference")
    assert (service.name, service.gpu_count, service.vcpu, service.memory_gib) == ("inference", 1, 4.0, 16.0)


def test_describe_output_with_wrapper_and_its_service() -> None:
    data = load_taskdef("describe_checkout.json")
    infos = services_from_describe(load_taskdef("describe_services.json"))
    taskdef, prefix = unwrap(data)
    assert prefix == "taskDefinition."
    info = match_service(taskdef, infos)
    assert info is not None
    result = import_taskdef(data, service_info=info)
    assert result.family == "checkout"
    service = result.service
    assert (service.name, service.bands[0].tasks, service.vcpu, service.memory_gib) == (
        "checkout-svc",
        6,
        0.5,
        1.0,
    )
    assert service.spot_ok is True  # FARGATE_SPOT in its capacity provider strategy


def test_wrapper_and_bare_definition_import_the_same() -> None:
    wrapped = load_taskdef("describe_checkout.json")
    assert service_from_taskdef(wrapped) == service_from_taskdef(wrapped["taskDefinition"])


def test_desired_count_flag_overrides_describe_services() -> None:
    data = load_taskdef("describe_checkout.json")
    info = services_from_describe(load_taskdef("describe_services.json"))[0]
    assert import_taskdef(data, desired_count=2, service_info=info).service.bands[0].tasks == 2


@pytest.mark.parametrize(
    ("reference", "matches"),
    [
        pytest.param("arn:aws:ecs:us-east-1:123456789012:task-definition/legacy-api:7", True, id="arn"),
        pytest.param("legacy-api:7", True, id="family-revision"),
        pytest.param("legacy-api", True, id="family-only"),
        pytest.param("other-api:7", False, id="other-family"),
    ],
)
def test_services_match_task_definitions(reference: str, matches: bool) -> None:
    infos = services_from_describe(
        {"services": [{"serviceName": "svc", "taskDefinition": reference, "desiredCount": 2}]}
    )
    taskdef = {**load_taskdef("ec2_bridge.json"), "revision": 7}
    assert (match_service(taskdef, infos) is not None) is matches


def test_daemon_service_is_one_task_per_instance() -> None:
    info = services_from_describe(
        {
            "services": [
                {
                    "serviceName": "agent",
                    "taskDefinition": "legacy-api:1",
                    "desiredCount": 12,
                    "schedulingStrategy": "DAEMON",
                }
            ]
        }
    )[0]
    result = import_taskdef(load_taskdef("ec2_bridge.json"), service_info=info)
    assert (result.service.daemon, result.service.bands[0].tasks) == (True, 1)
    assert "desiredCount 12" in result.notes[0]


def test_task_without_any_cpu_is_priced_at_the_smallest_ecs_task_with_a_note() -> None:
    data = {"family": "tiny", "containerDefinitions": [{"name": "a", "image": "a:1", "memory": 256}]}
    result = import_taskdef(data)
    assert result.service.vcpu == 0.125
    assert "128 CPU units" in result.notes[0]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        pytest.param(None, NetworkMode.BRIDGE, id="ec2-default-bridge"),
        pytest.param("host", NetworkMode.HOST, id="host"),
        pytest.param("none", NetworkMode.BRIDGE, id="none-like-bridge"),
    ],
)
def test_network_modes(mode: str | None, expected: NetworkMode) -> None:
    data = copy.deepcopy(load_taskdef("ec2_bridge.json"))
    data.pop("networkMode")
    if mode:
        data["networkMode"] = mode
    assert service_from_taskdef(data).network_mode is expected


def test_fargate_default_network_mode_is_awsvpc() -> None:
    data = copy.deepcopy(load_taskdef("fargate_web.json"))
    data.pop("networkMode")
    assert service_from_taskdef(data).network_mode is NetworkMode.AWSVPC


def test_managed_instances_default_network_mode_is_awsvpc_with_a_note() -> None:
    data = copy.deepcopy(load_taskdef("ec2_bridge.json"))
    data.pop("networkMode")
    data["requiresCompatibilities"] = ["MANAGED_INSTANCES"]
    result = import_taskdef(data)
    assert result.service.network_mode is NetworkMode.AWSVPC
    assert any("MANAGED_INSTANCES: priced as awsvpc" in note for note in result.notes)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"memory": "2 TB"}, r"^memory: '2 TB' is invalid; unknown unit 'TB'", id="unknown-unit"),
        pytest.param({"cpu": "-1 vCPU"}, r"^cpu: '-1 vCPU' is invalid; must not be negative", id="negative"),
        pytest.param({"cpu": "0"}, r"^cpu: '0' is invalid; must be greater than 0", id="zero-cpu"),
        pytest.param(
            {"runtimePlatform": {"cpuArchitecture": "RISCV"}},
            r"^runtimePlatform\.cpuArchitecture: 'RISCV' is invalid; expected X86_64 or ARM64",
            id="unknown-arch",
        ),
        pytest.param(
            {"ephemeralStorage": {"sizeInGiB": 500}},
            r"^ephemeralStorage\.sizeInGiB: 500\.0 is invalid; must be in \[0, 200\] GB",
            id="storage-over-fargate-max",
        ),
        pytest.param(
            {"networkMode": "overlay"},
            r"^networkMode: 'overlay' is invalid; expected awsvpc",
            id="bad-network",
        ),
        pytest.param(
            {
                "runtimePlatform": {
                    "cpuArchitecture": "ARM64",
                    "operatingSystemFamily": "WINDOWS_SERVER_2022_CORE",
                }
            },
            r"^runtimePlatform\.cpuArchitecture: 'arm64' is invalid; Windows containers run on x86_64 only",
            id="windows-arm",
        ),
    ],
)
def test_bad_values_name_the_json_path(change: dict[str, object], message: str) -> None:
    data = {**load_taskdef("fargate_web.json"), **change}
    with pytest.raises(InvalidWorkload, match=message):
        import_taskdef(data)


def test_bad_values_inside_the_wrapper_carry_its_prefix() -> None:
    data = copy.deepcopy(load_taskdef("describe_checkout.json"))
    data["taskDefinition"]["containerDefinitions"][0]["resourceRequirements"] = [
        {"type": "GPU", "value": "-1"}
    ]
    with pytest.raises(
        InvalidWorkload, match=r"^taskDefinition\.containerDefinitions\[0\]\.resourceRequirements\[0\]\.value"
    ):
        import_taskdef(data)


def test_container_without_memory_when_task_has_none_is_named() -> None:
    data = copy.deepcopy(load_taskdef("ec2_bridge.json"))
    del data["containerDefinitions"][1]["memory"]
    with pytest.raises(InvalidWorkload, match=r"^containerDefinitions\[1\]\.memory: missing"):
        import_taskdef(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param([], r"^\$: 'list' is invalid; expected a JSON object", id="not-an-object"),
        pytest.param(
            {"family": "x"}, r"^containerDefinitions: missing; expected an ECS task definition", id="empty"
        ),
        pytest.param(
            {"services": []},
            r"looks like describe-services output: pass it with --services-json",
            id="services-json",
        ),
        pytest.param(
            {"containerDefinitions": []},
            r"^containerDefinitions: \[\] is invalid; expected a non-empty",
            id="no-containers",
        ),
    ],
)
def test_not_a_task_definition(data: object, message: str) -> None:
    with pytest.raises(InvalidWorkload, match=message):
        import_taskdef(data)


def test_malformed_json_names_the_file_line_and_column() -> None:
    path = "bad/malformed.json"
    with pytest.raises(InvalidWorkload) as info:
        parse_json_text((TASKDEFS / path).read_text(), path)
    assert str(info.value) == f"{path}: not valid JSON: Expecting ',' delimiter at line 5 column 1"


def test_describe_services_json_must_have_services() -> None:
    with pytest.raises(InvalidWorkload, match="expected `aws ecs describe-services` output"):
        services_from_describe(json.loads('{"taskDefinition": {}}'), "svc.json")


def test_windows_on_ec2_is_sized_from_its_containers_as_ecs_does() -> None:
    data = copy.deepcopy(load_taskdef("windows.json"))
    data["requiresCompatibilities"] = ["EC2"]
    data["containerDefinitions"][0].update(cpu=1024, memory=3072)
    result = import_taskdef(data)
    assert (result.service.vcpu, result.service.memory_gib) == (1.0, 3.0)
    assert result.notes == ("Windows on EC2 ignores task-level cpu/memory: sized from the containers",)


@pytest.mark.parametrize("platform", ["x", ["LINUX"], 5], ids=["text", "list", "number"])
def test_issue_15_a_runtime_platform_that_is_not_an_object_is_an_error(platform: object) -> None:
    taskdef = {"family": "web", "cpu": "256", "memory": "512", "runtimePlatform": platform}
    taskdef["containerDefinitions"] = [{"name": "a", "image": "nginx:1.25"}]
    with pytest.raises(InvalidWorkload, match=r"^runtimePlatform: .* is invalid; expected an object$"):
        service_from_taskdef(taskdef)
