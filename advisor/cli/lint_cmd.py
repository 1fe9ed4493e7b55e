"""`python -m advisor lint FILE ...`: best-practice findings for ECS task definitions.

Exit codes (for CI): 0 no error-severity finding; 1 at least one error finding; 2 a file could
not be read or is not a task definition (the other files are still linted and reported).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from advisor.cli.files import read_input
from advisor.cli.output import render_json, render_table
from advisor.importers.lint import RULES, Finding, has_errors, lint_taskdef
from advisor.importers.taskdef import parse_json_text
from advisor.model.checks import InvalidWorkload

NAME = "lint"
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
COLUMNS = ("severity", "rule", "path", "message", "fix")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME, help="lint ECS task definitions against AWS/Docker best practices", description=__doc__
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="task definition JSON ('-' for stdin)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(run=run)


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "path": finding.path,
        "message": finding.message,
        "fix": finding.fix,
        "source": RULES[finding.rule].source,
    }


def lint_file(name: str) -> tuple[tuple[Finding, ...], str | None]:
    """(findings, None), or ((), the error line) when the file can't be linted."""
    try:
        return lint_taskdef(parse_json_text(read_input(name), name)), None
    except InvalidWorkload as err:
        return (), str(err) if err.field == name else f"{name}: {err}"


def run(args: argparse.Namespace) -> int:
    results = [(name, *lint_file(name)) for name in args.files]
    counts = Counter(f.severity.value for _, findings, _ in results for f in findings)
    failed = [error for _, _, error in results if error]
    if args.format == "json":
        payload = {
            "files": [
                {"file": name, "error": error, "findings": [finding_dict(f) for f in findings]}
                for name, findings, error in results
            ],
            "summary": {
                "error": counts["error"],
                "warning": counts["warning"],
                "info": counts["info"],
                "unreadable": len(failed),
            },
        }
        sys.stdout.write(render_json(payload))
    else:
        for name, findings, error in results:
            if error:
                continue
            print(f"{name}: {len(findings)} finding(s)")
            if findings:
                rows = [finding_dict(f) for f in findings]
                print(render_table(rows, COLUMNS, max_width=90))
            print()
        print(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info")
    for error in failed:
        print(f"error: {error}", file=sys.stderr)
    if failed:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if any(has_errors(findings) for _, findings, _ in results) else EXIT_OK
