"""`python -m advisor estimate`: the JSON contract, the table, bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["estimate", *args])
    out, err = capsys.readouterr()
    return code, out, err


ONE_FARGATE_SERVICE = (
    "--region",
    "us-east-1",
    "--vcpu",
    "1",
    "--memory-gb",
    "2",
    "--platforms",
    "ecs-fargate",
)
"""One 1 vCPU / 2 GB service on ECS on Fargate on-demand: $36.04/month (worked in the JSON test)."""


def test_json_contract_for_one_fargate_service(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *ONE_FARGATE_SERVICE, "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert set(payload) >= {"pricing", "workload", "options", "recommendation", "break_even", "rightsizing"}
    assert set(payload["pricing"]) >= {"source", "as_of", "region"}
    (option,) = payload["options"]
    assert (option["platform"], option["purchase"], option["feasible"]) == ("ecs-fargate", "on-demand", True)
    # 730 h × $0.04048 = $29.55 vCPU + 730 h × 2 GB × $0.004445 = $6.49 memory
    assert option["monthly_cost"] == 36.04
    assert option["capacity"] == {
        "task_vcpu": 1.0,
        "task_memory_gb": 2.0,
        "services": [{"name": "service", "task_vcpu": 1.0, "task_memory_gb": 2.0}],
    }
    assert [set(item) >= {"item", "quantity", "unit", "rate", "cost"} for item in option["line_items"]] == [
        True,
        True,
    ]
    assert round(sum(item["cost"] for item in option["line_items"]), 2) == 36.04
    rec = payload["recommendation"]
    assert (rec["platform"], rec["purchase"], rec["monthly_cost"]) == ("ecs-fargate", "on-demand", 36.04)
    assert rec["reasons"]


def test_ec2_capacity_lists_instances(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "--region",
        "us-east-1",
        "--vcpu",
        "1",
        "--memory-gb",
        "2",
        "--tasks",
        "4",
        "--platforms",
        "ecs-ec2,eks-ec2",
        "--format",
        "json",
    )
    assert code == 0
    options = {o["platform"]: o for o in json.loads(out)["options"]}
    # 4 tasks over 3 AZs (2, 1, 1): an m5a.large ($0.086/h) holds the zone with two, an m7a.medium
    # ($0.05796/h, 1 vCPU) each other zone: 730 × (0.086 + 2 × 0.05796) + 3 × 30 GB × $0.08 = $154.60.
    capacity = options["ecs-ec2"]["capacity"]
    assert capacity["instances"] == [
        {"instance_type": "m5a.large", "count": 1, "tasks_per_instance": 2.0},
        {"instance_type": "m7a.medium", "count": 2, "tasks_per_instance": 1.0},
    ]
    assert capacity["zones"] == [
        [{"instance_type": "m5a.large", "count": 1, "tasks_per_instance": 2.0}],
        [{"instance_type": "m7a.medium", "count": 1, "tasks_per_instance": 1.0}],
        [{"instance_type": "m7a.medium", "count": 1, "tasks_per_instance": 1.0}],
    ]
    assert options["ecs-ec2"]["monthly_cost"] == 154.60
    assert "max_pods" in options["eks-ec2"]["capacity"]


def test_table_is_sorted_cheapest_first_with_source_line_and_recommendation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "--region", "us-east-1", "--vcpu", "1", "--memory-gb", "2", "--tasks", "4")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Prices: embedded snapshot")
    costs = [float(line.split()[3].replace(",", "")) for line in lines[3:7]]
    assert costs == sorted(costs)
    assert any(line.startswith("Recommendation: ") for line in lines)


def test_csv_has_one_row_per_line_item(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *ONE_FARGATE_SERVICE, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["item"].split(",")[0] for r in rows] == ["vCPU-hours", "memory GB-hours"] or len(rows) == 2
    assert round(sum(float(r["cost"]) for r in rows), 2) == 36.04


def test_workload_file_and_overrides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "app.yaml"
    path.write_text("region: eu-west-1\nservices:\n  - {name: web, vcpu: 0.5, memory_gb: 1, tasks: 3}\n")
    code, out, _ = run(capsys, "--workload", str(path), "--platforms", "ecs-fargate", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["pricing"]["region"] == "eu-west-1"
    assert payload["workload"]["services"][0]["name"] == "web"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--region", "us-east-1", "--vcpu", "0", "--memory-gb", "2"], "vcpu"),
        (["--region", "us-east-1", "--vcpu", "-1", "--memory-gb", "2"], "vcpu"),
        (["--region", "us-east-1", "--vcpu", "1", "--memory-gb", "2", "--cpu-util", "1.5"], "cpu_util"),
        (["--region", "us-east-9", "--vcpu", "1", "--memory-gb", "2"], "us-east-9"),
        (["--region", "us-east-1", "--vcpu", "1"], "--memory-gb"),
        (
            ["--region", "us-east-1", "--vcpu", "1", "--memory-gb", "2", "--platforms", "ecs-lambda"],
            "platforms",
        ),
        (["--region", "us-east-1", "--vcpu", "1", "--memory-gb", "2", "--assume", "headroom=2"], "headroom"),
    ],
    ids=[
        "zero-vcpu",
        "negative-vcpu",
        "util-over-1",
        "unknown-region",
        "no-memory",
        "bad-platform",
        "bad-assumption",
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(
    capsys: pytest.CaptureFixture[str], args: list[str], field: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1
    assert field in err


def test_unknown_instance_type_exits_2_with_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "--region", "us-east-1", "--vcpu", "1", "--memory-gb", "2", "--instance-types", "m5.lrage"
    )
    assert code == 2
    assert "unknown instance type 'm5.lrage'; did you mean" in err
    assert "m5.large" in err


@pytest.mark.parametrize(
    ("need", "platforms"),
    [
        ("required", {"eks-ec2", "eks-fargate", "eks-auto-mode"}),
        ("not-needed", {"ecs-ec2", "ecs-fargate", "ecs-managed-instances"}),
    ],
)
def test_kubernetes_need_flag_decides_the_eligible_platforms(
    capsys: pytest.CaptureFixture[str], need: str, platforms: set[str]
) -> None:
    code, out, _ = run(
        capsys,
        *("--region", "us-east-1", "--vcpu", "1", "--memory-gb", "2", "--tasks", "50"),
        *("--kubernetes", need, "--format", "json"),
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["workload"]["kubernetes"] == need
    assert payload["recommendation"]["platform"] in platforms
    assert any(r["code"] == "kubernetes" for r in payload["recommendation"]["reasons"])
    eligible = {r["option"].split("/")[0] for r in payload["ranking"] if r["eligible"]}
    assert eligible <= platforms


def test_kubernetes_key_of_a_workload_file_is_validated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("region: us-east-1\nkubernetes: maybe\nservices: [{vcpu: 1, memory_gb: 2}]\n")
    code, _, err = run(capsys, "--workload", str(path))
    assert code == 2
    assert err.strip() == "error: kubernetes: 'maybe' is invalid; allowed: required, preferred, not-needed"


def test_an_option_missing_a_rate_says_so_in_json_csv_and_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, us_east_1, without_rates
) -> None:
    lacking = without_rates(us_east_1, "ebs_gp3_gb_month")
    monkeypatch.setattr("advisor.cli.estimate_cmd.load_catalog", lambda *a, **k: lacking)
    flags = (
        "--region",
        "us-east-1",
        "--vcpu",
        "1",
        "--memory-gb",
        "2",
        "--tasks",
        "4",
        "--platforms",
        "ecs-ec2,ecs-fargate",
    )
    code, out, _ = run(capsys, *flags, "--format", "json")
    assert code == 0
    options = {o["platform"]: o for o in json.loads(out)["options"]}
    assert (options["ecs-ec2"]["completeness"], options["ecs-ec2"]["missing"]) == (
        "incomplete",
        ["EBS gp3 root volumes"],
    )
    assert (options["ecs-fargate"]["completeness"], options["ecs-fargate"]["missing"]) == ("complete", [])
    assert not any(i["cost"] == 0 for o in options.values() for i in o["line_items"])
    code, out, _ = run(capsys, *flags, "--format", "csv")
    missing = [r for r in csv.DictReader(io.StringIO(out)) if r["confidence"] == "missing"]
    assert [(r["platform"], r["item"], r["cost"]) for r in missing] == [
        ("ecs-ec2", "EBS gp3 root volumes", "")
    ]
    code, out, _ = run(capsys, *flags)
    (ec2_line,) = [line for line in out.splitlines() if line.startswith("ecs-ec2 / on-demand")]
    assert "incomplete, no us-east-1 rate for EBS gp3 root volumes" in ec2_line


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def monthly_costs(out: str) -> list[tuple[str, str, float | None]]:
    return [(o["platform"], o["purchase"], o["monthly_cost"]) for o in json.loads(out)["options"]]


@pytest.mark.parametrize(
    ("kind", "path", "flags"),
    [
        ("taskdef", DEPLOY / "ecs-task-definition.json", ["--taskdef"]),
        ("cloudformation", FIXTURES / "cloudformation" / "shop.yaml", ["--from"]),
        ("compose", FIXTURES / "compose" / "docker-compose.yml", ["--from"]),
        ("terraform", FIXTURES / "terraform" / "plan_shop.json", ["--from-kind", "terraform", "--from"]),
    ],
    ids=["taskdef", "cloudformation", "compose", "terraform"],
)
def test_from_a_file_prices_what_import_writes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, path: Path, flags: list[str]
) -> None:
    workload = tmp_path / "w.yaml"
    assert main(["import", kind, str(path), "-o", str(workload)]) == 0
    capsys.readouterr()
    common = ["--format", "json", "--platforms", "ecs-fargate,ecs-ec2"]
    code, imported, _ = run(capsys, "--workload", str(workload), *common)
    assert code == 0
    code, direct, err = run(capsys, *flags, str(path), *common)
    assert code == 0
    assert monthly_costs(direct) == monthly_costs(imported)
    assert any(cost for _, _, cost in monthly_costs(direct))
    assert err.startswith(f"note: {path}: ") or not err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from-kind", "compose"], "error: --from-kind: 'compose' is invalid; goes with --from FILE"),
        (["--taskdef", "a.json", "--from", "b.yaml"], "give one of --workload, --from and --taskdef"),
        (["--taskdef", "a.json", "--vcpu", "1"], "give service flags or a file, not both"),
    ],
    ids=["kind-alone", "two-files", "file-and-flags"],
)
def test_from_flags_are_checked(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err


def test_from_a_file_with_import_errors_prices_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    compose = tmp_path / "docker-compose.yml"
    compose.write_text("services:\n  web: {mem_limit: 1g}\n  db: {image: postgres:16}\n")
    code, out, err = run(capsys, "--from", str(compose))
    assert (code, out) == (2, "")
    assert f"error: {compose}: services.db.deploy.resources: missing; no memory" in err
    assert err.rstrip().endswith("1 resource(s) could not be imported (above); fix them")


def test_issue_15_csv_neutralizes_formulas_with_the_reports_writer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys,
        *("--region", "us-east-1", "--vcpu", "1", "--memory-gb", "2", "--platforms", "ecs-fargate"),
        *("--name", '=HYPERLINK("http://x","y")', "--format", "csv"),
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["service"] for row in rows} == {'\'=HYPERLINK("http://x","y")'}
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())


FLAG_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(["1e308", "1e-320", "99999999999999999999", "nan", "-0"]),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(vcpu=FLAG_NUMBERS, memory=FLAG_NUMBERS, tasks=FLAG_NUMBERS, nat=FLAG_NUMBERS)
def test_issue_15_any_number_prices_or_is_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], vcpu: str, memory: str, tasks: str, nat: str
) -> None:
    capsys.readouterr()
    flags = ["--region", "us-east-1", "--platforms", "ecs-fargate", "--format", "json"]
    numbers = [
        f"--vcpu={vcpu}",
        f"--memory-gb={memory}",
        f"--tasks={tasks}",
        "--addon",
        f"nat_gb_per_month={nat}",
    ]
    code, out, err = run(capsys, *flags, *numbers)
    assert code in (0, 2)
    if code == 2:
        assert err.startswith("error: ")
        assert err.count("\n") == 1
    else:  # priced, or ruled out with the reason (17 vCPU is beyond every Fargate size)
        option = json.loads(out)["options"][0]
        if option["feasible"]:
            assert option["monthly_cost"] >= 0
        else:
            assert option["monthly_cost"] is None
            assert option["reasons"]


def test_the_managed_platform_ids_price_a_fee_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        *("--region", "us-east-1", "--vcpu", "1", "--memory-gb", "4", "--instance-types", "m5.large"),
        *("--platforms", "ecs-managed-instances,eks-auto-mode", "--assume", "availability_zones=1"),
        *("--assume", "ebs_root_gb=0", "--format", "json"),
    )
    assert code == 0
    options = {o["platform"]: o for o in json.loads(out)["options"]}
    assert set(options) == {"ecs-managed-instances", "eks-auto-mode"}
    for option in options.values():
        fee = next(i for i in option["line_items"] if "management fee" in i["item"])
        assert (fee["quantity"], fee["rate"], fee["cost"], fee["confidence"]) == (
            730,
            0.01152,
            8.41,
            "assumption",
        )
    assert options["ecs-managed-instances"]["monthly_cost"] == 78.49
    assert options["eks-auto-mode"]["monthly_cost"] == 151.49


def test_issue_15_a_size_beyond_fargate_is_ruled_out_with_its_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The example that property test once drew: a valid input, an option that cannot run it.
    flags = ["--region", "us-east-1", "--platforms", "ecs-fargate", "--format", "json"]
    code, out, _ = run(capsys, *flags, "--vcpu=17", "--memory-gb=1", "--tasks=0.0")
    assert code == 0
    (option,) = json.loads(out)["options"]
    assert option["feasible"] is False
    assert option["monthly_cost"] is None
    assert option["reasons"] == ["service: 17 vCPU is above the largest Fargate task size (16 vCPU / 120 GB)"]
