"""Test helpers for the live sources: recorded pages, sessions with dummy credentials.

Nothing here talks to AWS: pricing and savingsplans clients get botocore `Stubber`s, EC2 runs
under moto, and a session that must not be used raises on its first client.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from pricing.spot_and_savings import SECONDS_1Y, SECONDS_3Y

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PRICE_LIST = FIXTURES / "price_list"
OFFER_FILES = FIXTURES / "offer_files"
FILTER_CASES = OFFER_FILES / "AmazonEC2_filter_cases.csv"
"""Real rows of the AmazonEC2 bulk CSV file, one per on-demand filter (see its README)."""

CREDENTIAL_ENV = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
)


def page(case: str, number: int) -> dict[str, Any]:
    """A recorded GetProducts page with each PriceList entry as the JSON string AWS sends."""
    data = json.loads((PRICE_LIST / case / f"get_products_{number}.json").read_text())
    data["PriceList"] = [json.dumps(item) for item in data["PriceList"]]
    return data


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        lines = handle.readlines()[5:]  # the five preamble rows
    return list(csv.DictReader(lines))


def row_by(sku: str, description: str = "") -> dict[str, str]:
    return next(r for r in csv_rows(FILTER_CASES) if r["SKU"] == sku and description in r["PriceDescription"])


def get_products_params(service_code: str, filters: list[dict[str, str]], token: str | None = None) -> dict:
    params: dict[str, Any] = {
        "ServiceCode": service_code,
        "Filters": filters,
        "FormatVersion": "aws_v1",
        "MaxResults": 100,
    }
    if token:
        params["NextToken"] = token
    return params


def term_match(**fields: str) -> list[dict[str, str]]:
    return [{"Type": "TERM_MATCH", "Field": name, "Value": value} for name, value in fields.items()]


def ec2_filters(region: str, operating_system: str) -> list[dict[str, str]]:
    """The filters the EC2 queries must send (written out here, not taken from the code)."""
    return term_match(
        regionCode=region,
        operatingSystem=operating_system,
        tenancy="Shared",
        preInstalledSw="NA",
        capacitystatus="Used",
        licenseModel="No License required",
    )


def dummy_session() -> boto3.Session:
    return boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )


class ClientsSession:
    """A boto3 Session stand-in that hands out pre-built (stubbed) clients by service name."""

    def __init__(self, clients: dict[str, Any], fallback: boto3.Session | None = None) -> None:
        self.clients = clients
        self.fallback = fallback
        self.requested: list[str] = []

    def client(self, service_name: str, **kwargs: Any) -> Any:
        self.requested.append(service_name)
        if service_name in self.clients:
            return self.clients[service_name]
        if self.fallback is None:
            raise AssertionError(f"unexpected {service_name} client")
        return self.fallback.client(service_name, **kwargs)


class NoCallSession:
    """A session for paths that must answer without calling AWS."""

    def client(self, service_name: str, **kwargs: Any) -> Any:
        raise AssertionError(f"no AWS call expected, got a {service_name} client request")


def clear_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No credential anywhere boto3 looks, and no instance-metadata probe (no network)."""
    for name in CREDENTIAL_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


# A real DescribeInstanceTypes answer, trimmed (../shared/data/fixtures/pricing_api/
# describe_instance_types_t3.micro_p3.16xlarge.json): t3.micro is in the snapshot, p3.16xlarge is not.
T3_MICRO = {
    "InstanceType": "t3.micro",
    "Hypervisor": "nitro",
    "BareMetal": False,
    "BurstablePerformanceSupported": True,
    "VCpuInfo": {"DefaultVCpus": 2},
    "MemoryInfo": {"SizeInMiB": 1024},
    "ProcessorInfo": {"SupportedArchitectures": ["x86_64"]},
    "NetworkInfo": {"MaximumNetworkInterfaces": 2, "Ipv4AddressesPerInterface": 2},
}
P3_16XLARGE = {
    "InstanceType": "p3.16xlarge",
    "Hypervisor": "xen",
    "BareMetal": False,
    "BurstablePerformanceSupported": False,
    "VCpuInfo": {"DefaultVCpus": 64},
    "MemoryInfo": {"SizeInMiB": 499712},
    "ProcessorInfo": {"SupportedArchitectures": ["x86_64"]},
    "GpuInfo": {
        "Gpus": [{"Count": 8, "Name": "V100", "Manufacturer": "NVIDIA", "MemoryInfo": {"SizeInMiB": 16384}}]
    },
    "NetworkInfo": {"MaximumNetworkInterfaces": 8, "Ipv4AddressesPerInterface": 30},
}


# Real Compute Savings Plans, No Upfront rates for c5.xlarge Windows in ap-northeast-1 (1y $0.361,
# 3y $0.31; github jtdelia/ec2-priceit examples/how-to-match-pricing.md). Offering ids are
# placeholders.
def offering_rate(duration: int, rate: str) -> dict[str, Any]:
    term = "1 year" if duration == SECONDS_1Y else "3 year"
    return {
        "savingsPlanOffering": {
            "offeringId": f"00000000-0000-0000-0000-00000000000{1 if duration == SECONDS_1Y else 3}",
            "paymentOption": "No Upfront",
            "planType": "Compute",
            "durationSeconds": duration,
            "currency": "USD",
            "planDescription": f"{term} No Upfront Compute Savings Plan",
        },
        "rate": rate,
        "unit": "Hrs",
        "productType": "EC2",
        "serviceCode": "AmazonEC2",
        "usageType": "APN1-BoxUsage:c5.xlarge",
        "operation": "RunInstances:0002",
        "properties": [
            {"name": "region", "value": "ap-northeast-1"},
            {"name": "instanceType", "value": "c5.xlarge"},
            {"name": "instanceFamily", "value": "c5"},
            {"name": "productDescription", "value": "Windows"},
            {"name": "tenancy", "value": "shared"},
        ],
    }


SP_EC2_PARAMS = {
    "savingsPlanTypes": ["Compute"],
    "savingsPlanPaymentOptions": ["No Upfront"],
    "maxResults": 1000,
    "products": ["EC2"],
    "serviceCodes": ["AmazonEC2"],
    "filters": [
        {"name": "region", "values": ["ap-northeast-1"]},
        {"name": "tenancy", "values": ["shared"]},
        {"name": "productDescription", "values": ["Linux/UNIX", "Windows"]},
    ],
}
SP_FARGATE_PARAMS = {
    "savingsPlanTypes": ["Compute"],
    "savingsPlanPaymentOptions": ["No Upfront"],
    "maxResults": 1000,
    "products": ["Fargate"],
    "serviceCodes": ["AmazonECS"],
    "filters": [{"name": "region", "values": ["ap-northeast-1"]}],
}


def queue_savings_plans(stubber: Stubber) -> None:
    stubber.add_response(
        "describe_savings_plans_offering_rates",
        {"searchResults": [offering_rate(SECONDS_1Y, "0.361")], "nextToken": "sp-2"},
        SP_EC2_PARAMS,
    )
    stubber.add_response(
        "describe_savings_plans_offering_rates",
        {"searchResults": [offering_rate(SECONDS_3Y, "0.31")]},
        {**SP_EC2_PARAMS, "nextToken": "sp-2"},
    )
    stubber.add_response("describe_savings_plans_offering_rates", {"searchResults": []}, SP_FARGATE_PARAMS)
