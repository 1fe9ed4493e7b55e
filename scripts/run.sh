#!/usr/bin/env bash
# The README's first command: installs the dashboard's packages into ./.venv and starts the
# dashboard on the embedded price snapshot (no AWS account, no network needed once installed).
# Extra arguments go to `streamlit run` (e.g. --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh

ensure_venv requirements.txt
exec .venv/bin/python -m streamlit run app.py --browser.gatherUsageStats false "$@"
