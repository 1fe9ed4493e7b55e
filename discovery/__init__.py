"""Account discovery: what runs in an AWS account today, read through boto3.

`account` lists ECS clusters and services, reads their task definitions and CloudWatch
utilization, and turns them into a workload (the `discover` command). An adapter like
`pricing`: the pure core never imports it.
"""
