"""Every bound on what the advisor accepts, in one place (the README's "Limits" table).

Each bound keeps a real workload in and a nonsensical or hostile one out: counts stay within
what AWS itself allows (or far beyond any real need), money stays finite, and the slowest
input within the bounds still prices in seconds on a small machine (the packer's work grows
with services × tasks). The workload model (`advisor.model.workload`) checks them on
construction, so the CLI flags, workload files, batch rows, dashboard links and uploads, the
importers and the cache all reject the same values with the same one-line error.
"""

from __future__ import annotations

MAX_TASKS = 5_000
"""Tasks per service (each band, and a run's peak concurrency): ECS's "Tasks per service"
quota (Amazon ECS service quotas, not adjustable)."""
MAX_WORKLOAD_TASKS = 5_000
"""Tasks summed over every band of every service (a run schedule counts its peak concurrency):
the packer's work grows with it (each band is packed on its own)."""
MAX_SERVICES = 20
"""Services in one workload (a batch prices any number of rows, each its own workload): the
several-services packer and the break-even analysis re-pack the whole workload many times."""
MAX_BANDS = 24
"""Autoscaling bands per service: one per hour of the day is already finer than needed."""
MIN_VCPU = 1 / 1024
"""One ECS CPU unit (Kubernetes' smallest, 1m, is just above it)."""
MAX_VCPU = 4096.0
"""Well above the largest EC2 instance (896 vCPUs): larger sizes are typos, not workloads
(sizes no instance holds are still priced as infeasible, with a warning)."""
MIN_MEMORY_GB = 1 / 1024
"""1 MiB."""
MAX_MEMORY_GB = 262_144.0
"""256 TiB, eight times the largest EC2 instance's memory."""
MAX_GPUS = 64
"""GPUs or accelerator devices per task (the largest instance has 16)."""
MAX_RUNS_PER_MONTH = 2_678_400.0
"""One run per second of a 31-day month."""
MAX_RUN_SECONDS = 2_678_400.0
"""One run lasting a whole 31-day month (744 h)."""
MAX_NAME_CHARS = 255
"""A service name: ECS allows 255 characters."""
MAX_INSTANCE_TYPES = 1_000
"""Entries in an instance-type allow-list."""
MAX_ADDON_COUNT = 1_000
"""Load balancers or NAT gateways (AWS's default quotas are 50 ALBs and 5 NAT gateways per AZ)."""
MAX_LCU_PER_HOUR = 100_000.0
"""Average LCUs per load balancer."""
MAX_GB_PER_MONTH = 100_000_000.0
"""NAT-processed or log-ingested GB a month (100 PB)."""
MAX_OPS_HOURLY_USD = 10_000.0
"""Operations effort per hour (TCO)."""
MAX_RESERVED_MEMORY_MIB = 65_536
"""ECS_RESERVED_MEMORY."""
MAX_DISCOVER_DAYS = 455
"""CloudWatch keeps hourly metrics for 455 days (15 months)."""
