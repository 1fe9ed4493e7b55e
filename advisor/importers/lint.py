"""Best-practice lint of ECS task definitions: findings with a rule, severity, JSON path and fix.

The rules come from AWS's ECS guidance and Docker's, each cited in `RULES` (read 2026-11).
Severity `error` is reserved for what ECS rejects or what leaks credentials; `lint` exits 1
on errors so it can gate CI. Messages never repeat an environment variable's value (CI logs
are not a place for secrets).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from advisor.importers.taskdef import container_definitions, runtime_platform, unwrap


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    source: str


_SECURITY = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-tasks-containers.html"
_PARAMS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html"
_HUB = "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html"

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("memory-limit", "Memory is limited", f"{_PARAMS} (task size; container memory)"),
        Rule("cpu-limit", "CPU is reserved", f"{_PARAMS} (task size; container cpu)"),
        Rule("essential-container", "At least one essential container", f"{_PARAMS} (essential)"),
        Rule("health-check", "Health check configured", f"{_PARAMS} (healthCheck)"),
        Rule("log-config", "Logs go to CloudWatch (awslogs) or FireLens", f"{_HUB} (ECS.9)"),
        Rule("env-credentials", "No credentials in environment variables", f"{_HUB} (ECS.8); {_SECURITY}"),
        Rule("task-role", "Task IAM role for AWS access", f"{_SECURITY} (IAM roles for tasks)"),
        Rule(
            "image-tag",
            "Image tag pinned",
            f"{_SECURITY} (immutable tags); https://docs.docker.com/build/building/best-practices/",
        ),
        Rule(
            "image-digest", "Image pinned by digest", "https://docs.docker.com/build/building/best-practices/"
        ),
        Rule("non-root-user", "Runs as a non-root user", f"{_SECURITY}; {_HUB} (ECS.1)"),
        Rule("readonly-root-fs", "Read-only root filesystem", f"{_HUB} (ECS.5)"),
        Rule("privileged", "No privileged containers", f"{_HUB} (ECS.4)"),
    )
}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    path: str
    message: str
    fix: str


AWS_CREDENTIAL_NAMES = frozenset({"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"})
_ACCESS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")
_SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL", re.IGNORECASE)
LOG_DRIVERS = frozenset({"awslogs", "awsfirelens"})
_ROOT_USERS = frozenset({"root", "0"})


def _is_linux(taskdef: Mapping[str, Any]) -> bool:
    platform = runtime_platform(taskdef)
    return not str(platform.get("operatingSystemFamily") or "LINUX").upper().startswith("WINDOWS")


def _image_parts(image: str) -> tuple[str | None, str | None]:
    """(tag, digest) of an image reference; a registry port (`host:5000/app`) is not a tag."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.rsplit(":", 1)[1] if ":" in last else None
    return tag, digest or None


def _task_findings(taskdef: Mapping[str, Any], prefix: str, credentials_found: bool) -> list[Finding]:
    findings: list[Finding] = []
    compat = {str(c).upper() for c in taskdef.get("requiresCompatibilities") or ()}
    if "FARGATE" in compat:
        for key, rule in (("cpu", "cpu-limit"), ("memory", "memory-limit")):
            if taskdef.get(key) in (None, ""):
                findings.append(
                    Finding(
                        rule,
                        Severity.ERROR,
                        f"{prefix}{key}",
                        f"Fargate requires a task-level {key}",
                        f"set {key} to a valid Fargate size, e.g. "
                        + ('"256" (0.25 vCPU)' if key == "cpu" else '"512" (MiB)'),
                    )
                )
    if not taskdef.get("taskRoleArn"):
        findings.append(
            Finding(
                "task-role",
                Severity.WARNING if credentials_found else Severity.INFO,
                f"{prefix}taskRoleArn",
                "no task IAM role"
                + (
                    "; the containers get AWS credentials from environment variables instead"
                    if credentials_found
                    else ""
                ),
                "if the app calls AWS APIs, give the task a role (taskRoleArn) with least privilege "
                "instead of access keys",
            )
        )
    return findings


def _environment_findings(container: Mapping[str, Any], path: str) -> list[Finding]:
    findings = []
    for j, variable in enumerate(container.get("environment") or []):
        if not isinstance(variable, Mapping):
            continue
        name = str(variable.get("name") or "")
        value = str(variable.get("value") or "")
        where = f"{path}.environment[{j}]"
        if name.upper() in AWS_CREDENTIAL_NAMES or _ACCESS_KEY_ID.search(value):
            findings.append(
                Finding(
                    "env-credentials",
                    Severity.ERROR,
                    where,
                    f"AWS credentials in plain environment variable {name!r}",
                    "remove the keys (and rotate them): use the task IAM role (taskRoleArn) for AWS access",
                )
            )
        elif _SECRET_NAME.search(name) and value:
            findings.append(
                Finding(
                    "env-credentials",
                    Severity.WARNING,
                    where,
                    f"secret-looking variable {name!r} has a plain value in the task definition",
                    "move it to `secrets` (valueFrom a Secrets Manager secret or SSM SecureString parameter)",
                )
            )
    return findings


def _container_findings(
    container: Mapping[str, Any], path: str, *, task_cpu: bool, task_memory: bool, linux: bool
) -> list[Finding]:
    findings: list[Finding] = []
    name = container.get("name") or path
    if (
        not task_memory
        and container.get("memory") in (None, "")
        and container.get("memoryReservation") in (None, "")
    ):
        findings.append(
            Finding(
                "memory-limit",
                Severity.ERROR,
                f"{path}.memory",
                f"container {name!r} has no memory limit and the task has no task-level memory",
                "set memory (hard limit, MiB) and/or memoryReservation, or a task-level memory",
            )
        )
    if not task_cpu and not container.get("cpu"):
        findings.append(
            Finding(
                "cpu-limit",
                Severity.WARNING,
                f"{path}.cpu",
                f"container {name!r} reserves no CPU and the task has no task-level cpu",
                "set cpu (CPU units, 1024 = 1 vCPU) so the scheduler reserves capacity for it",
            )
        )
    essential = container.get("essential", True) is not False
    health = container.get("healthCheck")
    if essential and not (isinstance(health, Mapping) and health.get("command")):
        findings.append(
            Finding(
                "health-check",
                Severity.WARNING,
                f"{path}.healthCheck",
                f"essential container {name!r} has no health check",
                'add healthCheck.command, e.g. ["CMD-SHELL", "curl -f http://localhost/health || exit 1"]',
            )
        )
    logging = container.get("logConfiguration")
    driver = str(logging.get("logDriver") or "") if isinstance(logging, Mapping) else ""
    if not driver:
        findings.append(
            Finding(
                "log-config",
                Severity.WARNING,
                f"{path}.logConfiguration",
                f"container {name!r} has no log configuration: its logs are lost with the task",
                'add logConfiguration with logDriver "awslogs" (or "awsfirelens" with a FireLens router)',
            )
        )
    elif driver not in LOG_DRIVERS:
        findings.append(
            Finding(
                "log-config",
                Severity.INFO,
                f"{path}.logConfiguration.logDriver",
                f"container {name!r} logs with {driver!r}, not awslogs or FireLens",
                "prefer awslogs or awsfirelens (works on Fargate and EC2, no agent on the host)",
            )
        )
    findings.extend(_environment_findings(container, path))
    image = str(container.get("image") or "")
    tag, digest = _image_parts(image)
    if image and digest is None and tag in (None, "latest"):
        findings.append(
            Finding(
                "image-tag",
                Severity.WARNING,
                f"{path}.image",
                f"image {image!r} is {'not tagged (means :latest)' if tag is None else 'tagged :latest'}: "
                "a redeploy can run different code",
                "pin a version tag (e.g. :1.4.2), best an immutable digest (@sha256:…)",
            )
        )
    elif image and digest is None:
        findings.append(
            Finding(
                "image-digest",
                Severity.INFO,
                f"{path}.image",
                f"image {image!r} is pinned by tag, which can be moved",
                "pin by digest (image@sha256:…) or enable ECR tag immutability",
            )
        )
    if linux:
        user = str(container.get("user") or "").strip()
        if user.split(":", 1)[0] in _ROOT_USERS or not user:
            findings.append(
                Finding(
                    "non-root-user",
                    Severity.WARNING,
                    f"{path}.user",
                    f"container {name!r} runs as root" + ("" if user else " (no user set)"),
                    'set user to a non-root UID, e.g. "1000:1000" (and own the files it writes)',
                )
            )
        if container.get("readonlyRootFilesystem") is not True:
            findings.append(
                Finding(
                    "readonly-root-fs",
                    Severity.WARNING,
                    f"{path}.readonlyRootFilesystem",
                    f"container {name!r} can write to its root filesystem",
                    "set readonlyRootFilesystem: true; mount a volume for paths it must write",
                )
            )
    if container.get("privileged") is True:
        findings.append(
            Finding(
                "privileged",
                Severity.WARNING,
                f"{path}.privileged",
                f"container {name!r} is privileged (root on the host; not possible on Fargate)",
                "drop privileged; add only the Linux capabilities it needs (linuxParameters.capabilities)",
            )
        )
    return findings


def lint_taskdef(data: Any) -> tuple[Finding, ...]:
    """Findings for one task definition (wrapped or bare), task-level ones first.

    Raises InvalidWorkload (with the JSON path) when `data` is not a task definition at all.
    """
    taskdef, prefix = unwrap(data)
    containers = container_definitions(taskdef, prefix)
    linux = _is_linux(taskdef)
    # On Fargate a missing task-level size is one task-level error, not one per container.
    fargate = "FARGATE" in {str(c).upper() for c in taskdef.get("requiresCompatibilities") or ()}
    task_cpu = fargate or taskdef.get("cpu") not in (None, "")
    task_memory = fargate or taskdef.get("memory") not in (None, "")
    per_container: list[Finding] = []
    for i, container in enumerate(containers):
        per_container += _container_findings(
            container,
            f"{prefix}containerDefinitions[{i}]",
            task_cpu=task_cpu,
            task_memory=task_memory,
            linux=linux,
        )
    credentials_found = any(
        f.rule == "env-credentials" and f.severity is Severity.ERROR for f in per_container
    )
    findings = _task_findings(taskdef, prefix, credentials_found)
    if all(c.get("essential", True) is False for c in containers):
        findings.append(
            Finding(
                "essential-container",
                Severity.ERROR,
                f"{prefix}containerDefinitions",
                "no essential container: ECS requires at least one",
                "set essential: true on the main container",
            )
        )
    return tuple(findings + per_container)


def has_errors(findings: tuple[Finding, ...] | list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
