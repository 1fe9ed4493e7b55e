"""The services table of the dashboard: editor rows ↔ workload-file dicts ↔ URL strings.

One row per service, with the workload file's key names as columns (README "Dashboard").
Two text columns hold what a single cell cannot:

- `bands`: usage bands as `TASKSxHOURS`, comma-separated — `4x425,10x305` is 4 tasks for
  425 h/month plus 10 tasks for 305 h/month. When set, it replaces `tasks` × `hours_per_month`.
- `runs`: run-based jobs as `RUNSxSECONDS[@PEAK]` — `3000x120@4` is 3,000 runs a month of
  120 s each, at most 4 at once. When set, it replaces tasks and bands.

Nothing here validates ranges: rows become the workload file's dict form and
`advisor.model.workload_file.workload_from_dict` checks them, so an error names the field exactly
as the CLI would (`services[0].vcpu: …`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, unquote

import numpy as np
import pandas as pd

from advisor.model.checks import InvalidWorkload
from advisor.model.workload import Service
from advisor.model.workload_file import service_to_dict

TEXT_COLUMNS = ("name", "bands", "runs", "arch", "os", "network_mode")
FLOAT_COLUMNS = ("vcpu", "memory_gb", "hours_per_month", "storage_gb", "cpu_util", "mem_util")
INT_COLUMNS = ("tasks", "gpu_count")
BOOL_COLUMNS = ("spot_ok", "privileged", "daemon")

COLUMNS = (
    "name",
    "vcpu",
    "memory_gb",
    "tasks",
    "hours_per_month",
    "bands",
    "storage_gb",
    "arch",
    "os",
    "cpu_util",
    "mem_util",
    "spot_ok",
    "runs",
    "gpu_count",
    "network_mode",
    "privileged",
    "daemon",
)
"""Editor columns, in the URL encoding's order; every one is a workload-file service key."""

KEY_COLUMNS = ("name", "vcpu", "memory_gb", "tasks", "hours_per_month", "spot_ok")
"""What every service needs, shown first so it stays on screen at 1400 px."""

DISPLAY_ORDER = (*KEY_COLUMNS, *(c for c in COLUMNS if c not in KEY_COLUMNS))

LABELS: Mapping[str, str] = {
    "name": "Service",
    "vcpu": "vCPU",
    "memory_gb": "Memory GB",
    "tasks": "Tasks",
    "hours_per_month": "Hours/month",
    "spot_ok": "Spot OK",
    "bands": "Bands",
    "runs": "Runs",
    "storage_gb": "Storage GB",
    "arch": "Arch",
    "os": "OS",
    "cpu_util": "CPU util",
    "mem_util": "Mem util",
    "gpu_count": "GPUs",
    "network_mode": "Network",
    "privileged": "Privileged",
    "daemon": "Daemon",
}
"""Column headers, also used by error messages so they name what the user sees."""

BLANK_ROW: Mapping[str, Any] = {
    "name": None,
    "vcpu": None,
    "memory_gb": None,
    "tasks": 1,
    "hours_per_month": 730.0,
    "bands": None,
    "storage_gb": 20.0,
    "arch": "x86_64",
    "os": "linux",
    "cpu_util": None,
    "mem_util": None,
    "spot_ok": False,
    "runs": None,
    "gpu_count": 0,
    "network_mode": "awsvpc",
    "privileged": False,
    "daemon": False,
}
"""What an empty cell means: the workload file's defaults (a blank vCPU stays an error)."""

DEFAULT_ROWS: tuple[Mapping[str, Any], ...] = (
    {**BLANK_ROW, "name": "web", "vcpu": 1.0, "memory_gb": 2.0, "tasks": 3},
)
"""The example the dashboard opens with: one web service, 3 tasks of 1 vCPU / 2 GB, all month."""

_BAND = re.compile(r"^\s*(\d+)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*$")
_RUNS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*s?\s*(?:@\s*(\d+))?\s*$")


def plain(value: Any) -> Any:
    """A cell as a plain Python value: blanks, NaN and pd.NA → None; numpy scalars unwrapped."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def parse_bands(text: str, path: str) -> list[dict[str, Any]]:
    """`4x425,10x305` → the file's `bands` list."""
    bands = []
    for part in text.split(","):
        match = _BAND.match(part)
        if match is None:
            raise InvalidWorkload(
                path, text, "write bands as TASKSxHOURS, comma-separated, e.g. 4x425,10x305"
            )
        bands.append({"tasks": int(match[1]), "hours_per_month": float(match[2])})
    return bands


def parse_runs(text: str, path: str) -> dict[str, Any]:
    """`3000x120@4` → the file's `runs` mapping (peak concurrency defaults to 1)."""
    match = _RUNS.match(text)
    if match is None:
        raise InvalidWorkload(path, text, "write runs as RUNSxSECONDS or RUNSxSECONDS@PEAK, e.g. 3000x120@4")
    return {
        "runs_per_month": float(match[1]),
        "avg_duration_seconds": float(match[2]),
        "peak_concurrency": int(match[3] or 1),
    }


def _number_text(value: float) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def bands_text(bands: Iterable[Mapping[str, Any]]) -> str:
    return ",".join(f"{int(b['tasks'])}x{_number_text(b['hours_per_month'])}" for b in bands)


def runs_text(runs: Mapping[str, Any]) -> str:
    text = f"{_number_text(runs['runs_per_month'])}x{_number_text(runs['avg_duration_seconds'])}"
    peak = int(runs.get("peak_concurrency", 1))
    return text if peak == 1 else f"{text}@{peak}"


def row_to_service_dict(row: Mapping[str, Any], index: int) -> dict[str, Any]:
    """One editor row → the workload file's service mapping (blank cells left out)."""
    path = f"services[{index}]"
    cells = {key: plain(row.get(key)) for key in COLUMNS}
    out = {key: value for key, value in cells.items() if value is not None}
    runs = out.pop("runs", None)
    bands = out.pop("bands", None)
    if runs is not None:
        out["runs"] = parse_runs(str(runs), f"{path}.runs")
    if runs is not None or bands is not None:
        out.pop("tasks", None)
        out.pop("hours_per_month", None)
    if runs is None and bands is not None:
        out["bands"] = parse_bands(str(bands), f"{path}.bands")
    return out


def service_to_row(service: Service) -> dict[str, Any]:
    """A validated Service (from an uploaded file or task definition) → an editor row."""
    data = service_to_dict(service)
    row = {**BLANK_ROW, **{key: data[key] for key in COLUMNS if key in data}}
    if "bands" in data:
        row.update(tasks=None, hours_per_month=None, bands=bands_text(data["bands"]))
    if "runs" in data:
        row.update(tasks=None, hours_per_month=None, runs=runs_text(data["runs"]))
    return row


def rows_from_frame(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The edited table as plain rows (blank rows the editor added included: they get validated)."""
    return [{key: plain(record.get(key)) for key in COLUMNS} for record in frame.to_dict("records")]


def services_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows → the editor's DataFrame with declared dtypes (nullable numbers, `str` text)."""
    data: dict[str, Any] = {}
    for key in COLUMNS:
        values = [plain(row.get(key, BLANK_ROW[key])) for row in rows]
        if key in FLOAT_COLUMNS:
            data[key] = pd.array(values, dtype="Float64")
        elif key in INT_COLUMNS:
            data[key] = pd.array(values, dtype="Int64")
        elif key in BOOL_COLUMNS:
            data[key] = pd.array([bool(v) for v in values], dtype="bool")
        else:  # blank text cells as "" so the editor shows them empty, not "None"
            data[key] = pd.array(["" if v is None else str(v) for v in values], dtype="str")
    return pd.DataFrame(data, columns=list(COLUMNS))


# --- the URL form: one `svc` query parameter per service ----------------------------------


def encode_row(row: Mapping[str, Any]) -> str:
    """A row as `key=value;key=value` with only the cells that differ from a blank row."""
    parts = []
    for key in COLUMNS:
        value = plain(row.get(key))
        if value is None or value == plain(BLANK_ROW[key]):
            continue  # a blank cell means the default, so links carry no empty parameters
        if isinstance(value, bool):
            text = "1" if value else "0"
        elif isinstance(value, int | float):
            text = _number_text(value)
        else:
            text = quote(str(value), safe=",@.-_ ")
        parts.append(f"{key}={text}")
    return ";".join(parts)


def decode_row(text: str, index: int) -> dict[str, Any]:
    """The inverse of `encode_row`; a malformed part raises InvalidWorkload naming it."""
    path = f"svc[{index}]"
    row = dict(BLANK_ROW)
    given = set()
    for part in filter(None, text.split(";")):
        key, sep, raw = part.partition("=")
        if not sep or key not in COLUMNS:
            raise InvalidWorkload(path, part, f"expected KEY=VALUE with KEY one of {', '.join(COLUMNS)}")
        value = unquote(raw).strip()
        given.add(key)
        if value == "":
            row[key] = None
        elif key in BOOL_COLUMNS:
            if value not in ("0", "1"):
                raise InvalidWorkload(f"{path}.{key}", value, "must be 0 or 1")
            row[key] = value == "1"
        elif key in FLOAT_COLUMNS or key in INT_COLUMNS:
            try:
                number = float(value)
            except ValueError:
                raise InvalidWorkload(f"{path}.{key}", value, "must be a number") from None
            if key in INT_COLUMNS:
                if not number.is_integer():
                    raise InvalidWorkload(f"{path}.{key}", value, "must be a whole number")
                row[key] = int(number)
            else:
                row[key] = number
        else:
            row[key] = value
    if row["bands"] or row["runs"]:  # they replace tasks × hours: blank unless the link says
        row.update({key: row[key] if key in given else None for key in ("tasks", "hours_per_month")})
    return row
