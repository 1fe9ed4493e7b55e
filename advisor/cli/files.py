"""The commands' files: reading inputs (bounded, UTF-8) and writing reports (`-o`).

Every command that reads a workload, manifest, task definition or plan reads it here, so a
directory, an endless stream (`/dev/zero`), a binary or Latin-1 file fail the same way with
exit code 2 instead of a traceback or a hang; and every `-o` is written here, so a folder, a
missing folder or an empty name is one line too, and a device or symlink is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from advisor.model.checks import InvalidWorkload
from advisor.model.safe_load import MAX_JSON_CHARS, InvalidDocument, decode_text


def _read_bounded(handle: IO[bytes], name: str) -> bytes:
    data = handle.read(MAX_JSON_CHARS + 1)
    if len(data) > MAX_JSON_CHARS:
        raise InvalidDocument(name, f"larger than the limit of {MAX_JSON_CHARS // 1024 // 1024} MiB")
    return data


def read_input(name: str) -> str:
    """A file's text (`-` is stdin), at most `MAX_JSON_CHARS` bytes of UTF-8; InvalidDocument
    naming the file otherwise."""
    if name == "-":
        return decode_text(_read_bounded(sys.stdin.buffer, "-"), "-")
    try:
        with open(name, "rb") as handle:
            data = _read_bounded(handle, name)
    except OSError as err:
        raise InvalidDocument(name, f"cannot be read: {err.strerror or err}") from err
    return decode_text(data, name)


def check_output(path: str) -> None:
    """Fail fast, before any work, on an output path that cannot be written (`-` is stdout)."""
    _output_target(path)


def _output_target(path: str) -> tuple[Path, os.stat_result | None]:
    """The file a report replaces (a symlink's target) and its stat, or the special file
    (device, FIFO) to write through, with its stat; InvalidWorkload naming `-o` otherwise."""
    if not path.strip():
        raise InvalidWorkload("-o", path, "must name a file ('-' for stdout)")
    try:
        status = os.stat(path)  # follows symlinks: /dev/stdout, a link to a report
    except FileNotFoundError:
        status = None
    except OSError as err:
        raise InvalidWorkload("-o", path, f"cannot be written: {err.strerror}") from err
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise InvalidWorkload("-o", path, "is a folder; name a file in it")
    if status is not None and not stat.S_ISREG(status.st_mode):
        return Path(path), status  # a device or pipe: written through, never replaced
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise InvalidWorkload("-o", path, f"the folder {target.parent} does not exist")
    return target, status


@contextlib.contextmanager
def output_stream(path: str) -> Iterator[IO[bytes]]:
    """Where a command writes its report: stdout for `-`; a device or pipe (`/dev/stdout`,
    `>(cmd)`) written through; otherwise a regular file written whole or not at all (a
    temporary file beside it, renamed over it at the end; a symlink keeps pointing at the
    new file). New files get the usual permissions (0666 less the umask), a replaced file
    keeps its own."""
    if path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target, status = _output_target(path)
    if status is not None and not stat.S_ISREG(status.st_mode):
        try:
            handle = open(target, "wb")  # noqa: SIM115 - closed below, errors translated
        except OSError as err:
            raise InvalidWorkload("-o", path, f"cannot be written: {err.strerror}") from err
        with handle:
            yield handle
        return
    temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    except OSError as err:
        raise InvalidWorkload("-o", path, f"cannot be written: {err.strerror}") from err
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        if status is not None:
            os.chmod(temporary, stat.S_IMODE(status.st_mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
