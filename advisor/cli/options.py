"""The flags `estimate`, `compare-regions` and `batch` share, and the workload they describe.

One home for them, so the commands accept the same spellings and reject bad values with the
same one-line error: the service flags of a single service, the option flags (`--platforms`,
`--purchases`, `--instance-types`, repeatable `--assume KEY=VALUE` and `--addon KEY=VALUE`) and
the price-source flags. Values are parsed by `advisor.model.workload_file`, as a workload
file's are.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from advisor.cli.files import read_input
from advisor.cli.sources import workload_mapping
from advisor.importers.detect import KINDS
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import KubernetesNeed, Platform, Purchase, Workload
from advisor.model.workload_file import SCALAR_SERVICE_KEYS, parse_mapping, workload_from_dict
from pricing import Source

SERVICE_FLAGS = tuple(k for k in SCALAR_SERVICE_KEYS if k not in ("name", "spot_ok", "privileged", "daemon"))
"""Service keys given as `--key-name VALUE` flags (`--spot-ok` is a switch)."""


def key_value(text: str) -> tuple[str, str]:
    """An argparse type: 'KEY=VALUE' → (KEY, VALUE), both stripped."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value.strip()


def add_service_flags(group: argparse._ArgumentGroup) -> None:
    """`--workload FILE`, or one service described by flags (as `estimate` takes them)."""
    group.add_argument("--workload", type=Path, metavar="FILE", help="YAML or JSON workload file")
    group.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help="a workload file or anything `import` reads (task definition, manifest, Terraform plan, "
        "CloudFormation/CDK template, Compose file), kind detected",
    )
    group.add_argument(
        "--from-kind", choices=KINDS, help="the kind of the --from file, when detection is ambiguous"
    )
    group.add_argument(
        "--taskdef", metavar="FILE", help="an ECS task definition (same as --from FILE --from-kind taskdef)"
    )
    group.add_argument("--name", default="service")
    # Numbers are read as text and parsed by the workload file's rules, so a bad value is one
    # line naming the field (`services[0].tasks: ...`), not argparse's usage text.
    group.add_argument("--vcpu", metavar="X")
    group.add_argument("--memory-gb", metavar="X")
    group.add_argument("--tasks", metavar="N")
    group.add_argument("--hours-per-month", metavar="X")
    group.add_argument("--storage-gb", metavar="X")
    group.add_argument("--arch", choices=("x86_64", "arm64", "any"))
    group.add_argument("--os", choices=("linux", "windows"))
    group.add_argument("--cpu-util", metavar="F", help="average CPU use, fraction of the request")
    group.add_argument("--mem-util", metavar="F", help="average memory use, fraction of the request")
    group.add_argument("--spot-ok", action="store_true", help="the service tolerates interruption")
    group.add_argument("--network-mode", choices=("awsvpc", "bridge", "host"))
    group.add_argument("--gpu-count", metavar="N")
    group.add_argument(
        "--accelerator", help="device other than NVIDIA GPUs, e.g. amd, inferentia2 (counted by --gpu-count)"
    )


def add_option_flags(
    group: argparse._ArgumentGroup | argparse.ArgumentParser,
    *,
    workload: bool = True,
    purchases_help: str = "",
    assume_help: str = "override an assumption, e.g. --assume headroom=0.1 (repeatable)",
) -> None:
    """`--platforms`, `--purchases`, `--kubernetes` and repeatable `--assume`; with `workload`,
    also the flags only a whole workload has (`--instance-types`, `--addon`)."""
    if workload:
        group.add_argument("--instance-types", help="comma-separated allow-list of types or families")
    group.add_argument("--platforms", help=f"comma-separated, from {', '.join(p.value for p in Platform)}")
    group.add_argument(
        "--purchases", help=f"comma-separated, from {', '.join(p.value for p in Purchase)}{purchases_help}"
    )
    group.add_argument(
        "--assume", action="append", type=key_value, default=[], metavar="KEY=VALUE", help=assume_help
    )
    group.add_argument(
        "--kubernetes",
        choices=[n.value for n in KubernetesNeed],
        default=None if workload else KubernetesNeed.NOT_NEEDED.value,
        help="whether you need the Kubernetes API (default not-needed: EKS is recommended only "
        "when it costs less than every ECS option)",
    )
    if workload:
        group.add_argument(
            "--addon",
            action="append",
            type=key_value,
            default=[],
            metavar="KEY=VALUE",
            help="add-on, e.g. --addon alb_count=1 --addon public_ipv4=true (repeatable)",
        )


def add_source_flags(group: argparse._ArgumentGroup | argparse.ArgumentParser) -> None:
    """Where prices come from: `--source snapshot|live|auto` and `--refresh`."""
    group.add_argument("--source", choices=[s.value for s in Source], default=Source.SNAPSHOT.value)
    group.add_argument("--refresh", action="store_true", help="ignore the live-price cache")


def workload_from_args(args: argparse.Namespace) -> Workload:
    """The workload the flags describe; option flags given with --workload override the file."""
    data: dict[str, Any]
    sources = [f for f in (args.workload, args.from_file, args.taskdef) if f is not None]
    if len(sources) > 1:
        raise InvalidWorkload("--workload", str(sources[1]), "give one of --workload, --from and --taskdef")
    if args.from_kind and args.from_file is None:
        raise InvalidWorkload("--from-kind", args.from_kind, "goes with --from FILE")
    if sources and (any(getattr(args, flag) is not None for flag in SERVICE_FLAGS) or args.spot_ok):
        raise InvalidWorkload("--workload", str(sources[0]), "give service flags or a file, not both")
    if args.from_file is not None or args.taskdef is not None:
        kind = "taskdef" if args.taskdef is not None else args.from_kind
        data = workload_mapping(args.from_file or args.taskdef, kind, args.region)
    elif args.workload is not None:
        data = parse_mapping(read_input(str(args.workload)), str(args.workload))
    else:
        service: dict[str, Any] = {"name": args.name}
        for flag in SERVICE_FLAGS:
            if getattr(args, flag) is not None:
                service[flag] = getattr(args, flag)
        if args.spot_ok:
            service["spot_ok"] = True
        if "vcpu" not in service:
            raise InvalidWorkload("--vcpu", None, "is required (or give --workload FILE)")
        if "memory_gb" not in service:
            raise InvalidWorkload("--memory-gb", None, "is required (or give --workload FILE)")
        data = {"services": [service]}
    return workload_from_mapping(data, args)


def workload_from_mapping(data: dict[str, Any], args: argparse.Namespace) -> Workload:
    """A workload file's mapping with the option flags (`--region`, `--platforms`, …) applied."""
    if args.region:
        data["region"] = args.region
    if not data.get("region"):
        raise InvalidWorkload("--region", None, "is required")
    for key in ("platforms", "purchases", "instance_types", "kubernetes"):
        if getattr(args, key):
            data[key] = getattr(args, key)
    if args.assume:
        data["assumptions"] = {**(data.get("assumptions") or {}), **dict(args.assume)}
    if args.addon:
        data["addons"] = {**(data.get("addons") or {}), **dict(args.addon)}
    return workload_from_dict(data)
