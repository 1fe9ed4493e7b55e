"""The CPU and memory spellings ECS task definitions and Kubernetes manifests accept.

ECS (task level), from the RegisterTaskDefinition API reference
(https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html,
read 2026-11): `cpu` is "an integer using CPU units (for example, 1024) or ... a string using
vCPUs (for example, 1 vCPU or 1 vcpu)"; `memory` is "an integer using MiB (for example, 1024)
or ... a string using GB (for example, 1GB or 1 GB)", where ECS counts 1 GB = 1024 MiB
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html).
We also accept the unambiguous `MiB` / `GiB` spellings; anything else (`MB`, `TB`, …) is
rejected rather than guessed.

Kubernetes resource quantities
(https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/, read
2026-11): a number with an optional binary suffix (Ki Mi Gi Ti Pi Ei), decimal suffix
(n u m k M G T P E) or decimal exponent (`1e9`, `5E-3`).
"""

from __future__ import annotations

import math
import re

from advisor.model.checks import InvalidWorkload

CPU_UNITS_PER_VCPU = 1024
"""ECS: "1024 CPU units is the equivalent of 1 vCPU" (task definition parameters, task size)."""

MIB_PER_GIB = 1024
BYTES_PER_GIB = 1024**3

_K8S_SUFFIXES: dict[str, float] = {
    "Ki": 1024.0,
    "Mi": 1024.0**2,
    "Gi": 1024.0**3,
    "Ti": 1024.0**4,
    "Pi": 1024.0**5,
    "Ei": 1024.0**6,
    "n": 1e-9,
    "u": 1e-6,
    "m": 1e-3,
    "": 1.0,
    "k": 1e3,
    "M": 1e6,
    "G": 1e9,
    "T": 1e12,
    "P": 1e15,
    "E": 1e18,
}
_K8S_QUANTITY = re.compile(
    r"^(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))(?:(?P<exponent>[eE][+-]?\d+)|(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$"
)
_ECS_CPU = re.compile(r"^(?P<number>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>vcpus?)?$", re.IGNORECASE)
_ECS_MEMORY = re.compile(r"^(?P<number>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>[a-z]+)?$", re.IGNORECASE)
_ECS_MEMORY_UNITS = {"": 1.0, "mib": 1.0, "gb": float(MIB_PER_GIB), "gib": float(MIB_PER_GIB)}

ECS_CPU_EXPECTED = "expected CPU units (e.g. 1024) or vCPUs (e.g. '1 vCPU', '0.25 vcpu')"
ECS_MEMORY_EXPECTED = "expected MiB (e.g. 2048) or GB (e.g. '2 GB', '0.5GB')"
K8S_EXPECTED = "expected a Kubernetes quantity (e.g. '250m', '0.5', '512Mi', '1G', '1e9')"


def _plain_number(value: object) -> float | None:
    """A JSON/YAML number as float (bools are not numbers), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _not_negative(number: float, path: str, value: object, expected: str) -> float:
    if not math.isfinite(number):
        raise InvalidWorkload(path, value, f"must be a finite number; {expected}")
    if number < 0:
        raise InvalidWorkload(path, value, f"must not be negative; {expected}")
    return number


def ecs_cpu_units(value: object, path: str) -> float:
    """Task-level ECS `cpu` in CPU units: 1024, "1024", "1 vCPU", "0.25 vcpu"."""
    number = _plain_number(value)
    if number is not None:
        return _not_negative(number, path, value, ECS_CPU_EXPECTED)
    text = str(value).strip()
    if text.startswith("-"):
        raise InvalidWorkload(path, value, f"must not be negative; {ECS_CPU_EXPECTED}")
    match = _ECS_CPU.match(text)
    if not match:
        raise InvalidWorkload(path, value, ECS_CPU_EXPECTED)
    units = float(match["number"])
    return units * CPU_UNITS_PER_VCPU if match["unit"] else units


def ecs_memory_mib(value: object, path: str) -> float:
    """Task-level ECS `memory` in MiB: 2048, "2048", "2 GB", "2GB" (ECS: 1 GB = 1024 MiB)."""
    number = _plain_number(value)
    if number is not None:
        return _not_negative(number, path, value, ECS_MEMORY_EXPECTED)
    text = str(value).strip()
    if text.startswith("-"):
        raise InvalidWorkload(path, value, f"must not be negative; {ECS_MEMORY_EXPECTED}")
    match = _ECS_MEMORY.match(text)
    unit = (match["unit"] or "").lower() if match else ""
    if not match or unit not in _ECS_MEMORY_UNITS:
        detail = f"unknown unit {match['unit']!r}; " if match else ""
        raise InvalidWorkload(path, value, f"{detail}{ECS_MEMORY_EXPECTED}")
    return float(match["number"]) * _ECS_MEMORY_UNITS[unit]


def ecs_container_integer(value: object, path: str, unit: str) -> float:
    """A container-level ECS `cpu` (CPU units) or `memory` (MiB): an integer, no unit suffix."""
    number = _plain_number(value)
    if number is None:
        text = str(value).strip()
        try:
            number = float(text)
        except ValueError:
            raise InvalidWorkload(path, value, f"expected a whole number of {unit}") from None
    return _not_negative(number, path, value, f"expected a whole number of {unit}")


def k8s_quantity(value: object, path: str) -> float:
    """A Kubernetes quantity as a plain number (cores for CPU, bytes for memory)."""
    number = _plain_number(value)
    if number is not None:
        return _not_negative(number, path, value, K8S_EXPECTED)
    text = str(value).strip()
    match = _K8S_QUANTITY.match(text)
    if not match:
        raise InvalidWorkload(path, value, K8S_EXPECTED)
    if match["exponent"]:
        # float() of the whole text saturates ('1e999' is inf, rejected below) where
        # 10.0 ** int(...) overflowed or choked on a 5,000-digit exponent.
        number = float(match["number"] + match["exponent"])
    else:
        number = float(match["number"]) * _K8S_SUFFIXES[match["suffix"] or ""]
    return _not_negative(number, path, value, K8S_EXPECTED)


def k8s_cpu_vcpu(value: object, path: str) -> float:
    """A Kubernetes CPU quantity in cores (= vCPU): '250m' → 0.25, '1' → 1, 0.5 → 0.5."""
    return k8s_quantity(value, path)


def k8s_memory_gib(value: object, path: str) -> float:
    """A Kubernetes memory quantity in GiB: '512Mi' → 0.5, '1G' → 0.931…, '1e9' → 0.931….

    A lowercase `m` suffix on memory is valid Kubernetes (milli-bytes) but always a typo for
    `Mi` or `M`; it is rejected with that hint instead of pricing a fraction of a byte.
    """
    text = str(value).strip()
    if isinstance(value, str) and text.endswith("m") and _K8S_QUANTITY.match(text):
        raise InvalidWorkload(path, value, f"'m' means milli-bytes here: did you mean '{text[:-1]}Mi'?")
    return k8s_quantity(value, path) / BYTES_PER_GIB
