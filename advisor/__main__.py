"""`python -m advisor`: the CLI entry point (see `advisor.cli`)."""

import sys

from advisor.cli import main

sys.exit(main())
