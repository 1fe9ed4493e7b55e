"""Batch estimates: a spreadsheet of services in, one priced result per input row out.

The pure core of the `batch` command, in the order a chunk of rows goes through it:
- `columns`: the header, its tolerant names and the optional `group` column;
- `validation`: cells checked by the workload file's own validation, once per distinct value;
- `rows`: the options asked for and each row's service;
- `single` and `linear`: single-service rows, priced once per shape and broadcast with numpy;
- `groups`: rows of a group priced together as one workload;
- `advice`: the recommendation of every row at once;
- `results`: what comes back per chunk, and the totals;
- `pricer`: the chunk loop; `table`: a whole table priced in memory;
- `layouts` (wide and long) and `meta` (the `#` header and totals lines): the report's shape.

No file I/O: the CLI reads and writes the files. Imports `advisor.model`, `costing`,
`decision` and `reporting`'s CSV writer.
"""
