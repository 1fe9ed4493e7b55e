"""The dashboard's pure helpers: editor rows ↔ workload dicts ↔ URL state, imports, tables."""

from __future__ import annotations

import pytest

from advisor.model.assumptions import default_assumptions
from advisor.model.checks import InvalidWorkload
from advisor.model.prices import UnknownRegion
from advisor.model.workload_file import parse_workload_text, workload_from_dict, workload_to_dict
from tests.app.conftest import ROOT
from ui import imports, inputs, services, state


@pytest.mark.parametrize(
    ("text", "bands"),
    [
        pytest.param("4x425", [{"tasks": 4, "hours_per_month": 425.0}], id="one"),
        pytest.param(
            "4x425, 10X305.5",
            [{"tasks": 4, "hours_per_month": 425.0}, {"tasks": 10, "hours_per_month": 305.5}],
            id="two-spaced-upper",
        ),
    ],
)
def test_bands_text_parses_to_the_file_form(text: str, bands: list[dict]) -> None:
    assert services.parse_bands(text, "services[0].bands") == bands


@pytest.mark.parametrize("text", ["4", "4x", "x425", "4x425;2x10", "-1x5"])
def test_malformed_bands_name_the_field_and_the_format(text: str) -> None:
    with pytest.raises(InvalidWorkload, match=r"services\[2\]\.bands.*TASKSxHOURS"):
        services.parse_bands(text, "services[2].bands")


def test_runs_text_parses_with_optional_peak() -> None:
    assert services.parse_runs("3000x120@4", "r") == {
        "runs_per_month": 3000.0,
        "avg_duration_seconds": 120.0,
        "peak_concurrency": 4,
    }
    assert services.parse_runs("10 x 30s", "r")["peak_concurrency"] == 1


def test_bands_replace_tasks_and_hours_in_the_service_dict() -> None:
    row = {**services.BLANK_ROW, "name": "api", "vcpu": 1.0, "memory_gb": 2.0, "bands": "2x730,4x100"}
    data = services.row_to_service_dict(row, 0)
    assert "tasks" not in data
    assert "hours_per_month" not in data
    assert data["bands"] == [{"tasks": 2, "hours_per_month": 730.0}, {"tasks": 4, "hours_per_month": 100.0}]


def test_default_rows_build_the_cli_default_workload() -> None:
    values = state.defaults()
    built = inputs.workload(values, [dict(r) for r in services.DEFAULT_ROWS])
    cli = workload_from_dict(
        {"region": "us-east-1", "services": [{"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 3}]}
    )
    assert workload_to_dict(built) == workload_to_dict(cli)
    assert built.assumptions == default_assumptions()


def test_no_platform_chosen_is_an_error_not_every_platform() -> None:
    values = {**state.defaults(), "platforms": []}
    with pytest.raises(InvalidWorkload, match="platforms"):
        inputs.workload(values, [dict(r) for r in services.DEFAULT_ROWS])


def test_every_row_round_trips_through_the_url_encoding() -> None:
    rows = [
        dict(services.DEFAULT_ROWS[0]),
        {**services.BLANK_ROW, "name": "a;b=c", "vcpu": 0.25, "memory_gb": 0.5, "bands": "1x10,2x20"},
        {
            **services.BLANK_ROW,
            "name": "job",
            "vcpu": 2.0,
            "memory_gb": 4.0,
            "runs": "3000x120@4",
            "tasks": None,
        },
        {
            **services.BLANK_ROW,
            "name": "gpu",
            "vcpu": 4.0,
            "memory_gb": 16.0,
            "gpu_count": 1,
            "spot_ok": True,
        },
    ]
    for i, row in enumerate(rows):  # a blank cell comes back as its default: the same service
        back = services.decode_row(services.encode_row(row), i)
        assert services.row_to_service_dict(back, i) == services.row_to_service_dict(row, i)


def test_editor_frame_round_trips_rows_as_plain_python_values() -> None:
    rows = [dict(services.DEFAULT_ROWS[0]), {**services.BLANK_ROW, "name": "x", "cpu_util": 0.5}]
    back = services.rows_from_frame(services.services_frame(rows))
    assert back == rows
    assert type(back[0]["tasks"]) is int
    assert type(back[0]["vcpu"]) is float


@pytest.mark.parametrize(
    ("text", "field"),
    [
        pytest.param("vcpu=abc", "svc[0].vcpu", id="number"),
        pytest.param("tasks=2.5", "svc[0].tasks", id="whole"),
        pytest.param("spot_ok=yes", "svc[0].spot_ok", id="bool"),
        pytest.param("cpus=2", "svc[0]", id="unknown-key"),
    ],
)
def test_malformed_url_services_name_the_part(text: str, field: str) -> None:
    with pytest.raises(InvalidWorkload) as err:
        services.decode_row(text, 0)
    assert err.value.field == field


def test_state_writes_only_what_differs_from_the_defaults_and_reads_it_back() -> None:
    values = state.defaults()
    assert state.to_query(values) == {}
    changed = {
        **values,
        "region": "eu-west-1",
        "platforms": ["ecs-fargate"],
        "a_headroom": 0.15,
        "a_savings_plan_1y_discount": 0.3,
        "a_eni_trunking": False,
        "addon_alb_count": 2,
        "show_calc": True,
    }
    query = state.to_query(changed)
    assert query == {
        "region": "eu-west-1",
        "platforms": "ecs-fargate",
        "a_headroom": "0.15",
        "a_savings_plan_1y_discount": "0.3",
        "a_eni_trunking": "0",
        "addon_alb_count": "2",
        "show_calc": "1",
    }
    parsed, problems = state.from_query(query, {"region": ["eu-west-1"]})
    assert problems == []
    assert {**values, **parsed} == changed


def test_state_rejects_bad_url_values_one_line_each() -> None:
    parsed, problems = state.from_query(
        {"platforms": "ecs-fargate,ecs-lambda", "addon_alb_count": "1.5", "a_headroom": "nan", "other": "x"}
    )
    assert parsed == {}
    assert len(problems) == 3
    assert "ecs-lambda not among" in problems[0]


def test_weights_all_zero_raise_an_input_error_naming_weights() -> None:
    values = {**state.defaults(), **{f.key: 0.0 for f in state.FIELDS if f.key.startswith("w_")}}
    with pytest.raises(InvalidWorkload, match=r"^weights:"):
        inputs.weights(values)


def test_ops_effort_only_when_hours_are_given() -> None:
    values = state.defaults()
    assert inputs.ops_effort(values) is None
    ops = inputs.ops_effort({**values, "ops_eks-ec2": 20.0, "a_ops_hourly_usd": 90.0})
    assert ops is not None
    assert ops.hourly_usd == 90.0


def test_workload_file_import_sets_services_and_options() -> None:
    text = (
        "region: eu-west-1\nplatforms: ecs-fargate\ninstance_types: [m7g, c7g.large]\n"
        "services:\n  - {name: api, vcpu: 1, memory_gb: 2, tasks: 4, spot_ok: true}\n"
    )
    imported = imports.import_file("w.yaml", text.encode(), ["eu-west-1"])
    assert imported.values["region"] == "eu-west-1"
    assert imported.values["platforms"] == ["ecs-fargate"]
    assert imported.values["purchases"] == ["on-demand", "spot"]
    assert imported.values["instance_types"] == "m7g, c7g.large"
    rebuilt = inputs.workload({**state.defaults(), **imported.values}, list(imported.rows))
    assert workload_to_dict(rebuilt) == workload_to_dict(parse_workload_text(text))


def test_import_of_an_unknown_region_suggests_close_ones() -> None:
    text = b"region: us-est-1\nservices: [{vcpu: 1, memory_gb: 2}]\n"
    with pytest.raises(UnknownRegion, match="did you mean us-east-1"):
        imports.import_file("w.yaml", text, ["us-east-1", "eu-west-1"])


def test_taskdef_import_gives_one_row_and_notes() -> None:
    content = (ROOT / "deploy" / "ecs-task-definition.json").read_bytes()
    imported = imports.import_file("td.json", content, ["us-east-1"])
    [row] = imported.rows
    assert (row["name"], row["vcpu"], row["memory_gb"], row["tasks"]) == (
        "ecs-advisor-dashboard",
        0.5,
        1.0,
        1,
    )
    assert imported.values == {}
    assert "ECS task definition ecs-advisor-dashboard" in imported.notes[0]


def test_binary_upload_is_an_input_error() -> None:
    with pytest.raises(InvalidWorkload, match="UTF-8"):
        imports.import_file("x.yaml", b"\xff\xfe\x00", ["us-east-1"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"region: us-east-1\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + b"".join(
                b"b%d: &b%d [%s]\n" % (i, i, b", ".join([b"*a" if i == 0 else b"*b%d" % (i - 1)] * 10))
                for i in range(8)
            ),
            "expands to more than 1,000,000 values",
        ),
        (b"region: us-east-1\nservices: [{vcpu: 1, memory_gb: 2, tasks: .nan}]\n", "must be a finite number"),
        (b"region: us-east-1\nservices: [{vcpu: 1, vcpu: 64, memory_gb: 2}]\n", "duplicate key 'vcpu'"),
        ("region: é".encode("latin-1"), "not UTF-8 text"),
    ],
    ids=["billion-laughs", "nan-tasks", "duplicate-key", "latin-1"],
)
def test_issue_15_a_hostile_upload_is_an_invalid_workload(content: bytes, message: str) -> None:
    with pytest.raises(InvalidWorkload, match=message):
        imports.import_file("w.yaml", content, ["us-east-1"])
