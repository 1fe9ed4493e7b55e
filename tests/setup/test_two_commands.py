"""The README's two commands: verbatim in the README, in CI, and working on a clean checkout.

Command 2 (`bash scripts/test.sh`) is what CI runs on a fresh clone, so every CI run proves it
from an empty `.venv`. Command 1 is proven here: `scripts/run.sh` in a copy of the project with
no virtual environment creates one, installs `requirements.txt` and serves the dashboard.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN = "bash scripts/run.sh"
TEST = "bash scripts/test.sh"


def readme_commands() -> list[str]:
    """The commands of the README's 'The two commands' block, comments left out."""
    text = (ROOT / "README.md").read_text()
    block = text.split("## The two commands", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_readme_has_exactly_the_two_commands() -> None:
    assert readme_commands() == [RUN, TEST]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and line[0] != "#"]
    assert lines[-1] == TEST


def run_venv_function(script: str, tmp_path: Path, path: str) -> subprocess.CompletedProcess[str]:
    """Runs a snippet with scripts/venv.sh sourced, in tmp_path, with PATH set to `path`."""
    return subprocess.run(
        ["/bin/bash", "-c", f". {ROOT / 'scripts' / 'venv.sh'}; {script}"],
        cwd=tmp_path,
        env={"PATH": path, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def fake_bin(tmp_path: Path, **programs: str) -> str:
    """A folder of shell stand-ins (name → body) in front of the system's programs."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, body in programs.items():
        path = folder / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    return f"{folder}:/usr/bin:/bin"


def test_without_root_or_sudo_the_venv_step_says_what_to_install(tmp_path: Path) -> None:
    # A Python without ensurepip (Debian before python3-venv), not root, no sudo on PATH.
    path = fake_bin(tmp_path, python3="exit 1", id="echo 1000", sudo="exit 127")
    (tmp_path / "bin" / "sudo").unlink()
    done = run_venv_function("ensure_venv requirements.txt", tmp_path, path)
    assert done.returncode != 0
    assert "installing python3-venv with apt" in done.stderr
    assert "needs root" in done.stderr
    assert "install python3-venv (apt-get install python3-venv)" in done.stderr
    assert not (tmp_path / ".venv").exists()


def test_apt_waits_for_the_dpkg_lock(tmp_path: Path) -> None:
    # apt-get is a stand-in that records its arguments: every call carries the lock timeout.
    log = tmp_path / "apt.log"
    path = fake_bin(tmp_path, id="echo 0", **{"apt-get": f'echo "$@" >> {log}'})
    done = run_venv_function("apt_install chromium", tmp_path, path)
    assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    assert len(calls) == 2
    assert all("-o DPkg::Lock::Timeout=600" in call for call in calls)
    assert calls[1].endswith("install -y -qq chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.skipif(
    os.environ.get("CI") != "true" and os.environ.get("RUN_SETUP_TESTS") != "1",
    reason="installs requirements.txt into a new virtual environment (about a minute): runs in CI "
    "or with RUN_SETUP_TESTS=1",
)
def test_command_one_on_a_checkout_without_venv_serves_the_dashboard(tmp_path: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    checkout = tmp_path / "checkout"
    for name in files:
        if name.startswith(("tests/", "bench/", ".venv/")) or not (ROOT / name).is_file():
            continue
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, checkout / name)
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    server = subprocess.Popen(
        [*RUN.split(), "--server.headless", "true", "--server.port", str(port)],
        cwd=checkout,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 600
        health = ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                    health = answer.read().decode()
                    break
            except OSError:
                time.sleep(1)
        assert health == "ok", server.stderr.read() if server.poll() is not None else "no answer"
        assert (checkout / ".venv" / "bin" / "python").is_file()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
