"""Importers: turn what architects already have into workload services, and lint it.

- `taskdef`: ECS task definitions (`describe-task-definition` output or
  `register-task-definition` input) plus `describe-services` → `Service`.
- `k8s`: Kubernetes manifests (multi-document YAML) → `Service`s; `k8s_pod`: what one pod
  spec requests and which nodes (arch, OS) it may run on.
- `terraform`: `terraform show -json` plans and state → `Service`s (`terraform_plan` reads the
  JSON format), through `ecs_app`, which feeds ECS resources of infrastructure code to
  `taskdef`, and `capacity` (Fargate Spot shares, autoscaling bands).
- `cloudformation`: CloudFormation and CDK-synthesized templates → `Service`s through `ecs_app`;
  `cfn_template` reads them (short tags, no aliases) and resolves the intrinsics it can.
- `compose`: Docker Compose files → one-container task definitions → `taskdef`.
- `detect`: which of these (or a workload file) a file is, for `estimate --from` and `diff`.
- `lint`: best-practice findings for ECS task definitions.
- `units`: the CPU / memory spellings ECS and Kubernetes accept.
- `document`: the workload file the importers write (the format of `advisor.model.workload_file`).

Pure functions over parsed data: no file, network or AWS access (the CLI and `discovery.account`
do the I/O). Bad input raises `InvalidWorkload` whose field is the JSON path or YAML location.
"""
