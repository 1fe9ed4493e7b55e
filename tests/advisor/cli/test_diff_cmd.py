"""`python -m advisor diff BASE HEAD`: table, JSON, Markdown, the budget guard, any importable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.cli import main

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"
BASE = """region: us-east-1
services:
  - {name: web, vcpu: 1, memory_gb: 2, tasks: 3}
  - {name: api, vcpu: 0.5, memory_gb: 1, tasks: 2}
"""
OPTIONS = ["--platforms", "ecs-fargate,ecs-ec2"]


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    base, head = tmp_path / "base.yaml", tmp_path / "head.yaml"
    base.write_text(BASE)
    head.write_text(BASE.replace("vcpu: 1, memory_gb: 2", "vcpu: 2, memory_gb: 4"))
    return str(base), str(head)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_shows_the_resized_service_and_reconciles(
    capsys: pytest.CaptureFixture[str], files: tuple[str, str]
) -> None:
    code, out, _ = run(capsys, *files, *OPTIONS, "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {"pricing", "services", "settings", "options", "recommended", "per_service"}
    assert payload["pricing"][0]["region"] == "us-east-1"
    assert payload["services"] == [
        {
            "name": "web",
            "status": "changed",
            "changes": ["vcpu 1 → 2", "memory_gb 2 → 4"],
            "before": "1 vCPU / 2 GB × 3 tasks",
            "after": "2 vCPU / 4 GB × 3 tasks",
        }
    ]
    options = {o["option"]: o for o in payload["options"]}
    fargate = options["ecs-fargate / on-demand"]
    # 3 tasks × 730 h × (1 vCPU × $0.04048 + 2 GB × $0.004445)
    assert fargate["change"] == 108.12
    assert round(fargate["after"] - fargate["before"], 2) == 108.12
    assert payload["per_service"]["ecs-fargate / on-demand"] == {"web": 108.12, "api": 0.0, "(shared)": 0.0}
    rec = payload["recommended"]
    assert rec["change"] == round(rec["after"]["monthly_cost"] - rec["before"]["monthly_cost"], 2)
    assert round(sum(payload["per_service"]["recommended"].values()), 2) == rec["change"]


def test_table_lists_changes_options_and_the_price_line(
    capsys: pytest.CaptureFixture[str], files: tuple[str, str]
) -> None:
    code, out, _ = run(capsys, *files, *OPTIONS)
    assert code == 0
    assert out.startswith("Prices: embedded snapshot")
    assert "  changed  web: vcpu 1 → 2; memory_gb 2 → 4" in out
    assert "+$108.12" in out
    assert "Recommended: " in out


def test_markdown_is_a_pull_request_comment(
    capsys: pytest.CaptureFixture[str], files: tuple[str, str]
) -> None:
    code, out, _ = run(capsys, *files, *OPTIONS, "--format", "markdown")
    assert code == 0
    assert out.startswith("### Monthly cost difference\n\n**Recommended option:** `")
    assert "| `web` | changed | vcpu 1 → 2; memory_gb 2 → 4 |" in out
    assert "| ecs-fargate / on-demand | $" in out
    assert "| +$108.12 |" in out
    assert "<sub>Prices: embedded snapshot" in out


@pytest.mark.parametrize(("limit", "code"), [("100", 1), ("1000", 0)])
def test_fail_above_guards_the_recommended_cost(
    capsys: pytest.CaptureFixture[str], files: tuple[str, str], limit: str, code: int
) -> None:
    result, _, err = run(capsys, *files, *OPTIONS, "--fail-above", limit)
    assert result == code
    assert ("error: --fail-above: the recommended monthly cost rises by $" in err) == (code == 1)


def test_fail_above_must_not_be_negative(capsys: pytest.CaptureFixture[str], files: tuple[str, str]) -> None:
    code, _, err = run(capsys, *files, "--fail-above", "-1")
    assert code == 2
    assert "error: --fail-above: -1.0 is invalid; must be 0 or more" in err


def test_any_importable_file_can_be_base_or_head(capsys: pytest.CaptureFixture[str]) -> None:
    taskdef = str(ROOT / "deploy" / "ecs-task-definition.json")
    template = str(FIXTURES / "cloudformation" / "cdk_dashboard.template.json")
    code, out, _ = run(capsys, taskdef, template, *OPTIONS, "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert [(s["name"], s["status"]) for s in payload["services"]] == [
        ("ecs-advisor-dashboard", "removed"),
        ("DashboardServiceE8D0D6B2", "added"),
    ]
