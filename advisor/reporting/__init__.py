"""How results are reported: JSON payloads, CSV, batch reports and charts.

- `report`: the estimate payload (the JSON contract), option tables and CSV bytes.
- `batch`: a spreadsheet of services priced row by row (the `batch` command's core).
- `charts`: plotly Figures for the dashboard.
- `catalog_view`: the price catalog as the `prices` command lists it.

No file I/O: the CLI and the dashboard write the bytes these functions return.
"""
