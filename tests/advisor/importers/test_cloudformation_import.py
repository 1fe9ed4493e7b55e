"""CloudFormation and CDK templates → the workload the equivalent task definitions give."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from advisor.importers.cfn_template import Resolver, Unresolved, load_template
from advisor.importers.cloudformation import import_template, import_template_text
from advisor.importers.taskdef import import_taskdef, service_from_taskdef, services_from_describe
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import Service, UsageBand
from tests.advisor.importers.conftest import SameEstimate

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
BUSINESS_HOURS_BANDS = (217.26, 512.74)


def shop(fixtures: Path) -> str:
    return (fixtures / "cloudformation" / "shop.yaml").read_text()


def equivalent_shop(fixtures: Path) -> dict[str, Service]:
    """What `import taskdef` gives for the same task definitions and services."""
    taskdefs = fixtures / "taskdefs"
    infos = services_from_describe(json.loads((taskdefs / "describe_services.json").read_text()))
    storefront = service_from_taskdef(json.loads((taskdefs / "fargate_web.json").read_text()))
    peak, rest = BUSINESS_HOURS_BANDS
    checkout = import_taskdef(
        json.loads((taskdefs / "describe_checkout.json").read_text()), service_info=infos[0]
    ).service
    legacy = import_taskdef(json.loads((taskdefs / "ec2_bridge.json").read_text()), service_info=infos[1])
    return {
        "storefront-web": replace(storefront, bands=(UsageBand(10, peak), UsageBand(2, rest))),
        "checkout-svc": checkout,
        "legacy-api": legacy.service,
    }


def test_template_gives_the_services_of_the_equivalent_task_definitions(fixtures: Path) -> None:
    result = import_template_text(shop(fixtures))
    assert result.errors == ()
    expected = equivalent_shop(fixtures)
    assert [s.name for s in result.services] == ["storefront-web", "checkout-svc", "legacy-api"]
    for service in result.services:
        assert service == expected[service.name], service.name


def test_template_prices_the_same_as_the_task_definitions_to_the_cent(
    fixtures: Path, same_estimate: SameEstimate
) -> None:
    imported = import_template_text(shop(fixtures)).services
    expected = equivalent_shop(fixtures)
    same_estimate(imported, [expected[s.name] for s in imported])


def test_template_notes_conditions_scaling_spot_and_addons(fixtures: Path) -> None:
    notes = import_template_text(shop(fixtures)).notes
    assert "Resources.DebugService: left out, its Condition IsStaging is false" in notes
    assert any(n.startswith("Resources.StorefrontScalableTarget: 2–10 tasks; assumption") for n in notes)
    assert any("62.5% of the tasks on FARGATE_SPOT" in n for n in notes)
    assert any("LoadBalancer ×1" in n and "--addon alb_count=N" in n for n in notes)


def test_parameters_override_defaults_and_conditions_follow(fixtures: Path) -> None:
    result = import_template_text(shop(fixtures), parameters={"Environment": "staging", "Tier": "api"})
    assert [s.name for s in result.services] == [
        "storefront-api",
        "checkout-svc",
        "legacy-api",
        "debug-shell",
    ]


def test_unknown_parameter_is_an_error(fixtures: Path) -> None:
    with pytest.raises(InvalidWorkload, match="--parameter: Enviroment is not a parameter"):
        import_template_text(shop(fixtures), parameters={"Enviroment": "staging"})


def test_cdk_synthesized_template_matches_the_deploy_task_definition(
    fixtures: Path, same_estimate: SameEstimate
) -> None:
    text = (fixtures / "cloudformation" / "cdk_dashboard.template.json").read_text()
    result = import_template_text(text)
    assert result.errors == ()
    taskdef = service_from_taskdef(json.loads((DEPLOY / "ecs-task-definition.json").read_text()))
    peak, rest = BUSINESS_HOURS_BANDS
    expected = replace(
        taskdef, name="DashboardServiceE8D0D6B2", bands=(UsageBand(6, peak), UsageBand(2, rest))
    )
    assert result.services == (expected,)
    assert (
        "Resources.DashboardServiceE8D0D6B2: no ServiceName: named 'DashboardServiceE8D0D6B2' "
        "after its logical id" in result.notes
    )
    same_estimate(result.services, [expected])


TASK_TEMPLATE = """
Parameters:
  TaskCpu: {Type: String}
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !GetAtt Naming.Family
      Cpu: !Ref TaskCpu
      Memory: 1024
      ContainerDefinitions:
        - Name: app
          Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:1"
          Memory: !ImportValue shared-memory
"""


def test_unresolved_size_is_an_error_naming_the_property_and_expression() -> None:
    result = import_template_text(TASK_TEMPLATE)
    assert result.services == ()
    assert result.errors == (
        "Resources.Task: Properties.Cpu: Ref TaskCpu (a parameter without Default: pass --parameter "
        "TaskCpu=VALUE) cannot be resolved from the template alone; give the parameter a Default or "
        "pass --parameter",
    )


def test_unresolved_values_the_price_does_not_need_are_named_in_notes() -> None:
    result = import_template_text(TASK_TEMPLATE, parameters={"TaskCpu": "256"})
    assert result.errors == ()
    (service,) = result.services
    assert (service.name, service.vcpu, service.memory_gib) == ("task", 0.25, 1.0)
    assert result.notes[:2] == (
        'Resources.Task: Properties.Family: Fn::GetAtt ["Naming","Family"] is not known before deploy: '
        "not needed here, left out",
        'Resources.Task: Properties.ContainerDefinitions[0].Memory: Fn::ImportValue "shared-memory" is '
        "not known before deploy: not needed here, left out",
    )
    assert (
        "Resources.Task: known only after deploy, not needed for the price: "
        "Properties.ContainerDefinitions[0].Image" in result.notes
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/object/apply:os.system ['true']", "not valid YAML: could not determine a constructor"),
        ("a: &x [1]\nb: *x", "YAML aliases are not allowed in CloudFormation templates"),
        ("a: !Fn [1]", "unknown CloudFormation tag !Fn"),
        ("a: [" * 70 + "]" * 70, "nested deeper than 64 levels"),
    ],
    ids=["python-tag", "alias", "unknown-tag", "too-deep"],
)
def test_loader_is_safe_and_bounded(text: str, message: str) -> None:
    with pytest.raises(InvalidWorkload, match=message.replace("[", r"\[")):
        load_template(text)


def test_short_tags_become_the_long_forms() -> None:
    data = load_template("a: !Ref P\nb: !GetAtt R.Arn\nc: !Sub x\nd: !Join ['-', [a, b]]\ne: !Condition C")
    assert data == {
        "a": {"Ref": "P"},
        "b": {"Fn::GetAtt": ["R", "Arn"]},
        "c": {"Fn::Sub": "x"},
        "d": {"Fn::Join": ["-", ["a", "b"]]},
        "e": {"Condition": "C"},
    }


RESOLVER = Resolver(
    {
        "Parameters": {"Env": {"Type": "String", "Default": "prod"}, "Zones": {"Type": "CommaDelimitedList"}},
        "Mappings": {"Size": {"prod": {"Cpu": 1024}}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
        "Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}},
    },
    {"Zones": "a, b"},
    "eu-west-1",
)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ({"Fn::Sub": "app-${Env}-${AWS::Region}-${!Literal}"}, "app-prod-eu-west-1-${Literal}"),
        ({"Fn::Sub": ["${A}:${Env}", {"A": {"Ref": "Env"}}]}, "prod:prod"),
        ({"Fn::Join": ["/", ["x", {"Ref": "Env"}, 2]]}, "x/prod/2"),
        ({"Fn::Select": [1, {"Ref": "Zones"}]}, "b"),
        ({"Fn::Select": ["0", {"Fn::Split": [",", "p,q"]}]}, "p"),
        ({"Fn::FindInMap": ["Size", {"Ref": "Env"}, "Cpu"]}, 1024),
        ({"Fn::If": ["IsProd", 4, {"Fn::GetAtt": ["Bucket", "Arn"]}]}, 4),
        ({"Fn::Not": [{"Condition": "IsProd"}]}, False),
        ([1, {"Ref": "AWS::NoValue"}, 2], [1, 2]),
        ({"Fn::Sub": "${Bucket.Arn}/x"}, Unresolved('Fn::Sub "${Bucket.Arn}/x"')),
        ({"Fn::Join": ["", [{"Ref": "Bucket"}, "x"]]}, Unresolved('Fn::Join ["",[{"Ref":"Bucket"},"x"]]')),
        ({"Ref": "AWS::AccountId"}, Unresolved("Ref AWS::AccountId")),
    ],
    ids=lambda v: "" if not isinstance(v, dict) else next(iter(v)),
)
def test_intrinsics_resolve_where_the_template_decides(expression: object, value: object) -> None:
    assert RESOLVER.resolve(expression) == value


def test_a_service_whose_task_definition_is_elsewhere_is_an_error() -> None:
    template = {
        "Resources": {
            "Svc": {
                "Type": "AWS::ECS::Service",
                "Properties": {"ServiceName": "svc", "TaskDefinition": "shared-task:3", "DesiredCount": 2},
            }
        }
    }
    result = import_template(template)
    assert result.errors == (
        "Resources.Svc: task definition shared-task:3 is not in this file; import it too",
    )


def test_not_a_template_is_one_error() -> None:
    with pytest.raises(InvalidWorkload, match="Resources: missing; expected a CloudFormation template"):
        import_template({"services": {}})
