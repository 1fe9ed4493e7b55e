"""How results are reported: JSON payloads, CSV, batch reports and charts.

- `payload`: the estimate payload (the JSON contract) and its parts, which the tables reuse.
- `csv_writer`: the one CSV writer (injection-safe text, money to the cent, `#` lines).
- `report`: whole reports as CSV or JSON Lines bytes (CLI and dashboard downloads alike).
- `batch` and `batch_*`: a spreadsheet of services priced row by row (the `batch` command's
  core): columns, validation, per-row options, single-service and grouped pricing, the
  vectorized recommendation, results and totals, the two layouts and the header/trailer.
- `payload_report`: the dashboard's workload written as a batch report.
- `charts`: plotly Figures for the dashboard.
- `catalog_view`: the price catalog as the `prices` command lists it.

No file I/O: the CLI and the dashboard write the bytes these functions return.
"""
