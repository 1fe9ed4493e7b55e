"""`python -m advisor lint`: findings as a table or JSON; exit 0 / 1 (errors) / 2 (bad input)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.cli import main

TASKDEFS = Path(__file__).resolve().parents[2] / "fixtures" / "taskdefs"


def test_clean_definition_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(TASKDEFS / "fargate_web.json")]) == 0
    out = capsys.readouterr().out
    assert f"{TASKDEFS / 'fargate_web.json'}: 0 finding(s)" in out
    assert out.rstrip().endswith("0 error(s), 0 warning(s), 0 info")


def test_error_findings_exit_1_for_ci(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(TASKDEFS / "ec2_bridge.json")]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].split() == ["severity", "rule", "path", "message", "fix"]
    assert any(
        line.startswith("error")
        and "env-credentials" in line
        and "containerDefinitions[1].environment[2]" in line
        for line in lines
    )
    assert "hunter2" not in out
    assert out.rstrip().endswith("2 error(s), 13 warning(s), 2 info")


def test_warnings_only_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(TASKDEFS / "gpu.json"), str(TASKDEFS / "describe_checkout.json")]) == 0


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "json", str(TASKDEFS / "describe_checkout.json")]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["summary"] == {"error": 0, "warning": 3, "info": 1, "unreadable": 0}
    (entry,) = payload["files"]
    assert entry["error"] is None
    first = entry["findings"][0]
    assert set(first) == {"rule", "severity", "path", "message", "fix", "source"}
    assert first["path"] == "taskDefinition.containerDefinitions[0].healthCheck"
    assert first["source"].startswith("https://docs.aws.amazon.com/")


def test_unreadable_input_exits_2_and_the_rest_is_still_linted(capsys: pytest.CaptureFixture[str]) -> None:
    bad = str(TASKDEFS / "bad" / "malformed.json")
    assert main(["lint", bad, str(TASKDEFS / "ec2_bridge.json")]) == 2
    captured = capsys.readouterr()
    assert "env-credentials" in captured.out
    assert captured.err.splitlines() == [
        f"error: {bad}: not valid JSON: Expecting ',' delimiter at line 5 column 1"
    ]
