"""What is being priced: the workload, its file format, the catalog types and the results.

- `workload`: Workload, Service, bands and runs, the closed sets (Platform, Purchase, Arch, OS);
  `checks`: the field checks they are validated with and `InvalidWorkload`, the error they raise.
- `workload_file`: the YAML/JSON workload file, read and written.
- `prices`: PriceCatalog, Rate, InstanceType and PriceSource — typed, in memory, no loaders.
- `assumptions`: the editable assumptions and the public figures their defaults cite.
- `costs`: LineItem and CostBreakdown, the result every cost model returns.
- `money`: rounding to the cent, the one rule every surface uses.
- `distinct`: one code per distinct row of column arrays (what the batch prices once).

Imports nothing from the rest of `advisor`.
"""
