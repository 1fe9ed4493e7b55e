"""`python -m advisor import {taskdef|k8s|terraform|cloudformation|compose} FILE ...`: a workload
file from what you already have.

Writes the workload file (YAML, or JSON for `-o *.json` / `--format json`) that
`estimate --workload` reads; `estimate --from` and `diff` read the same input files directly,
through the same importers (`advisor.cli.sources`). Notes and errors go to stderr, one line
each, naming the file and the JSON path or YAML document. A file that fails does not stop the
others; the exit code is then 2 (bad input), and 0 when every file imported.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.cli.files import check_output, output_stream, read_input
from advisor.cli.options import key_value
from advisor.cli.sources import (
    DEFAULT_REGION,
    Importer,
    cloudformation_importer,
    compose_importer,
    k8s_importer,
    taskdef_importer,
    terraform_importer,
)
from advisor.importers.capacity import DEFAULT_PEAK_HOURS, check_peak_hours
from advisor.importers.document import render_document, unique_names, workload_document
from advisor.importers.errors import problem
from advisor.importers.k8s import DURATION_ANNOTATION
from advisor.importers.result import ImportResult
from advisor.importers.taskdef import ServiceInfo, parse_json_text, services_from_describe
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import Service

NAME = "import"
EXIT_OK = 0
EXIT_BAD_INPUT = 2


@dataclass(slots=True)
class Outcome:
    """What a run over several input files gave."""

    services: list[Service] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)

    def add(self, name: str, result: ImportResult) -> None:
        """One file's result, its notes and errors prefixed with the file name."""
        self.services += result.services
        self.notes += [f"{name}: {note}" for note in result.notes]
        self.errors += [f"{name}: {error}" for error in result.errors]
        if result.region and result.region not in self.regions:
            self.regions.append(result.region)

    def region(self, flag: str | None) -> str:
        """--region, else the one region the files name (with a note), else the default."""
        if flag:
            return flag
        if len(self.regions) == 1:
            self.notes.append(f"region {self.regions[0]} from the input (--region overrides)")
            return self.regions[0]
        return DEFAULT_REGION


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return "json" if args.output and Path(args.output).suffix.lower() == ".json" else "yaml"


def write_output(text: str, output: str | None) -> None:
    """The workload file to stdout, or to `-o` (see `advisor.cli.files.output_stream`)."""
    if output is None:
        sys.stdout.write(text)
        return
    with output_stream(output) as out:
        out.write(text.encode("utf-8"))


def report(outcome: Outcome, *, region: str, fmt: str, output: str | None, comments: Sequence[str]) -> int:
    """Print notes and errors, write the workload of the services that imported; the exit code."""
    services, renames = unique_names(outcome.services)
    for note in [*outcome.notes, *renames]:
        print(f"note: {note}", file=sys.stderr)
    for error in outcome.errors:
        print(f"error: {error}", file=sys.stderr)
    if not services:
        print("error: nothing imported: no service in the input", file=sys.stderr)
        return EXIT_BAD_INPUT
    document = workload_document(services, region)
    write_output(render_document(document, fmt, comments), output)
    if output is not None:
        print(f"wrote {len(services)} service(s) to {output}", file=sys.stderr)
    return EXIT_BAD_INPUT if outcome.errors else EXIT_OK


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--region", help=f"workload region (default: the one the input names, else {DEFAULT_REGION})"
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write here (.json → JSON) instead of stdout")
    parser.add_argument(
        "--format", choices=("yaml", "json"), help="output format (default from -o, else yaml)"
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="import task definitions, manifests, Terraform, CloudFormation or Compose",
        description=__doc__,
    )
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    taskdef = kinds.add_parser(
        "taskdef",
        help="ECS task definitions (describe-task-definition output or register input)",
        description="ECS task definition JSON (`aws ecs describe-task-definition` output, with or "
        "without the taskDefinition wrapper, or register-task-definition input) → workload file. "
        "Tasks: --desired-count, else the matching service's desiredCount in --services-json, else 1.",
    )
    taskdef.add_argument("files", nargs="+", metavar="FILE", help="task definition JSON ('-' for stdin)")
    taskdef.add_argument("--desired-count", type=int, metavar="N", help="tasks per service (overrides)")
    taskdef.add_argument(
        "--services-json",
        metavar="FILE",
        help="`aws ecs describe-services` output: desired counts, names, Fargate Spot, daemons",
    )
    _common(taskdef)
    taskdef.set_defaults(run=run_taskdef)
    k8s = kinds.add_parser(
        "k8s",
        help="Kubernetes manifests (multi-document YAML)",
        description="Deployments, StatefulSets, ReplicaSets, DaemonSets, Jobs, CronJobs and Pods → "
        "workload file. Other kinds are skipped with a note.",
    )
    k8s.add_argument("files", nargs="+", metavar="FILE", help="manifest YAML ('-' for stdin)")
    k8s.add_argument(
        "--job-seconds",
        type=float,
        metavar="S",
        help=f"average run time of Jobs/CronJobs without the {DURATION_ANNOTATION} annotation",
    )
    _common(k8s)
    k8s.set_defaults(run=run_k8s)
    terraform = kinds.add_parser(
        "terraform",
        help="Terraform plans or state (terraform show -json)",
        description="The JSON of `terraform show -json PLAN` (or of the state): aws_ecs_task_definition, "
        "aws_ecs_service, aws_appautoscaling_target and kubernetes_* resources, modules included. "
        "Values known only after apply are reported, never guessed.",
    )
    terraform.add_argument(
        "files", nargs="+", metavar="PLAN.json", help="terraform show -json output ('-' for stdin)"
    )
    _peak_hours(terraform)
    _common(terraform)
    terraform.set_defaults(run=run_terraform)
    cloudformation = kinds.add_parser(
        "cloudformation",
        help="CloudFormation or CDK-synthesized templates (JSON or YAML)",
        description="AWS::ECS::TaskDefinition, AWS::ECS::Service and ECS scalable targets of a "
        "CloudFormation template (JSON or YAML with !Ref, !Sub, !GetAtt… read by a safe loader), "
        "CDK's cdk.out/*.template.json included. Intrinsics are resolved from parameter defaults "
        "(or --parameter), mappings and conditions; values known only after deploy are named.",
    )
    cloudformation.add_argument(
        "files", nargs="+", metavar="TEMPLATE", help="template .json/.yaml ('-' for stdin)"
    )
    cloudformation.add_argument(
        "--parameter",
        action="append",
        type=key_value,
        default=[],
        metavar="KEY=VALUE",
        help="a template parameter's value (overrides its Default; repeatable)",
    )
    _peak_hours(cloudformation)
    _common(cloudformation)
    cloudformation.set_defaults(run=run_cloudformation)
    compose = kinds.add_parser(
        "compose",
        help="Docker Compose files",
        description="Compose services: deploy.resources reservations (else limits) cpus and memory, "
        "deploy.replicas, deploy.mode global (one task per node: a daemon), platform. Each service "
        "is priced as the one-container ECS task definition it would be.",
    )
    compose.add_argument("files", nargs="+", metavar="COMPOSE.yml", help="Compose file ('-' for stdin)")
    compose.add_argument(
        "--env",
        action="append",
        type=key_value,
        default=[],
        metavar="KEY=VALUE",
        help="a ${VARIABLE}'s value (the environment and .env are not read; repeatable)",
    )
    _common(compose)
    compose.set_defaults(run=run_compose)


def _peak_hours(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--peak-hours",
        type=float,
        default=DEFAULT_PEAK_HOURS,
        metavar="H",
        help=f"hours a month an autoscaled service runs its max capacity, min the rest "
        f"(default {DEFAULT_PEAK_HOURS:g}: business hours, 50 of 168 h a week)",
    )


def _service_infos(path: str | None) -> tuple[ServiceInfo, ...]:
    if path is None:
        return ()
    try:
        return services_from_describe(parse_json_text(read_input(path), path), path)
    except InvalidWorkload as err:
        message = str(err) if err.field == path else f"{path}: {err}"
        raise problem("--services-json", message) from None


def import_files(files: Sequence[str], importer: Importer) -> Outcome:
    """Each file through `importer(text, name)`; a file that fails is an error naming it."""
    outcome = Outcome()
    for name in files:
        try:
            outcome.add(name, importer(read_input(name), name))
        except InvalidWorkload as err:
            outcome.errors.append(str(err) if err.field == name else f"{name}: {err}")
    return outcome


def _finish(args: argparse.Namespace, importer: Importer) -> int:
    if args.output is not None:
        check_output(args.output)
    outcome = import_files(args.files, importer)
    return report(
        outcome,
        region=outcome.region(args.region),
        fmt=output_format(args),
        output=args.output,
        comments=_comments(args.kind, args.files),
    )


def run_taskdef(args: argparse.Namespace) -> int:
    if args.desired_count is not None and args.desired_count < 0:
        raise InvalidWorkload("--desired-count", args.desired_count, "must be 0 or more")
    return _finish(args, taskdef_importer(_service_infos(args.services_json), args.desired_count))


def run_k8s(args: argparse.Namespace) -> int:
    if args.job_seconds is not None and not args.job_seconds > 0:
        raise InvalidWorkload("--job-seconds", args.job_seconds, "must be greater than 0")
    return _finish(args, k8s_importer(args.job_seconds))


def run_terraform(args: argparse.Namespace) -> int:
    return _finish(args, terraform_importer(check_peak_hours(args.peak_hours)))


def run_cloudformation(args: argparse.Namespace) -> int:
    peak_hours = check_peak_hours(args.peak_hours)
    return _finish(args, cloudformation_importer(args.parameter, args.region, peak_hours))


def run_compose(args: argparse.Namespace) -> int:
    return _finish(args, compose_importer(args.env))


def _comments(kind: str, files: Sequence[Any]) -> list[str]:
    return [
        f"Generated by `python -m advisor import {kind}` from: {', '.join(map(str, files))}",
        "Check it, then: python -m advisor estimate --workload THIS_FILE",
    ]
