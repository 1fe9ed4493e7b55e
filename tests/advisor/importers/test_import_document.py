"""The workload file importers write: unique names, only known keys, parses back."""

from __future__ import annotations

import json

import pytest
import yaml

from advisor.importers.document import render_document, unique_names, workload_document
from advisor.model.workload import RunSchedule, Service, UsageBand
from advisor.model.workload_file import parse_workload_text, service_to_dict, workload_to_dict

WEB = Service("web", 0.5, 1.0, bands=(UsageBand(3),), cpu_util=0.42)
JOB = Service("report", 1.0, 2.0, bands=(), runs=RunSchedule(60.875, 900, 2))


def test_repeated_names_get_suffixes_and_a_note() -> None:
    services, notes = unique_names([WEB, WEB, WEB])
    assert [s.name for s in services] == ["web", "web-2", "web-3"]
    assert notes == (
        "renamed a second 'web' to 'web-2' (service names must be unique)",
        "renamed a second 'web' to 'web-3' (service names must be unique)",
    )


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_document_parses_back_to_the_same_services(fmt: str) -> None:
    text = render_document(workload_document([WEB, JOB], "eu-west-1"), fmt, ["made by a test"])
    workload = parse_workload_text(text)
    assert workload.region == "eu-west-1"
    assert workload.services == (WEB, JOB)


def test_yaml_carries_comments_and_json_stays_json() -> None:
    document = workload_document([WEB], "us-east-1")
    assert render_document(document, "yaml", ["line one", "line two"]).startswith("# line one\n# line two\n")
    assert json.loads(render_document(document, "json", ["dropped"])) == document


def test_only_workload_file_keys_and_no_nulls() -> None:
    document = workload_document([JOB], "us-east-1")
    assert set(document) == {"region", "services"}
    service = document["services"][0]
    assert set(service) <= set(service_to_dict(JOB))
    assert None not in service.values()
    assert "cpu_util" not in service


def test_document_region_matches_the_normalized_form() -> None:
    text = render_document(workload_document([WEB], "us-east-1"), "yaml")
    assert workload_to_dict(parse_workload_text(text))["services"][0]["cpu_util"] == 0.42
    assert yaml.safe_load(text)["services"][0]["tasks"] == 3


@pytest.mark.parametrize("line_break", ["\n", "\r", "\x85", "\u2028", "\u2029"], ids=repr)
def test_issue_15_a_line_break_in_a_comment_cannot_inject_keys(line_break: str) -> None:
    name = f"x{line_break}addons: {{alb_count: 100}}{line_break}#.json"
    document = {"region": "us-east-1", "services": [service_to_dict(Service("web", 1, 2))]}
    text = render_document(document, "yaml", [f"from: {name}"])
    assert set(yaml.safe_load(text)) == {"region", "services"}
    assert parse_workload_text(text).addons.alb_count == 0
