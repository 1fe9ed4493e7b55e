"""Bulk offer files (JSON and CSV): streamed, filtered like the API, same schema as the snapshot."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from price_list_pages import OFFER_FILES

from advisor.model.prices import SourceKind, UnknownRegion
from pricing import load_catalog, load_offer_file
from pricing.normalize import PricingWarning
from pricing.offer_files import OfferFileError, read_offer_file

EC2_JSON = OFFER_FILES / "AmazonEC2_slice.json"
EC2_CSV = OFFER_FILES / "AmazonEC2_filter_cases.csv"
ECS_JSON = OFFER_FILES / "AmazonECS_us-east-1.json"
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", [pytest.param(EC2_JSON, id="json"), pytest.param(EC2_CSV, id="csv")])
def test_both_formats_give_the_same_on_demand_prices(path: Path, recwarn: pytest.WarningsRecorder) -> None:
    us_east_1 = load_offer_file(str(path), "us-east-1")
    tokyo = load_offer_file(str(path), "ap-northeast-1")

    assert {k: r.usd for k, r in us_east_1.ec2_ondemand.items()} == {("m5.large", "linux"): 0.096}
    assert {k: r.usd for k, r in tokyo.ec2_ondemand.items()} == {("c5.xlarge", "windows"): 0.398}
    source = us_east_1.source
    assert source.kind is SourceKind.OFFER_FILE
    assert (source.label, source.as_of) == (
        "AWS Price List bulk offer file AmazonEC2 version 20250912225308",
        "2025-09-12",
    )
    rate = us_east_1.ondemand("m5.large")
    assert (
        rate.source == "AWS Price List bulk offer file AmazonEC2 version 20250912225308, SKU 6C86BEPQVG73ZGGR"
    )
    assert (rate.usage_type, rate.confidence.value, rate.as_of) == ("BoxUsage:m5.large", "high", "2025-09-12")


def test_the_csv_counts_what_it_rejects_and_skips() -> None:
    offer = read_offer_file(str(EC2_CSV), "ap-northeast-1")
    assert offer.meta == {
        "publicationDate": "2025-09-12T22:53:08Z",
        "version": "20250912225308",
        "offerCode": "AmazonEC2",
    }
    assert offer.prices.skipped == 1  # the deliberately damaged price
    assert offer.prices.rejected == {"term": 3, "region": 8}

    with pytest.warns(PricingWarning, match="1 price item"):
        catalog = load_offer_file(str(EC2_CSV), "ap-northeast-1")
    assert "1 price item(s) did not parse and were skipped" in catalog.source.detail


def test_reserved_terms_in_the_json_file_are_never_read() -> None:
    offer = read_offer_file(str(EC2_JSON), "us-east-1")
    assert offer.prices.ec2[("m5.large", "linux")]["usd_per_hour"] == 0.096  # not 0.06 or 0.034 + $294
    assert offer.prices.rejected == {"region": 3}


def test_fargate_offer_file_matches_the_snapshot_rates() -> None:
    """The 2022-11-21 offer file and the snapshot (AWS's 2025-10-27 price file) agree on every
    rate AWS left unchanged; AWS has since lowered the Windows vCPU and memory rates."""
    offer_file = load_offer_file(str(ECS_JSON), "us-east-1")
    snapshot = load_catalog("snapshot", "us-east-1")

    fargate = {key: rate.usd for key, rate in offer_file.rates.items()}
    lowered = {"fargate_windows_vcpu": (0.09148, 0.046552), "fargate_windows_memory": (0.01005, 0.00511175)}
    for key, (in_2022, in_2025) in lowered.items():
        assert (fargate.pop(key), snapshot.rate(key).usd) == (in_2022, in_2025)
    assert fargate == {key: snapshot.rate(key).usd for key in fargate}
    assert set(fargate) | set(lowered) == {
        "fargate_linux_x86_vcpu",
        "fargate_linux_x86_memory",
        "fargate_linux_arm_vcpu",
        "fargate_linux_arm_memory",
        "fargate_windows_vcpu",
        "fargate_windows_os_license",
        "fargate_windows_memory",
        "fargate_ephemeral_storage_over_20gb",
    }
    vcpu = offer_file.rate("fargate_linux_x86_vcpu")
    assert (vcpu.usage_type, vcpu.unit, vcpu.as_of) == (
        "USE1-Fargate-vCPU-Hours:perCPU",
        "vCPU-hour",
        "2022-11-21",
    )


def test_specs_come_from_the_snapshot() -> None:
    catalog = load_offer_file(str(EC2_JSON), "us-east-1")
    assert catalog.instance("m5.large") == load_catalog("snapshot", "us-east-1").instance("m5.large")


def test_a_region_the_file_does_not_mention_is_unknown_with_close_matches() -> None:
    with pytest.raises(UnknownRegion, match=r"did you mean .*us-east-1"):
        load_offer_file(str(EC2_JSON), "us-east-2")


def test_a_region_with_only_rejected_rows_says_so() -> None:
    with pytest.raises(OfferFileError, match="no EC2, Fargate or EKS on-demand price for us-west-2"):
        load_offer_file(str(EC2_JSON), "us-west-2")  # only its Dedicated Host row is in the file


def test_a_truncated_json_file_is_an_offer_file_error(tmp_path: Path) -> None:
    truncated = tmp_path / "index.json"
    truncated.write_bytes(EC2_JSON.read_bytes()[:3000])
    with pytest.raises(OfferFileError, match="not valid JSON"):
        read_offer_file(str(truncated), "us-east-1")


def test_terms_before_products_is_not_the_bulk_layout(tmp_path: Path) -> None:
    data = json.loads(EC2_JSON.read_text())
    reordered = tmp_path / "index.json"
    reordered.write_text(
        json.dumps({"offerCode": "AmazonEC2", "terms": data["terms"], "products": data["products"]})
    )
    with pytest.raises(OfferFileError, match="terms come before products"):
        read_offer_file(str(reordered), "us-east-1")


def test_a_csv_without_the_header_row_is_an_offer_file_error(tmp_path: Path) -> None:
    headless = tmp_path / "index.csv"
    headless.write_text(
        "\n".join(EC2_CSV.read_text().splitlines()[:5] + EC2_CSV.read_text().splitlines()[6:])
    )
    with pytest.raises(OfferFileError, match="no 'SKU"):
        read_offer_file(str(headless), "us-east-1")


@pytest.mark.parametrize(
    ("location", "message"),
    [
        pytest.param("/nonexistent/index.json", "cannot read it", id="missing-file"),
        pytest.param("ftp://example.com/index.json", "only local paths and https URLs", id="not-https"),
    ],
)
def test_unreadable_locations_are_offer_file_errors(location: str, message: str) -> None:
    with pytest.raises(OfferFileError, match=message):
        read_offer_file(location, "us-east-1")


def test_a_json_file_without_products_is_not_an_offer_file(tmp_path: Path) -> None:
    index = tmp_path / "region_index.json"
    index.write_text(
        json.dumps({"formatVersion": "v1.0", "publicationDate": "2025-09-11T18:44:47Z", "regions": []})
    )
    with pytest.raises(OfferFileError, match="holds no products"):
        load_offer_file(str(index), "us-east-1")


def test_an_empty_file_is_an_offer_file_error(tmp_path: Path) -> None:
    empty = tmp_path / "index.json"
    empty.write_bytes(b"")
    with pytest.raises(OfferFileError, match="is empty"):
        read_offer_file(str(empty), "us-east-1")


def big_json(path: Path, copies: int) -> None:
    """The slice with its Dedicated Host product repeated under new SKUs (all rejected)."""
    data = json.loads(EC2_JSON.read_text())
    host = data["products"]["2227U2PX8M4F95R6"]
    host_terms = data["terms"]["OnDemand"]["2227U2PX8M4F95R6"]
    with path.open("w") as out:
        out.write('{"formatVersion":"v1.0","offerCode":"AmazonEC2","version":"20250912225308",')
        out.write('"publicationDate":"2025-09-12T22:53:08Z","products":{')
        out.write(
            ",".join(
                json.dumps(f"HOST{n:012d}") + ":" + json.dumps({**host, "sku": f"HOST{n:012d}"})
                for n in range(copies)
            )
        )
        for sku, product in data["products"].items():
            out.write("," + json.dumps(sku) + ":" + json.dumps(product))
        out.write('},"terms":{"OnDemand":{')
        out.write(",".join(json.dumps(f"HOST{n:012d}") + ":" + json.dumps(host_terms) for n in range(copies)))
        for sku, terms in data["terms"]["OnDemand"].items():
            out.write("," + json.dumps(sku) + ":" + json.dumps(terms))
        out.write("}}}")


def big_csv(path: Path, copies: int) -> None:
    """The filter-case file with its Dedicated Host row repeated (all rejected)."""
    lines = EC2_CSV.read_text().splitlines(keepends=True)
    host = next(line for line in lines if line.startswith('"2227U2PX8M4F95R6"'))
    with path.open("w") as out:
        out.writelines(lines)
        out.writelines(host for _ in range(copies))


# Runs in a fresh interpreter so the high-water mark of its memory measures this parse only.
MEASURE = """
import resource, sys
from pricing.offer_files import read_offer_file
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
offer = read_offer_file(sys.argv[1], "us-east-1")
grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
m5_large = offer.prices.ec2[("m5.large", "linux")]["usd_per_hour"]
print(grown_kib * 1024, m5_large, offer.prices.rejected["region"])
"""


@pytest.mark.parametrize(
    ("writer", "name", "copies"),
    [
        pytest.param(big_json, "index.json", 20_000, id="json"),
        pytest.param(big_csv, "index.csv", 60_000, id="csv"),
    ],
)
def test_a_large_file_is_streamed_in_bounded_memory(
    tmp_path: Path, writer: object, name: str, copies: int
) -> None:
    path = tmp_path / name
    writer(path, copies)  # type: ignore[operator]
    size = path.stat().st_size
    assert size > 18_000_000

    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], cwd=REPO, capture_output=True, text=True, check=True
    )

    grown, m5_large, rejected = result.stdout.split()
    assert float(m5_large) == 0.096
    assert int(rejected) > copies  # every copy, plus the file's own rows of other regions
    # Loading the file whole would take several times its size; streaming grows by a few MB.
    assert int(grown) < size / 4, f"peak memory grew {grown} bytes for a {size}-byte file"


def cli(argv: list[str]) -> int:
    from advisor.cli import main  # imported here: the CLI package pulls in every command

    return main(argv)


def test_cli_reads_an_offer_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli(["prices", "ec2", "--region", "us-east-1", "--offer-file", str(EC2_JSON), "--format", "csv"]) == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["instance_type"], r["ondemand_usd_per_hour"], r["as_of"]) for r in rows] == [
        ("m5.large", "0.096", "2025-09-12")
    ]
    assert rows[0]["source"].startswith("AWS Price List bulk offer file AmazonEC2")


def test_cli_fargate_from_an_offer_file_shows_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli(["prices", "fargate", "--region", "us-east-1", "--offer-file", str(ECS_JSON), "--format", "json"])
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["pricing"]["source"] == "AWS Price List bulk offer file AmazonECS version 20221121182130"
    assert {r["key"]: r["usd"] for r in payload["rows"]}["fargate_linux_x86_vcpu"] == 0.04048


def test_cli_refuses_an_offer_file_with_another_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli(["prices", "ec2", "--region", "us-east-1", "--offer-file", str(EC2_JSON), "--source", "live"])
        == 2
    )
    assert "--offer-file replaces --source" in capsys.readouterr().err


def test_cli_unknown_region_in_an_offer_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["prices", "ec2", "--region", "us-east-2", "--offer-file", str(EC2_JSON)]) == 2
    assert "unknown region 'us-east-2'" in capsys.readouterr().err


def test_issue_15_a_deeply_nested_file_fails_before_the_parsers_see_it(tmp_path: Path) -> None:
    """200 KB of `[[[…` took 7.7 GB in the streaming parsers' key paths; now one line, at once."""
    path = tmp_path / "nested.json"
    path.write_text('{"offerCode": "AmazonEC2", "products": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}")
    with pytest.raises(OfferFileError, match="nested deeper than 512 levels"):
        read_offer_file(str(path), "us-east-1")
