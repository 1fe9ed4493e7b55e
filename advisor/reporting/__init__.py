"""How results are reported: JSON payloads, CSV, batch reports and charts.

- `payload`: the estimate payload (the JSON contract) and its parts, which the tables reuse.
- `csv_writer`: the one CSV writer (injection-safe text, money to the cent, `#` lines).
- `report`: whole reports as CSV or JSON Lines bytes (CLI and dashboard downloads alike).
- `payload_report`: the dashboard's workload written as a batch report.
- `charts`: plotly Figures for the dashboard.
- `catalog_view`: the price catalog as the `prices` command lists it.

No file I/O: the CLI and the dashboard write the bytes these functions return.
"""
