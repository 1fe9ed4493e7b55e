"""The pure core imports no AWS SDK, UI or network code (an AST scan of advisor/*.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ADVISOR = Path(__file__).resolve().parents[2] / "advisor"
FORBIDDEN = ("boto3", "botocore", "streamlit", "requests", "urllib", "http", "socket", "pricing")
# The CLI package and __main__ are the command line's edge: they load prices through `pricing`.
EDGE = {"__main__.py"}


def core_modules() -> list[Path]:
    return sorted(p for p in ADVISOR.rglob("*.py") if p.name not in EDGE and "cli" not in p.parts)


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(ADVISOR)))
def test_core_module_imports_nothing_forbidden(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
