"""Kubernetes manifests → Services: replicas × pod requests, init/sidecar rule, arch/os, kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.importers.k8s import import_manifest_text, service_from_object
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import OS, Arch, NetworkMode, Service

DAYS_PER_MONTH = 1461 / 48


def _by_name(path: Path) -> dict[str, Service]:
    result = import_manifest_text(path.read_text())
    assert result.errors == ()
    return {service.name: service for service in result.services}


def test_shop_manifest_imports_every_workload_kind(fixtures: Path) -> None:
    result = import_manifest_text((fixtures / "k8s" / "shop.yaml").read_text())
    assert [s.name for s in result.services] == ["web", "cache", "node-agent", "nightly-report"]
    assert result.errors == ()
    skipped = [note for note in result.notes if "skipped" in note]
    assert skipped == [
        "document 1 (Namespace/shop): skipped, kind Namespace is not a workload the advisor prices",
        "document 3 (Service/web): skipped, kind Service is not a workload the advisor prices",
        "document 7 (HorizontalPodAutoscaler/web): skipped, kind HorizontalPodAutoscaler is not a workload "
        "the advisor prices",
    ]


def test_deployment_uses_the_init_and_sidecar_rule(fixtures: Path) -> None:
    web = _by_name(fixtures / "k8s" / "shop.yaml")["web"]
    # app containers 250m + 100m (limits, no requests) + sidecar 50m = 400m;
    # init peak = migrate 500m + the sidecar started before it 50m = 550m → 550m wins.
    # memory: max(1Gi + 64Mi, 512Mi + 128Mi + 64Mi) = 1088Mi.
    assert web.vcpu == pytest.approx(0.55)
    assert web.memory_gib == pytest.approx(1088 / 1024)
    assert web.bands[0].tasks == 3
    assert web.arch is Arch.ARM64


def test_statefulset_with_both_archs_allowed_is_any(fixtures: Path) -> None:
    cache = _by_name(fixtures / "k8s" / "shop.yaml")["cache"]
    assert cache.arch is Arch.ANY
    assert cache.memory_gib == pytest.approx(2e9 / 2**30)  # "2G" is decimal
    assert cache.storage_gb == 30  # ephemeral-storage 30Gi
    assert cache.bands[0].tasks == 2


def test_daemonset_is_per_node_overhead(fixtures: Path) -> None:
    agent = _by_name(fixtures / "k8s" / "shop.yaml")["node-agent"]
    assert (agent.daemon, agent.privileged, agent.network_mode) == (True, True, NetworkMode.HOST)
    assert (agent.vcpu, agent.memory_gib) == (0.2, 0.25)


def test_cronjob_runs_from_schedule_completions_and_annotation(fixtures: Path) -> None:
    report = _by_name(fixtures / "k8s" / "shop.yaml")["nightly-report"]
    runs = report.runs
    assert runs is not None
    assert runs.runs_per_month == pytest.approx(2 * DAYS_PER_MONTH)  # daily × 2 completions
    assert (runs.avg_duration_seconds, runs.peak_concurrency) == (900, 2)
    assert report.bands == ()


def test_job_on_windows_and_gpu_pod(fixtures: Path) -> None:
    result = import_manifest_text((fixtures / "k8s" / "jobs.yaml").read_text())
    backfill, notebook = result.services
    assert backfill.os is OS.WINDOWS
    assert backfill.runs is not None
    assert (backfill.runs.runs_per_month, backfill.runs.peak_concurrency) == (10, 4)
    assert backfill.runs.avg_duration_seconds == 3600
    assert "document 1 (Job/backfill): run duration taken from activeDeadlineSeconds (an upper bound)" in (
        result.notes
    )
    assert (notebook.gpu_count, notebook.vcpu, notebook.memory_gib) == (1, 4.0, 16.0)


def test_job_seconds_argument_prices_jobs_without_annotation(fixtures: Path) -> None:
    text = (fixtures / "k8s" / "bad.yaml").read_text()
    result = import_manifest_text(text, job_seconds=120)
    cron = next(s for s in result.services if s.name == "no-duration")
    assert cron.runs is not None
    assert (cron.runs.avg_duration_seconds, cron.runs.runs_per_month) == (
        120,
        pytest.approx(24 * DAYS_PER_MONTH),
    )


def test_bad_documents_are_reported_and_the_others_still_import(fixtures: Path) -> None:
    result = import_manifest_text((fixtures / "k8s" / "bad.yaml").read_text())
    assert [s.name for s in result.services] == ["ok", "after-the-errors"]
    assert result.errors == (
        "document 2 (Deployment/typo): spec.template.spec.containers[0].resources.requests.cpu: '2 cores' is "
        "invalid; expected a Kubernetes quantity (e.g. '250m', '0.5', '512Mi', '1G', '1e9')",
        "document 3 (Deployment/negative): spec.replicas: -1 is invalid; expected a whole number, 0 or more",
        "document 4 (CronJob/no-duration): metadata.annotations[ecs-advisor/avg-duration-seconds]: "
        "missing; a manifest does not say how long a run takes: add the annotation "
        "ecs-advisor/avg-duration-seconds: '<seconds>' or pass --job-seconds N",
        "document 6: not valid YAML: expected ',' or '}', but got ':' (while parsing a flow mapping) "
        "at line 75 column 5",
    )


def _pod(**spec: object) -> dict[str, object]:
    return {"kind": "Pod", "metadata": {"name": "p"}, "spec": spec}


def _container(**resources: object) -> dict[str, object]:
    return {"name": "c", "image": "c:1", "resources": resources}


@pytest.mark.parametrize(
    ("spec", "arch", "os"),
    [
        pytest.param(
            {"nodeSelector": {"kubernetes.io/arch": "arm64"}}, Arch.ARM64, OS.LINUX, id="selector-arm64"
        ),
        pytest.param(
            {"nodeSelector": {"kubernetes.io/os": "windows"}}, Arch.X86_64, OS.WINDOWS, id="selector-windows"
        ),
        pytest.param({}, Arch.X86_64, OS.LINUX, id="no-constraint-x86-linux"),
        pytest.param(
            {
                "affinity": {
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {
                            "nodeSelectorTerms": [
                                {
                                    "matchExpressions": [
                                        {"key": "kubernetes.io/arch", "operator": "In", "values": ["arm64"]}
                                    ]
                                }
                            ]
                        }
                    }
                }
            },
            Arch.ARM64,
            OS.LINUX,
            id="required-affinity-arm64",
        ),
    ],
)
def test_node_selection(spec: dict[str, object], arch: Arch, os: OS) -> None:
    pod = _pod(containers=[_container(requests={"cpu": "1", "memory": "1Gi"})], **spec)
    service, _ = service_from_object(pod)
    assert (service.arch, service.os) == (arch, os)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        pytest.param(
            {"containers": [_container()]},
            r"^spec\.containers\[\]\.resources\.requests\.cpu: missing; no container requests or limits CPU",
            id="best-effort-pod",
        ),
        pytest.param(
            {"containers": []},
            r"^spec\.containers: \[\] is invalid; expected at least one",
            id="no-containers",
        ),
        pytest.param(
            {"containers": [_container(requests={"cpu": "1", "memory": "-5Mi"})]},
            r"requests\.memory: '-5Mi' is invalid; must not be negative",
            id="negative-memory",
        ),
        pytest.param(
            {
                "containers": [_container(requests={"cpu": "1", "memory": "1Gi"})],
                "nodeSelector": {"kubernetes.io/arch": "s390x"},
            },
            r"expected amd64 or arm64",
            id="unknown-arch",
        ),
    ],
)
def test_bad_pods_name_the_path(spec: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidWorkload, match=message):
        service_from_object(_pod(**spec))


def test_list_kind_imports_its_items() -> None:
    text = """
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: one}
    spec:
      containers: [{name: c, image: c:1, resources: {requests: {cpu: 100m, memory: 64Mi}}}]
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: settings}
"""
    result = import_manifest_text(text)
    assert [s.name for s in result.services] == ["one"]
    assert result.notes == (
        "document 1 items[1] (ConfigMap/settings): skipped, kind ConfigMap is not a workload the "
        "advisor prices",
    )


def test_yaml_is_read_with_safe_load_only() -> None:
    result = import_manifest_text("!!python/object/apply:os.system ['echo pwned']\n")
    assert result.services == ()
    assert len(result.errors) == 1
    assert "could not determine a constructor" in result.errors[0]


def test_document_that_is_not_an_object_is_an_error() -> None:
    result = import_manifest_text("- just\n- a list\n")
    assert result.errors == ("document 1: expected a Kubernetes object with apiVersion and kind",)


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: {replicas}
  template:
    spec:
      containers: [{{name: a, resources: {{requests: {{cpu: '1', memory: 1Gi}}}}}}]
"""
CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, annotations: {ecs-advisor/avg-duration-seconds: '1e308'}}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: a, resources: {requests: {cpu: '1', memory: 1Gi}}}]
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (DEPLOYMENT.format(replicas=10**12), "tasks: 1000000000000 is invalid; must be at most 5,000"),
        (CRONJOB, "avg_duration_seconds: 1e+308 is invalid; must be at most 2,678,400 s"),
    ],
    ids=["replicas", "duration"],
)
def test_issue_15_an_object_estimate_could_not_price_is_an_error_not_written(text: str, message: str) -> None:
    result = import_manifest_text(text)
    assert result.services == ()
    (error,) = result.errors
    assert message in error
