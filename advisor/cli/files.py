"""Reading the commands' input files: bounded, UTF-8, and every failure one line naming the file.

Every command that reads a workload, manifest, task definition or plan reads it here, so a
directory, an endless stream (`/dev/zero`), a binary or Latin-1 file fail the same way with
exit code 2 instead of a traceback or a hang.
"""

from __future__ import annotations

import sys
from typing import IO

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
