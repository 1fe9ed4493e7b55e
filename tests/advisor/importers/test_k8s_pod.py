"""A pod spec's requests: the sum of app containers and sidecars, the init peak, limits, overhead."""

from __future__ import annotations

import pytest

from advisor.importers.k8s_pod import pod_resources


def _container(**resources: object) -> dict[str, object]:
    return {"name": "c", "image": "c:1", "resources": resources}


@pytest.mark.parametrize(
    ("spec", "vcpu", "memory_gib"),
    [
        pytest.param(
            {"containers": [_container(requests={"cpu": "250m", "memory": "256Mi"})] * 2},
            0.5,
            0.5,
            id="sum-of-app-containers",
        ),
        pytest.param(
            {
                "initContainers": [_container(requests={"cpu": "2", "memory": "64Mi"})],
                "containers": [_container(requests={"cpu": "500m", "memory": "1Gi"})],
            },
            2.0,
            1.0,
            id="init-cpu-wins-app-memory-wins",
        ),
        pytest.param(
            {"containers": [_container(limits={"cpu": "1", "memory": "1Gi"})]},
            1.0,
            1.0,
            id="limits-when-requests-missing",
        ),
        pytest.param(
            {
                "containers": [_container(requests={"cpu": "1", "memory": "1Gi"})],
                "overhead": {"cpu": "250m", "memory": "120Mi"},
            },
            1.25,
            1 + 120 / 1024,
            id="pod-overhead-added",
        ),
    ],
)
def test_pod_request_rules(spec: dict[str, object], vcpu: float, memory_gib: float) -> None:
    got_vcpu, got_memory, _, _ = pod_resources(spec)
    assert (got_vcpu, got_memory) == (pytest.approx(vcpu), pytest.approx(memory_gib))
