"""The pure core of ecs-advisor: workloads in, priced options and a recommendation out.

Read it by the question you have; each subpackage opens with what lives there:

- `advisor.model` — what is being priced: the workload, its file format, the price catalog
  types, assumptions, cost results and money rounding.
- `advisor.costing` — how each platform is priced: Fargate, the EC2 fleet and its packing,
  EKS, add-ons and purchase options. `advisor.engine` dispatches one option to its model.
- `advisor.decision` — what to choose: ranking, trade-offs, break-even, right-sizing.
- `advisor.reporting` — how it is reported: JSON payloads, CSV, charts.
- `advisor.batch` — a spreadsheet of services priced row by row (the `batch` command).
- `advisor.importers` — task definitions, Kubernetes manifests, Terraform plans and Compose
  files turned into workloads.
- `advisor.cli` — the command line (the one edge inside `advisor`: it loads prices through
  `pricing`).

Import direction: `pricing` and `discovery` (AWS and files) → `advisor.model` → `costing` →
`decision` → `reporting` and `batch` → `cli`, `app.py` and `ui`. Nothing here but `cli` imports boto3,
botocore, streamlit or network code (a test scans the imports).
"""
