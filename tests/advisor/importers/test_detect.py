"""Telling workload files and the formats `import` reads apart (for `estimate --from`, `diff`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.importers.detect import detect_kind
from advisor.model.checks import InvalidWorkload


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("taskdefs/fargate_web.json", "taskdef"),
        ("taskdefs/describe_checkout.json", "taskdef"),
        ("k8s/shop.yaml", "k8s"),
        ("terraform/plan_shop.json", "terraform"),
        ("cloudformation/shop.yaml", "cloudformation"),
        ("cloudformation/cdk_dashboard.template.json", "cloudformation"),
        ("compose/docker-compose.yml", "compose"),
    ],
)
def test_each_fixture_is_detected(fixtures: Path, path: str, kind: str) -> None:
    assert detect_kind((fixtures / path).read_text(), path) == kind


def test_a_workload_file_is_detected() -> None:
    assert (
        detect_kind("region: us-east-1\nservices:\n  - {name: a, vcpu: 1, memory_gb: 2}\n", "w") == "workload"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("services: []\nResources: {}\n", "w: it looks like workload and cloudformation: pass --from-kind"),
        ("just: text\n", "w: not recognised as a workload file or a file `import` reads: pass --from-kind"),
        ("[1, 2]\n", "w: not recognised"),
        ("a: [\n", "w: not valid YAML"),
    ],
    ids=["ambiguous", "unknown", "not-a-mapping", "syntax"],
)
def test_unclear_files_ask_for_the_kind(text: str, message: str) -> None:
    with pytest.raises(InvalidWorkload, match=message.replace("[", r"\[")):
        detect_kind(text, "w")
