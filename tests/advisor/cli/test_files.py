"""Input files of every command: unreadable, non-UTF-8, hostile or duplicated-key files are
one line naming the file and exit code 2 (issue 15), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.cli import main

LAUGHS = "region: us-east-1\nlol: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The first line of stderr; every line is an `error:` line (import adds "nothing imported")."""
    lines = capsys.readouterr().err.splitlines()
    assert lines
    assert all(line.startswith("error: ") for line in lines)
    return lines[0]


@pytest.mark.parametrize(
    ("command", "content", "message"),
    [
        (["estimate", "--workload"], "region: é".encode("latin-1"), "not UTF-8 text (byte 8 is 0xe9)"),
        (["estimate", "--workload"], "region: x".encode("utf-16"), "not UTF-8 text (byte 0 is 0xff)"),
        (["estimate", "--workload"], LAUGHS.encode(), "expands to more than 1,000,000 values"),
        (["estimate", "--workload"], b"[" * 6000 + b"]" * 6000, "nested deeper than 64 levels"),
        (["import", "k8s"], b"[" * 6000 + b"]" * 6000, "nested deeper than 64 levels"),
        (["import", "k8s"], LAUGHS.encode(), "expands to more than 1,000,000 values"),
        (["import", "taskdef"], b"[" * 6000 + b"]" * 6000, "nested deeper than 64 levels"),
        (["import", "taskdef"], b'{"cpu": "256", "cpu": "4096"}', "duplicate key 'cpu'"),
        (["lint"], b"[" * 6000 + b"]" * 6000, "nested deeper than 64 levels"),
        (["lint"], b"\xff\xfe{\x00}\x00", "not UTF-8 text"),
    ],
    ids=[
        "estimate-latin1",
        "estimate-utf16",
        "estimate-laughs",
        "estimate-deep",
        "k8s-deep",
        "k8s-laughs",
        "taskdef-deep",
        "taskdef-duplicate",
        "lint-deep",
        "lint-utf16",
    ],
)
def test_hostile_input_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], content: bytes, message: str
) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    assert main([*command, str(path)]) == 2
    err = one_error_line(capsys)
    assert str(path) in err
    assert message in err


def test_duplicate_keys_in_a_workload_file_are_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("region: us-east-1\nservices:\n  - {name: web, vcpu: 1, vcpu: 64, memory_gb: 2}\n")
    assert main(["estimate", "--workload", str(path)]) == 2
    assert f"{path}: not valid YAML: duplicate key 'vcpu' at line 3" in one_error_line(capsys)


def test_a_directory_is_not_a_workload_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "--workload", str(tmp_path)]) == 2
    assert f"error: {tmp_path}: cannot be read: Is a directory" in one_error_line(capsys)


def test_an_endless_input_is_refused_at_the_size_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "--workload", "/dev/zero"]) == 2
    assert "error: /dev/zero: larger than the limit of 64 MiB" in one_error_line(capsys)
