"""deploy/github-actions-cost-diff.yml: valid YAML, a pull-request job that runs the documented
`diff` command with flags the CLI accepts, and a workload file that exists."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import yaml

from advisor.cli import build_parser
from advisor.importers.detect import detect_kind

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "deploy" / "github-actions-cost-diff.yml"


def load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(data, dict)
    return data


def steps() -> list[dict[str, Any]]:
    (job,) = load()["jobs"].values()
    return list(job["steps"])


def diff_command() -> list[str]:
    """The `python -m advisor diff …` command of the workflow, shell variables filled in."""
    (script,) = [s["run"] for s in steps() if "python -m advisor diff" in s.get("run", "")]
    (line,) = [line for line in script.replace("\\\n", " ").splitlines() if "python -m advisor diff" in line]
    words = shlex.split(line.split(">", 1)[0])
    values = {"$RUNNER_TEMP/base-workload": "/tmp/base", "$WORKLOAD": "deploy/x.json", "$BUDGET_USD": "50"}
    return [values.get(word, word) for word in words]


def test_runs_on_pull_requests_and_may_comment() -> None:
    data = load()
    assert "pull_request" in data[True]  # YAML 1.1 reads the key `on` as true
    assert data["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert all("@v" in s["uses"] for s in steps() if "uses" in s)


def test_calls_the_documented_diff_command_with_valid_flags() -> None:
    command = diff_command()
    assert command[:4] == ["python", "-m", "advisor", "diff"]
    args = build_parser().parse_args(command[3:])
    assert (args.command, args.base, args.head) == ("diff", "/tmp/base", "deploy/x.json")
    assert (args.format, args.fail_above) == ("markdown", 50.0)
    readme = (ROOT / "README.md").read_text()
    assert "python -m advisor diff BASE HEAD" in readme
    assert "deploy/github-actions-cost-diff.yml" in readme


def test_posts_the_markdown_and_fails_over_budget() -> None:
    runs = [s.get("run", "") for s in steps()]
    assert any('gh pr comment "$PR_NUMBER"' in run and "cost-diff.md" in run for run in runs)
    guard = next(s for s in steps() if s.get("name") == "Budget guard")
    assert "steps.diff.outputs.exit_code != '0'" in guard["if"]


def test_the_default_workload_exists_and_is_importable() -> None:
    workload = load()["env"]["WORKLOAD"]
    assert detect_kind((ROOT / workload).read_text(), workload) == "taskdef"
