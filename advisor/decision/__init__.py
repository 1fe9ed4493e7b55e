"""What to choose: options ranked by cost and trade-offs, and where the answer flips.

- `recommend`: the comparison of every option, the recommendation and its reasons,
  break-even points, sensitivity series and right-sizing.
- `tradeoffs`: the 1–5 scores of each platform per criterion, each with its rationale.

Imports `advisor.model` and `advisor.engine`; reports, the CLI and the dashboard render what it
returns and write none of its wording themselves.
"""
