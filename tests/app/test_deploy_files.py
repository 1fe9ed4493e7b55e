"""deploy/: the ECS task and service definitions that run the dashboard on Fargate."""

from __future__ import annotations

import json
from typing import Any

import pytest

from advisor.importers.lint import Severity, lint_taskdef
from advisor.importers.taskdef import import_taskdef
from tests.app.conftest import ROOT

DEPLOY = ROOT / "deploy"


def load(name: str) -> dict[str, Any]:
    return json.loads((DEPLOY / name).read_text())


def test_task_definition_has_what_fargate_requires() -> None:
    taskdef = load("ecs-task-definition.json")
    assert taskdef["requiresCompatibilities"] == ["FARGATE"]
    assert taskdef["networkMode"] == "awsvpc"
    assert (taskdef["cpu"], taskdef["memory"]) == ("512", "1024")  # a valid Fargate size
    assert taskdef["executionRoleArn"].startswith("arn:aws:iam::")
    assert taskdef["taskRoleArn"].startswith("arn:aws:iam::")
    [container] = taskdef["containerDefinitions"]
    assert container["essential"] is True
    assert container["portMappings"][0]["containerPort"] == 8501
    assert "/_stcore/health" in " ".join(container["healthCheck"]["command"])
    logs = container["logConfiguration"]
    assert logs["logDriver"] == "awslogs"
    assert {"awslogs-group", "awslogs-region", "awslogs-stream-prefix"} <= set(logs["options"])


def test_image_is_a_pinned_tag_in_the_users_own_registry() -> None:
    [container] = load("ecs-task-definition.json")["containerDefinitions"]
    image = container["image"]
    repository, _, tag = image.rpartition(":")
    assert repository.startswith("YOUR_ACCOUNT_ID.dkr.ecr.")  # placeholder: the user's registry
    assert tag
    assert tag != "latest"
    assert "@" not in tag


@pytest.mark.parametrize("name", ["ecs-task-definition.json", "ecs-service.json", "task-role-policy.json"])
def test_no_secrets_in_deploy_files(name: str) -> None:
    text = (DEPLOY / name).read_text()
    for marker in ("AKIA", "aws_secret_access_key", '"secrets"', "password"):
        assert marker not in text


def test_the_projects_own_importer_prices_the_task_definition() -> None:
    imported = import_taskdef(load("ecs-task-definition.json"))
    service = imported.service
    assert (service.name, service.vcpu, service.memory_gib) == ("ecs-advisor-dashboard", 0.5, 1.0)
    assert imported.compatibilities == ("FARGATE",)


def test_service_definition_runs_the_task_on_fargate_behind_a_load_balancer() -> None:
    service = load("ecs-service.json")
    taskdef = load("ecs-task-definition.json")
    assert service["taskDefinition"] == taskdef["family"]
    assert service["launchType"] == "FARGATE"
    assert service["desiredCount"] >= 1
    vpc = service["networkConfiguration"]["awsvpcConfiguration"]
    assert vpc["subnets"]
    assert vpc["securityGroups"]
    [lb] = service["loadBalancers"]
    assert lb["containerName"] == taskdef["containerDefinitions"][0]["name"]
    assert lb["containerPort"] == 8501
    assert service["deploymentConfiguration"]["deploymentCircuitBreaker"]["enable"] is True


def test_the_projects_own_linter_finds_nothing_above_info() -> None:
    findings = lint_taskdef(load("ecs-task-definition.json"))
    assert [(f.rule, f.severity) for f in findings if f.severity is not Severity.INFO] == []
    # The one info: a tag, not a digest, because the digest exists only once the user pushes.
    assert [f.rule for f in findings] == ["image-digest"]
