"""Input files of every command: unreadable, non-UTF-8, hostile or duplicated-key files are
one line naming the file and exit code 2 (issue 15), never a traceback."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.cli.files import output_stream

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


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "must name a file ('-' for stdout)"),
        ("{tmp}", "is a folder; name a file in it"),
        ("{tmp}/missing/out.csv", "the folder {tmp}/missing does not exist"),
    ],
    ids=["empty", "folder", "missing-folder"],
)
@pytest.mark.parametrize("command", ["batch", "import"])
def test_issue_15_unusable_output_path_is_one_line_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str, command: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("vcpu,memory_gb\n1,2\n")
    output = name.format(tmp=tmp_path)
    if command == "batch":
        args = ["batch", str(source), "--region", "us-east-1", "-o", output]
    else:
        args = ["import", "taskdef", "deploy/ecs-task-definition.json", "-o", output]
    assert main(args) == 2
    assert one_error_line(capsys) == f"error: -o: {output!r} is invalid; {message.format(tmp=tmp_path)}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]  # no temporary file left


def test_issue_15_a_symlinked_report_is_written_through_the_link(tmp_path: Path) -> None:
    (tmp_path / "link.csv").symlink_to("real.csv")
    with output_stream(str(tmp_path / "link.csv")) as out:
        out.write(b"report\n")
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "real.csv").read_bytes() == b"report\n"


def test_issue_15_a_pipe_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    with output_stream(str(fifo)) as out:
        out.write(b"report\n")
    reader.join(timeout=10)
    assert received == [b"report\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_issue_15_new_reports_respect_the_umask_and_replaced_ones_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        with output_stream(str(tmp_path / "new.csv")) as out:
            out.write(b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.csv").st_mode) == 0o640
    existing = tmp_path / "shared.csv"
    existing.write_bytes(b"old")
    existing.chmod(0o664)
    with output_stream(str(existing)) as out:
        out.write(b"new")
    assert existing.read_bytes() == b"new"
    assert stat.S_IMODE(existing.stat().st_mode) == 0o664


def test_a_failed_report_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    existing = tmp_path / "report.csv"
    existing.write_bytes(b"old")

    def fail_half_way() -> None:
        with output_stream(str(existing)) as out:
            out.write(b"half")
            raise RuntimeError("pricing failed")

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert existing.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]
