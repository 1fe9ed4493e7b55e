"""What one imported file gave: services, notes and errors (one line each), and the region
the file names, if any.

Shared by the importers of files that hold several services (Terraform plans, CloudFormation
templates, Compose files), so the CLI reports them all the same way as `import k8s`: a bad
resource is an error naming it, and the others still import.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.model.workload import Service


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Services in file order; notes (skips, assumptions) and errors name where they come from."""

    services: tuple[Service, ...] = ()
    notes: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    region: str | None = None
