"""How each platform is priced: pure functions of a workload and a price catalog.

- `fargate`: ECS and EKS on Fargate (rule-outs, EKS control plane, add-ons);
  `fargate_service`: one service's line items (per-run minimum, rounding, storage, Windows
  licence) and the flavour arch 'any' is priced on; `fargate_sizes`: the valid task sizes and
  limits it rounds to.
- `fleet`: the EC2 fleet behind ECS and EKS on EC2, priced over the month; it takes each
  pool's usable types and their capacity from `node_types`, the month's steps and the
  Availability Zone split from `timeline`, and the cheapest packing of tasks onto types from
  `packing` (one kind of task exactly by the minimum-cost cover in `covers`, several kinds
  exactly by `mix_cover` within its bounds and by the `greedy` fleets beyond; the tasks, types,
  nodes and candidate table it works on are in `bins`);
  `eni_trunking` holds the ECS per-type ENI limits with trunking on.
- `ecs_ec2`, `eks`: the two EC2-backed platforms on that fleet (EKS adds its control plane).
- `addons`: load balancers, NAT gateways, public IPv4 and logs; a rate the catalog lacks is
  named as missing (the option is then incomplete), never priced at $0.
- `purchase`: on-demand, Spot and Savings Plans rates.
- `ec2_rows`: the EC2 options of many single-service batch rows at once (vectorized).

Imports `advisor.model` only; `advisor.engine` picks the model for an option.
"""
