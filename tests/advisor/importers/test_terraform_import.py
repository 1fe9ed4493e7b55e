"""Terraform plans → the workload the equivalent task definitions and manifests give."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from advisor.importers.k8s import import_manifest_text
from advisor.importers.taskdef import import_taskdef, service_from_taskdef, services_from_describe
from advisor.importers.terraform import import_plan, import_plan_text
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import Service, UsageBand
from tests.advisor.importers.conftest import SameEstimate


def load_plan(fixtures: Path) -> dict[str, Any]:
    return json.loads((fixtures / "terraform" / "plan_shop.json").read_text())


def equivalent_services(fixtures: Path) -> dict[str, Service]:
    """What `import taskdef` and `import k8s` give for the same resources."""
    taskdefs = fixtures / "taskdefs"
    storefront = service_from_taskdef(
        json.loads((taskdefs / "fargate_web.json").read_text()), desired_count=3
    )
    infos = services_from_describe(json.loads((taskdefs / "describe_services.json").read_text()))
    checkout = import_taskdef(
        json.loads((taskdefs / "describe_checkout.json").read_text()), service_info=infos[0]
    ).service
    manifests = import_manifest_text((fixtures / "k8s" / "api_and_cache.yaml").read_text())
    assert not manifests.errors
    out = {s.name: s for s in (storefront, checkout, *manifests.services)}
    out["thumbnails"] = Service(
        "thumbnails", 2.0, 4.0, bands=(UsageBand(10, 217.26), UsageBand(2, 512.74)), storage_gb=50
    )
    out["log-router"] = Service("log-router", 0.125, 0.125, daemon=True, network_mode="bridge")
    return out


def test_plan_gives_the_services_of_the_equivalent_task_definitions(fixtures: Path) -> None:
    result = import_plan(load_plan(fixtures))
    assert result.errors == ()
    assert result.region == "us-east-1"  # the aws provider's region = var.region
    expected = equivalent_services(fixtures)
    assert [s.name for s in result.services] == [
        "checkout-svc",
        "log-router",
        "storefront-web",
        "thumbnails",
        "api",
        "cache",
    ]
    for service in result.services:
        assert service == expected[service.name], service.name


def test_plan_prices_the_same_as_the_equivalent_task_definitions_to_the_cent(
    fixtures: Path, same_estimate: SameEstimate
) -> None:
    imported = import_plan(load_plan(fixtures)).services
    expected = equivalent_services(fixtures)
    same_estimate(imported, [expected[s.name] for s in imported])


def test_notes_name_assumptions_unknowns_and_what_was_skipped(fixtures: Path) -> None:
    notes = import_plan(load_plan(fixtures)).notes
    assert (
        "aws_ecs_task_definition.checkout: container_definitions (known after apply): sized from the "
        "task-level cpu and memory (GPUs and privileged containers not read)"
    ) in notes
    assert (
        "aws_ecs_service.checkout: capacity provider strategy runs 62.5% of the tasks on FARGATE_SPOT: "
        "marked spot_ok (the Spot options price every task on Spot)"
    ) in notes
    scaling = 'module.workers["thumbnails"].aws_appautoscaling_target.this: 2–10 tasks; assumption'
    assert any(n.startswith(scaling) for n in notes)
    skipped = "aws_ecr_repository ×1, aws_ecs_cluster ×1, aws_iam_role ×1, aws_lb ×1"
    assert f"not priced (not container workloads): {skipped}" in notes
    assert (
        "kubernetes_manifest.namespace: skipped, kind Namespace is not a workload the advisor prices" in notes
    )


def _resource(plan: dict[str, Any], address: str) -> dict[str, Any]:
    modules = [plan["planned_values"]["root_module"], *plan["planned_values"]["root_module"]["child_modules"]]
    return next(r for m in modules for r in m["resources"] if r["address"] == address)


def _change(plan: dict[str, Any], address: str) -> dict[str, Any]:
    return next(c for c in plan["resource_changes"] if c["address"] == address)


def test_an_unknown_size_is_reported_not_guessed(fixtures: Path) -> None:
    plan = load_plan(fixtures)
    del _resource(plan, "aws_ecs_task_definition.checkout")["values"]["cpu"]
    _change(plan, "aws_ecs_task_definition.checkout")["change"]["after_unknown"]["cpu"] = True
    result = import_plan(plan)
    assert result.errors == (
        "aws_ecs_task_definition.checkout: cpu: (known after apply): the plan does not know it yet and "
        "the advisor does not guess it; set it in the configuration, or import the state after apply "
        "(terraform show -json)",
        "aws_ecs_service.checkout: task definition aws_ecs_task_definition.checkout is not in this file; "
        "import it too",
    )
    assert "checkout-svc" not in [s.name for s in result.services]
    assert len(result.services) == 5


def test_an_unknown_desired_count_without_autoscaling_is_an_error(fixtures: Path) -> None:
    plan = load_plan(fixtures)
    del _resource(plan, "module.storefront.aws_ecs_service.this")["values"]["desired_count"]
    _change(plan, "module.storefront.aws_ecs_service.this")["change"]["after_unknown"]["desired_count"] = True
    (error,) = import_plan(plan).errors
    assert error.startswith("module.storefront.aws_ecs_service.this: desired_count: (known after apply)")


def test_state_links_services_by_task_definition_arn(fixtures: Path) -> None:
    """`terraform show -json` on the state: `values`, no configuration, every value known."""
    plan = load_plan(fixtures)
    module = next(
        m
        for m in plan["planned_values"]["root_module"]["child_modules"]
        if m["address"] == "module.storefront"
    )
    state = {
        "format_version": "1.0",
        "terraform_version": "1.9.8",
        "values": {"root_module": {"child_modules": [module]}},
    }
    (service,) = import_plan(state).services
    assert service == equivalent_services(fixtures)["storefront-web"]
    moved = copy.deepcopy(state)
    moved["values"]["root_module"]["child_modules"][0]["resources"][0]["values"]["task_definition"] = (
        "other:1"
    )
    result = import_plan(moved)
    assert result.errors == (
        "module.storefront.aws_ecs_service.this: task definition other:1 is not in this file; import it too",
    )


def test_container_errors_name_the_terraform_attribute(fixtures: Path) -> None:
    plan = load_plan(fixtures)
    values = _resource(plan, "aws_ecs_task_definition.log_router")["values"]
    containers = json.loads(values["container_definitions"])
    containers[0]["cpu"] = -128
    values["container_definitions"] = json.dumps(containers)
    (error,) = import_plan(plan).errors
    assert error == (
        "aws_ecs_task_definition.log_router: container_definitions[0].cpu: -128 is invalid; must not be "
        "negative; expected a whole number of CPU units"
    )


def test_peak_hours_move_the_autoscaling_bands(fixtures: Path) -> None:
    services = {s.name: s for s in import_plan(load_plan(fixtures), peak_hours=300).services}
    assert services["thumbnails"].bands == (UsageBand(10, 300), UsageBand(2, 430))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "$: 'list' is invalid; expected the JSON object of `terraform show -json`"),
        (
            '{"format_version": "2.0"}',
            "format_version: '2.0' is invalid; expected 1.x (terraform show -json)",
        ),
        ('{"format_version": "1.2"}', "planned_values: missing; expected the JSON of `terraform show -json`"),
        ("{", "plan.json: not valid JSON"),
    ],
    ids=["not-an-object", "format-2", "no-values", "syntax"],
)
def test_files_that_are_not_plans_fail_with_one_line(text: str, message: str) -> None:
    with pytest.raises(InvalidWorkload, match="^" + re.escape(message)):
        import_plan_text(text, "plan.json")
