#!/usr/bin/env bash
# The README's second command (and CI's): installs what the tests need into ./.venv, plus
# Debian's chromium for the one real-browser test, then runs ruff, mypy and the whole suite.
# Fails when anything fails. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh

ensure_venv requirements-dev.txt
if ! command -v chromium >/dev/null 2>&1; then
    # System-wide, with apt: browser downloads do not work on the machines this project is
    # built on, so the browser test drives Debian's chromium.
    echo "installing Debian's chromium for the browser test" >&2
    apt_install chromium
fi

.venv/bin/python -m ruff check .
.venv/bin/python -m ruff format --check .
.venv/bin/python -m mypy
.venv/bin/python -m pytest -n 2 "$@"
