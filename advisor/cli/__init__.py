"""The command-line interface: argument parsing and wiring, no pricing logic.

This package is the CLI's edge (it reads files and loads prices through `pricing`), so it is
exempt from the pure-core import rule that the rest of `advisor` follows.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from advisor.cli import (
    batch_cmd,
    compare_regions_cmd,
    diff_cmd,
    discover_cmd,
    estimate_cmd,
    import_cmd,
    lint_cmd,
    prices_cmd,
)
from advisor.model.checks import InvalidWorkload
from advisor.model.prices import PricingError

COMMANDS = (
    prices_cmd,
    estimate_cmd,
    import_cmd,
    diff_cmd,
    lint_cmd,
    discover_cmd,
    batch_cmd,
    compare_regions_cmd,
)

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m advisor",
        description="ECS cost and launch-type advisor: prices ECS on Fargate, ECS on EC2, "
        "EKS on EC2 and EKS on Fargate with real AWS prices.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; domain errors become one line on stderr and exit code 2."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (PricingError, InvalidWorkload) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error of ours; stay quiet.
        sys.stderr.close()
        return 0
