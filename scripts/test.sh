#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian machine with
# Python 3.11, then runs the linters and the whole test suite. Fails when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
if ! command -v chromium >/dev/null 2>&1; then
    # The one real-browser test drives Debian's chromium (browser downloads do not work here).
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
fi

python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy
python3 -m pytest -n 2 "$@"
