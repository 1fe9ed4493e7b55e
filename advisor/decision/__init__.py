"""What to choose: options ranked by cost and trade-offs, and where the answer flips.

- `recommend`: `compare`, everything the advisor says about a workload in one call.
- `ranking`: options ranked by cost and weighted trade-offs, and the recommendation;
  `reasons`: why it is recommended, in sentences built from templates; `option_names`: what
  users call each platform and purchase option.
- `break_even`: where the cheapest option changes, and the sensitivity series.
- `rightsizing`: smaller requests from measured utilization and what they save.
- `tradeoffs`: the 1–5 scores of each platform per criterion, each with its rationale.

Imports `advisor.model` and `advisor.engine`; reports, the CLI and the dashboard render what it
returns and write none of its wording themselves.
"""
