"""AppTest helpers: the dashboard on the embedded snapshot, and its download callables."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TIMEOUT = 120  # compare() prices hundreds of variants for its break-even analyses


class RecordingMediaFileManager(MediaFileManager):
    """Keeps every deferred download callable, so a test can run it as a click would."""

    deferred: dict[str, Callable[[], Any]] = {}  # noqa: RUF012 - reset per test by the fixture

    def add_deferred(self, data_callable: Any, mimetype: Any, coordinates: str, *a: Any, **kw: Any) -> str:
        file_id = super().add_deferred(data_callable, mimetype, coordinates, *a, **kw)
        RecordingMediaFileManager.deferred[file_id] = data_callable
        return file_id


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """file id → the callable the app passed as `st.download_button(data=…)`."""
    RecordingMediaFileManager.deferred = {}
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingMediaFileManager)
    return RecordingMediaFileManager.deferred


@pytest.fixture
def make_app() -> Callable[..., AppTest]:
    """A fresh AppTest of app.py with the snapshot price source forced through the URL."""

    def make(**params: str | list[str]) -> AppTest:
        st.cache_resource.clear()
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.query_params.update({"source": "snapshot", **params})
        return at

    return make


def texts(elements: Any) -> list[str]:
    return [str(e.value) for e in elements]


def metric(at: AppTest, label: str) -> str:
    matches = [m.value for m in at.metric if m.label == label]
    assert matches, f"no metric {label!r}; metrics: {[m.label for m in at.metric]}"
    return str(matches[0])


def submit(at: AppTest) -> AppTest:
    """Press the form's Estimate button and rerun."""
    at.button(key="estimate").click()
    return at.run()
