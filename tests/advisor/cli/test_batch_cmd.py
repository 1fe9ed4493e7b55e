"""`python -m advisor batch` and `compare-regions`: files, exit codes, golden reports, same bytes.

Golden files live in tests/golden/ and are compared byte for byte; regenerate them on purpose
with `UPDATE_GOLDEN=1 python -m pytest tests/advisor/cli/test_batch_cmd.py`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from advisor.batch.rows import BatchOptions
from advisor.batch.table import price_table
from advisor.cli import main
from advisor.cli.batch_cmd import Progress
from advisor.decision.recommend import compare
from advisor.model.money import cents
from advisor.model.prices import PriceCatalog
from advisor.model.workload_file import assumptions_from_dict, workload_from_dict
from advisor.reporting.csv_writer import CSV_INJECTION_PREFIXES
from advisor.reporting.payload import estimate_payload
from advisor.reporting.report import to_csv_bytes, to_jsonl_bytes
from pricing import load_catalog

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = ROOT / "tests" / "golden"
PORTFOLIO = GOLDEN / "batch_portfolio_input.csv"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"


def batch(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real CLI in a child process (stdin, stdout, stderr and the exit code as users see them)."""
    return subprocess.run(
        [sys.executable, "-m", "advisor", "batch", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        check=False,
    )


def data_lines(report: bytes) -> list[list[str]]:
    text = report.decode("utf-8-sig")
    return list(csv.reader(line for line in io.StringIO(text) if not line.startswith("#")))


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(data)
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 to create it"
    assert data.decode() == path.read_bytes().decode(), f"{name} differs: UPDATE_GOLDEN=1 if intended"


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_the_portfolio_report_matches_its_golden_file(tmp_path: Path, layout: str) -> None:
    out = tmp_path / f"report-{layout}.csv"
    done = batch(str(PORTFOLIO), "-o", str(out), "--layout", layout, "--region", "us-east-1")
    assert done.returncode == 1, done.stderr  # the portfolio has invalid rows on purpose
    assert done.stderr == b""  # no progress bar when stderr is not a terminal
    check_golden(f"batch_portfolio_{layout}.csv", out.read_bytes())


def test_every_input_row_gets_one_output_row_in_order() -> None:
    done = batch(str(PORTFOLIO), "--region", "us-east-1")
    inputs = list(csv.reader(PORTFOLIO.open(encoding="utf-8")))
    header, *rows = data_lines(done.stdout)
    assert header[: len(inputs[0])] == inputs[0]
    assert len(rows) == len(inputs) - 1
    assert [r[0] for r in rows] == [_safe(i[0]) for i in inputs[1:]]
    error = header.index("error")
    failed = [r[error] for r in rows if r[error]]
    assert failed
    assert all(e.startswith("row ") for e in failed)
    assert any("vcpu: 'two' is invalid; must be a number" in e for e in failed)


def _safe(cell: str) -> str:
    import re

    if cell and cell[0] in CSV_INJECTION_PREFIXES and not re.fullmatch(NUMBER, cell):
        return "'" + cell
    return cell


def test_no_cell_of_a_report_can_run_as_a_formula() -> None:
    import re

    for layout in ("wide", "long"):
        done = batch(str(PORTFOLIO), "--region", "us-east-1", "--layout", layout)
        for row in data_lines(done.stdout):
            for cell in row:
                assert not (cell and cell[0] in CSV_INJECTION_PREFIXES) or re.fullmatch(NUMBER, cell), cell
    done = batch(str(PORTFOLIO), "--region", "us-east-1")
    header, *rows = data_lines(done.stdout)
    team = header.index("Team")
    assert [r[team] for r in rows][:3] == [
        '\'=HYPERLINK("http://evil.example","click")',
        "'+platform",
        "'@ops",
    ]
    assert rows[9][0] == "-5"  # a negative number is a number, not neutralized text
    assert rows[10][team] == "'\t=1+2"


def test_the_long_layout_sums_to_the_wide_layout() -> None:
    wide = pd.read_csv(io.BytesIO(batch(str(PORTFOLIO), "--region", "us-east-1").stdout), comment="#")
    long = pd.read_csv(
        io.BytesIO(batch(str(PORTFOLIO), "--region", "us-east-1", "--layout", "long").stdout), comment="#"
    )
    sums = long.dropna(subset=["cost"]).groupby(["row", "platform", "purchase"])["cost"].sum().map(cents)
    for r in range(1, len(wide) + 1):
        for option in [c for c in wide.columns if c.startswith("monthly_")]:
            platform, purchase = option.removeprefix("monthly_").split("_")
            value = wide.loc[r - 1, option]
            if pd.isna(value):
                assert (r, platform, purchase) not in sums.index
            else:
                # a row with 0 tasks costs 0 and has no line items on Fargate
                assert sums.get((r, platform, purchase), 0.0) == pytest.approx(value, abs=0.001)


def test_stdin_to_stdout_gives_the_same_bytes_as_files(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    assert batch(str(PORTFOLIO), "-o", str(out), "--region", "us-east-1").returncode == 1
    piped = batch("-", "-o", "-", "--region", "us-east-1", stdin=PORTFOLIO.read_bytes())
    assert piped.returncode == 1
    assert piped.stdout == out.read_bytes()
    assert piped.stderr == b""


def test_exit_code_0_when_every_row_prices(tmp_path: Path) -> None:
    source = tmp_path / "ok.csv"
    source.write_text("vcpu,memory_gb,tasks\n1,2,3\n0.5,1,1\n")
    done = batch(str(source), "--region", "us-east-1")
    assert done.returncode == 0, done.stderr
    assert len(data_lines(done.stdout)) == 3


def test_issue_15_rows_with_more_or_fewer_fields_are_errors_never_shifted(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        'name,vcpu,memory_gb,tasks\nweb,1,2,3,\napi,1,2\nok,1,2,8\n"a,b",1,2,1\nmany,1,2,3,4,5\n\nlast,0.5,1,1\n'
    )
    done = batch(str(source), "--region", "us-east-1", "--platforms", "ecs-fargate", "--chunk-rows", "2")
    assert done.returncode == 1, done.stderr
    header, *cells = data_lines(done.stdout)
    rows = [dict(zip(header, line, strict=True)) for line in cells]
    assert [r["name"] for r in rows] == ["web", "api", "ok", "a,b", "many", "last"]
    why = "(a stray or missing comma?); not priced"
    assert rows[0]["error"] == f"row 1: has 5 fields but the header has 4 {why}"
    assert rows[1]["error"] == f"row 2: has 3 fields but the header has 4 {why}"
    assert rows[4]["error"].startswith("row 5: has 6 fields but the header has 4")
    assert [r["monthly_ecs-fargate_on-demand"] for r in rows] == ["", "", "288.32", "36.04", "", "18.02"]


def test_issue_15_a_bad_number_fails_only_its_row(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    bad = ["nan", "inf", "1e308", "10000000000000000000", "-inf"]
    source.write_text(
        "name,vcpu,memory_gb,tasks,gpu_count\n"
        + "".join(f"t{i},1,2,{c},0\ng{i},1,2,1,{c}\n" for i, c in enumerate(bad))
        + "good,1,2,2,0\n"
    )
    done = batch(str(source), "--region", "us-east-1", "--platforms", "ecs-fargate")
    assert done.returncode == 1, done.stderr
    header, *cells = data_lines(done.stdout)
    rows = [dict(zip(header, line, strict=True)) for line in cells]
    assert len(rows) == 2 * len(bad) + 1
    assert all(r["error"].startswith(f"row {i}: ") for i, r in enumerate(rows[:-1], start=1))
    assert rows[-1]["monthly_ecs-fargate_on-demand"] == "72.08"
    assert rows[-1]["error"] == ""


def test_a_semicolon_delimited_file_with_decimal_commas_is_read(tmp_path: Path) -> None:
    """The European spreadsheet default: ';' between cells, ',' as the decimal mark."""
    semicolons = tmp_path / "eu.csv"
    semicolons.write_bytes("\ufeffname;vcpu;memory_gb;tasks;Team\nweb;0,5;1;4;a,b\n".encode())
    commas = tmp_path / "us.csv"
    commas.write_text('name,vcpu,memory_gb,tasks,Team\nweb,0.5,1,4,"a,b"\n')
    eu = batch(str(semicolons), "--region", "us-east-1")
    us = batch(str(commas), "--region", "us-east-1")
    assert eu.returncode == us.returncode == 0, eu.stderr
    assert eu.stdout == us.stdout  # 4 × 730 h × (0.5 × $0.04048 + 1 GB × $0.004445) = $72.08
    assert b",72.08," in eu.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        (b"", "the input is empty"),
        (b"name,memory_gb\nweb,2\n", "no 'vcpu' column (it is required)"),
        (b'vcpu,memory_gb\n1,2\n"1,2\n', "not a well-formed CSV table: EOF inside string"),
        (b"vcpu,memory_gb\n\xff\xfe,2\n", "not UTF-8 text"),
        (b'vcpu;memory_gb\n1;2\n"1;2\n', "read as semicolon-delimited (its header has more ';' than ',')"),
    ],
    ids=["missing-file", "empty-file", "no-vcpu-column", "open-quote", "not-utf8", "semicolon-open-quote"],
)
def test_unusable_input_exits_2_with_one_line(tmp_path: Path, content: bytes | None, message: str) -> None:
    source = tmp_path / "in.csv"
    if content is not None:
        source.write_bytes(content)
    done = batch(str(source), "--region", "us-east-1", "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 2
    assert message in done.stderr.decode()
    assert done.stderr.decode().count("\n") == 1
    assert not (tmp_path / "out.csv").exists()  # a file report is written whole or not at all


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--region", "us-esat-1"], "--region 'us-esat-1': not a region of the price catalog; did you mean"),
        (["--platforms", "ecs-fargate,lambda"], "--platforms: 'lambda' is invalid"),
        (["--assume", "headroom=2"], "assumptions.headroom"),
    ],
    ids=["unknown-region", "unknown-platform", "bad-assumption"],
)
def test_bad_options_exit_2(tmp_path: Path, flags: list[str], message: str) -> None:
    done = batch(str(PORTFOLIO), *flags)
    assert done.returncode == 2
    assert message in done.stderr.decode()


def test_a_header_only_file_gives_an_empty_report(tmp_path: Path) -> None:
    source = tmp_path / "header.csv"
    source.write_text("Name,vCPU,Memory GB\n")
    done = batch(str(source), "--region", "us-east-1")
    assert done.returncode == 0
    lines = done.stdout.decode("utf-8-sig").splitlines()
    data = [line for line in lines if not line.startswith("#")]
    assert data[0].startswith("Name,vCPU,Memory GB,monthly_ecs-fargate_on-demand,")
    assert data[0].endswith(",savings_vs_fargate,error,notes")
    assert len(data) == 1
    assert "# rows,0,failed,0" in lines
    assert any(line.startswith("# price_source,embedded snapshot") for line in lines)


def test_the_report_header_states_prices_assumptions_and_the_trailer_totals() -> None:
    lines = batch(str(PORTFOLIO), "--region", "us-east-1").stdout.decode("utf-8-sig").splitlines()
    head = [line for line in lines[:40] if line.startswith("#")]
    assert head[0] == "# ecs-advisor batch report,wide"
    assert any(line.startswith("# price_as_of,") for line in head)
    assert "# assumption,ec2_spot_discount,0.65" in head
    assert "# assumption,savings_plan_1y_discount,not set" in head
    assert any(line.startswith("# total,ecs-fargate/on-demand,monthly,") for line in lines)
    assert any(line.startswith("# region,us-east-1,rows,") for line in lines)
    assert any(line.startswith("# group,shop,us-east-1,rows,2,recommended,") for line in lines)


def test_json_lines_have_meta_one_record_per_row_and_totals() -> None:
    done = batch(str(PORTFOLIO), "--region", "us-east-1", "--format", "json")
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    rows = len(list(csv.reader(PORTFOLIO.open(encoding="utf-8")))) - 1
    assert records[0]["record"] == "meta"
    assert records[-1]["record"] == "totals"
    assert [r["row"] for r in records[1:-1]] == list(range(1, rows + 1))
    assert records[-1]["rows"] == rows
    broken = next(r for r in records[1:-1] if r["name"] == "broken")
    assert broken["error"] == "row 8: vcpu: 'two' is invalid; must be a number"
    assert broken["recommended"] is None
    web = records[1]
    assert (
        web["recommended"]["monthly_cost"]
        == web["monthly_cost"][f"{web['recommended']['platform']}/{web['recommended']['purchase']}"]
    )


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = Progress(stream, enabled=stream.isatty(), total_bytes=1000)
    bar.update(500, 500)
    bar.close()
    assert stream.getvalue().startswith("\r[###############...............]  50% 500 rows")
    assert stream.getvalue().endswith("\n")
    silent = io.StringIO()
    Progress(silent, enabled=silent.isatty(), total_bytes=None).update(5, 5)
    assert silent.getvalue() == ""
    done = batch(str(PORTFOLIO), "--region", "us-east-1", "--progress", "-o", str(tmp_path / "r.csv"))
    assert "rows/s" in done.stderr.decode()


def test_the_output_never_overwrites_the_input(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("vcpu,memory_gb\n1,2\n")
    done = batch(str(source), "-o", str(source), "--region", "us-east-1")
    assert done.returncode == 2
    assert source.read_text() == "vcpu,memory_gb\n1,2\n"


def test_the_dashboard_download_is_the_batch_report_of_the_same_service(
    tmp_path: Path, us_east_1: PriceCatalog
) -> None:
    """app.py calls to_csv_bytes(estimate_payload(...)): the same bytes the CLI writes."""
    workload = workload_from_dict(
        {
            "region": "us-east-1",
            "services": [
                {"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 3, "cpu_util": 0.4, "spot_ok": True}
            ],
        }
    )
    payload = estimate_payload(workload, us_east_1.source, compare(workload, us_east_1))
    source = tmp_path / "web.csv"
    source.write_text(
        "name,region,vcpu,memory_gb,tasks,hours_per_month,storage_gb,arch,os,cpu_util,mem_util,spot_ok\n"
        "web,us-east-1,1,2,3,730,20,x86_64,linux,0.4,,true\n"
    )
    for layout in ("wide",):
        done = batch(str(source), "--region", "us-east-1", "--layout", layout)
        assert done.returncode == 0, done.stderr
        assert to_csv_bytes(payload, layout) == done.stdout
    assert to_jsonl_bytes(payload).decode().count("\n") == 3


def test_to_csv_bytes_of_a_table_is_what_the_cli_streams(tmp_path: Path) -> None:
    frame = pd.read_csv(PORTFOLIO, dtype=str, keep_default_na=False, na_filter=False)
    catalogs: dict[str, PriceCatalog] = {}

    def catalog_for(region: str) -> PriceCatalog:
        return catalogs.setdefault(region, load_catalog("snapshot", region))

    options = BatchOptions(assumptions_from_dict(None), region="us-east-1")
    for layout in ("wide", "long"):
        report = price_table(frame, options, catalog_for, line_items=layout == "long", chunk_rows=3)
        cli = batch(str(PORTFOLIO), "--region", "us-east-1", "--layout", layout, "--chunk-rows", "4")
        assert to_csv_bytes(report, layout) == cli.stdout


# --- compare-regions ------------------------------------------------------------------------------


def test_compare_regions_lists_cheapest_first_and_says_why_a_region_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        [
            "compare-regions",
            "--vcpu",
            "1",
            "--memory-gb",
            "2",
            "--tasks",
            "4",
            "--regions",
            "us-east-1,eu-west-1,ap-southeast-2,af-south-1,mars-1",
            "--platforms",
            "ecs-fargate",
            "--format",
            "json",
        ]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)["regions"]
    priced = [r for r in rows if r["rank"] is not None]
    assert [r["rank"] for r in priced] == list(range(1, len(priced) + 1))
    assert [r["cheapest_monthly_usd"] for r in priced] == sorted(r["cheapest_monthly_usd"] for r in priced)
    assert priced[0]["vs_cheapest_region_usd"] == 0
    lacking = {r["region"]: r["notes"] for r in rows if r["rank"] is None}
    assert "unknown region 'mars-1'" in lacking["mars-1"]
    assert all(note for note in lacking.values())
    assert [r["region"] for r in rows][-len(lacking) :] == sorted(lacking)


def test_compare_regions_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare-regions", "--vcpu", "0.5", "--memory-gb", "1", "--regions", "us-east-1,eu-west-1"]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Prices: embedded snapshot")
    assert out[1].split()[:4] == ["rank", "region", "completeness", "cheapest_option"]
    assert main([*args, "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert frame["region"].tolist()[0] in ("us-east-1", "eu-west-1")
    assert "monthly_ecs-fargate_on-demand" in frame.columns


def test_compare_regions_exits_1_when_no_region_prices(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare-regions", "--vcpu", "1", "--memory-gb", "2", "--regions", "mars-1", "--format", "json"]
    assert main(args) == 1


def test_compare_regions_lists_incomplete_regions_apart_unranked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, us_east_1, without_rates
) -> None:
    # Two regions with the same prices, but one lacks the gp3 rate: it is cheaper only
    # because its root volumes are left out, so it is listed after, unranked.
    catalogs = {
        "us-east-1": without_rates(us_east_1, "ebs_gp3_gb_month"),
        "us-east-2": replace(us_east_1, region="us-east-2"),
    }
    monkeypatch.setattr(
        "advisor.cli.compare_regions_cmd.load_catalog", lambda source, region, **kw: catalogs[region]
    )
    args = ["compare-regions", "--vcpu", "1", "--memory-gb", "2", "--tasks", "20", "--platforms", "ecs-ec2"]
    assert main([*args, "--regions", "us-east-1,us-east-2", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["regions"]
    assert [(r["region"], r["rank"], r["completeness"]) for r in rows] == [
        ("us-east-2", 1, "complete"),
        ("us-east-1", None, "incomplete"),
    ]
    assert rows[1]["cheapest_monthly_usd"] < rows[0]["cheapest_monthly_usd"]
    assert rows[1]["notes"] == "incomplete, no rate here for EBS gp3 root volumes"
    assert rows[1]["vs_cheapest_region_usd"] is None
