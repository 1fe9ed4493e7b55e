"""Best-practice lint: a clean definition has no findings; each rule fires on its own."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.importers.lint import RULES, Severity, has_errors, lint_taskdef
from advisor.model.checks import InvalidWorkload

TASKDEFS = Path(__file__).resolve().parents[2] / "fixtures" / "taskdefs"


def load_taskdef(name: str) -> Any:
    return json.loads((TASKDEFS / name).read_text())


def test_clean_fargate_definition_has_no_findings() -> None:
    assert lint_taskdef(load_taskdef("fargate_web.json")) == ()


def _container(data: dict[str, Any]) -> dict[str, Any]:
    container: dict[str, Any] = data["containerDefinitions"][0]
    return container


def _set(**changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: _container(data).update(changes)


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: _container(data).pop(key)


def _env(name: str, value: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: _container(data)["environment"].append({"name": name, "value": value})


def _task(**changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.update(changes)


def _pop_task(*keys: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for key in keys:
            data.pop(key)

    return change


@pytest.mark.parametrize(
    ("change", "rule", "severity", "path"),
    [
        pytest.param(
            _pop_task("memory"), "memory-limit", Severity.ERROR, "memory", id="fargate-no-task-memory"
        ),
        pytest.param(_pop_task("cpu"), "cpu-limit", Severity.ERROR, "cpu", id="fargate-no-task-cpu"),
        pytest.param(
            _drop("healthCheck"),
            "health-check",
            Severity.WARNING,
            "containerDefinitions[0].healthCheck",
            id="health",
        ),
        pytest.param(
            _drop("logConfiguration"),
            "log-config",
            Severity.WARNING,
            "containerDefinitions[0].logConfiguration",
            id="no-logs",
        ),
        pytest.param(
            _set(logConfiguration={"logDriver": "splunk"}),
            "log-config",
            Severity.INFO,
            "containerDefinitions[0].logConfiguration.logDriver",
            id="other-log-driver",
        ),
        pytest.param(
            _env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "env-credentials",
            Severity.ERROR,
            "containerDefinitions[0].environment[2]",
            id="aws-secret-name",
        ),
        pytest.param(
            _env("UPSTREAM_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
            "env-credentials",
            Severity.ERROR,
            "containerDefinitions[0].environment[2]",
            id="access-key-id-value",
        ),
        pytest.param(
            _env("STRIPE_API_TOKEN", "sk_live_xxx"),
            "env-credentials",
            Severity.WARNING,
            "containerDefinitions[0].environment[2]",
            id="secret-looking-name",
        ),
        pytest.param(_pop_task("taskRoleArn"), "task-role", Severity.INFO, "taskRoleArn", id="no-task-role"),
        pytest.param(
            _set(image="nginx:latest"),
            "image-tag",
            Severity.WARNING,
            "containerDefinitions[0].image",
            id="latest",
        ),
        pytest.param(
            _set(image="nginx"), "image-tag", Severity.WARNING, "containerDefinitions[0].image", id="untagged"
        ),
        pytest.param(
            _set(image="localhost:5000/nginx"),
            "image-tag",
            Severity.WARNING,
            "containerDefinitions[0].image",
            id="registry-port-is-not-a-tag",
        ),
        pytest.param(
            _set(image="nginx:1.27.2"),
            "image-digest",
            Severity.INFO,
            "containerDefinitions[0].image",
            id="tag-only",
        ),
        pytest.param(
            _drop("user"), "non-root-user", Severity.WARNING, "containerDefinitions[0].user", id="no-user"
        ),
        pytest.param(
            _set(user="0:0"), "non-root-user", Severity.WARNING, "containerDefinitions[0].user", id="uid-zero"
        ),
        pytest.param(
            _set(readonlyRootFilesystem=False),
            "readonly-root-fs",
            Severity.WARNING,
            "containerDefinitions[0].readonlyRootFilesystem",
            id="writable-root",
        ),
        pytest.param(
            _set(privileged=True),
            "privileged",
            Severity.WARNING,
            "containerDefinitions[0].privileged",
            id="privileged",
        ),
        pytest.param(
            _set(essential=False),
            "essential-container",
            Severity.ERROR,
            "containerDefinitions",
            id="no-essential-container",
        ),
    ],
)
def test_each_rule_fires_alone(
    change: Callable[[dict[str, Any]], None], rule: str, severity: Severity, path: str
) -> None:
    data = copy.deepcopy(load_taskdef("fargate_web.json"))
    change(data)
    findings = lint_taskdef(data)
    assert [(f.rule, f.severity, f.path) for f in findings] == [(rule, severity, path)]
    assert findings[0].message
    assert findings[0].fix
    assert rule in RULES


def test_container_without_memory_on_ec2_is_an_error_and_no_cpu_a_warning() -> None:
    data = copy.deepcopy(load_taskdef("ec2_bridge.json"))
    del data["containerDefinitions"][1]["memory"]
    del data["containerDefinitions"][1]["cpu"]
    findings = {(f.rule, f.severity, f.path) for f in lint_taskdef(data)}
    assert ("memory-limit", Severity.ERROR, "containerDefinitions[1].memory") in findings
    assert ("cpu-limit", Severity.WARNING, "containerDefinitions[1].cpu") in findings


def test_credentials_in_environment_make_the_missing_task_role_a_warning() -> None:
    findings = lint_taskdef(load_taskdef("ec2_bridge.json"))
    role = next(f for f in findings if f.rule == "task-role")
    assert role.severity is Severity.WARNING
    assert has_errors(findings)


def test_messages_never_repeat_secret_values() -> None:
    text = json.dumps([f.message + f.fix for f in lint_taskdef(load_taskdef("ec2_bridge.json"))])
    assert "hunter2" not in text
    assert "AKIAIOSFODNN7EXAMPLE" not in text
    assert "wJalrXUtnFEMI" not in text


def test_windows_tasks_skip_linux_only_rules() -> None:
    rules = {f.rule for f in lint_taskdef(load_taskdef("windows.json"))}
    assert not rules & {"non-root-user", "readonly-root-fs"}


def test_paths_inside_the_describe_wrapper_start_with_it() -> None:
    findings = lint_taskdef(load_taskdef("describe_checkout.json"))
    assert findings
    assert all(f.path.startswith("taskDefinition.") for f in findings)


def test_non_essential_sidecar_needs_no_health_check() -> None:
    findings = lint_taskdef(load_taskdef("gpu.json"))
    assert not [f for f in findings if f.rule == "health-check"]


def test_not_a_task_definition_is_bad_input() -> None:
    with pytest.raises(InvalidWorkload, match="containerDefinitions: missing"):
        lint_taskdef({"family": "x"})


def test_issue_15_lint_reports_a_runtime_platform_that_is_not_an_object() -> None:
    taskdef = {
        "family": "web",
        "runtimePlatform": "x",
        "containerDefinitions": [{"name": "a", "image": "n:1"}],
    }
    with pytest.raises(InvalidWorkload, match="runtimePlatform: 'x' is invalid; expected an object"):
        lint_taskdef(taskdef)
